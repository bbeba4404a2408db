import { Client, E3, fixture, range, start, uid, users } from '../support/simClient';

describe('$batch', () => {
  let c: Client;
  beforeEach(async () => {
    c = await start(fixture({ users: users(range(1, 5).map((n) => ({ n, direct: n <= 3 ? [{ skuId: E3 }] : [] }))) }));
  });
  afterEach(() => c.sim.close());

  test('per-item id, status, headers, body; inner requests counted in stats', async () => {
    const r = await c.post('/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${uid(1)}?$select=id,assignedLicenses` },
        {
          id: '2',
          method: 'POST',
          url: `/users/${uid(4)}/assignLicense`,
          headers: { 'Content-Type': 'application/json' },
          body: { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] },
        },
        { id: '3', method: 'GET', url: `users/${uid(99)}` },
      ],
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId['1']).toEqual(expect.objectContaining({ status: 200, headers: expect.any(Object) }));
    expect(byId['1'].body.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
    expect(byId['2'].status).toBe(200);
    expect(byId['3'].status).toBe(404);
    expect(byId['3'].body.error.code).toBe('Request_ResourceNotFound');
    expect(await c.consumed()).toBe(4);
    const s = (await c.get('/_sim/stats')).body;
    expect(s.requests['POST /$batch']).toBe(1);
    expect(s.requests['POST /users/{id}/assignLicense']).toBe(1);
    expect(s.requests['GET /users/{id}']).toBe(2);
    // The envelope is one request on the wire; the consumedUnits read above is the second.
    expect(s.httpRequests).toBe(2);
  });

  test('dependsOn orders execution and a failed dependency yields 424', async () => {
    const r = await c.post('/$batch', {
      requests: [
        {
          id: 'b',
          method: 'POST',
          url: `/users/${uid(5)}/assignLicense`,
          dependsOn: ['a'],
          body: { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] },
        },
        { id: 'a', method: 'PATCH', url: `/users/${uid(5)}`, body: { usageLocation: 'US' } },
        { id: 'x', method: 'POST', url: `/users/${uid(4)}/assignLicense`, body: { addLicenses: [], removeLicenses: [E3] } },
        { id: 'y', method: 'GET', url: `/users/${uid(4)}`, dependsOn: ['x'] },
      ],
    });
    const byId = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId.a.status).toBe(204);
    expect(byId.b.status).toBe(200);
    expect(byId.x.status).toBe(400);
    expect(byId.y.status).toBe(424);
  });

  test('21 requests, duplicate ids, absolute URLs, unknown dependsOn: whole batch 400', async () => {
    const one = (id: string) => ({ id, method: 'GET', url: `/users/${uid(1)}` });
    expect((await c.post('/$batch', { requests: range(1, 21).map((n) => one(String(n))) })).status).toBe(400);
    expect((await c.post('/$batch', { requests: range(1, 20).map((n) => one(String(n))) })).status).toBe(200);
    expect((await c.post('/$batch', { requests: [one('1'), one('1')] })).status).toBe(400);
    expect(
      (await c.post('/$batch', { requests: [{ id: '1', method: 'GET', url: `https://graph.microsoft.com/v1.0/users/${uid(1)}` }] })).status,
    ).toBe(400);
    expect((await c.post('/$batch', { requests: [{ ...one('1'), dependsOn: ['9'] }] })).status).toBe(400);
    expect((await c.post('/$batch', {})).status).toBe(400);
  });

  test('each inner request counts against throttling; throttled items are 429 with Retry-After', async () => {
    c.sim.setBehaviour({ throttle: { writeRequestsPerSecond: 3 } });
    const r = await c.post('/$batch', {
      requests: range(1, 5).map((n) => ({ id: String(n), method: 'PATCH', url: `/users/${uid(n)}`, body: { usageLocation: 'US' } })),
    });
    expect(r.status).toBe(200);
    const statuses = r.body.responses.map((x: { status: number }) => x.status);
    expect(statuses.filter((s: number) => s === 204)).toHaveLength(3);
    const throttled = r.body.responses.filter((x: { status: number }) => x.status === 429);
    expect(throttled).toHaveLength(2);
    expect(Number(throttled[0].headers['Retry-After'])).toBeGreaterThan(0);
    expect(throttled[0].body.error.code).toBe('TooManyRequests');
  });
});

describe('throttling and faults', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('token bucket: 429 TooManyRequests with integer Retry-After and x-ms-throttle headers; stats count them', async () => {
    c = await start(fixture({ behaviour: { throttle: { requestsPerSecond: 3 } } }));
    const rs = await Promise.all(range(1, 12).map(() => c.get('/subscribedSkus')));
    const t = rs.filter((r) => r.status === 429);
    expect(t.length).toBeGreaterThan(0);
    expect(rs.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    for (const r of t) {
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.headers.get('x-ms-throttle-scope')).toContain('Tenant_Application');
      expect(r.headers.get('x-ms-throttle-information')).toBe('ResourceUnitLimitExceeded');
      expect(r.body.error.code).toBe('TooManyRequests');
    }
    const s = (await c.get('/_sim/stats')).body;
    expect(s.status['429']).toBe(t.length);
    expect(s.throttled).toBe(t.length);
    expect(s.total).toBe(12);
    expect((await c.post('/_sim/stats/reset')).status).toBe(204);
    expect((await c.get('/_sim/stats')).body.total).toBe(0);
  });

  test('write bucket only limits writes; the graph-documented preset is 3,000 writes per 150 s', async () => {
    c = await start(fixture({ behaviour: { throttle: { writeRequestsPerSecond: 1 } } }));
    const w = await Promise.all(range(1, 4).map((n) => c.call('PATCH', `/users/${uid(n)}`, { usageLocation: 'US' })));
    expect(w.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(w.find((r) => r.status === 429)!.headers.get('x-ms-throttle-information')).toBe('WriteLimitExceeded');
    const reads = await Promise.all(range(1, 10).map(() => c.get('/subscribedSkus')));
    expect(reads.every((r) => r.status === 200)).toBe(true);
    const b = (await c.call('PUT', '/_sim/behaviour', { throttle: { writeRequestsPerSecond: null, preset: 'graph-documented' } })).body;
    expect(b.throttle.preset).toBe('graph-documented');
    const burst = await Promise.all(range(1, 40).map((n) => c.call('PATCH', `/users/${uid((n % 5) + 1)}`, { usageLocation: 'US' })));
    expect(burst.every((r) => r.status === 204)).toBe(true);
    expect((await c.call('PUT', '/_sim/behaviour', { throttle: { requestsPerSecond: 0 } })).status).toBe(400);
  });

  test('random 503 and 429 injection', async () => {
    c = await start(fixture(), { faults: { rate503: 1, rate429: 0, rateTimeout: 0 } });
    const r = await c.get('/subscribedSkus');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('ServiceUnavailable');
    expect(r.headers.get('retry-after')).toBe('1');
    c.sim.setBehaviour({ faults: { rate503: 0, rate429: 1 } });
    const t = await c.get('/subscribedSkus');
    expect(t.status).toBe(429);
    c.sim.setBehaviour({ faults: { rate429: 0 } });
    expect((await c.get('/subscribedSkus')).status).toBe(200);
    expect(c.sim.stats().serverErrors).toBe(1);
  });

  test('dropped response: the change is applied but the client gets a socket error', async () => {
    c = await start(fixture({ users: users([{ n: 1, direct: [{ skuId: E3 }] }, { n: 2 }]) }));
    c.sim.setBehaviour({ faults: { rateTimeout: 1 } });
    await expect(c.assignUser(uid(2), [{ skuId: E3 }])).rejects.toThrow();
    c.sim.setBehaviour({ faults: { rateTimeout: 0 } });
    expect(await c.states(uid(2))).toEqual([expect.objectContaining({ skuId: E3, assignedByGroup: null, state: 'Active' })]);
    expect(c.sim.stats().dropped).toBe(1);
  });

  test('latency setting is accepted and requests still answer', async () => {
    c = await start(fixture(), { latencyMs: 20 });
    expect(c.sim.behaviour().latencyMs).toBe(20);
    expect((await c.get('/subscribedSkus')).status).toBe(200);
  });
});
