import { MigrationError } from '../../src/migration/errors';
import type { Journal } from '../../src/migration/store';
import type { Batch, JournalEntry } from '../../src/migration/types';
import { FileJournal, FileRunStore } from '../../src/storage';
import { MigrationService } from '../../src/migration/engine';
import { cohortKey } from '../../src/migration/cohorts';
import {
  APPROVER,
  approveAndRunAll,
  contoso,
  directOf,
  fixture,
  preparedAndVerified,
  startHarness,
  E3,
  type Harness,
} from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { allUsersOf, outcomesOf, tallied, usersOf } from '../support/runState';

const approve = (approverId: string) => ({ approverId, decision: 'approve' as const, at: '' });
const perUser = (entries: JournalEntry[], kind: string) => {
  const m = new Map<string, number>();
  for (const e of entries) if (e.kind === kind && e.userId) m.set(e.userId, (m.get(e.userId) ?? 0) + 1);
  return m;
};

describe('approvals guard every removal', () => {
  // Each case has its own tenant and run (quorum 2: batches of 5, 10, 10, 5).
  let h: Harness;
  let runId: string;
  let batches: Batch[];
  /** Each batch's users, in batch order. */
  let lists: string[][];
  beforeEach(async () => {
    h = await startHarness(contoso(30));
    const run = await preparedAndVerified(h, { id: ALL_USERS }, { requiredApprovals: 2 });
    runId = run.id;
    batches = (await h.engine.planBatches(run.id, { canarySize: 5, growthFactor: 2, maxBatchSize: 10 })).batches;
    lists = await Promise.all(batches.map((b) => usersOf(h.engine, run, b)));
  });
  afterEach(() => h.close());

  it('plans the canary first, then growing batches', () => {
    expect(batches.map((b) => b.size)).toEqual([5, 10, 10, 5]);
    expect(lists.map((l) => l.length)).toEqual([5, 10, 10, 5]);
    expect(new Set(lists.flat()).size).toBe(30);
  });

  it('refuses a batch without its approvals, journals the refusal and removes nothing', async () => {
    await expect(h.engine.executeBatch(runId, batches[0].id)).rejects.toMatchObject({ code: 'notApproved' });
    for (const id of lists[0]) expect(await directOf(h, id)).toEqual([]);
    const journal = await h.journal.read(runId);
    expect(journal.filter((e) => e.kind === 'batch.refused')).toHaveLength(1);
    expect(journal.some((e) => e.kind === 'license.removing')).toBe(false);
  });

  it('counts distinct approvers: the same person twice is one approval', async () => {
    await h.engine.decideBatch(runId, batches[0].id, approve('approver-a'));
    await h.engine.decideBatch(runId, batches[0].id, approve('approver-a'));
    expect((await h.engine.getRun(runId))!.batches[0].status).toBe('awaitingApproval');
    await expect(h.engine.executeBatch(runId, batches[0].id)).rejects.toMatchObject({ code: 'notApproved' });
    await expect(h.engine.decideBatch(runId, batches[0].id, { approverId: '', decision: 'approve', at: '' })).rejects.toMatchObject({
      code: 'badInput',
    });
    await h.engine.decideBatch(runId, batches[0].id, approve('approver-b'));
    expect((await h.engine.getRun(runId))!.batches[0].status).toBe('approved');
  });

  it('executes an approved batch at most once and takes no decision on it afterwards', async () => {
    const [b0] = batches;
    for (const a of ['approver-a', 'approver-b']) await h.engine.decideBatch(runId, b0.id, approve(a));
    const first = await h.engine.executeBatch(runId, b0.id);
    expect(first.removed).toBe(5);
    expect(await h.engine.executeBatch(runId, b0.id)).toEqual(first);
    expect((await h.journal.read(runId)).filter((e) => e.kind === 'license.removing')).toHaveLength(5);
    await expect(h.engine.decideBatch(runId, b0.id, approve('approver-c'))).rejects.toMatchObject({ code: 'illegalState' });
  });

  it('pauses on a rejection, removes nothing of that batch, and completes after a resume and new approvals', async () => {
    const [b0] = batches;
    const rejected = await h.engine.decideBatch(runId, b0.id, {
      approverId: 'approver-a',
      decision: 'reject',
      reason: 'wait for Monday',
      at: '',
    });
    expect(rejected.status).toBe('paused');
    expect(rejected.pausedReason).toContain('wait for Monday');
    await expect(h.engine.executeBatch(runId, b0.id)).rejects.toBeInstanceOf(MigrationError);
    for (const id of lists[0]) expect(await directOf(h, id)).toEqual([]);

    expect((await h.engine.resume(runId, 'admin-1')).status).toBe('verified');
    const replanned = await h.engine.planBatches(runId, { canarySize: 5, growthFactor: 2, maxBatchSize: 10 });
    const replannedUsers = await allUsersOf(
      h.engine,
      replanned,
      replanned.batches.filter((b) => b.status === 'planned'),
    );
    expect(new Set(replannedUsers)).toEqual(new Set(lists.flat()));
    expect(replannedUsers).toHaveLength(30);
    const done = await approveAndRunAll(h, runId, [approve('approver-a'), approve('approver-b')]);
    expect(done.status).toBe('completed');
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});

describe('concurrent execution', () => {
  it('two engines racing for the same approved batch: exactly one executes it', async () => {
    const h2 = await startHarness(contoso(20));
    try {
      const run = await preparedAndVerified(h2, { id: ALL_USERS });
      const planned = await h2.engine.planBatches(run.id, { canarySize: 20 });
      const b = planned.batches[0];
      await h2.engine.decideBatch(run.id, b.id, APPROVER);
      const other = h2.newEngine();
      const settled = await Promise.allSettled([h2.engine.executeBatch(run.id, b.id), other.executeBatch(run.id, b.id)]);
      const fulfilled = settled.filter((s) => s.status === 'fulfilled');
      const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(fulfilled.length).toBeGreaterThanOrEqual(1);
      for (const r of rejected) expect(r.reason).toMatchObject({ code: 'alreadyExecuted' });
      const removing = perUser(await h2.journal.read(run.id), 'license.removing');
      expect([...removing.values()].every((n) => n === 1)).toBe(true);
      expect(removing.size).toBe(20);
    } finally {
      await h2.close();
    }
  });
});

describe('the tenant changes between approval and execution', () => {
  it('re-reads each user and skips whoever is no longer ready, with the reason', async () => {
    const h = await startHarness(contoso(30));
    try {
      const run = await preparedAndVerified(h, { id: ALL_USERS });
      const b = (await h.engine.planBatches(run.id, { canarySize: 10 })).batches[0];
      await h.engine.decideBatch(run.id, b.id, APPROVER);
      const [left, directGone, , fewerPlans] = await usersOf(h.engine, run, b);
      await h.control(`/users/${left}/mutate`, 'POST', { removeFromGroup: ALL_USERS });
      await h.control(`/users/${directGone}/mutate`, 'POST', { removeDirect: E3 });
      await h.control(`/users/${fewerPlans}/mutate`, 'POST', { setDirect: { skuId: E3, disabledPlans: [] } });
      const result = await h.engine.executeBatch(run.id, b.id);
      const outcomes = await outcomesOf(h.engine, run.id);
      const reason = (id: string) => outcomes.find((o) => o.userId === id)!;
      // The result names the users who need a look: the two skipped ones.
      expect(result.issues.map((o) => o.userId).sort()).toEqual([left, directGone].sort());
      expect(reason(directGone)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('inheritedOnly') });
      expect(reason(fewerPlans).outcome).toBe('removed');
      expect(result.removed).toBe(8);
      expect(result.skipped).toBe(2);
      const leftOutcome = reason(left);
      expect(leftOutcome.outcome).toBe('skipped');
      expect(leftOutcome.reason).toMatch(/notMember|pending/);
      expect(await directOf(h, left)).toEqual([]);
      const skippedEntries = (await h.journal.read(run.id)).filter((e) => e.kind === 'user.skipped');
      expect(skippedEntries.map((e) => e.userId).sort()).toEqual([left, directGone].sort());
      expect((await h.control('/invariants')).violations).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('keeps working while the legacy automation adds and removes users', async () => {
    const h = await startHarness(fixture('automation-churn.json'));
    try {
      await h.control('/automation', 'POST', { enabled: true });
      const run = await preparedAndVerified(h, { id: '00000000-0000-0701-0000-000000000001' });
      await h.engine.planBatches(run.id, { canarySize: 5, growthFactor: 2 });
      const done = await approveAndRunAll(h, run.id);
      expect(['completed', 'paused']).toContain(done.status);
      expect((await outcomesOf(h.engine, run.id)).some((o) => o.outcome === 'failed')).toBe(false);
      expect(tallied(done, 'failed')).toBe(0);
      expect((await h.control('/invariants')).violations).toEqual([]);
    } finally {
      await h.control('/automation', 'POST', { enabled: false }).catch(() => {});
      await h.close();
    }
  });
});

describe('pause during a batch', () => {
  it('takes effect after the current chunk; the rest is skipped and can be re-planned', async () => {
    const h = await startHarness(contoso(60), { engine: { chunkSize: 10 } });
    try {
      const run = await preparedAndVerified(h, { id: ALL_USERS });
      const b = (await h.engine.planBatches(run.id, { canarySize: 60 })).batches[0];
      await h.engine.decideBatch(run.id, b.id, APPROVER);
      let paused = false;
      const result = await h.engine.executeBatch(run.id, b.id, (e) => {
        if (e.type === 'batchProgress' && !paused) {
          paused = true;
          void h.engine.pause(run.id, 'lunch', 'admin-1');
        }
      });
      expect(result.removed).toBeGreaterThanOrEqual(10);
      expect(result.removed).toBeLessThan(60);
      expect(result.skipped).toBe(60 - result.removed);
      const skipped = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'skipped');
      expect(skipped).toHaveLength(result.skipped);
      expect(skipped.every((o) => o.reason!.includes('lunch'))).toBe(true);
      // As data too, so a card says it in the reader's language: the pause's reason is the words of whoever paused it.
      for (const o of skipped)
        expect(o).toMatchObject({ code: 'notAttempted', detail: { kind: 'notAttempted', stop: 'paused', reason: 'lunch' } });
      // The result names them too (the journal's copy carries the time it was written).
      const named = (os: { userId: string; outcome: string; reason?: string }[]) => os.map((o) => [o.userId, o.outcome, o.reason]);
      expect(named(result.issues)).toEqual(named(skipped));
      const after = (await h.engine.getRun(run.id))!;
      expect(after.status).toBe('paused');
      await h.engine.resume(run.id, 'admin-1');
      const re = await h.engine.planBatches(run.id, { canarySize: 100 });
      const replanned = re.batches.filter((x) => x.status === 'planned')[0];
      expect(replanned.size).toBe(60 - result.removed);
      expect((await usersOf(h.engine, re, replanned)).sort()).toEqual(skipped.map((o) => o.userId).sort());
      const cancelled = await h.engine.cancel(run.id, 'admin-1');
      expect(cancelled.status).toBe('cancelled');
      await expect(h.engine.resume(run.id, 'admin-1')).rejects.toMatchObject({ code: 'illegalState' });
    } finally {
      await h.close();
    }
  });
});

describe('faults during removal: 429, 503 and dropped responses', () => {
  it('no double work and no loss', async () => {
    const h = await startHarness(contoso(40), { requestTimeoutMs: 5000, engine: { chunkSize: 5 } });
    try {
      const run = await preparedAndVerified(h, { id: ALL_USERS });
      await h.engine.planBatches(run.id, { canarySize: 10, growthFactor: 3 });
      await h.control('/stats/reset', 'POST');
      await h.control('/behaviour', 'PUT', { faults: { rate429: 0.05, rate503: 0.05, rateTimeout: 0.2 } });
      let current = (await h.engine.getRun(run.id))!;
      for (const b of current.batches) {
        await h.engine.decideBatch(run.id, b.id, APPROVER);
        await h.engine.executeBatch(run.id, b.id).catch((e) => {
          throw new Error(`batch ${b.id}: ${(e as Error).message}`);
        });
        current = (await h.engine.getRun(run.id))!;
        if (current.status === 'paused') break;
      }
      await h.control('/behaviour', 'PUT', { faults: { rate429: 0, rate503: 0, rateTimeout: 0 } });
      const stats = await h.control('/stats');
      const entries = await h.journal.read(run.id);
      // Each user removed at most once, and the journal agrees with the tenant.
      const removed = perUser(entries, 'license.removed');
      expect([...removed.values()].every((n) => n === 1)).toBe(true);
      const outcomes = await outcomesOf(h.engine, run.id);
      for (const o of outcomes) {
        const direct = await directOf(h, o.userId);
        if (o.outcome === 'removed') expect(direct).toBeNull();
        if (o.outcome === 'skipped') expect(direct).toEqual([]);
      }
      expect(removed.size).toBe(outcomes.filter((o) => o.outcome === 'removed').length);
      expect(removed.size).toBe(tallied(current, 'removed'));
      expect((await h.control('/invariants')).violations).toEqual([]);
      expect(stats.dropped).toBeGreaterThan(0);
      expect(stats.throttled + stats.serverErrors).toBeGreaterThan(0);

      // Whoever was skipped is migrated once the faults stop.
      if (current.status === 'paused') await h.engine.resume(run.id, 'admin-1');
      {
        await h.engine.planBatches(run.id, { canarySize: 100 });
        await approveAndRunAll(h, run.id);
      }
      let direct = 0;
      for await (const page of h.graph.usersWithSku(E3))
        direct += page.filter((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup === null)).length;
      expect(direct).toBe(0);
      expect((await h.control('/invariants')).violations).toEqual([]);
    } finally {
      await h.close();
    }
  }, 90_000);
});

class CrashingJournal implements Journal {
  private removed = 0;
  constructor(
    private readonly inner: Journal,
    private readonly crashAt: number,
  ) {}
  async append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry> {
    if (entry.kind === 'license.removed' && ++this.removed === this.crashAt) throw new Error('process killed');
    return this.inner.append(entry);
  }
  // A crash part-way through a group write keeps the entries before it, like complete lines before a torn one.
  async appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const out: JournalEntry[] = [];
    for (const e of entries) out.push(await this.append(e));
    return out;
  }
  read(runId: string): Promise<JournalEntry[]> {
    return this.inner.read(runId);
  }
  entries(runId: string): AsyncIterable<JournalEntry> {
    return this.inner.entries(runId);
  }
}

/** A 50-user run whose only batch was approved and whose process died after 25 journal appends, mid-batch. */
async function killedMidBatch(h: Harness) {
  const run = await preparedAndVerified(h, { id: ALL_USERS });
  const b = (await h.engine.planBatches(run.id, { canarySize: 50 })).batches[0];
  await h.engine.decideBatch(run.id, b.id, APPROVER);
  const dying = new MigrationService({ graph: h.graph, runs: h.runs, journal: new CrashingJournal(h.journal, 25), leaseMs: 0 });
  await expect(dying.executeBatch(run.id, b.id)).rejects.toThrow('process killed');
  return { run, b };
}

describe('a process restarted mid-batch', () => {
  it('resumes from the file stores without repeating a removal', async () => {
    const h = await startHarness(contoso(50), { file: true, engine: { leaseMs: 0 } });
    try {
      const { run, b } = await killedMidBatch(h);
      expect((await h.runs.get(run.id))!.value.batches[0].status).toBe('running');

      // A new process: new store objects over the same directory.
      const fresh = new MigrationService({ graph: h.graph, runs: new FileRunStore(h.dir!), journal: new FileJournal(h.dir!), leaseMs: 0 });
      await expect(fresh.executeBatch(run.id, b.id)).rejects.toMatchObject({ code: 'alreadyExecuted' });
      const results = await fresh.recoverInterrupted();
      expect(results).toHaveLength(1);
      expect(results[0].removed).toBe(50);
      const entries = await new FileJournal(h.dir!).read(run.id);
      const removing = perUser(entries, 'license.removing');
      const removed = perUser(entries, 'license.removed');
      expect(removing.size).toBe(50);
      expect([...removing.values()].every((n) => n === 1)).toBe(true);
      expect([...removed.values()].every((n) => n === 1)).toBe(true);
      expect(removed.size).toBe(50);
      const after = (await fresh.getRun(run.id))!;
      expect(after.batches[0].status).toBe('done');
      expect(after.status).toBe('completed');
      expect(new Set((await outcomesOf(fresh, run.id)).map((o) => o.userId)).size).toBe(50);
      expect(after.batches[0].tally).toEqual({ removed: 50, skipped: 0, failed: 0, restored: 0 });
      expect(await fresh.recoverInterrupted()).toEqual([]);
      expect((await h.control('/invariants')).violations).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('a process restarted mid-batch, with a user it cannot read back', () => {
  it('never judges an in-flight removal afresh: the user is failed as unconfirmed, read again by the settle check, and the run pauses', async () => {
    const h = await startHarness(contoso(50), { file: true, engine: { leaseMs: 0 } });
    try {
      const { run } = await killedMidBatch(h);
      const before = await new FileJournal(h.dir!).read(run.id);
      const settledUsers = new Set(before.filter((e) => e.kind !== 'license.removing' && e.userId).map((e) => e.userId));
      const inFlight = before.filter((e) => e.kind === 'license.removing' && !settledUsers.has(e.userId)).map((e) => e.userId!);
      expect(inFlight.length).toBeGreaterThan(0);
      const victim = inFlight[0];
      // Reads of that user after the restart keep failing for longer than the re-read retries last.
      await h.control('/triggers', 'POST', {
        method: 'GET',
        path: `/users/${victim}`,
        times: 60,
        respond: { status: 503, applied: false },
      });

      const fresh = new MigrationService({ graph: h.graph, runs: new FileRunStore(h.dir!), journal: new FileJournal(h.dir!), leaseMs: 0 });
      const [result] = await fresh.recoverInterrupted();
      await h.control('/triggers', 'DELETE');
      const outcome = (await outcomesOf(fresh, run.id)).find((o) => o.userId === victim);
      expect(outcome).toMatchObject({ outcome: 'failed', code: 'unconfirmed' });
      expect(result.pausedReason).toContain('could not be read back');
      // Whatever happened to the removal, the user has every service: through the group, or directly.
      const user = (await h.graph.getUser(victim))!;
      expect(user.licenseAssignmentStates.some((s) => s.skuId === E3 && s.state === 'Active')).toBe(true);
      expect((await h.control('/invariants')).violations).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('rollback', () => {
  it('re-adds direct assignments with exactly the recorded disabledPlans, per batch or whole run', async () => {
    const h = await startHarness(fixture('cohorts.json'));
    try {
      const yammerSway = ['7547a3fe-08ee-4ccb-b430-5077c5041653', 'a23b959c-7ce8-4e57-9140-b90eb88a9e97'];
      const run0 = await h.engine.createRun({
        requestedBy: 'admin-1',
        skuId: E3,
        cohortKey: cohortKey(E3, yammerSway),
        group: { createWithName: 'E3 minus Yammer and Sway' },
      });
      await h.engine.prepare(run0.id);
      const report = await h.engine.verify(run0.id);
      expect(report.summary.ready).toBe(10);
      await h.engine.planBatches(run0.id, { canarySize: 4 });
      const run = await approveAndRunAll(h, run0.id);
      expect((await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed')).toHaveLength(10);
      const [b0, b1] = run.batches;
      const [users0, users1] = [await usersOf(h.engine, run, b0), await usersOf(h.engine, run, b1)];
      for (const id of users0) expect(await directOf(h, id)).toBeNull();

      const one = await h.engine.rollback(run0.id, 'admin-1', b0.id);
      expect(one.map((o) => o.outcome)).toEqual(['restored', 'restored', 'restored', 'restored']);
      for (const id of users0) expect(await directOf(h, id)).toEqual([...yammerSway].sort());
      for (const id of users1) expect(await directOf(h, id)).toBeNull();

      const rest = await h.engine.rollback(run0.id, 'admin-1');
      expect(rest).toHaveLength(6);
      for (const id of [...users0, ...users1]) expect(await directOf(h, id)).toEqual([...yammerSway].sort());
      expect(await h.engine.rollback(run0.id, 'admin-1')).toEqual([]);
      const final = await h.engine.report(run0.id);
      expect(final.totals).toMatchObject({ removed: 10, restored: 10 });
      expect(final.run.batches.every((b) => b.status === 'rolledBack')).toBe(true);
      const entries = await h.journal.read(run0.id);
      expect(entries.filter((e) => e.kind === 'license.restored')).toHaveLength(10);
      expect(entries.filter((e) => e.kind === 'license.restoring').every((e) => e.undo!.disabledPlans.length === 2)).toBe(true);
      expect((await h.control('/invariants')).violations).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
