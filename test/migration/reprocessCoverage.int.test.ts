import { applyReprocess } from '../../src/migration/reprocess';
import { startHarness, type Harness } from '../support/engineHarness';
import { COVERAGE_USERS, RUN_GROUP, coverageTenant, coverageUser } from '../support/coverageFixture';

/** COVERAGE=run-group: reprocess classifies like the verification did, so a planMismatch user stays on the error card. */
describe('reprocess under COVERAGE=run-group', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('keeps a run-group planMismatch user a problem', async () => {
    h = await startHarness(coverageTenant(), { engine: { coverage: 'run-group', batchPolicy: { canarySize: 20, maxBatchSize: 20 } } });
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: RUN_GROUP } });
    await h.engine.prepare(run.id);
    const report = await h.engine.verify(run.id);
    const union = coverageUser(COVERAGE_USERS.union[0]);
    expect(report.problems.find((p) => p.userId === union)?.class).toBe('planMismatch');
    const result = await h.engine.reprocess(run.id, [union], 'admin-2');
    const after = applyReprocess(report, result);
    expect({ cls: result.users[0].after.class, stillListed: after.problems.some((p) => p.userId === union) }).toEqual({
      cls: 'planMismatch',
      stillListed: true,
    });
  }, 60_000);
});
