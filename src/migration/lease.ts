import type { Batch, Preparation, Run } from './types';
import type { EngineContext } from './context';
import { MigrationError } from './errors';
import { errorMessage } from '../common/errorMessage';

/** The batch, as long as this execution still owns it. */
export function ownBatch(run: Run, batchId: string, executionKey: string): Batch {
  const b = run.batches.find((x) => x.id === batchId);
  if (!b || b.executionKey !== executionKey)
    throw new MigrationError('alreadyExecuted', `Batch ${batchId} was taken over by another process.`);
  return b;
}

/** The run's preparation, as long as this process still holds it. */
export function ownPreparation(run: Run, owner: string): Preparation {
  if (!run.preparation || run.preparation.owner !== owner)
    throw new MigrationError('alreadyExecuted', `The preparation of run ${run.id} was taken over by another process.`);
  return run.preparation;
}

/** Whether a lease stored as an ISO time has run out (or was handed back). */
export function leaseExpired(leaseUntil: string | undefined, now: Date): boolean {
  return !leaseUntil || new Date(leaseUntil).getTime() <= now.getTime();
}

/** Throws handedBack when the process is stopping, so long work gives its lease back at a step boundary. */
export function assertNotStopping(ctx: EngineContext, what: string): void {
  if (ctx.stopping.requested)
    throw new MigrationError('handedBack', `This process is stopping; ${what} is handed back to the next instance.`);
}

/** A lease given back on purpose: expired at once, so the next sweep of any instance takes the work over. */
export const HANDED_BACK = new Date(0).toISOString();

/**
 * One process's hold on work of a run (a running batch, a preparation). It is renewed on a timer (a heartbeat),
 * not only between steps, so slow work never lets the lease run out and another instance take over while this
 * one still writes; before each write the holder checks it still has a comfortable margin. A process that stops
 * stops renewing, and the lease runs out within `leaseMs`: the sweep of any instance then takes the work over.
 */
export class WorkLease {
  private validUntil: number;
  private lost = false;
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly runId: string,
    private readonly what: string,
    /** The leased record inside the run; throws alreadyExecuted when this process no longer holds it. */
    private readonly held: (run: Run) => { leaseUntil?: string },
  ) {
    this.validUntil = ctx.now().getTime() + ctx.settings.leaseMs;
  }

  /** Renews every quarter of the lease until stopped. */
  start(): this {
    const every = Math.floor(this.ctx.settings.leaseMs / 4);
    if (every > 0) {
      this.timer = setInterval(() => void this.renew(), every);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Pushes the stored lease forward; a run that names another holder means the work was taken over. */
  renew(): Promise<void> {
    this.renewing ??= (async () => {
      const at = this.ctx.now().getTime();
      try {
        await this.ctx.runs.update(this.runId, (r) => {
          const held = this.held(r);
          // Never backwards: a save may have pushed the lease further while this renewal waited for its turn.
          const next = at + this.ctx.settings.leaseMs;
          if (!held.leaseUntil || new Date(held.leaseUntil).getTime() < next) held.leaseUntil = new Date(next).toISOString();
        });
        this.extended(at);
      } catch (err) {
        if (err instanceof MigrationError && err.code === 'alreadyExecuted') this.lost = true;
        // Any other failure (storage down) leaves validUntil as it was: writes stop once the margin is gone.
        else this.ctx.log.warn({ runId: this.runId, what: this.what, err: errorMessage(err) }, 'lease renewal failed');
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  }

  /** Gives the work back (a graceful stop): the lease ends now, so another instance need not wait for it. */
  async release(): Promise<void> {
    this.stop();
    await this.renewing;
    this.lost = true;
    await this.ctx.runs.update(this.runId, (r) => {
      this.held(r).leaseUntil = HANDED_BACK;
    });
  }

  /** Records a renewal made elsewhere (the progress save writes leaseUntil too). */
  extended(at: number): void {
    this.validUntil = Math.max(this.validUntil, at + this.ctx.settings.leaseMs);
  }

  /** Throws unless this process still holds the work with at least a third of the lease left. */
  assertOwned(): void {
    if (this.lost) throw new MigrationError('alreadyExecuted', `${this.what} was taken over by another process; this one stops writing.`);
    const leaseMs = this.ctx.settings.leaseMs;
    if (leaseMs > 0 && this.validUntil - this.ctx.now().getTime() < leaseMs / 3) {
      throw new MigrationError(
        'alreadyExecuted',
        `The lease on ${this.what} could not be renewed; this process stops writing so that no other one repeats its work.`,
      );
    }
  }
}

/** The lease of one batch execution. */
export function batchLease(ctx: EngineContext, runId: string, batchId: string, executionKey: string): WorkLease {
  return new WorkLease(ctx, runId, `batch ${batchId}`, (r) => {
    const b = ownBatch(r, batchId, executionKey);
    // A renewal that lands after the batch finished must not put a lease back on it.
    if (b.status !== 'running') throw new MigrationError('alreadyExecuted', `Batch ${batchId} is ${b.status}; its lease has ended.`);
    return b;
  });
}
