import { classifyUser, summarize } from '../../src/migration/classification';
import { ERROR_FIXES } from '../../src/migration/errorFixes';
import { notRemovable } from '../../src/migration/removal';
import type { Coverage } from '../../src/migration/coverage';
import { EXO, SPO, SWAY, TEAMS, GROUP, OTHER_GROUP, e3, path, user } from '../support/unitFixtures';

const classify = (u: ReturnType<typeof user>, isMember = true, processingComplete = true, coverage?: Coverage) =>
  classifyUser({ user: u, sku: e3(), groupId: GROUP, isMember, processingComplete, coverage });
const THIRD_GROUP = '00000000-0000-0000-0000-00000000cccc';

describe('classifyUser', () => {
  it('ready: direct plus an Active path from the group that enables exactly the same plans', () => {
    const c = classify(user([path(null, [SWAY]), path(GROUP, [SWAY])]));
    expect(c).toMatchObject({ class: 'ready', error: null, missingPlans: [], gainedPlans: [], reliesOn: [], directDisabledPlans: [SWAY] });
    expect(classify(user([path(null, []), path(GROUP, [])])).class).toBe('ready');
  });

  it('planGain: the group enables a plan the direct assignment disables, named; in either coverage', () => {
    for (const coverage of ['union', 'run-group'] as const) {
      const c = classify(user([path(null, [SWAY, TEAMS]), path(GROUP, [])]), true, true, coverage);
      expect(c).toMatchObject({ class: 'planGain', gainedPlans: ['TEAMS1', 'SWAY'], missingPlans: [], directDisabledPlans: [SWAY, TEAMS] });
      expect(c.fix).toMatch(/enables TEAMS1, SWAY, which the direct assignment disables/);
    }
  });

  it('planGain is not a gain when another Active group already gives the plan today (union only)', () => {
    const u = user([path(null, [SWAY]), path(GROUP, []), path(OTHER_GROUP, [])]);
    expect(classify(u).class).toBe('ready');
    expect(classify(u, true, true, 'run-group')).toMatchObject({ class: 'planGain', gainedPlans: ['SWAY'] });
    // A path in error gives nothing for sure: the gain stays.
    expect(classify(user([path(null, [SWAY]), path(GROUP, []), path(OTHER_GROUP, [], 'Error', 'CountViolation')])).class).toBe('planGain');
  });

  it('a loss outweighs a gain: planMismatch names only what would be lost', () => {
    const c = classify(user([path(null, [SWAY]), path(GROUP, [TEAMS])]));
    expect(c).toMatchObject({ class: 'planMismatch', missingPlans: ['TEAMS1'] });
  });

  it('union: two other groups together cover what the run group disables; the user relies on them, named per plan', () => {
    // Direct full E3; the run's group lacks SWAY and TEAMS1; one other group gives SWAY, another TEAMS1.
    const u = user([path(null, []), path(GROUP, [SWAY, TEAMS]), path(OTHER_GROUP, [TEAMS]), path(THIRD_GROUP, [SWAY])]);
    const c = classify(u);
    expect(c).toMatchObject({ class: 'ready', missingPlans: [], gainedPlans: [] });
    expect(c.reliesOn).toEqual([
      { groupId: THIRD_GROUP, plans: ['TEAMS1'] },
      { groupId: OTHER_GROUP, plans: ['SWAY'] },
    ]);
    // The same user under the stricter rule: only the run's group counts.
    const strict = classify(u, true, true, 'run-group');
    expect(strict).toMatchObject({ class: 'planMismatch', missingPlans: ['TEAMS1', 'SWAY'], reliesOn: [] });
    expect(strict.fix).toMatch(/^The group license disables TEAMS1, SWAY, which the direct assignment enables/);
  });

  it('union: planMismatch names only the plans missing from the union', () => {
    const c = classify(user([path(null, []), path(GROUP, [SWAY, TEAMS]), path(OTHER_GROUP, [TEAMS])]));
    expect(c).toMatchObject({ class: 'planMismatch', missingPlans: ['TEAMS1'] });
    expect(c.fix).toMatch(/^Neither the group license nor the user's other groups enable TEAMS1, which/);
    expect(c.fix).not.toContain('SWAY');
  });

  it.each([
    ['Error', 'CountViolation'],
    ['ActiveWithError', 'Other'],
    ['Disabled', 'None'],
  ])('union: another group path in %s never counts', (state, error) => {
    const c = classify(user([path(null, []), path(GROUP, [SWAY]), path(OTHER_GROUP, [], state, error)]));
    expect(c).toMatchObject({ class: 'planMismatch', missingPlans: ['SWAY'] });
  });

  it('union: the run group must still be Active itself; other groups alone never make a user ready', () => {
    const covered = path(OTHER_GROUP, []);
    expect(classify(user([path(null, []), covered])).class).toBe('pending');
    expect(classify(user([path(null, []), path(GROUP, [], 'Error', 'CountViolation'), covered])).class).toBe('error');
    expect(classify(user([path(null, []), path(GROUP, [SWAY]), covered]), true, false).class).toBe('pending');
    expect(classify(user([path(null, []), path(GROUP, [SWAY]), covered]), false).class).toBe('notMember');
  });

  it('a path of another SKU never covers this one', () => {
    const u = user([path(null, []), path(GROUP, [SWAY]), path(OTHER_GROUP, [], 'Active', 'None', '4b9405b0-7788-4568-add1-99614e613b69')]);
    expect(classify(u)).toMatchObject({ class: 'planMismatch', missingPlans: ['SWAY'] });
  });

  it('removal takes ready users, planGain users only when every plan they gain was accepted, and nobody else', () => {
    const gain = classify(user([path(null, [SWAY, EXO]), path(GROUP, [])]));
    expect(gain.gainedPlans).toEqual(['EXCHANGE_S_ENTERPRISE', 'SWAY']);
    expect(notRemovable(gain, new Set())).toMatch(/^would gain EXCHANGE_S_ENTERPRISE, SWAY, .*did not accept/);
    expect(notRemovable(gain, new Set(['SWAY']))).toMatch(/^would gain EXCHANGE_S_ENTERPRISE,/);
    expect(notRemovable(gain, new Set(['SWAY', 'EXCHANGE_S_ENTERPRISE', SPO]))).toBeNull();
    expect(notRemovable(classify(user([path(null, []), path(GROUP, [])])), new Set())).toBeNull();
    const mismatch = classify(user([path(null, []), path(GROUP, [SWAY])]));
    expect(notRemovable(mismatch, new Set(['SWAY']))).toBe('no longer ready: planMismatch (would lose SWAY)');
    expect(notRemovable(classify(user([path(null, [])])), new Set(['SWAY']))).toMatch(/^no longer ready: pending/);
  });

  it('inheritedOnly: no direct path, inherited Active from any group', () => {
    expect(classify(user([path(OTHER_GROUP)]), false).class).toBe('inheritedOnly');
    expect(classify(user([path(GROUP)])).class).toBe('inheritedOnly');
  });

  it('notMember: direct holder outside the group, even when another group covers it', () => {
    expect(classify(user([path(null), path(OTHER_GROUP)]), false).class).toBe('notMember');
  });

  it('pending: member without a path from the group yet, or processing not complete', () => {
    expect(classify(user([path(null)])).class).toBe('pending');
    expect(classify(user([path(null), path(GROUP)]), true, false).class).toBe('pending');
  });

  it('only the run group justifies removal: another group covering every plan still leaves the user pending', () => {
    expect(classify(user([path(null), path(OTHER_GROUP)])).class).toBe('pending');
  });

  it.each([
    'CountViolation',
    'MutuallyExclusiveViolation',
    'DependencyViolation',
    'ProhibitedInUsageLocationViolation',
    'UniquenessViolation',
    'Other',
  ])('error: group path in Error with %s carries the code and a fix', (code) => {
    const c = classify(user([path(null), path(GROUP, [], 'Error', code)]));
    expect(c.class).toBe('error');
    expect(c.error).toBe(code);
    expect(c.fix).toBe(ERROR_FIXES[code]);
  });

  it('every error code has its own fix', () => {
    expect(new Set(Object.values(ERROR_FIXES)).size).toBe(Object.keys(ERROR_FIXES).length);
  });

  it('error: ActiveWithError is an error too', () => {
    expect(classify(user([path(null), path(GROUP, [], 'ActiveWithError', 'Other')])).class).toBe('error');
  });

  it('planMismatch: the group enables fewer plans than the direct path, named', () => {
    const c = classify(user([path(null, []), path(GROUP, [TEAMS])]));
    expect(c.class).toBe('planMismatch');
    expect(c.missingPlans).toEqual(['TEAMS1']);
    expect(c.fix).toContain('TEAMS1');
  });

  it('summarize counts every class', () => {
    const s = summarize([{ class: 'ready' }, { class: 'ready' }, { class: 'error' }]);
    expect(s).toEqual({ ready: 2, planGain: 0, pending: 0, error: 1, planMismatch: 0, notMember: 0, inheritedOnly: 0 });
  });
});
