import { runLabel } from '../migration/runName';
import type { RunReport } from '../migration/engine';
import { acceptedGainOf, type Batch } from '../migration/types';
import template from './templates/finalReport.json';
import { bar, clip, formatDuration, formatTime, plain } from './format';
import { outcomeReason, productNamer } from './outcomeText';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';
import { requestedByText } from './people';
import { runProductNames } from '../migration/runLicenses';
import { skuProductName } from '../migration/skuNames';

export interface FinalReportCardInput {
  report: RunReport;
}

const MAX_BATCHES = 15;
const MAX_ISSUES = 10;
const MAX_APPROVERS = 10;

type Decisions = Batch['approvals'];

/** "Approved by A, B" / "Rejected by C" for one batch, from its recorded decisions. */
function decidedBy(approvals: Decisions, l: Localizer): string {
  const t = l.m.cards.finalReport;
  const who = (d: 'approve' | 'reject') => approvals.filter((a) => a.decision === d).map((a) => a.approverName || a.approverId);
  const parts = [];
  if (who('approve').length) parts.push(l.f(t.approvedBy, { names: who('approve').join(', ') }));
  if (who('reject').length) parts.push(l.f(t.rejectedBy, { names: who('reject').join(', ') }));
  return plain(parts.join('; ') || t.noApproval, 200);
}

/** One line per approver over all batches, so the report names everyone even when batches are hidden. */
function approverSummary(batches: Batch[], l: Localizer): string[] {
  const t = l.m.cards.finalReport;
  const byId = new Map<string, { name?: string; approved: number; rejected: number }>();
  for (const b of batches) {
    for (const a of b.approvals) {
      const entry = byId.get(a.approverId) ?? { approved: 0, rejected: 0 };
      entry.name = a.approverName || entry.name;
      if (a.decision === 'approve') entry.approved += 1;
      else entry.rejected += 1;
      byId.set(a.approverId, entry);
    }
  }
  return [...byId.entries()]
    .sort((x, y) => y[1].approved + y[1].rejected - (x[1].approved + x[1].rejected))
    .map(([id, e]) => {
      const counts = [e.approved ? l.p(t.approvedBatches, e.approved) : '', e.rejected ? l.p(t.rejectedBatches, e.rejected) : '']
        .filter(Boolean)
        .join(', ');
      return l.f(t.approverLine, { who: e.name ? `${plain(e.name, 80)} (${id})` : plain(id, 80), counts });
    });
}

function durationBetween(from?: string, to?: string): string {
  if (!from || !to) return '—';
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? formatDuration(ms) : '—';
}

/** What a batch's users gained with an approver's acceptance, and the other groups they rely on (union coverage). */
function coverageNote(b: Batch, l: Localizer): string {
  const t = l.m.cards.finalReport;
  const parts: string[] = [];
  if (b.gain?.users) {
    const accepted = acceptedGainOf(b);
    const decision = b.gain.plans.every((p) => accepted.has(p)) ? t.gainAccepted : t.gainNotAccepted;
    parts.push(l.f(t.gain, { count: b.gain.users, plans: b.gain.plans.join(', '), decision }));
  }
  for (const g of b.reliedOn ?? [])
    parts.push(l.f(t.reliedOn, { count: g.users, group: plain(g.groupDisplayName ?? g.groupId, 80), plans: g.plans.join(', ') }));
  return parts.length ? `; ${parts.join('; ')}` : '';
}

/** Totals, durations, a per-batch summary and the first skipped/failed users with reasons. */
export function buildFinalReportCard(input: FinalReportCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run, totals, issues } = input.report;
  const all = totals.removed + totals.skipped + totals.failed + totals.remaining;
  const shownIssues = issues.slice(0, MAX_ISSUES);
  const issueCount = Math.max(totals.failed + totals.skipped, issues.length);
  const batches = run.batches.slice(0, MAX_BATCHES);
  const approvers = approverSummary(run.batches, l);
  const t = l.m.cards.finalReport;
  const named = productNamer(run);
  return renderCard(template, {
    t,
    title: l.f(t.title, { sku: clip(runProductNames(run), 120), group: plain(run.groupDisplayName, 90) }),
    subtitle: l.f(t.subtitle, { run: plain(runLabel(run), 200), status: l.m.status.run[run.status] ?? run.status }),
    runIdLine: clip(l.f(t.runId, { id: run.id }), 160),
    totals: [
      { label: t.removed, count: l.n(totals.removed), bar: bar(totals.removed, all, 'good') },
      { label: t.skipped, count: l.n(totals.skipped), bar: bar(totals.skipped, all, 'warning') },
      { label: t.failed, count: l.n(totals.failed), bar: bar(totals.failed, all, 'attention') },
      { label: t.remaining, count: l.n(totals.remaining), bar: bar(totals.remaining, all, 'accent') },
      { label: t.restored, count: l.n(totals.restored), bar: bar(totals.restored, all, 'accent') },
    ],
    // A run of several products says, per product, whom it took the direct assignment from and who kept it.
    products: (input.report.bySku ?? []).map((p) => ({
      line: clip(
        p.kept
          ? l.p(t.productKept, p.removed, { product: clip(skuProductName(p), 80), kept: l.n(p.kept) })
          : l.p(t.product, p.removed, { product: clip(skuProductName(p), 80) }),
        300,
      ),
    })),
    requestedBy: requestedByText(run, true, l),
    started: formatTime(run.createdAt),
    ended: formatTime(run.updatedAt),
    duration: durationBetween(run.createdAt, run.updatedAt),
    batchCount: l.n(run.batches.length),
    hasBatches: batches.length > 0,
    batches: batches.map((b) => {
      const c = b.tally;
      return {
        name: b.index === 0 ? t.canary : l.f(t.batch, { number: b.index + 1 }),
        status: l.m.status.batch[b.status] ?? b.status,
        counts: clip(
          l.p(t.batchCounts, b.size, { removed: c.removed, skipped: c.skipped, failed: c.failed, notes: coverageNote(b, l) }),
          400,
        ),
        duration: durationBetween(b.startedAt, b.finishedAt),
        decidedBy: decidedBy(b.approvals, l),
      };
    }),
    hiddenBatches: run.batches.length - batches.length,
    hiddenBatchesText: l.p(t.hiddenBatches, run.batches.length - batches.length),
    hasApprovers: approvers.length > 0,
    approvers: approvers.slice(0, MAX_APPROVERS).map((line) => ({ line })),
    hiddenApprovers: Math.max(0, approvers.length - MAX_APPROVERS),
    hiddenApproversText: l.p(t.hiddenApprovers, approvers.length - MAX_APPROVERS),
    hasIssues: shownIssues.length > 0,
    issuesTitle: shownIssues.length < issueCount ? l.f(t.issuesSome, { shown: shownIssues.length, total: issueCount }) : t.issues,
    issues: shownIssues.map((o) => ({ upn: plain(o.userPrincipalName ?? o.userId, 100), reason: outcomeReason(o, l, named) })),
    footer: t.footer,
  });
}
