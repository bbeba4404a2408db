import type { Sku, UserLicenses } from '../graph/types';
import type { UserClass, UserClassification } from './types';
import { USER_CLASSES } from './types';
import { directAssignment } from './cohorts';
import { missingPlans, pathsOf, planName } from './effectivePlans';
import { fixForError } from './errorFixes';

export interface ClassifyInput {
  user: UserLicenses;
  sku: Sku;
  /** The licensing group of the run. */
  groupId: string;
  /** Whether the user is a direct member of that group. */
  isMember: boolean;
  /** The group's licenseProcessingState is ProcessingComplete; default true (execution judges each user's own path). */
  processingComplete?: boolean;
}

/**
 * Classifies one user for (SKU, group).
 * Only the run's own group path can justify removing the direct assignment: a path from another group may disappear
 * when someone else changes that group, so other groups never make a user 'ready' (they do make a user without a
 * direct path 'inheritedOnly'). missingPlans are service plan names.
 */
export function classifyUser(input: ClassifyInput): UserClassification {
  const { user, sku, groupId, isMember } = input;
  const processingComplete = input.processingComplete ?? true;
  const { inherited } = pathsOf(user.licenseAssignmentStates ?? [], sku.skuId);
  const direct = directAssignment(user, sku.skuId);
  const groupPath = inherited.find((p) => p.assignedByGroup?.toLowerCase() === groupId.toLowerCase()) ?? null;
  const base = {
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    skuId: sku.skuId,
    error: null as string | null,
    missingPlans: [] as string[],
    directDisabledPlans: direct ? direct.disabledPlans : null,
  };
  const make = (cls: UserClass, extra: Partial<UserClassification> = {}): UserClassification => ({ ...base, class: cls, ...extra });
  const groupPathFailed =
    !!groupPath &&
    (groupPath.state === 'Error' || groupPath.state === 'ActiveWithError' || (groupPath.error && groupPath.error !== 'None'));

  if (!direct) {
    if (isMember && groupPathFailed) return errorOf(make, groupPath!.error);
    if (inherited.some((p) => p.state === 'Active')) return make('inheritedOnly');
    return make(isMember ? 'pending' : 'notMember');
  }
  if (!isMember)
    return make('notMember', { fix: 'Add the user to the group (the legacy automation may have added them after discovery).' });
  if (groupPathFailed) return errorOf(make, groupPath!.error);
  if (!groupPath || !processingComplete || groupPath.state !== 'Active') {
    return make('pending', { fix: 'Wait for group license processing to finish, or reprocess the user.' });
  }
  const missing = missingPlans(sku, direct.disabledPlans, [groupPath]);
  if (missing.length > 0) {
    const names = missing.map((id) => planName(sku, id));
    return make('planMismatch', {
      missingPlans: names,
      fix: `The group license disables ${names.join(', ')}, which the direct assignment enables: move the user to a cohort group that enables them, or accept losing them explicitly.`,
    });
  }
  return make('ready');
}

function errorOf(
  make: (c: UserClass, e?: Partial<UserClassification>) => UserClassification,
  code: string | undefined,
): UserClassification {
  const error = code && code !== 'None' ? code : 'Other';
  return make('error', { error, fix: fixForError(error) });
}

/** Counts per class, with every class present. */
export function summarize(users: readonly Pick<UserClassification, 'class'>[]): Record<UserClass, number> {
  const summary = Object.fromEntries(USER_CLASSES.map((c) => [c, 0])) as Record<UserClass, number>;
  for (const u of users) summary[u.class] += 1;
  return summary;
}
