import type { LicenseAssignmentState, Sku } from '../graph/types';
import type { ReliedOnGroup } from './types';
import { userPlanIds } from './effectivePlans';

/**
 * Which inherited paths cover a direct assignment: `union` (Entra's effective services: the run's group together
 * with every other Active group path of the user) or `run-group` (only the run's own group, the stricter rule).
 */
export type Coverage = 'union' | 'run-group';
export const COVERAGES: readonly Coverage[] = ['union', 'run-group'];
export const DEFAULT_COVERAGE: Coverage = 'union';

/** How the inherited paths compare with a direct assignment, plan by plan (service plan ids). */
export interface CoverageComparison {
  /** Plans the direct path enables that no counted path enables: removing it would take them away. */
  missing: string[];
  /** Plans the run's group enables that neither the direct path nor another counted path enables. */
  gained: string[];
  /** Other groups that enable plans the direct path enables and the run's group does not (plan ids). */
  reliesOn: ReliedOnGroup[];
}

/**
 * Compares a direct assignment with what the user keeps once it is gone: the run's group path plus, with `union`,
 * every other Active group path (a path in Error or ActiveWithError never counts: it may not grant or may stop).
 * Plain loops over a dozen plans and a few paths: this runs once per user of a verification.
 */
export function compareCoverage(
  sku: Sku,
  directDisabled: readonly string[],
  groupPath: LicenseAssignmentState,
  inherited: readonly LicenseAssignmentState[],
  coverage: Coverage,
): CoverageComparison {
  const others: LicenseAssignmentState[] = [];
  if (coverage === 'union') for (const p of inherited) if (p !== groupPath && p.state === 'Active' && p.assignedByGroup) others.push(p);
  const groupDisabled = groupPath.disabledPlans ?? [];
  const out: CoverageComparison = { missing: [], gained: [], reliesOn: [] };
  for (const id of userPlanIds(sku)) {
    const direct = !directDisabled.includes(id);
    const byGroup = !groupDisabled.includes(id);
    if (direct && byGroup) continue;
    if (!direct && !byGroup) continue;
    const enabling = others.filter((p) => !(p.disabledPlans ?? []).includes(id));
    if (byGroup) {
      // The direct path disables it: a gain, unless another group already gives it today.
      if (enabling.length === 0) out.gained.push(id);
      continue;
    }
    if (enabling.length === 0) {
      out.missing.push(id);
      continue;
    }
    for (const p of enabling) {
      const gid = p.assignedByGroup!;
      const known = out.reliesOn.find((r) => r.groupId.toLowerCase() === gid.toLowerCase());
      if (known) known.plans.push(id);
      else out.reliesOn.push({ groupId: gid, plans: [id] });
    }
  }
  return out;
}
