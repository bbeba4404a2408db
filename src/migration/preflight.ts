import type { GroupInfo, GroupMember, Sku, UserLicenses } from '../graph/types';
import type { Cohort, PreflightFinding } from './types';
import { enabledPlans, planName } from './effectivePlans';
import { DEFAULT_PLAN_RULES, type PlanRules } from './planRules';
import { isDynamicGroup, ruleMismatch, type GroupRule } from './dynamicRule';
import { skuProductName } from './skuNames';

export interface PreflightInput {
  sku: Sku;
  /** Every subscribed SKU (names of the users' other products). */
  allSkus: readonly Sku[];
  cohort: Cohort;
  /** All cohorts of the SKU (to flag the ones this run leaves alone). */
  cohorts: readonly Cohort[];
  /** The chosen group, or null when the run creates a new security group. */
  group: GroupInfo | null;
  /** The group's current direct members. */
  members: readonly GroupMember[];
  /** Fresh license data of the cohort's users. */
  cohortUsers: readonly UserLicenses[];
  rules?: PlanRules;
  /**
   * A dynamic group's rule and, for cohort users who are not members, their attributes as the rule reads them
   * (at most DYNAMIC_EXPLAINED of them are read; the others are only counted).
   */
  dynamic?: { rule: GroupRule; outsiders: ReadonlyMap<string, UserLicenses> };
}

/** How many cohort users outside a dynamic group are read and explained one by one. */
export const DYNAMIC_EXPLAINED = 200;
/** How many of them a finding names. */
const DETAILS_SHOWN = 10;

const UNASSIGNABLE = new Set(['Suspended', 'Deleted', 'LockedOut']);

/** Checks that must pass before anything changes; each finding carries a severity and a fix. */
export function preflightFindings(input: PreflightInput): PreflightFinding[] {
  const { sku, cohort, group } = input;
  const rules = input.rules ?? DEFAULT_PLAN_RULES;
  const out: PreflightFinding[] = [];
  const skuIs = (id: string) => id.toLowerCase() === sku.skuId.toLowerCase();
  const holdsSku = (u: UserLicenses) =>
    u.assignedLicenses.some((l) => skuIs(l.skuId)) || (u.licenseAssignmentStates ?? []).some((s) => skuIs(s.skuId));

  if ((sku.appliesTo && sku.appliesTo !== 'User') || (sku.capabilityStatus && UNASSIGNABLE.has(sku.capabilityStatus))) {
    out.push({
      code: 'skuNotAssignable',
      severity: 'blocker',
      message: `${sku.skuPartNumber} cannot be assigned to users (appliesTo ${sku.appliesTo ?? '?'}, status ${sku.capabilityStatus ?? '?'}).`,
      fix: 'Pick a user SKU with an enabled subscription.',
      about: {
        variant: 'skuNotAssignable',
        values: { sku: sku.skuPartNumber, ...skuNameValue(sku), appliesTo: sku.appliesTo ?? '?', status: sku.capabilityStatus ?? '?' },
      },
    });
  }

  if (group) {
    if (!group.securityEnabled) {
      out.push({
        code: 'groupNotSecurityEnabled',
        severity: 'blocker',
        message: `Group "${group.displayName}" is not security-enabled; Entra ID only licenses security-enabled groups.`,
        fix: 'Choose a security group, or let the bot create one.',
        about: { variant: 'groupNotSecurityEnabled', values: { group: group.displayName } },
      });
    }
    if (group.mailEnabled) {
      out.push({
        code: 'groupMailEnabled',
        severity: 'blocker',
        message: `Group "${group.displayName}" is mail-enabled; the bot only uses plain security groups for licensing.`,
        fix: 'Choose a security group that is not mail-enabled, or let the bot create one.',
        about: { variant: 'groupMailEnabled', values: { group: group.displayName } },
      });
    }
    const existing = group.assignedLicenses.find((l) => skuIs(l.skuId));
    if (existing && [...(existing.disabledPlans ?? [])].sort().join(',') !== [...cohort.disabledPlans].sort().join(',')) {
      out.push({
        code: 'groupLicenseDiffers',
        severity: 'blocker',
        message: `Group "${group.displayName}" already assigns ${sku.skuPartNumber} with disabled plans [${(existing.disabledPlans ?? []).map((p) => planName(sku, p)).join(', ')}], the cohort has [${cohort.disabledPlanNames.join(', ')}].`,
        fix: 'Use another group for this cohort, or align the group license with the cohort first.',
        about: {
          variant: 'groupLicenseDiffers',
          values: {
            group: group.displayName,
            sku: sku.skuPartNumber,
            ...skuNameValue(sku),
            groupPlans: (existing.disabledPlans ?? []).map((p) => planName(sku, p)).join(', '),
            cohortPlans: cohort.disabledPlanNames.join(', '),
          },
        },
      });
    }
  }

  const memberUsers = input.members.filter((m): m is Extract<GroupMember, { kind: 'user' }> => m.kind === 'user');
  const memberIds = new Set(memberUsers.map((m) => m.id));
  if (group && isDynamicGroup(group)) out.push(...dynamicFindings(group, cohort, memberIds, input.dynamic));
  const nested = input.members.filter((m) => m.kind === 'group');
  if (nested.length > 0) {
    out.push({
      code: 'nestedGroups',
      severity: 'warning',
      message: `Group has ${nested.length} nested group(s): their members do not inherit licenses.`,
      fix: 'Add those users as direct members (the bot adds the cohort users itself).',
      userIds: nested.map((n) => n.id),
      count: nested.length,
      about: { variant: 'nestedGroups', values: { count: nested.length } },
    });
  }
  if (input.cohorts.length > 1) out.push(otherCohortsFinding(input, memberIds));

  // Who the group will license: cohort users plus existing members (dynamic groups add nobody).
  const cohortIds = new Set(cohort.userIds);
  const licensees = new Map<string, UserLicenses>();
  for (const u of input.cohortUsers) licensees.set(u.id, u);
  for (const m of memberUsers) licensees.set(m.id, m);
  if (group && isDynamicGroup(group)) for (const id of cohort.userIds) if (!memberIds.has(id)) licensees.delete(id);

  const newSeats = [...licensees.values()].filter((u) => !holdsSku(u));
  const free = sku.prepaidUnits.enabled + sku.prepaidUnits.warning - sku.consumedUnits;
  if (newSeats.length > Math.max(0, free)) {
    const short = newSeats.length - Math.max(0, free);
    out.push({
      // Not a blocker: users who already hold the SKU migrate safely; the others end in CountViolation and are never removed.
      code: 'insufficientUnits',
      severity: 'warning',
      message: `${newSeats.length} group member(s) do not hold ${sku.skuPartNumber} yet and ${Math.max(0, free)} unit(s) are free: ${short} of them will not get the license from the group (CountViolation) until units are freed. They hold no direct assignment, so the migration does not touch them; the group shows an error for them meanwhile. Users who hold ${sku.skuPartNumber} already need no extra unit.`,
      fix: 'Buy or free licenses, or remove those users from the group; then reprocess them.',
      userIds: newSeats.map((u) => u.id),
      count: short,
      about: {
        variant: 'insufficientUnits',
        values: { members: newSeats.length, sku: sku.skuPartNumber, ...skuNameValue(sku), free: Math.max(0, free), short },
      },
    });
  }

  const newWithoutLocation = newSeats.filter((u) => !u.usageLocation);
  if (newWithoutLocation.length > 0) {
    out.push({
      code: 'usageLocationMissing',
      severity: 'info',
      message: `${newWithoutLocation.length} new licensee(s) have no usageLocation: the group assigns with the tenant's default country.`,
      fix: 'Set usageLocation if the tenant default country is wrong for them (group licensing never sets it).',
      userIds: newWithoutLocation.map((u) => u.id),
      count: newWithoutLocation.length,
      about: { variant: 'usageLocationNew', values: { count: newWithoutLocation.length } },
    });
  }
  const directWithoutLocation = input.cohortUsers.filter((u) => cohortIds.has(u.id) && !u.usageLocation);
  if (directWithoutLocation.length > 0) {
    out.push({
      code: 'usageLocationMissing',
      severity: 'warning',
      message: `${directWithoutLocation.length} cohort user(s) have no usageLocation: migration works, but a rollback cannot re-add their direct assignment.`,
      fix: 'Set usageLocation on these users before removing their direct assignment.',
      userIds: directWithoutLocation.map((u) => u.id),
      count: directWithoutLocation.length,
      about: { variant: 'usageLocationCohort', values: { count: directWithoutLocation.length } },
    });
  }

  const groupPlans = new Set([...enabledPlans(sku, cohort.disabledPlans)].map((id) => planName(sku, id)));
  const skuById = new Map(input.allSkus.map((s) => [s.skuId.toLowerCase(), s]));
  const exclusive = new Map<string, string[]>();
  const dependency = new Map<string, string[]>();
  const dependencyRule = new Map<string, { plan: string; requires: string }>();
  for (const u of licensees.values()) {
    const otherPlans = new Set<string>();
    for (const l of u.assignedLicenses) {
      if (skuIs(l.skuId)) continue;
      const other = skuById.get(l.skuId.toLowerCase());
      if (other) for (const id of enabledPlans(other, l.disabledPlans ?? [])) otherPlans.add(planName(other, id));
    }
    for (const [a, b] of rules.mutuallyExclusive) {
      const hit = (groupPlans.has(a) && otherPlans.has(b)) || (groupPlans.has(b) && otherPlans.has(a));
      if (hit) {
        const pair = groupPlans.has(a) ? `${a} / ${b}` : `${b} / ${a}`;
        exclusive.set(pair, [...(exclusive.get(pair) ?? []), u.id]);
      }
    }
    const afterMigration = new Set([...groupPlans, ...otherPlans]);
    for (const d of rules.dependencies) {
      if (!otherPlans.has(d.plan) && !groupPlans.has(d.plan)) continue;
      const needsThisSku = d.requiresAnyOf.some((r) => sku.servicePlans.some((p) => p.servicePlanName === r));
      if (needsThisSku && !d.requiresAnyOf.some((r) => afterMigration.has(r))) {
        const key = `${d.plan} needs ${d.requiresAnyOf.join(' or ')}`;
        dependency.set(key, [...(dependency.get(key) ?? []), u.id]);
        dependencyRule.set(key, { plan: d.plan, requires: d.requiresAnyOf.join(' / ') });
      }
    }
  }
  for (const [pair, ids] of exclusive) {
    out.push({
      code: 'mutuallyExclusivePlans',
      severity: 'warning',
      message: `${ids.length} user(s) hold a product whose plan conflicts with the group license (${pair}); the group path will end in MutuallyExclusiveViolation for them: those who hold ${sku.skuPartNumber} directly keep their direct assignment, the others do not get the license from the group.`,
      fix: 'Remove the conflicting license or disable the conflicting plan for those users, then reprocess.',
      userIds: ids,
      count: ids.length,
      about: { variant: 'mutuallyExclusivePlans', values: { count: ids.length, pair, sku: sku.skuPartNumber, ...skuNameValue(sku) } },
    });
  }
  for (const [rule, ids] of dependency) {
    out.push({
      code: 'missingDependency',
      severity: 'warning',
      message: `${ids.length} user(s) have ${rule}, which the group license does not enable; removing their direct assignment would break the dependency.`,
      fix: 'Enable the required plan in the group license (a different cohort) or keep those users direct.',
      userIds: ids,
      count: ids.length,
      about: { variant: 'missingDependency', values: { count: ids.length, ...dependencyRule.get(rule)! } },
    });
  }
  return out;
}

/**
 * The direct holders of the SKU in other cohorts (other disabled plans), in the words the verification card uses:
 * the bot adds none of them to the group, so those outside keep their direct assignment; those already members are
 * verified like everyone else, and their class decides (the engine removes only ready users, and planGain users whose
 * gain an approver accepts).
 */
/**
 * The products an existing group assigns besides the run's: every user the bot adds to the group gets them at once,
 * before any batch is approved, so the pre-flight (confirmed before anyone is added) says so. Null when there are none.
 */
export function groupExtraFinding(group: GroupInfo | null, runSkuIds: readonly string[], allSkus: readonly Sku[]): PreflightFinding | null {
  if (!group) return null;
  const ours = new Set(runSkuIds.map((id) => id.toLowerCase()));
  const extra = group.assignedLicenses.filter((l) => !ours.has(l.skuId.toLowerCase()));
  if (extra.length === 0) return null;
  const products = extra
    .map((l) => {
      const sku = allSkus.find((s) => s.skuId.toLowerCase() === l.skuId.toLowerCase());
      return sku ? skuProductName(sku) : l.skuId;
    })
    .join(', ');
  return {
    code: 'groupExtraLicense',
    severity: 'warning',
    message: `Group "${group.displayName}" also assigns ${products}: every user the bot adds to the group gets that too, as soon as they are added.`,
    fix: 'Confirming the pre-flight accepts it. If it is not intended, choose a group that assigns only the products of this run, or let the bot create one.',
    about: { variant: 'groupExtraLicense', values: { group: group.displayName, products } },
  };
}

function otherCohortsFinding(input: PreflightInput, memberIds: ReadonlySet<string>): PreflightFinding {
  const { sku, cohort } = input;
  const others = input.cohorts.filter((c) => c.key !== cohort.key);
  const users = others.flatMap((c) => c.userIds);
  const inGroup = users.filter((id) => memberIds.has(id)).length;
  const outside = users.length - inGroup;
  const parts = [
    `${sku.skuPartNumber} is held directly with ${input.cohorts.length} different sets of disabled plans (cohorts); this run's group license matches one of them.`,
  ];
  if (outside > 0)
    parts.push(
      outside === 1
        ? '1 user of another cohort is not in the group: the bot does not add them, and they keep their direct assignment.'
        : `${outside} users of other cohorts are not in the group: the bot does not add them, and they keep their direct assignment.`,
    );
  if (inGroup > 0)
    parts.push(
      (inGroup === 1
        ? '1 user of another cohort is already a member of the group: verification checks them like everyone else. '
        : `${inGroup} users of other cohorts are already members of the group: verification checks them like everyone else. `) +
        'Those with exactly the same services through the group lose the direct assignment once their batch is approved; ' +
        'those who would gain plans, only where an approver accepts the gain; those who would lose a service keep it.',
    );
  return {
    code: 'multipleCohorts',
    severity: 'warning',
    message: parts.join(' '),
    fix: 'Run a migration per cohort, each with its own group, or remove members of other cohorts from this group first.',
    userIds: users,
    count: users.length,
    about: {
      variant: 'multipleCohorts',
      values: { sku: sku.skuPartNumber, ...skuNameValue(sku), cohorts: input.cohorts.length, outside, inGroup },
    },
  };
}

/**
 * What a dynamic group means for the cohort: the bot adds nobody, so cohort users the rule does not match keep their
 * direct assignment (each named with the attribute values that fail the rule), and users it matches but Entra has
 * not made members yet wait for membership processing.
 */
function dynamicFindings(
  group: GroupInfo,
  cohort: Cohort,
  memberIds: ReadonlySet<string>,
  dynamic: PreflightInput['dynamic'],
): PreflightFinding[] {
  const out: PreflightFinding[] = [];
  const rule = dynamic?.rule;
  const ruleText = rule?.text ?? group.membershipRule ?? '';
  const outside = cohort.userIds.filter((id) => !memberIds.has(id));
  const unmatched: string[] = [];
  const details: string[] = [];
  const awaiting: string[] = [];
  for (const id of outside) {
    const user = dynamic?.outsiders.get(id);
    const why = user && rule?.rule ? ruleMismatch(rule.rule, user) : undefined;
    if (why === null) {
      awaiting.push(id);
      continue;
    }
    unmatched.push(id);
    if (user && why && details.length < DETAILS_SHOWN) details.push(`${user.userPrincipalName}: ${why}`);
  }
  out.push({
    code: 'groupDynamic',
    severity: unmatched.length ? 'warning' : 'info',
    message:
      `Group "${group.displayName}" has dynamic membership (rule: ${ruleText}): the bot never adds members, and ` +
      (unmatched.length
        ? `${unmatched.length} cohort user(s) are not members${rule?.rule ? ' because the rule does not match them' : ''}. They keep their direct assignment and are not migrated.`
        : 'every cohort user is a member or matched by the rule.') +
      (details.length && unmatched.length > details.length ? ` The first ${details.length} are named below.` : ''),
    fix: unmatched.length
      ? 'Correct the attributes named below (HR data, often a typo or a trailing space) so the rule matches, or widen the rule; then run the pre-flight again. Until then these users stay direct.'
      : 'Nothing to fix. Remember that membership follows the rule: a user whose attributes change leaves the group and loses the license.',
    userIds: unmatched,
    count: unmatched.length,
    ...(details.length ? { details } : {}),
    about: unmatched.length
      ? {
          variant: 'dynamicUnmatched',
          values: {
            group: group.displayName,
            rule: ruleText,
            count: unmatched.length,
            byRule: rule?.rule ? 1 : 0,
            named: unmatched.length > details.length ? details.length : 0,
          },
        }
      : { variant: 'dynamicAllMatched', values: { group: group.displayName, rule: ruleText } },
  });
  if (awaiting.length) {
    out.push({
      code: 'groupDynamic',
      severity: 'info',
      message: `${awaiting.length} cohort user(s) match the rule of "${group.displayName}" but are not members yet: Entra has not finished processing the rule for them.`,
      fix: 'Nothing to do: verification waits for membership processing, and they are removed only once the group licenses them.',
      userIds: awaiting,
      count: awaiting.length,
      about: { variant: 'dynamicAwaiting', values: { count: awaiting.length, group: group.displayName } },
    });
  }
  if (rule && !rule.rule) {
    out.push({
      code: 'groupDynamic',
      severity: 'info',
      message: `The bot cannot evaluate this membership rule itself (${rule.unreadable}); it relies on the members Entra computes.`,
      fix: 'Nothing to do: users who are not members keep their direct assignment. The bot cannot say which attribute keeps them out.',
      about: { variant: 'dynamicUnreadable', values: { reason: rule.unreadable ?? '' } },
    });
  }
  if (group.membershipRuleProcessingState === 'Paused') {
    out.push({
      code: 'groupDynamic',
      severity: 'blocker',
      message: `Dynamic membership processing of "${group.displayName}" is paused: its members do not follow the rule, and resuming it could remove licensed users at once.`,
      fix: 'Resume membership processing (membershipRuleProcessingState On) and wait for it to finish, then run the pre-flight again.',
      about: { variant: 'dynamicPaused', values: { group: group.displayName } },
    });
  }
  return out;
}

/** Graph's name of a finding's product, as a value beside its part number: cards name the product by it. */
function skuNameValue(sku: Pick<Sku, 'displayName'>): { skuDisplayName?: string } {
  return sku.displayName ? { skuDisplayName: sku.displayName } : {};
}
