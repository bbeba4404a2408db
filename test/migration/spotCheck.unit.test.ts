import { buildSpotCheck } from '../../src/migration/spotCheck';
import { EXO, TEAMS, GROUP, e3, path, user } from '../support/unitFixtures';

describe('buildSpotCheck', () => {
  it('shows direct, inherited and effective per user plan', () => {
    const u = user([path(null, []), path(GROUP, [TEAMS])]);
    const sc = buildSpotCheck(u, e3(), 'planMismatch', GROUP, { [GROUP]: 'All users' });
    expect(sc.plans).toHaveLength(4);
    const teams = sc.plans.find((p) => p.servicePlanId === TEAMS)!;
    expect(teams).toMatchObject({ direct: true, inherited: false, effective: true });
    expect(sc.plans.find((p) => p.servicePlanId === EXO)).toMatchObject({ direct: true, inherited: true, effective: true });
    expect(sc.paths).toEqual([
      { assignedByGroup: null, state: 'Active', error: 'None' },
      { assignedByGroup: GROUP, groupDisplayName: 'All users', state: 'Active', error: 'None' },
    ]);
  });

  it('null columns when a path is absent', () => {
    const sc = buildSpotCheck(user([path(null, [])]), e3(), 'pending', GROUP);
    expect(sc.plans.every((p) => p.inherited === null && p.direct === true)).toBe(true);
  });
});
