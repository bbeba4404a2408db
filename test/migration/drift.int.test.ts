import { MigrationService } from '../../src/migration/engine';
import { FileJournal, FileRunStore } from '../../src/storage';
import type { DriftCheck } from '../../src/migration/drift';
import { cohortKey } from '../../src/migration/cohorts';
import type { Run } from '../../src/migration/types';
import { approveAndRunAll, processingSettled, startHarness, E3, type Harness } from '../support/engineHarness';
import { ALL_USERS, smallContoso } from '../support/botHarness';

const DAY = 86_400_000;
const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
/** Holds E3 directly without Yammer and is not in the group: outside the run's cohort and scope. */
const OUTSIDER = { id: '00000000-0000-4000-8000-00000000a001', userPrincipalName: 'outsider@contoso.onmicrosoft.com' };
/** No license at all, not in the group: joins it later when no unit is free. */
const SEATLESS = { id: '00000000-0000-4000-8000-00000000a002', userPrincipalName: 'seatless@contoso.onmicrosoft.com' };

describe('drift watch after a completed run (engine against the simulator over HTTP)', () => {
  let h: Harness;
  let run: Run;
  let migrated: { id: string; userPrincipalName: string }[];

  const check = (engine: MigrationService = h.engine, owner = 'instance-a') => engine.checkDrift(run.id, { owner });
  const mutateUser = (id: string, body: unknown) => h.control(`/users/${id}/mutate`, 'POST', body);
  /** A second bot instance: its own engine and its own stores on the same directory. */
  const otherInstance = (extra: Partial<ConstructorParameters<typeof MigrationService>[0]> = {}) =>
    new MigrationService({
      graph: h.graph,
      runs: new FileRunStore(h.dir!),
      journal: new FileJournal(h.dir!),
      pollIntervalMs: 50,
      ...extra,
    });
  const posted = async (c: DriftCheck) => {
    if (c.notice) await h.engine.driftNoticePosted(run.id, c.notice.seq);
  };

  beforeAll(async () => {
    const fx = smallContoso(12) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    fx.users = [
      { ...OUTSIDER, displayName: 'Outsider', usageLocation: 'US', assignedLicenses: [{ skuId: E3, disabledPlans: [YAMMER] }] },
      { ...SEATLESS, displayName: 'Seatless', usageLocation: 'US', assignedLicenses: [] },
    ];
    h = await startHarness(fx, { file: true });
    // The fixture puts every user in the group; these two start outside it.
    for (const u of [OUTSIDER, SEATLESS]) await mutateUser(u.id, { removeFromGroup: ALL_USERS });
    const created = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: ALL_USERS } });
    await h.engine.prepare(created.id);
    await h.engine.verify(created.id);
    await h.engine.planBatches(created.id);
    run = await approveAndRunAll(h, created.id);
    expect(run.status).toBe('completed');
    const removed: string[] = [];
    for await (const o of h.engine.outcomes(run.id)) if (o.outcome === 'removed') removed.push(o.userId);
    expect(removed).toHaveLength(12);
    migrated = (await h.graph.getUsers(removed.slice(0, 4))).map((r) => {
      if (!r.ok) throw new Error(`could not read ${r.id}`);
      return { id: r.id, userPrincipalName: r.value.userPrincipalName };
    });
    await processingSettled(h);
  }, 60_000);
  afterAll(async () => h?.close());

  it('should refuse a run that has not completed and a run that does not exist, changing nothing', async () => {
    const other = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: E3,
      group: { id: ALL_USERS },
      cohortKey: cohortKey(E3, [YAMMER]),
    });
    await expect(h.engine.checkDrift(other.id, { owner: 'a' })).rejects.toThrow(
      /is created; the drift watch starts once a run has completed/,
    );
    await h.engine.cancel(other.id, 'admin-1');
    await expect(h.engine.checkDrift('no-such-run', { owner: 'a' })).rejects.toThrow(/No run with id no-such-run/);
    await expect(h.engine.checkDrift(run.id, { owner: ' ' })).rejects.toThrow(/needs the id of who checks/);
    expect((await h.engine.getRun(run.id))!.drift).toBeUndefined();
  });

  it('should start the watch with the first check and post nothing', async () => {
    // Joins the group holding E3 directly (a cohort the run left alone): part of the watch's starting point.
    await mutateUser(OUTSIDER.id, { addToGroup: ALL_USERS });
    await processingSettled(h);
    const first = await check();
    expect(first.baseline).toBe(true);
    expect(first.notice).toBeNull();
    expect(first.findings.newDirect.count).toBe(0);
    expect(first.findings.leftGroup.count).toBe(0);
    expect(first.findings.errors.count).toBe(0);
    const stored = (await h.engine.getRun(run.id))!;
    expect(stored.drift).toMatchObject({
      seq: 0,
      since: run.batches
        .map((b) => b.finishedAt!)
        .sort()
        .at(-1),
    });
    expect(await h.runs.readUserList(run.id, stored.drift!.baselineListId)).toEqual([OUTSIDER.id]);
  });

  it('should claim one card naming a user the legacy automation assigned directly after the run, then stay quiet', async () => {
    await mutateUser(migrated[0].id, { setDirect: { skuId: E3 } });
    const found = await check();
    expect(found.notice).toMatchObject({ seq: 1, changes: true, retire: false, claimedBy: 'instance-a' });
    expect(found.findings.newDirect).toMatchObject({
      count: 1,
      sample: [{ userId: migrated[0].id, userPrincipalName: migrated[0].userPrincipalName }],
    });
    expect(found.findings.leftGroup.count).toBe(0);
    await posted(found);

    const again = await check();
    expect(again.notice).toBeNull();
    expect(again.findings.newDirect.count).toBe(1);
    expect((await h.engine.getRun(run.id))!.drift!.notice).toMatchObject({ seq: 1, postedAt: expect.any(String) });
  });

  it('should name a user who left the group but still holds a direct assignment', async () => {
    await mutateUser(OUTSIDER.id, { removeFromGroup: ALL_USERS });
    await processingSettled(h);
    const found = await check();
    expect(found.notice).toMatchObject({ seq: 2, changes: true });
    expect(found.findings.leftGroup).toMatchObject({ count: 1, sample: [{ userId: OUTSIDER.id }] });
    expect(found.findings.newDirect.count).toBe(1);
    await posted(found);
  });

  it('should report group members whose license is in error', async () => {
    const { consumedUnits } = await h.control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: 1000 } });
    await h.control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: consumedUnits } });
    await mutateUser(SEATLESS.id, { addToGroup: ALL_USERS });
    await processingSettled(h);
    const found = await check();
    expect(found.notice).toMatchObject({ seq: 3, changes: true });
    expect(found.findings.errors).toMatchObject({ count: 1, sample: [{ userId: SEATLESS.id, error: 'CountViolation' }] });
    await posted(found);
    await h.control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: 1000 } });
  });

  it('should let exactly one of two instances on the same store claim the card', async () => {
    await mutateUser(migrated[1].id, { setDirect: { skuId: E3 } });
    const second = otherInstance();
    const results = await Promise.all([check(h.engine, 'instance-a'), check(second, 'instance-b'), check(otherInstance(), 'instance-c')]);
    const claimed = results.filter((r) => r.notice);
    expect(claimed).toHaveLength(1);
    expect(results.every((r) => r.findings.newDirect.count === 2)).toBe(true);
    await posted(claimed[0]);
    expect((await check(second, 'instance-b')).notice).toBeNull();
  });

  it('should claim the card again when the instance that claimed it stopped before posting it', async () => {
    await mutateUser(migrated[2].id, { setDirect: { skuId: E3 } });
    const lost = await check(h.engine, 'instance-a');
    expect(lost.notice).not.toBeNull();
    // instance-a stops here without posting; while its claim holds nobody else posts.
    const meanwhile = await check(otherInstance(), 'instance-b');
    expect(meanwhile.notice).toBeNull();
    const later = await check(otherInstance({ now: () => new Date(Date.now() + 60 * 60_000) }), 'instance-b');
    expect(later.notice).toMatchObject({ seq: lost.notice!.seq + 1, changes: true, claimedBy: 'instance-b' });
    await posted(later);
  });

  it('should say once that the legacy automation can be retired after the quiet period, and again only after a new quiet period', async () => {
    const at = (days: number) => otherInstance({ now: () => new Date(Date.now() + days * DAY), driftQuietMs: 30 * DAY });
    const quiet = await check(at(31), 'instance-b');
    expect(quiet.notice).toMatchObject({ retire: true, changes: false });
    await posted(quiet);
    expect((await check(at(32), 'instance-b')).notice).toBeNull();

    // A new direct assignment starts a new quiet period.
    await mutateUser(migrated[3].id, { setDirect: { skuId: E3 } });
    const fresh = await check(at(10), 'instance-b');
    expect(fresh.notice).toMatchObject({ changes: true, retire: false });
    await posted(fresh);
    const retired = await check(at(41), 'instance-b');
    expect(retired.notice).toMatchObject({ retire: true });
    await posted(retired);
    expect((await check(at(42), 'instance-b')).notice).toBeNull();
  });

  it('should give a claim back when posting failed, so the next check posts it', async () => {
    await mutateUser(migrated[0].id, { removeDirect: E3 });
    const found = await check();
    expect(found.notice).not.toBeNull();
    await h.engine.driftNoticeFailed(run.id, found.notice!.seq);
    const next = await check(otherInstance(), 'instance-b');
    expect(next.notice).toMatchObject({ seq: found.notice!.seq + 1, changes: true });
    expect(next.findings.newDirect.count).toBe(found.findings.newDirect.count);
    expect(h.sim.invariants()).toEqual([]);
  });

  it('should let one of several instances start the follow-up run, and give the claim back when creating it failed', async () => {
    const instances = [h.engine, otherInstance(), otherInstance()];
    const claims = await Promise.all(instances.map((e, i) => e.claimFollowUp(run.id, `click-${i}`)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = `click-${claims.indexOf(true)}`;
    // Creating the run failed: the claim goes back and the next click may try.
    await h.engine.settleFollowUp(run.id, winner);
    expect(await otherInstance().claimFollowUp(run.id, 'click-again')).toBe(true);
    await h.engine.settleFollowUp(run.id, 'click-again', 'the-follow-up-run');
    expect((await h.engine.getRun(run.id))!.drift!.followUp).toMatchObject({ by: 'click-again', runId: 'the-follow-up-run' });
    // Once a follow-up exists nobody starts a second one.
    expect(await otherInstance().claimFollowUp(run.id, 'late-click')).toBe(false);
  });
});
