import type { Discovery } from '../migration/engine';
import template from './templates/cohort.json';
import { clip, plain } from './format';
import { licenseGroupName, type ProfileGroup } from '../migration/profiles';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import { skuProductName } from '../migration/skuNames';
import type { AdaptiveCard } from './types';

export interface GroupOption {
  id: string;
  displayName: string;
}

export interface CohortCardInput {
  discovery: Discovery;
  groups?: GroupOption[];
  /** A licensing group per cohort (its service set), by cohort key: offered with a button each. */
  proposals?: ReadonlyMap<string, ProfileGroup>;
}

const MAX_COHORTS = 10;
const MAX_GROUPS = 50;

/**
 * Cohorts of direct holders and the group choice. Inputs post flat as `cohortKey`, `groupId` and
 * `newGroupName` with verb `migrate.group`; parseCardAction folds them into `group`.
 */
export function buildCohortCard(input: CohortCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { discovery } = input;
  const cohorts = [...discovery.cohorts].sort((a, b) => b.userIds.length - a.userIds.length);
  const shown = cohorts.slice(0, MAX_COHORTS);
  const groups = (input.groups ?? []).slice(0, MAX_GROUPS);
  const skuName = skuProductName(discovery.sku);
  const t = l.m.cards.cohort;
  const disabledText = (names: string[]) => (names.length === 0 ? t.allEnabled : clip(l.f(t.disabled, { plans: names.join(', ') }), 300));
  return renderCard(template, {
    t: l.m.cards.cohort,
    title: clip(l.f(t.title, { sku: skuName }), 120),
    directHolders: l.n(discovery.directHolders),
    inheritedOnly: l.n(discovery.inheritedOnlyUserIds.length),
    notInGroup: l.n(discovery.notInGroupUserIds.length),
    showNotInGroup: discovery.notInGroupUserIds.length > 0,
    cohortCount: l.n(cohorts.length),
    cohorts: shown.map((c, i) => {
      const proposed = input.proposals?.get(c.key);
      return {
        label: i === 0 ? t.largest : l.f(t.numbered, { number: i + 1 }),
        disabled: disabledText(c.disabledPlanNames),
        size: l.p(t.users, c.userIds.length),
        // A group per service set, so nobody gains or loses a plan: the existing one that fits, or a new one.
        hasProposal: !!proposed,
        proposal: !proposed
          ? ''
          : proposed.kind === 'existing'
            ? l.f(t.proposalExisting, { group: plain(proposed.displayName, 150) })
            : l.f(t.proposalNew, { group: plain(proposed.displayName, 200) }),
        proposalButton: l.f(t.proposalButton, { number: i + 1 }),
        proposalData: {
          skuId: discovery.sku.skuId,
          cohortKey: c.key,
          group: proposed?.kind === 'existing' ? { id: proposed.groupId } : { newName: proposed?.displayName ?? '' },
        },
      };
    }),
    hiddenCohorts: cohorts.length - shown.length,
    hiddenCohortsText: l.p(t.hidden, cohorts.length - shown.length),
    showCohortChoice: shown.length > 1,
    defaultCohort: shown[0]?.key ?? '',
    cohortChoices: shown.map((c, i) => ({
      title: clip(l.p(t.choice, c.userIds.length, { number: i + 1, disabled: disabledText(c.disabledPlanNames) }), 160),
      value: c.key,
    })),
    hasGroups: groups.length > 0,
    groups: groups.map((g) => ({ title: clip(g.displayName, 100), value: g.id })),
    // An existing name selects that group (no duplicate is made), so the label says both.
    newGroupLabel: t.newGroupLabel,
    newGroupPlaceholder: clip(licenseGroupName([skuProductName(discovery.sku)]), 100),
    // Shown by the client before anything is sent. With groups to pick from, either input will do, which
    // Adaptive Cards cannot express, so the bot checks that case and answers with this card and a message.
    cohortError: t.cohortError,
    newGroupError: t.newGroupError,
    data: { skuId: discovery.sku.skuId },
  });
}
