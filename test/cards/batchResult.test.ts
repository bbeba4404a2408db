import { buildBatchResultCard } from '../../src/cards';
import { textOf } from './cardWalk';
import * as fx from './fixtures';

describe('batch result card title', () => {
  const result = fx.batchResult(200);

  it('should number the canary and later batches as people count them, never by the stored id', () => {
    const canary = textOf(buildBatchResultCard({ result, position: { index: 0, total: 5 } }));
    expect(canary).toContain('Canary batch 1 of 5 finished');
    const third = textOf(buildBatchResultCard({ result, position: { index: 2, total: 5 } }));
    expect(third).toContain('Batch 3 of 5 finished');
    expect(`${canary}\n${third}`).not.toContain(result.batchId);
  });

  it('should still have a title without a position', () => {
    expect(textOf(buildBatchResultCard({ result }))).toMatch(/^Batch finished/);
  });
});
