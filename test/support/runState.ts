import type { MigrationEngine } from '../../src/migration/engine';
import type { Batch, Run, UserOutcome } from '../../src/migration/types';

type Reads = Pick<MigrationEngine, 'outcomes' | 'batchUsers'>;

/** Every user outcome of a run, in the order they happened (collected from the engine's stream of the journal). */
export async function outcomesOf(engine: Pick<MigrationEngine, 'outcomes'>, runId: string): Promise<UserOutcome[]> {
  const all: UserOutcome[] = [];
  for await (const o of engine.outcomes(runId)) all.push(o);
  return all;
}

/** The users of one batch, from the list stored when it was planned. */
export function usersOf(engine: Pick<MigrationEngine, 'batchUsers'>, run: Pick<Run, 'id'>, batch: Pick<Batch, 'id'>): Promise<string[]> {
  return engine.batchUsers(run.id, batch.id);
}

/** The users of every batch of a run (or of the given batches), in batch order. */
export async function allUsersOf(
  engine: Reads,
  run: Pick<Run, 'id' | 'batches'>,
  batches: Pick<Batch, 'id'>[] = run.batches,
): Promise<string[]> {
  const lists = await Promise.all(batches.map((b) => usersOf(engine, run, b)));
  return lists.flat();
}

/** Ids of users with the given outcome (any time in the run), optionally in one batch. */
export async function usersWithOutcome(
  engine: Reads,
  runId: string,
  outcome: UserOutcome['outcome'],
  batchId?: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const o of await outcomesOf(engine, runId)) if (o.outcome === outcome && (!batchId || o.batchId === batchId)) ids.add(o.userId);
  return ids;
}

/** Sum of one tally count over a run's batches. */
export function tallied(run: Pick<Run, 'batches'>, k: keyof Batch['tally']): number {
  return run.batches.reduce((n, b) => n + b.tally[k], 0);
}

/** A batch as planning leaves it (nothing decided, nothing counted), with `extra` on top. */
export function plannedBatch(extra: Partial<Batch> = {}): Batch {
  return {
    id: 'b0',
    index: 0,
    size: 0,
    listId: 'l0',
    sample: [],
    tally: { removed: 0, skipped: 0, failed: 0, restored: 0 },
    status: 'planned',
    approvals: [],
    ...extra,
  };
}
