import type { LicensingGraph } from '../../src/graph/licensingGraph';
import { collect, sleep, startHarness, type Harness } from '../support/graphHarness';
import { E3, EXO1, PLANS, SALES, SCARCE, smallTenant, u } from '../support/graphFixture';

async function waitForProcessing(graph: LicensingGraph, groupId: string): Promise<string | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const g = await graph.getGroup(groupId);
    if (g?.licenseProcessingState === 'ProcessingComplete' || Date.now() > deadline) return g?.licenseProcessingState ?? null;
    await sleep(50);
  }
}

describe('LicensingGraph writes against the simulator', () => {
  let h: Harness;
  const started = new Date(Date.now() - 1000);
  let licensingGroup = '';
  const newMembers = Array.from({ length: 45 }, (_, i) => u(i + 8));

  beforeAll(async () => {
    h = await startHarness(smallTenant());
  });
  afterAll(async () => h?.close());

  it('should create a security-enabled, non-mail group', async () => {
    const g = await h.graph.createSecurityGroup('License E3 – migration', 'created by a test');
    expect(g).toMatchObject({
      displayName: 'License E3 – migration',
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      assignedLicenses: [],
    });
    expect(g.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await h.graph.findGroups('License E3 – migration')).map((x) => x.id)).toEqual([g.id]);
    licensingGroup = g.id;
  });

  it('should find the group it made when the create reply is lost, instead of failing or making a twin', async () => {
    // The request reaches the simulator and is applied; only the answer is lost on the way back.
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input as RequestInfo, init);
      const req = new Request(input as RequestInfo, init);
      if (req.method === 'POST' && new URL(req.url).pathname.endsWith('/groups')) throw new TypeError('fetch failed: socket hang up');
      return res;
    };
    const g = await h.client({ fetch: lossy }).createSecurityGroup('Lossy create');
    expect(g).toMatchObject({ displayName: 'Lossy create', securityEnabled: true });
    expect((await h.graph.findGroups('Lossy create')).map((x) => x.id)).toEqual([g.id]);
  });

  it('should add members in requests of at most 20', async () => {
    h.sent.length = 0;
    const results = await h.graph.addMembers(licensingGroup, newMembers);
    expect(results.map((r) => r.id)).toEqual(newMembers);
    expect(results.every((r) => r.ok)).toBe(true);
    const members = (await collect(h.graph.groupMembers(licensingGroup))).flat();
    expect(members.map((m) => m.id).sort()).toEqual([...newMembers].sort());
    const patches = h.sent.filter((s) => s.method === 'PATCH');
    expect(patches).toHaveLength(3);
  });

  it('should count an existing member as added and name an unknown user notFound', async () => {
    const results = await h.graph.addMembers(licensingGroup, [u(8), u(53), u(999)]);
    expect(results.map((r) => [r.id, r.ok ? 'ok' : r.failure.kind])).toEqual([
      [u(8), 'ok'],
      [u(53), 'ok'],
      [u(999), 'notFound'],
    ]);
    const members = (await collect(h.graph.groupMembers(licensingGroup))).flat();
    expect(members.map((m) => m.id)).toContain(u(53));
  });

  it('should assign a group license, report processing and the members it could not license', async () => {
    // SCARCE has one unit, already used by user 7: every member of the new group ends in CountViolation.
    await h.graph.assignGroupLicense(licensingGroup, [{ skuId: SCARCE, disabledPlans: [] }], []);
    const right = await h.graph.getGroup(licensingGroup);
    expect(right?.assignedLicenses).toEqual([{ skuId: SCARCE, disabledPlans: [] }]);
    expect(right?.licenseProcessingState).toMatch(/QueuedForProcessing|ProcessingInProgress|ProcessingComplete/);
    expect(await waitForProcessing(h.graph, licensingGroup)).toBe('ProcessingComplete');
    const inError = await h.graph.membersWithLicenseErrors(licensingGroup);
    expect(inError.sort()).toEqual([...newMembers, u(53)].sort());
    expect((await h.graph.getGroup(licensingGroup))?.hasMembersWithLicenseErrors).toBe(true);
    const member = await h.graph.getUser(u(8));
    expect(member?.licenseAssignmentStates).toEqual([
      expect.objectContaining({ skuId: SCARCE, assignedByGroup: licensingGroup, error: 'CountViolation' }),
    ]);
  });

  it('should remove direct assignments per user: coexisting ok, inherited-only and unknown named', async () => {
    await h.graph.assignGroupLicense(SALES, [{ skuId: E3, disabledPlans: [PLANS.forms] }], []);
    expect(await waitForProcessing(h.graph, SALES)).toBe('ProcessingComplete');
    const before = await h.graph.getUser(u(1));
    expect(before?.licenseAssignmentStates.map((s) => s.assignedByGroup).sort()).toEqual([SALES, null].sort());

    const results = await h.graph.removeDirectLicense(E3, [u(1), u(5), u(999), u(60)]);
    const [r1, r5, r999, r60] = results;
    expect(r1).toMatchObject({ id: u(1), ok: true });
    if (r1.ok) {
      // The 200 body is the updated user: only the inherited path is left.
      expect(r1.value?.id).toBe(u(1));
    }
    expect(r5.ok ? 'ok' : r5.failure.kind).toBe('inheritedOnly');
    expect(r999.ok ? 'ok' : r999.failure.kind).toBe('notFound');
    expect(r60.ok ? 'ok' : r60.failure.kind).toBe('notAssigned');

    const after = await h.graph.getUser(u(1));
    expect(after?.licenseAssignmentStates).toEqual([expect.objectContaining({ skuId: E3, assignedByGroup: SALES })]);
    expect(after?.assignedLicenses.map((l) => l.skuId)).toEqual([E3]);
  });

  it('should add direct assignments back with their disabled plans, and name a missing usage location', async () => {
    const results = await h.graph.addDirectLicense([
      { userId: u(1), license: { skuId: E3, disabledPlans: [PLANS.forms] } },
      { userId: u(6), license: { skuId: E3, disabledPlans: [] } },
    ]);
    expect(results[0]).toMatchObject({ id: u(1), ok: true });
    expect(results[1].ok ? 'ok' : results[1].failure.kind).toBe('usageLocationMissing');
    const u1 = await h.graph.getUser(u(1));
    expect(u1?.licenseAssignmentStates.find((s) => s.assignedByGroup === null)).toMatchObject({ skuId: E3, disabledPlans: [PLANS.forms] });
  });

  it('should name a direct assignment beyond the seats noFreeUnits', async () => {
    const [r] = await h.graph.addDirectLicense([{ userId: u(60), license: { skuId: SCARCE, disabledPlans: [] } }]);
    expect(r.ok ? 'ok' : r.failure.kind).toBe('noFreeUnits');
  });

  it('should add several products to a user in one write, and none when Graph refuses one of them', async () => {
    const [refused] = await h.graph.addDirectLicenses([
      {
        userId: u(60),
        licenses: [
          { skuId: E3, disabledPlans: [PLANS.forms] },
          { skuId: SCARCE, disabledPlans: [] },
        ],
      },
    ]);
    expect(refused.ok ? 'ok' : refused.failure.kind).toBe('noFreeUnits');
    expect((await h.graph.getUser(u(60)))?.assignedLicenses).toEqual([]);
    const [both] = await h.graph.addDirectLicenses([
      {
        userId: u(58),
        licenses: [
          { skuId: E3, disabledPlans: [PLANS.exchange] },
          { skuId: EXO1, disabledPlans: [] },
        ],
      },
    ]);
    expect(both).toMatchObject({ id: u(58), ok: true });
    const u58 = await h.graph.getUser(u(58));
    expect(u58?.assignedLicenses.map((l) => [l.skuId, l.disabledPlans]).sort()).toEqual(
      [
        [E3, [PLANS.exchange]],
        [EXO1, []],
      ].sort(),
    );
    await expect(h.graph.addDirectLicenses([{ userId: u(58), licenses: [] }])).rejects.toThrow(/at least one SKU/);
  });

  it('should name conflicting and dependent plans mutuallyExclusive and dependency', async () => {
    // User 2 has Exchange Online Plan 2 through E3; Plan 1 cannot sit beside it.
    const [exclusive] = await h.graph.addDirectLicense([{ userId: u(2), license: { skuId: EXO1, disabledPlans: [] } }]);
    expect(exclusive.ok ? 'ok' : exclusive.failure.kind).toBe('mutuallyExclusive');
    // Teams needs SharePoint: disabling SharePoint alone, with no other path enabling it, breaks the dependency.
    const [dependent] = await h.graph.addDirectLicense([{ userId: u(59), license: { skuId: E3, disabledPlans: [PLANS.sharepoint] } }]);
    expect(dependent.ok ? 'ok' : dependent.failure.kind).toBe('dependency');
    expect((await h.graph.getUser(u(59)))?.assignedLicenses).toEqual([]);
  });

  it('should ask for reprocessing of one user', async () => {
    await expect(h.graph.reprocessUser(u(8))).resolves.toBeUndefined();
  });

  it('should ask for reprocessing of many users in $batches of 20, with a result per user', async () => {
    h.sent.length = 0;
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const ids = [...newMembers.slice(0, 24), unknown];
    const results = await h.graph.reprocessUsers(ids);
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(results.slice(0, 24).every((r) => r.ok && r.value?.id !== undefined)).toBe(true);
    const last = results[24];
    expect(last.ok ? 'ok' : last.failure.kind).toBe('notFound');
    expect(h.sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname.endsWith('/$batch'))).toHaveLength(2);
    await expect(h.graph.reprocessUsers(['nope'])).rejects.toThrow(/not GUIDs/);
  });

  it('should read audit events since a time, optionally of one activity', async () => {
    const events = await h.graph.auditEventsSince(started);
    const names = new Set(events.map((e) => e.activityDisplayName));
    expect([...names]).toEqual(expect.arrayContaining(['Set group license', 'Change user license', 'Add member to group']));
    const changes = await h.graph.auditEventsSince(started, 'Change user license');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((e) => e.activityDisplayName === 'Change user license')).toBe(true);
    expect(changes.some((e) => e.targetResources.some((t) => t.id === u(1)))).toBe(true);
    expect(await h.graph.auditEventsSince(new Date(Date.now() + 3_600_000))).toEqual([]);
  });

  it('should refuse bad input with a specific message and send nothing', async () => {
    h.sent.length = 0;
    await expect(h.graph.removeDirectLicense(E3, ['not-a-guid'])).rejects.toThrow(/not GUIDs, e.g. "not-a-guid"/);
    await expect(h.graph.assignGroupLicense(SALES, [], [])).rejects.toThrow(/nothing to assign/);
    await expect(h.graph.createSecurityGroup('  ')).rejects.toThrow(/display name/);
    await expect(h.graph.auditEventsSince(new Date('nope'))).rejects.toThrow(/valid date/);
    expect(h.sent).toHaveLength(0);
  });
});
