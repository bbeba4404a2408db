import type { DriftFindings, DriftKind, DriftUser } from '../migration/drift';
import type { Run } from '../migration/types';
import template from './templates/drift.json';
import { clip, formatCount, formatTime, plain, plural } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard, CardStyle } from './types';

export interface DriftCardInput {
  run: Pick<Run, 'id' | 'skuPartNumber' | 'groupDisplayName'>;
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

const KINDS: { kind: DriftKind; heading: (n: number) => string; explain: string; style: CardStyle }[] = [
  {
    kind: 'newDirect',
    heading: (n) => `${plural(n, 'user')} got a direct assignment since the run`,
    explain: 'Assigned by the legacy automation or by hand after the run finished. A follow-up run moves them to the group.',
    style: 'warning',
  },
  {
    kind: 'leftGroup',
    heading: (n) => `${plural(n, 'user')} left the group but still hold a direct assignment`,
    explain: 'They depend on the direct assignment alone. A follow-up run adds them to the group again before anything is removed.',
    style: 'warning',
  },
  {
    kind: 'errors',
    heading: (n) => `${plural(n, 'group member')} with the group license in an error state`,
    explain: 'Type `errors` in a run that covers them for the fixes, or fix the cause and reprocess them.',
    style: 'attention',
  },
];

function names(users: DriftUser[], total: number): string {
  const shown = users.map((u) => `${plain(u.userPrincipalName, 100)}${u.error ? ` (${plain(u.error, 40)})` : ''}`).join(', ');
  return total > users.length ? `${shown} and ${formatCount(total - users.length)} more` : shown;
}

/** What a drift check of a completed run found, posted in the run's thread; the follow-up button carries only the run id. */
export function buildDriftCard(input: DriftCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run, findings } = input;
  const kinds = KINDS.filter((k) => findings[k.kind].count > 0).map((k) => ({
    heading: k.heading(findings[k.kind].count),
    explain: k.explain,
    style: k.style,
    hasUsers: findings[k.kind].sample.length > 0,
    users: names(findings[k.kind].sample, findings[k.kind].count),
  }));
  const movable = findings.newDirect.count + findings.leftGroup.count;
  let text: string;
  if (!input.changes) text = `Nothing new since the last check of ${clip(run.skuPartNumber, 60)}.`;
  else if (kinds.length === 0)
    text = `The drift found earlier is gone: nobody holds ${clip(run.skuPartNumber, 60)} directly outside the run, and no member is in error.`;
  else text = `Something changed since the last check of ${clip(run.skuPartNumber, 60)}. Nothing was changed in the tenant.`;
  return renderCard(template, {
    t: l.m.cards.drift,
    title: input.changes ? `License drift after run ${clip(run.id, 60)}` : `Run ${clip(run.id, 60)}: the legacy automation has gone quiet`,
    text,
    runId: clip(run.id, 128),
    sku: clip(run.skuPartNumber, 80),
    group: plain(run.groupDisplayName, 150),
    checkedAt: formatTime(input.checkedAt),
    kinds,
    retire: !!input.retire,
    retireText: input.retire
      ? `No new direct assignment of ${clip(run.skuPartNumber, 60)} for ${plural(input.retire.quietDays, 'day')} (since ${formatTime(input.retire.quietSince)}). The legacy licensing automation can be switched off; group membership now grants the license.`
      : '',
    hasNotice: !!input.notice,
    notice: input.notice ? clip(input.notice, 400) : '',
    canFollowUp: input.followUp && movable > 0,
    data: { runId: run.id },
  });
}
