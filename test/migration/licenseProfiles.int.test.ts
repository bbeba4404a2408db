import { fixture, startHarness, type Harness } from '../support/engineHarness';

/** Fabrikam (fixtures/license-profiles.json): three products assigned directly, in five profiles. */
const GROUP = (n: number) => `00000000-0000-0d01-0000-${n.toString(16).padStart(12, '0')}`;
const products = (p: { licenses: { skuPartNumber: string; disabledPlanNames: string[] }[] }) =>
  p.licenses.map((l) => `${l.skuPartNumber}${l.disabledPlanNames.length ? `-${l.disabledPlanNames.join(',')}` : ''}`).join(' + ');

describe('license profiles across every product of the tenant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterAll(() => h.close());

  it('groups direct holders by their whole license set, largest first', async () => {
    const plan = await h.engine.licensePlan();
    expect(plan.skus).toBe(3);
    expect(plan.directHolders).toBe(42);
    expect(plan.profiles.map((p) => [products(p), p.users])).toEqual([
      ['ENTERPRISEPACK + EMS', 20],
      ['ENTERPRISEPACK', 10],
      ['ENTERPRISEPACK-YAMMER_ENTERPRISE + EMS', 5],
      ['ENTERPRISEPACK + EMS + POWER_BI_PRO', 4],
      ['POWER_BI_PRO', 3],
    ]);
    expect(plan.profiles[1].sample).toEqual([
      'office21@fabrikam.onmicrosoft.com',
      'office22@fabrikam.onmicrosoft.com',
      'office23@fabrikam.onmicrosoft.com',
      'office24@fabrikam.onmicrosoft.com',
      'office25@fabrikam.onmicrosoft.com',
    ]);
  });

  it('reuses a group that already assigns exactly the set, and names new groups uniquely', async () => {
    const plan = await h.engine.licensePlan();
    const group = (i: number) => plan.profiles[i].group;
    // "Licensing E3" assigns exactly full E3.
    expect(group(1)).toEqual({ kind: 'existing', groupId: GROUP(1), displayName: 'Licensing E3' });
    // A group already has this name (with another license): the proposal does not collide with it.
    expect(group(0)).toEqual({ kind: 'new', displayName: 'License – Office 365 E3 + Enterprise Mobility + Security E3 · 2' });
    expect(group(2)).toEqual({
      kind: 'new',
      displayName: 'License – Office 365 E3 + Enterprise Mobility + Security E3 (without YAMMER_ENTERPRISE)',
    });
    expect(group(4)).toEqual({ kind: 'new', displayName: 'License – Power BI Pro' });
  });

  it('offers only merges that lose nobody a service, naming what would be gained', async () => {
    const plan = await h.engine.licensePlan();
    const key = (i: number) => plan.profiles[i].key;
    const merges = new Map(plan.merges.map((m) => [m.from, m]));
    // No Yammer + EMS can share E3 + EMS's group and gain Yammer.
    expect(merges.get(key(2))).toMatchObject({
      into: key(0),
      users: 5,
      gains: [{ skuName: 'Office 365 E3', plans: ['YAMMER_ENTERPRISE'], wholeProduct: false }],
    });
    // E3 alone can share E3 + EMS's group and gain the whole of EMS.
    expect(merges.get(key(1))).toMatchObject({
      into: key(0),
      gains: [{ skuName: 'Enterprise Mobility + Security E3', wholeProduct: true }],
    });
    // E3 + EMS + Power BI has no larger profile with Power BI: it would lose it anywhere else.
    expect(merges.has(key(3))).toBe(false);
    // Nobody is ever offered a move that takes a plan away.
    for (const m of plan.merges) {
      const from = plan.profiles.find((p) => p.key === m.from)!;
      const into = plan.profiles.find((p) => p.key === m.into)!;
      for (const l of from.licenses) {
        const target = into.licenses.find((x) => x.skuId === l.skuId);
        expect(target && target.disabledPlans.every((p) => l.disabledPlans.includes(p))).toBe(true);
      }
    }
  });
});
