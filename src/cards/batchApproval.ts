import { runLabel } from '../migration/runName';
import type { Batch, Run } from '../migration/types';
import template from './templates/batchApproval.json';
import { clip, formatCount, formatTime, plural, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard, CardStyle } from './types';
import { acceptedGainOf, isOpen } from '../migration/types';
import { requestedByText } from './people';
import { ruleProperties, runRule } from '../migration/dynamicRule';

import { reliedOnNotes } from './verification';

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
export function buildBatchApprovalCard(input: BatchApprovalCardInput, l: Localizer = localizer('en')): AdaptiveCard {
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
    t: l.m.cards.batchApproval,
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
    hasRule: run.membershipRule !== undefined,
    ruleText: run.membershipRule !== undefined ? dynamicRuleNote(run) : '',
    hasApprovers: approvals.length > 0,
    approvers: `Approved so far by ${plain(approvals.map((a) => a.approverName ?? a.approverId).join(', '), 280)}`,
    isDecided: Boolean(decided),
    decidedStyle: decided ? DECIDED_STYLE[decided.outcome] : 'default',
    decidedText,
    showButtons,
    reliedOn: reliedOnNotes(batch.reliedOn),
    ...gainFields(batch, showButtons),
    data: { runId: run.id, batchId: batch.id, cardVersion: input.cardVersion },
  });
}

/** What relying on a dynamic rule means for these users, in the words of the attributes the rule reads. */
function dynamicRuleNote(run: Run): string {
  const properties = ruleProperties(runRule(run));
  const what = properties.length ? `whose ${orList(properties)} changes` : 'whose attributes stop matching the rule';
  return (
    `Membership of ${plain(run.groupDisplayName, 150)} follows the rule ${plain(run.membershipRule, 300)}: after the removal, someone ${what} ` +
    'leaves the group and loses the license. The bot re-checks the rule for each user right before removing.'
  );
}

const orList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/**
 * Users who would gain plans are removed only when an approver ticks the toggle: what it accepts is named on it,
 * and once decided the card says whether the gain was accepted and by whom.
 */
function gainFields(batch: Batch, open: boolean): { hasGain: boolean; gainText: string; gainToggle: string } {
  const gain = batch.gain;
  if (!gain?.users) return { hasGain: false, gainText: '', gainToggle: '' };
  const plans = gain.plans.join(', ');
  const who = plural(gain.users, 'user');
  if (open) {
    return {
      hasGain: true,
      gainText: clip(
        `${who} in this batch would gain ${plans}, which their direct assignment disables. They keep their direct assignment unless you accept the gain.`,
        400,
      ),
      gainToggle: clip(`Also remove ${who} who would gain ${plans}`, 200),
    };
  }
  const accepted = acceptedGainOf(batch);
  return {
    hasGain: true,
    gainText: clip(
      gain.plans.every((p) => accepted.has(p))
        ? `Gain of ${plans} accepted by ${plain(acceptedBy(batch).join(', '), 200)} for ${who}.`
        : `${who} who would gain ${plans} keep their direct assignment: the gain was not accepted.`,
      400,
    ),
    gainToggle: '',
  };
}

/** Approvers whose latest approval accepted the batch's gain. */
function acceptedBy(batch: Batch): string[] {
  const latest = new Map<string, Batch['approvals'][number]>();
  for (const a of batch.approvals) latest.set(a.approverId.trim().toLowerCase(), a);
  return [...latest.values()].filter((a) => a.decision === 'approve' && a.acceptedGain?.length).map((a) => a.approverName ?? a.approverId);
}
