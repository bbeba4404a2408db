import { APPROVER, directOf, startHarness, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';
import { COVERAGE_USERS, RUN_GROUP, WITHOUT_YAMMER, coverageTenant, coverageUser } from '../support/coverageFixture';

/**
 * Union coverage: a union user is taken out of the group they rely on for SWAY in the instant between the
 * pre-removal confirmation (unconfirmedReliance) and the removal. The read-back only checks the run's group
 * membership; the settle check waits only for the run's group; so the loss of SWAY is never noticed.
 */
describe('a relied-on group left between the confirmation and the removal', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('restores the direct assignment', async () => {
    h = await startHarness(coverageTenant(), { engine: { batchPolicy: { canarySize: 20, maxBatchSize: 20 } } });
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: RUN_GROUP } });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    const [batch] = (await h.engine.planBatches(run.id)).batches;
    await h.engine.decideBatch(run.id, batch.id, APPROVER);
    const victim = coverageUser(COVERAGE_USERS.union[0]);
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 1500 });
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${victim}/assignLicense`,
      before: [{ user: victim, removeFromGroup: WITHOUT_YAMMER }],
    });
    await h.engine.executeBatch(run.id, batch.id);
    const o = (await outcomesOf(h.engine, run.id)).find((x) => x.userId === victim);
    await new Promise((r) => setTimeout(r, 4000));
    const violations = (await h.control('/invariants')).violations;
    expect({ outcome: o?.outcome, direct: await directOf(h, victim), violations: violations.length }).toEqual({
      outcome: 'failed',
      direct: [],
      violations: 0,
    });
    // What the card says in any language comes from this: the group relied on, by the name admins know it by.
    expect(o?.detail).toMatchObject({
      kind: 'restore',
      risk: { kind: 'reliance', reliance: { groupId: WITHOUT_YAMMER, groupName: 'E3 without Yammer', plans: ['SWAY'] } },
      reAdded: true,
    });
  }, 60_000);
});
