import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { Sku } from '../graph/types';
import type { Discovery, BatchResult, RunReport } from '../migration/engine';
import type { Batch, PreflightFinding, Run, SpotCheck, VerificationReport } from '../migration/types';
import { BOT_COMMANDS, buildWelcomeCard } from '../cards/welcome';
import { buildSkuChoiceCard } from '../cards/skuChoice';
import { buildCohortCard, type GroupOption } from '../cards/cohort';
import { buildPreflightCard } from '../cards/preflight';
import { buildProcessingCard, type ProcessingCardInput } from '../cards/processing';
import { buildVerificationCard } from '../cards/verification';
import type { AdaptiveCard } from '../cards/types';
import { batchCardVersion, runCardVersion } from './cardVersions';

/**
 * Every activity the bot sends is built here, so the rest of the bot speaks in domain terms and
 * only this file knows which card builder renders what.
 */

export function cardActivity(card: AdaptiveCard, text?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (text) activity.text = text;
  return activity;
}

export function textActivity(text: string): Partial<Activity> {
  return MessageFactory.text(text);
}

export function helpCard(opts: { fourEyes: boolean; simulated: boolean }): AdaptiveCard {
  return buildWelcomeCard({ commands: [...BOT_COMMANDS], fourEyes: opts.fourEyes, simulated: opts.simulated });
}

export function skuChoiceCard(skus: Sku[]): AdaptiveCard {
  return buildSkuChoiceCard({ skus });
}

export function cohortCard(discovery: Discovery, groups: GroupOption[]): AdaptiveCard {
  return buildCohortCard({ discovery, groups });
}

export function preflightCard(run: Run, findings: PreflightFinding[]): AdaptiveCard {
  return buildPreflightCard({ runId: run.id, findings, cardVersion: runCardVersion(run) });
}

export function processingCard(input: ProcessingCardInput): AdaptiveCard {
  return buildProcessingCard(input);
}

export function verificationCard(report: VerificationReport): AdaptiveCard {
  return buildVerificationCard({ report });
}

// --- Placeholders until the remaining card builders land; same inputs, simpler bodies. ---

function simpleCard(title: string, lines: string[], actions: AdaptiveCard['actions'] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: title, weight: 'bolder', size: 'medium', wrap: true },
      ...lines.map((l) => ({ type: 'TextBlock', text: l, wrap: true })),
    ],
    actions,
  };
}

export function errorUsersCard(report: VerificationReport, runId: string, page: number): AdaptiveCard {
  const errors = report.users.filter((u) => u.class === 'error' || u.class === 'planMismatch');
  const size = 10;
  const shown = errors.slice(page * size, page * size + size);
  return simpleCard(`Users needing attention (${errors.length})`, shown.map((u) => `${u.userPrincipalName}: ${u.error ?? u.class}${u.fix ? ` — ${u.fix}` : ''}`), errors.length > (page + 1) * size
    ? [{ type: 'Action.Execute', title: 'Next page', verb: 'errors.page', data: { runId, page: page + 1 } }]
    : []);
}

export function spotCheckCard(sc: SpotCheck): AdaptiveCard {
  return simpleCard(`Spot check: ${sc.userPrincipalName} (${sc.skuPartNumber}) — ${sc.class}`,
    sc.plans.map((p) => `${p.servicePlanName}: direct ${fmt(p.direct)}, inherited ${fmt(p.inherited)}, effective ${fmt(p.effective)}`));
}

function fmt(v: boolean | null): string {
  return v === null ? '—' : v ? 'on' : 'off';
}

export function batchApprovalCard(run: Run, batch: Batch, notice?: string): AdaptiveCard {
  const approvals = batch.approvals.filter((a) => a.decision === 'approve');
  const undecided = batch.status === 'planned' || batch.status === 'awaitingApproval';
  const data = { runId: run.id, batchId: batch.id, cardVersion: batchCardVersion(batch) };
  return simpleCard(`Batch ${batch.index + 1} of ${run.batches.length}: remove direct ${run.skuPartNumber} from ${batch.userIds.length} users`, [
    `Status: ${batch.status}. Approvals ${approvals.length} of ${run.requiredApprovals}.`,
    ...batch.approvals.map((a) => `${a.decision === 'approve' ? 'Approved' : 'Rejected'} by ${a.approverName ?? a.approverId}`),
    ...(notice ? [notice] : []),
  ], undecided ? [
    { type: 'Action.Execute', title: 'Approve', verb: 'batch.approve', data, style: 'positive' },
    { type: 'Action.Execute', title: 'Reject', verb: 'batch.reject', data, style: 'destructive' },
  ] : []);
}

export function batchResultCard(run: Run, result: BatchResult): AdaptiveCard {
  const batch = run.batches.find((b) => b.id === result.batchId);
  return simpleCard(`Batch ${batch ? batch.index + 1 : ''} finished`, [
    `Removed ${result.removed}, skipped ${result.skipped}, failed ${result.failed}.`,
    ...(result.pausedReason ? [`Run paused: ${result.pausedReason}`] : []),
  ]);
}

export function runStatusCard(run: Run, opts: { fourEyes: boolean }): AdaptiveCard {
  const total = run.batches.reduce((n, b) => n + b.userIds.length, 0);
  const removed = run.outcomes.filter((o) => o.outcome === 'removed').length;
  const data = { runId: run.id, cardVersion: runCardVersion(run) };
  return simpleCard(`Run ${run.id}: ${run.skuPartNumber} → ${run.groupDisplayName}`, [
    `Status: ${run.status}${run.pausedReason ? ` (${run.pausedReason})` : ''}`,
    `Removed ${removed} of ${total} direct assignments.`,
    ...(opts.fourEyes ? [] : ['Four-eyes rule is OFF for this tenant.']),
  ], run.status === 'paused'
    ? [{ type: 'Action.Execute', title: 'Resume', verb: 'run.resume', data }]
    : run.status === 'removing' || run.status === 'verified'
      ? [{ type: 'Action.Execute', title: 'Pause', verb: 'run.pause', data }]
      : []);
}

export function finalReportCard(report: RunReport): AdaptiveCard {
  const t = report.totals;
  return simpleCard(`Final report: ${report.run.skuPartNumber} → ${report.run.groupDisplayName}`, [
    `Status ${report.run.status}. Removed ${t.removed}, skipped ${t.skipped}, failed ${t.failed}, restored ${t.restored}, remaining ${t.remaining}.`,
  ]);
}

export function rollbackConfirmCard(run: Run, batchId?: string): AdaptiveCard {
  const data = { runId: run.id, cardVersion: runCardVersion(run), ...(batchId ? { batchId } : {}) };
  return simpleCard(`Roll back ${batchId ? `batch ${batchId}` : 'the whole run'}?`, [
    'Direct assignments removed by this run are re-added with their recorded disabled plans.',
  ], [{ type: 'Action.Execute', title: 'Roll back', verb: 'run.rollback', data, style: 'destructive' }]);
}

export function messageCard(title: string, text: string): AdaptiveCard {
  return simpleCard(title, [text]);
}
