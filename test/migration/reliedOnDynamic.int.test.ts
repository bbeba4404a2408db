import type { Run } from '../../src/migration/types';
import { APPROVER, directOf, startHarness, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';
import { COVERAGE_USERS, RUN_GROUP, WITHOUT_YAMMER, coverageTenant, coverageUser } from '../support/coverageFixture';

/**
 * Union coverage + dynamic groups: the union users rely on "E3 without Yammer" for SWAY; here that group is
 * dynamic (department -eq "Union"). HR moves one union user out of the department after verification: Entra will
 * drop them from the group (and SWAY with it) after its delay, while the group still lists them and its license
 * processing reads ProcessingComplete. The removal must not go through.
 */
describe('a relied-on dynamic group whose rule no longer matches the user', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('keeps the direct assignment of a union user about to leave the dynamic group they rely on', async () => {
    const fx = coverageTenant();
    for (const u of fx.users) if (COVERAGE_USERS.union.map(coverageUser).includes(u.id)) u.department = 'Union';
    const g = fx.groups.find((x: { id: string }) => x.id === WITHOUT_YAMMER);
    g.groupTypes = ['DynamicMembership'];
    g.membershipRule = 'user.department -eq "Union"';
    g.members = [];
    fx.behaviour.membershipProcessingDelayMs = 3000;
    h = await startHarness(fx, { engine: { batchPolicy: { canarySize: 20, maxBatchSize: 20 } } });
    // Let Entra apply the rule (members join) and license the group.
    const until = Date.now() + 20_000;
    while ((await h.control('/health')).processingMemberships || (await h.control('/health')).processingGroups) {
      if (Date.now() > until) throw new Error('did not settle');
      await new Promise((r) => setTimeout(r, 100));
    }
    const run: Run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: RUN_GROUP } });
    await h.engine.prepare(run.id);
    const report = await h.engine.verify(run.id);
    expect(report.summary).toMatchObject({ ready: 9 });
    const [batch] = (await h.engine.planBatches(run.id)).batches;
    await h.engine.decideBatch(run.id, batch.id, APPROVER);
    const mover = coverageUser(COVERAGE_USERS.union[0]);
    await h.control(`/users/${mover}/mutate`, 'POST', { department: 'Marketing' });
    await h.engine.executeBatch(run.id, batch.id);
    const o = (await outcomesOf(h.engine, run.id)).find((x) => x.userId === mover);
    // Wait for Entra to apply the attribute change and the license change that follows.
    await new Promise((r) => setTimeout(r, 5000));
    const violations = (await h.control('/invariants')).violations;
    expect({ outcome: o?.outcome, direct: await directOf(h, mover), violations }).toEqual({
      outcome: 'skipped',
      direct: [],
      violations: [],
    });
  }, 60_000);
});
