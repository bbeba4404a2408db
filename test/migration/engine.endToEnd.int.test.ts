import { approveAndRunAll, contoso, preparedAndVerified, startHarness, E3, type Harness } from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { outcomesOf, tallied, usersOf } from '../support/runState';

describe('contoso worked example, end to end over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(contoso(120));
  });
  afterAll(() => h.close());

  it('migrates every user with no invariant violation and no direct assignment left', async () => {
    const discovery = await h.engine.discover('ENTERPRISEPACK', ALL_USERS);
    expect(discovery.directHolders).toBe(120);
    expect(discovery.cohorts).toHaveLength(1);
    expect(discovery.notInGroupUserIds).toEqual([]);

    const events: string[] = [];
    const run0 = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
    expect(run0.status).toBe('created');
    expect(await h.engine.preflight(run0.id)).toEqual([]);
    await h.engine.prepare(run0.id, (e) => events.push(e.type));
    const report = await h.engine.verify(run0.id, { onProgress: (e) => events.push(e.type) });
    expect(report.processingState).toBe('ProcessingComplete');
    expect(report.summary.ready).toBe(120);
    expect(events).toContain('processing');
    expect((await h.engine.getRun(run0.id))!.status).toBe('verified');

    const spot = await h.engine.spotCheck(run0.id, report.samples.ready[0].userPrincipalName);
    expect(spot.class).toBe('ready');
    expect(spot.plans.every((p) => p.direct === true && p.inherited === true && p.effective)).toBe(true);

    const planned = await h.engine.planBatches(run0.id);
    expect(planned.batches.map((b) => b.size)).toEqual([10, 40, 70]);
    const lists = await Promise.all(planned.batches.map((b) => usersOf(h.engine, planned, b)));
    expect(lists.map((l) => l.length)).toEqual([10, 40, 70]);
    expect(new Set(lists.flat()).size).toBe(120);
    expect(planned.batches.map((b) => b.sample)).toEqual(lists.map((l) => l.slice(0, 10)));
    const run = await approveAndRunAll(h, run0.id);
    expect(run.status).toBe('completed');
    expect((await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed')).toHaveLength(120);
    expect(run.batches.map((b) => b.tally)).toEqual(lists.map((l) => ({ removed: l.length, skipped: 0, failed: 0, restored: 0 })));
    expect(tallied(run, 'removed')).toBe(120);

    const { violations } = await h.control('/invariants');
    expect(violations).toEqual([]);
    let direct = 0;
    for await (const page of h.graph.usersWithSku(E3)) {
      for (const u of page) {
        if (u.licenseAssignmentStates.some((s) => s.assignedByGroup === null)) direct++;
        expect(u.licenseAssignmentStates).toEqual([expect.objectContaining({ assignedByGroup: ALL_USERS, state: 'Active' })]);
      }
    }
    expect(direct).toBe(0);

    const entries = await h.journal.read(run0.id);
    const removing = entries.filter((e) => e.kind === 'license.removing');
    const removed = entries.filter((e) => e.kind === 'license.removed');
    expect(removing).toHaveLength(120);
    expect(removed).toHaveLength(120);
    // Every removal is journaled before and after, with its undo.
    for (const r of removed) {
      const before = removing.find((e) => e.userId === r.userId)!;
      expect(before.seq).toBeLessThan(r.seq);
      expect(r.undo).toEqual({ skuId: E3, disabledPlans: [] });
    }
    const rep = await h.engine.report(run0.id);
    expect(rep.totals).toEqual({ removed: 120, skipped: 0, failed: 0, restored: 0, remaining: 0 });
    expect(rep.issues).toEqual([]);
  });
});

describe('a run that creates its own group', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(contoso(25));
  });
  afterAll(() => h.close());

  it('creates a security group, adds the cohort, licenses it and migrates', async () => {
    const run = await preparedAndVerified(h, { createWithName: 'E3 licensing' });
    expect(run.createdGroup).toBe(true);
    expect(run.groupId).toMatch(/^[0-9a-f-]{36}$/);
    const group = await h.graph.getGroup(run.groupId);
    expect(group).toMatchObject({ securityEnabled: true, mailEnabled: false, assignedLicenses: [{ skuId: E3, disabledPlans: [] }] });
    expect(run.lastVerification!.summary.ready).toBe(25);
    await h.engine.planBatches(run.id);
    const done = await approveAndRunAll(h, run.id);
    expect(done.status).toBe('completed');
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
