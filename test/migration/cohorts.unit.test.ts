import type { Sku, UserLicenses } from '../../src/graph/types';
import { buildCohorts, cohortKey, mergeCohorts } from '../../src/migration/cohorts';
import { E3, SWAY, TEAMS, GROUP, e3, path, user } from '../support/unitFixtures';

describe('buildCohorts', () => {
  it('groups direct holders by sorted disabledPlans, largest first, with plan names', () => {
    const users = [
      user([path(null, [])]),
      user([path(null, [TEAMS, SWAY])]),
      user([path(null, [SWAY, TEAMS])]),
      user([path(null, [TEAMS, SWAY]), path(GROUP, [])]),
    ];
    const cohorts = buildCohorts(e3(), users);
    expect(cohorts).toHaveLength(2);
    expect(cohorts[0].userIds).toEqual([users[1].id, users[2].id, users[3].id]);
    expect(cohorts[0].disabledPlans).toEqual([SWAY, TEAMS].sort());
    expect(cohorts[0].disabledPlanNames.sort()).toEqual(['SWAY', 'TEAMS1']);
    expect(cohorts[0].key).toBe(cohortKey(E3, [TEAMS, SWAY]));
    expect(cohorts[1].userIds).toEqual([users[0].id]);
  });

  it('leaves out users who only inherit the SKU', () => {
    const cohorts = buildCohorts(e3(), [user([path(GROUP, [])])]);
    expect(cohorts).toEqual([]);
  });

  it('gives the same key whatever the order of disabledPlans', () => {
    expect(cohortKey(E3, [TEAMS, SWAY])).toBe(cohortKey(E3, [SWAY, TEAMS]));
    expect(cohortKey(E3, [])).not.toBe(cohortKey(E3, [SWAY]));
  });
});

describe('mergeCohorts', () => {
  it('joins the cohorts of separate pages by key, keeping every user once, largest first', () => {
    const sku: Sku = {
      skuId: 'e3',
      skuPartNumber: 'E3',
      consumedUnits: 0,
      prepaidUnits: { enabled: 9, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: [
        { servicePlanId: 'p1', servicePlanName: 'P1', appliesTo: 'User' },
        { servicePlanId: 'p2', servicePlanName: 'P2', appliesTo: 'User' },
      ],
    };
    const u = (id: string, disabledPlans: string[]): UserLicenses => ({
      id,
      userPrincipalName: `${id}@x`,
      usageLocation: 'US',
      assignedLicenses: [{ skuId: 'e3', disabledPlans }],
      licenseAssignmentStates: [{ skuId: 'e3', disabledPlans, assignedByGroup: null, state: 'Active', error: 'None' }],
    });
    const all = [u('a', []), u('b', ['p1']), u('c', []), u('d', ['p1']), u('e', [])];
    const paged = mergeCohorts([buildCohorts(sku, all.slice(0, 2)), buildCohorts(sku, all.slice(2))]);
    expect(paged).toEqual(buildCohorts(sku, all));
    expect(paged.map((c) => c.userIds)).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
  });
});
