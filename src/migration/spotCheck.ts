import type { Sku, UserLicenses } from '../graph/types';
import type { SpotCheck, UserClass } from './types';
import { effectivePlans, enabledPlans, isGranting, pathsOf } from './effectivePlans';

/** Direct vs inherited services of one user for one SKU, plan by plan; `inherited` is the run group's path when given. */
export function buildSpotCheck(
  user: UserLicenses,
  sku: Sku,
  cls: UserClass,
  groupId: string | null,
  groupNames: Record<string, string> = {},
): SpotCheck {
  const states = user.licenseAssignmentStates ?? [];
  const { direct, inherited } = pathsOf(states, sku.skuId);
  const groupPath = groupId ? inherited.find((p) => p.assignedByGroup?.toLowerCase() === groupId.toLowerCase()) : undefined;
  // Without a group of our own, compare against everything inherited.
  const inheritedSet = groupId
    ? groupPath
      ? enabledPlans(sku, groupPath.disabledPlans ?? [])
      : null
    : inherited.length
      ? unionEnabled(sku, inherited)
      : null;
  const directSet = direct ? enabledPlans(sku, direct.disabledPlans ?? []) : null;
  const effective = effectivePlans(sku, states);
  return {
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    ...(sku.displayName ? { skuDisplayName: sku.displayName } : {}),
    plans: sku.servicePlans
      .filter((p) => !p.appliesTo || p.appliesTo === 'User')
      .map((p) => ({
        servicePlanId: p.servicePlanId,
        servicePlanName: p.servicePlanName,
        direct: directSet ? directSet.has(p.servicePlanId) : null,
        inherited: inheritedSet ? inheritedSet.has(p.servicePlanId) : null,
        effective: effective.has(p.servicePlanId),
      })),
    paths: [...(direct ? [direct] : []), ...inherited].map((s) => ({
      assignedByGroup: s.assignedByGroup ?? null,
      ...(s.assignedByGroup && groupNames[s.assignedByGroup] ? { groupDisplayName: groupNames[s.assignedByGroup] } : {}),
      state: s.state,
      error: s.error,
    })),
    class: cls,
  };
}

function unionEnabled(sku: Sku, paths: { disabledPlans: string[]; state: string }[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) if (isGranting(p)) for (const id of enabledPlans(sku, p.disabledPlans ?? [])) out.add(id);
  return out;
}
