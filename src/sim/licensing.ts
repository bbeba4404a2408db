import type { AssignedLicense } from './fixture';
import type { LicenseError, Path, SimUser, Tenant } from './tenant';

/** Effective enabled plans per SKU: union of enabled plans over all non-error paths. */
export function effectivePlans(tenant: Tenant, paths: Path[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of paths) {
    if (p.state === 'Error') continue;
    const sku = tenant.skus.get(p.skuId);
    if (!sku) continue;
    let set = out.get(p.skuId);
    if (!set) out.set(p.skuId, (set = new Set()));
    const disabled = new Set(p.disabledPlans);
    for (const plan of sku.servicePlans) if (!disabled.has(plan.servicePlanId)) set.add(plan.servicePlanId);
  }
  return out;
}

/** One entry per held SKU; a plan is disabled only if every non-error path disables it. */
export function assignedLicenses(tenant: Tenant, user: SimUser): AssignedLicense[] {
  const eff = effectivePlans(tenant, user.paths);
  const out: AssignedLicense[] = [];
  for (const [skuId, enabled] of eff) {
    const sku = tenant.skus.get(skuId)!;
    out.push({ skuId, disabledPlans: sku.servicePlans.map((p) => p.servicePlanId).filter((id) => !enabled.has(id)) });
  }
  return out;
}

function allEnabled(eff: Map<string, Set<string>>): Set<string> {
  const s = new Set<string>();
  for (const set of eff.values()) for (const p of set) s.add(p);
  return s;
}

export function enabledOf(tenant: Tenant, lic: AssignedLicense): string[] {
  const sku = tenant.skus.get(lic.skuId);
  if (!sku) return [];
  const disabled = new Set(lic.disabledPlans);
  return sku.servicePlans.filter((p) => !disabled.has(p.servicePlanId)).map((p) => p.servicePlanId);
}

export interface RuleProblem {
  error: Exclude<LicenseError, 'None' | 'CountViolation' | 'UniquenessViolation' | 'Other'>;
  plan: string;
  other: string[];
}

/**
 * Rule problems introduced by moving from `before` to `after` paths (pre-existing problems are not
 * blamed on this change): a prohibited plan enabled in the usage location, a mutually exclusive pair,
 * or a plan whose prerequisites are no longer enabled.
 */
export function newRuleProblem(
  tenant: Tenant,
  before: Path[],
  after: Path[],
  usageLocation: string | null,
  addedPlans: Iterable<string>,
): RuleProblem | null {
  if (!tenant.hasRules) return null;
  const e0 = allEnabled(effectivePlans(tenant, before));
  const e1 = allEnabled(effectivePlans(tenant, after));
  for (const plan of addedPlans) {
    if (!e1.has(plan)) continue;
    const banned = tenant.restrictions.get(plan);
    if (banned && usageLocation && banned.has(usageLocation))
      return { error: 'ProhibitedInUsageLocationViolation', plan, other: [usageLocation] };
  }
  for (const plan of e1) {
    const conflicts = tenant.exclusive.get(plan);
    if (!conflicts) continue;
    for (const other of conflicts) {
      if (e1.has(other) && !(e0.has(plan) && e0.has(other))) return { error: 'MutuallyExclusiveViolation', plan, other: [other] };
    }
  }
  const depBroken = (set: Set<string>, plan: string) => {
    const deps = tenant.planIndex.get(plan)?.plan.dependsOn ?? [];
    return deps.filter((d) => !set.has(d));
  };
  for (const plan of e1) {
    const missing = depBroken(e1, plan);
    if (missing.length && !(e0.has(plan) && depBroken(e0, plan).length)) return { error: 'DependencyViolation', plan, other: missing };
  }
  return null;
}

/** Whether the user holds the SKU through any non-error path (i.e. consumes a unit of it). */
export function holds(user: SimUser, skuId: string): boolean {
  return user.paths.some((p) => p.skuId === skuId && p.state !== 'Error');
}
