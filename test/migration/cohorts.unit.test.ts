import { buildCohorts, cohortKey } from '../../src/migration/cohorts';
import { E3, SWAY, TEAMS, GROUP, e3, path, user } from './unitFixtures';

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
