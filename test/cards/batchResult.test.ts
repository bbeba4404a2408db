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

describe('batch result card settle check', () => {
  const base = fx.batchResult(20);

  it('should say the check passed with the number of removed users read back', () => {
    const text = textOf(buildBatchResultCard({ result: { ...base, settle: { checked: 18, restored: [], complete: true } } }));
    expect(text).toContain('Settle check passed');
    expect(text).toContain('all 18 removed users still had every service');
  });

  it('should name the users who lost services and whether their assignment is back', () => {
    const restored = Array.from({ length: 7 }, (_, i) => ({
      userId: `u${i}`,
      userPrincipalName: `user_${i}@contoso.com`,
      lost: ['EXCHANGE_S_ENTERPRISE'],
      ok: i !== 6,
    }));
    const text = textOf(buildBatchResultCard({ result: { ...base, settle: { checked: 18, restored, complete: true } } }));
    expect(text).toContain('Settle check: 7 users lost services after Entra finished processing the group');
    expect(text).toContain('Direct assignment re-added for 6; could NOT be re-added for 1.');
    expect(text).toContain('user\\_0@contoso.com');
    expect(text).toContain('and 2 more');
  });

  it('should warn when the check could not finish, and say nothing for a batch without one', () => {
    const text = textOf(
      buildBatchResultCard({
        result: {
          ...base,
          settle: {
            checked: 0,
            restored: [],
            complete: false,
            reason: 'group "All users" is still processing licenses (ProcessingInProgress) after waiting 1800 s',
          },
        },
      }),
    );
    expect(text).toContain('Settle check not finished');
    expect(text).toContain('after waiting 1800 s. Check the removed users (verify) before approving the next batch.');
    expect(textOf(buildBatchResultCard({ result: base }))).not.toContain('Settle check');
  });
});
