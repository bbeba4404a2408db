import type { JournalEntry, Run } from '../migration/types';
import { assertSafeId, describeIssues, journalEntrySchema, newJournalEntrySchema, runSchema } from './schemas';
import { assertNoSecrets } from './secrets';

export class InvalidRecordError extends Error {
  constructor(what: string, problem: string) {
    super(`${what} refused: ${problem}`);
    this.name = 'InvalidRecordError';
  }
}

/** Checks a run before it is written, so that nothing unreadable is ever stored; returns a deep copy. */
export function checkRunForWrite(run: Run): Run {
  assertSafeId('run id', run?.id);
  const parsed = runSchema.safeParse(run);
  if (!parsed.success) throw new InvalidRecordError(`run ${run.id}`, describeIssues(parsed.error));
  return JSON.parse(JSON.stringify(run)) as Run;
}

/** Checks a new journal entry (shape, id, no secrets) and stamps it with seq and time. */
export function stampJournalEntry(entry: Omit<JournalEntry, 'seq' | 'at'>, seq: number, at: Date): JournalEntry {
  assertSafeId('run id', entry?.runId);
  const parsed = newJournalEntrySchema.safeParse(entry);
  if (!parsed.success) throw new InvalidRecordError(`journal entry for ${entry.runId}`, describeIssues(parsed.error));
  assertNoSecrets(entry as Omit<JournalEntry, 'seq' | 'at'> & Record<string, unknown>);
  // seq and at first, so the JSON lines read well; a caller-supplied seq/at cannot override them.
  const stamped = { seq, at: at.toISOString(), ...JSON.parse(JSON.stringify(entry)) } as JournalEntry;
  stamped.seq = seq;
  stamped.at = at.toISOString();
  const check = journalEntrySchema.safeParse(stamped);
  if (!check.success) throw new InvalidRecordError(`journal entry for ${entry.runId}`, describeIssues(check.error));
  return stamped;
}

/** Newest first by creation time; the id breaks ties so the order is stable. */
export function newestFirst(a: Run, b: Run): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Checks a group of entries for appendMany: one run, each valid and free of secrets. */
export function assertOneRun(entries: Omit<JournalEntry, 'seq' | 'at'>[], now: Date): string | undefined {
  if (!Array.isArray(entries)) throw new InvalidRecordError('journal entries', 'expected an array of entries');
  const runId = entries[0]?.runId;
  for (const e of entries) {
    stampJournalEntry(e, 1, now);
    if (e.runId !== runId)
      throw new InvalidRecordError('journal entries', `appendMany takes entries of one run; got ${runId} and ${e.runId}`);
  }
  return runId;
}
