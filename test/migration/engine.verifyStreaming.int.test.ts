import { PLANS } from '../support/constants';
import { E3, fixture, processingSettled, startHarness, type Harness } from '../support/engineHarness';
import { PROBLEMS_KEPT, SAMPLES_PER_CLASS } from '../../src/migration/verificationTally';
import type { UserClassification } from '../../src/migration/types';
import { allUsersOf, usersOf } from '../support/runState';

const USERS = 2500;
const GROUP = '00000000-0000-0901-0000-000000000001';
const byUpn = (a: UserClassification, b: UserClassification) => a.userPrincipalName.localeCompare(b.userPrincipalName);

describe('verification streams users: counts and bounded samples, every user to a listener', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('gen-10k.json', (f) => (f.generate.users = USERS)));
  }, 60_000);
  afterAll(() => h.close());

  it('keeps a few users by name while counting all, plans batches in name order, and keeps the first problems', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: GROUP } });
    await h.engine.prepare(run.id);
    const seen: UserClassification[] = [];
    await h.control('/stats/reset', 'POST');
    const report = await h.engine.verify(run.id, { onUsers: (page) => seen.push(...page) });
    // Every holder is a member: the group is read once, and one count stands in for reading the holders again.
    const { requests } = await h.control('/stats');
    expect(requests['GET /groups/{id}/members']).toBe(Math.ceil(USERS / 999));
    expect(requests['GET /users']).toBe(1);

    expect(report.summary.ready).toBe(USERS);
    expect(new Set(seen.map((u) => u.userId)).size).toBe(USERS);
    const ready = [...seen].sort(byUpn);
    expect(report.samples.ready).toEqual(ready.slice(0, SAMPLES_PER_CLASS));
    expect(report.problems).toEqual([]);
    // The canary batch is the first ready users by name, the ones the report kept to name on its card.
    const planned = await h.engine.planBatches(run.id);
    expect(await usersOf(h.engine, planned, planned.batches[0])).toEqual(report.samples.ready.map((u) => u.userId));
    expect(await allUsersOf(h.engine, planned)).toEqual(ready.map((u) => u.userId));

    // Someone turns a plan off on the group license: every member would lose it, so nobody is ready any more.
    await h.graph.assignGroupLicense(GROUP, [{ skuId: E3, disabledPlans: [PLANS.SWAY] }], []);
    await processingSettled(h);
    const after: UserClassification[] = [];
    const again = await h.engine.verify(run.id, { onUsers: (page) => after.push(...page) });
    expect(again.summary).toMatchObject({ ready: 0, planMismatch: USERS });
    expect(after).toHaveLength(USERS);
    expect(again.problems).toHaveLength(PROBLEMS_KEPT);
    expect(again.problems).toEqual([...after].sort(byUpn).slice(0, PROBLEMS_KEPT));
    expect(again.problems[0]).toMatchObject({ class: 'planMismatch', missingPlans: ['SWAY'] });
    expect(again.samples.planMismatch).toEqual(again.problems.slice(0, SAMPLES_PER_CLASS));
    expect(again.samples.ready).toEqual([]);
    // The run keeps the counts of its last verification.
    expect((await h.engine.getRun(run.id))!.lastVerification!.summary).toEqual(again.summary);
  }, 60_000);

  it('reads the holders outside the group when Graph counts more holders than members holding the SKU', async () => {
    const run = (await h.engine.listRuns())[0];
    const leaver = '00000001-6e6e-4000-8000-000000000007';
    await h.control(`/users/${leaver}/mutate`, 'POST', { removeFromGroup: GROUP });
    await processingSettled(h);
    await h.control('/stats/reset', 'POST');
    const seen: UserClassification[] = [];
    const report = await h.engine.verify(run.id, { onUsers: (page) => seen.push(...page) });
    expect(report.summary.notMember).toBe(1);
    expect(seen.find((u) => u.userId === leaver)).toMatchObject({ class: 'notMember' });
    expect(seen).toHaveLength(USERS);
    const { requests } = await h.control('/stats');
    expect(requests['GET /users']).toBe(1 + Math.ceil(USERS / 999));
  }, 60_000);
});
