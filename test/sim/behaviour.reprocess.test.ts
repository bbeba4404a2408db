import { Client, E3, e3Sku, fixture, gid, range, sleep, start, uid, users } from '../support/simClient';

/**
 * POST /users/{id}/reprocessLicenseAssignment as Graph documents it (user-reprocesslicenseassignment): no request
 * body, 200 with the user; every group-based assignment of the user is processed again, asynchronously like all
 * group license processing; direct assignments are not touched. Plus the control-plane hook that changes a SKU's units.
 */
describe('reprocessLicenseAssignment', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  /** Users 1 and 2 hold E3 directly; 3 and 4 get it only from the group, with one unit left: 4 ends in CountViolation. */
  async function countViolationTenant(): Promise<void> {
    c = await start(
      fixture({
        skus: [e3Sku(3)],
        users: users([{ n: 1, direct: [{ skuId: E3 }] }, { n: 2, direct: [{ skuId: E3 }] }, { n: 3 }, { n: 4 }]),
        groups: [{ id: gid(1), displayName: 'G', members: [uid(2), uid(3), uid(4)] }],
        behaviour: { groupProcessingDelayMs: 300 },
      }),
    );
    await c.assignGroup(gid(1), [{ skuId: E3 }]);
    await c.waitProcessed(gid(1));
    expect((await c.states(uid(4)))[0]).toEqual(expect.objectContaining({ state: 'Error', error: 'CountViolation' }));
  }

  const path = async (n: number) => (await c.states(uid(n))).find((s) => s.assignedByGroup === gid(1));

  test('answers 200 with the user at once and processes the user afterwards', async () => {
    await countViolationTenant();
    expect((await c.post('/_sim/skus/' + E3 + '/mutate', { prepaidUnits: { enabled: 4 } })).status).toBe(200);
    // More units alone change nothing: Entra retries an error path only when the user is processed again.
    await sleep(400);
    expect(await path(4)).toEqual(expect.objectContaining({ state: 'Error', error: 'CountViolation' }));
    // No request body, as documented.
    const r = await c.call('POST', `/users/${uid(4)}/reprocessLicenseAssignment`, undefined, { 'Content-Type': '' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ id: uid(4), userPrincipalName: 'user4@contoso.example' }));
    // The answer comes before the processing: the user is still in error right after it.
    expect(await path(4)).toEqual(expect.objectContaining({ state: 'Error', error: 'CountViolation' }));
    expect(await c.processingState(gid(1))).not.toBe('ProcessingComplete');
    await c.waitProcessed(gid(1));
    expect(await path(4)).toEqual(expect.objectContaining({ state: 'Active', error: 'None' }));
    expect(await c.consumed()).toBe(4);
    expect((await c.get(`/groups/${gid(1)}/membersWithLicenseErrors`)).body.value).toEqual([]);
  });

  test('a user still short of a unit stays in error, with a newer lastUpdatedDateTime', async () => {
    await countViolationTenant();
    const before = (await c.get(`/users/${uid(4)}?$select=licenseAssignmentStates`)).body.licenseAssignmentStates[0];
    await sleep(5);
    expect((await c.post(`/users/${uid(4)}/reprocessLicenseAssignment`, {})).status).toBe(200);
    await c.waitProcessed(gid(1));
    const after = (await c.get(`/users/${uid(4)}?$select=licenseAssignmentStates`)).body.licenseAssignmentStates[0];
    expect(after).toEqual(expect.objectContaining({ state: 'Error', error: 'CountViolation' }));
    expect(Date.parse(after.lastUpdatedDateTime)).toBeGreaterThan(Date.parse(before.lastUpdatedDateTime));
  });

  test('never touches direct assignments, and a user without group licenses is simply answered', async () => {
    await countViolationTenant();
    const direct = async (n: number) => (await c.states(uid(n))).filter((s) => s.assignedByGroup === null);
    const before = [await direct(1), await direct(2)];
    for (const n of [1, 2]) expect((await c.post(`/users/${uid(n)}/reprocessLicenseAssignment`)).status).toBe(200);
    await c.waitProcessed(gid(1));
    expect([await direct(1), await direct(2)]).toEqual(before);
    expect(await direct(1)).toEqual([expect.objectContaining({ skuId: E3, state: 'Active' })]);
    expect(await c.states(uid(1))).toHaveLength(1);
    expect((await c.get('/_sim/invariants')).body.violations).toEqual([]);
  });

  test('404 for an unknown user; in $batch each item answers on its own and counts as a write', async () => {
    await countViolationTenant();
    await c.post('/_sim/skus/' + E3 + '/mutate', { prepaidUnits: { enabled: 4 } });
    const missing = await c.post(`/users/${uid(99)}/reprocessLicenseAssignment`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    await c.post('/_sim/stats/reset');
    const r = await c.post('/$batch', {
      requests: [
        { id: '1', method: 'POST', url: `/users/${uid(4)}/reprocessLicenseAssignment` },
        { id: '2', method: 'POST', url: `/users/${uid(99)}/reprocessLicenseAssignment` },
      ],
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId['1']).toEqual(expect.objectContaining({ status: 200, body: expect.objectContaining({ id: uid(4) }) }));
    expect(byId['2']).toEqual(expect.objectContaining({ status: 404 }));
    const stats = (await c.get('/_sim/stats')).body;
    expect(stats.requests['POST /users/{id}/reprocessLicenseAssignment']).toBe(2);
    expect(stats.writes).toBeGreaterThanOrEqual(2);
    await c.waitProcessed(gid(1));
    expect(await path(4)).toEqual(expect.objectContaining({ state: 'Active' }));
  });

  test('is audited as a group license recalculation naming the user', async () => {
    await countViolationTenant();
    const since = new Date().toISOString();
    await c.post(`/users/${uid(4)}/reprocessLicenseAssignment`);
    const events = (await c.all(`/auditLogs/directoryAudits?$filter=activityDateTime ge ${since}`)).items;
    const mine = events.filter((e) => e.activityDisplayName === 'Trigger group license recalculation');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual(
      expect.objectContaining({ category: 'GroupManagement', targetResources: [expect.objectContaining({ id: uid(4), type: 'User' })] }),
    );
  });
});

describe('/_sim/skus/{id}/mutate (units bought or cancelled elsewhere)', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('changes prepaid units; bad input is refused whole and changes nothing', async () => {
    c = await start(fixture({ users: users(range(1, 2).map((n) => ({ n }))) }));
    const units = async () => (await c.get('/subscribedSkus')).body.value[0].prepaidUnits;
    const ok = await c.post(`/_sim/skus/${E3}/mutate`, { prepaidUnits: { enabled: 25, warning: 2 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual(expect.objectContaining({ skuId: E3, prepaidUnits: expect.objectContaining({ enabled: 25, warning: 2 }) }));
    expect(await units()).toEqual(expect.objectContaining({ enabled: 25, warning: 2 }));
    for (const bad of [
      { prepaidUnits: { enabled: -1 } },
      { prepaidUnits: { enabled: 1.5 } },
      { prepaidUnits: { enabled: '3' } },
      { prepaidUnits: { enabled: 3, spare: 1 } },
      { consumedUnits: 0 },
      [],
    ]) {
      const r = await c.post(`/_sim/skus/${E3}/mutate`, bad);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/prepaidUnits|unit kind|SKU mutation|JSON object/);
    }
    expect((await c.post(`/_sim/skus/${uid(7)}/mutate`, { prepaidUnits: { enabled: 1 } })).status).toBe(404);
    expect(await units()).toEqual(expect.objectContaining({ enabled: 25, warning: 2 }));
  });
});
