import { MemoryRunStore } from '../../src/storage';
import { canTransition, controlRefusal, resumeTarget, RunRepository } from '../../src/migration/runLifecycle';
import { MigrationError } from '../../src/migration/errors';
import type { Run } from '../../src/migration/types';
import { plannedBatch } from '../support/runState';
import { storedRun } from '../support/unitFixtures';

const run = (id = 'r1'): Run => storedRun({ id });

const batch = plannedBatch;

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

describe('run controls (pause, resume, cancel) for commands and card buttons alike', () => {
  const at = (status: Run['status'], extra: Partial<Run> = {}): Run => ({ ...run(), status, ...extra });

  it('should let an admin pause only a run that is on its way, not one that has not started or has ended', () => {
    for (const status of ['verified', 'removing'] as const) expect(controlRefusal(at(status), 'pause')).toBeNull();
    expect(controlRefusal(at('created'), 'pause')).toBe('The run is created, so there is nothing to pause');
    expect(controlRefusal(at('prepared'), 'pause')).toBe('The run is prepared, so there is nothing to pause');
    expect(controlRefusal(at('completed'), 'pause')).toBe('The run is completed, so there is nothing to pause');
    expect(controlRefusal(at('paused'), 'pause')).toBe('The run is already paused');
  });

  it('should resume only a paused run, back to where it was', () => {
    expect(controlRefusal(at('removing'), 'resume')).toBe('The run is removing, not paused, so there is nothing to resume');
    expect(controlRefusal(at('paused', { lastVerification: { at: 'x', summary: {} as never } }), 'resume')).toBeNull();
    expect(resumeTarget(at('paused'))).toBe('prepared');
    expect(resumeTarget(at('paused', { lastVerification: { at: 'x', summary: {} as never } }))).toBe('verified');
    expect(resumeTarget(at('paused', { batches: [batch({ status: 'done', executionKey: 'k' })] }))).toBe('removing');
  });

  it('should cancel anything but a finished run', () => {
    for (const status of ['created', 'prepared', 'verified', 'removing', 'paused'] as const)
      expect(controlRefusal(at(status), 'cancel')).toBeNull();
    expect(controlRefusal(at('completed'), 'cancel')).toBe('The run is already completed');
    expect(controlRefusal(at('cancelled'), 'cancel')).toBe('The run is already cancelled');
  });
});

describe('RunRepository', () => {
  it('concurrent changes are both kept: a conflict re-reads and re-applies', async () => {
    const repo = new RunRepository(new MemoryRunStore(), () => new Date());
    await repo.create({ ...run(), batches: [batch({ size: 3, status: 'running' })] });
    await Promise.all([
      repo.update('r1', (r) => {
        r.batches[0].tally.removed++;
      }),
      repo.update('r1', (r) => {
        r.batches[0].tally.skipped++;
      }),
      repo.update('r1', (r) => {
        r.batches[0].tally.removed++;
      }),
    ]);
    expect((await repo.load('r1')).batches[0].tally).toEqual({ removed: 2, skipped: 1, failed: 0, restored: 0 });
  });

  it('a refusing change stores nothing; an unknown run is notFound', async () => {
    const repo = new RunRepository(new MemoryRunStore(), () => new Date());
    await repo.create(run());
    await expect(
      repo.update('r1', (r) => {
        r.status = 'cancelled';
        throw new MigrationError('illegalState', 'no');
      }),
    ).rejects.toMatchObject({ code: 'illegalState' });
    expect((await repo.load('r1')).status).toBe('created');
    await expect(repo.load('nope')).rejects.toMatchObject({ code: 'notFound' });
  });
});
