import type { UserLicenses } from '../graph/types';
import type { EngineContext } from './context';
import type { VerificationReport } from './types';
import { resolveSku } from './discovery';
import { isGranting, pathsOf } from './effectivePlans';
import { FirstByName } from './firstByName';
import { readRetry } from './readRetry';
import { inRunCohort, scopePages } from './scope';

/** Direct holders a CountViolation group names. */
export const DIRECT_ONLY_NAMED = 5;

/** Why users of a run wait for a unit of its SKU, and where units could come from. */
export interface UnitShortage {
  skuPartNumber: string;
  /** Graph's name of the product, when it has one. */
  skuDisplayName?: string;
  /** Users whose group license is in CountViolation, among the problems the verification kept by name. */
  waiting: number;
  /** True when the verification kept only the first problems by name, so more users may be waiting. */
  atLeast: boolean;
  /** Units of the SKU not consumed now (enabled and warning units minus consumed ones, never below 0). */
  freeUnits: number;
  /** Units to buy or free before every waiting user can get the license. */
  missing: number;
  /**
   * Users of the run who hold the SKU directly and through no active group path: only removing one of these direct
   * assignments gives a unit back. Migrated users free none, since each keeps one unit through the group.
   */
  directOnly: { count: number; first: string[] };
}

/**
 * The CountViolation picture of a run: how many units are missing for the users waiting, and which direct holders of
 * the same SKU hold the only path that consumes their unit. Reads the SKU and streams the run's scope once (a page at
 * a time); null when no kept problem is a CountViolation.
 */
export async function unitShortage(
  ctx: EngineContext,
  runId: string,
  report: Pick<VerificationReport, 'problems' | 'summary'> & Partial<Pick<VerificationReport, 'skuId'>>,
): Promise<UnitShortage | null> {
  const waiting = report.problems.filter((p) => p.class === 'error' && p.error === 'CountViolation').length;
  if (waiting === 0) return null;
  const run = await ctx.runs.load(runId);
  // The product the report is about (a run of several products has a report per product).
  const sku = await resolveSku(ctx.graph, report.skuId ?? run.skuId);
  const freeUnits = Math.max(0, sku.prepaidUnits.enabled + sku.prepaidUnits.warning - sku.consumedUnits);
  const directOnly = await readRetry(async () => {
    const first = new FirstByName<UserLicenses>(DIRECT_ONLY_NAMED);
    let count = 0;
    for await (const page of scopePages(ctx.graph, sku.skuId, run.groupId, (u) => inRunCohort(run, u))) {
      for (const user of page.users) {
        const { direct, inherited } = pathsOf(user.licenseAssignmentStates ?? [], sku.skuId);
        if (!direct || inherited.some(isGranting)) continue;
        count++;
        first.add(user);
      }
    }
    return { count, first: first.values().map((u) => u.userPrincipalName) };
  });
  return {
    skuPartNumber: sku.skuPartNumber,
    ...(sku.displayName ? { skuDisplayName: sku.displayName } : {}),
    waiting,
    atLeast: report.summary.error + report.summary.planMismatch > report.problems.length,
    freeUnits,
    missing: Math.max(0, waiting - freeUnits),
    directOnly,
  };
}
