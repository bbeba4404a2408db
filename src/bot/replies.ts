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
import { buildErrorUsersCard } from '../cards/errorUsers';
import { buildSpotCheckCard } from '../cards/spotCheck';
import { buildBatchApprovalCard, type BatchDecided } from '../cards/batchApproval';
import { buildBatchResultCard } from '../cards/batchResult';
import { buildRunStatusCard } from '../cards/runStatus';
import { buildFinalReportCard } from '../cards/finalReport';
import { buildRollbackConfirmCard } from '../cards/rollbackConfirm';
import { buildMessageCard } from '../cards/message';
import type { AdaptiveCard, CardStyle } from '../cards/types';
import { batchCardVersion, runCardVersion, runControlVersion } from './cardVersions';
import { isOpen } from '../migration/types';

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

/** Puts a short explanation on top of a card, e.g. why a click changed nothing. */
export function withNotice(card: AdaptiveCard, notice: string | undefined): AdaptiveCard {
  if (!notice) return card;
  return {
    ...card,
    body: [{ type: 'Container', style: 'warning', items: [{ type: 'TextBlock', text: notice.slice(0, 400), wrap: true, weight: 'bolder' }] }, ...card.body],
  };
}

export function errorUsersCard(report: VerificationReport, runId: string, page: number): AdaptiveCard {
  const users = report.users.filter((u) => u.class === 'error' || u.class === 'planMismatch');
  return buildErrorUsersCard({ runId, users, page, pageSize: 10 });
}

export function spotCheckCard(spot: SpotCheck): AdaptiveCard {
  return buildSpotCheckCard({ spot });
}

/** Who decided a batch, when the card should be final. */
function decisionOf(run: Run, batch: Batch): BatchDecided | undefined {
  const names = (d: 'approve' | 'reject') => batch.approvals.filter((a) => a.decision === d).map((a) => a.approverName ?? a.approverId);
  const last = batch.approvals[batch.approvals.length - 1]?.at ?? run.updatedAt;
  if (batch.status === 'rejected') {
    return { outcome: 'rejected', by: names('reject'), at: last, reason: batch.approvals.find((a) => a.decision === 'reject')?.reason };
  }
  if (isOpen(batch)) {
    return run.status === 'cancelled' ? { outcome: 'cancelled', by: [], at: run.updatedAt } : undefined;
  }
  return { outcome: 'approved', by: names('approve'), at: last };
}

export function batchApprovalCard(run: Run, batch: Batch, opts: { notice?: string; sampleUsers?: string[] } = {}): AdaptiveCard {
  const card = buildBatchApprovalCard({
    run,
    batch,
    sampleUsers: opts.sampleUsers ?? batch.userIds.slice(0, 10),
    quorum: run.requiredApprovals,
    cardVersion: batchCardVersion(batch),
    decided: decisionOf(run, batch),
  });
  return withNotice(card, opts.notice);
}

export function batchResultCard(result: BatchResult, run?: Run): AdaptiveCard {
  const batch = run?.batches.find((b) => b.id === result.batchId);
  return buildBatchResultCard({ result, position: batch && run ? { index: batch.index, total: run.batches.length } : undefined });
}

export function runStatusCard(run: Run, opts: { fourEyes: boolean; progress?: { done: number; total: number }; note?: string }): AdaptiveCard {
  return buildRunStatusCard({ run, fourEyes: opts.fourEyes, progress: opts.progress, note: opts.note, cardVersion: runControlVersion(run) });
}

export function finalReportCard(report: RunReport): AdaptiveCard {
  return buildFinalReportCard({ report });
}

export function rollbackConfirmCard(run: Run, batchId?: string): AdaptiveCard {
  const removed = new Set(run.outcomes.filter((o) => o.outcome === 'removed' && (!batchId || o.batchId === batchId)).map((o) => o.userId));
  return buildRollbackConfirmCard({ runId: run.id, batchId, users: removed.size, cardVersion: runCardVersion(run) });
}

export function messageCard(title: string, text: string, style?: CardStyle): AdaptiveCard {
  return buildMessageCard({ title, text, style });
}
