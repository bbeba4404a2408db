import type { Batch, BatchStatus, Run } from '../migration/types';

const BATCH_STATUS_ORDER: Record<BatchStatus, number> = {
  planned: 0, awaitingApproval: 1, approved: 2, rejected: 3, running: 4, done: 5, failed: 6, rolledBack: 7,
};

/**
 * Version of a batch approval card, derived from what the card shows (status and approvals),
 * so any click on a card rendered before a decision is recognisably stale.
 */
export function batchCardVersion(batch: Batch): number {
  return batch.approvals.length * 8 + BATCH_STATUS_ORDER[batch.status];
}

/** Version of a run-level card: every change of the run moves its updatedAt. */
export function runCardVersion(run: Run): number {
  const t = Date.parse(run.updatedAt);
  return Number.isFinite(t) ? t : 0;
}

/** Batches still waiting for a decision, in execution order. */
export function undecidedBatches(run: Run): Batch[] {
  return run.batches.filter((b) => b.status === 'planned' || b.status === 'awaitingApproval').sort((a, b) => a.index - b.index);
}
