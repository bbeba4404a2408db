import { ADDON, addonSku, Client, E3, e3Sku, EXS, exchangeSku, fixture, gid, P, range, start, uid, users } from '../support/simClient';

const G = 'https://graph.microsoft.com/v1.0/directoryObjects';

describe('group-based licensing is asynchronous and records per-user errors', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('assignLicense: 202 + group, Queued → InProgress → Complete, inherited paths appear over time', async () => {
    c = await start(
      fixture({
        users: users(range(1, 6).map((n) => ({ n }))),
        groups: [{ id: gid(1), displayName: 'Sales', members: range(1, 6).map(uid) }],
        behaviour: { groupProcessingDelayMs: 1000 },
      }),
    );
    const r = await c.assignGroup(gid(1), [{ skuId: E3, disabledPlans: [P.FORMS_PLAN_E3] }]);
    expect(r.status).toBe(202);
    expect(r.body.id).toBe(gid(1));
    expect(r.body.displayName).toBe('Sales');
    expect(await c.processingState(gid(1))).not.toBe('ProcessingComplete');
    expect(await c.states(uid(1))).toEqual([]);
    const g = (await c.get(`/groups/${gid(1)}?$select=id,assignedLicenses,licenseProcessingState`)).body;
    expect(g.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [P.FORMS_PLAN_E3] }]);
    const seen = await c.waitProcessed(gid(1));
    expect(seen[seen.length - 1]).toBe('ProcessingComplete');
    expect(seen).toContain('ProcessingInProgress');
    for (const n of range(1, 6))
      expect(await c.states(uid(n))).toEqual([
        expect.objectContaining({ skuId: E3, assignedByGroup: gid(1), state: 'Active', error: 'None', disabledPlans: [P.FORMS_PLAN_E3] }),
      ]);
    expect(await c.consumed()).toBe(6);
    expect((await c.get(`/groups/${gid(1)}?$select=hasMembersWithLicenseErrors`)).body.hasMembersWithLicenseErrors).toBe(false);
  });

  test('a processing rate (users per second) also completes', async () => {
    c = await start(
      fixture({ users: users(range(1, 4).map((n) => ({ n }))), groups: [{ id: gid(1), displayName: 'G', members: range(1, 4).map(uid) }] }),
      { groupProcessingUsersPerSecond: 200 },
    );
    await c.assignGroup(gid(1), [{ skuId: E3 }]);
    await c.waitProcessed(gid(1));
    expect(await c.consumed()).toBe(4);
  });

  test('CountViolation, MutuallyExclusiveViolation, ProhibitedInUsageLocationViolation, UniquenessViolation; membersWithLicenseErrors', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(3), exchangeSku(5)],
        mutuallyExclusivePlans: [[P.EXCHANGE_S_ENTERPRISE, P.EXCHANGE_S_STANDARD]],
        usageLocationRestrictions: { [P.TEAMS1]: ['KP'] },
        users: users([
          { n: 1, direct: [{ skuId: EXS }] },
          { n: 2, loc: 'KP' },
          { n: 3 },
          { n: 4, loc: null },
          { n: 5 },
          { n: 6 },
          { n: 7 },
        ]),
        groups: [{ id: gid(1), displayName: 'Everyone', members: range(1, 7).map(uid) }],
      }),
    );
    await c.post(`/_sim/users/${uid(3)}/mutate`, { proxyConflict: true });
    await c.assignGroup(gid(1), [{ skuId: E3 }]);
    await c.waitProcessed(gid(1));
    const err = async (n: number) => (await c.states(uid(n))).find((s) => s.assignedByGroup === gid(1));
    expect(await err(1)).toEqual(expect.objectContaining({ state: 'Error', error: 'MutuallyExclusiveViolation' }));
    expect(await err(2)).toEqual(expect.objectContaining({ state: 'Error', error: 'ProhibitedInUsageLocationViolation' }));
    expect(await err(3)).toEqual(expect.objectContaining({ state: 'Error', error: 'UniquenessViolation' }));
    // null usage location: the tenant default (NL) is used for group assignment
    expect(await err(4)).toEqual(expect.objectContaining({ state: 'Active', error: 'None' }));
    expect([await err(5), await err(6)].every((s) => s?.state === 'Active')).toBe(true);
    expect(await err(7)).toEqual(expect.objectContaining({ state: 'Error', error: 'CountViolation' }));
    expect(await c.consumed()).toBe(3); // users 4, 5, 6; error paths consume nothing
    const e = (await c.get(`/groups/${gid(1)}/membersWithLicenseErrors?$select=id`)).body.value.map((x: { id: string }) => x.id).sort();
    expect(e).toEqual([uid(1), uid(2), uid(3), uid(7)].sort());
    const withErrors = (await c.get('/groups?$filter=hasMembersWithLicenseErrors eq true&$select=id')).body.value;
    expect(withErrors).toEqual([{ id: gid(1) }]);
    // the error path is not a license: assignedLicenses omits it
    expect((await c.get(`/users/${uid(7)}?$select=assignedLicenses`)).body.assignedLicenses).toEqual([]);
  });

  test('reprocess after freeing a seat turns a CountViolation into Active', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(2)],
        users: users([{ n: 1, direct: [{ skuId: E3 }] }, { n: 2, direct: [{ skuId: E3 }] }, { n: 3 }]),
        groups: [{ id: gid(1), displayName: 'G', members: [uid(2), uid(3)] }],
      }),
    );
    await c.assignGroup(gid(1), [{ skuId: E3 }]);
    await c.waitProcessed(gid(1));
    expect((await c.states(uid(3)))[0]).toEqual(expect.objectContaining({ state: 'Error', error: 'CountViolation' }));
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    const r = await c.post(`/users/${uid(3)}/reprocessLicenseAssignment`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(uid(3));
    // Queued like any license processing: the state changes once the group has processed the user.
    await c.waitProcessed(gid(1));
    expect((await c.states(uid(3)))[0]).toEqual(expect.objectContaining({ state: 'Active', error: 'None' }));
    expect((await c.get(`/groups/${gid(1)}/membersWithLicenseErrors`)).body.value).toEqual([]);
  });

  test('DependencyViolation for an add-on without its prerequisite; all SKUs of a group fail together', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(10), addonSku(10), exchangeSku(10)],
        users: users([{ n: 1 }, { n: 2, direct: [{ skuId: E3 }] }]),
        groups: [
          { id: gid(1), displayName: 'Add-on', members: [uid(1), uid(2)] },
          { id: gid(2), displayName: 'Bundle', members: [uid(1), uid(2)] },
        ],
      }),
    );
    await c.assignGroup(gid(1), [{ skuId: ADDON }]);
    await c.waitProcessed(gid(1));
    expect((await c.states(uid(1)))[0]).toEqual(expect.objectContaining({ skuId: ADDON, state: 'Error', error: 'DependencyViolation' }));
    expect((await c.states(uid(2))).find((s) => s.skuId === ADDON)).toEqual(expect.objectContaining({ state: 'Active' }));
    // a group carrying two SKUs, one of which fails for user 1 (mutually exclusive via a group-carried plan is not set up; use the add-on again)
    await c.assignGroup(gid(2), [{ skuId: EXS }, { skuId: ADDON }]);
    await c.waitProcessed(gid(2));
    const s1 = (await c.states(uid(1))).filter((s) => s.assignedByGroup === gid(2));
    expect(s1).toHaveLength(2);
    expect(s1.every((s) => s.state === 'Error' && s.error === 'DependencyViolation')).toBe(true);
    expect(await c.consumed(EXS)).toBe(1);
  });

  test('group assignLicense validation: not security-enabled, unknown SKU, missing keys, prerequisite in the same group', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(10), addonSku(10)],
        groups: [
          { id: gid(1), displayName: 'M365', securityEnabled: false, mailEnabled: true, groupTypes: ['Unified'] },
          { id: gid(2), displayName: 'Sec' },
        ],
      }),
    );
    const a = await c.assignGroup(gid(1), [{ skuId: E3 }]);
    expect(a.status).toBe(400);
    expect(a.body.error.message).toContain('not security enabled');
    expect((await c.assignGroup(gid(2), [{ skuId: '11111111-1111-1111-1111-111111111111' }])).status).toBe(400);
    expect((await c.post(`/groups/${gid(2)}/assignLicense`, { addLicenses: [] })).status).toBe(400);
    const dep = await c.assignGroup(gid(2), [{ skuId: E3, disabledPlans: [P.TEAMS1] }, { skuId: ADDON }]);
    expect(dep.status).toBe(400);
    expect(dep.body.error.message).toContain('requires TEAMS1');
    expect((await c.assignGroup(gid(9), [{ skuId: E3 }])).status).toBe(404);
    expect((await c.get(`/groups/${gid(2)}?$select=assignedLicenses`)).body.assignedLicenses).toEqual([]);
  });

  test('membership changes on a licensed group add and remove inherited licenses asynchronously; nested groups pass nothing on', async () => {
    c = await start(
      fixture({
        users: users([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]),
        groups: [
          { id: gid(1), displayName: 'Licensed', members: [uid(1), gid(2)], assignedLicenses: [{ skuId: E3 }] },
          { id: gid(2), displayName: 'Nested', members: [uid(4)] },
        ],
      }),
    );
    await c.waitProcessed(gid(1));
    expect(await c.states(uid(4))).toEqual([]);
    expect((await c.post(`/groups/${gid(1)}/members/$ref`, { '@odata.id': `${G}/${uid(2)}` })).status).toBe(204);
    expect(await c.processingState(gid(1))).not.toBe('ProcessingComplete');
    await c.waitProcessed(gid(1));
    expect((await c.states(uid(2)))[0]).toEqual(expect.objectContaining({ assignedByGroup: gid(1), state: 'Active' }));
    expect((await c.call('DELETE', `/groups/${gid(1)}/members/${uid(1)}/$ref`)).status).toBe(204);
    await c.waitProcessed(gid(1));
    expect(await c.states(uid(1))).toEqual([]);
    // a client removing a member who only had the group license is a real loss
    expect(c.sim.invariants().map((v) => v.userId)).toEqual([uid(1)]);
    expect(c.sim.invariants()[0].cause).toContain('DELETE /groups/{id}/members/{id}/$ref');
    expect((await c.call('DELETE', `/groups/${gid(1)}/members/${uid(1)}/$ref`)).status).toBe(404);
    // transitiveMembers includes the nested group's user; members does not
    const direct = (await c.get(`/groups/${gid(1)}/members?$select=id`)).body.value.map((x: { id: string }) => x.id);
    const trans = (await c.get(`/groups/${gid(1)}/transitiveMembers?$select=id`)).body.value.map((x: { id: string }) => x.id);
    expect(direct.sort()).toEqual([gid(2), uid(2)].sort());
    expect(trans.sort()).toEqual([gid(2), uid(2), uid(4)].sort());
  });

  test('members: $ref 204 / 400 duplicate / 404 missing; members@odata.bind max 20 and atomic', async () => {
    c = await start(
      fixture({ users: users(range(1, 25).map((n) => ({ n }))), groups: [{ id: gid(1), displayName: 'G', members: [uid(1)] }] }),
    );
    const dup = await c.post(`/groups/${gid(1)}/members/$ref`, { '@odata.id': `${G}/${uid(1)}` });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toBe(
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
    expect((await c.post(`/groups/${gid(1)}/members/$ref`, { '@odata.id': `${G}/${uid(99)}` })).status).toBe(404);
    expect((await c.post(`/groups/${gid(1)}/members/$ref`, {})).status).toBe(400);
    const tooMany = await c.call('PATCH', `/groups/${gid(1)}`, { 'members@odata.bind': range(2, 22).map((n) => `${G}/${uid(n)}`) });
    expect(tooMany.status).toBe(400);
    const partlyBad = await c.call('PATCH', `/groups/${gid(1)}`, { 'members@odata.bind': [`${G}/${uid(2)}`, `${G}/${uid(99)}`] });
    expect(partlyBad.status).toBe(404);
    const withDup = await c.call('PATCH', `/groups/${gid(1)}`, { 'members@odata.bind': [`${G}/${uid(2)}`, `${G}/${uid(1)}`] });
    expect(withDup.status).toBe(400);
    expect((await c.get(`/groups/${gid(1)}/members?$select=id`)).body.value).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: uid(1) },
    ]);
    const ok = await c.call('PATCH', `/groups/${gid(1)}`, { 'members@odata.bind': range(2, 21).map((n) => `${G}/${uid(n)}`) });
    expect(ok.status).toBe(204);
    expect((await c.all(`/groups/${gid(1)}/members?$select=id&$top=7`)).items).toHaveLength(21);
  });

  test('members paging: default 100, $top ≤ 999, user cast, licenseAssignmentStates selectable', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(300)],
        users: users(range(1, 250).map((n) => ({ n, direct: [{ skuId: E3 }] }))),
        groups: [
          { id: gid(1), displayName: 'G', members: [...range(1, 250).map(uid), gid(2)] },
          { id: gid(2), displayName: 'Child' },
        ],
      }),
    );
    const first = await c.get(`/groups/${gid(1)}/members`);
    expect(first.body.value).toHaveLength(100);
    expect(first.body.value[0]).toEqual(
      expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: uid(1), userPrincipalName: 'user1@contoso.example' }),
    );
    expect(first.body.value[0].licenseAssignmentStates).toBeUndefined();
    expect(first.body['@odata.nextLink']).toContain('$skiptoken=');
    const all = await c.all(`/groups/${gid(1)}/members?$select=id,licenseAssignmentStates`);
    expect(all.pages).toBe(3);
    expect(all.items).toHaveLength(251);
    expect(new Set(all.items.map((x) => x.id)).size).toBe(251);
    expect(all.items.find((x) => x.id === gid(2))['@odata.type']).toBe('#microsoft.graph.group');
    expect(all.items[5].licenseAssignmentStates).toEqual([expect.objectContaining({ skuId: E3, assignedByGroup: null })]);
    const onlyUsers = await c.all(`/groups/${gid(1)}/members/microsoft.graph.user?$select=id&$top=999`);
    expect(onlyUsers.pages).toBe(1);
    expect(onlyUsers.items).toHaveLength(250);
    expect((await c.get(`/groups/${gid(1)}/members?$top=1000`)).status).toBe(400);
  });

  test('POST /groups creates a group; GET /groups filters by displayName', async () => {
    c = await start(fixture());
    const r = await c.post('/groups', {
      displayName: 'LIC-E3',
      mailEnabled: false,
      mailNickname: 'lic-e3',
      securityEnabled: true,
      'members@odata.bind': [`${G}/${uid(1)}`],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual(expect.objectContaining({ displayName: 'LIC-E3', securityEnabled: true, mailEnabled: false, groupTypes: [] }));
    const found = await c.get(`/groups?$filter=displayName eq 'LIC-E3'&$select=id,displayName`);
    expect(found.body.value).toEqual([{ id: r.body.id, displayName: 'LIC-E3' }]);
    expect((await c.get(`/groups/${r.body.id}/members?$select=id`)).body.value.map((x: { id: string }) => x.id)).toEqual([uid(1)]);
    expect((await c.post('/groups', { mailNickname: 'x' })).status).toBe(400);
    const plain = (await c.get(`/groups/${r.body.id}`)).body;
    expect(plain.assignedLicenses).toBeUndefined();
    expect(plain.licenseProcessingState).toBeUndefined();
  });

  test('a group with licenses cannot be deleted; after removing them (and processing) it can', async () => {
    c = await start(
      fixture({
        users: users([{ n: 1 }]),
        groups: [{ id: gid(1), displayName: 'Licensed', members: [uid(1)], assignedLicenses: [{ skuId: E3 }] }],
      }),
    );
    await c.waitProcessed(gid(1));
    const refused = await c.call('DELETE', `/groups/${gid(1)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('has licenses assigned');
    expect((await c.assignGroup(gid(1), [], [E3])).status).toBe(202);
    await c.waitProcessed(gid(1));
    expect(await c.states(uid(1))).toEqual([]);
    expect((await c.call('DELETE', `/groups/${gid(1)}`)).status).toBe(204);
    expect((await c.get(`/groups/${gid(1)}`)).status).toBe(404);
    expect((await c.call('DELETE', `/groups/${gid(1)}`)).status).toBe(404);
  });

  test('member paging does not skip anyone when earlier members are removed between pages', async () => {
    c = await start(
      fixture({
        users: users(range(1, 30).map((n) => ({ n }))),
        groups: [{ id: gid(1), displayName: 'G', members: range(1, 30).map(uid) }],
      }),
    );
    const first = await c.get(`/groups/${gid(1)}/members?$select=id&$top=10`);
    const seen = first.body.value.map((x: { id: string }) => x.id);
    for (const id of seen.slice(0, 5)) expect((await c.call('DELETE', `/groups/${gid(1)}/members/${id}/$ref`)).status).toBe(204);
    const rest = await c.all(first.body['@odata.nextLink']);
    expect(rest.items.map((x) => x.id)).toEqual(range(11, 30).map(uid));
  });

  test('leaving the group that provides a prerequisite is blocked by DependencyViolation', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(10), addonSku(10)],
        users: users([{ n: 1 }]),
        groups: [
          { id: gid(1), displayName: 'E3', members: [uid(1)], assignedLicenses: [{ skuId: E3 }] },
          { id: gid(2), displayName: 'Add-on', members: [uid(1)] },
        ],
      }),
    );
    await c.waitProcessed(gid(1));
    await c.assignGroup(gid(2), [{ skuId: ADDON }]);
    await c.waitProcessed(gid(2));
    expect((await c.states(uid(1))).every((s) => s.state === 'Active')).toBe(true);
    expect((await c.call('DELETE', `/groups/${gid(1)}/members/${uid(1)}/$ref`)).status).toBe(204);
    await c.waitProcessed(gid(1));
    const e3 = (await c.states(uid(1))).find((s) => s.skuId === E3);
    expect(e3).toEqual(expect.objectContaining({ assignedByGroup: gid(1), state: 'ActiveWithError', error: 'DependencyViolation' }));
    expect(await c.enabledPlans(uid(1), E3)).toContain(P.TEAMS1);
    expect(c.sim.invariants()).toEqual([]);
  });
});
