import type { UserOutcome } from './types';

const COLUMNS = ['userId', 'userPrincipalName', 'batchId', 'outcome', 'reason', 'code', 'at'] as const;

/** One CSV field, quoted when it holds a separator, quote or line break; formula-leading text is defused for spreadsheets. */
export function csvField(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Per-user outcomes as CSV with a header row (CRLF line ends, RFC 4180). */
export function outcomesToCsv(outcomes: readonly UserOutcome[]): string {
  const lines = [COLUMNS.join(',')];
  for (const o of outcomes) lines.push(COLUMNS.map((c) => csvField(o[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Per-user outcomes as pretty JSON with totals per outcome kind. */
export function outcomesToJson(outcomes: readonly UserOutcome[]): string {
  const totals = { removed: 0, skipped: 0, failed: 0, restored: 0 };
  for (const o of outcomes) totals[o.outcome] += 1;
  return JSON.stringify({ totals, outcomes }, null, 2);
}
