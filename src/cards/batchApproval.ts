import { runLabel } from '../migration/runName';
import type { Batch, Run } from '../migration/types';
import template from './templates/batchApproval.json';
import { clip, formatTime, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard, CardStyle } from './types';
import { acceptedGainOf, isOpen } from '../migration/types';
import { requestedByText } from './people';
import { ruleProperties, runRule } from '../migration/dynamicRule';

import { reliedOnNotes } from './verification';
import { runProductNames } from '../migration/runLicenses';

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
/** Asks the channel to approve one removal batch. Buttons carry only { runId, batchId, cardVersion }. */
export function buildBatchApprovalCard(input: BatchApprovalCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run, batch, decided } = input;
  const approvals = batch.approvals.filter((a) => a.decision === 'approve');
  const sample = input.sampleUsers.slice(0, MAX_SAMPLE);
  const open = isOpen(batch);
  const showButtons = !decided && open;
  const t = l.m.cards.batchApproval;
  const position = { number: batch.index + 1, total: run.batches.length };
  const decidedLine = decided
    ? l.f(t.decidedText, {
        verb: t.decided[decided.outcome],
        who: decided.by.length > 0 ? plain(decided.by.join(', '), 200) : t.theBot,
        time: formatTime(decided.at),
      })
    : '';
  const decidedText = decided?.reason ? l.f(t.decidedReason, { decided: decidedLine, reason: plain(decided.reason, 150) }) : decidedLine;
  return renderCard(template, {
    t: l.m.cards.batchApproval,
    title: batch.index === 0 ? (showButtons ? t.approveCanary : t.canary) : l.f(showButtons ? t.approveBatch : t.batch, position),
    subtitle: l.f(t.subtitle, { sku: clip(runProductNames(run), 120), group: plain(run.groupDisplayName, 150) }),
    runName: plain(runLabel(run), 200),
    runId: clip(run.id, 128),
    size: l.n(batch.size),
    requestedBy: requestedByText(run, false, l),
    approvalsText: l.f(t.approvalsText, { count: approvals.length, quorum: Math.max(1, input.quorum) }),
    status: decided ? t.decided[decided.outcome] : (t.batchStatus[batch.status] ?? batch.status),
    hasSample: sample.length > 0,
    sampleTitle:
      sample.length < batch.size ? l.f(t.sampleSome, { shown: sample.length, total: batch.size }) : l.p(t.sampleAll, sample.length),
    sample: sample.map((upn) => ({ upn: clip(upn, 100) })),
    hasRule: run.membershipRule !== undefined,
    ruleText: run.membershipRule !== undefined ? dynamicRuleNote(run, l) : '',
    hasApprovers: approvals.length > 0,
    approvers: l.f(t.approvedSoFar, { names: plain(approvals.map((a) => a.approverName ?? a.approverId).join(', '), 280) }),
    isDecided: Boolean(decided),
    decidedStyle: decided ? DECIDED_STYLE[decided.outcome] : 'default',
    decidedText,
    showButtons,
    reliedOn: reliedOnNotes(batch.reliedOn, l),
    ...gainFields(batch, showButtons, l),
    data: { runId: run.id, batchId: batch.id, cardVersion: input.cardVersion },
  });
}

/** What relying on a dynamic rule means for these users, in the words of the attributes the rule reads. */
function dynamicRuleNote(run: Run, l: Localizer): string {
  const t = l.m.cards.batchApproval;
  const properties = ruleProperties(runRule(run));
  const what = properties.length ? l.f(t.ruleWhose, { properties: orList(properties, t.or) }) : t.ruleWhoseAttributes;
  return l.f(t.rule, { group: plain(run.groupDisplayName, 150), rule: plain(run.membershipRule, 300), what });
}

const orList = (items: string[], or: string) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${or} ${items[items.length - 1]}`;

/**
 * Users who would gain plans are removed only when an approver ticks the toggle: what it accepts is named on it,
 * and once decided the card says whether the gain was accepted and by whom.
 */
function gainFields(batch: Batch, open: boolean, l: Localizer): { hasGain: boolean; gainText: string; gainToggle: string } {
  const t = l.m.cards.batchApproval;
  const gain = batch.gain;
  if (!gain?.users) return { hasGain: false, gainText: '', gainToggle: '' };
  const plans = gain.plans.join(', ');
  if (open) {
    return {
      hasGain: true,
      gainText: clip(l.p(t.gainOpen, gain.users, { plans }), 400),
      gainToggle: clip(l.p(t.gainToggle, gain.users, { plans }), 200),
    };
  }
  const accepted = acceptedGainOf(batch);
  return {
    hasGain: true,
    gainText: clip(
      gain.plans.every((p) => accepted.has(p))
        ? l.p(t.gainAccepted, gain.users, { plans, names: plain(acceptedBy(batch).join(', '), 200) })
        : l.p(t.gainNotAccepted, gain.users, { plans }),
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
