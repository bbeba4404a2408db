import type { BatchResult } from '../migration/engine';
import template from './templates/batchResult.json';
import { bar, clip, escapeMarkdown, formatCount, plain, plural } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

export interface BatchResultCardInput {
  result: BatchResult;
  /** Where the batch sits in its run; without it the title cannot number the batch. */
  position?: { index: number; total: number };
}

/** "Canary batch 1 of 5" / "Batch 3 of 5": how people count batches, not the stored id. */
export function batchTitle(position: { index: number; total: number } | undefined): string {
  if (!position) return 'Batch';
  const of = `${position.index + 1} of ${Math.max(position.total, position.index + 1)}`;
  return position.index === 0 ? `Canary batch ${of}` : `Batch ${of}`;
}

const MAX_ISSUES = 10;
const MAX_RESTORED_NAMES = 5;

/** The settle check in words: what was read back once Entra had finished, and who got their assignment back. */
function settleView(settle: BatchResult['settle']): { hasSettle: boolean; settleStyle: string; settleTitle: string; settleText: string } {
  if (!settle) return { hasSettle: false, settleStyle: 'default', settleTitle: '', settleText: '' };
  if (settle.restored.length) {
    const names = settle.restored.slice(0, MAX_RESTORED_NAMES).map((u) => escapeMarkdown(u.userPrincipalName));
    const more = settle.restored.length - names.length;
    const failed = settle.restored.filter((u) => !u.ok).length;
    return {
      hasSettle: true,
      settleStyle: 'attention',
      settleTitle: `Settle check: ${plural(settle.restored.length, 'user')} lost services after Entra finished processing the group`,
      settleText: clip(
        `${failed ? `Direct assignment re-added for ${formatCount(settle.restored.length - failed)}; could NOT be re-added for ${formatCount(failed)}.` : 'Their direct assignment was re-added with its recorded disabled plans.'} ${names.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}.`,
        600,
      ),
    };
  }
  if (!settle.complete) {
    return {
      hasSettle: true,
      settleStyle: 'warning',
      settleTitle: 'Settle check not finished',
      settleText: clip(
        `${settle.reason ?? 'Entra had not finished processing the group'}. Check the removed users (verify) before approving the next batch.`,
        600,
      ),
    };
  }
  return {
    hasSettle: settle.checked > 0,
    settleStyle: 'good',
    settleTitle: 'Settle check passed',
    settleText: `Once Entra had finished processing the group, ${settle.checked === 1 ? 'the removed user' : `all ${plural(settle.checked, 'removed user')}`} still had every service through it.`,
  };
}

/** Removed / skipped / failed counts of one batch and the first users that need attention. */
export function buildBatchResultCard(input: BatchResultCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { result } = input;
  const total = result.removed + result.skipped + result.failed;
  // Failures before skips: a failure is what someone has to look at.
  const shown = result.issues.slice(0, MAX_ISSUES);
  const needAttention = Math.max(result.failed + result.skipped, result.issues.length);
  return renderCard(template, {
    t: l.m.cards.batchResult,
    title: clip(`${batchTitle(input.position)} finished`, 160),
    counts: [
      {
        label: 'Removed (keep the license through the group)',
        count: formatCount(result.removed),
        bar: bar(result.removed, total, 'good'),
      },
      { label: 'Skipped (kept their direct assignment)', count: formatCount(result.skipped), bar: bar(result.skipped, total, 'warning') },
      {
        label: 'Failed (the reason says whether the direct assignment is back)',
        count: formatCount(result.failed),
        bar: bar(result.failed, total, 'attention'),
      },
    ],
    ...settleView(result.settle),
    paused: Boolean(result.pausedReason),
    pausedText: plain(`The run is paused: ${result.pausedReason ?? ''}`, 400),
    hasIssues: shown.length > 0,
    issuesTitle:
      shown.length < needAttention ? `Needs attention (first ${shown.length} of ${formatCount(needAttention)})` : 'Needs attention',
    issues: shown.map((o) => ({
      upn: plain(o.userPrincipalName ?? o.userId, 100),
      reason: plain(`${o.outcome === 'failed' ? 'Failed' : 'Skipped'}: ${o.reason ?? o.code ?? 'no reason recorded'}`, 240),
    })),
  });
}
