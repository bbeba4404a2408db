import type { Sku, UserLicenses } from '../graph/types';
import type { Cohort } from './types';
import { pathsOf, planName } from './effectivePlans';

/** Stable cohort key: skuId plus the sorted disabledPlans. */
export function cohortKey(skuId: string, disabledPlans: readonly string[]): string {
  return `${skuId.toLowerCase()}:${[...disabledPlans]
    .map((p) => p.toLowerCase())
    .sort()
    .join(',')}`;
}

/** The SKU and disabled plans a cohort key names (the inverse of cohortKey). */
export function cohortKeyParts(key: string): { skuId: string; disabledPlans: string[] } {
  const [skuId, plans] = key.split(':');
  return { skuId: skuId ?? '', disabledPlans: plans ? plans.split(',') : [] };
}

/** The user's direct assignment of the SKU, or null when the user holds it only by inheritance (or not at all). */
export function directAssignment(user: UserLicenses, skuId: string): { disabledPlans: string[] } | null {
  const { direct } = pathsOf(user.licenseAssignmentStates ?? [], skuId);
  if (direct) return { disabledPlans: [...(direct.disabledPlans ?? [])] };
  // Without assignment states every assignedLicense can only be direct.
  if ((user.licenseAssignmentStates ?? []).length === 0) {
    const lic = user.assignedLicenses.find((l) => l.skuId.toLowerCase() === skuId.toLowerCase());
    if (lic) return { disabledPlans: [...(lic.disabledPlans ?? [])] };
  }
  return null;
}

/** Groups the SKU's direct holders by their disabledPlans, largest cohort first. */
export function buildCohorts(sku: Sku, users: readonly UserLicenses[]): Cohort[] {
  const byKey = new Map<string, Cohort>();
  for (const user of users) {
    const direct = directAssignment(user, sku.skuId);
    if (!direct) continue;
    const disabledPlans = [...direct.disabledPlans].sort();
    const key = cohortKey(sku.skuId, disabledPlans);
    let cohort = byKey.get(key);
    if (!cohort) {
      cohort = {
        key,
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        disabledPlans,
        disabledPlanNames: disabledPlans.map((id) => planName(sku, id)),
        userIds: [],
      };
      byKey.set(key, cohort);
    }
    cohort.userIds.push(user.id);
  }
  return [...byKey.values()].sort((a, b) => b.userIds.length - a.userIds.length || a.key.localeCompare(b.key));
}

/** Joins cohorts built from separate pages of holders into one list, largest first. */
export function mergeCohorts(parts: readonly Cohort[][]): Cohort[] {
  const byKey = new Map<string, Cohort>();
  for (const part of parts) {
    for (const c of part) {
      const known = byKey.get(c.key);
      if (known) known.userIds.push(...c.userIds);
      else byKey.set(c.key, { ...c, userIds: [...c.userIds] });
    }
  }
  return [...byKey.values()].sort((a, b) => b.userIds.length - a.userIds.length || a.key.localeCompare(b.key));
}
