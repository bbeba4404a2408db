import { watchedRuns } from '../../src/migration/drift';
import type { Run } from '../../src/migration/types';
import { runSchema } from '../../src/storage/schemas';

const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const GROUP = '00000000-0000-0d01-0000-000000000009';

function run(id: string, createdAt: string, products: string[], status: Run['status'] = 'completed'): Run {
  const licenses = products.map((skuId) => ({ skuId, skuPartNumber: skuId === E3 ? 'ENTERPRISEPACK' : 'EMS', disabledPlans: [] }));
  return {
    id,
    requestedBy: 'admin-1',
    createdAt,
    updatedAt: createdAt,
    status,
    skuId: products[0],
    skuPartNumber: licenses[0].skuPartNumber,
    disabledPlans: [],
    ...(products.length > 1 ? { licenses } : {}),
    groupId: GROUP,
    groupDisplayName: 'License – E3 + EMS',
    createdGroup: true,
    requiredApprovals: 1,
    batches: [],
  };
}

describe('which completed runs the drift watch checks', () => {
  it('keeps watching a profile run that a later one-product run into its group covers only in part', () => {
    const profile = run('p', '2026-12-01T10:00:00Z', [E3, EMS]);
    const e3Only = run('e', '2026-12-02T10:00:00Z', [E3]);
    expect(watchedRuns([profile, e3Only]).map((r) => r.id)).toEqual(['p', 'e']);
  });

  it('hands the watch to a newer run of the same group that covers every product, as before for one product', () => {
    expect(
      watchedRuns([run('p', '2026-12-01T10:00:00Z', [E3, EMS]), run('f', '2026-12-02T10:00:00Z', [EMS, E3])]).map((r) => r.id),
    ).toEqual(['f']);
    expect(watchedRuns([run('a', '2026-12-01T10:00:00Z', [E3]), run('b', '2026-12-02T10:00:00Z', [E3])]).map((r) => r.id)).toEqual(['b']);
    // A cancelled newer run takes nothing over.
    expect(
      watchedRuns([run('a', '2026-12-01T10:00:00Z', [E3]), run('c', '2026-12-02T10:00:00Z', [E3], 'cancelled')]).map((r) => r.id),
    ).toEqual(['a']);
  });
});

describe('a stored run whose pause cause a newer version wrote', () => {
  it('still loads, with the English reason and without the cause it does not know', () => {
    const stored = {
      ...run('p', '2026-12-01T10:00:00Z', [E3], 'paused'),
      pausedReason: 'Batch b1: something new',
      pauseCause: { kind: 'somethingNew', batchId: 'b1' },
    };
    const parsed = runSchema.parse(stored);
    expect(parsed.pausedReason).toBe('Batch b1: something new');
    expect(parsed.pauseCause).toBeUndefined();
  });
});
