import { classifyUser, summarize } from '../../src/migration/classification';
import { ERROR_FIXES } from '../../src/migration/errorFixes';
import { SWAY, TEAMS, GROUP, OTHER_GROUP, e3, path, user } from '../support/unitFixtures';

const classify = (u: ReturnType<typeof user>, isMember = true, processingComplete = true) =>
  classifyUser({ user: u, sku: e3(), groupId: GROUP, isMember, processingComplete });

describe('classifyUser', () => {
  it('ready: direct plus an Active path from the group that enables at least the same plans', () => {
    const c = classify(user([path(null, [SWAY]), path(GROUP, [SWAY])]));
    expect(c).toMatchObject({ class: 'ready', error: null, missingPlans: [], directDisabledPlans: [SWAY] });
    expect(classify(user([path(null, [SWAY]), path(GROUP, [])])).class).toBe('ready');
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
    expect(s).toEqual({ ready: 2, pending: 0, error: 1, planMismatch: 0, notMember: 0, inheritedOnly: 0 });
  });
});
