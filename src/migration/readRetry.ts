import type { LicensingGraph } from '../graph/licensingGraph';
import { GraphRequestError, type ItemResult, type UserLicenses } from '../graph/types';

const TRANSIENT = new Set(['timeout', 'unavailable', 'throttled']);
/** Failures of a write after which Graph may or may not have applied it: only a re-read tells. */
const UNCERTAIN = new Set([...TRANSIENT, 'unknown']);

/** Whether a write that failed this way may still have taken effect. */
export function isUncertainFailure(kind: string): boolean {
  return UNCERTAIN.has(kind);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether an error is a Graph failure that may pass on its own. */
export function isTransientGraphError(err: unknown): boolean {
  return err instanceof GraphRequestError && TRANSIENT.has(err.failure.kind);
}

/**
 * Repeats a READ when Graph dropped or refused it transiently. Reads are safe to repeat; writes never go through
 * here (their uncertain outcomes are resolved by re-reading the user instead).
 */
export async function readRetry<T>(read: () => Promise<T>, attempts = 4, delayMs = 200): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= attempts || !isTransientGraphError(err)) throw err;
      await sleep(delayMs * attempt);
    }
  }
}

/** Reads many items via $batch, re-asking (a few rounds) only for the items that failed transiently. */
export async function readItems<T>(
  read: (ids: string[]) => Promise<ItemResult<T>[]>,
  ids: string[],
  rounds = 3,
  delayMs = 200,
): Promise<ItemResult<T>[]> {
  const byId = new Map<string, ItemResult<T>>();
  let pending = ids;
  for (let round = 1; pending.length > 0; round++) {
    for (const r of await read(pending)) byId.set(r.id.toLowerCase(), r);
    pending = pending.filter((id) => {
      const r = byId.get(id.toLowerCase());
      return !r || (!r.ok && TRANSIENT.has(r.failure.kind));
    });
    if (round >= rounds) break;
    if (pending.length) await sleep(delayMs * round);
  }
  return ids.map(
    (id) =>
      byId.get(id.toLowerCase()) ?? {
        id,
        ok: false,
        failure: { kind: 'unknown', status: 0, code: 'noResult', message: 'no result for this item' },
      },
  );
}

/** Reads many users via $batch (with the membership-rule attributes `directory` names), re-asking only for transient failures. */
export function readUsers(graph: LicensingGraph, ids: string[], directory: readonly string[] = []): Promise<ItemResult<UserLicenses>[]> {
  return readItems((x) => (directory.length ? graph.getUsers(x, { directory }) : graph.getUsers(x)), ids);
}

/** Whether each user is a direct member of the group right now, re-asking only for transient failures. */
export function readMemberships(graph: LicensingGraph, groupId: string, ids: string[]): Promise<ItemResult<boolean>[]> {
  return readItems((x) => graph.directMembership(groupId, x), ids);
}
