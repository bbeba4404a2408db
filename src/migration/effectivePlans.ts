import type { LicenseAssignmentState, Sku, UserLicenses } from '../graph/types';
import type { LicenseUndo } from './types';

// Worked out once per SKU object: verification asks for every user of a million-user scan.
const userPlansOf = new WeakMap<Sku, readonly string[]>();

/** Plans of the SKU that are assigned to users (Company-level plans are never per-user services). */
export function userPlanIds(sku: Sku): string[] {
  let ids = userPlansOf.get(sku);
  if (!ids) {
    ids = sku.servicePlans.filter((p) => !p.appliesTo || p.appliesTo === 'User').map((p) => p.servicePlanId);
    userPlansOf.set(sku, ids);
  }
  return [...ids];
}

/** Plans a path enables: the SKU's user plans minus the path's disabledPlans. */
export function enabledPlans(sku: Sku, disabledPlans: readonly string[]): Set<string> {
  const disabled = new Set(disabledPlans);
  return new Set(userPlanIds(sku).filter((id) => !disabled.has(id)));
}

/** Whether a path currently grants its services (ActiveWithError still grants them). */
export function isGranting(path: Pick<LicenseAssignmentState, 'state'>): boolean {
  return path.state === 'Active' || path.state === 'ActiveWithError';
}

/** Paths of one SKU, split into the direct path and the inherited ones. */
export function pathsOf(
  states: readonly LicenseAssignmentState[],
  skuId: string,
): {
  direct: LicenseAssignmentState | null;
  inherited: LicenseAssignmentState[];
} {
  const want = skuId.toLowerCase();
  const own = states.filter((s) => s.skuId.toLowerCase() === want);
  return {
    direct: own.find((s) => s.assignedByGroup === null || s.assignedByGroup === undefined) ?? null,
    inherited: own.filter((s) => !!s.assignedByGroup),
  };
}

/** Effective plans of a SKU for a user: union of the enabled plans of every granting path. */
export function effectivePlans(sku: Sku, states: readonly LicenseAssignmentState[]): Set<string> {
  const out = new Set<string>();
  for (const s of states) {
    if (s.skuId.toLowerCase() !== sku.skuId.toLowerCase() || !isGranting(s)) continue;
    for (const id of enabledPlans(sku, s.disabledPlans ?? [])) out.add(id);
  }
  return out;
}

/**
 * What a user lacks now of what a removed direct assignment gave: the plan names no granting path enables any
 * more, and whether any path of the SKU is still Active at all.
 */
export function servicesLost(
  sku: Sku,
  directDisabled: readonly string[],
  states: readonly LicenseAssignmentState[],
): { lost: string[]; skuKept: boolean } {
  const effective = effectivePlans(sku, states);
  const lost = [...enabledPlans(sku, directDisabled)].filter((id) => !effective.has(id)).map((id) => planName(sku, id));
  const skuKept = states.some((p) => p.skuId.toLowerCase() === sku.skuId.toLowerCase() && p.state === 'Active');
  return { lost, skuKept };
}

/** Plans the direct path enables that none of the given inherited paths (Active only) enables. */
export function missingPlans(sku: Sku, directDisabled: readonly string[], inherited: readonly LicenseAssignmentState[]): string[] {
  // Plain loops over lists of a few entries: this runs once per user of a verification, without building sets.
  const missing: string[] = [];
  for (const id of userPlansOf.get(sku) ?? userPlanIds(sku)) {
    if (directDisabled.includes(id)) continue;
    let covered = false;
    for (const p of inherited) {
      if (p.state === 'Active' && !(p.disabledPlans ?? []).includes(id)) {
        covered = true;
        break;
      }
    }
    if (!covered) missing.push(id);
  }
  return missing;
}

/** Service plan name for an id, or the id itself when the SKU does not list it. */
export function planName(sku: Sku, servicePlanId: string): string {
  return sku.servicePlans.find((p) => p.servicePlanId === servicePlanId)?.servicePlanName ?? servicePlanId;
}

/**
 * The services a user lost, over every product whose direct assignment went (plan names, prefixed with the product
 * in a run of several), and the products they no longer hold at all.
 */
export function servicesLostOf(
  skus: readonly Sku[],
  undos: readonly LicenseUndo[],
  after: UserLicenses,
): { lost: string[]; notHeld: string[] } {
  const lost: string[] = [];
  const notHeld: string[] = [];
  for (const undo of undos) {
    const sku = skus.find((x) => x.skuId.toLowerCase() === undo.skuId.toLowerCase()) ?? skus[0];
    const found = servicesLost(sku, undo.disabledPlans, after.licenseAssignmentStates ?? []);
    if (!found.skuKept) notHeld.push(sku.skuPartNumber);
    else lost.push(...(undos.length > 1 ? found.lost.map((p) => `${sku.skuPartNumber} ${p}`) : found.lost));
  }
  return { lost, notHeld };
}
