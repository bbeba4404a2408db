import type { Discovery } from '../migration/engine';
import template from './templates/cohort.json';
import { clip, formatCount, plural } from './format';
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
  const disabledText = (names: string[]) => (names.length === 0 ? 'All plans enabled' : clip(`Disabled: ${names.join(', ')}`, 300));
  return renderCard(template, {
    t: l.m.cards.cohort,
    title: clip(`Migrate ${skuName}`, 120),
    directHolders: formatCount(discovery.directHolders),
    inheritedOnly: formatCount(discovery.inheritedOnlyUserIds.length),
    notInGroup: formatCount(discovery.notInGroupUserIds.length),
    showNotInGroup: discovery.notInGroupUserIds.length > 0,
    cohortCount: formatCount(cohorts.length),
    cohorts: shown.map((c, i) => ({
      label: i === 0 ? 'Cohort 1 (largest)' : `Cohort ${i + 1}`,
      disabled: disabledText(c.disabledPlanNames),
      size: plural(c.userIds.length, 'user'),
    })),
    hiddenCohorts: cohorts.length - shown.length,
    hiddenCohortsText: `${plural(cohorts.length - shown.length, 'smaller cohort')} not shown.`,
    showCohortChoice: shown.length > 1,
    defaultCohort: shown[0]?.key ?? '',
    cohortChoices: shown.map((c, i) => ({
      title: clip(`Cohort ${i + 1}: ${plural(c.userIds.length, 'user')} — ${disabledText(c.disabledPlanNames)}`, 160),
      value: c.key,
    })),
    hasGroups: groups.length > 0,
    groups: groups.map((g) => ({ title: clip(g.displayName, 100), value: g.id })),
    // An existing name selects that group (no duplicate is made), so the label says both.
    newGroupLabel: 'Group name (existing or new)',
    newGroupPlaceholder: clip(`Licensing - ${discovery.sku.skuPartNumber}`, 100),
    // Shown by the client before anything is sent. With groups to pick from, either input will do, which
    // Adaptive Cards cannot express, so the bot checks that case and answers with this card and a message.
    cohortError: 'Choose the cohort to migrate.',
    newGroupError: 'Type the name of the group that will carry the license.',
    data: { skuId: discovery.sku.skuId },
  });
}
