/**
 * Read-only classification report for admins who want no chat:
 *   npm run verify -- (--sku <skuPartNumber|skuId> [--sku …] | --profile <number|key>) --group <name|id>
 *                     [--format table|csv|json] [--pretty]
 * Exit codes: 0 success, 2 bad arguments or configuration, 1 Graph failure or internal error (worded as such).
 * Output is written while users are read, one SKU after another (a million users stream through in bounded memory).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { componentOptions } from '../components';
import { createLicensingGraph } from '../graph';
import type { LicensingGraph } from '../graph/licensingGraph';
import { GraphRequestError, type GroupInfo, type Sku } from '../graph/types';
import { isGuid } from '../common/ids';
import { readRetry } from '../migration/readRetry';
import { classifyPages } from '../migration/scope';
import { processingComplete } from '../migration/groupGate';
import { USER_CLASSES } from '../migration/types';
import type { Coverage } from '../migration/coverage';
import type { ProfileLicense } from '../migration/profiles';
import { errorMessage } from '../common/errorMessage';
import { countProfiles, type CountedProfile } from './profileCounts';
import { FORMATS, profileProducts, reportFrame, sectionFormatter, type Format, type SectionPlace, type VerifyUser } from './verifyFormat';

const USAGE =
  'usage: npm run verify -- (--sku <skuPartNumber|skuId> [--sku …] | --profile <number|key>) --group <name|id> ' +
  '[--format table|csv|json] [--pretty]';

class UsageError extends Error {}

/**
 * The stable JSON contract of `npm run verify -- --format json` for one SKU. One --sku prints exactly this object.
 * Several --sku print `{ "skus": [VerifyOutput, …] }` in the order given; --profile prints
 * `{ "profile": VerifyProfile, "skus": [VerifyOutput, …] }` in the profile's order, even for a profile of one SKU,
 * so a script's parsing depends on the options it passes, never on the tenant. A SKU's report of more than 10,000
 * users has its `summary` after its `users` (same keys).
 */
export interface VerifyOutput {
  sku: { skuId: string; skuPartNumber: string };
  group: { id: string; displayName: string; processingState: string | null };
  summary: Record<(typeof USER_CLASSES)[number], number>;
  /** missingPlans: plans the user would lose (planMismatch); gainedPlans: plans they would gain (planGain). */
  users: { id: string; userPrincipalName: string; class: string; error: string | null; missingPlans: string[]; gainedPlans: string[] }[];
}

/**
 * The profile --profile chose: numbered as the `plan` command numbers them (1 = most users, `of` profiles in all),
 * `users` hold exactly this license set directly. Each SKU's report still covers every direct holder of the SKU.
 */
export interface VerifyProfile {
  number: number;
  of: number;
  key: string;
  users: number;
  licenses: Pick<ProfileLicense, 'skuId' | 'skuPartNumber' | 'skuName' | 'disabledPlans' | 'disabledPlanNames'>[];
}

/** The command line, checked. */
export interface VerifyArgs {
  /** The SKUs as named, in order; empty with --profile. */
  skus: string[];
  /** A profile number (1 = the largest) or key; null with --sku. */
  profile: string | null;
  group: string;
  format: Format;
  pretty: boolean;
}

/** Parses the command line; throws UsageError naming every problem found, in words a person understands. */
export function parseVerifyArgs(argv: string[]): VerifyArgs {
  let values: { sku?: string[]; profile?: string[]; group?: string[]; format?: string[]; help?: boolean; pretty?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        // Every value option is read as a list so that one given twice is refused rather than silently overridden.
        sku: { type: 'string', multiple: true },
        profile: { type: 'string', multiple: true },
        group: { type: 'string', multiple: true },
        format: { type: 'string', multiple: true },
        pretty: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${errorMessage(err)}\n${USAGE}`);
  }
  if (values.help) throw new UsageError(USAGE);
  const problems: string[] = [];
  const once = (name: string, list: string[] | undefined) => {
    if ((list?.length ?? 0) > 1) problems.push(`--${name} is given ${list!.length} times; give it once.`);
    return list?.[list.length - 1]?.trim();
  };
  const skus = (values.sku ?? []).map((s) => s.trim());
  const profile = once('profile', values.profile);
  const group = once('group', values.group);
  const format = (once('format', values.format) ?? 'table').toLowerCase();
  if (skus.length && profile !== undefined)
    problems.push('--sku and --profile cannot be combined: --profile verifies the SKUs of that profile.');
  else if (!skus.length && profile === undefined)
    problems.push('--sku or --profile is required (a skuPartNumber like ENTERPRISEPACK or a skuId, repeatable; or a profile number).');
  if (skus.some((s) => !s)) problems.push('--sku needs a value (a skuPartNumber like ENTERPRISEPACK, or a skuId).');
  for (const s of skus.filter((x) => x.includes(',')))
    problems.push(`--sku "${s}" names several SKUs; give each its own --sku (--sku ${s.split(',')[0].trim()} --sku …).`);
  const seen = new Set<string>();
  for (const s of skus.filter((x) => x)) {
    if (seen.has(s.toLowerCase())) problems.push(`--sku ${s} is given twice; give each SKU once.`);
    seen.add(s.toLowerCase());
  }
  if (profile !== undefined && !/^\d+$/.test(profile) && !profile.includes(':'))
    problems.push(
      `--profile takes a profile number (1 is the largest, as the plan command numbers them) or a profile key, got "${profile}".`,
    );
  if (!group) problems.push("--group is required (the group's display name or id).");
  if (!(FORMATS as readonly string[]).includes(format)) problems.push(`--format must be one of ${FORMATS.join(', ')}, got "${format}".`);
  else if (values.pretty && format !== 'json') problems.push('--pretty applies to --format json only.');
  if (problems.length) throw new UsageError(`${problems.join('\n')}\n${USAGE}`);
  return { skus, profile: profile ?? null, group: group!, format: format as Format, pretty: values.pretty ?? false };
}

async function resolveGroup(graph: LicensingGraph, nameOrId: string): Promise<GroupInfo> {
  if (isGuid(nameOrId)) {
    const g = await graph.getGroup(nameOrId);
    if (g) return g;
  }
  const found = await graph.findGroups(nameOrId);
  if (found.length === 0) throw new UsageError(`No group named or with id "${nameOrId}".`);
  if (found.length > 1)
    throw new UsageError(`${found.length} groups are named "${nameOrId}"; pass one id: ${found.map((g) => g.id).join(', ')}`);
  return found[0];
}

/** The subscribed SKUs named, in order; every name that matches none, and every SKU named twice (by name and by id), refused at once. */
async function resolveSkus(graph: LicensingGraph, names: readonly string[]): Promise<Sku[]> {
  const subscribed = await readRetry(() => graph.listSkus());
  const match = (name: string) =>
    subscribed.find((s) => s.skuId.toLowerCase() === name.toLowerCase() || s.skuPartNumber.toLowerCase() === name.toLowerCase());
  const unknown = names.filter((n) => !match(n));
  const problems: string[] = [];
  if (unknown.length)
    problems.push(
      `No subscribed SKU ${unknown.map((n) => `"${n}"`).join(' or ')}. ` +
        `Available: ${subscribed.map((s) => s.skuPartNumber).join(', ') || 'none'}.`,
    );
  const firstName = new Map<string, string>();
  for (const name of names) {
    const sku = match(name);
    if (!sku) continue;
    const earlier = firstName.get(sku.skuId);
    if (earlier) problems.push(`--sku ${earlier} and --sku ${name} both name ${sku.skuPartNumber}; give each SKU once.`);
    else firstName.set(sku.skuId, name);
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  return names.map((n) => match(n)!);
}

/** The profile by number or key, with how many the tenant has; an out-of-range number or unknown key names the choices. */
function pickProfile(profiles: readonly CountedProfile[], wanted: string): CountedProfile {
  if (/^\d+$/.test(wanted)) {
    const n = Number(wanted);
    const found = profiles.find((p) => p.number === n);
    if (found) return found;
    if (profiles.length === 0)
      throw new UsageError(`There is no profile ${n}: no user holds a license directly, so the tenant has no license profiles.`);
    throw new UsageError(
      `There is no profile ${n}: the tenant has ${profiles.length} license ${profiles.length === 1 ? 'profile (1)' : `profiles (1–${profiles.length}, largest first)`}.`,
    );
  }
  const found = profiles.find((p) => p.key.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  const SHOWN = 12;
  const list = profiles
    .slice(0, SHOWN)
    .map((p) => `  ${p.number}: "${p.key}" ${profileProducts(p.licenses, 'skuPartNumber')} (${p.users} users)`);
  if (profiles.length > SHOWN) list.push(`  … and ${profiles.length - SHOWN} more`);
  throw new UsageError(
    profiles.length
      ? `No license profile has the key "${wanted}". The tenant's profiles:\n${list.join('\n')}`
      : `No license profile has the key "${wanted}": no user holds a license directly.`,
  );
}

/** What the report covers, every argument checked against the tenant before anything is written. */
interface VerifyTarget {
  skus: Sku[];
  group: GroupInfo;
  profile: VerifyProfile | null;
}

async function resolveTarget(graph: LicensingGraph, args: VerifyArgs): Promise<VerifyTarget> {
  if (args.profile === null) {
    // Both checked before either fails, so one run names every mistake.
    const [skus, group] = await Promise.allSettled([resolveSkus(graph, args.skus), resolveGroup(graph, args.group)]);
    const failed = [skus, group].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const other = failed.find((e) => !(e instanceof UsageError));
    if (other) throw other;
    if (failed.length) throw new UsageError(failed.map((e) => (e as UsageError).message).join('\n'));
    return {
      skus: (skus as PromiseFulfilledResult<Sku[]>).value,
      group: (group as PromiseFulfilledResult<GroupInfo>).value,
      profile: null,
    };
  }
  // The group first: a misspelt name costs no tenant-wide read of every SKU's holders.
  const group = await resolveGroup(graph, args.group);
  const { skus: subscribed, profiles } = await countProfiles(graph);
  const chosen = pickProfile(profiles, args.profile);
  const profile: VerifyProfile = {
    number: chosen.number,
    of: profiles.length,
    key: chosen.key,
    users: chosen.users,
    licenses: chosen.licenses.map(({ skuId, skuPartNumber, skuName, disabledPlans, disabledPlanNames }) => ({
      skuId,
      skuPartNumber,
      skuName,
      disabledPlans,
      disabledPlanNames,
    })),
  };
  return { skus: chosen.licenses.map((l) => subscribed.find((s) => s.skuId === l.skuId)!), group, profile };
}

/** Where the report goes: text in order, with back-pressure (a slow pipe pauses the reads). */
export interface ReportSink {
  write(text: string): Promise<void>;
}

/** Users whose userPrincipalName sets the table's column width: a bounded sample, never the whole list. */
const WIDTH_SAMPLE = 1000;
/** Up to this many users the JSON report is written whole, in the contract's order (summary before users). */
const SMALL_JSON = 10_000;

/**
 * Builds the report and writes it as it reads: read-only, nothing in the tenant changes, and no more than a page of
 * users (plus the group's member ids) in memory at once. Every argument is checked against the tenant before the
 * first line is written; then the SKUs are verified one after another, each SKU's users in Graph's order, the
 * group's members first. Returns each SKU's counts, in the report's order.
 */
export async function writeVerifyReport(
  graph: LicensingGraph,
  args: VerifyArgs & { coverage?: Coverage },
  sink: ReportSink,
): Promise<VerifyOutput['summary'][]> {
  const target = await resolveTarget(graph, args);
  const perSku = target.skus.length > 1 || target.profile !== null;
  const frame = reportFrame(args.format, args.pretty, perSku, target.profile);
  await sink.write(frame.open);
  const summaries: VerifyOutput['summary'][] = [];
  for (const [index, sku] of target.skus.entries()) {
    if (index > 0) await sink.write(frame.between);
    const place = { index, count: target.skus.length, perSku };
    summaries.push(await writeSkuSection(graph, sku, target.group, { ...args, place }, sink));
  }
  await sink.write(frame.close);
  return summaries;
}

/** One SKU's classification against the group, streamed. JSON keeps the contract's keys with `summary` after `users` when large. */
async function writeSkuSection(
  graph: LicensingGraph,
  sku: Sku,
  group: GroupInfo,
  args: { format: Format; pretty: boolean; coverage?: Coverage; place: SectionPlace },
  sink: ReportSink,
): Promise<VerifyOutput['summary']> {
  const complete = processingComplete(group);
  const summary = Object.fromEntries(USER_CLASSES.map((c) => [c, 0])) as VerifyOutput['summary'];
  const head = {
    sku: { skuId: sku.skuId, skuPartNumber: sku.skuPartNumber },
    group: { id: group.id, displayName: group.displayName, processingState: group.licenseProcessingState },
  };
  const format = sectionFormatter(args.format, head, args.pretty, args.place);
  // Held back until there are enough for the table's column width, or (JSON) until the report is clearly large:
  // a report that fits whole keeps the contract's order, summary before users.
  const limit = args.format === 'json' ? SMALL_JSON : WIDTH_SAMPLE;
  let held: VerifyUser[] | null = [];
  let first = true;
  const flush = async (users: VerifyUser[]) => {
    if (users.length === 0) return;
    await sink.write(format.users(users, first));
    first = false;
  };
  for await (const page of classifyPages(graph, sku, group.id, complete, undefined, args.coverage)) {
    const users = page.map((u) => {
      summary[u.class]++;
      return {
        id: u.userId,
        userPrincipalName: u.userPrincipalName,
        class: u.class,
        error: u.error,
        missingPlans: u.missingPlans,
        gainedPlans: [...(u.gainedPlans ?? [])],
      };
    });
    if (!held) {
      await flush(users);
      continue;
    }
    held.push(...users);
    if (held.length < limit) continue;
    format.sample(held);
    await sink.write(format.start());
    await flush(held);
    held = null;
  }
  if (held) {
    format.sample(held);
    await sink.write(format.whole(held, summary));
    return summary;
  }
  await sink.write(format.end(summary));
  return summary;
}

/** A sink on a writable stream: waits for 'drain' when its buffer is full, and fails with the stream's own error. */
export function streamSink(out: NodeJS.WritableStream): ReportSink & { finish(): Promise<void> } {
  let failed: Error | null = null;
  out.on('error', (err: Error) => {
    failed ??= err;
  });
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      const ok = out.write(text, (err) => {
        if (err) reject((failed ??= err));
      });
      if (ok) resolve();
      else out.once('drain', () => (failed ? reject(failed) : resolve()));
    });
  return {
    write: (text) => (text ? write(text) : Promise.resolve()),
    // Resolves once everything written before has been handed on, or fails with why it could not be.
    finish: () =>
      new Promise<void>((resolve, reject) => {
        if (failed) return reject(failed);
        out.write('', (err) => (err || failed ? reject(err ?? failed) : resolve()));
      }),
  };
}

function causeOf(err: unknown): string {
  if (err instanceof GraphRequestError)
    return `${err.failure.kind} (HTTP ${err.failure.status || 'none'} ${err.failure.code}): ${err.failure.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** Runs the command; returns the exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: NodeJS.WritableStream = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  try {
    const args = parseVerifyArgs(argv);
    const config = loadConfig(env);
    const graph = createLicensingGraph(componentOptions(config).graph);
    const sink = streamSink(out);
    await writeVerifyReport(graph, { ...args, coverage: config.COVERAGE }, sink);
    await sink.finish();
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      errors.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof GraphRequestError && err.failure.kind === 'badRequest' && /GUID|required/.test(err.failure.message)) {
      errors.write(`${err.failure.message}\n`);
      return 2;
    }
    // Only what Graph answered is a Graph failure; anything else is this tool's own fault and says so.
    if (err instanceof GraphRequestError) errors.write(`Graph request failed: ${causeOf(err)}\n`);
    else errors.write(`Internal error (not a Graph failure): ${causeOf(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
