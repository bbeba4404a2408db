import type { Batch, Run } from './types';
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

/**
 * One execution's hold on a running batch. It is renewed on a timer, not only between chunks, so a slow
 * chunk never lets the lease run out and another instance take the batch over while removals are in
 * flight; before each write the holder checks it still has a comfortable margin.
 */
export class BatchLease {
  private validUntil: number;
  private lost = false;
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly runId: string,
    private readonly batchId: string,
    private readonly executionKey: string,
  ) {
    this.validUntil = ctx.now().getTime() + ctx.settings.leaseMs;
  }

  /** Renews every third of the lease until stopped. */
  start(): this {
    const every = Math.floor(this.ctx.settings.leaseMs / 3);
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

  /** Pushes the stored lease forward; a run that names another execution means the batch was taken over. */
  renew(): Promise<void> {
    this.renewing ??= (async () => {
      const at = this.ctx.now().getTime();
      try {
        await this.ctx.runs.update(this.runId, (r) => {
          ownBatch(r, this.batchId, this.executionKey).leaseUntil = new Date(at + this.ctx.settings.leaseMs).toISOString();
        });
        this.extended(at);
      } catch (err) {
        if (err instanceof MigrationError && err.code === 'alreadyExecuted') this.lost = true;
        // Any other failure (storage down) leaves validUntil as it was: writes stop once the margin is gone.
        else this.ctx.log.warn({ runId: this.runId, batchId: this.batchId, err: errorMessage(err) }, 'lease renewal failed');
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  }

  /** Records a renewal made elsewhere (the progress save writes leaseUntil too). */
  extended(at: number): void {
    this.validUntil = Math.max(this.validUntil, at + this.ctx.settings.leaseMs);
  }

  /** Throws unless this execution still owns the batch with at least a third of the lease left. */
  assertOwned(): void {
    if (this.lost)
      throw new MigrationError('alreadyExecuted', `Batch ${this.batchId} was taken over by another process; this one stops writing.`);
    const leaseMs = this.ctx.settings.leaseMs;
    if (leaseMs > 0 && this.validUntil - this.ctx.now().getTime() < leaseMs / 3) {
      throw new MigrationError(
        'alreadyExecuted',
        `The lease on batch ${this.batchId} could not be renewed; this process stops writing so that no other one repeats its work.`,
      );
    }
  }
}
