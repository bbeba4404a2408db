import type { Batch, BatchStatus, Run } from '../migration/types';
import { isOpen } from '../migration/types';

const BATCH_STATUS_ORDER: Record<BatchStatus, number> = {
  planned: 0,
  awaitingApproval: 1,
  approved: 2,
  rejected: 3,
  running: 4,
  done: 5,
  failed: 6,
  rolledBack: 7,
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

/**
 * Version of the run status card (Pause, Resume, Cancel). It moves only when what those buttons
 * decide on moves (status, pause reason, the batch plan), not with every user a running batch
 * handles: the card is edited at most about once a second, and a Pause during a busy batch must
 * not be refused as stale over and over.
 */
export function runControlVersion(run: Run): number {
  const key = `${run.status}|${run.pausedReason ?? ''}|${run.batches.length}|${run.batches.filter((b) => b.status === 'rejected').length}`;
  // FNV-1a: a small, stable number the card can carry and the action schema accepts.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Batches still waiting for a decision, in execution order. */
export function undecidedBatches(run: Run): Batch[] {
  return run.batches.filter(isOpen).sort((a, b) => a.index - b.index);
}
