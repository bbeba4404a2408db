import type { FindingSeverity, PreflightFinding } from '../migration/types';
import template from './templates/preflight.json';
import { clip, plain } from './format';
import { findingText } from './findingText';
import { renderCard } from './render';
import { ruleDetailText } from './ruleDetail';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard, CardStyle } from './types';

export interface PreflightCardInput {
  runId: string;
  /** The run's readable name (runLabel); the id alone when absent. */
  runName?: string;
  findings: PreflightFinding[];
  cardVersion: number;
}

const MAX_FINDINGS = 15;
const MAX_DETAILS = 10;
const ORDER: Record<FindingSeverity, number> = { blocker: 0, warning: 1, info: 2 };
const STYLE: Record<FindingSeverity, CardStyle> = { blocker: 'attention', warning: 'warning', info: 'emphasis' };

/** Findings by severity with their fixes; Confirm (verb `migrate.confirm`) only when nothing blocks. */
export function buildPreflightCard(input: PreflightCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const sorted = [...input.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const shown = sorted.slice(0, MAX_FINDINGS);
  const count = (s: FindingSeverity) => input.findings.filter((f) => f.severity === s).length;
  const blockers = count('blocker');
  const t = l.m.cards.preflight;
  const summary =
    input.findings.length === 0
      ? t.allPassed
      : l.f(t.summary, { blockers: l.p(t.blockers, blockers), warnings: l.p(t.warnings, count('warning')), info: count('info') });
  return renderCard(template, {
    t: l.m.cards.preflight,
    runName: plain(input.runName ?? input.runId, 200),
    runIdLine: clip(l.f(t.runId, { id: input.runId }), 160),
    summary,
    blocked: blockers > 0,
    findings: shown.map((f) => {
      const affected = f.count ?? f.userIds?.length;
      const said = findingText(f, l);
      return {
        style: STYLE[f.severity],
        heading: affected ? l.p(t.heading, affected, { severity: t.severity[f.severity] }) : t.severity[f.severity],
        message: plain(said.message, 800),
        hasDetails: !!f.details?.length,
        // Only a dynamic group's finding names users with the attribute values that keep them out.
        details: (f.details ?? [])
          .slice(0, MAX_DETAILS)
          .map((d) => plain(f.about?.variant === 'dynamicUnmatched' ? ruleDetailText(d, l) : d, 240)),
        fix: plain(l.f(t.fix, { fix: said.fix }), 400),
      };
    }),
    hiddenCount: sorted.length - shown.length,
    hiddenText: l.p(t.hidden, sorted.length - shown.length),
    data: { runId: input.runId, cardVersion: input.cardVersion },
  });
}
