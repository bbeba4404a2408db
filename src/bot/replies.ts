import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { BatchResult } from '../migration/engine';
import type { Batch, PreflightFinding, Run, VerificationReport } from '../migration/types';
import type { UnitShortage } from '../migration/unitShortage';
import { BOT_COMMANDS, buildWelcomeCard } from '../cards/welcome';
import { buildPreflightCard } from '../cards/preflight';
import { buildErrorUsersCard } from '../cards/errorUsers';
import { buildBatchApprovalCard, type BatchDecided } from '../cards/batchApproval';
import { buildBatchResultCard } from '../cards/batchResult';
import { buildRunStatusCard } from '../cards/runStatus';
import { buildRollbackConfirmCard } from '../cards/rollbackConfirm';
import type { AdaptiveCard } from '../cards/types';
import { batchCardVersion, runCardVersion, runControlVersion } from './cardVersions';
import { isOpen, productReports } from '../migration/types';
import { withNotice } from '../cards/notice';
import { runLabel } from '../migration/runName';
import type { Localizer } from '../i18n';
import { pauseReasonText } from '../cards/pauseText';
import { productNamer } from '../cards/outcomeText';
import { problemCount } from '../cards/verification';

export { withNotice };

/**
 * Activities, and the cards that need what only the bot knows (card versions, notices, who decided), built from
 * domain objects: `build<Card>For` wraps the cards/ builder of the same name. Cards that need nothing more are
 * built with their builder directly.
 */

export function cardActivity(card: AdaptiveCard, text?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (text) activity.text = text;
  return activity;
}

export function textActivity(text: string): Partial<Activity> {
  return MessageFactory.text(text);
}

/** The welcome card with every command and how this deployment approves. */
export function buildWelcomeCardFor(opts: { fourEyes: boolean; simulated: boolean }, l?: Localizer): AdaptiveCard {
  return buildWelcomeCard({ commands: [...BOT_COMMANDS], fourEyes: opts.fourEyes, simulated: opts.simulated }, l);
}

/** The pre-flight card of a run, versioned so a stale Confirm changes nothing. */
export function buildPreflightCardFor(run: Run, findings: PreflightFinding[], l?: Localizer): AdaptiveCard {
  return buildPreflightCard({ runId: run.id, runName: runLabel(run), findings, cardVersion: runCardVersion(run) }, l);
}

/**
 * One page of the users in error or with a plan mismatch, out of those the verification kept, with the CountViolation
 * groups. A run of several products lists every product's users, product after product, each row naming its product.
 */
export function buildErrorUsersCardFor(
  report: VerificationReport,
  runId: string,
  page: number,
  shortages: readonly UnitShortage[] = [],
  l?: Localizer,
): AdaptiveCard {
  const reports = productReports(report);
  const total = problemCount(report);
  const users = reports.flatMap((r) => r.problems);
  const products =
    reports.length > 1
      ? reports.map((r) => ({ skuId: r.skuId, skuPartNumber: r.skuPartNumber, displayName: r.skuDisplayName }))
      : undefined;
  return buildErrorUsersCard({ runId, users, total, page, pageSize: ERROR_PAGE_SIZE, shortages, products }, l);
}

/** Users on one page of the error card in chat. */
export const ERROR_PAGE_SIZE = 10;

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

/** A batch's approval card: open with its version, or final with who decided. */
export function buildBatchApprovalCardFor(
  run: Run,
  batch: Batch,
  opts: { notice?: string; sampleUsers?: string[] } = {},
  l?: Localizer,
): AdaptiveCard {
  const card = buildBatchApprovalCard(
    {
      run,
      batch,
      sampleUsers: opts.sampleUsers ?? batch.sample,
      quorum: run.requiredApprovals,
      cardVersion: batchCardVersion(batch),
      decided: decisionOf(run, batch),
    },
    l,
  );
  return withNotice(card, opts.notice);
}

/** A batch's result card, numbered by its place in the run. */
export function buildBatchResultCardFor(result: BatchResult, run?: Run, l?: Localizer): AdaptiveCard {
  const batch = run?.batches.find((b) => b.id === result.batchId);
  // Said in the reader's language when the run recorded why it paused; the result's English reason otherwise.
  const pausedText = result.pausedReason && run && l ? pauseReasonText(run, l) : undefined;
  return buildBatchResultCard(
    {
      result,
      position: batch && run ? { index: batch.index, total: run.batches.length } : undefined,
      ...(pausedText ? { pausedText } : {}),
      ...(run ? { productName: productNamer(run) } : {}),
    },
    l,
  );
}

/** The run's status card with its control buttons' version. */
export function buildRunStatusCardFor(
  run: Run,
  opts: { fourEyes: boolean; progress?: { done: number; total: number }; note?: string },
  l?: Localizer,
): AdaptiveCard {
  return buildRunStatusCard(
    { run, fourEyes: opts.fourEyes, progress: opts.progress, note: opts.note, cardVersion: runControlVersion(run) },
    l,
  );
}

/** Asks to confirm a rollback, naming how many users it re-adds. */
export function buildRollbackConfirmCardFor(run: Run, batchId?: string, l?: Localizer): AdaptiveCard {
  const users = run.batches.filter((b) => !batchId || b.id === batchId).reduce((n, b) => n + b.tally.removed, 0);
  return buildRollbackConfirmCard({ runId: run.id, runName: runLabel(run), batchId, users, cardVersion: runCardVersion(run) }, l);
}
