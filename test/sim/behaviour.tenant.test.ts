import { spawn } from 'node:child_process';
import path from 'node:path';
import { FixtureError, generatedUserId, loadFixture, startSimulator } from '../../src/sim';
import { Client, E3, e3Sku, fixture, gid, P, range, sleep, start, uid, users } from '../support/simClient';

describe('directory audit log', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('records license, membership and group processing activity with Entra actors; filters and pages', async () => {
    c = await start(
      fixture({ users: users([{ n: 1, direct: [{ skuId: E3 }] }, { n: 2 }]), groups: [{ id: gid(1), displayName: 'Licensed' }] }),
    );
    const t0 = new Date().toISOString();
    await c.post(`/groups/${gid(1)}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${uid(1)}` });
    await c.assignGroup(gid(1), [{ skuId: E3 }]);
    await c.waitProcessed(gid(1));
    await c.assignUser(uid(1), [], [E3]);
    await c.call('DELETE', `/groups/${gid(1)}/members/${uid(1)}/$ref`);
    await c.waitProcessed(gid(1));
    const all = (await c.all('/auditLogs/directoryAudits')).items;
    const names = new Set(all.map((r) => r.activityDisplayName));
    for (const a of [
      'Change user license',
      'Update user',
      'Set group license',
      'Start applying group based license to users',
      'Finish applying group based license to users',
      'Add member to group',
      'Remove member from group',
    ])
      expect(names).toContain(a);
    const finish = all.find((r) => r.activityDisplayName === 'Finish applying group based license to users');
    expect(finish.initiatedBy.app.displayName).toBe('Microsoft Entra Group-Based Licensing');
    expect(finish.targetResources[0].modifiedProperties[0].newValue).toBe(
      '[Users successfully assigned licenses: 1, Users for whom license assignment failed: 0.]',
    );
    const changes = all.filter((r) => r.activityDisplayName === 'Change user license');
    expect(changes.some((r) => r.initiatedBy.app.displayName === 'Microsoft Entra Group-Based Licensing')).toBe(true);
    expect(changes.some((r) => r.initiatedBy.app.displayName !== 'Microsoft Entra Group-Based Licensing')).toBe(true);
    expect(changes[0]).toEqual(
      expect.objectContaining({
        category: 'UserManagement',
        loggedByService: 'Core Directory',
        result: 'success',
        id: expect.any(String),
        activityDateTime: expect.any(String),
      }),
    );
    const filtered = await c.get(
      `/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Change user license' and activityDateTime ge ${t0}`,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.value).toHaveLength(changes.length);
    const future = await c.get(`/auditLogs/directoryAudits?$filter=activityDateTime ge 2999-01-01T00:00:00Z`);
    expect(future.body.value).toEqual([]);
    const past = await c.get(`/auditLogs/directoryAudits?$filter=activityDateTime le 2000-01-01T00:00:00Z`);
    expect(past.body.value).toEqual([]);
    const byTarget = await c.get(`/auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '${uid(1)}')`);
    expect(byTarget.body.value.length).toBeGreaterThan(0);
    const paged = await c.all('/auditLogs/directoryAudits?$top=2');
    expect(paged.items).toHaveLength(all.length);
    expect(paged.pages).toBe(Math.ceil(all.length / 2));
  });

  test('a read of the events since a time pages through exactly those, in either order, however many came before', async () => {
    c = await start(fixture({ users: users(range(1, 8).map((n) => ({ n }))) }));
    for (let n = 1; n <= 5; n++) await c.assignUser(uid(n), [{ skuId: E3 }]);
    await sleep(20);
    const since = new Date().toISOString();
    await sleep(5);
    for (let n = 6; n <= 8; n++) await c.assignUser(uid(n), [{ skuId: E3 }]);
    const all = (await c.all('/auditLogs/directoryAudits')).items;
    const newer = all.filter((r) => r.activityDateTime >= since);
    // Two records per license change (the license, and the user updated), newest first.
    expect(newer.map((r) => r.targetResources[0].id)).toEqual(
      range(6, 8)
        .reverse()
        .flatMap((n) => [uid(n), uid(n)]),
    );
    const paged = await c.all(`/auditLogs/directoryAudits?$top=2&$filter=activityDateTime ge ${since}`);
    expect(paged.items).toEqual(newer);
    expect(paged.pages).toBe(3);
    const ascending = await c.all(`/auditLogs/directoryAudits?$top=2&$orderby=activityDateTime asc&$filter=activityDateTime ge ${since}`);
    expect(ascending.items).toEqual([...newer].reverse());
    const older = await c.all(`/auditLogs/directoryAudits?$filter=activityDateTime lt ${since}`);
    expect(older.items).toHaveLength(all.length - newer.length);
  });

  test('records become visible only after auditLogDelayMs', async () => {
    c = await start(fixture({ users: users([{ n: 1 }]) }), { auditLogDelayMs: 150 });
    await c.assignUser(uid(1), [{ skuId: E3 }]);
    expect((await c.get("/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Change user license'")).body.value).toEqual([]);
    await sleep(200);
    expect((await c.get("/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Change user license'")).body.value).toHaveLength(1);
  });
});

describe('legacy automation and the test hook', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('joiners get a direct license and no group; leavers lose it; neither is a violation; switchable at run time', async () => {
    c = await start(
      fixture({
        skus: [e3Sku(100)],
        users: users(range(1, 10).map((n) => ({ n, direct: [{ skuId: E3 }] }))),
        groups: [
          { id: gid(1), displayName: 'All', members: range(1, 10).map(uid), assignedLicenses: [{ skuId: E3, disabledPlans: [P.TEAMS1] }] },
        ],
        automation: { intervalMs: 20, joinersPerTick: 2, leaversPerTick: 1, license: { skuId: E3, disabledPlans: [] } },
      }),
    );
    await c.waitProcessed(gid(1));
    await sleep(120);
    const off = (await c.post('/_sim/automation', { enabled: false })).body;
    expect(off.enabled).toBe(false);
    expect(off.joiners.length).toBeGreaterThanOrEqual(2);
    expect(off.leavers.length).toBeGreaterThanOrEqual(1);
    const j = off.joiners[0];
    expect(await c.states(j)).toEqual([expect.objectContaining({ skuId: E3, assignedByGroup: null, state: 'Active' })]);
    expect((await c.get(`/users/${j}?$select=id,userPrincipalName`)).body.userPrincipalName).toMatch(/^joiner1\./);
    const leaver = off.leavers[0];
    const ls = await c.states(leaver);
    expect(ls.some((s) => s.assignedByGroup === null)).toBe(false);
    // leavers lose TEAMS1 (the group path lacks it) but that is the automation's doing, not the client's
    expect(c.sim.invariants()).toEqual([]);
    const before = off.joiners.length;
    await sleep(60);
    expect((await c.get('/_sim/automation')).body.joiners.length).toBe(before);
    expect((await c.post('/_sim/automation', { enabled: true })).body.enabled).toBe(true);
    expect((await c.post('/_sim/automation', { enabled: 'yes' })).status).toBe(400);
  });

  test('automation cannot be enabled without configuration', async () => {
    c = await start(fixture());
    expect((await c.post('/_sim/automation', { enabled: true })).status).toBe(400);
  });

  test('mutate hook changes a user bypassing Graph rules, validates first, and is not a client violation', async () => {
    c = await start(
      fixture({
        users: users([{ n: 1, direct: [{ skuId: E3 }] }, { n: 2 }]),
        groups: [{ id: gid(1), displayName: 'G', members: [uid(1)], assignedLicenses: [{ skuId: E3 }] }],
      }),
    );
    await c.waitProcessed(gid(1));
    expect((await c.post(`/_sim/users/${uid(2)}/mutate`, { usageLocation: null, setDirect: { skuId: E3 } })).status).toBe(200);
    expect(await c.states(uid(2))).toHaveLength(1);
    expect((await c.get(`/users/${uid(2)}?$select=usageLocation`)).body.usageLocation).toBeNull();
    expect((await c.post(`/_sim/users/${uid(1)}/mutate`, { removeFromGroup: gid(1) })).status).toBe(200);
    await c.waitProcessed(gid(1));
    expect((await c.states(uid(1))).map((s) => s.assignedByGroup)).toEqual([null]);
    expect((await c.post(`/_sim/users/${uid(1)}/mutate`, { removeFromGroup: gid(1) })).status).toBe(400);
    expect((await c.post(`/_sim/users/${uid(1)}/mutate`, { usageLocation: 'nl', removeDirect: E3 })).status).toBe(400);
    expect((await c.states(uid(1))).length).toBe(1);
    expect((await c.post(`/_sim/users/${uid(1)}/mutate`, { teleport: true })).status).toBe(400);
    expect(c.sim.invariants()).toEqual([]);
    expect((await c.get('/_sim/health')).body).toEqual(expect.objectContaining({ status: 'ok', users: 2 }));
  });
});

describe('fixtures', () => {
  test('an invalid fixture is rejected with the path of the bad field', () => {
    const bad = fixture({ users: users([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4, loc: 'usa' }]) });
    expect(() => loadFixture(bad)).toThrow(FixtureError);
    expect(() => loadFixture(bad)).toThrow(/^users\[3\]\.usageLocation: /);
    expect(() => loadFixture({ ...fixture(), extra: 1 })).toThrow(FixtureError);
    expect(() => loadFixture(fixture({ groups: [{ id: gid(1), displayName: 'G', members: [uid(42)] }] }))).toThrow(
      /^groups\[0\]\.members\[0\]: no user or group/,
    );
    expect(() =>
      loadFixture(fixture({ users: users([{ n: 1, direct: [{ skuId: E3, disabledPlans: [P.EXCHANGE_S_STANDARD] }] }]) })),
    ).toThrow(/^users\[0\]\.assignedLicenses\[0\]\.disabledPlans\[0\]/);
    expect(() => loadFixture(fixture({ skus: [] }))).toThrow(/^skus: /);
    expect(() => loadFixture('/nonexistent/fixture.json')).toThrow(/cannot read fixture file/);
  });

  test('generate is deterministic and honours fractions', () => {
    const f = fixture({
      users: [],
      generate: {
        users: 1000,
        seed: 7,
        directLicenses: [{ skuId: E3 }],
        disabledPlanVariants: [{ skuId: E3, disabledPlans: [P.TEAMS1], fraction: 0.25 }],
        missingUsageLocationFraction: 0.1,
        usageLocations: ['US', 'NL'],
      },
    });
    const a = loadFixture(f);
    const b = loadFixture(f);
    expect(a.users).toEqual(b.users);
    expect(a.users).toHaveLength(1000);
    expect(a.users[0].id).toBe(generatedUserId(7, 1));
    const variant = a.users.filter((u) => u.assignedLicenses[0].disabledPlans.includes(P.TEAMS1)).length;
    expect(variant).toBeGreaterThan(180);
    expect(variant).toBeLessThan(320);
    const missing = a.users.filter((u) => u.usageLocation === null).length;
    expect(missing).toBeGreaterThan(50);
    expect(missing).toBeLessThan(150);
  });

  test('100,000 generated users load and page correctly through a licensed group', async () => {
    const sim = await startSimulator({
      quiet: true,
      fixture: fixture({
        skus: [e3Sku(200_000)],
        users: [],
        generate: { users: 100_000, directLicenses: [{ skuId: E3 }] },
        groups: [{ id: gid(1), displayName: 'All users', allGeneratedUsersAreMembers: true }],
      }),
    });
    try {
      const c = new Client(sim);
      expect(await c.consumed()).toBe(100_000);
      const page = await c.get(`/users?$select=id,licenseAssignmentStates&$top=999&$filter=assignedLicenses/any(x:x/skuId eq ${E3})`);
      expect(page.body.value).toHaveLength(999);
      const members = await c.all(`/groups/${gid(1)}/members/microsoft.graph.user?$select=id&$top=999`);
      expect(members.pages).toBe(101);
      expect(members.items).toHaveLength(100_000);
      expect(new Set(members.items.map((m) => m.id)).size).toBe(100_000);
      const last = await c.get(`/users/${generatedUserId(1, 100_000)}?$select=id,userPrincipalName`);
      expect(last.body.userPrincipalName).toBe('user100000@contoso.example');
    } finally {
      await sim.close();
    }
  }, 120_000);
});

describe('CLI', () => {
  const repo = path.resolve(__dirname, '../..');
  const run = (args: string[], untilListening = false) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), 'src/sim/cli.ts', ...args], { cwd: repo });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => {
        out += d;
        if (untilListening && out.includes('listening on')) p.kill('SIGTERM');
      });
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code, out, err }));
    });

  test('bad arguments and bad fixtures exit 2 with a message', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--fixture is required');
    const missing = await run(['--fixture', '/nonexistent.json', '--port', '0']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read fixture file');
    const port = await run(['--fixture', 'x.json', '--port', 'abc']);
    expect(port.code).toBe(2);
  }, 60_000);

  test('prints exactly "listening on http://127.0.0.1:<port>"', async () => {
    const shared = path.resolve(repo, '..', 'shared', 'conformance', 'fixtures', 'c3.json');
    const fs = await import('node:fs');
    if (!fs.existsSync(shared)) {
      console.log('skipping CLI listening test: ../shared/conformance/fixtures/c3.json is absent');
      return;
    }
    const r = await run(['--fixture', shared, '--port', '0'], true);
    expect(r.out.trim()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
  }, 60_000);
});
