import { FirstByName, byName } from '../../src/migration/firstByName';
import { ERROR_CODES_KEPT, PROBLEMS_KEPT, SAMPLES_PER_CLASS, VerificationTally } from '../../src/migration/verificationTally';
import { USER_CLASSES, type UserClass, type UserClassification } from '../../src/migration/types';
import { mulberry32 } from '../../src/sim/fixture';

/** Users in a shuffled order, with names that differ in case and accents as real tenants' do. */
function shuffledUsers(count: number, seed = 7): UserClassification[] {
  const rng = mulberry32(seed);
  const names = ['anna', 'Anna', 'ÅSA', 'åsa', 'bob', 'Zoë', 'zoe', 'émile', 'Emil', 'o.brien', "o'neil"];
  const users = Array.from({ length: count }, (_, i): UserClassification => {
    const cls = USER_CLASSES[Math.floor(rng() * USER_CLASSES.length)];
    return {
      userId: `id-${i}`,
      userPrincipalName: `${names[Math.floor(rng() * names.length)]}${Math.floor(rng() * 100_000)}-${i}@contoso.com`,
      skuId: 'sku',
      class: cls,
      error: cls === 'error' ? 'CountViolation' : null,
      missingPlans: [],
      directDisabledPlans: [],
    };
  });
  return users;
}

const sorted = (users: UserClassification[]) => [...users].sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));

describe('FirstByName', () => {
  it.each([0, 1, 3, 10, 1000])('keeps the first %i names of a stream, in the order a full sort gives', (limit) => {
    const users = shuffledUsers(5000);
    const first = new FirstByName<UserClassification>(limit);
    for (const u of users) first.add(u);
    expect(first.values().map((u) => u.userId)).toEqual(
      sorted(users)
        .slice(0, limit)
        .map((u) => u.userId),
    );
  });

  it('keeps everyone when the stream is shorter than the limit, and can be read more than once', () => {
    const users = shuffledUsers(25);
    const first = new FirstByName<UserClassification>(100);
    for (const u of users) first.add(u);
    expect(first.values()).toEqual(sorted(users));
    first.add({ ...users[0], userId: 'late', userPrincipalName: '0first@contoso.com' });
    expect(first.values()[0].userId).toBe('late');
    expect(first.values()).toHaveLength(26);
  });

  it('sorts as localeCompare does', () => {
    expect(['b', 'Å', 'a', 'A', 'å'].sort(byName)).toEqual(['b', 'Å', 'a', 'A', 'å'].sort((a, b) => a.localeCompare(b)));
  });
});

describe('VerificationTally', () => {
  it('counts every user and keeps the first of each class by name, and the first problems, whatever the page sizes', () => {
    const users = shuffledUsers(20_000);
    const tally = new VerificationTally();
    for (let i = 0; i < users.length; i += 999) tally.add(users.slice(i, i + 999));
    const { summary, samples, problems } = tally.result();

    const whole = sorted(users);
    for (const cls of USER_CLASSES) {
      const ofClass = whole.filter((u) => u.class === cls);
      expect(summary[cls]).toBe(ofClass.length);
      expect(samples[cls]).toEqual(ofClass.slice(0, SAMPLES_PER_CLASS));
    }
    const problemClasses: UserClass[] = ['error', 'planMismatch'];
    expect(problems).toEqual(whole.filter((u) => problemClasses.includes(u.class)).slice(0, PROBLEMS_KEPT));
    expect(problems).toHaveLength(PROBLEMS_KEPT);
  });

  it('collects the plans planGain users would gain and the other groups ready and planGain users rely on', () => {
    const base = { skuId: 'sku', error: null, missingPlans: [], directDisabledPlans: [] };
    const tally = new VerificationTally();
    tally.add([
      { ...base, userId: '1', userPrincipalName: 'a@x', class: 'planGain', gainedPlans: ['YAMMER_ENTERPRISE'] },
      { ...base, userId: '2', userPrincipalName: 'b@x', class: 'planGain', gainedPlans: ['SWAY', 'YAMMER_ENTERPRISE'] },
      { ...base, userId: '3', userPrincipalName: 'c@x', class: 'ready', reliesOn: [{ groupId: 'G2', plans: ['SWAY'] }] },
      { ...base, userId: '4', userPrincipalName: 'd@x', class: 'ready', reliesOn: [{ groupId: 'g2', plans: ['TEAMS1'] }] },
      {
        ...base,
        userId: '5',
        userPrincipalName: 'e@x',
        class: 'planGain',
        gainedPlans: [],
        reliesOn: [{ groupId: 'G3', plans: ['SWAY'] }],
      },
      // A planMismatch user relies on nothing: they are not removed at all.
      { ...base, userId: '6', userPrincipalName: 'f@x', class: 'planMismatch', reliesOn: [{ groupId: 'G9', plans: ['SWAY'] }] },
    ]);
    const r = tally.result();
    expect(r.summary).toMatchObject({ planGain: 3, ready: 2, planMismatch: 1 });
    expect(r.gainedPlans).toEqual(['SWAY', 'YAMMER_ENTERPRISE']);
    expect(r.reliedOn).toEqual([
      { groupId: 'G2', users: 2, plans: ['SWAY', 'TEAMS1'] },
      { groupId: 'G3', users: 1, plans: ['SWAY'] },
    ]);
    expect(r.problems.map((u) => u.userId)).toEqual(['6']);
  });

  it('has every class in the summary, at zero when nobody was classified', () => {
    const { summary, samples, problems } = new VerificationTally().result();
    expect(summary).toEqual({ ready: 0, planGain: 0, pending: 0, error: 0, planMismatch: 0, notMember: 0, inheritedOnly: 0 });
    expect(Object.values(samples).flat()).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('VerificationTally: errors by code, users without a direct assignment, other cohorts', () => {
  const user = (i: number, cls: UserClass, direct: string[] | null, error: string | null = null): UserClassification => ({
    userId: `id-${i}`,
    userPrincipalName: `u${i}@contoso.com`,
    skuId: 'sku',
    class: cls,
    error,
    missingPlans: [],
    directDisabledPlans: direct,
  });

  it('counts error users per code with and without a direct assignment, and direct holders of other cohorts', () => {
    const tally = new VerificationTally(['SWAY', 'yammer']);
    tally.add([
      user(1, 'error', null, 'CountViolation'),
      user(2, 'error', null, 'CountViolation'),
      user(3, 'error', ['Yammer', 'sway'], 'CountViolation'),
      user(4, 'error', [], 'UniquenessViolation'),
      user(5, 'pending', null),
      user(6, 'ready', ['yammer', 'sway']),
      user(7, 'planMismatch', []),
    ]);
    const r = tally.result();
    expect(r.errorCodes).toEqual([
      { code: 'CountViolation', direct: 1, withoutDirect: 2 },
      { code: 'UniquenessViolation', direct: 1, withoutDirect: 0 },
    ]);
    expect(r.withoutDirect).toMatchObject({ error: 2, pending: 1, ready: 0 });
    expect(r.otherCohorts).toBe(2);
    expect(new VerificationTally().result().otherCohorts).toBe(0);
  });

  it('keeps a bounded number of codes: further codes count as Other', () => {
    const tally = new VerificationTally();
    tally.add(Array.from({ length: 40 }, (_, i) => user(i, 'error', null, `Code${i}`)));
    const r = tally.result();
    expect(r.errorCodes.length).toBeLessThanOrEqual(ERROR_CODES_KEPT + 1);
    expect(r.errorCodes.reduce((n, e) => n + e.withoutDirect, 0)).toBe(40);
    expect(r.errorCodes.find((e) => e.code === 'Other')!.withoutDirect).toBe(40 - ERROR_CODES_KEPT);
  });
});
