import { loadConfig } from '../../src/config';
import { createLicensingGraph } from '../../src/graph';
import { componentOptions } from '../../src/components';
import { GraphRequestError } from '../../src/graph/types';
import { collect, startHarness, type Harness } from '../support/graphHarness';
import { E3, EMPTY, EVERYONE, NESTED, PILOT, SALES, SCARCE, largeTenant, smallTenant, u } from '../support/graphFixture';

describe('LicensingGraph reads against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(smallTenant());
  });
  afterAll(async () => h?.close());

  it('should list the tenant SKUs with units and service plans', async () => {
    const skus = await h.graph.listSkus();
    const e3 = skus.find((s) => s.skuId === E3);
    expect(e3).toMatchObject({ skuPartNumber: 'ENTERPRISEPACK', prepaidUnits: { enabled: 100 } });
    expect(e3?.servicePlans.map((p) => p.servicePlanName)).toContain('TEAMS1');
    expect(skus.find((s) => s.skuId === SCARCE)?.consumedUnits).toBe(1);
  });

  it('should page users holding a SKU with $select, $filter, $count and ConsistencyLevel: eventual', async () => {
    h.sent.length = 0;
    const pages = await collect(h.graph.usersWithSku(E3));
    const users = pages.flat();
    // u1-u4 directly, u5 through Pilot once processing has run.
    expect(users.map((x) => x.id)).toEqual(expect.arrayContaining([u(1), u(2), u(3), u(4)]));
    const u1 = users.find((x) => x.id === u(1));
    expect(u1?.licenseAssignmentStates).toEqual([
      expect.objectContaining({ skuId: E3, assignedByGroup: null, disabledPlans: [expect.any(String)] }),
    ]);
    const req = h.sent.find((s) => s.url.includes('/users?'));
    expect(req).toBeDefined();
    const url = new URL(req!.url);
    expect(url.searchParams.get('$filter')).toBe(`assignedLicenses/any(x:x/skuId eq ${E3})`);
    expect(url.searchParams.get('$count')).toBe('true');
    expect(url.searchParams.get('$top')).toBe('999');
    expect(url.searchParams.get('$select')?.split(',')).toEqual(
      expect.arrayContaining(['assignedLicenses', 'licenseAssignmentStates', 'usageLocation']),
    );
    expect(req!.headers.consistencylevel).toBe('eventual');
  });

  it('should be built from the environment configuration, with no token for the http simulator', async () => {
    const config = loadConfig({ GRAPH_BASE_URL: h.graphUrl, GRAPH_CONCURRENCY: '2' });
    expect(config).toMatchObject({ graphAuth: 'none', graphSimulated: true });
    const graph = createLicensingGraph(componentOptions(config).graph);
    expect((await graph.getUser(u(1)))?.id).toBe(u(1));
  });

  it('should refuse a SKU id that is not a GUID before sending anything', async () => {
    h.sent.length = 0;
    await expect(collect(h.graph.usersWithSku('ENTERPRISEPACK'))).rejects.toThrow(/not a valid GUID/);
    expect(h.sent).toHaveLength(0);
  });

  it('should read one user by id or by userPrincipalName, and give null for an unknown one', async () => {
    expect((await h.graph.getUser(u(4)))?.userPrincipalName).toBe('user4@contoso.example');
    const byUpn = await h.graph.getUser("o'brien@contoso.example");
    expect(byUpn).toMatchObject({ id: u(6), usageLocation: null, assignedLicenses: [] });
    expect(await h.graph.getUser(u(999))).toBeNull();
  });

  it('should read many users through $batch with one result per id, a missing one as notFound', async () => {
    h.sent.length = 0;
    const ids = [...Array.from({ length: 45 }, (_, i) => u(i + 1)), u(999)];
    const results = await h.graph.getUsers(ids);
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(results.filter((r) => r.ok)).toHaveLength(45);
    const missing = results[45];
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.failure.kind).toBe('notFound');
    const first = results[0];
    if (first.ok) expect(first.value.assignedLicenses[0]?.skuId).toBe(E3);
    // 46 reads in chunks of at most 20.
    expect(h.sent.filter((s) => s.url.endsWith('/$batch'))).toHaveLength(3);
  });

  it('should list direct members as users with license data, nested groups as groups', async () => {
    const members = (await collect(h.graph.groupMembers(SALES))).flat();
    expect(
      members
        .filter((m) => m.kind === 'user')
        .map((m) => m.id)
        .sort(),
    ).toEqual([u(1), u(2), u(3)]);
    expect(members.find((m) => m.kind === 'group')).toMatchObject({ id: NESTED, kind: 'group' });
    const u1 = members.find((m) => m.id === u(1));
    expect(u1?.kind === 'user' && u1.assignedLicenses[0]?.skuId).toBe(E3);
    expect((await collect(h.graph.groupMembers(EMPTY))).flat()).toEqual([]);
  });

  it('should find groups by display name (quotes included) or id, and read one group', async () => {
    expect((await h.graph.findGroups('Sales')).map((x) => x.id)).toEqual([SALES]);
    expect((await h.graph.findGroups("Sales' nested")).map((x) => x.id)).toEqual([NESTED]);
    expect((await h.graph.findGroups(PILOT)).map((x) => x.displayName)).toEqual(['Pilot']);
    expect(await h.graph.findGroups('No such group')).toEqual([]);
    const pilot = await h.graph.getGroup(PILOT);
    expect(pilot).toMatchObject({ securityEnabled: true, mailEnabled: false, assignedLicenses: [{ skuId: E3, disabledPlans: [] }] });
    expect(await h.graph.getGroup('00000000-0000-0034-0000-0000000000ff')).toBeNull();
  });

  it('should surface a refused whole call as GraphRequestError with a named kind', async () => {
    const err = await collect(h.graph.groupMembers('00000000-0000-0034-0000-0000000000ff')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).failure.kind).toBe('notFound');
  });
});

describe('LicensingGraph paging beyond one page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(largeTenant(2500));
  });
  afterAll(async () => h?.close());

  it('should follow @odata.nextLink through pages of 999 with the advanced-query header on every page', async () => {
    h.sent.length = 0;
    const pages = await collect(h.graph.usersWithSku(E3));
    expect(pages.map((p) => p.length)).toEqual([999, 999, 502]);
    const ids = new Set(pages.flat().map((x) => x.id));
    expect(ids.size).toBe(2500);
    const userReads = h.sent.filter((s) => new URL(s.url).pathname.endsWith('/users'));
    expect(userReads).toHaveLength(3);
    for (const r of userReads) expect(r.headers.consistencylevel).toBe('eventual');
  });

  it('should ask for the next page while the caller still works on this one, and for no page more', async () => {
    h.sent.length = 0;
    const memberReads = () => h.sent.filter((s) => new URL(s.url).pathname.endsWith('/members')).length;
    const it = h.graph.groupMembers(EVERYONE)[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toHaveLength(999);
    // The caller has not asked for the second page, yet it is already on its way.
    for (let i = 0; i < 100 && memberReads() < 2; i++) await new Promise((r) => setImmediate(r));
    expect(memberReads()).toBe(2);
    const rest: number[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value.length);
    expect(rest).toEqual([999, 502]);
    expect(memberReads()).toBe(3);
  });

  it('should count the holders of a SKU in one request, as many as paging through them finds', async () => {
    h.sent.length = 0;
    expect(await h.graph.countUsersWithSku(E3)).toBe(2500);
    expect(h.sent).toHaveLength(1);
    const url = new URL(h.sent[0].url);
    expect(url.searchParams.get('$count')).toBe('true');
    expect(url.searchParams.get('$top')).toBe('1');
    expect(h.sent[0].headers.consistencylevel).toBe('eventual');
    expect(await h.graph.countUsersWithSku('00000000-0000-0000-0000-0000000000ff')).toBe(0);
  });
});
