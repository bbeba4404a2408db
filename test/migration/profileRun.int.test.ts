import { EMS, groupOf, PBI, YAMMER } from '../support/profileRuns';
import { approveAndRunAll, directOf, E3, fixture, startHarness, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';
import type { LicenseProfile } from '../../src/migration/profiles';

/**
 * Fabrikam (fixtures/license-profiles.json): 42 users hold three products directly in five profiles. One run per
 * profile moves them all, with one license write per user whatever the number of products.
 */

async function userWrites(h: Harness): Promise<number> {
  return (await h.control('/stats')).requests?.['POST /users/{id}/assignLicense'] ?? 0;
}

async function profileRun(h: Harness, p: LicenseProfile) {
  const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: '', profileKey: p.key, group: groupOf(p) });
  await h.engine.prepare(run.id);
  const report = await h.engine.verify(run.id);
  await h.engine.planBatches(run.id);
  return { run, report };
}

describe('a run per license profile (several products, one write per user)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterEach(() => h.close());

  it('migrates every profile with one write per user, verified per product, and nobody loses a service', async () => {
    const plan = await h.engine.licensePlan();
    expect(plan.profiles).toHaveLength(5);
    const before = await userWrites(h);
    for (const p of plan.profiles) {
      const { run, report } = await profileRun(h, p);
      expect(run.licenses?.map((l) => l.skuPartNumber)).toEqual(p.licenses.map((l) => l.skuPartNumber));
      // One report per product, every profile user ready for each.
      const reports = report.bySku ?? [report];
      expect(reports.map((r) => r.skuPartNumber)).toEqual(p.licenses.map((l) => l.skuPartNumber));
      for (const r of reports) expect(r.summary.ready).toBe(p.users);
      const done = await approveAndRunAll(h, run.id);
      expect(done.status).toBe('completed');
      const removed = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed');
      expect(removed).toHaveLength(p.users);
    }
    // 42 users, 75 direct assignments: 42 writes.
    expect((await userWrites(h)) - before).toBe(42);
    expect((await h.control('/removals')).repeated).toEqual([]);
    const res = await fetch(`${h.sim.graphUrl}/users?$select=id,licenseAssignmentStates&$top=999`);
    const users = (
      (await res.json()) as { value: { id: string; licenseAssignmentStates: { skuId: string; assignedByGroup: string | null }[] }[] }
    ).value;
    expect(users).toHaveLength(42);
    // Nobody holds anything directly any more, and everyone still holds each product they had.
    expect(users.filter((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup === null)).map((u) => u.id)).toEqual([]);
    for (const sku of [E3, EMS, PBI])
      expect(users.filter((u) => u.licenseAssignmentStates.some((s) => s.skuId === sku)).length).toBe(
        plan.profiles.filter((p) => p.licenses.some((l) => l.skuId === sku)).reduce((n, p) => n + p.users, 0),
      );
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('a product not ready for one user stays direct with its reason while the others go in the same write', async () => {
    const plan = await h.engine.licensePlan();
    const e3ems = plan.profiles[0];
    const { run } = await profileRun(h, e3ems);
    const planned = (await h.engine.getRun(run.id))!;
    const canary = planned.batches[0];
    const someone = (await h.runs.readUserList(run.id, canary.listId!))[0];
    // Someone switches Yammer off in the user's direct E3 after the plan: the group would give it back (a gain no
    // approver accepted), so E3 stays direct; EMS is still exactly covered and goes.
    await h.control(`/users/${someone}/mutate`, 'POST', { setDirect: { skuId: E3, disabledPlans: [YAMMER] } });
    const done = await approveAndRunAll(h, run.id);
    expect(done.batches[0].tally.removed).toBe(canary.size);
    const mine = (await outcomesOf(h.engine, run.id)).find((o) => o.userId === someone)!;
    expect(mine.outcome).toBe('removed');
    expect(mine.reason).toMatch(/ENTERPRISEPACK: would gain ENTERPRISEPACK YAMMER_ENTERPRISE.*that direct assignment is kept/);
    expect(await directOf(h, someone, E3)).toEqual([YAMMER]);
    expect(await directOf(h, someone, EMS)).toBeNull();
    const removedEntry = (await h.journal.read(run.id)).find((e) => e.kind === 'license.removed' && e.userId === someone)!;
    expect(removedEntry.undo).toEqual({ skuId: EMS, disabledPlans: [] });
    expect(removedEntry.undoAll).toBeUndefined();
    // The report counts per product: E3 stayed with this one user, EMS went from everyone.
    const report = await h.engine.report(run.id);
    expect(report.bySku).toEqual([
      { skuId: E3, skuPartNumber: 'ENTERPRISEPACK', removed: e3ems.users - 1, kept: 1 },
      { skuId: EMS, skuPartNumber: 'EMS', removed: e3ems.users, kept: 0 },
    ]);
    // The spot check speaks per product too.
    const spot = await h.engine.spotCheck(run.id, someone);
    expect(spot.bySku?.map((x) => [x.skuPartNumber, x.class])).toEqual([
      ['ENTERPRISEPACK', 'planGain'],
      ['EMS', 'inheritedOnly'],
    ]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('rollback gives back every product one write removed, with its plans', async () => {
    const plan = await h.engine.licensePlan();
    const yammerLess = plan.profiles[2];
    const { run } = await profileRun(h, yammerLess);
    await approveAndRunAll(h, run.id);
    const ids = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed').map((o) => o.userId);
    expect(ids).toHaveLength(5);
    const entry = (await h.journal.read(run.id)).find((e) => e.kind === 'license.removed')!;
    expect(entry.undoAll?.map((u) => u.skuId)).toEqual([E3, EMS]);
    expect((await h.engine.report(run.id)).bySku?.map((x) => x.removed)).toEqual([5, 5]);
    const outcomes = await h.engine.rollback(run.id, 'admin-1');
    expect(outcomes.filter((o) => o.outcome === 'restored')).toHaveLength(5);
    // Rolled back: nobody is without a direct assignment because of the run any more, nor kept one it left them.
    expect((await h.engine.report(run.id)).bySku?.map((x) => [x.removed, x.kept])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    for (const id of ids) {
      expect(await directOf(h, id, E3)).toEqual([YAMMER]);
      expect(await directOf(h, id, EMS)).toEqual([]);
    }
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});

describe("merging a small profile into a larger profile's group", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterEach(() => h.close());

  it('moves E3-only users into the E3 + EMS group: they gain EMS (said on the pre-flight) and lose their direct E3 in one write each', async () => {
    const plan = await h.engine.licensePlan();
    const [e3ems, e3only] = plan.profiles;
    const run = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: '',
      profileKey: e3only.key,
      intoProfileKey: e3ems.key,
      group: groupOf(e3ems),
    });
    expect(run.licenses?.map((l) => l.skuPartNumber)).toEqual(['ENTERPRISEPACK', 'EMS']);
    expect(run.cohortKeys).toEqual([`${E3}:`]);
    const merge = (await h.engine.preflight(run.id)).find((f) => f.code === 'mergeGain')!;
    expect(merge.message).toBe(
      '10 user(s) of another license profile join the group of ENTERPRISEPACK + EMS and gain all of Enterprise Mobility + Security E3 as soon as the bot adds them to the group; nobody loses a service.',
    );
    const before = (await h.control('/stats')).requests?.['POST /users/{id}/assignLicense'] ?? 0;
    await h.engine.prepare(run.id);
    const report = await h.engine.verify(run.id);
    expect(report.bySku?.map((r) => [r.skuPartNumber, r.summary.ready, r.summary.inheritedOnly])).toEqual([
      ['ENTERPRISEPACK', 10, 0],
      ['EMS', 0, 10],
    ]);
    await h.engine.planBatches(run.id);
    expect((await approveAndRunAll(h, run.id)).status).toBe('completed');
    const removed = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed');
    expect(removed).toHaveLength(10);
    // Nothing was kept: EMS was never theirs directly.
    expect(removed.every((o) => o.reason === undefined)).toBe(true);
    expect(((await h.control('/stats')).requests?.['POST /users/{id}/assignLicense'] ?? 0) - before).toBe(10);
    for (const o of removed) {
      expect(await directOf(h, o.userId, E3)).toBeNull();
      const u = await h.graph.getUser(o.userId);
      expect(u!.licenseAssignmentStates.some((s) => s.skuId === EMS && s.state === 'Active')).toBe(true);
    }
    expect((await h.engine.report(run.id)).bySku).toEqual([
      { skuId: E3, skuPartNumber: 'ENTERPRISEPACK', removed: 10, kept: 0 },
      { skuId: EMS, skuPartNumber: 'EMS', removed: 0, kept: 0 },
    ]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('refuses a merge that would cost a service, and creates no run', async () => {
    const plan = await h.engine.licensePlan();
    const [e3ems, e3only] = plan.profiles;
    await expect(
      h.engine.createRun({ requestedBy: 'admin-1', skuId: '', profileKey: e3ems.key, intoProfileKey: e3only.key, group: groupOf(e3only) }),
    ).rejects.toThrow(/would lose a service with ENTERPRISEPACK: merge refused/);
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('refuses a merge target without the profile to merge, and a cohort with a profile: no run is made of half a request', async () => {
    const plan = await h.engine.licensePlan();
    const [e3ems] = plan.profiles;
    await expect(
      h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', intoProfileKey: e3ems.key, group: groupOf(e3ems) }),
    ).rejects.toThrow(/intoProfileKey needs profileKey/);
    await expect(
      h.engine.createRun({ requestedBy: 'admin-1', skuId: '', profileKey: e3ems.key, cohortKey: `${E3}:`, group: groupOf(e3ems) }),
    ).rejects.toThrow(/cohortKey .* profileKey/);
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('a plan gained within a product still needs the approval to accept it', async () => {
    const plan = await h.engine.licensePlan();
    const e3ems = plan.profiles[0];
    const noYammer = plan.profiles[2];
    const run = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: '',
      profileKey: noYammer.key,
      intoProfileKey: e3ems.key,
      group: groupOf(e3ems),
    });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    const planned = await h.engine.planBatches(run.id);
    // The gain is named with its product: a plan name can be in several products of the run.
    expect(planned.batches[0].gain).toEqual({ users: planned.batches[0].size, plans: ['ENTERPRISEPACK YAMMER_ENTERPRISE'] });
    // Approved without accepting the gain: E3 stays direct (with its reason), EMS goes in the same write.
    await h.engine.decideBatch(run.id, planned.batches[0].id, { approverId: 'approver-1', decision: 'approve', at: '' });
    await h.engine.executeBatch(run.id, planned.batches[0].id);
    const first = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed');
    expect(first.length).toBe(planned.batches[0].size);
    for (const o of first) {
      expect(o.reason).toMatch(/ENTERPRISEPACK: would gain ENTERPRISEPACK YAMMER_ENTERPRISE/);
      expect(await directOf(h, o.userId, E3)).toEqual([YAMMER]);
      expect(await directOf(h, o.userId, EMS)).toBeNull();
    }
    // Planned again and approved with the gain accepted: their direct E3 goes too.
    const again = await h.engine.planBatches(run.id);
    const next = again.batches.at(-1)!;
    expect(next.gain?.plans).toEqual(['ENTERPRISEPACK YAMMER_ENTERPRISE']);
    await h.engine.decideBatch(run.id, next.id, { approverId: 'approver-1', decision: 'approve', acceptGain: true, at: '' });
    await h.engine.executeBatch(run.id, next.id);
    for (const o of first) expect(await directOf(h, o.userId, E3)).toBeNull();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});

describe('drift watch and follow-up of a profile run', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'), { file: true });
  });
  afterEach(() => h.close());

  it('sees direct assignments of any of its products once per user, and follows up with a run of the same products', async () => {
    const plan = await h.engine.licensePlan();
    const { run } = await profileRun(h, plan.profiles[0]);
    expect((await approveAndRunAll(h, run.id)).status).toBe('completed');
    const removed = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed').map((o) => o.userId);
    expect((await h.engine.checkDrift(run.id, { owner: 'a' })).baseline).toBe(true);
    const [both, emsOnly] = removed;
    // The legacy automation hands out the whole profile to one user again, and EMS alone to another.
    await h.control(`/users/${both}/mutate`, 'POST', { setDirect: { skuId: E3, disabledPlans: [] } });
    await h.control(`/users/${both}/mutate`, 'POST', { setDirect: { skuId: EMS, disabledPlans: [] } });
    await h.control(`/users/${emsOnly}/mutate`, 'POST', { setDirect: { skuId: EMS, disabledPlans: [] } });
    const drift = await h.engine.checkDrift(run.id, { owner: 'a' });
    expect(drift.findings.newDirect.count).toBe(2);
    expect(drift.findings.newDirect.sample.map((u) => u.userId).sort()).toEqual([both, emsOnly].sort());

    const { followUpRequest } = await import('../../src/migration/drift');
    const done = (await h.engine.getRun(run.id))!;
    const follow = await h.engine.createRun(followUpRequest(done, { id: 'admin-2' }));
    expect(follow.licenses).toEqual(done.licenses);
    expect(follow.groupId).toBe(done.groupId);
    await h.engine.prepare(follow.id);
    await h.engine.verify(follow.id);
    await h.engine.planBatches(follow.id);
    const before = (await h.control('/stats')).requests?.['POST /users/{id}/assignLicense'] ?? 0;
    expect((await approveAndRunAll(h, follow.id)).status).toBe('completed');
    // Both are group members with direct assignments the group covers: one write each, whatever the products.
    const again = (await outcomesOf(h.engine, follow.id)).filter((o) => o.outcome === 'removed').map((o) => o.userId);
    expect(again.sort()).toEqual([both, emsOnly].sort());
    expect(((await h.control('/stats')).requests?.['POST /users/{id}/assignLicense'] ?? 0) - before).toBe(2);
    for (const id of [both, emsOnly]) {
      expect(await directOf(h, id, E3)).toBeNull();
      expect(await directOf(h, id, EMS)).toBeNull();
    }
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
