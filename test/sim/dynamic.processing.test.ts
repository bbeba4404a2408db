import { Client, E3, e3Sku, fixture, gid, P, range, sleep, start, uid } from '../support/simClient';

/**
 * Dynamic membership processing over HTTP: members follow attribute and rule changes asynchronously, license
 * processing follows membership, members cannot be added by hand, the directory attributes are readable and
 * writable through Graph, and the invariant monitor keeps watching users a dynamic group drops.
 */

const REF = 'https://graph.microsoft.com/v1.0/directoryObjects';
const SALES_RULE = '(user.department -eq "Sales") -and (user.accountEnabled -eq true)';
const ALL_PLANS = [P.EXCHANGE_S_ENTERPRISE, P.SHAREPOINTENTERPRISE, P.TEAMS1, P.FORMS_PLAN_E3].sort();

interface Person {
  n: number;
  department?: string | null;
  direct?: boolean;
}

/** Users 1-3 in Sales, 4 in Marketing, 5 without department; who holds E3 directly is up to the test. */
function tenant(opts: { people?: Person[]; licensed?: boolean; delayMs?: number; extra?: Record<string, unknown> } = {}) {
  const people = opts.people ?? [
    { n: 1, department: 'Sales', direct: true },
    { n: 2, department: 'Sales', direct: true },
    { n: 3, department: 'Sales', direct: false },
    { n: 4, department: 'Marketing', direct: true },
    { n: 5, department: null, direct: true },
  ];
  return fixture({
    skus: [e3Sku(20)],
    users: people.map((p) => ({
      id: uid(p.n),
      userPrincipalName: `user${p.n}@contoso.example`,
      displayName: `User ${p.n}`,
      usageLocation: 'NL',
      department: p.department ?? null,
      assignedLicenses: p.direct ? [{ skuId: E3, disabledPlans: [] }] : [],
    })),
    groups: [
      {
        id: gid(1),
        displayName: 'Dynamic: Sales',
        groupTypes: ['DynamicMembership'],
        membershipRule: SALES_RULE,
        assignedLicenses: opts.licensed === false ? [] : [{ skuId: E3 }],
      },
      { id: gid(2), displayName: 'Static', members: [uid(4)] },
    ],
    behaviour: { groupProcessingDelayMs: opts.delayMs ?? 40 },
    ...opts.extra,
  });
}

const memberIds = async (c: Client, group: string) =>
  (await c.all(`/groups/${group}/members?$select=id`)).items.map((m: { id: string }) => m.id).sort();

async function ruleStatus(c: Client, group: string) {
  return (await c.get(`${c.sim.url}/beta/groups/${group}?$select=id,membershipRuleProcessingState,membershipRuleProcessingStatus`)).body;
}

/** Polls until `probe` returns true; fails with `what` after `maxMs`. */
async function until(what: string, probe: () => Promise<boolean>, maxMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!(await probe())) {
    if (Date.now() - t0 > maxMs) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** Waits until neither membership nor license processing has anything queued. */
const settled = (c: Client) => until('the simulator is idle', async () => !c.sim.processing());

const inheritedFrom = async (c: Client, user: string, group: string) =>
  (await c.states(user)).filter((s) => s.assignedByGroup === group).map((s) => `${s.state}/${s.error}`);

describe('dynamic membership is computed asynchronously, and license processing follows it', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('a fixture group starts with the members its rule matches; its license reaches them', async () => {
    c = await start(tenant());
    expect(await memberIds(c, gid(1))).toEqual([uid(1), uid(2), uid(3)]);
    const g = await ruleStatus(c, gid(1));
    expect(g.membershipRuleProcessingState).toBe('On');
    expect(g.membershipRuleProcessingStatus).toEqual({
      status: 'Succeeded',
      lastMembershipUpdated: expect.any(String),
      errorMessage: null,
    });
    await c.waitProcessed(gid(1));
    for (const n of [1, 2, 3]) expect(await inheritedFrom(c, uid(n), gid(1))).toEqual(['Active/None']);
    for (const n of [4, 5]) expect(await inheritedFrom(c, uid(n), gid(1))).toEqual([]);
    const memberOf = (await c.get(`/users/${uid(3)}/memberOf?$select=id,displayName`)).body.value;
    expect(memberOf).toEqual([expect.objectContaining({ id: gid(1), displayName: 'Dynamic: Sales' })]);
  });

  test('the processing status is Graph beta: served under /beta, refused on v1.0 like any unknown property', async () => {
    c = await start(tenant());
    const v1 = await c.get(`/groups/${gid(1)}?$select=id,membershipRuleProcessingStatus`);
    expect(v1.status).toBe(400);
    expect(v1.body.error.message).toBe("Could not find a property named 'membershipRuleProcessingStatus' on type 'microsoft.graph.group'.");
    const beta = await c.get(`${c.sim.url}/beta/groups/${gid(1)}?$select=id,membershipRuleProcessingStatus`);
    expect(beta.status).toBe(200);
    expect(beta.body.membershipRuleProcessingStatus.status).toBe('Succeeded');
  });

  test('a new group: NotStarted, then Running, then Succeeded with its members; the status is served only on $select', async () => {
    c = await start(tenant({ licensed: false }), { membershipProcessingDelayMs: 400 });
    const r = await c.post('/groups', {
      displayName: 'Marketing',
      mailEnabled: false,
      mailNickname: 'marketing',
      securityEnabled: true,
      groupTypes: ['DynamicMembership'],
      membershipRule: 'user.department -eq "Marketing"',
      membershipRuleProcessingState: 'On',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ membershipRule: 'user.department -eq "Marketing"', membershipRuleProcessingState: 'On' });
    expect(r.body).not.toHaveProperty('membershipRuleProcessingStatus');
    expect(await memberIds(c, r.body.id)).toEqual([]);
    const seen: string[] = [];
    await until('membership processing succeeded', async () => {
      const s = (await ruleStatus(c, r.body.id)).membershipRuleProcessingStatus.status;
      if (seen[seen.length - 1] !== s) seen.push(s);
      return s === 'Succeeded';
    });
    // Polling on a busy machine may step over a short phase, but never sees the phases out of order.
    const order = ['NotStarted', 'Running', 'Succeeded'];
    expect(seen.every((x) => order.includes(x))).toBe(true);
    expect(seen.map((x) => order.indexOf(x))).toEqual([...new Set(seen.map((x) => order.indexOf(x)))].sort());
    expect(seen.at(-1)).toBe('Succeeded');
    expect(await memberIds(c, r.body.id)).toEqual([uid(4)]);
    expect((await ruleStatus(c, r.body.id)).membershipRuleProcessingStatus.lastMembershipUpdated).toEqual(expect.any(String));
  });

  test('an attribute change moves a user after the processing delay; the group still reads Succeeded meanwhile; licenses follow', async () => {
    c = await start(tenant(), { membershipProcessingDelayMs: 300 });
    await c.waitProcessed(gid(1));
    expect((await c.call('PATCH', `/users/${uid(2)}`, { department: 'Marketing' })).status).toBe(204);
    expect((await c.call('PATCH', `/users/${uid(4)}`, { department: 'Sales' })).status).toBe(204);
    // Not yet: Entra evaluates changed users in the background, and the group gives no sign of it.
    expect(await memberIds(c, gid(1))).toEqual([uid(1), uid(2), uid(3)]);
    expect((await ruleStatus(c, gid(1))).membershipRuleProcessingStatus.status).toBe('Succeeded');
    await until('user 4 joined', async () => (await memberIds(c, gid(1))).includes(uid(4)));
    expect(await memberIds(c, gid(1))).toEqual([uid(1), uid(3), uid(4)]);
    await settled(c);
    expect(await inheritedFrom(c, uid(2), gid(1))).toEqual([]);
    expect(await inheritedFrom(c, uid(4), gid(1))).toEqual(['Active/None']);
    // User 2 still holds E3 directly; nothing was lost, so nothing is reported.
    expect(await c.enabledPlans(uid(2), E3)).toEqual(ALL_PLANS);
    expect(c.sim.invariants()).toEqual([]);
    const audit = (await c.all('/auditLogs/directoryAudits')).items;
    const leave = audit.find((a) => a.activityDisplayName === 'Remove member from group' && a.targetResources[0].id === uid(2));
    expect(leave.initiatedBy.app.displayName).toBe('Microsoft Entra Dynamic Membership');
    const update = audit.find(
      (a) =>
        a.activityDisplayName === 'Update user' &&
        a.targetResources[0].id === uid(4) &&
        a.targetResources[0].modifiedProperties[0].displayName === 'Department',
    );
    expect(update.initiatedBy.app.displayName).toBe('Graph API client');
    expect(update.targetResources[0].modifiedProperties).toEqual([
      { displayName: 'Department', oldValue: '"Marketing"', newValue: '"Sales"' },
    ]);
  });

  test('a changed rule re-evaluates everyone; Paused freezes the membership until evaluation is On again', async () => {
    // NotStarted lasts a fifth of the delay: at the default 40 ms a busy CI machine read the status too late (Running).
    c = await start(tenant({ licensed: false }), { membershipProcessingDelayMs: 400 });
    const patch = (body: unknown) => c.call('PATCH', `/groups/${gid(1)}`, body);
    expect((await patch({ membershipRule: 'user.department -in ["Sales", "Marketing"]' })).status).toBe(204);
    expect((await ruleStatus(c, gid(1))).membershipRuleProcessingStatus.status).toBe('NotStarted');
    await settled(c);
    expect(await memberIds(c, gid(1))).toEqual([uid(1), uid(2), uid(3), uid(4)]);
    expect((await patch({ membershipRuleProcessingState: 'Paused' })).status).toBe(204);
    await c.call('PATCH', `/users/${uid(5)}`, { department: 'Sales' });
    await c.call('PATCH', `/users/${uid(1)}`, { department: 'Legal' });
    await sleep(150);
    expect(await memberIds(c, gid(1))).toEqual([uid(1), uid(2), uid(3), uid(4)]);
    expect((await ruleStatus(c, gid(1))).membershipRuleProcessingState).toBe('Paused');
    expect((await patch({ membershipRuleProcessingState: 'On' })).status).toBe(204);
    await settled(c);
    expect(await memberIds(c, gid(1))).toEqual([uid(2), uid(3), uid(4), uid(5)]);
    expect((await ruleStatus(c, gid(1))).membershipRuleProcessingStatus.status).toBe('Succeeded');
  });

  test('a rule PATCH is validated whole: a bad rule, a rule on a static group or a bad state change nothing', async () => {
    c = await start(tenant({ licensed: false }));
    const bad = await c.call('PATCH', `/groups/${gid(1)}`, {
      membershipRule: 'user.department -eq',
      membershipRuleProcessingState: 'Paused',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Dynamic membership rule validation error: /);
    const g = await ruleStatus(c, gid(1));
    expect(g.membershipRuleProcessingState).toBe('On');
    expect((await c.get(`/groups/${gid(1)}?$select=id,membershipRule`)).body.membershipRule).toBe(SALES_RULE);
    const state = await c.call('PATCH', `/groups/${gid(1)}`, { membershipRuleProcessingState: 'Stopped' });
    expect(state.status).toBe(400);
    const onStatic = await c.call('PATCH', `/groups/${gid(2)}`, { membershipRule: 'user.department -eq "Sales"' });
    expect(onStatic.status).toBe(400);
    expect(onStatic.body.error.message).toMatch(/only valid when groupTypes contains DynamicMembership/);
    expect((await c.get(`/groups/${gid(2)}?$select=id,membershipRule,groupTypes`)).body).toMatchObject({
      membershipRule: null,
      groupTypes: [],
    });
  });

  test('joiners are evaluated like changed users, and a leaver disabled by the automation leaves the group', async () => {
    c = await start(
      tenant({
        licensed: false,
        extra: { automation: { intervalMs: 60_000, joinersPerTick: 1, leaversPerTick: 1, license: { skuId: E3, disabledPlans: [] } } },
      }),
    );
    await c.call('PATCH', `/groups/${gid(1)}`, { membershipRule: 'user.accountEnabled -eq true' });
    await settled(c);
    expect(await memberIds(c, gid(1))).toEqual(range(1, 5).map(uid));
    const status = (await c.post('/_sim/automation/tick')).body;
    const [joiner] = status.joiners;
    const [leaver] = status.leavers;
    await settled(c);
    const members = await memberIds(c, gid(1));
    expect(members).toContain(joiner);
    expect(members).not.toContain(leaver);
  });
});

describe('members of a dynamic group cannot be changed by hand', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('members/$ref, members@odata.bind and DELETE …/$ref answer 403 Authorization_RequestDenied and change nothing', async () => {
    c = await start(tenant());
    const add = await c.post(`/groups/${gid(1)}/members/$ref`, { '@odata.id': `${REF}/${uid(4)}` });
    expect(add.status).toBe(403);
    expect(add.body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const bind = await c.call('PATCH', `/groups/${gid(1)}`, { 'members@odata.bind': [`${REF}/${uid(5)}`] });
    expect(bind.status).toBe(403);
    const remove = await c.call('DELETE', `/groups/${gid(1)}/members/${uid(1)}/$ref`);
    expect(remove.status).toBe(403);
    const create = await c.post('/groups', {
      displayName: 'Dynamic with members',
      mailEnabled: false,
      mailNickname: 'dyn',
      securityEnabled: true,
      groupTypes: ['DynamicMembership'],
      membershipRule: 'user.department -eq "Sales"',
      'members@odata.bind': [`${REF}/${uid(4)}`],
    });
    expect(create.status).toBe(403);
    expect(await memberIds(c, gid(1))).toEqual([uid(1), uid(2), uid(3)]);
    // The test hook refuses too: change the attributes the rule reads instead.
    const hook = await c.post(`/_sim/users/${uid(4)}/mutate`, { addToGroup: gid(1) });
    expect(hook.status).toBe(400);
    expect(hook.body.error.message).toMatch(/dynamic membership/);
    // A static group still takes members.
    expect((await c.post(`/groups/${gid(2)}/members/$ref`, { '@odata.id': `${REF}/${uid(5)}` })).status).toBe(204);
  });
});

describe('directory attributes through Graph', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('fixture attributes are returned on $select and filterable; PATCH changes them, merging extension attributes', async () => {
    c = await start(
      fixture({
        users: [
          {
            id: uid(1),
            userPrincipalName: 'ann@contoso.example',
            usageLocation: 'NL',
            userType: 'Guest',
            department: 'Sales',
            jobTitle: 'Account manager',
            companyName: 'Contoso',
            country: 'Netherlands',
            city: 'Amsterdam',
            employeeId: 'E1',
            mail: 'ann.b@contoso.example',
            onPremisesExtensionAttributes: { extensionAttribute1: 'E3', extensionAttribute7: 'x' },
          },
          { id: uid(2), userPrincipalName: 'bob@contoso.example', usageLocation: 'NL' },
        ],
      }),
    );
    const select = 'id,userType,department,jobTitle,companyName,country,city,employeeId,mail,onPremisesExtensionAttributes';
    const ann = (await c.get(`/users/${uid(1)}?$select=${select}`)).body;
    expect(ann).toMatchObject({
      userType: 'Guest',
      department: 'Sales',
      jobTitle: 'Account manager',
      companyName: 'Contoso',
      country: 'Netherlands',
      city: 'Amsterdam',
      employeeId: 'E1',
      mail: 'ann.b@contoso.example',
    });
    expect(ann.onPremisesExtensionAttributes).toEqual(
      Object.fromEntries(range(1, 15).map((n) => [`extensionAttribute${n}`, n === 1 ? 'E3' : n === 7 ? 'x' : null])),
    );
    const bob = (await c.get(`/users/${uid(2)}?$select=${select}`)).body;
    expect(bob).toMatchObject({ userType: 'Member', department: null, jobTitle: null, mail: 'bob@contoso.example' });
    const sales = (await c.get(`/users?$filter=department eq 'Sales'&$select=id`)).body.value;
    expect(sales).toEqual([{ id: uid(1) }]);

    const r = await c.call('PATCH', `/users/${uid(1)}`, {
      department: 'Marketing',
      jobTitle: null,
      userType: 'Member',
      accountEnabled: false,
      onPremisesExtensionAttributes: { extensionAttribute1: null, extensionAttribute2: 'new' },
    });
    expect(r.status).toBe(204);
    const after = (await c.get(`/users/${uid(1)}?$select=${select},accountEnabled`)).body;
    expect(after).toMatchObject({ department: 'Marketing', jobTitle: null, userType: 'Member', accountEnabled: false, city: 'Amsterdam' });
    expect(after.onPremisesExtensionAttributes).toMatchObject({
      extensionAttribute1: null,
      extensionAttribute2: 'new',
      extensionAttribute7: 'x',
    });
  });

  test('a PATCH with one bad value or an unknown property changes nothing and names the property', async () => {
    c = await start(fixture());
    const bad = await c.call('PATCH', `/users/${uid(1)}`, { department: 'Legal', userType: 'Admin' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Invalid value specified for property 'userType' of resource 'User'.",
    });
    const ext = await c.call('PATCH', `/users/${uid(1)}`, { onPremisesExtensionAttributes: { extensionAttribute16: 'x' } });
    expect(ext.status).toBe(400);
    expect(ext.body.error.message).toBe("Invalid value specified for property 'onPremisesExtensionAttributes' of resource 'User'.");
    const unknown = await c.call('PATCH', `/users/${uid(1)}`, { department: 'Legal', manager: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Property 'manager' cannot be updated/);
    expect((await c.get(`/users/${uid(1)}?$select=id,department,userType`)).body).toMatchObject({ department: null, userType: 'Member' });
  });
});

describe('invariant monitor: users a dynamic group drops', () => {
  let c: Client;
  afterEach(() => c.sim.close());

  test('a direct assignment removed while an attribute change is pending: the loss after processing is reported, with the timeline', async () => {
    c = await start(tenant(), { membershipProcessingDelayMs: 300 });
    await settled(c);
    // HR moves user 1 out of Sales; the membership change is not applied yet, so user 1 still looks safe.
    expect((await c.post(`/_sim/users/${uid(1)}/mutate`, { department: 'Legal' })).status).toBe(200);
    expect(await memberIds(c, gid(1))).toContain(uid(1));
    expect(await inheritedFrom(c, uid(1), gid(1))).toEqual(['Active/None']);
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    expect(c.sim.invariants()).toEqual([]);
    await settled(c);
    expect(await c.states(uid(1))).toEqual([]);
    const [v, ...rest] = (await c.get('/_sim/invariants')).body.violations;
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ userId: uid(1), skuId: E3, kind: 'afterProcessing', cause: 'POST /users/{id}/assignLicense' });
    expect(v.lostPlans.map((p: { servicePlanId: string }) => p.servicePlanId).sort()).toEqual(ALL_PLANS);
    expect(v.timeline.map((e: { event: string }) => e.event)).toEqual([
      `group ${gid(1)} queued for dynamic membership processing`,
      'direct assignment removed while that processing was pending',
      `dynamic group ${gid(1)} changed the user's membership; license processing follows`,
      'services lost',
    ]);
    expect(v.timeline[0].cause).toContain('test hook');
  });

  test('nothing is reported when the user still matches, or when the attribute changed only after the removal', async () => {
    c = await start(tenant(), { membershipProcessingDelayMs: 100 });
    await settled(c);
    // An attribute the rule does not read changes nothing.
    await c.post(`/_sim/users/${uid(1)}/mutate`, { jobTitle: 'Director' });
    expect((await c.assignUser(uid(1), [], [E3])).status).toBe(200);
    // Removed with nothing pending; HR moves the user later: that leave is not the client's doing.
    expect((await c.assignUser(uid(2), [], [E3])).status).toBe(200);
    await c.post(`/_sim/users/${uid(2)}/mutate`, { department: 'Legal' });
    await settled(c);
    expect(await c.enabledPlans(uid(1), E3)).toEqual(ALL_PLANS);
    expect(await c.states(uid(2))).toEqual([]);
    expect((await c.get('/_sim/invariants')).body.violations).toEqual([]);
  });

  test("a client's own attribute change that drops a user holding the license only through the group is reported at once", async () => {
    c = await start(tenant());
    await settled(c);
    // User 3 holds E3 only through the dynamic group; user 1 also directly.
    await c.call('PATCH', `/users/${uid(3)}`, { department: 'Legal' });
    await c.call('PATCH', `/users/${uid(1)}`, { department: 'Legal' });
    await settled(c);
    const violations = (await c.get('/_sim/invariants')).body.violations;
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ userId: uid(3), kind: 'immediate' });
    expect(violations[0].cause).toMatch(/dynamic membership processing of .* after PATCH \/users\/\{id\}/);
  });
});
