import { effectivePlans, enabledPlans, missingPlans } from '../../src/migration/effectivePlans';
import { EXO, SPO, SWAY, TEAMS, GROUP, OTHER_GROUP, e3, path } from '../support/unitFixtures';

describe('effective plans', () => {
  it('a path enables the user plans of the SKU minus its disabledPlans (company plans never count)', () => {
    expect([...enabledPlans(e3(), [TEAMS])].sort()).toEqual([EXO, SPO, SWAY].sort());
  });

  it('effective plans are the union over granting paths; Error paths grant nothing', () => {
    const eff = effectivePlans(e3(), [path(null, [TEAMS, SWAY]), path(GROUP, [EXO]), path(OTHER_GROUP, [], 'Error', 'CountViolation')]);
    expect([...eff].sort()).toEqual([EXO, SPO, SWAY, TEAMS].sort());
    expect(effectivePlans(e3(), [path(GROUP, [], 'Error', 'CountViolation')]).size).toBe(0);
  });

  it('missingPlans lists what the direct path enables and no Active inherited path does', () => {
    expect(missingPlans(e3(), [], [path(GROUP, [TEAMS])])).toEqual([TEAMS]);
    expect(missingPlans(e3(), [TEAMS], [path(GROUP, [TEAMS])])).toEqual([]);
    expect(missingPlans(e3(), [], [path(GROUP, [TEAMS]), path(OTHER_GROUP, [SWAY])])).toEqual([]);
    expect(missingPlans(e3(), [], [path(GROUP, [], 'ActiveWithError', 'Other')]).length).toBe(4);
  });
});
