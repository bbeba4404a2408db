import { MigrationError } from '../../src/migration/errors';
import type { UserClassification } from '../../src/migration/types';
import { cohortKey } from '../../src/migration/cohorts';
import { approveAndRunAll, directOf, fixture, startHarness, E3, type Harness } from '../support/engineHarness';
import { allUsersOf } from '../support/runState';

const uid = (prefix: string, n: number) => `00000000-0000-${prefix}-0000-${n.toString(16).padStart(12, '0')}`;
const codes = (f: { code: string; severity: string }[]) => f.map((x) => `${x.code}:${x.severity}`).sort();

/** Verifies a run and collects every classified user as the engine streams them by (the report keeps samples only). */
async function verifyAll(h: Harness, runId: string) {
  const users: UserClassification[] = [];
  const report = await h.engine.verify(runId, { onUsers: (page) => users.push(...page) });
  return { report, users };
}
const MCOSTANDARD = '0feaeb32-d00e-4d66-bd5a-43b5b83db82c';
const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';

describe('errors-mix: every error class with its Entra code and fix', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('errors-mix.json'));
  });
  afterAll(() => h.close());

  it('pre-flight warns about units and exclusive plans; verification classifies each error; batches hold only ready users', async () => {
    // A direct holder whose inherited path fails too: a proxy address conflict.
    await h.control(`/users/${uid('0200', 1)}/mutate`, 'POST', { proxyConflict: true });
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: uid('0201', 1) } });
    const findings = await h.engine.preflight(run.id);
    expect(codes(findings)).toEqual(['insufficientUnits:warning', 'mutuallyExclusivePlans:warning']);
    expect(findings.find((f) => f.code === 'mutuallyExclusivePlans')!.userIds).toEqual([uid('0200', 0x19), uid('0200', 0x1a)]);

    await h.engine.prepare(run.id);
    const { report, users } = await verifyAll(h, run.id);
    const errors = users.filter((u) => u.class === 'error');
    const byCode = (code: string) => errors.filter((u) => u.error === code).length;
    expect(byCode('CountViolation')).toBe(4);
    expect(byCode('MutuallyExclusiveViolation')).toBe(2);
    expect(byCode('ProhibitedInUsageLocationViolation')).toBe(2);
    expect(byCode('UniquenessViolation')).toBe(1);
    expect(errors.every((u) => typeof u.fix === 'string' && u.fix.length > 20)).toBe(true);
    expect(users.find((u) => u.userId === uid('0200', 1))).toMatchObject({
      class: 'error',
      error: 'UniquenessViolation',
      directDisabledPlans: [],
    });
    // Every user is counted once, and the report's problem list is exactly the users in error or missing plans.
    expect(Object.values(report.summary).reduce((a, b) => a + b, 0)).toBe(users.length);
    expect(report.problems.map((u) => u.userId).sort()).toEqual(
      users
        .filter((u) => u.class === 'error' || u.class === 'planMismatch')
        .map((u) => u.userId)
        .sort(),
    );

    const planned = await h.engine.planBatches(run.id);
    const batched = await allUsersOf(h.engine, planned);
    const ready = users.filter((u) => u.class === 'ready').map((u) => u.userId);
    expect(batched.sort()).toEqual(ready.sort());
    expect(batched).not.toContain(uid('0200', 1));
    const done = await approveAndRunAll(h, run.id);
    expect(done.status).toBe('completed');
    expect(await directOf(h, uid('0200', 1))).toEqual([]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('DependencyViolation: a direct add-on holder whose group path lacks the prerequisite', async () => {
    const audio = '0c266dff-15dd-4b49-8397-2bb16070ed52';
    await h.control(`/users/${uid('0200', 0x1f)}/mutate`, 'POST', { setDirect: { skuId: audio, disabledPlans: [] } });
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'MCOMEETADV', group: { id: uid('0201', 2) } });
    await h.engine.prepare(run.id);
    const { report, users } = await verifyAll(h, run.id);
    expect(users.find((u) => u.userId === uid('0200', 0x1f))).toMatchObject({ class: 'error', error: 'DependencyViolation' });
    expect(report.summary.inheritedOnly).toBe(2);
  });

  it('missingDependency: a cohort whose group license disables the plan an add-on needs', async () => {
    await h.control(`/users/${uid('0200', 0x1d)}/mutate`, 'POST', { setDirect: { skuId: E3, disabledPlans: [MCOSTANDARD] } });
    const run = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: E3,
      cohortKey: cohortKey(E3, [MCOSTANDARD]),
      group: { createWithName: 'E3 without Skype' },
    });
    const findings = await h.engine.preflight(run.id);
    expect(findings.find((f) => f.code === 'missingDependency')).toMatchObject({ severity: 'warning', userIds: [uid('0200', 0x1d)] });
    expect(findings.some((f) => f.code === 'multipleCohorts')).toBe(true);
  });
});

describe('group kinds: pre-flight blockers and warnings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('nested-and-dynamic.json'));
    // Nest "Child" into "Parent" through Graph as an admin would (the simulator drops group members listed in
    // the fixture before the nested group itself is defined).
    const res = await fetch(`${h.sim.graphUrl}/groups/${uid('0801', 1)}/members/$ref`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${uid('0801', 2)}` }),
    });
    expect([204, 400]).toContain(res.status);
  });
  afterAll(() => h.close());

  it.each([
    [1, ['nestedGroups:warning']],
    [3, ['groupDynamic:warning']],
    [4, ['groupMailEnabled:blocker']],
    [5, ['groupMailEnabled:blocker', 'groupNotSecurityEnabled:blocker']],
  ])('group %i', async (n, expected) => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: uid('0801', n) } });
    const findings = (await h.engine.preflight(run.id)).filter((f) => f.code !== 'multipleCohorts');
    expect(codes(findings)).toEqual(expected);
    if (expected.some((c) => c.endsWith(':blocker'))) {
      await expect(h.engine.prepare(run.id)).rejects.toMatchObject({ code: 'preflightBlocked' });
      const group = await h.graph.getGroup(uid('0801', n));
      expect(group!.assignedLicenses).toEqual([]);
      expect((await h.engine.getRun(run.id))!.status).toBe('created');
    }
  });

  it('a dynamic group gets no members added by the bot', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: uid('0801', 3) } });
    await h.engine.prepare(run.id);
    const entries = await h.journal.read(run.id);
    expect(entries.some((e) => e.kind === 'group.membersAdded')).toBe(false);
    const report = await h.engine.verify(run.id);
    expect(report.summary.notMember).toBe(15);
    expect(report.summary.ready).toBe(5);
  });
});

describe('missing usage location and exclusive Exchange plans', () => {
  it('usageLocationMissing is info: the group assigns with the tenant default', async () => {
    const h = await startHarness(fixture('missing-usage-location.json'));
    try {
      const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: uid('0501', 1) } });
      const f = await h.engine.preflight(run.id);
      expect(codes(f)).toEqual(['usageLocationMissing:info']);
      expect(f[0].count).toBe(4);
    } finally {
      await h.close();
    }
  });

  it('mutuallyExclusivePlans and multipleCohorts for E3 next to Exchange Online (Plan 1)', async () => {
    const h = await startHarness(fixture('exclusive-exchange.json'));
    try {
      const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: uid('0401', 1) } });
      const f = await h.engine.preflight(run.id);
      expect(codes(f)).toEqual(expect.arrayContaining(['mutuallyExclusivePlans:warning', 'multipleCohorts:warning']));
    } finally {
      await h.close();
    }
  });
});

describe('plan mismatch: nobody loses a plan', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('plan-mismatch.json'));
  });
  afterAll(() => h.close());

  it('the full-E3 cohort is blocked by groupLicenseDiffers', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: uid('0601', 1) } });
    expect(codes(await h.engine.preflight(run.id))).toEqual(['groupLicenseDiffers:blocker', 'multipleCohorts:warning']);
    await expect(h.engine.prepare(run.id)).rejects.toBeInstanceOf(MigrationError);
  });

  it('the matching cohort migrates; planMismatch users are never batched and keep every plan', async () => {
    const run = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: E3,
      cohortKey: cohortKey(E3, [YAMMER, SWAY]),
      group: { id: uid('0601', 1) },
    });
    await h.engine.prepare(run.id);
    const { report, users } = await verifyAll(h, run.id);
    expect(report.summary).toMatchObject({ ready: 5, planMismatch: 13 });
    const full = users.find((u) => u.userId === uid('0600', 1))!;
    expect(full.missingPlans.sort()).toEqual(['SWAY', 'YAMMER_ENTERPRISE']);
    const partial = users.find((u) => u.userId === uid('0600', 0x11))!;
    expect(partial.missingPlans).toEqual(['SWAY']);
    const planned = await h.engine.planBatches(run.id);
    expect((await allUsersOf(h.engine, planned)).sort()).toEqual(
      users
        .filter((u) => u.class === 'ready')
        .map((u) => u.userId)
        .sort(),
    );
    await approveAndRunAll(h, run.id);
    expect(await directOf(h, uid('0600', 1))).toEqual([]);
    expect(await directOf(h, uid('0600', 0x11))).toEqual([YAMMER]);
    expect(await directOf(h, uid('0600', 0x0d))).toBeNull();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
