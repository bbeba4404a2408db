import type { DriftFindings, DriftKind, DriftUser } from '../migration/drift';
import type { Run } from '../migration/types';
import template from './templates/drift.json';
import { clip, formatTime, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard, CardStyle } from './types';
import { runProductNames } from '../migration/runLicenses';

export interface DriftCardInput {
  run: Pick<Run, 'id' | 'skuPartNumber' | 'groupDisplayName'> & Partial<Pick<Run, 'licenses' | 'skuDisplayName'>>;
  findings: DriftFindings;
  checkedAt: string;
  /** Whether the findings changed since the last check (false: the card only says the automation can be retired). */
  changes: boolean;
  /** Say that the legacy automation can be retired: no new direct assignment since `quietSince`. */
  retire?: { quietSince: string; quietDays: number };
  /** Offer "Start a follow-up run" (not once one was started from this card). */
  followUp: boolean;
  notice?: string;
}

const KINDS: { kind: DriftKind; explain: 'newDirectExplain' | 'leftGroupExplain' | 'errorsExplain'; style: CardStyle }[] = [
  { kind: 'newDirect', explain: 'newDirectExplain', style: 'warning' },
  { kind: 'leftGroup', explain: 'leftGroupExplain', style: 'warning' },
  { kind: 'errors', explain: 'errorsExplain', style: 'attention' },
];

function names(users: DriftUser[], total: number, l: Localizer): string {
  const shown = users.map((u) => `${plain(u.userPrincipalName, 100)}${u.error ? ` (${plain(u.error, 40)})` : ''}`).join(', ');
  return total > users.length ? l.f(l.m.cards.drift.andMore, { names: shown, count: total - users.length }) : shown;
}

/** What a drift check of a completed run found, posted in the run's thread; the follow-up button carries only the run id. */
export function buildDriftCard(input: DriftCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run, findings } = input;
  const t = l.m.cards.drift;
  const kinds = KINDS.filter((k) => findings[k.kind].count > 0).map((k) => ({
    heading: l.p(t[k.kind], findings[k.kind].count),
    explain: t[k.explain],
    style: k.style,
    hasUsers: findings[k.kind].sample.length > 0,
    users: names(findings[k.kind].sample, findings[k.kind].count, l),
  }));
  const movable = findings.newDirect.count + findings.leftGroup.count;
  const sku = clip(runProductNames(run), 120);
  const text = l.f(!input.changes ? t.nothingNew : kinds.length === 0 ? t.gone : t.changed, { sku });
  return renderCard(template, {
    t,
    title: l.f(input.changes ? t.titleDrift : t.titleQuiet, { run: clip(run.id, 60) }),
    text,
    runId: clip(run.id, 128),
    sku: clip(runProductNames(run), 120),
    group: plain(run.groupDisplayName, 150),
    checkedAt: formatTime(input.checkedAt),
    kinds,
    retire: !!input.retire,
    retireText: input.retire ? l.p(t.retire, input.retire.quietDays, { sku, since: formatTime(input.retire.quietSince) }) : '',
    hasNotice: !!input.notice,
    notice: input.notice ? clip(input.notice, 400) : '',
    canFollowUp: input.followUp && movable > 0,
    data: { runId: run.id },
  });
}
