import { followUpRequest } from '../../src/migration/drift';
import type { Run } from '../../src/migration/types';

const completed = { id: 'r1', skuId: 'sku', disabledPlans: ['p2', 'p1'], groupId: 'g1', requiredApprovals: 1, tenantId: 't1' } as Run;

describe('the request of a follow-up run', () => {
  it("needs today's quorum when it was raised since the completed run, and never fewer approvals than that run", () => {
    expect(followUpRequest(completed, { id: 'alice' }, 2).requiredApprovals).toBe(2);
    expect(followUpRequest({ ...completed, requiredApprovals: 3 }, { id: 'alice' }, 2).requiredApprovals).toBe(3);
  });

  it('moves the same cohort into the same group, asked for by whoever clicked', () => {
    expect(followUpRequest(completed, { id: 'alice', name: 'Alice' }, 1)).toMatchObject({
      requestedBy: 'alice',
      requestedByName: 'Alice',
      tenantId: 't1',
      skuId: 'sku',
      cohortKey: 'sku:p1,p2',
      group: { id: 'g1' },
    });
  });
});
