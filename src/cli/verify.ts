/**
 * Read-only classification report for admins who want no chat:
 *   npm run verify -- --sku <skuPartNumber|skuId> --group <name|id> [--format table|csv|json]
 * Exit codes: 0 success, 2 bad arguments or configuration, 1 Graph failure.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { componentOptions } from '../components';
import { createLicensingGraph } from '../graph';
import type { LicensingGraph } from '../graph/licensingGraph';
import { GraphRequestError, type GroupInfo } from '../graph/types';
import { summarize } from '../migration/classification';
import { isGuid } from '../common/ids';
import { resolveSku } from '../migration/discovery';
import { MigrationError } from '../migration/errors';
import { csvField } from '../migration/report';
import { classifyAgainstGroup } from '../migration/scope';
import { USER_CLASSES } from '../migration/types';
import { errorMessage } from '../common/errorMessage';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = 'usage: npm run verify -- --sku <skuPartNumber|skuId> --group <name|id> [--format table|csv|json]';

class UsageError extends Error {}

/** The stable JSON contract of `npm run verify -- --format json`. */
export interface VerifyOutput {
  sku: { skuId: string; skuPartNumber: string };
  group: { id: string; displayName: string; processingState: string | null };
  summary: Record<(typeof USER_CLASSES)[number], number>;
  users: { id: string; userPrincipalName: string; class: string; error: string | null; missingPlans: string[] }[];
}

/** Parses the command line; throws UsageError with a message a person understands. */
export function parseVerifyArgs(argv: string[]): { sku: string; group: string; format: Format } {
  let values: { sku?: string; group?: string; format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { sku: { type: 'string' }, group: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  return { sku, group, format: format as Format };
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

/** Builds the report: read-only, nothing in the tenant changes. */
export async function buildVerifyOutput(graph: LicensingGraph, skuArg: string, groupArg: string): Promise<VerifyOutput> {
  let sku;
  try {
    sku = await resolveSku(graph, skuArg);
  } catch (err) {
    if (err instanceof MigrationError) throw new UsageError(err.message);
    throw err;
  }
  const group = await resolveGroup(graph, groupArg);
  const complete = group.licenseProcessingState === 'ProcessingComplete';
  const users = await classifyAgainstGroup(graph, sku, group.id, complete);
  return {
    sku: { skuId: sku.skuId, skuPartNumber: sku.skuPartNumber },
    group: { id: group.id, displayName: group.displayName, processingState: group.licenseProcessingState },
    summary: summarize(users),
    users: users.map((u) => ({
      id: u.userId,
      userPrincipalName: u.userPrincipalName,
      class: u.class,
      error: u.error,
      missingPlans: u.missingPlans,
    })),
  };
}

/** Renders the report in the chosen format. */
export function renderVerifyOutput(out: VerifyOutput, format: Format): string {
  if (format === 'json') return JSON.stringify(out, null, 2) + '\n';
  if (format === 'csv') {
    const rows = [['id', 'userPrincipalName', 'class', 'error', 'missingPlans'].join(',')];
    for (const u of out.users)
      rows.push([u.id, u.userPrincipalName, u.class, u.error ?? '', u.missingPlans.join(' ')].map(csvField).join(','));
    return rows.join('\r\n') + '\r\n';
  }
  const lines = [
    `${out.sku.skuPartNumber} (${out.sku.skuId}) via group "${out.group.displayName}" (${out.group.id})`,
    `processing: ${out.group.processingState ?? 'no license processing'}`,
    USER_CLASSES.map((c) => `${c}: ${out.summary[c]}`).join('  '),
    '',
  ];
  const width = Math.max(17, ...out.users.map((u) => u.userPrincipalName.length));
  lines.push(`${'userPrincipalName'.padEnd(width)}  ${'class'.padEnd(13)}  detail`);
  for (const u of out.users) {
    const detail = u.error ?? (u.missingPlans.length ? `missing ${u.missingPlans.join(', ')}` : '');
    lines.push(`${u.userPrincipalName.padEnd(width)}  ${u.class.padEnd(13)}  ${detail}`);
  }
  return lines.join('\n') + '\n';
}

function causeOf(err: unknown): string {
  if (err instanceof GraphRequestError)
    return `${err.failure.kind} (HTTP ${err.failure.status || 'none'} ${err.failure.code}): ${err.failure.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** Runs the command; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const args = parseVerifyArgs(argv);
    const config = loadConfig(env);
    const graph = createLicensingGraph(componentOptions(config).graph);
    const out = await buildVerifyOutput(graph, args.sku, args.group);
    process.stdout.write(renderVerifyOutput(out, args.format));
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
    process.stderr.write(`Graph request failed: ${causeOf(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
