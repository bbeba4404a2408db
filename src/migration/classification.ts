import type { Sku, UserLicenses } from '../graph/types';
import type { UserClass, UserClassification } from './types';
import { USER_CLASSES } from './types';
import { directAssignment } from './cohorts';
import { pathsOf, planName } from './effectivePlans';
import { fixForError } from './errorFixes';
import { compareCoverage, DEFAULT_COVERAGE, type Coverage } from './coverage';

export interface ClassifyInput {
  user: UserLicenses;
  sku: Sku;
  /** The licensing group of the run. */
  groupId: string;
  /** Whether the user is a direct member of that group. */
  isMember: boolean;
  /** The group's licenseProcessingState is ProcessingComplete; default true (execution judges each user's own path). */
  processingComplete?: boolean;
  /** Which group paths cover the direct assignment; default union. */
  coverage?: Coverage;
}

/**
 * Classifies one user for (SKU, group).
 * The run's own group path must be Active: it is what the migration provides, so other groups alone never make a
 * user 'ready' (they do make a user without a direct path 'inheritedOnly'). With union coverage, other Active group
 * paths cover the plans the run's group disables, as Entra's effective services do. A user is 'ready' only with
 * exactly the same services afterwards: plans the run's group adds make them 'planGain'. Plan lists are names.
 */
export function classifyUser(input: ClassifyInput): UserClassification {
  const { user, sku, groupId, isMember } = input;
  const coverage = input.coverage ?? DEFAULT_COVERAGE;
  const processingComplete = input.processingComplete ?? true;
  const states = user.licenseAssignmentStates ?? [];
  const { direct: directPath, inherited } = pathsOf(states, sku.skuId);
  // The same answer as directAssignment(user, sku), from the paths already split out: this runs once per user.
  const direct = directPath
    ? { disabledPlans: [...(directPath.disabledPlans ?? [])] }
    : states.length === 0
      ? directAssignment(user, sku.skuId)
      : null;
  const wanted = groupId.toLowerCase();
  const groupPath = inherited.find((p) => p.assignedByGroup?.toLowerCase() === wanted) ?? null;
  const base: Base = { user, sku, direct };
  const groupPathFailed =
    !!groupPath &&
    (groupPath.state === 'Error' || groupPath.state === 'ActiveWithError' || (groupPath.error && groupPath.error !== 'None'));

  if (!direct) {
    if (isMember && groupPathFailed) return errorOf(base, groupPath!.error);
    if (inherited.some((p) => p.state === 'Active')) return make(base, 'inheritedOnly');
    return make(base, isMember ? 'pending' : 'notMember');
  }
  if (!isMember)
    return make(base, 'notMember', { fix: 'Add the user to the group (the legacy automation may have added them after discovery).' });
  if (groupPathFailed) return errorOf(base, groupPath!.error);
  if (!groupPath || !processingComplete || groupPath.state !== 'Active') {
    return make(base, 'pending', { fix: 'Wait for group license processing to finish, or reprocess the user.' });
  }
  const { missing, gained, reliesOn } = compareCoverage(sku, direct.disabledPlans, groupPath, inherited, coverage);
  if (missing.length > 0) {
    const names = missing.map((id) => planName(sku, id));
    const everywhere = coverage === 'union' && inherited.length > 1;
    const where = everywhere
      ? `Neither the group license nor the user's other groups enable ${names.join(', ')}`
      : `The group license disables ${names.join(', ')}`;
    return make(base, 'planMismatch', {
      missingPlans: names,
      fix: `${where}, which the direct assignment enables: move the user to a cohort group that enables them, or accept losing them explicitly.`,
      ...(everywhere ? { missingEverywhere: true as const } : {}),
    });
  }
  const relied = reliesOn.length ? reliesOn.map((r) => ({ groupId: r.groupId, plans: r.plans.map((id) => planName(sku, id)) })) : NONE;
  if (gained.length > 0) {
    const names = gained.map((id) => planName(sku, id));
    return make(base, 'planGain', {
      gainedPlans: names,
      reliesOn: relied,
      fix: `The group license enables ${names.join(', ')}, which the direct assignment disables: accept the gain on the batch approval card, or use a group per service set.`,
    });
  }
  return make(base, 'ready', { reliesOn: relied });
}

/** Shared by every classification without such groups: a million-user verification builds no empty list per user. */
const NONE: readonly never[] = Object.freeze([]);

/** What every classification of one user shares. */
interface Base {
  user: UserLicenses;
  sku: Sku;
  direct: { disabledPlans: string[] } | null;
}

// One object literal of one shape: built for every user of a verification, so no spreading.
function make(
  base: Base,
  cls: UserClass,
  extra: Partial<Pick<UserClassification, 'error' | 'fix' | 'missingPlans' | 'gainedPlans' | 'reliesOn' | 'missingEverywhere'>> = {},
): UserClassification {
  const out: UserClassification = {
    userId: base.user.id,
    userPrincipalName: base.user.userPrincipalName,
    skuId: base.sku.skuId,
    error: extra.error ?? null,
    missingPlans: extra.missingPlans ?? [],
    gainedPlans: extra.gainedPlans ?? NONE,
    reliesOn: extra.reliesOn ?? NONE,
    directDisabledPlans: base.direct ? base.direct.disabledPlans : null,
    class: cls,
  };
  if (extra.fix !== undefined) out.fix = extra.fix;
  if (extra.missingEverywhere) out.missingEverywhere = true;
  return out;
}

function errorOf(base: Base, code: string | undefined): UserClassification {
  const error = code && code !== 'None' ? code : 'Other';
  return make(base, 'error', { error, fix: fixForError(error) });
}

/** Counts per class, with every class present. */
export function summarize(users: readonly Pick<UserClassification, 'class'>[]): Record<UserClass, number> {
  const summary = Object.fromEntries(USER_CLASSES.map((c) => [c, 0])) as Record<UserClass, number>;
  for (const u of users) summary[u.class] += 1;
  return summary;
}
