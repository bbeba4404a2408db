import { Client, E3, e3Sku, exchangeSku, EXS, fixture, gid, P, range, start, uid, users } from '../support/simClient';

// Five users with E3 directly, all members of a group that assigns E3: a migration in miniature.
const licensedGroup = (delayMs: number) =>
  fixture({
    users: users(range(1, 5).map((n) => ({ n, direct: [{ skuId: E3 }] }))),
    groups: [{ id: gid(1), displayName: 'Licensing', members: range(1, 5).map(uid), assignedLicenses: [{ skuId: E3 }] }],
    behaviour: { groupProcessingDelayMs: delayMs },
  });

describe('invariant monitor: a loss that group processing causes after the client removed the direct path', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('a removal while a leave is still pending is reported once processing takes the license, with the timeline', async () => {
    c = await start(licensedGroup(300));
    await c.waitProcessed(gid(1));
    expect((await c.post(`/_sim/users/${uid(1)}/mutate`, { removeFromGroup: gid(1) })).status).toBe(200);
    // The group path still reads Active: the leave is queued, not applied.
    expect((await c.states(uid(1))).some((s) => s.assignedByGroup === gid(1) && s.state === 'Active')).toBe(true);
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    expect(c.sim.invariants()).toEqual([]);
    await c.waitProcessed(gid(1));
    const [v, ...rest] = (await c.get('/_sim/invariants')).body.violations;
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ userId: uid(1), skuId: E3, kind: 'afterProcessing', cause: 'POST /users/{id}/assignLicense' });
    expect(v.lostPlans.map((p: { servicePlanId: string }) => p.servicePlanId).sort()).toEqual(
      Object.values(P)
        .filter((id) => [P.EXCHANGE_S_ENTERPRISE, P.SHAREPOINTENTERPRISE, P.TEAMS1, P.FORMS_PLAN_E3].includes(id))
        .sort(),
    );
    expect(v.timeline.map((e: { event: string }) => e.event)).toEqual([
      `group ${gid(1)} queued for license processing`,
      'direct assignment removed while that processing was pending',
      'services lost',
    ]);
    expect(v.timeline[0].cause).toContain('test hook');
  });

  test('a group license reduced by someone else while queued: every removal before processing is reported', async () => {
    c = await start(licensedGroup(300));
    await c.waitProcessed(gid(1));
    const r = await c.post(`/_sim/groups/${gid(1)}/mutate`, {
      assignLicense: { addLicenses: [{ skuId: E3, disabledPlans: [P.EXCHANGE_S_ENTERPRISE] }], removeLicenses: [] },
    });
    expect(r.status).toBe(200);
    for (const n of [1, 2]) expect((await c.assignUser(uid(n), [], [E3])).status).toBe(200);
    await c.waitProcessed(gid(1));
    const violations = (await c.get('/_sim/invariants')).body.violations;
    expect(violations.map((v: { userId: string }) => v.userId).sort()).toEqual([uid(1), uid(2)]);
    for (const v of violations)
      expect(v.lostPlans).toEqual([{ servicePlanId: P.EXCHANGE_S_ENTERPRISE, servicePlanName: 'EXCHANGE_S_ENTERPRISE' }]);
  });

  test('nothing is reported when the direct path is back before processing, or when the leave came after the removal', async () => {
    c = await start(licensedGroup(300));
    await c.waitProcessed(gid(1));
    await c.post(`/_sim/users/${uid(1)}/mutate`, { removeFromGroup: gid(1) });
    await c.assignUser(uid(1), [], [E3]);
    expect((await c.assignUser(uid(1), [{ skuId: E3 }])).status).toBe(200);
    // A leaver after a removal made with nothing pending is the automation's decision, not the client's.
    await c.assignUser(uid(2), [], [E3]);
    await c.post(`/_sim/users/${uid(2)}/mutate`, { removeFromGroup: gid(1) });
    await c.waitProcessed(gid(1));
    expect(await c.states(uid(2))).toEqual([]);
    expect((await c.get('/_sim/invariants')).body.violations).toEqual([]);
  });
});

describe('control-plane triggers', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('script a change right before a request, an uncertain answer after applying it, and count matches', async () => {
    c = await start(licensedGroup(50));
    await c.waitProcessed(gid(1));
    const t = await c.post('/_sim/triggers', {
      method: 'post',
      path: `/users/${uid(1)}/assignLicense`,
      before: [{ user: uid(2), removeFromGroup: gid(1) }],
      respond: { status: 504, applied: true },
    });
    expect(t.status).toBe(201);
    const removal = await c.assignUser(uid(1), [], [E3]);
    expect(removal.status).toBe(504);
    expect(removal.body.error.code).toBe('GatewayTimeout');
    expect((await c.states(uid(1))).some((s) => s.assignedByGroup === null)).toBe(false);
    expect((await c.get(`/users/${uid(2)}/memberOf`)).body.value).toEqual([]);
    const listed = (await c.get('/_sim/triggers')).body;
    expect(listed.triggers).toEqual([]);
    expect(listed.spent).toEqual([expect.objectContaining({ id: t.body.id, fired: 1, errors: [] })]);
  });

  test('an unapplied 502 inside $batch, and skip lets the first matches through', async () => {
    c = await start(licensedGroup(50));
    await c.waitProcessed(gid(1));
    await c.post('/_sim/triggers', {
      method: 'GET',
      path: `/users/${uid(3)}`,
      skip: 1,
      times: 2,
      respond: { status: 502, applied: false },
    });
    const read = () => c.post('/$batch', { requests: [{ id: '1', method: 'GET', url: `/users/${uid(3)}?$select=id` }] });
    expect((await read()).body.responses[0].status).toBe(200);
    expect((await read()).body.responses[0].status).toBe(502);
    expect((await read()).body.responses[0].status).toBe(502);
    expect((await read()).body.responses[0].status).toBe(200);
    expect((await c.call('DELETE', '/_sim/triggers')).status).toBe(204);
    expect((await c.get('/_sim/triggers')).body).toEqual({ triggers: [], spent: [] });
  });

  test('bad trigger and hook bodies are refused with the reason and register or change nothing', async () => {
    c = await start(licensedGroup(50));
    const bad: [unknown, RegExp][] = [
      [{ method: 'PUT', path: '/users' }, /'method' must be/],
      [{ method: 'GET', path: 'users' }, /'path' must be a Graph path/],
      [{ method: 'GET', path: '/v1.0/users' }, /'path' must be a Graph path/],
      [{ method: 'GET', path: '/users', times: 0 }, /'times'/],
      [{ method: 'GET', path: '/users', respond: { status: 500, applied: true } }, /'respond.status' must be one of 502, 503, 504/],
      [{ method: 'GET', path: '/users', respond: { status: 504 } }, /'respond.applied'/],
      [{ method: 'GET', path: '/users', before: [{ removeFromGroup: gid(1) }] }, /needs either 'user' or 'group'/],
      [{ method: 'GET', path: '/users', surprise: 1 }, /Unknown trigger field 'surprise'/],
    ];
    for (const [body, message] of bad) {
      const r = await c.post('/_sim/triggers', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(message);
    }
    const unknownUser = await c.post('/_sim/triggers', {
      method: 'GET',
      path: '/users',
      before: [{ user: uid(99), removeFromGroup: gid(1) }],
    });
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body.error.message).toMatch(/does not exist/);
    expect((await c.get('/_sim/triggers')).body.triggers).toEqual([]);
    const hook = await c.post(`/_sim/groups/${gid(1)}/mutate`, { rename: 'x' });
    expect(hook.status).toBe(400);
    expect(hook.body.error.message).toMatch(/supported: assignLicense/);
    expect((await c.post(`/_sim/groups/${gid(9)}/mutate`, { assignLicense: { addLicenses: [], removeLicenses: [] } })).status).toBe(404);
    expect((await c.get(`/groups/${gid(1)}?$select=assignedLicenses`)).body.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
  });
});

describe('GET /users/{id}/memberOf', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('lists direct group memberships with $select, and refuses a filter (an advanced query elsewhere)', async () => {
    c = await start(licensedGroup(50));
    const all = await c.get(`/users/${uid(1)}/memberOf`);
    expect(all.status).toBe(200);
    expect(all.body.value).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.group', id: gid(1), displayName: 'Licensing' }),
    ]);
    const ids = await c.get(`/users/${uid(1)}/memberOf?$select=id`);
    expect(ids.body.value).toEqual([{ '@odata.type': '#microsoft.graph.group', id: gid(1) }]);
    expect((await c.get(`/users/${uid(1)}/memberOf/microsoft.graph.group`)).status).toBe(400);
    expect((await c.get(`/users/${uid(1)}/memberOf?$filter=id eq '${gid(1)}'`)).status).toBe(400);
    expect((await c.get(`/users/${uid(42)}/memberOf`)).status).toBe(404);
  });
});

describe('removal accounting for "at most once" checks', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('counts client removals per user, a repeat after a re-assignment, and a removal with nothing to remove', async () => {
    c = await start(licensedGroup(50));
    await c.waitProcessed(gid(1));
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    expect((await c.assignUser(uid(2), [], [E3])).status).toBe(200);
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(400);
    expect((await c.get('/_sim/removals')).body).toEqual({
      applied: 2,
      users: 2,
      writes: 2,
      bySku: { [E3]: 2 },
      repeated: [],
      refusedNotAssigned: 1,
    });
    expect((await c.assignUser(uid(1), [{ skuId: E3 }], [])).status).toBe(200);
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    expect((await c.get('/_sim/removals')).body).toMatchObject({
      applied: 3,
      users: 2,
      writes: 3,
      repeated: [{ userId: uid(1), skuId: E3, count: 2 }],
    });
  });

  test('counts a write that removes two products as two removals, and only a product removed again as repeated', async () => {
    // Users 1-3 hold E3 and Exchange Online directly; the group carries both.
    c = await start(
      fixture({
        skus: [e3Sku(10), exchangeSku(10)],
        users: users(range(1, 3).map((n) => ({ n, direct: [{ skuId: E3 }, { skuId: EXS }] }))),
        groups: [
          {
            id: gid(1),
            displayName: 'Licensing',
            members: range(1, 3).map(uid),
            assignedLicenses: [{ skuId: E3 }, { skuId: EXS }],
          },
        ],
      }),
    );
    await c.waitProcessed(gid(1));
    // One write each: user 1 both products, user 2 E3 now and Exchange later, which is no repeat.
    expect((await c.assignUser(uid(1), [], [E3, EXS])).status).toBe(200);
    expect((await c.assignUser(uid(2), [], [E3])).status).toBe(200);
    expect((await c.assignUser(uid(2), [], [EXS])).status).toBe(200);
    // All or nothing: Exchange is gone, so the write taking both again removes neither and counts as refused.
    expect((await c.assignUser(uid(1), [], [E3, EXS])).status).toBe(400);
    expect((await c.get('/_sim/removals')).body).toEqual({
      applied: 4,
      users: 2,
      writes: 3,
      bySku: { [E3]: 2, [EXS]: 2 },
      repeated: [],
      refusedNotAssigned: 1,
    });
    // Exchange given back directly and removed again with E3 still there: that product is removed twice.
    expect((await c.assignUser(uid(3), [], [EXS])).status).toBe(200);
    expect((await c.assignUser(uid(3), [{ skuId: EXS }], [])).status).toBe(200);
    expect((await c.assignUser(uid(3), [], [E3, EXS])).status).toBe(200);
    expect((await c.get('/_sim/removals')).body).toMatchObject({
      applied: 7,
      users: 3,
      writes: 5,
      repeated: [{ userId: uid(3), skuId: EXS, count: 2 }],
    });
  });
});
