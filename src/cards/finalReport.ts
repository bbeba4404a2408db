import { runLabel } from '../migration/runName';
import type { RunReport } from '../migration/engine';
import { acceptedGainOf, type Batch } from '../migration/types';
import template from './templates/finalReport.json';
import { bar, clip, formatCount, formatDuration, formatTime, plural, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';
import { requestedByText } from './people';

export interface FinalReportCardInput {
  report: RunReport;
}

const MAX_BATCHES = 15;
const MAX_ISSUES = 10;
const MAX_APPROVERS = 10;

type Decisions = Batch['approvals'];

/** "Approved by A, B" / "Rejected by C" for one batch, from its recorded decisions. */
function decidedBy(approvals: Decisions): string {
  const who = (d: 'approve' | 'reject') => approvals.filter((a) => a.decision === d).map((a) => a.approverName || a.approverId);
  const parts = [];
  if (who('approve').length) parts.push(`Approved by ${who('approve').join(', ')}`);
  if (who('reject').length) parts.push(`Rejected by ${who('reject').join(', ')}`);
  return plain(parts.join('; ') || 'No approval recorded', 200);
}

/** One line per approver over all batches, so the report names everyone even when batches are hidden. */
function approverSummary(batches: Batch[]): string[] {
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
      const counts = [
        e.approved ? `approved ${plural(e.approved, 'batch', 'batches')}` : '',
        e.rejected ? `rejected ${plural(e.rejected, 'batch', 'batches')}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `${e.name ? `${plain(e.name, 80)} (${id})` : plain(id, 80)}: ${counts}`;
    });
}

function durationBetween(from?: string, to?: string): string {
  if (!from || !to) return '—';
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? formatDuration(ms) : '—';
}

/** What a batch's users gained with an approver's acceptance, and the other groups they rely on (union coverage). */
function coverageNote(b: Batch): string {
  const parts: string[] = [];
  if (b.gain?.users) {
    const accepted = acceptedGainOf(b);
    parts.push(
      `${formatCount(b.gain.users)} would gain ${b.gain.plans.join(', ')} (${b.gain.plans.every((p) => accepted.has(p)) ? 'gain accepted' : 'gain not accepted: they keep their direct assignment'})`,
    );
  }
  for (const g of b.reliedOn ?? [])
    parts.push(`${formatCount(g.users)} also rely on ${plain(g.groupDisplayName ?? g.groupId, 80)} for ${g.plans.join(', ')}`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

/** Totals, durations, a per-batch summary and the first skipped/failed users with reasons. */
export function buildFinalReportCard(input: FinalReportCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run, totals, issues } = input.report;
  const all = totals.removed + totals.skipped + totals.failed + totals.remaining;
  const shownIssues = issues.slice(0, MAX_ISSUES);
  const issueCount = Math.max(totals.failed + totals.skipped, issues.length);
  const batches = run.batches.slice(0, MAX_BATCHES);
  const approvers = approverSummary(run.batches);
  return renderCard(template, {
    t: l.m.cards.finalReport,
    title: `Final report: ${clip(run.skuPartNumber, 60)} → ${plain(run.groupDisplayName, 90)}`,
    subtitle: `${plain(runLabel(run), 200)} · ${run.status}`,
    runIdLine: clip(`Run id ${run.id}`, 160),
    totals: [
      { label: 'Removed (keep the license through the group)', count: formatCount(totals.removed), bar: bar(totals.removed, all, 'good') },
      { label: 'Skipped (kept direct assignment)', count: formatCount(totals.skipped), bar: bar(totals.skipped, all, 'warning') },
      {
        label: 'Failed (the reason says whether the direct assignment is back)',
        count: formatCount(totals.failed),
        bar: bar(totals.failed, all, 'attention'),
      },
      {
        label: 'Remaining in batches not run yet (keep their direct assignment)',
        count: formatCount(totals.remaining),
        bar: bar(totals.remaining, all, 'accent'),
      },
      {
        label: 'Restored by rollback (direct assignment re-added)',
        count: formatCount(totals.restored),
        bar: bar(totals.restored, all, 'accent'),
      },
    ],
    requestedBy: requestedByText(run, true),
    started: formatTime(run.createdAt),
    ended: formatTime(run.updatedAt),
    duration: durationBetween(run.createdAt, run.updatedAt),
    batchCount: formatCount(run.batches.length),
    hasBatches: batches.length > 0,
    batches: batches.map((b) => {
      const c = b.tally;
      return {
        name: b.index === 0 ? 'Canary' : `Batch ${b.index + 1}`,
        status: b.status,
        counts: clip(
          `${formatCount(b.size)} users: ${formatCount(c.removed)} removed, ${formatCount(c.skipped)} skipped, ${formatCount(c.failed)} failed${coverageNote(b)}`,
          400,
        ),
        duration: durationBetween(b.startedAt, b.finishedAt),
        decidedBy: decidedBy(b.approvals),
      };
    }),
    hiddenBatches: run.batches.length - batches.length,
    hiddenBatchesText: `${plural(run.batches.length - batches.length, 'more batch', 'more batches')} not shown.`,
    hasApprovers: approvers.length > 0,
    approvers: approvers.slice(0, MAX_APPROVERS).map((line) => ({ line })),
    hiddenApprovers: Math.max(0, approvers.length - MAX_APPROVERS),
    hiddenApproversText: `${plural(approvers.length - MAX_APPROVERS, 'more approver')} not shown.`,
    hasIssues: shownIssues.length > 0,
    issuesTitle:
      shownIssues.length < issueCount
        ? `Skipped and failed users (first ${shownIssues.length} of ${formatCount(issueCount)})`
        : 'Skipped and failed users',
    issues: shownIssues.map((o) => ({
      upn: plain(o.userPrincipalName ?? o.userId, 100),
      reason: plain(`${o.outcome === 'failed' ? 'Failed' : 'Skipped'}: ${o.reason ?? o.code ?? 'no reason recorded'}`, 240),
    })),
    footer:
      'The full per-user report is in the run journal; `rollback` re-adds removed direct assignments with their original disabled plans.',
  });
}
