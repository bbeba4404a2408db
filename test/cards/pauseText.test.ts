import { localizer } from '../../src/i18n';
import { pauseReasonText } from '../../src/cards/pauseText';
import type { Run } from '../../src/migration/types';
import { approveAndRunAll, contoso, preparedAndVerified, startHarness, type Harness } from '../support/engineHarness';

const batches = [
  { id: 'b0', index: 0 },
  { id: 'b1', index: 1 },
] as unknown as Run['batches'];

describe("why a run paused, in the reader's language", () => {
  it('says an engine-recorded cause in English and in Dutch, and a pause someone asked for in their words', () => {
    const en = localizer('en');
    const nl = localizer('nl');
    const rejected: Pick<Run, 'pausedReason' | 'pauseCause' | 'batches'> = {
      pausedReason: 'Batch b1 rejected by Bob: not today',
      pauseCause: { kind: 'rejected', batchId: 'b1', by: 'Bob', reason: 'not today' },
      batches,
    };
    expect(pauseReasonText(rejected, en)).toBe('batch 2 was rejected by Bob: not today');
    expect(pauseReasonText(rejected, nl)).toBe('batch 2 is afgewezen door Bob: not today');
    const problem = { pausedReason: 'x', pauseCause: { kind: 'batchProblem' as const, batchId: 'b0', detail: 'settle check: …' }, batches };
    expect(pauseReasonText(problem, nl)).toBe('de canary-batch gaf een onverwacht resultaat: settle check: …');
    const rolledBack = { pausedReason: 'x', pauseCause: { kind: 'rolledBack' as const, by: 'admin-1' }, batches };
    expect(pauseReasonText(rolledBack, en)).toBe('the run was rolled back by admin-1');
    expect(pauseReasonText({ pausedReason: 'gepauzeerd door Alex', batches }, en)).toBe('gepauzeerd door Alex');
  });
});

describe('the engine records why it paused a run', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(30));
  });
  afterEach(() => h.close());

  it('on a rejection and a rollback, and forgets it on resume', async () => {
    const run = await preparedAndVerified(h, { createWithName: 'Licensing E3' });
    const planned = await h.engine.planBatches(run.id);
    await h.engine.decideBatch(run.id, planned.batches[0].id, {
      approverId: 'approver-1',
      approverName: 'Bob',
      decision: 'reject',
      reason: 'not today',
      at: '',
    });
    expect((await h.engine.getRun(run.id))!.pauseCause).toEqual({
      kind: 'rejected',
      batchId: planned.batches[0].id,
      by: 'Bob',
      reason: 'not today',
    });
    const resumed = await h.engine.resume(run.id, 'admin-1');
    expect(resumed.pauseCause).toBeUndefined();
    await h.engine.planBatches(run.id);
    await approveAndRunAll(h, run.id);
    await h.engine.rollback(run.id, 'admin-1');
    expect((await h.engine.getRun(run.id))!.pauseCause).toEqual({ kind: 'rolledBack', by: 'admin-1' });
  });
});
