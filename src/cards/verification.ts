import { USER_CLASSES, type ReliedOnSummary, type UserClass, type UserClassification, type VerificationReport } from '../migration/types';
import template from './templates/verification.json';
import { bar, CLASS_LABELS, CLASS_STYLES, clip, describeLicenseError, formatCount, formatTime, plural, plain } from './format';
import { renderCard } from './render';
import type { AdaptiveCard } from './types';

export interface VerificationCardInput {
  report: VerificationReport;
  /** Users in the sample table; at most 10. */
  sampleSize?: number;
}

const MAX_SAMPLE = 10;
/** Problems first in the sample: they are what an admin has to act on. */
const SAMPLE_ORDER: UserClass[] = ['error', 'planMismatch', 'planGain', 'notMember', 'pending', 'ready', 'inheritedOnly'];

function detail(user: UserClassification): string {
  if (user.class === 'error') return clip(`${user.error ?? 'Error'}: ${describeLicenseError(user.error).cause}`, 120);
  if (user.class === 'planMismatch') return clip(`Missing: ${user.missingPlans.join(', ') || 'unknown plans'}`, 160);
  if (user.class === 'planGain') return clip(`Would gain: ${(user.gainedPlans ?? []).join(', ') || 'unknown plans'}`, 160);
  if (user.class === 'notMember') return 'Add to the group first';
  if (user.class === 'pending') return 'Waiting for group processing';
  return '—';
}

/** "12 users also rely on E3 without Yammer for SWAY", one line per other group (union coverage). */
export function reliedOnNotes(reliedOn: readonly ReliedOnSummary[] | undefined): { text: string }[] {
  return (reliedOn ?? []).map((g) => ({
    text: clip(
      `${g.users === 1 ? '1 user also relies' : `${formatCount(g.users)} users also rely`} on ${plain(g.groupDisplayName ?? g.groupId, 100)} for ${g.plans.join(', ')}.`,
      300,
    ),
  }));
}

/** Counts per class with proportional bars, a verdict and a small sample table. */
export function buildVerificationCard(input: VerificationCardInput): AdaptiveCard {
  const { report } = input;
  const total = USER_CLASSES.reduce((sum, c) => sum + (report.summary[c] ?? 0), 0);
  const size = Math.max(0, Math.min(MAX_SAMPLE, input.sampleSize ?? MAX_SAMPLE));
  // Round-robin over the classes, problems first, so a small sample shows every kind of user.
  const sample: UserClassification[] = [];
  for (let round = 0; sample.length < size && round < size; round++) {
    for (const cls of SAMPLE_ORDER) {
      const user = report.samples[cls]?.[round];
      if (user && sample.length < size) sample.push(user);
    }
  }
  const count = (c: UserClass) => report.summary[c] ?? 0;
  const blocking = count('error') + count('planMismatch') + count('notMember') + count('pending');
  return renderCard(template, {
    subtitle: `${clip(report.skuPartNumber, 60)} → ${plain(report.groupDisplayName, 90)} · ${plural(total, 'user')} · ${formatTime(report.verifiedAt)}`,
    classes: USER_CLASSES.map((c) => ({
      label: CLASS_LABELS[c],
      count: formatCount(count(c)),
      bar: bar(count(c), total, CLASS_STYLES[c]),
    })),
    verdict:
      (blocking === 0 && count('planGain') === 0
        ? `All ${plural(count('ready'), 'user')} in scope can have their direct assignment removed safely: they keep every service through the group.`
        : `${plural(count('ready'), 'user')} ready.${blocking ? ` ${plural(blocking, 'user')} keep their direct assignment until fixed.` : ''}`) +
      (count('planGain')
        ? ` ${plural(count('planGain'), 'user')} would gain ${(report.gainedPlans ?? []).join(', ') || 'plans'}, which their direct assignment disables: they are removed only where an approver accepts that on the batch card.`
        : ''),
    notes: reliedOnNotes(report.reliedOn),
    hasSample: sample.length > 0,
    sampleTitle: `Sample (${sample.length} of ${formatCount(total)})`,
    sample: sample.map((u) => ({
      upn: clip(u.userPrincipalName, 80),
      label: CLASS_LABELS[u.class],
      color: CLASS_STYLES[u.class],
      detail: detail(u),
    })),
    showErrors: Boolean(report.runId) && count('error') > 0,
    errorsData: { runId: report.runId ?? '', page: 0 },
  });
}
