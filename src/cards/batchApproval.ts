import { runLabel } from '../migration/runName';
import type { Batch, Run } from '../migration/types';
import template from './templates/batchApproval.json';
import { clip, formatCount, formatTime, plural, plain } from './format';
import { renderCard } from './render';
import type { AdaptiveCard, CardStyle } from './types';
import { isOpen } from '../migration/types';
import { requestedByText } from './people';

export type BatchDecisionOutcome = 'approved' | 'rejected' | 'expired' | 'cancelled';

export interface BatchDecided {
  outcome: BatchDecisionOutcome;
  /** Display names (or ids) of who decided. */
  by: string[];
  at: string;
  reason?: string;
}

export interface BatchApprovalCardInput {
  run: Run;
  batch: Batch;
  /** UPNs to show; at most 10 are. */
  sampleUsers: string[];
  /** Approvals this batch needs. */
  quorum: number;
  cardVersion: number;
  /** When set the card is final: it says who decided and has no buttons. */
  decided?: BatchDecided;
}

const MAX_SAMPLE = 10;
const DECIDED_STYLE: Record<BatchDecisionOutcome, CardStyle> = {
  approved: 'good',
  rejected: 'attention',
  expired: 'emphasis',
  cancelled: 'emphasis',
};
const DECIDED_VERB: Record<BatchDecisionOutcome, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  cancelled: 'Cancelled',
};
const STATUS_TEXT: Record<Batch['status'], string> = {
  planned: 'Planned',
  awaitingApproval: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  rolledBack: 'Rolled back',
};

/** Asks the channel to approve one removal batch. Buttons carry only { runId, batchId, cardVersion }. */
export function buildBatchApprovalCard(input: BatchApprovalCardInput): AdaptiveCard {
  const { run, batch, decided } = input;
  const approvals = batch.approvals.filter((a) => a.decision === 'approve');
  const sample = input.sampleUsers.slice(0, MAX_SAMPLE);
  const open = isOpen(batch);
  const showButtons = !decided && open;
  const batchName = batch.index === 0 ? 'the canary batch' : `batch ${batch.index + 1} of ${run.batches.length}`;
  const decidedText = decided
    ? `${DECIDED_VERB[decided.outcome]} by ${decided.by.length > 0 ? plain(decided.by.join(', '), 200) : 'the bot'} · ${formatTime(decided.at)}${decided.reason ? ` — ${plain(decided.reason, 150)}` : ''}`
    : '';
  return renderCard(template, {
    title: showButtons ? `Approve ${batchName}` : `${batchName.charAt(0).toUpperCase()}${batchName.slice(1)}`,
    subtitle: `Remove direct ${clip(run.skuPartNumber, 60)} from these users; they keep it through ${plain(run.groupDisplayName, 150)}.`,
    runName: plain(runLabel(run), 200),
    runId: clip(run.id, 128),
    size: formatCount(batch.size),
    requestedBy: requestedByText(run),
    approvalsText: `${formatCount(approvals.length)} of ${formatCount(Math.max(1, input.quorum))}`,
    status: decided ? DECIDED_VERB[decided.outcome] : (STATUS_TEXT[batch.status] ?? batch.status),
    hasSample: sample.length > 0,
    sampleTitle:
      sample.length < batch.size
        ? `Sample users (${sample.length} of ${formatCount(batch.size)})`
        : `Users (${plural(sample.length, 'user')})`,
    sample: sample.map((upn) => ({ upn: clip(upn, 100) })),
    hasApprovers: approvals.length > 0,
    approvers: `Approved so far by ${plain(approvals.map((a) => a.approverName ?? a.approverId).join(', '), 280)}`,
    isDecided: Boolean(decided),
    decidedStyle: decided ? DECIDED_STYLE[decided.outcome] : 'default',
    decidedText,
    showButtons,
    data: { runId: run.id, batchId: batch.id, cardVersion: input.cardVersion },
  });
}
