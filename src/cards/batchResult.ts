import type { BatchResult } from '../migration/engine';
import template from './templates/batchResult.json';
import { bar, clip, escapeMarkdown, plain } from './format';
import { outcomeReason, productNamer, type ProductName } from './outcomeText';
import { settleGapText } from './pauseText';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

export interface BatchResultCardInput {
  result: BatchResult;
  /** Where the batch sits in its run; without it the title cannot number the batch. */
  position?: { index: number; total: number };
  /** The run's pause as the reader's language says it, when the batch paused it (else the result's English reason). */
  pausedText?: string;
  /** How reasons name products (productNamer of the run: its Graph names); the known names otherwise. */
  productName?: ProductName;
}

/** "Canary batch 1 of 5" / "Batch 3 of 5": how people count batches, not the stored id. */
export function batchTitle(position: { index: number; total: number } | undefined, l: Localizer = localizer('en')): string {
  const t = l.m.cards.batchResult;
  if (!position) return t.batch;
  const of = { number: position.index + 1, total: Math.max(position.total, position.index + 1) };
  return l.f(position.index === 0 ? t.canaryOf : t.batchOf, of);
}

const MAX_ISSUES = 10;
const MAX_RESTORED_NAMES = 5;

/**
 * Why the settle check did not finish: from its facts in other languages; English, and reports of earlier versions
 * (no facts), show the engine's own English reason.
 */
function unfinishedReason(settle: NonNullable<BatchResult['settle']>, l: Localizer, name: ProductName): string {
  if (settle.gap && (l.locale !== 'en' || !settle.reason)) return settleGapText(settle.gap, l, name);
  return settle.reason ?? l.m.cards.batchResult.settleUnfinishedReason;
}

/** The settle check in words: what was read back once Entra had finished, and who got their assignment back. */
function settleView(
  settle: BatchResult['settle'],
  l: Localizer,
  name: ProductName,
): { hasSettle: boolean; settleStyle: string; settleTitle: string; settleText: string } {
  const t = l.m.cards.batchResult;
  if (!settle) return { hasSettle: false, settleStyle: 'default', settleTitle: '', settleText: '' };
  if (settle.restored.length) {
    const names = settle.restored.slice(0, MAX_RESTORED_NAMES).map((u) => escapeMarkdown(u.userPrincipalName));
    const more = settle.restored.length - names.length;
    const failed = settle.restored.filter((u) => !u.ok).length;
    const what = failed ? l.f(t.settlePartly, { ok: settle.restored.length - failed, failed }) : t.settleReAdded;
    const who = more > 0 ? l.f(t.settleNamesMore, { names: names.join(', '), more }) : l.f(t.settleNames, { names: names.join(', ') });
    return {
      hasSettle: true,
      settleStyle: 'attention',
      settleTitle: l.p(t.settleLost, settle.restored.length),
      settleText: clip(`${what} ${who}`, 600),
    };
  }
  if (!settle.complete) {
    return {
      hasSettle: true,
      settleStyle: 'warning',
      settleTitle: t.settleUnfinishedTitle,
      settleText: clip(l.f(t.settleUnfinished, { reason: unfinishedReason(settle, l, name) }), 600),
    };
  }
  return {
    hasSettle: settle.checked > 0,
    settleStyle: 'good',
    settleTitle: t.settlePassedTitle,
    settleText: l.p(t.settlePassed, settle.checked),
  };
}

/** Removed / skipped / failed counts of one batch and the first users that need attention. */
export function buildBatchResultCard(input: BatchResultCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { result } = input;
  const total = result.removed + result.skipped + result.failed;
  // Failures before skips: a failure is what someone has to look at.
  const shown = result.issues.slice(0, MAX_ISSUES);
  const needAttention = Math.max(result.failed + result.skipped, result.issues.length);
  const t = l.m.cards.batchResult;
  const name = input.productName ?? productNamer();
  return renderCard(template, {
    t,
    title: clip(l.f(t.finished, { batch: batchTitle(input.position, l) }), 160),
    counts: [
      { label: t.removed, count: l.n(result.removed), bar: bar(result.removed, total, 'good') },
      { label: t.skipped, count: l.n(result.skipped), bar: bar(result.skipped, total, 'warning') },
      { label: t.failed, count: l.n(result.failed), bar: bar(result.failed, total, 'attention') },
    ],
    ...settleView(result.settle, l, name),
    paused: Boolean(result.pausedReason),
    pausedText: plain(l.f(t.paused, { reason: input.pausedText ?? result.pausedReason ?? '' }), 400),
    hasIssues: shown.length > 0,
    issuesTitle: shown.length < needAttention ? l.f(t.attentionSome, { shown: shown.length, total: needAttention }) : t.attention,
    issues: shown.map((o) => ({
      upn: plain(o.userPrincipalName ?? o.userId, 100),
      reason: outcomeReason(o, l, name),
    })),
  });
}
