/**
 * Known service-plan relations Graph does not expose (by servicePlanName), used by pre-flight.
 * Extend through the engine options when a tenant has products missing here.
 */
export interface PlanRules {
  /** Pairs of plans that cannot both be enabled for one user (MutuallyExclusiveViolation). */
  mutuallyExclusive: [string, string][];
  /** A plan that needs at least one of the listed plans enabled (DependencyViolation otherwise). */
  dependencies: { plan: string; requiresAnyOf: string[] }[];
}

export const DEFAULT_PLAN_RULES: PlanRules = {
  mutuallyExclusive: [
    ['EXCHANGE_S_ENTERPRISE', 'EXCHANGE_S_STANDARD'],
    ['EXCHANGE_S_ENTERPRISE', 'EXCHANGE_S_DESKLESS'],
    ['EXCHANGE_S_STANDARD', 'EXCHANGE_S_DESKLESS'],
    ['SHAREPOINTENTERPRISE', 'SHAREPOINTSTANDARD'],
    ['SHAREPOINTENTERPRISE', 'SHAREPOINTDESKLESS'],
    ['MCOSTANDARD', 'MCOIMP'],
  ],
  dependencies: [
    { plan: 'MCOEV', requiresAnyOf: ['MCOSTANDARD'] },
    { plan: 'MCOMEETADV', requiresAnyOf: ['MCOSTANDARD'] },
    { plan: 'EXCHANGE_S_ARCHIVE_ADDON', requiresAnyOf: ['EXCHANGE_S_ENTERPRISE', 'EXCHANGE_S_STANDARD'] },
    { plan: 'TEAMS_ADDON_PLAN', requiresAnyOf: ['TEAMS1'] },
  ],
};

/** Merges extra rules into the defaults. */
export function withPlanRules(extra?: Partial<PlanRules>): PlanRules {
  return {
    mutuallyExclusive: [...DEFAULT_PLAN_RULES.mutuallyExclusive, ...(extra?.mutuallyExclusive ?? [])],
    dependencies: [...DEFAULT_PLAN_RULES.dependencies, ...(extra?.dependencies ?? [])],
  };
}
