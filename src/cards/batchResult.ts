import type { BatchResult } from '../migration/engine';
import template from './templates/batchResult.json';
import { bar, clip, formatCount } from './format';
import { renderCard } from './render';
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

/** Removed / skipped / failed counts of one batch and the first users that need attention. */
export function buildBatchResultCard(input: BatchResultCardInput): AdaptiveCard {
  const { result } = input;
  const total = result.removed + result.skipped + result.failed;
  // Failures before skips: a failure is what someone has to look at.
  const issues = [
    ...result.outcomes.filter((o) => o.outcome === 'failed'),
    ...result.outcomes.filter((o) => o.outcome === 'skipped'),
  ];
  const shown = issues.slice(0, MAX_ISSUES);
  return renderCard(template, {
    title: clip(`${batchTitle(input.position)} finished`, 160),
    counts: [
      { label: 'Removed', count: formatCount(result.removed), bar: bar(result.removed, total, 'good') },
      { label: 'Skipped (kept their direct assignment)', count: formatCount(result.skipped), bar: bar(result.skipped, total, 'warning') },
      { label: 'Failed', count: formatCount(result.failed), bar: bar(result.failed, total, 'attention') },
    ],
    paused: Boolean(result.pausedReason),
    pausedText: clip(`The run is paused: ${result.pausedReason ?? ''}`, 400),
    hasIssues: shown.length > 0,
    issuesTitle: shown.length < issues.length
      ? `Needs attention (first ${shown.length} of ${formatCount(issues.length)})`
      : 'Needs attention',
    issues: shown.map((o) => ({
      upn: clip(o.userPrincipalName ?? o.userId, 100),
      reason: clip(`${o.outcome === 'failed' ? 'Failed' : 'Skipped'}: ${o.reason ?? o.code ?? 'no reason recorded'}`, 240),
    })),
  });
}
