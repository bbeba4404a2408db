import { approveAndRunAll, directOf, fixture, startHarness, E3, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';

/**
 * Woodgrove (fixtures/dynamic-groups.json): ten Sales users the rule matches; five direct E3 holders it does not
 * (a trailing space, Marketing, no department, disabled, a guest) and three in Support licensed by another group.
 */
const user = (n: number) => `00000000-0000-0b00-0000-${n.toString(16).padStart(12, '0')}`;
const SALES_GROUP = '00000000-0000-0b01-0000-000000000001';
const SALES = Array.from({ length: 10 }, (_, i) => user(i + 1));
const UNMATCHED = [11, 12, 13, 14, 15, 18, 19, 20].map(user);

async function dynamicRun(h: Harness) {
  return h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: SALES_GROUP } });
}

describe('migrating into a dynamic group (the rule decides who is licensed)', () => {
  let h: Harness;
  beforeEach(async () => {
    // Membership follows an attribute change within 2 s: time enough to remove a direct assignment in between.
    h = await startHarness(
      fixture('dynamic-groups.json', (f) => {
        f.behaviour.membershipProcessingDelayMs = 2000;
      }),
    );
  });
  afterEach(() => h.close());

  it('pre-flight shows the rule and names each unmatched direct holder with the attribute that fails it', async () => {
    const run = await dynamicRun(h);
    expect(run.membershipRule).toBe('(user.department -eq "Sales") -and (user.accountEnabled -eq true) -and (user.userType -eq "Member")');
    const findings = await h.engine.preflight(run.id);
    const dynamic = findings.filter((f) => f.code === 'groupDynamic');
    expect(dynamic).toHaveLength(1);
    const [f] = dynamic;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('rule: (user.department -eq "Sales")');
    expect(f.message).toContain('8 cohort user(s) are not members because the rule does not match them');
    expect(f.userIds!.sort()).toEqual(UNMATCHED);
    expect(f.details).toEqual(
      expect.arrayContaining([
        'trailing.space11@woodgrove.onmicrosoft.com: department = "sales " (the rule needs user.department -eq "Sales")',
        'marketing12@woodgrove.onmicrosoft.com: department = "Marketing" (the rule needs user.department -eq "Sales")',
        'no.department13@woodgrove.onmicrosoft.com: department is not set (the rule needs user.department -eq "Sales")',
        'disabled14@woodgrove.onmicrosoft.com: accountEnabled = false (the rule needs user.accountEnabled -eq true)',
        'guest15@woodgrove.onmicrosoft.com: userType = "Guest" (the rule needs user.userType -eq "Member")',
        'support18@woodgrove.onmicrosoft.com: department = "Support" (the rule needs user.department -eq "Sales")',
      ]),
    );
    expect(f.details).toHaveLength(8);
  });

  it('adds nobody, waits for membership and license processing, removes only members and keeps the unmatched direct', async () => {
    const run = await dynamicRun(h);
    await h.engine.prepare(run.id);
    const journal = await h.journal.read(run.id);
    expect(journal.some((e) => e.kind === 'group.membersAdded')).toBe(false);
    expect((await h.control('/stats')).requests?.['POST /groups/{id}/members/$ref'] ?? 0).toBe(0);

    const report = await h.engine.verify(run.id);
    expect(report.processingState).toBe('ProcessingComplete');
    expect(report.summary).toMatchObject({ ready: 10, notMember: 8, pending: 0, error: 0 });
    const notMember = report.samples.notMember ?? [];
    expect(notMember.length).toBeGreaterThan(0);
    expect(notMember.every((u) => /dynamic membership and its rule does not match/.test(u.fix ?? ''))).toBe(true);

    await h.engine.planBatches(run.id);
    const done = await approveAndRunAll(h, run.id);
    expect(done.status).toBe('completed');
    const outcomes = await outcomesOf(h.engine, done.id);
    expect(
      outcomes
        .filter((o) => o.outcome === 'removed')
        .map((o) => o.userId)
        .sort(),
    ).toEqual(SALES);
    for (const id of SALES) expect(await directOf(h, id)).toBeNull();
    for (const id of UNMATCHED) expect(await directOf(h, id)).toEqual([]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('a member whose department changed after verification is not removed, though the group still lists them', async () => {
    const run = await dynamicRun(h);
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    await h.engine.planBatches(run.id);
    // HR moves Sales 3 to Marketing; Entra takes them out of the group only after its processing delay.
    await h.control(`/users/${SALES[2]}/mutate`, 'POST', { department: 'Marketing' });
    const done = await approveAndRunAll(h, run.id);
    const outcomes = await outcomesOf(h.engine, done.id);
    const moved = outcomes.find((o) => o.userId === SALES[2])!;
    expect(moved.outcome).toBe('skipped');
    expect(moved.reason).toContain('no longer matches (department = "Marketing" (the rule needs user.department -eq "Sales"))');
    expect(await directOf(h, SALES[2])).toEqual([]);
    // Once Entra has applied the change the user is out of the group and still licensed, directly.
    await new Promise((r) => setTimeout(r, 2500));
    const member = await h.graph.directMembership(SALES_GROUP, [SALES[2]]);
    expect(member[0]).toMatchObject({ ok: true, value: false });
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('verification waits until Entra has applied a changed rule, then counts the new members', async () => {
    const run = await dynamicRun(h);
    const res = await fetch(`${h.sim.graphUrl}/groups/${SALES_GROUP}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ membershipRule: 'user.department -in ["Sales", "Marketing"]' }),
    });
    expect(res.status).toBe(204);
    const prepared = await h.engine.prepare(run.id);
    expect(prepared.membershipRule).toBe('user.department -in ["Sales", "Marketing"]');
    const phases: string[] = [];
    const report = await h.engine.verify(run.id, { onProgress: (e) => e.type === 'phase' && phases.push(e.message) });
    expect(phases).toContain('Waiting for group "Dynamic: Sales members" to finish membership and license processing');
    // Marketing 12 joined once the rule was applied; disabled 14 and guest 15 now match too.
    expect(report.summary).toMatchObject({ ready: 13, notMember: 5, pending: 0 });
  });

  it('removals stop when the rule is changed during the run', async () => {
    const run = await dynamicRun(h);
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    await h.engine.planBatches(run.id);
    const res = await fetch(`${h.sim.graphUrl}/groups/${SALES_GROUP}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ membershipRule: 'user.department -eq "Marketing"' }),
    });
    expect(res.status).toBe(204);
    const after = await approveAndRunAll(h, run.id);
    expect(after.status).toBe('paused');
    expect(after.pausedReason).toContain('membership rule of group "Dynamic: Sales members" changed');
    for (const id of SALES) expect(await directOf(h, id)).toEqual([]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
