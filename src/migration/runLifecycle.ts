import { ConcurrencyError, type RunStore } from './store';
import type { Run, RunStatus } from './types';
import { MigrationError } from './errors';

const TRANSITIONS: Record<RunStatus, RunStatus[]> = {
  created: ['prepared', 'cancelled'],
  prepared: ['prepared', 'verified', 'cancelled'],
  verified: ['verified', 'removing', 'paused', 'cancelled'],
  removing: ['removing', 'verified', 'paused', 'completed', 'cancelled'],
  paused: ['paused', 'verified', 'removing', 'cancelled'],
  completed: ['completed', 'paused', 'removing'],
  cancelled: ['cancelled'],
};

/** Whether a run may move from one status to another. */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export type RunControl = 'pause' | 'resume' | 'cancel';

/** Where a resumed run goes back to: removing once a batch has started, verified once verified, else prepared. */
export function resumeTarget(run: Run): RunStatus {
  return run.batches.some((b) => b.executionKey) ? 'removing' : run.lastVerification ? 'verified' : 'prepared';
}

const CONTROL_TARGET: Record<RunControl, (run: Run) => RunStatus> = {
  pause: () => 'paused',
  resume: resumeTarget,
  cancel: () => 'cancelled',
};

/**
 * Why an admin's pause, resume or cancel does not apply to the run now (one clause, no full stop), or null when
 * it does. Commands and card buttons both ask here, so they agree on every status.
 */
export function controlRefusal(run: Run, control: RunControl): string | null {
  if (control === 'pause' && run.status === 'paused') return 'The run is already paused';
  // A finished run may still be paused by a rollback, but there is nothing left for an admin to pause.
  if (control === 'pause' && (run.status === 'completed' || run.status === 'cancelled'))
    return `The run is ${run.status}, so there is nothing to pause`;
  if (control === 'resume' && run.status !== 'paused') return `The run is ${run.status}, not paused, so there is nothing to resume`;
  if (control === 'cancel' && (run.status === 'completed' || run.status === 'cancelled')) return `The run is already ${run.status}`;
  if (!canTransition(run.status, CONTROL_TARGET[control](run))) return `The run is ${run.status}, so there is nothing to ${control}`;
  return null;
}

/** Throws illegalState unless the run may move to the status. */
export function assertTransition(run: Run, to: RunStatus): void {
  if (!canTransition(run.status, to)) {
    throw new MigrationError('illegalState', `Run ${run.id} is ${run.status}; it cannot become ${to}.`);
  }
}

/** Throws illegalState unless the run is in one of the statuses. */
export function assertStatus(run: Run, allowed: RunStatus[], action: string): void {
  if (!allowed.includes(run.status)) {
    throw new MigrationError('illegalState', `Cannot ${action}: run ${run.id} is ${run.status} (needs ${allowed.join(' or ')}).`);
  }
}

/** Runs in the store, changed only by compare-and-swap with re-read on conflict. */
export class RunRepository {
  constructor(
    private readonly store: RunStore,
    private readonly now: () => Date,
    private readonly maxAttempts = 20,
  ) {}

  /** The run, or a notFound MigrationError. */
  async load(runId: string): Promise<Run> {
    const v = await this.store.get(runId);
    if (!v) throw new MigrationError('notFound', `No run with id ${runId}.`);
    return v.value;
  }

  async find(runId: string): Promise<Run | null> {
    return (await this.store.get(runId))?.value ?? null;
  }

  async create(run: Run): Promise<Run> {
    return (await this.store.create(run)).value;
  }

  list(): Promise<Run[]> {
    return this.store.list();
  }

  /** The next run number of a scope (see RunStore.nextRunNumber). */
  nextRunNumber(scope: string, atLeast?: number): Promise<number> {
    return this.store.nextRunNumber(scope, atLeast);
  }

  /** Stores a batch user list once (see RunStore.saveUserList). */
  saveUserList(runId: string, listId: string, userIds: readonly string[]): Promise<void> {
    return this.store.saveUserList(runId, listId, userIds);
  }

  /** A stored batch user list. */
  readUserList(runId: string, listId: string): Promise<string[]> {
    return this.store.readUserList(runId, listId);
  }

  /**
   * Applies a change to the freshest copy and stores it if nobody wrote in between; on a conflict re-reads and
   * re-applies, so the change's own checks always see current state. The mutator may throw to refuse.
   */
  async update(runId: string, mutate: (run: Run) => void): Promise<Run> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const current = await this.store.get(runId);
      if (!current) throw new MigrationError('notFound', `No run with id ${runId}.`);
      const run = structuredClone(current.value);
      mutate(run);
      run.updatedAt = this.now().toISOString();
      try {
        return (await this.store.replace(run, current.etag)).value;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    throw new MigrationError('concurrency', `Run ${runId} kept changing under us; try again.`);
  }
}
