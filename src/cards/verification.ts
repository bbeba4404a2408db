import {
  productReports,
  USER_CLASSES,
  type ReliedOnSummary,
  type UserClass,
  type UserClassification,
  type VerificationReport,
} from '../migration/types';
import template from './templates/verification.json';
import { bar, classLabel, CLASS_STYLES, clip, describeLicenseError, formatTime, plain } from './format';
import { renderCard } from './render';
import { skuProductName } from '../migration/skuNames';
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

function detail(user: UserClassification, l: Localizer): string {
  const d = l.m.cards.verification.sampleDetail;
  const t = l.m.cards.verification;
  const code = user.error ?? t.errorCode;
  if (user.class === 'error' && user.directDisabledPlans === null) return clip(l.f(d.errorNoDirect, { code }), 120);
  if (user.class === 'error') return clip(l.f(d.error, { code, cause: describeLicenseError(user.error, l).cause }), 120);
  if (user.class === 'planMismatch') return clip(l.f(d.missing, { plans: user.missingPlans.join(', ') || t.unknownPlans }), 160);
  if (user.class === 'planGain') return clip(l.f(d.gain, { plans: (user.gainedPlans ?? []).join(', ') || t.unknownPlans }), 160);
  if (user.class === 'notMember') return d.notMember;
  if (user.class === 'pending') return user.directDisabledPlans === null ? d.pendingNoDirect : d.pending;
  return '—';
}

/** "12 users also rely on E3 without Yammer for SWAY", one line per other group (union coverage). */
export function reliedOnNotes(reliedOn: readonly ReliedOnSummary[] | undefined, l: Localizer = localizer('en')): { text: string }[] {
  return (reliedOn ?? []).map((g) => ({
    text: clip(
      l.p(l.m.cards.verification.reliedOn, g.users, { group: plain(g.groupDisplayName ?? g.groupId, 100), plans: g.plans.join(', ') }),
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
function countRows(report: VerificationReport, l: Localizer): CountRow[] {
  const t = l.m.cards.verification;
  const count = (c: UserClass) => report.summary[c] ?? 0;
  const without = (c: UserClass) => Math.min(count(c), report.withoutDirect?.[c] ?? 0);
  const group = plain(report.groupDisplayName, 90);
  const plans = clip((report.gainedPlans ?? []).join(', ') || t.somePlans, 160);
  const row = (key: keyof typeof t.rows, n: number, style: CardStyle): CountRow => ({
    label: t.rows[key].label,
    meaning: l.f(t.rows[key].meaning, { group, plans }),
    count: n,
    style,
  });
  const rows: CountRow[] = [
    row('ready', count('ready'), CLASS_STYLES.ready),
    row('planGain', count('planGain'), CLASS_STYLES.planGain),
    row('pending', count('pending') - without('pending'), CLASS_STYLES.pending),
    row('error', count('error') - without('error'), CLASS_STYLES.error),
    row('planMismatch', count('planMismatch'), CLASS_STYLES.planMismatch),
    row('notMember', count('notMember'), CLASS_STYLES.notMember),
    row('inheritedOnly', count('inheritedOnly'), CLASS_STYLES.inheritedOnly),
  ];
  // Shown only when present: most tenants have no such members, and a line of zeros would read as a class to act on.
  if (without('error') > 0) rows.push(row('errorWithoutDirect', without('error'), CLASS_STYLES.error));
  if (without('pending') > 0) rows.push(row('pendingWithoutDirect', without('pending'), CLASS_STYLES.pending));
  return rows;
}

/** One sentence per Entra code and kind of user: who, what went wrong, and what it means for them. */
function errorLines(report: VerificationReport, l: Localizer): { text: string }[] {
  const t = l.m.cards.verification;
  const group = plain(report.groupDisplayName, 90);
  const lines: string[] = [];
  for (const e of report.errorCodes ?? []) {
    const code = clip(e.code, 60);
    const { short } = describeLicenseError(e.code, l);
    if (e.withoutDirect > 0)
      lines.push(
        e.code === 'CountViolation'
          ? l.p(t.errorCountViolation, e.withoutDirect, { group })
          : l.p(t.errorWithoutDirect, e.withoutDirect, { group, short, code }),
      );
    if (e.direct > 0) lines.push(l.p(t.errorDirect, e.direct, { short, code }));
  }
  return lines.map((text) => ({ text: clip(text, 400) }));
}

/** Direct holders of other cohorts that verification counted, in the words the pre-flight uses for them. */
function otherCohortsLine(report: VerificationReport, l: Localizer): { text: string }[] {
  const n = report.otherCohorts ?? 0;
  if (n === 0) return [];
  return [{ text: l.p(l.m.cards.verification.otherCohorts, n, { sku: clip(skuProductName(report), 80) }) }];
}

function verdictOf(report: VerificationReport, l: Localizer): string {
  const t = l.m.cards.verification;
  const count = (c: UserClass) => report.summary[c] ?? 0;
  const without = (c: UserClass) => Math.min(count(c), report.withoutDirect?.[c] ?? 0);
  const group = plain(report.groupDisplayName, 90);
  const ready = count('ready');
  const gain = count('planGain');
  // Only direct holders have something to keep: members without a direct assignment are said apart.
  const kept = count('error') - without('error') + count('planMismatch') + count('notMember') + count('pending') - without('pending');
  const parts: string[] = [];
  if (ready === 0 && gain === 0 && kept === 0) parts.push(l.f(t.verdictNobody, { sku: clip(skuProductName(report), 80) }));
  else if (gain === 0 && kept === 0) parts.push(l.p(t.verdictAllReady, ready, { group }));
  else {
    parts.push(l.p(t.verdictReady, ready));
    if (kept) parts.push(l.p(t.verdictKept, kept));
  }
  if (gain) parts.push(l.p(t.verdictGain, gain, { plans: (report.gainedPlans ?? []).join(', ') || t.somePlans }));
  return parts.join(' ');
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
    subtitle: l.f(l.m.cards.verification.subtitle, {
      sku: clip(skuProductName(report), 80),
      group: plain(report.groupDisplayName, 90),
      users: l.p(l.m.cards.verification.users, total),
      time: formatTime(report.verifiedAt),
    }),
    classes: countRows(report, l).map((r) => ({
      label: r.label,
      meaning: r.meaning,
      count: l.n(r.count),
      bar: bar(r.count, total, r.style),
    })),
    verdict: verdictOf(report, l),
    notes: [...errorLines(report, l), ...otherCohortsLine(report, l), ...reliedOnNotes(report.reliedOn, l)],
    hasSample: sample.length > 0,
    sampleTitle: l.f(l.m.cards.verification.sampleTitle, { shown: sample.length, total }),
    sample: sample.map((u) => ({
      upn: clip(u.userPrincipalName, 80),
      label: classLabel(u.class, l),
      color: CLASS_STYLES[u.class],
      detail: detail(u, l),
    })),
    showErrors: Boolean(report.runId) && (report.summary.error ?? 0) > 0,
    errorsData: { runId: report.runId ?? '', page: 0 },
  });
}

/** One verification card per product: a run of several products is judged product by product. */
export function buildVerificationCards(input: VerificationCardInput, l: Localizer = localizer('en')): AdaptiveCard[] {
  return productReports(input.report).map((report) => buildVerificationCard({ ...input, report }, l));
}

/** Users in error or with a plan mismatch over every product of the run (a user counts once per product): the error card's total. */
export function problemCount(report: VerificationReport): number {
  return productReports(report).reduce((n, r) => n + (r.summary.error ?? 0) + (r.summary.planMismatch ?? 0), 0);
}
