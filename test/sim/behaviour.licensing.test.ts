import { ADDON, addonSku, Client, E3, e3Sku, EXS, exchangeSku, fixture, gid, P, start, uid, users } from '../support/simClient';

const ALL_E3 = [P.EXCHANGE_S_ENTERPRISE, P.SHAREPOINTENTERPRISE, P.TEAMS1, P.FORMS_PLAN_E3].sort();

describe('direct assignLicense (synchronous, validated)', () => {
  let c: Client;
  beforeEach(async () => {
    c = await start(
      fixture({
        skus: [e3Sku(4), exchangeSku(5), addonSku(5)],
        mutuallyExclusivePlans: [[P.EXCHANGE_S_ENTERPRISE, P.EXCHANGE_S_STANDARD]],
        usageLocationRestrictions: { [P.TEAMS1]: ['KP'] },
        users: users([
          { n: 1, direct: [{ skuId: E3 }] },
          { n: 2, direct: [{ skuId: E3 }] },
          { n: 3, direct: [{ skuId: EXS }] },
          { n: 4, loc: null },
          { n: 5, loc: 'KP' },
          { n: 6 },
          { n: 7 },
          { n: 8, direct: [{ skuId: E3 }, { skuId: ADDON }] },
        ]),
      }),
    );
  });
  afterEach(() => c.sim.close());

  test('adds a license: 200 with the user, Active direct state, one unit consumed', async () => {
    const r = await c.assignUser(uid(6), [{ skuId: E3, disabledPlans: [P.FORMS_PLAN_E3] }]);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(uid(6));
    expect(r.body.userPrincipalName).toBe('user6@contoso.example');
    expect(await c.states(uid(6))).toEqual([
      expect.objectContaining({ skuId: E3, assignedByGroup: null, state: 'Active', error: 'None', disabledPlans: [P.FORMS_PLAN_E3] }),
    ]);
    expect(await c.consumed()).toBe(4);
    const u = (await c.get(`/users/${uid(6)}?$select=assignedLicenses`)).body;
    expect(u.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [P.FORMS_PLAN_E3] }]);
  });

  test('re-adding a SKU replaces the direct disabledPlans (plan toggling)', async () => {
    await c.assignUser(uid(1), [{ skuId: E3, disabledPlans: [P.TEAMS1] }]);
    expect(await c.enabledPlans(uid(1), E3)).toEqual(ALL_E3.filter((p) => p !== P.TEAMS1));
    expect(await c.consumed()).toBe(3);
  });

  test('no free units: 400 with Graph message, nothing changes', async () => {
    expect((await c.assignUser(uid(6), [{ skuId: E3 }])).status).toBe(200);
    const r = await c.assignUser(uid(7), [{ skuId: E3 }]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('Request_BadRequest');
    expect(r.body.error.message).toBe(`Subscription with SKU ${E3} does not have any available licenses.`);
    expect(r.body.error.innerError['request-id']).toEqual(expect.any(String));
    expect(r.body.error.innerError.date).toEqual(expect.any(String));
    expect(await c.states(uid(7))).toEqual([]);
  });

  test('usage location missing: 400', async () => {
    const r = await c.assignUser(uid(4), [{ skuId: E3 }]);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('License assignment cannot be done for user with invalid usage location.');
  });

  test('mutually exclusive plans: 400 naming both plans', async () => {
    const r = await c.assignUser(uid(3), [{ skuId: E3 }]);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(P.EXCHANGE_S_ENTERPRISE);
    expect(r.body.error.message).toContain(P.EXCHANGE_S_STANDARD);
    // disabling the conflicting plan makes the same assignment valid
    expect((await c.assignUser(uid(3), [{ skuId: E3, disabledPlans: [P.EXCHANGE_S_ENTERPRISE] }])).status).toBe(200);
  });

  test('plan prohibited in the usage location: 400', async () => {
    const r = await c.assignUser(uid(5), [{ skuId: E3 }]);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(P.TEAMS1);
  });

  test('dependency: add-on without its prerequisite and removing the prerequisite: 400', async () => {
    const a = await c.assignUser(uid(6), [{ skuId: ADDON }]);
    expect(a.status).toBe(400);
    expect(a.body.error.message).toMatch(/^License assignment failed because service plan .* depends on the service plan\(s\)/);
    const b = await c.assignUser(uid(8), [], [E3]);
    expect(b.status).toBe(400);
    expect(await c.states(uid(8))).toHaveLength(2);
    const d = await c.assignUser(uid(8), [{ skuId: E3, disabledPlans: [P.TEAMS1] }]);
    expect(d.status).toBe(400);
  });

  test('unknown SKU, unknown plan, missing keys, unknown user', async () => {
    const unknownSku = '11111111-1111-1111-1111-111111111111';
    expect((await c.assignUser(uid(6), [{ skuId: unknownSku }])).status).toBe(400);
    expect((await c.assignUser(uid(6), [{ skuId: E3, disabledPlans: [P.EXCHANGE_S_STANDARD] }])).status).toBe(400);
    const noRemove = await c.post(`/users/${uid(6)}/assignLicense`, { addLicenses: [] });
    expect(noRemove.status).toBe(400);
    expect(noRemove.body.error.message).toContain('removeLicenses');
    expect((await c.post(`/users/${uid(6)}/assignLicense`, { removeLicenses: [] })).status).toBe(400);
    expect((await c.assignUser(uid(99), [{ skuId: E3 }])).status).toBe(404);
    expect((await c.assignUser(uid(6), [], [E3])).status).toBe(400);
  });

  test('all-or-nothing: one bad license in the call changes nothing', async () => {
    const r = await c.assignUser(uid(6), [{ skuId: E3 }, { skuId: ADDON, disabledPlans: [P.TEAMS1] }]);
    expect(r.status).toBe(400);
    expect(await c.states(uid(6))).toEqual([]);
  });

  test('several products in one call: all are added; one without free units refuses the whole call', async () => {
    const r = await c.assignUser(uid(6), [{ skuId: E3, disabledPlans: [P.FORMS_PLAN_E3] }, { skuId: ADDON }]);
    expect(r.status).toBe(200);
    expect((await c.states(uid(6))).map((s) => [s.skuId, s.assignedByGroup, s.state, s.disabledPlans]).sort()).toEqual(
      [
        [E3, null, 'Active', [P.FORMS_PLAN_E3]],
        [ADDON, null, 'Active', []],
      ].sort(),
    );
    expect([await c.consumed(E3), await c.consumed(ADDON)]).toEqual([4, 2]);
    // E3 has no unit left: the add-on, which has units, does not come alone either.
    const refused = await c.assignUser(uid(7), [{ skuId: ADDON }, { skuId: E3 }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(`Subscription with SKU ${E3} does not have any available licenses.`);
    expect(await c.states(uid(7))).toEqual([]);
    expect([await c.consumed(E3), await c.consumed(ADDON)]).toEqual([4, 2]);
  });

  test('addressed by userPrincipalName; PATCH usageLocation then assignment works', async () => {
    expect((await c.get('/users/user4@contoso.example?$select=id')).body.id).toBe(uid(4));
    expect((await c.call('PATCH', `/users/${uid(4)}`, { usageLocation: 'us' })).status).toBe(400);
    expect((await c.call('PATCH', `/users/${uid(4)}`, { usageLocation: 'US' })).status).toBe(204);
    expect((await c.get(`/users/${uid(4)}?$select=usageLocation`)).body.usageLocation).toBe('US');
    expect((await c.assignUser('user4@contoso.example', [{ skuId: E3 }])).status).toBe(200);
  });
});

describe('direct + inherited: union of plans, safe and unsafe removal, invariant monitor', () => {
  let c: Client;
  beforeEach(async () => {
    c = await start(
      fixture({
        skus: [e3Sku(10)],
        users: users([
          { n: 1, direct: [{ skuId: E3 }] },
          { n: 2, direct: [{ skuId: E3 }] },
          { n: 3, direct: [{ skuId: E3, disabledPlans: [P.TEAMS1] }] },
          { n: 4 },
        ]),
        groups: [
          { id: gid(1), displayName: 'Full E3', members: [uid(1)], assignedLicenses: [{ skuId: E3 }] },
          {
            id: gid(2),
            displayName: 'E3 without Teams',
            members: [uid(2), uid(3)],
            assignedLicenses: [{ skuId: E3, disabledPlans: [P.TEAMS1] }],
          },
        ],
      }),
    );
    await c.waitProcessed(gid(1));
    await c.waitProcessed(gid(2));
  });
  afterEach(() => c.sim.close());

  test('one unit per user however many paths', async () => {
    expect(await c.consumed()).toBe(3);
    expect(await c.states(uid(1))).toHaveLength(2);
  });

  test('effective plans are the union over paths; assignedLicenses disables only what every path disables', async () => {
    expect(await c.enabledPlans(uid(2), E3)).toEqual(ALL_E3);
    const u = (await c.get(`/users/${uid(2)}?$select=assignedLicenses`)).body;
    expect(u.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
    const u3 = (await c.get(`/users/${uid(3)}?$select=assignedLicenses`)).body;
    expect(u3.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [P.TEAMS1] }]);
  });

  test('safe removal: equivalent inherited path keeps everything, no violation', async () => {
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    expect(await c.states(uid(1))).toEqual([expect.objectContaining({ assignedByGroup: gid(1), state: 'Active' })]);
    expect(await c.enabledPlans(uid(1), E3)).toEqual(ALL_E3);
    expect(await c.consumed()).toBe(3);
    // same plans on both paths (user 3): also safe
    expect((await c.assignUser(uid(3), [], [E3])).status).toBe(200);
    expect((await c.get('/_sim/invariants')).body.violations).toEqual([]);
    expect(c.sim.invariants()).toEqual([]);
  });

  test('unsafe removal: the inherited path lacks TEAMS1, the user loses it and the monitor reports it', async () => {
    expect((await c.assignUser(uid(2), [], [E3])).status).toBe(200);
    expect(await c.enabledPlans(uid(2), E3)).toEqual(ALL_E3.filter((p) => p !== P.TEAMS1));
    const v = (await c.get('/_sim/invariants')).body.violations;
    expect(v).toEqual([
      expect.objectContaining({
        userId: uid(2),
        skuId: E3,
        skuPartNumber: 'ENTERPRISEPACK',
        lostPlans: [{ servicePlanId: P.TEAMS1, servicePlanName: 'TEAMS1' }],
        cause: 'POST /users/{id}/assignLicense',
        at: expect.any(String),
      }),
    ]);
  });

  test('removing an inherited-only license directly: 400 with the Graph message', async () => {
    await c.assignUser(uid(1), [], [E3]);
    const r = await c.assignUser(uid(1), [], [E3]);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('User license is inherited from a group membership and it cannot be removed directly from the user.');
  });

  test('removing the only path is a loss the monitor reports', async () => {
    await c.sim.close();
    c = await start(fixture());
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    expect(await c.states(uid(1))).toEqual([]);
    const v = c.sim.invariants();
    expect(v).toHaveLength(1);
    expect(v[0].lostPlans.map((p) => p.servicePlanName).sort()).toEqual([
      'EXCHANGE_S_ENTERPRISE',
      'FORMS_PLAN_E3',
      'SHAREPOINTENTERPRISE',
      'TEAMS1',
    ]);
  });

  test('licenseDetails and assignedPlans reflect effective plans', async () => {
    const ld = (await c.get(`/users/${uid(3)}/licenseDetails`)).body.value;
    expect(ld).toHaveLength(1);
    expect(ld[0]).toEqual(expect.objectContaining({ skuId: E3, skuPartNumber: 'ENTERPRISEPACK' }));
    expect(ld[0].servicePlans.find((p: { servicePlanId: string }) => p.servicePlanId === P.TEAMS1).provisioningStatus).toBe('Disabled');
    const ap = (await c.get(`/users/${uid(3)}?$select=assignedPlans`)).body.assignedPlans;
    expect(ap.map((p: { servicePlanId: string }) => p.servicePlanId).sort()).toEqual(ALL_E3.filter((p) => p !== P.TEAMS1));
    expect((await c.get(`/users/${uid(4)}/licenseDetails`)).body.value).toEqual([]);
  });

  test('subscribedSkus: Graph shape', async () => {
    const r = await c.get('/subscribedSkus');
    expect(r.status).toBe(200);
    expect(r.body.value[0]).toEqual(
      expect.objectContaining({
        id: `${'00000000-0000-0000-0000-0000000000aa'}_${E3}`,
        skuId: E3,
        skuPartNumber: 'ENTERPRISEPACK',
        appliesTo: 'User',
        capabilityStatus: 'Enabled',
        consumedUnits: 3,
        prepaidUnits: { enabled: 10, suspended: 0, warning: 0, lockedOut: 0 },
      }),
    );
    expect(r.body.value[0].servicePlans[0]).toEqual({
      servicePlanId: P.EXCHANGE_S_ENTERPRISE,
      servicePlanName: 'EXCHANGE_S_ENTERPRISE',
      provisioningStatus: 'Success',
      appliesTo: 'User',
    });
    expect((await c.get('/subscribedSkus?$filter=skuId eq 1')).status).toBe(400);
  });
});
