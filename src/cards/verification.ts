import { USER_CLASSES, type ReliedOnSummary, type UserClass, type UserClassification, type VerificationReport } from '../migration/types';
import template from './templates/verification.json';
import { bar, CLASS_LABELS, CLASS_STYLES, clip, describeLicenseError, formatCount, formatTime, plural, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard, CardStyle } from './types';

export interface VerificationCardInput {
  report: VerificationReport;
  /** Users in the sample table; at most 10. */
  sampleSize?: number;
}

const MAX_SAMPLE = 10;
/** Problems first in the sample: they are what an admin has to act on. */
const SAMPLE_ORDER: UserClass[] = ['error', 'planMismatch', 'planGain', 'notMember', 'pending', 'ready', 'inheritedOnly'];

function detail(user: UserClassification): string {
  if (user.class === 'error' && user.directDisabledPlans === null)
    return clip(`${user.error ?? 'Error'}: no direct assignment; the migration does not touch this user`, 120);
  if (user.class === 'error') return clip(`${user.error ?? 'Error'}: ${describeLicenseError(user.error).cause}`, 120);
  if (user.class === 'planMismatch') return clip(`Missing: ${user.missingPlans.join(', ') || 'unknown plans'}`, 160);
  if (user.class === 'planGain') return clip(`Would gain: ${(user.gainedPlans ?? []).join(', ') || 'unknown plans'}`, 160);
  if (user.class === 'notMember') return 'Add to the group first';
  if (user.class === 'pending')
    return user.directDisabledPlans === null ? 'Waiting for the group license; no direct assignment' : 'Waiting for the group license';
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

/** One counted line of the card: who it counts, what that means for them, and its bar. */
interface CountRow {
  label: string;
  meaning: string;
  count: number;
  style: CardStyle;
}

/**
 * The lines of the card. Users in error or waiting for the group license are counted apart by whether they hold a
 * direct assignment: only those who do have anything the migration could remove.
 */
function countRows(report: VerificationReport): CountRow[] {
  const count = (c: UserClass) => report.summary[c] ?? 0;
  const without = (c: UserClass) => Math.min(count(c), report.withoutDirect?.[c] ?? 0);
  const group = plain(report.groupDisplayName, 90);
  const gained = (report.gainedPlans ?? []).join(', ') || 'plans';
  const rows: CountRow[] = [
    {
      label: 'Ready to remove',
      meaning: `Exactly the same services through the group: they lose the direct assignment once their batch is approved, and keep the license through ${group}.`,
      count: count('ready'),
      style: CLASS_STYLES.ready,
    },
    {
      label: 'Would gain plans',
      meaning: `The group also enables ${clip(gained, 160)}, which their direct assignment disables: it is removed only where an approver accepts that gain on the batch card.`,
      count: count('planGain'),
      style: CLASS_STYLES.planGain,
    },
    {
      label: 'Waiting for the group license',
      meaning: 'The group has not licensed them yet: they keep their direct assignment; verify again once Entra has processed them.',
      count: count('pending') - without('pending'),
      style: CLASS_STYLES.pending,
    },
    {
      label: 'Group license error',
      meaning: 'Entra could not apply the group license to them (codes below): they keep their direct assignment until the cause is fixed.',
      count: count('error') - without('error'),
      style: CLASS_STYLES.error,
    },
    {
      label: 'Would lose services',
      meaning: 'The group does not enable every plan their direct assignment enables: they keep their direct assignment.',
      count: count('planMismatch'),
      style: CLASS_STYLES.planMismatch,
    },
    {
      label: 'Not in the group',
      meaning: `They hold the license directly but are not members of ${group}: they keep their direct assignment.`,
      count: count('notMember'),
      style: CLASS_STYLES.notMember,
    },
    {
      label: 'Licensed through groups only',
      meaning: 'They hold no direct assignment: nothing to remove, and nothing changes for them.',
      count: count('inheritedOnly'),
      style: CLASS_STYLES.inheritedOnly,
    },
  ];
  // Shown only when present: most tenants have no such members, and a line of zeros would read as a class to act on.
  if (without('error') > 0)
    rows.push({
      label: 'Group members who could not get the license',
      meaning: `They hold no direct assignment, so the migration does not touch them; ${group} shows an error for them until the cause (below) is fixed.`,
      count: without('error'),
      style: CLASS_STYLES.error,
    });
  if (without('pending') > 0)
    rows.push({
      label: 'Group members waiting for the license',
      meaning: 'They hold no direct assignment, so the migration does not touch them; Entra has not processed them yet.',
      count: without('pending'),
      style: CLASS_STYLES.pending,
    });
  return rows;
}

/** One sentence per Entra code and kind of user: who, what went wrong, and what it means for them. */
function errorLines(report: VerificationReport): { text: string }[] {
  const group = plain(report.groupDisplayName, 90);
  const lines: string[] = [];
  for (const e of report.errorCodes ?? []) {
    const code = clip(e.code, 60);
    const { short } = describeLicenseError(e.code);
    if (e.withoutDirect > 0)
      lines.push(
        e.code === 'CountViolation'
          ? `${plural(e.withoutDirect, 'group member')} could not get the license: not enough units (CountViolation). The migration does not touch them; ${group} shows an error until units are freed.`
          : `${plural(e.withoutDirect, 'group member')} could not get the license: ${short} (${code}). The migration does not touch them; ${group} shows an error for them until this is fixed.`,
      );
    if (e.direct > 0)
      lines.push(
        `${plural(e.direct, 'user keeps', 'users keep')} the direct assignment because the group license failed for them: ${short} (${code}). Fix the cause, then reprocess them.`,
      );
  }
  return lines.map((text) => ({ text: clip(text, 400) }));
}

/** Direct holders of other cohorts that verification counted, in the words the pre-flight uses for them. */
function otherCohortsLine(report: VerificationReport): { text: string }[] {
  const n = report.otherCohorts ?? 0;
  if (n === 0) return [];
  const sku = clip(report.skuPartNumber, 60);
  return [
    {
      text:
        n === 1
          ? `1 user counted above is a user of another cohort (holds ${sku} directly with other disabled plans than this run). Group members of other cohorts are checked like everyone else: the line they are counted on says what happens to them.`
          : `${formatCount(n)} users counted above are users of other cohorts (hold ${sku} directly with other disabled plans than this run). Group members of other cohorts are checked like everyone else: the line they are counted on says what happens to them.`,
    },
  ];
}

function verdictOf(report: VerificationReport): string {
  const count = (c: UserClass) => report.summary[c] ?? 0;
  const without = (c: UserClass) => Math.min(count(c), report.withoutDirect?.[c] ?? 0);
  const group = plain(report.groupDisplayName, 90);
  const ready = count('ready');
  const gain = count('planGain');
  // Only direct holders have something to keep: members without a direct assignment are said apart.
  const kept = count('error') - without('error') + count('planMismatch') + count('notMember') + count('pending') - without('pending');
  let verdict: string;
  if (ready === 0 && gain === 0 && kept === 0)
    verdict = `Nobody in scope holds ${clip(report.skuPartNumber, 60)} directly: there is no direct assignment to remove.`;
  else if (gain === 0 && kept === 0)
    verdict =
      ready === 1
        ? `The one direct holder in scope is ready: the direct assignment can be removed, and the user keeps every service through ${group}.`
        : `All ${formatCount(ready)} direct holders in scope are ready: their direct assignments can be removed, and they keep every service through ${group}.`;
  else
    verdict =
      `${plural(ready, 'user is', 'users are')} ready to lose the direct assignment.` +
      (kept ? ` ${plural(kept, 'user keeps', 'users keep')} the direct assignment for now (see the lines above).` : '');
  if (gain)
    verdict += ` ${plural(gain, 'user')} would gain ${(report.gainedPlans ?? []).join(', ') || 'plans'}, which their direct assignment disables: their direct assignment is removed only where an approver accepts that on the batch card.`;
  return verdict;
}

/** Counts per class with proportional bars, a verdict and a small sample table. */
export function buildVerificationCard(input: VerificationCardInput, l: Localizer = localizer('en')): AdaptiveCard {
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
  return renderCard(template, {
    t: l.m.cards.verification,
    subtitle: `${clip(report.skuPartNumber, 60)} → ${plain(report.groupDisplayName, 90)} · ${plural(total, 'user')} in scope (direct holders and group members) · ${formatTime(report.verifiedAt)}`,
    classes: countRows(report).map((r) => ({
      label: r.label,
      meaning: r.meaning,
      count: formatCount(r.count),
      bar: bar(r.count, total, r.style),
    })),
    verdict: verdictOf(report),
    notes: [...errorLines(report), ...otherCohortsLine(report), ...reliedOnNotes(report.reliedOn)],
    hasSample: sample.length > 0,
    sampleTitle: `Sample (${sample.length} of ${formatCount(total)})`,
    sample: sample.map((u) => ({
      upn: clip(u.userPrincipalName, 80),
      label: CLASS_LABELS[u.class],
      color: CLASS_STYLES[u.class],
      detail: detail(u),
    })),
    showErrors: Boolean(report.runId) && (report.summary.error ?? 0) > 0,
    errorsData: { runId: report.runId ?? '', page: 0 },
  });
}
