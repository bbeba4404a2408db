import { MigrationError } from '../../src/migration/errors';
import type { JournalEntry, Run, UserClassification } from '../../src/migration/types';
import { APPROVER, directOf, processingSettled, startHarness, type Harness } from '../support/engineHarness';
import { allUsersOf, outcomesOf } from '../support/runState';
import { COVERAGE_USERS, RUN_GROUP, SWAY, WITHOUT_YAMMER, YAMMER, coverageTenant, coverageUser } from '../support/coverageFixture';

const ids = (ns: number[]) => ns.map(coverageUser).sort();
const SECOND = { approverId: '00000000-0000-0000-0000-0000000000a2', decision: 'approve' as const, at: '' };

async function verifyAll(h: Harness, runId: string, engine = h.engine) {
  const users: UserClassification[] = [];
  const report = await engine.verify(runId, { onUsers: (page) => users.push(...page) });
  const of = (cls: string) =>
    users
      .filter((u) => u.class === cls)
      .map((u) => u.userId)
      .sort();
  return { report, users, of };
}

async function journalOf(h: Harness, runId: string): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for await (const e of h.journal.entries(runId)) out.push(e);
  return out;
}

/** Waits until the simulator has no group or membership processing queued. */
async function allSettled(h: Harness): Promise<void> {
  await processingSettled(h);
  const until = Date.now() + 20_000;
  while ((await h.control('/health')).processingMemberships) {
    if (Date.now() > until) throw new Error('membership processing did not settle');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('coverage: exactly the same services, unless an approver accepts the gain; the union of group paths', () => {
  let h: Harness;
  let run: Run;
  beforeAll(async () => {
    h = await startHarness(coverageTenant(), { engine: { batchPolicy: { canarySize: 20, maxBatchSize: 20 } } });
    run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: RUN_GROUP } });
    expect(run.disabledPlans).toEqual([SWAY]);
    await h.engine.prepare(run.id);
  });
  afterAll(() => h.close());

  it('classifies union-covered users ready (naming the group they rely on), gains as planGain, losses as planMismatch', async () => {
    const { report, users, of } = await verifyAll(h, run.id);
    const u = COVERAGE_USERS;
    expect(of('ready')).toEqual(ids([...u.cohort, ...u.union]));
    expect(of('planGain')).toEqual(ids(u.gain));
    expect(of('planMismatch')).toEqual(ids([...u.mismatch, ...u.mismatchBoth]));
    expect(report.summary).toMatchObject({ ready: 9, planGain: 2, planMismatch: 2, pending: 0, error: 0 });
    expect(report.gainedPlans).toEqual(['YAMMER_ENTERPRISE']);
    expect(report.reliedOn).toEqual([{ groupId: WITHOUT_YAMMER, groupDisplayName: 'E3 without Yammer', users: 3, plans: ['SWAY'] }]);
    const gain = users.find((x) => x.userId === coverageUser(u.gain[0]))!;
    expect(gain).toMatchObject({ gainedPlans: ['YAMMER_ENTERPRISE'], directDisabledPlans: expect.arrayContaining([SWAY, YAMMER]) });
    // The fix names only what the union lacks, in words that fit the user's groups.
    const alone = users.find((x) => x.userId === coverageUser(u.mismatch[0]))!;
    expect(alone).toMatchObject({ missingPlans: ['SWAY'], fix: expect.stringMatching(/^The group license disables SWAY,/) });
    const both = users.find((x) => x.userId === coverageUser(u.mismatchBoth[0]))!;
    expect(both).toMatchObject({
      missingPlans: ['SWAY'],
      fix: expect.stringMatching(/^Neither the group license nor the user's other groups enable SWAY,/),
    });
    // The spot check names the other group the user relies on.
    const spot = await h.engine.spotCheck(run.id, coverageUser(u.union[0]));
    expect(spot).toMatchObject({
      class: 'ready',
      reliesOn: [{ groupId: WITHOUT_YAMMER, groupDisplayName: 'E3 without Yammer', plans: ['SWAY'] }],
    });
    expect(
      spot.paths
        .map((p) => p.groupDisplayName)
        .filter(Boolean)
        .sort(),
    ).toEqual(['E3 without Yammer', 'Licensing: E3 without Sway']);
  });

  it('COVERAGE=run-group keeps the stricter rule: the union users are planMismatch again, missing SWAY', async () => {
    const strict = h.newEngine({ coverage: 'run-group' });
    const { report, users, of } = await verifyAll(h, run.id, strict);
    expect(of('planMismatch')).toEqual(ids([...COVERAGE_USERS.union, ...COVERAGE_USERS.mismatch, ...COVERAGE_USERS.mismatchBoth]));
    expect(report.summary).toMatchObject({ ready: 6, planGain: 2, planMismatch: 5 });
    expect(report.reliedOn).toEqual([]);
    const union = users.find((x) => x.userId === coverageUser(COVERAGE_USERS.union[0]))!;
    expect(union).toMatchObject({ missingPlans: ['SWAY'], fix: expect.stringMatching(/^The group license disables SWAY,/) });
    expect(() => h.newEngine({ coverage: 'everything' as never })).toThrow(MigrationError);
  });

  it('plans planGain users into batches, but removes them only when the approval accepted the gain', async () => {
    let planned = await h.engine.planBatches(run.id);
    expect(planned.batches).toHaveLength(1);
    const [batch] = planned.batches;
    expect((await allUsersOf(h.engine, planned)).sort()).toEqual(
      ids([...COVERAGE_USERS.cohort, ...COVERAGE_USERS.union, ...COVERAGE_USERS.gain]),
    );
    expect(batch.gain).toEqual({ users: 2, plans: ['YAMMER_ENTERPRISE'] });
    expect(batch.reliedOn).toEqual([{ groupId: WITHOUT_YAMMER, groupDisplayName: 'E3 without Yammer', users: 3, plans: ['SWAY'] }]);

    // Whatever a caller sends, the engine decides what was accepted: a forged acceptedGain is dropped, and an
    // acceptance with a rejection is refused.
    await expect(h.engine.decideBatch(run.id, batch.id, { ...APPROVER, decision: 'reject', acceptGain: true })).rejects.toThrow(
      /Only an approval can accept a gain/,
    );
    await expect(h.engine.decideBatch(run.id, batch.id, { ...APPROVER, acceptGain: 'yes' as never })).rejects.toThrow(/acceptGain must be/);
    planned = await h.engine.decideBatch(run.id, batch.id, { ...APPROVER, acceptedGain: ['YAMMER_ENTERPRISE'] });
    expect(planned.batches[0].approvals[0].acceptedGain).toBeUndefined();

    const result = await h.engine.executeBatch(run.id, batch.id);
    expect(result).toMatchObject({ removed: 9, skipped: 2, failed: 0 });
    const outcomes = await outcomesOf(h.engine, run.id);
    for (const n of COVERAGE_USERS.gain) {
      expect(await directOf(h, coverageUser(n))).toEqual([SWAY, YAMMER].sort());
      expect(outcomes.find((o) => o.userId === coverageUser(n))).toMatchObject({
        outcome: 'skipped',
        code: 'planGain',
        reason: expect.stringMatching(/would gain YAMMER_ENTERPRISE, .*did not accept/),
      });
    }
    // The union users lost their direct assignment and keep every plan through the two groups together.
    for (const n of COVERAGE_USERS.union) {
      expect(await directOf(h, coverageUser(n))).toBeNull();
      const user = (await h.graph.getUser(coverageUser(n)))!;
      const groups = user.licenseAssignmentStates.filter((s) => s.state === 'Active').map((s) => s.assignedByGroup);
      expect(groups.sort()).toEqual([RUN_GROUP, WITHOUT_YAMMER].sort());
    }
    for (const n of [...COVERAGE_USERS.mismatch, ...COVERAGE_USERS.mismatchBoth]) expect(await directOf(h, coverageUser(n))).toEqual([]);
    expect(h.sim.invariants()).toEqual([]);
    expect((await journalOf(h, run.id)).filter((e) => e.kind === 'batch.approval' && e.detail?.acceptedGain)).toEqual([]);
  });

  it('an approval that accepts the gain releases the planGain users, and the journal records who accepted which plans', async () => {
    // The skipped users reopen the completed run when it is planned again.
    let planned = await h.engine.planBatches(run.id);
    const batch = planned.batches.find((b) => b.status === 'planned')!;
    expect((await h.engine.batchUsers(run.id, batch.id)).sort()).toEqual(ids(COVERAGE_USERS.gain));
    planned = await h.engine.decideBatch(run.id, batch.id, { ...APPROVER, acceptGain: true });
    expect(planned.batches.find((b) => b.id === batch.id)!.approvals[0]).toMatchObject({ acceptedGain: ['YAMMER_ENTERPRISE'] });
    const result = await h.engine.executeBatch(run.id, batch.id);
    expect(result).toMatchObject({ removed: 2, skipped: 0, failed: 0 });
    for (const n of COVERAGE_USERS.gain) expect(await directOf(h, coverageUser(n))).toBeNull();
    const journal = await journalOf(h, run.id);
    const acceptance = journal.find((e) => e.kind === 'batch.approval' && e.batchId === batch.id)!;
    expect(acceptance).toMatchObject({
      actorId: APPROVER.approverId,
      batchId: batch.id,
      detail: { decision: 'approve', acceptedGain: ['YAMMER_ENTERPRISE'], gainUsers: 2 },
    });
    // Every removal of a gaining user follows that acceptance.
    const at = journal.indexOf(acceptance);
    for (const n of COVERAGE_USERS.gain)
      expect(journal.findIndex((e) => e.kind === 'license.removing' && e.userId === coverageUser(n))).toBeGreaterThan(at);
    await allSettled(h);
    expect(h.sim.invariants()).toEqual([]);
    expect((await h.engine.getRun(run.id))!.status).toBe('completed');
  });
});

describe('coverage at removal time: fresh reads, the same rule, and other groups confirmed', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('a gain accepted by one approver of a quorum of two is not accepted', async () => {
    h = await startHarness(coverageTenant(), {
      engine: { defaultRequiredApprovals: 2, batchPolicy: { canarySize: 20, maxBatchSize: 20 } },
    });
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: RUN_GROUP } });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    const [batch] = (await h.engine.planBatches(run.id)).batches;
    await h.engine.decideBatch(run.id, batch.id, { ...APPROVER, acceptGain: true });
    await h.engine.decideBatch(run.id, batch.id, SECOND);
    const result = await h.engine.executeBatch(run.id, batch.id);
    expect(result).toMatchObject({ removed: 9, skipped: 2 });
    for (const n of COVERAGE_USERS.gain) expect(await directOf(h, coverageUser(n))).toEqual([SWAY, YAMMER].sort());
    expect(h.sim.invariants()).toEqual([]);
  });

  it('a user who left the other group they rely on is not removed while Entra has yet to take that path away', async () => {
    h = await startHarness(coverageTenant(), { engine: { batchPolicy: { canarySize: 20, maxBatchSize: 20 } } });
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: RUN_GROUP } });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    const [batch] = (await h.engine.planBatches(run.id)).batches;
    await h.engine.decideBatch(run.id, batch.id, APPROVER);
    // Someone takes a union user out of "E3 without Yammer"; Entra applies the leave only later, so the user's
    // path from it still reads Active when the batch runs.
    const leaver = coverageUser(COVERAGE_USERS.union[0]);
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 4000 });
    await h.control(`/users/${leaver}/mutate`, 'POST', { removeFromGroup: WITHOUT_YAMMER });
    const before = (await h.graph.getUser(leaver))!;
    expect(before.licenseAssignmentStates.some((s) => s.assignedByGroup === WITHOUT_YAMMER && s.state === 'Active')).toBe(true);
    const result = await h.engine.executeBatch(run.id, batch.id);
    // The batch waits for that group to finish processing, then confirms each relying user: the leaver is no longer
    // a member and keeps the direct assignment; the others still rely on it safely and are removed.
    expect(result).toMatchObject({ removed: 8, skipped: 3, failed: 0 });
    const outcomes = await outcomesOf(h.engine, run.id);
    expect(await directOf(h, leaver)).toEqual([]);
    expect(outcomes.find((o) => o.userId === leaver)).toMatchObject({
      outcome: 'skipped',
      code: 'otherGroupUnconfirmed',
      reason: `relies on group ${WITHOUT_YAMMER} for SWAY, and the user is no longer a member of it; direct assignment kept`,
    });
    for (const n of COVERAGE_USERS.union.slice(1)) {
      expect(await directOf(h, coverageUser(n))).toBeNull();
      expect(outcomes.find((o) => o.userId === coverageUser(n))).toMatchObject({ outcome: 'removed' });
    }
    await allSettled(h);
    // Once the leave is applied the user would have lost SWAY: keeping the direct assignment kept it.
    const after = (await h.graph.getUser(leaver))!;
    expect(after.licenseAssignmentStates.some((s) => s.assignedByGroup === WITHOUT_YAMMER)).toBe(false);
    expect(h.sim.invariants()).toEqual([]);
  });
});
