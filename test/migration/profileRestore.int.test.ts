import { directOf, E3, fixture, startHarness, type Harness } from '../support/engineHarness';
import { approvedProfileRun, EMS } from '../support/profileRuns';

/**
 * Giving back several products (fixtures/license-profiles.json, E3 + EMS): one assignLicense per user with every
 * product, as the removal took them, and per product the same guarantees as a restore of one.
 */

/** A plan of EMS, for a direct assignment of EMS that is not the run's. */
const EMS_PLAN = '41781fb2-bc02-4b7c-bd55-b576c07bb09d';

async function userWrites(h: Harness): Promise<number> {
  return (await h.control('/stats')).requests?.['POST /users/{id}/assignLicense'] ?? 0;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const trigger = (h: Harness, body: Record<string, unknown>): Promise<any> => h.control('/triggers', 'POST', body);

/** The E3 + EMS profile's canary of four, executed: every user's E3 and EMS went in one write. */
async function executedCanary(h: Harness) {
  const { run, batch, users } = await approvedProfileRun(h, 4);
  expect(await h.engine.executeBatch(run.id, batch.id)).toMatchObject({ removed: users.length, failed: 0 });
  for (const id of users) expect([await directOf(h, id, E3), await directOf(h, id, EMS)]).toEqual([null, null]);
  return { run, users };
}

async function waitUntil(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not ${what} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('restoring several products of one user in one write', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterEach(() => h.close());

  it('rollback of an E3 + EMS run sends one write per user and gives both products back', async () => {
    const { run, users } = await executedCanary(h);
    const before = await userWrites(h);
    const outcomes = await h.engine.rollback(run.id, 'admin-1');
    expect(outcomes.map((o) => o.outcome)).toEqual(users.map(() => 'restored'));
    expect((await userWrites(h)) - before).toBe(users.length);
    for (const id of users) expect([await directOf(h, id, E3), await directOf(h, id, EMS)]).toEqual([[], []]);
    // One intent naming both, and one result naming both.
    const entries = (await h.journal.read(run.id)).filter((e) => e.userId === users[0] && e.detail?.phase === 'rollback');
    expect(entries.map((e) => [e.kind, e.undoAll?.map((u) => u.skuId)])).toEqual([
      ['license.restoring', [E3, EMS]],
      ['license.restored', [E3, EMS]],
    ]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('one product without free units: Graph refuses the write whole, the other still comes back and the failure names the short one', async () => {
    const { run, users } = await executedCanary(h);
    const victim = users[1];
    // The victim leaves the group: neither product is held any more, and EMS's last free unit goes elsewhere.
    await h.control(`/users/${victim}/mutate`, 'POST', { removeFromGroup: run.groupId });
    await waitUntil('out of the group', async () => ((await h.graph.getUser(victim))?.licenseAssignmentStates ?? []).length === 0);
    const ems = (await h.graph.listSkus()).find((s) => s.skuId === EMS)!;
    await h.control(`/skus/${EMS}/mutate`, 'POST', { prepaidUnits: { enabled: ems.consumedUnits } });

    const before = await userWrites(h);
    const outcomes = await h.engine.rollback(run.id, 'admin-1');
    const mine = outcomes.find((o) => o.userId === victim)!;
    expect(mine).toMatchObject({ outcome: 'failed', code: 'restoreFailed' });
    expect(mine.reason).toBe(`restore failed: ${EMS}: noFreeUnits: Subscription with SKU ${EMS} does not have any available licenses.`);
    expect(mine.detail).toEqual({
      kind: 'rollback',
      failure: expect.objectContaining({ kind: 'graph', failure: 'noFreeUnits', sku: EMS }),
    });
    expect(outcomes.filter((o) => o.userId !== victim).map((o) => o.outcome)).toEqual(users.slice(0, 3).map(() => 'restored'));
    // E3 is back, EMS could not be.
    expect([await directOf(h, victim, E3), await directOf(h, victim, EMS)]).toEqual([[], null]);
    // The others: one write each. The victim: the refused write, then one per product.
    expect((await userWrites(h)) - before).toBe(users.length - 1 + 3);
    const results = (await h.journal.read(run.id)).filter(
      (e) => e.userId === victim && (e.kind === 'license.restored' || e.kind === 'license.restoreFailed'),
    );
    expect(results.map((e) => [e.kind, e.undo?.skuId, e.undoAll])).toEqual([
      ['license.restored', E3, undefined],
      ['license.restoreFailed', EMS, undefined],
    ]);
  });

  it('a refusal about the user, not a product (no usage location), is not sent again product by product', async () => {
    const { run, users } = await executedCanary(h);
    const victim = users[3];
    await h.control(`/users/${victim}/mutate`, 'POST', { usageLocation: null });
    const before = await userWrites(h);
    const outcomes = await h.engine.rollback(run.id, 'admin-1');
    const mine = outcomes.find((o) => o.userId === victim)!;
    expect(mine).toMatchObject({ outcome: 'failed', code: 'restoreFailed' });
    expect(mine.detail).toEqual({
      kind: 'rollback',
      failure: expect.objectContaining({ kind: 'graph', failure: 'usageLocationMissing', sku: E3 }),
    });
    expect((await userWrites(h)) - before).toBe(users.length);
    const failed = (await h.journal.read(run.id)).find((e) => e.userId === victim && e.kind === 'license.restoreFailed')!;
    expect(failed.undoAll?.map((u) => u.skuId)).toEqual([E3, EMS]);
  });

  it('a lost answer (504, applied) is confirmed by reading the user, without a second write', async () => {
    const { run, users } = await executedCanary(h);
    const victim = users[2];
    await trigger(h, { method: 'POST', path: `/users/${victim}/assignLicense`, respond: { status: 504, applied: true } });
    const before = await userWrites(h);
    const outcomes = await h.engine.rollback(run.id, 'admin-1');
    expect(outcomes.map((o) => o.outcome)).toEqual(users.map(() => 'restored'));
    expect((await userWrites(h)) - before).toBe(users.length);
    expect([await directOf(h, victim, E3), await directOf(h, victim, EMS)]).toEqual([[], []]);
    expect((await h.control('/triggers')).spent.map((t: { fired: number }) => t.fired)).toEqual([1]);
  });

  it('a different direct assignment of one product appearing meanwhile is left as it is; the other is sent again alone', async () => {
    const { run, users } = await executedCanary(h);
    const victim = users[0];
    // The write is lost before Graph applies it, and someone assigns EMS directly with a plan off meanwhile.
    await trigger(h, {
      method: 'POST',
      path: `/users/${victim}/assignLicense`,
      respond: { status: 504, applied: false },
      after: [{ user: victim, setDirect: { skuId: EMS, disabledPlans: [EMS_PLAN] } }],
    });
    const before = await userWrites(h);
    const outcomes = await h.engine.rollback(run.id, 'admin-1');
    const mine = outcomes.find((o) => o.userId === victim)!;
    expect(mine).toMatchObject({ outcome: 'failed', code: 'restoreFailed' });
    expect(mine.reason).toBe(`restore failed: ${EMS}: a different direct assignment appeared meanwhile; left as it is`);
    expect(mine.detail).toEqual({ kind: 'rollback', failure: { kind: 'otherAssignment', sku: EMS } });
    expect([await directOf(h, victim, E3), await directOf(h, victim, EMS)]).toEqual([[], [EMS_PLAN]]);
    // The lost write, then E3 alone.
    expect((await userWrites(h)) - before).toBe(users.length + 1);
  });
});
