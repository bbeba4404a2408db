import type { LicenseProfile, ProfileMerge, TenantLicensePlan } from '../migration/profiles';
import template from './templates/licensePlan.json';
import { formatCount, plain, plural } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

const MAX_PROFILES = 12;

/** The tenant's license profiles, largest first: what each holds directly, the group proposed, and safe merges. */
export function buildLicensePlanCard(plan: TenantLicensePlan, l: Localizer = localizer('en')): AdaptiveCard {
  const shown = plan.profiles.slice(0, MAX_PROFILES);
  const number = new Map(plan.profiles.map((p, i) => [p.key, i + 1]));
  const mergeOf = new Map(plan.merges.map((m) => [m.from, m]));
  return renderCard(template, {
    t: l.m.cards.licensePlan,
    summary:
      plan.profiles.length === 0
        ? `Nobody holds any of the ${plural(plan.skus, 'user product')} directly: there is nothing to migrate.`
        : `${plural(plan.directHolders, 'user')} hold licenses directly, in ${plural(plan.profiles.length, 'profile')} (users with exactly the same products and switched-off plans). Each profile needs its own licensing group.`,
    profiles: shown.map((p, i) => {
      const merge = mergeOf.get(p.key);
      return {
        heading: `Profile ${i + 1} · ${plural(p.users, 'user')}`,
        products: p.licenses.map(productText).join(' + '),
        group:
          p.group.kind === 'existing'
            ? `Group: ${plain(p.group.displayName, 150)} (exists and already assigns exactly these licenses)`
            : `Group: a new security group "${plain(p.group.displayName, 200)}"`,
        hasMerge: !!merge,
        merge: merge ? mergeText(merge, number.get(merge.into) ?? 0) : '',
        sample: `For example ${p.sample.map((u) => plain(u, 80)).join(', ')}${p.users > p.sample.length ? ', …' : ''}`,
      };
    }),
    hiddenCount: plan.profiles.length - shown.length,
    hiddenText: `${plural(plan.profiles.length - shown.length, 'smaller profile')} not shown.`,
    next: "Runs move one license at a time today: start each profile's products with `migrate`, choosing the cohort and the group named here.",
  });
}

function productText(l: LicenseProfile['licenses'][number]): string {
  const name = plain(l.skuName, 80);
  return l.disabledPlanNames.length ? `${name} without ${plain(l.disabledPlanNames.join(', '), 200)}` : `${name} (every plan)`;
}

/** Only what the users would gain: a merge is offered only when nobody loses a service. */
function mergeText(m: ProfileMerge, into: number): string {
  const gains = m.gains.map((g) =>
    g.wholeProduct ? `all of ${plain(g.skuName, 80)}` : `${plain(g.plans.join(', '), 160)} in ${plain(g.skuName, 80)}`,
  );
  return `Can share profile ${formatCount(into)}'s group: these users would gain ${gains.join('; ')}, and lose nothing.`;
}
