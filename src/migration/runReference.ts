import type { Run } from './types';
import { runLabel, runNumberScope } from './runName';

/** What a typed run reference points at. */
export type RunLookup = { kind: 'found'; run: Run } | { kind: 'ambiguous'; candidates: Run[] } | { kind: 'unknown'; candidates: Run[] };

const MAX_CANDIDATES = 5;
/** A run id may be shortened to this many characters, as legacy run names show it. */
const MIN_ID_PREFIX = 8;

/** Lower case, one kind of arrow, no separator dots or extra spaces: how people type a name in chat. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/-+>|=>|⇒|➔|→/g, ' → ')
    .replace(/[·•]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The name without its number ("e3 → licensing e3"), which several runs of the same SKU and group share. */
function baseOf(label: string): string {
  return normalise(label).replace(/\s+(#\d+|[0-9a-f]{8})$/, '');
}

/**
 * Finds the run a person named: its number (`#3`), its name (any case, `->` for `→`), its name without the
 * number, or its id (or the id's first 8+ characters). Only runs of the person's tenant (and runs without one)
 * are considered; `runs` is newest first, so candidates are too.
 */
export function findRun(runs: readonly Run[], reference: string, tenantId?: string): RunLookup {
  const scope = runNumberScope(tenantId);
  const visible = runs.filter((r) => !r.tenantId || runNumberScope(r.tenantId) === scope);
  const wanted = normalise(reference);
  const pick = (matches: Run[]): RunLookup | null =>
    matches.length === 1
      ? { kind: 'found', run: matches[0] }
      : matches.length > 1
        ? { kind: 'ambiguous', candidates: matches.slice(0, MAX_CANDIDATES) }
        : null;

  const number = /^#\s*(\d{1,9})$/.exec(wanted);
  if (number) {
    return pick(visible.filter((r) => r.number === Number(number[1]))) ?? { kind: 'unknown', candidates: visible.slice(0, MAX_CANDIDATES) };
  }
  const byId = visible.filter((r) => r.id.toLowerCase() === wanted);
  const byName = visible.filter((r) => normalise(runLabel(r)) === wanted);
  const byIdPrefix = wanted.length >= MIN_ID_PREFIX ? visible.filter((r) => r.id.toLowerCase().startsWith(wanted)) : [];
  const byBase = visible.filter((r) => baseOf(runLabel(r)) === wanted);
  return (
    pick(byId) ?? pick(byName) ?? pick(byIdPrefix) ?? pick(byBase) ?? { kind: 'unknown', candidates: visible.slice(0, MAX_CANDIDATES) }
  );
}
