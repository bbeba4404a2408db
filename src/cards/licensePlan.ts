import type { LicenseProfile, ProfileMerge, TenantLicensePlan } from '../migration/profiles';
import template from './templates/licensePlan.json';
import { plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

const MAX_PROFILES = 12;

/** The tenant's license profiles, largest first: what each holds directly, the group proposed, and safe merges. */
export function buildLicensePlanCard(plan: TenantLicensePlan, l: Localizer = localizer('en')): AdaptiveCard {
  const shown = plan.profiles.slice(0, MAX_PROFILES);
  const number = new Map(plan.profiles.map((p, i) => [p.key, i + 1]));
  const mergeOf = new Map(plan.merges.map((m) => [m.from, m]));
  const byKey = new Map(plan.profiles.map((p) => [p.key, p]));
  const t = l.m.cards.licensePlan;
  return renderCard(template, {
    t,
    summary:
      plan.profiles.length === 0
        ? l.p(t.nothing, plan.skus)
        : l.f(t.summary, { users: l.p(t.holders, plan.directHolders), profiles: l.p(t.profiles, plan.profiles.length) }),
    profiles: shown.map((p, i) => {
      const merge = mergeOf.get(p.key);
      return {
        heading: l.p(t.heading, p.users, { number: i + 1 }),
        products: p.licenses.map((x) => productText(x, l)).join(' + '),
        group:
          p.group.kind === 'existing'
            ? l.f(t.groupExisting, { group: plain(p.group.displayName, 150) })
            : l.f(t.groupNew, { group: plain(p.group.displayName, 200) }),
        hasMerge: !!merge,
        merge: merge ? mergeText(merge, number.get(merge.into) ?? 0, l) : '',
        sample: l.f(t.sample, { users: `${p.sample.map((u) => plain(u, 80)).join(', ')}${p.users > p.sample.length ? ', …' : ''}` }),
        migrate: l.f(t.migrate, { number: i + 1 }),
        // What the click names: the profile and the group proposed for it (the bot re-reads both when it creates the run).
        action: { profileKey: p.key, group: groupChoice(p) },
        mergeTitle: merge ? l.f(t.mergeButton, { number: number.get(merge.into) ?? 0 }) : '',
        // The merge names the larger profile: its products, and the group proposed for it.
        mergeAction: merge ? { profileKey: p.key, intoProfileKey: merge.into, group: groupChoice(byKey.get(merge.into)!) } : {},
      };
    }),
    hiddenCount: plan.profiles.length - shown.length,
    hiddenText: l.p(t.hidden, plan.profiles.length - shown.length),
    next: t.next,
  });
}

/** The group a click asks for: the existing group proposed, or the new group's name. */
function groupChoice(p: LicenseProfile): { id: string } | { newName: string } {
  return p.group.kind === 'existing' ? { id: p.group.groupId } : { newName: p.group.displayName };
}

function productText(x: LicenseProfile['licenses'][number], l: Localizer): string {
  const t = l.m.cards.licensePlan;
  const product = plain(x.skuName, 80);
  return x.disabledPlanNames.length
    ? l.f(t.without, { product, plans: plain(x.disabledPlanNames.join(', '), 200) })
    : l.f(t.everyPlan, { product });
}

/** Only what the users would gain: a merge is offered only when nobody loses a service. */
function mergeText(m: ProfileMerge, into: number, l: Localizer): string {
  const t = l.m.cards.licensePlan;
  const gains = m.gains.map((g) =>
    g.wholeProduct
      ? l.f(t.gainAll, { product: plain(g.skuName, 80) })
      : l.f(t.gainPlans, { plans: plain(g.plans.join(', '), 160), product: plain(g.skuName, 80) }),
  );
  return l.f(t.merge, { number: into, gains: gains.join('; ') });
}
