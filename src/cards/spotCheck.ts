import type { SpotCheck } from '../migration/types';
import template from './templates/spotCheck.json';
import { CLASS_LABELS, clip } from './format';
import { renderCard } from './render';
import type { AdaptiveCard } from './types';

export interface SpotCheckCardInput {
  spot: SpotCheck;
}

const MAX_PLANS = 80;

function mark(value: boolean | null): string {
  if (value === null) return '—';
  return value ? '✔ On' : '✖ Off';
}

/** Plans side by side, Direct | Inherited | Effective, like the portal's Assignments view. */
export function buildSpotCheckCard(input: SpotCheckCardInput): AdaptiveCard {
  const { spot } = input;
  // A plan only the direct path enables is the one a removal would take away: highlight it.
  const lost = spot.plans.filter((p) => p.direct === true && p.inherited !== true);
  return renderCard(template, {
    title: clip(`Spot check: ${spot.userPrincipalName}`, 140),
    subtitle: clip(`${spot.skuPartNumber} · ${CLASS_LABELS[spot.class]}`, 140),
    paths: spot.paths.length === 0
      ? [{ title: 'None', value: 'The user holds no assignment of this SKU.' }]
      : spot.paths.slice(0, 10).map((p) => ({
        title: p.assignedByGroup ? clip(`Group ${p.groupDisplayName ?? p.assignedByGroup}`, 80) : 'Direct',
        value: clip(`${p.state}${p.error && p.error !== 'None' ? ` (${p.error})` : ''}`, 80),
      })),
    plans: spot.plans.slice(0, MAX_PLANS).map((p) => ({
      name: clip(p.servicePlanName, 60),
      direct: mark(p.direct),
      inherited: mark(p.inherited),
      effective: mark(p.effective),
      style: p.direct === true && p.inherited !== true ? 'warning' : 'default',
    })),
    verdict: lost.length === 0
      ? 'Removing the direct assignment would not turn off any service.'
      : clip(`Removing the direct assignment now would turn off: ${lost.map((p) => p.servicePlanName).join(', ')}.`, 400),
    verdictColor: lost.length === 0 ? 'good' : 'attention',
  });
}
