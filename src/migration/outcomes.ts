import type { EngineContext } from './context';
import type { BatchProblem, BatchTally, JournalEntry, OutcomeKind, Run, UserOutcome } from './types';
import { parseOutcomeDetail } from './outcomeDetail';

/** How many failed and skipped users a batch result or a report carries by name; the journal has them all. */
export const ISSUE_SAMPLE = 50;

const KINDS = new Set<OutcomeKind>(['removed', 'skipped', 'failed', 'restored']);

/** A tally with nothing counted yet. */
export function emptyTally(): BatchTally {
  return { removed: 0, skipped: 0, failed: 0, restored: 0 };
}

/** The journal entry that keeps a user's outcome: the run itself keeps only the counts. */
export function outcomeEntry(runId: string, o: UserOutcome): Omit<JournalEntry, 'seq' | 'at'> {
  return {
    runId,
    batchId: o.batchId,
    userId: o.userId,
    kind: 'user.outcome',
    detail: {
      outcome: o.outcome,
      at: o.at,
      ...(o.userPrincipalName ? { userPrincipalName: o.userPrincipalName } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.code ? { code: o.code } : {}),
      ...(o.detail ? { about: o.detail } : {}),
    },
  };
}

/**
 * A user's outcome as the unexpected result that pauses the run: "name: reason" in English (their sign-in name, or
 * their id when it was not read), and who they are with the outcome's code and detail as data.
 */
export function userProblem(o: UserOutcome): BatchProblem {
  const user = o.userPrincipalName ?? o.userId;
  return {
    text: `${user}: ${o.reason ?? o.code ?? o.outcome}`,
    about: {
      kind: 'user',
      user,
      outcome: o.outcome === 'skipped' ? 'skipped' : 'failed',
      ...(o.code ? { code: o.code } : {}),
      ...(o.detail ? { detail: o.detail } : {}),
    },
  };
}

/** The outcome a 'user.outcome' entry records, or null for any other entry. */
export function outcomeOf(e: JournalEntry): UserOutcome | null {
  if (e.kind !== 'user.outcome' || !e.userId || !e.batchId) return null;
  const d = e.detail ?? {};
  const outcome = d.outcome as OutcomeKind;
  if (!KINDS.has(outcome)) return null;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const upn = text(d.userPrincipalName);
  const reason = text(d.reason);
  const code = text(d.code);
  const detail = parseOutcomeDetail(d.about);
  return {
    userId: e.userId,
    ...(upn ? { userPrincipalName: upn } : {}),
    batchId: e.batchId,
    outcome,
    ...(reason ? { reason } : {}),
    ...(code ? { code } : {}),
    ...(detail ? { detail } : {}),
    // When the outcome was decided; the entry's own time is when it became durable.
    at: text(d.at) ?? e.at,
  };
}

/** Every outcome of a run in the order they happened: those an earlier version kept in the run, then the journal's. */
export async function* runOutcomes(ctx: Pick<EngineContext, 'journal'>, run: Pick<Run, 'id' | 'outcomes'>): AsyncGenerator<UserOutcome> {
  for (const o of run.outcomes ?? []) yield o;
  for await (const e of ctx.journal.entries(run.id)) {
    const o = outcomeOf(e);
    if (o) yield o;
  }
}

/** The failed and skipped users a report names (see IssueSample), read from the journal as a stream; one batch's or the run's. */
export async function issuesOf(
  ctx: Pick<EngineContext, 'journal'>,
  run: Pick<Run, 'id' | 'outcomes' | 'batches'>,
  batchId?: string,
): Promise<UserOutcome[]> {
  const batches = run.batches.filter((b) => batchId === undefined || b.id === batchId);
  // Nobody to name: the journal need not be read at all.
  if (batches.every((b) => b.tally.failed + b.tally.skipped === 0)) return [];
  const sample = new IssueSample();
  for await (const o of runOutcomes(ctx, run)) if (batchId === undefined || o.batchId === batchId) sample.add(o);
  return sample.list();
}

/**
 * Counts of a batch from its outcomes: each user counts once, by their last outcome (a removal the settle check
 * undid counts as failed); restores are counted apart. Memory grows with the batch, not with the run.
 */
export class BatchTallier {
  private readonly last = new Map<string, OutcomeKind>();
  private restored = 0;

  constructor(readonly batchId: string) {}

  /** Takes outcomes of any batch; only this batch's count. */
  add(o: UserOutcome): void {
    if (o.batchId !== this.batchId) return;
    if (o.outcome === 'restored') this.restored++;
    else this.last.set(o.userId, o.outcome);
  }

  /** Whether a user of this batch has an outcome. */
  has(userId: string): boolean {
    return this.last.has(userId);
  }

  tally(): BatchTally {
    const t = emptyTally();
    for (const k of this.last.values()) t[k as Exclude<OutcomeKind, 'restored'>]++;
    t.restored = this.restored;
    return t;
  }
}

/** Adds outcomes of users counted for the first time to a tally (a batch execution meets each user once). */
export function addFirstOutcomes(tally: BatchTally, outcomes: readonly UserOutcome[]): void {
  for (const o of outcomes) tally[o.outcome]++;
}

/** Keeps the first failed, then skipped, users by name up to ISSUE_SAMPLE, counting the rest. */
export class IssueSample {
  private readonly failed: UserOutcome[] = [];
  private readonly skipped: UserOutcome[] = [];

  add(o: UserOutcome): void {
    if (o.outcome === 'failed' && this.failed.length < ISSUE_SAMPLE) this.failed.push(o);
    else if (o.outcome === 'skipped' && this.skipped.length < ISSUE_SAMPLE) this.skipped.push(o);
  }

  /** Failed users first: they need the admin more than skipped ones. */
  list(): UserOutcome[] {
    return [...this.failed, ...this.skipped].slice(0, ISSUE_SAMPLE);
  }
}
