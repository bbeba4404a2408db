import type { JournalEntry } from '../../src/migration/types';
import type { Journal } from '../../src/migration/store';
import { MigrationService } from '../../src/migration/engine';
import { APPROVER, contoso, directOf, preparedAndVerified, startHarness, type Harness } from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { outcomesOf, usersOf } from '../support/runState';

// Work passes from one process to the next: a sweep finds what no live process holds, a takeover is a
// compare-and-swap, and a graceful stop hands the lease back at once. (The real-process kill is test/chaos.)
const FAST = { pollIntervalMs: 50, settleTimeoutMs: 15_000 };
const removalsOf = (entries: JournalEntry[], userId: string) =>
  entries.filter((e) => e.userId === userId && e.kind === 'license.removed').length;

describe('a graceful stop hands running work to the next instance', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(40));
  });
  afterEach(() => h.close());

  it('a batch stops after the chunks in flight, keeps its users, and another engine continues it at once', async () => {
    const run = await preparedAndVerified(h, { id: ALL_USERS });
    const b = (await h.engine.planBatches(run.id, { canarySize: 40 })).batches[0];
    await h.engine.decideBatch(run.id, b.id, APPROVER);
    // Slow answers so the stop lands while chunks are in flight.
    await h.control('/behaviour', 'PUT', { latencyMs: 150 });
    const first = h.newEngine({ ...FAST, chunkSize: 5, chunkConcurrency: 1, leaseMs: 60_000 });
    const running = first.executeBatch(run.id, b.id);
    await new Promise((r) => setTimeout(r, 900));
    await first.handBack();
    await expect(running).rejects.toMatchObject({ code: 'handedBack' });

    const handed = (await h.engine.getRun(run.id))!.batches[0];
    expect(handed.status).toBe('running');
    expect(new Date(handed.leaseUntil!).getTime()).toBeLessThanOrEqual(Date.now());
    const journal = await h.journal.read(run.id);
    expect(journal.filter((e) => e.kind === 'batch.handedBack')).toHaveLength(1);
    expect(journal.filter((e) => e.kind === 'user.skipped')).toEqual([]);
    const doneBefore = journal.filter((e) => e.kind === 'license.removed').length;
    expect(doneBefore).toBeGreaterThan(0);
    expect(doneBefore).toBeLessThan(40);
    await expect(first.executeBatch(run.id, b.id)).rejects.toMatchObject({ code: 'handedBack' });

    // The next engine's sweep sees it at once, although its lease would have had a minute left.
    await h.control('/behaviour', 'PUT', { latencyMs: 0 });
    const next = h.newEngine({ ...FAST, leaseMs: 60_000 });
    const work = await next.interruptedWork();
    expect(work).toEqual([{ kind: 'batch', runId: run.id, batchId: b.id, executionKey: handed.executionKey }]);
    const events: unknown[] = [];
    const result = await next.resumeBatch(run.id, b.id, handed.executionKey, (e) => events.push(e));
    expect(events[0]).toEqual({ type: 'batchResumed', runId: run.id, batchId: b.id, done: doneBefore, total: 40 });
    expect(result).toMatchObject({ removed: 40, skipped: 0, failed: 0 });
    const after = await h.journal.read(run.id);
    const users = await usersOf(h.engine, run, b);
    expect(users).toHaveLength(40);
    // Each user has one outcome, whichever engine handled them.
    const outcomes = await outcomesOf(h.engine, run.id);
    expect(outcomes.map((o) => o.userId).sort()).toEqual([...users].sort());
    for (const id of users) {
      expect(removalsOf(after, id)).toBe(1);
      expect(await directOf(h, id)).toBeNull();
    }
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('a second sweep with the old key finds nothing to take: the takeover is a compare-and-swap', async () => {
    const run = await preparedAndVerified(h, { id: ALL_USERS });
    const b = (await h.engine.planBatches(run.id, { canarySize: 10 })).batches[0];
    await h.engine.decideBatch(run.id, b.id, APPROVER);
    await h.control('/behaviour', 'PUT', { latencyMs: 150 });
    const first = h.newEngine({ ...FAST, chunkSize: 5, chunkConcurrency: 1 });
    const running = first.executeBatch(run.id, b.id);
    await new Promise((r) => setTimeout(r, 600));
    await first.handBack();
    await running.catch(() => undefined);
    await h.control('/behaviour', 'PUT', { latencyMs: 0 });
    const seen = (await h.engine.getRun(run.id))!.batches[0].executionKey;
    const [a, c] = [h.newEngine(FAST), h.newEngine(FAST)];
    const results = await Promise.allSettled([a.resumeBatch(run.id, b.id, seen), c.resumeBatch(run.id, b.id, seen)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'alreadyExecuted' } });
    const journal = await h.journal.read(run.id);
    for (const id of await usersOf(h.engine, run, b)) expect(removalsOf(journal, id)).toBe(1);
  });
});

describe('the preparation is held under a lease too', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(12));
  });
  afterEach(() => h.close());

  it('is refused to a second caller while held, handed back during the processing wait, and finished by the next engine', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 3000 });
    const first = h.newEngine({ ...FAST, leaseMs: 60_000 });
    const phases: string[] = [];
    const preparing = first.prepareAndPlan(run.id, { onProgress: (e) => e.type === 'processing' && phases.push(String(e.state)) });
    while (phases.length === 0) await new Promise((r) => setTimeout(r, 20));
    await expect(h.newEngine(FAST).prepareAndPlan(run.id)).rejects.toMatchObject({ code: 'alreadyExecuted' });
    expect(await h.newEngine(FAST).interruptedWork()).toEqual([]);

    await first.handBack();
    await expect(preparing).rejects.toMatchObject({ code: 'handedBack' });
    const held = (await h.engine.getRun(run.id))!;
    expect(held.status).toBe('prepared');
    const work = await h.newEngine(FAST).interruptedWork();
    expect(work).toEqual([{ kind: 'preparation', runId: run.id, owner: held.preparation!.owner }]);

    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 100 });
    let announced = 0;
    const { run: planned, report } = await h.newEngine(FAST).prepareAndPlan(run.id, {
      takeOver: held.preparation!.owner,
      onPlanned: async () => {
        announced++;
      },
    });
    expect(announced).toBe(1);
    expect(report.summary.ready).toBe(12);
    expect(planned).toMatchObject({ status: 'verified' });
    expect(planned.preparation).toBeUndefined();
    expect(planned.batches.length).toBeGreaterThan(0);
    const kinds = (await h.journal.read(run.id)).map((e) => e.kind).filter((k) => k.startsWith('preparation.'));
    expect(kinds).toEqual(['preparation.started', 'preparation.handedBack', 'preparation.started', 'preparation.finished']);
    // Taking over with a holder that is gone is refused: someone else finished it.
    await expect(h.newEngine(FAST).prepareAndPlan(run.id, { takeOver: held.preparation!.owner })).rejects.toMatchObject({
      code: 'alreadyExecuted',
    });
  });

  it('a preparation that fails for a reason a retry would not mend is not left for the sweep', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 5000 });
    await expect(h.newEngine(FAST).prepareAndPlan(run.id, { verifyTimeoutMs: 200 })).rejects.toMatchObject({ code: 'illegalState' });
    expect((await h.engine.getRun(run.id))!.preparation).toBeUndefined();
    expect(await h.newEngine(FAST).interruptedWork()).toEqual([]);
  });
});

describe('an approved batch nobody started', () => {
  it('is found by the sweep once a lease has passed since the approval, and runs once', async () => {
    const h = await startHarness(contoso(6));
    try {
      const run = await preparedAndVerified(h, { id: ALL_USERS });
      const b = (await h.engine.planBatches(run.id, { canarySize: 6 })).batches[0];
      const engine = h.newEngine({ ...FAST, leaseMs: 300 });
      await engine.decideBatch(run.id, b.id, { ...APPROVER, at: new Date().toISOString() });
      expect(await engine.interruptedWork()).toEqual([]);
      await new Promise((r) => setTimeout(r, 350));
      expect(await engine.interruptedWork()).toEqual([{ kind: 'approvedBatch', runId: run.id, batchId: b.id }]);
      const results = await Promise.allSettled([engine.executeBatch(run.id, b.id), h.newEngine(FAST).executeBatch(run.id, b.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await engine.interruptedWork()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('what a sweep continues when something fails', () => {
  it('a preparation failing for a reason that may pass is handed back and tried again, then reported after 5 attempts', async () => {
    const h = await startHarness(contoso(6));
    try {
      const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
      const teamsDown = async () => {
        throw new Error('Teams answered 502');
      };
      await expect(h.newEngine(FAST).prepareAndPlan(run.id, { onPlanned: teamsDown })).rejects.toMatchObject({ code: 'handedBack' });
      for (let attempt = 2; attempt <= 5; attempt++) {
        const [work] = await h.engine.interruptedWork();
        expect(work).toMatchObject({ kind: 'preparation', runId: run.id });
        const call = h.newEngine(FAST).prepareAndPlan(run.id, { takeOver: (work as { owner: string }).owner, onPlanned: teamsDown });
        if (attempt < 5) await expect(call).rejects.toMatchObject({ code: 'handedBack' });
        else await expect(call).rejects.toThrow('Teams answered 502');
      }
      const after = (await h.engine.getRun(run.id))!;
      expect(after.preparation).toBeUndefined();
      expect(await h.engine.interruptedWork()).toEqual([]);
      // The plan made on the first attempt was kept, not replaced, by the attempts after it.
      const kinds = (await h.journal.read(run.id)).filter((e) => e.kind === 'preparation.started').map((e) => e.detail?.attempt);
      expect(kinds).toEqual([1, 2, 3, 4, 5]);
      expect(after.batches.map((b) => b.id)).toEqual(['b0']);
    } finally {
      await h.close();
    }
  });

  it('an approval saved but not journaled (the process stopped between the two) is journaled before its batch starts', async () => {
    const h = await startHarness(contoso(6));
    try {
      const run = await preparedAndVerified(h, { id: ALL_USERS });
      const b = (await h.engine.planBatches(run.id, { canarySize: 6 })).batches[0];
      const lost: Journal = {
        append: (e) => (e.kind === 'batch.approval' ? Promise.reject(new Error('process killed')) : h.journal.append(e)),
        appendMany: (es) => h.journal.appendMany(es),
        read: (id) => h.journal.read(id),
        entries: (id) => h.journal.entries(id),
      };
      const dying = new MigrationService({ graph: h.graph, runs: h.runs, journal: lost, ...FAST });
      await expect(dying.decideBatch(run.id, b.id, APPROVER)).rejects.toThrow('process killed');
      expect((await h.journal.read(run.id)).filter((e) => e.kind === 'batch.approval')).toEqual([]);

      const result = await h.newEngine(FAST).startApprovedBatch(run.id, b.id);
      expect(result.removed).toBe(6);
      const journal = await h.journal.read(run.id);
      const approvalAt = journal.findIndex((e) => e.kind === 'batch.approval' && e.batchId === b.id);
      expect(journal[approvalAt]).toMatchObject({ actorId: APPROVER.approverId, detail: { journaledAfterRestart: true } });
      expect(approvalAt).toBeLessThan(journal.findIndex((e) => e.kind === 'license.removed'));
    } finally {
      await h.close();
    }
  });
});
