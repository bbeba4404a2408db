import { MemoryRunStore } from '../../src/storage';
import { canTransition, RunRepository } from '../../src/migration/runLifecycle';
import { MigrationError } from '../../src/migration/errors';
import type { Run } from '../../src/migration/types';

const run = (id = 'r1'): Run => ({
  id, requestedBy: 'admin', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', status: 'created',
  skuId: 's', skuPartNumber: 'P', disabledPlans: [], groupId: 'g', groupDisplayName: 'G', createdGroup: false,
  requiredApprovals: 1, batches: [], outcomes: [],
});

describe('run state machine', () => {
  it('allows the documented path and refuses shortcuts', () => {
    expect(canTransition('created', 'prepared')).toBe(true);
    expect(canTransition('prepared', 'verified')).toBe(true);
    expect(canTransition('verified', 'removing')).toBe(true);
    expect(canTransition('removing', 'completed')).toBe(true);
    expect(canTransition('created', 'removing')).toBe(false);
    expect(canTransition('prepared', 'removing')).toBe(false);
    expect(canTransition('cancelled', 'removing')).toBe(false);
    expect(canTransition('cancelled', 'paused')).toBe(false);
  });
});

describe('RunRepository', () => {
  it('concurrent changes are both kept: a conflict re-reads and re-applies', async () => {
    const repo = new RunRepository(new MemoryRunStore(), () => new Date());
    await repo.create(run());
    await Promise.all([
      repo.update('r1', (r) => r.outcomes.push({ userId: 'a', batchId: 'b', outcome: 'removed', at: 'x' })),
      repo.update('r1', (r) => r.outcomes.push({ userId: 'b', batchId: 'b', outcome: 'removed', at: 'x' })),
      repo.update('r1', (r) => r.outcomes.push({ userId: 'c', batchId: 'b', outcome: 'removed', at: 'x' })),
    ]);
    expect((await repo.load('r1')).outcomes.map((o) => o.userId).sort()).toEqual(['a', 'b', 'c']);
  });

  it('a refusing change stores nothing; an unknown run is notFound', async () => {
    const repo = new RunRepository(new MemoryRunStore(), () => new Date());
    await repo.create(run());
    await expect(repo.update('r1', (r) => {
      r.status = 'cancelled';
      throw new MigrationError('illegalState', 'no');
    })).rejects.toMatchObject({ code: 'illegalState' });
    expect((await repo.load('r1')).status).toBe('created');
    await expect(repo.load('nope')).rejects.toMatchObject({ code: 'notFound' });
  });
});
