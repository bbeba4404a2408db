import { Client, E3, fixture, gid, range, start, uid, users } from '../support/simClient';

const EV = { ConsistencyLevel: 'eventual' };

describe('users: $select, paging, $filter, advanced queries', () => {
  let c: Client;
  beforeAll(async () => {
    c = await start(
      fixture({
        skus: [
          {
            skuId: E3,
            skuPartNumber: 'ENTERPRISEPACK',
            prepaidUnits: { enabled: 100 },
            servicePlans: [{ servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' }],
          },
        ],
        users: users(range(1, 30).map((n) => ({ n, direct: n <= 22 ? [{ skuId: E3 }] : [], loc: n === 30 ? null : 'NL' }))),
        groups: [{ id: gid(1), displayName: 'G', members: [uid(1)] }],
      }),
    );
  });
  afterAll(() => c.sim.close());

  test('without $select: Graph default property set, no license properties', async () => {
    const u = (await c.get(`/users/${uid(1)}`)).body;
    expect(u).toEqual(
      expect.objectContaining({ id: uid(1), userPrincipalName: 'user1@contoso.example', displayName: 'User 1', businessPhones: [] }),
    );
    expect(u['@odata.context']).toContain('$metadata#users');
    expect(u.assignedLicenses).toBeUndefined();
    expect(u.licenseAssignmentStates).toBeUndefined();
    expect(u.usageLocation).toBeUndefined();
  });

  test('$select returns exactly the selected properties; unknown property is 400', async () => {
    const u = (await c.get(`/users/${uid(1)}?$select=id,usageLocation,assignedLicenses`)).body;
    const { '@odata.context': _ctx, ...rest } = u;
    expect(rest).toEqual({ id: uid(1), usageLocation: 'NL', assignedLicenses: [{ skuId: E3, disabledPlans: [] }] });
    const bad = await c.get(`/users/${uid(1)}?$select=id,nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("'nonsense'");
  });

  test('$top paging with @odata.nextLink, no duplicates, last page has no link; $top limits', async () => {
    const all = await c.all('/users?$select=id&$top=7');
    expect(all.pages).toBe(5);
    expect(new Set(all.items.map((x) => x.id)).size).toBe(30);
    expect((await c.get('/users?$select=id')).body.value).toHaveLength(30);
    expect((await c.get('/users?$top=1000')).status).toBe(400);
    expect((await c.get('/users?$top=0')).status).toBe(400);
    expect((await c.get('/users?$top=999')).status).toBe(200);
    expect((await c.get('/users?$skiptoken=garbage')).status).toBe(400);
  });

  test('plain assignedLicenses/any filter works with or without advanced headers', async () => {
    const f = `/users?$filter=assignedLicenses/any(x:x/skuId eq ${E3})&$select=id`;
    expect((await c.all(`${f}&$top=5`)).items).toHaveLength(22);
    const adv = await c.get(`${f}&$count=true&$top=999`, EV);
    expect(adv.body.value).toHaveLength(22);
    expect(adv.body['@odata.count']).toBe(22);
  });

  test('not / ne / $count need ConsistencyLevel: eventual and $count=true, else 400 Unsupported query', async () => {
    const not = `/users?$filter=not(assignedLicenses/any(x:x/skuId eq ${E3}))&$select=id`;
    const r1 = await c.get(not);
    expect(r1.status).toBe(400);
    expect(r1.body.error.message).toBe('Unsupported query.');
    expect((await c.get(`${not}&$count=true`)).status).toBe(400);
    expect((await c.get(not, EV)).status).toBe(400);
    const ok = await c.get(`${not}&$count=true`, EV);
    expect(ok.status).toBe(200);
    expect(ok.body['@odata.count']).toBe(8);
    expect(ok.body.value.map((x: { id: string }) => x.id)).toEqual(range(23, 30).map(uid));
    const zero = await c.get('/users?$filter=assignedLicenses/$count eq 0&$select=id&$count=true', EV);
    expect(zero.body['@odata.count']).toBe(8);
    expect((await c.get('/users?$filter=assignedLicenses/$count eq 0&$select=id')).status).toBe(400);
    const ne = await c.get("/users?$filter=usageLocation ne 'NL'&$select=id&$count=true", EV);
    expect(ne.body.value).toEqual([{ id: uid(30) }]);
    expect((await c.get("/users?$filter=usageLocation ne 'NL'")).status).toBe(400);
    expect((await c.get('/users?$count=true&$top=1', EV)).body['@odata.count']).toBe(30);
  });

  test('basic filters on plain properties and a malformed filter', async () => {
    expect((await c.get("/users?$filter=userPrincipalName eq 'USER3@contoso.example'&$select=id")).body.value).toEqual([{ id: uid(3) }]);
    expect((await c.get("/users?$filter=startswith(displayName,'User 2')&$select=id")).body.value).toHaveLength(11);
    expect((await c.get('/users?$filter=assignedLicenses/any(x:x/skuId eq')).status).toBe(400);
    expect((await c.get("/users?$filter=nonsense eq 'x'")).status).toBe(400);
  });

  test('advanced filter paging keeps the filter and the count on every page', async () => {
    const all = await c.all(`/users?$filter=not(assignedLicenses/any(x:x/skuId eq ${E3}))&$select=id&$count=true&$top=3`, EV);
    expect(all.pages).toBe(3);
    expect(all.items).toHaveLength(8);
  });

  test('unknown users and segments', async () => {
    const r = await c.get(`/users/${uid(999)}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('Request_ResourceNotFound');
    expect((await c.get('/nothing')).status).toBe(400);
    expect((await c.call('DELETE', `/users/${uid(1)}`)).status).toBe(405);
  });
});
