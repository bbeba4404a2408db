/**
 * Read-only classification report for admins who want no chat:
 *   npm run verify -- --sku <skuPartNumber|skuId> --group <name|id> [--format table|csv|json] [--pretty]
 * Exit codes: 0 success, 2 bad arguments or configuration, 1 Graph failure or internal error (worded as such).
 * Output is written while users are read (a million users stream through in bounded memory).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { componentOptions } from '../components';
import { createLicensingGraph } from '../graph';
import type { LicensingGraph } from '../graph/licensingGraph';
import { GraphRequestError, type GroupInfo } from '../graph/types';
import { isGuid } from '../common/ids';
import { resolveSku } from '../migration/discovery';
import { MigrationError } from '../migration/errors';
import { csvField } from '../migration/report';
import { classifyPages } from '../migration/scope';
import { processingComplete } from '../migration/groupGate';
import { USER_CLASSES } from '../migration/types';
import type { Coverage } from '../migration/coverage';
import { errorMessage } from '../common/errorMessage';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = 'usage: npm run verify -- --sku <skuPartNumber|skuId> --group <name|id> [--format table|csv|json] [--pretty]';

class UsageError extends Error {}

/** The stable JSON contract of `npm run verify -- --format json`. */
export interface VerifyOutput {
  sku: { skuId: string; skuPartNumber: string };
  group: { id: string; displayName: string; processingState: string | null };
  summary: Record<(typeof USER_CLASSES)[number], number>;
  /** missingPlans: plans the user would lose (planMismatch); gainedPlans: plans they would gain (planGain). */
  users: { id: string; userPrincipalName: string; class: string; error: string | null; missingPlans: string[]; gainedPlans: string[] }[];
}

/** Parses the command line; throws UsageError with a message a person understands. */
export function parseVerifyArgs(argv: string[]): { sku: string; group: string; format: Format; pretty: boolean } {
  let values: { sku?: string; group?: string; format?: string; help?: boolean; pretty?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sku: { type: 'string' },
        group: { type: 'string' },
        format: { type: 'string' },
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
  const sku = values.sku?.trim();
  const group = values.group?.trim();
  if (!sku) throw new UsageError(`--sku is required (a skuPartNumber like ENTERPRISEPACK, or a skuId)\n${USAGE}`);
  if (!group) throw new UsageError(`--group is required (the group's display name or id)\n${USAGE}`);
  const format = (values.format ?? 'table').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  if (values.pretty && format !== 'json') throw new UsageError(`--pretty applies to --format json only\n${USAGE}`);
  return { sku, group, format: format as Format, pretty: values.pretty ?? false };
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

type VerifyUser = VerifyOutput['users'][number];

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
 * users (plus the group's member ids) in memory at once. Users come in Graph's order, the group's members first.
 * JSON keeps the contract's keys with `summary` after `users` (a trailer: the counts are known only at the end).
 */
export async function writeVerifyReport(
  graph: LicensingGraph,
  args: { sku: string; group: string; format: Format; pretty?: boolean; coverage?: Coverage },
  sink: ReportSink,
): Promise<VerifyOutput['summary']> {
  let sku;
  try {
    sku = await resolveSku(graph, args.sku);
  } catch (err) {
    if (err instanceof MigrationError) throw new UsageError(err.message);
    throw err;
  }
  const group = await resolveGroup(graph, args.group);
  const complete = processingComplete(group);
  const summary = Object.fromEntries(USER_CLASSES.map((c) => [c, 0])) as VerifyOutput['summary'];
  const head = {
    sku: { skuId: sku.skuId, skuPartNumber: sku.skuPartNumber },
    group: { id: group.id, displayName: group.displayName, processingState: group.licenseProcessingState },
  };
  const format = formatter(args.format, head, args.pretty ?? false);
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

interface Formatter {
  /** A report small enough to have been held whole. */
  whole(users: VerifyUser[], summary: VerifyOutput['summary']): string;
  start(): string;
  /** Called once with the first users before any are written. */
  sample(users: VerifyUser[]): void;
  users(users: VerifyUser[], first: boolean): string;
  end(summary: VerifyOutput['summary']): string;
}

function formatter(format: Format, head: Pick<VerifyOutput, 'sku' | 'group'>, pretty: boolean): Formatter {
  if (format === 'json') {
    const indent = pretty ? 2 : 0;
    const item = (u: VerifyUser) => (pretty ? `    ${JSON.stringify(u)}` : JSON.stringify(u));
    const nl = pretty ? '\n' : '';
    return {
      whole: (users, summary) => `${JSON.stringify({ ...head, summary, users }, null, indent)}\n`,
      start: () =>
        pretty
          ? `{\n  "sku": ${JSON.stringify(head.sku)},\n  "group": ${JSON.stringify(head.group)},\n  "users": [\n`
          : `{"sku":${JSON.stringify(head.sku)},"group":${JSON.stringify(head.group)},"users":[`,
      sample: () => undefined,
      users: (users, first) => (first ? '' : `,${nl}`) + users.map(item).join(`,${nl}`),
      end: (summary) =>
        pretty
          ? `\n  ],\n  "summary": ${JSON.stringify(summary, null, indent).replace(/\n/g, '\n  ')}\n}\n`
          : `],"summary":${JSON.stringify(summary)}}\n`,
    };
  }
  if (format === 'csv') {
    const csv: Formatter = {
      whole: (users, summary) => csv.start() + csv.users(users, true) + csv.end(summary),
      start: () => ['id', 'userPrincipalName', 'class', 'error', 'missingPlans', 'gainedPlans'].join(',') + '\r\n',
      sample: () => undefined,
      users: (users) =>
        users
          .map(
            (u) =>
              [u.id, u.userPrincipalName, u.class, u.error ?? '', u.missingPlans.join(' '), u.gainedPlans.join(' ')]
                .map(csvField)
                .join(',') + '\r\n',
          )
          .join(''),
      end: () => '',
    };
    return csv;
  }
  let width = 17;
  const title = [
    `${head.sku.skuPartNumber} (${head.sku.skuId}) via group "${head.group.displayName}" (${head.group.id})`,
    `processing: ${head.group.processingState ?? 'no license processing'}`,
  ];
  const counts = (summary: VerifyOutput['summary']) => USER_CLASSES.map((c) => `${c}: ${summary[c]}`).join('  ');
  const table: Formatter = {
    // Held whole, the counts go on top as they always did; streamed, they are known only at the end.
    whole: (users, summary) => [...title, counts(summary), ''].join('\n') + '\n' + table.users(users, true),
    start: () => [...title, ''].join('\n') + '\n',
    sample(users) {
      for (const u of users) width = Math.min(80, Math.max(width, u.userPrincipalName.length));
    },
    users: (users, first) =>
      (first ? `${'userPrincipalName'.padEnd(width)}  ${'class'.padEnd(13)}  detail\n` : '') +
      users
        .map((u) => {
          const detail =
            u.error ??
            (u.missingPlans.length
              ? `missing ${u.missingPlans.join(', ')}`
              : u.gainedPlans.length
                ? `gains ${u.gainedPlans.join(', ')}`
                : '');
          return `${u.userPrincipalName.padEnd(width)}  ${u.class.padEnd(13)}  ${detail}\n`;
        })
        .join(''),
    end: (summary) => `\n${counts(summary)}\n`,
  };
  return table;
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
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof GraphRequestError && err.failure.kind === 'badRequest' && /GUID|required/.test(err.failure.message)) {
      process.stderr.write(`${err.failure.message}\n`);
      return 2;
    }
    // Only what Graph answered is a Graph failure; anything else is this tool's own fault and says so.
    if (err instanceof GraphRequestError) process.stderr.write(`Graph request failed: ${causeOf(err)}\n`);
    else process.stderr.write(`Internal error (not a Graph failure): ${causeOf(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
