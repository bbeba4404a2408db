import { BatchTallier, ISSUE_SAMPLE, IssueSample, outcomeEntry, outcomeOf } from '../../src/migration/outcomes';
import type { JournalEntry, UserOutcome } from '../../src/migration/types';

const AT = '2026-01-01T00:00:00.000Z';
const o = (userId: string, outcome: UserOutcome['outcome'], extra: Partial<UserOutcome> = {}): UserOutcome => ({
  userId,
  batchId: 'b0',
  outcome,
  at: AT,
  ...extra,
});
const stamped = (e: Omit<JournalEntry, 'seq' | 'at'>, seq = 1): JournalEntry => ({ seq, at: AT, ...e });

describe('user outcomes in the journal', () => {
  it('round-trips an outcome through its journal entry, dropping nothing it carries', () => {
    const full = o('u1', 'failed', { userPrincipalName: 'u1@contoso.com', reason: 'services lost', code: 'servicesLost' });
    const entry = outcomeEntry('r1', full);
    expect(entry).toMatchObject({ runId: 'r1', batchId: 'b0', userId: 'u1', kind: 'user.outcome' });
    expect(outcomeOf(stamped(entry))).toEqual(full);
    expect(outcomeOf(stamped(outcomeEntry('r1', o('u2', 'removed'))))).toEqual(o('u2', 'removed'));
  });

  it('reads no outcome from other entries or from a malformed one', () => {
    expect(outcomeOf(stamped({ runId: 'r1', kind: 'license.removed', batchId: 'b0', userId: 'u1' }))).toBeNull();
    expect(outcomeOf(stamped({ runId: 'r1', kind: 'user.outcome', batchId: 'b0', userId: 'u1', detail: { outcome: 'gone' } }))).toBeNull();
    expect(outcomeOf(stamped({ runId: 'r1', kind: 'user.outcome', userId: 'u1', detail: { outcome: 'removed' } }))).toBeNull();
  });
});

describe('BatchTallier', () => {
  it("counts each user of its batch once, by the last outcome, and restores apart; other batches' outcomes are ignored", () => {
    const t = new BatchTallier('b0');
    for (const x of [
      o('u1', 'removed'),
      o('u2', 'removed'),
      o('u2', 'failed', { code: 'servicesLost' }),
      o('u3', 'skipped'),
      o('u3', 'removed'),
      o('u1', 'restored'),
      o('u9', 'removed', { batchId: 'b1' }),
    ])
      t.add(x);
    expect(t.tally()).toEqual({ removed: 2, skipped: 0, failed: 1, restored: 1 });
    expect(t.has('u2')).toBe(true);
    expect(t.has('u9')).toBe(false);
  });
});

describe('IssueSample', () => {
  it(`names failed users before skipped ones, at most ${ISSUE_SAMPLE}, and never removed ones`, () => {
    const s = new IssueSample();
    for (let i = 0; i < 80; i++) s.add(o(`s${i}`, 'skipped'));
    for (let i = 0; i < 10; i++) s.add(o(`r${i}`, 'removed'));
    for (let i = 0; i < 5; i++) s.add(o(`f${i}`, 'failed'));
    const list = s.list();
    expect(list).toHaveLength(ISSUE_SAMPLE);
    expect(list.slice(0, 5).map((x) => x.userId)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(list.slice(5).every((x) => x.outcome === 'skipped')).toBe(true);
    expect(list[5].userId).toBe('s0');
  });
});
