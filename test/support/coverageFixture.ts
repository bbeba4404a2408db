import { readFileSync } from 'node:fs';
import path from 'node:path';
import { E3 } from './constants';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fixture = Record<string, any>;

export const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
export const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';

const id = (kind: string, n: number) => `00000000-0000-${kind}-0000-${n.toString(16).padStart(12, '0')}`;
export const coverageUser = (n: number) => id('0a00', n);
/** The run's group: no license yet; the run assigns the cohort's E3 without SWAY. */
export const RUN_GROUP = id('0a01', 1);
/** Already assigns E3 without YAMMER_ENTERPRISE: with the run's group, a full E3 between the two. */
export const WITHOUT_YAMMER = id('0a01', 2);
/** Already assigns E3 without SWAY: adds nothing to the run's group. */
export const ALSO_WITHOUT_SWAY = id('0a01', 3);

/** Who is who in the coverage tenant (user numbers). */
export const COVERAGE_USERS = {
  /** Direct E3 without SWAY, the run's cohort: exactly what the run's group gives → ready. */
  cohort: [1, 2, 3, 4, 5, 6],
  /** Direct full E3, members of the run's group and "E3 without Yammer": SWAY comes from that group → ready (union). */
  union: [7, 8, 9],
  /** Direct E3 without SWAY and YAMMER: the run's group turns Yammer on → planGain. */
  gain: [10, 11],
  /** Direct full E3, the run's group only → planMismatch (SWAY). */
  mismatch: [12],
  /** Direct full E3, the run's group and "Also without Sway" → planMismatch (SWAY is in neither). */
  mismatchBoth: [13],
};

/**
 * A small tenant for coverage rules: one run group and two other licensing groups, with users whose direct E3
 * matches the run's group, is covered only by the union of two groups, would gain a plan, or would lose one.
 */
export function coverageTenant(opts: { runGroupLicensed?: boolean } = {}): Fixture {
  const base = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/plan-mismatch.json'), 'utf8'));
  const e3 = base.skus.find((s: Fixture) => s.skuId === E3);
  const u = COVERAGE_USERS;
  const disabledFor = (n: number) => (u.cohort.includes(n) ? [SWAY] : u.gain.includes(n) ? [SWAY, YAMMER] : []);
  const all = [...u.cohort, ...u.union, ...u.gain, ...u.mismatch, ...u.mismatchBoth];
  return {
    tenant: { id: id('0a00', 0), displayName: 'Fabrikam', defaultUsageLocation: 'US', domain: 'fabrikam.onmicrosoft.com' },
    skus: [{ ...e3, prepaidUnits: { enabled: 40 } }],
    users: all.map((n) => ({
      id: coverageUser(n),
      userPrincipalName: `user${String(n).padStart(2, '0')}@fabrikam.onmicrosoft.com`,
      displayName: `User ${n}`,
      usageLocation: 'US',
      assignedLicenses: [{ skuId: E3, disabledPlans: disabledFor(n) }],
    })),
    groups: [
      {
        id: RUN_GROUP,
        displayName: 'Licensing: E3 without Sway',
        members: all.map(coverageUser),
        // Licensed already when a test verifies without a run (the verify command).
        assignedLicenses: opts.runGroupLicensed ? [{ skuId: E3, disabledPlans: [SWAY] }] : [],
      },
      {
        id: WITHOUT_YAMMER,
        displayName: 'E3 without Yammer',
        members: u.union.map(coverageUser),
        assignedLicenses: [{ skuId: E3, disabledPlans: [YAMMER] }],
      },
      {
        id: ALSO_WITHOUT_SWAY,
        displayName: 'Also without Sway',
        members: u.mismatchBoth.map(coverageUser),
        assignedLicenses: [{ skuId: E3, disabledPlans: [SWAY] }],
      },
    ].map((g) => ({ securityEnabled: true, mailEnabled: false, groupTypes: [], ...g })),
    behaviour: { groupProcessingDelayMs: 100 },
  };
}
