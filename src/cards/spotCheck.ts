import type { SpotCheck } from '../migration/types';
import template from './templates/spotCheck.json';
import { classLabel, clip, plain } from './format';
import { renderCard } from './render';
import { skuProductName } from '../migration/skuNames';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

export interface SpotCheckCardInput {
  spot: SpotCheck;
}

/** Plans a removal would turn off are listed one per row; the rest are grouped by identical state. */
const MAX_LOST_ROWS = 40;

function mark(value: boolean | null, l: Localizer): string {
  if (value === null) return '—';
  return value ? l.m.cards.spotCheck.on : l.m.cards.spotCheck.off;
}

interface PlanRow {
  name: string;
  direct: string;
  inherited: string;
  effective: string;
  color: string;
  weight: string;
  hasList: boolean;
  list: string;
}

type Plan = SpotCheck['plans'][number];

// A large SKU has ~90 plans; one row each would not fit in a card, so equal rows are merged.
function planRows(spot: SpotCheck, lost: Plan[], l: Localizer): PlanRow[] {
  const rows: PlanRow[] = lost.slice(0, MAX_LOST_ROWS).map((p) => ({
    name: clip(p.servicePlanName, 60),
    direct: mark(p.direct, l),
    inherited: mark(p.inherited, l),
    effective: mark(p.effective, l),
    color: 'attention',
    weight: 'bolder',
    hasList: false,
    list: '',
  }));
  const rest = [...lost.slice(MAX_LOST_ROWS), ...spot.plans.filter((p) => !lost.includes(p))];
  const groups = new Map<string, Plan[]>();
  for (const p of rest) {
    const key = `${p.direct}|${p.inherited}|${p.effective}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const plans of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const [first] = plans;
    const losing = first.direct === true && first.inherited !== true;
    rows.push({
      name: plans.length === 1 ? clip(first.servicePlanName, 60) : l.f(l.m.cards.spotCheck.plans, { count: plans.length }),
      direct: mark(first.direct, l),
      inherited: mark(first.inherited, l),
      effective: mark(first.effective, l),
      color: losing ? 'attention' : 'default',
      weight: losing ? 'bolder' : 'default',
      hasList: plans.length > 1,
      list: clip(plans.map((p) => p.servicePlanName).join(', '), 3000),
    });
  }
  return rows;
}

/** Plans side by side, Direct | Inherited | Effective, like the portal's Assignments view. */
export function buildSpotCheckCard(input: SpotCheckCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { spot } = input;
  // A plan only the direct path enables is the one a removal would take away: highlight it. A plan another group
  // covers (union coverage) is kept, and said so below.
  const t = l.m.cards.spotCheck;
  const relied = new Set((spot.reliesOn ?? []).flatMap((r) => r.plans));
  const lost = spot.plans.filter((p) => p.direct === true && p.inherited !== true && !relied.has(p.servicePlanName));
  const notes = [
    ...(spot.reliesOn ?? []).map((r) => l.f(t.reliesOn, { group: plain(r.groupDisplayName ?? r.groupId, 100), plans: r.plans.join(', ') })),
    ...(spot.gainedPlans?.length ? [l.f(t.gains, { plans: spot.gainedPlans.join(', ') })] : []),
  ].join(' ');
  return renderCard(template, {
    t,
    title: clip(l.f(t.title, { upn: spot.userPrincipalName }), 140),
    subtitle: clip(`${skuProductName(spot)} · ${classLabel(spot.class, l)}`, 140),
    paths:
      spot.paths.length === 0
        ? [{ title: t.none, value: t.noAssignment }]
        : spot.paths.slice(0, 10).map((p) => ({
            title: p.assignedByGroup ? clip(l.f(t.group, { group: p.groupDisplayName ?? p.assignedByGroup }), 80) : t.direct,
            value: clip(`${p.state}${p.error && p.error !== 'None' ? ` (${p.error})` : ''}`, 80),
          })),
    plans: planRows(spot, lost, l),
    verdict: clip(
      [lost.length === 0 ? t.keepsAll : l.f(t.wouldLose, { plans: lost.map((p) => p.servicePlanName).join(', ') }), notes]
        .filter(Boolean)
        .join(' '),
      800,
    ),
    verdictColor: lost.length === 0 ? 'good' : 'attention',
  });
}
