import { batchPolicyProblems, planBatchSizes, splitIntoBatches } from '../../src/migration/batchPlan';

describe('batch planning', () => {
  it('canary first, then growing by the factor up to the maximum', () => {
    expect(planBatchSizes(1000, { canarySize: 10, growthFactor: 4, maxBatchSize: 1000 })).toEqual([10, 40, 160, 640, 150]);
    expect(planBatchSizes(3000, { canarySize: 10, growthFactor: 4, maxBatchSize: 500 })).toEqual([
      10, 40, 160, 500, 500, 500, 500, 500, 290,
    ]);
  });

  it('fewer users than the canary gives one batch; none gives none', () => {
    expect(planBatchSizes(3, { canarySize: 10, growthFactor: 4, maxBatchSize: 1000 })).toEqual([3]);
    expect(planBatchSizes(0, { canarySize: 10, growthFactor: 4, maxBatchSize: 1000 })).toEqual([]);
  });

  it('a growth factor of 1 still makes progress', () => {
    expect(planBatchSizes(5, { canarySize: 1, growthFactor: 1, maxBatchSize: 2 })).toEqual([1, 2, 2]);
  });

  it('splits ids in order and covers every id once', () => {
    const ids = Array.from({ length: 57 }, (_, i) => `u${i}`);
    const batches = splitIntoBatches(ids, { canarySize: 5, growthFactor: 2, maxBatchSize: 20 });
    expect(batches.map((b) => b.length)).toEqual([5, 10, 20, 20, 2]);
    expect(batches.flat()).toEqual(ids);
  });

  it('names bad policies', () => {
    expect(batchPolicyProblems({ canarySize: 0, growthFactor: 0.5, maxBatchSize: 1.5 })).toHaveLength(3);
    expect(batchPolicyProblems({ canarySize: 10, growthFactor: 4, maxBatchSize: 1000 })).toEqual([]);
  });
});
