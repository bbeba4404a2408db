import { directOf, E3, fixture, processingSettled, startHarness, type Harness } from '../support/engineHarness';
import { approvedProfileRun, EMS } from '../support/profileRuns';
import { outcomesOf } from '../support/runState';

/**
 * A run of two products (E3 + EMS) whose one write applied, after which someone else (the legacy automation, another
 * admin) gave the user EMS directly again before the run read them back: the read-back finds E3 gone and EMS direct.
 * Graph answered the write with success, so the run did remove E3 (and EMS): its removal is checked and credited like
 * any other, never mistaken for "E3 taken by someone else".
 */

/** The E3 + EMS profile run as one approved batch: its first user, and the run's group. */
async function approvedReaddRun(h: Harness) {
  const { run, batch, users } = await approvedProfileRun(h);
  return { run, batch, user: users[0], groupId: run.groupId };
}

/** Whether the user holds E3 through any path that is not in error. */
async function holdsE3(h: Harness, userId: string): Promise<boolean> {
  const u = await h.graph.getUser(userId);
  return !!u?.licenseAssignmentStates.some((s) => s.skuId === E3 && s.state.startsWith('Active'));
}

describe('a run of two products whose write applied, when EMS is given back directly before the read-back', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'), { engine: { leaseMs: 0 } });
  });
  afterEach(() => h.close());

  it('and the user leaves the run’s group at the same time: their E3 is re-added, not lost', async () => {
    const { run, batch, user, groupId } = await approvedReaddRun(h);
    const emsPlans = await directOf(h, user, EMS);
    expect(emsPlans).not.toBeNull();
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${user}/assignLicense`,
      after: [
        { user, setDirect: { skuId: EMS, disabledPlans: emsPlans } },
        { user, removeFromGroup: groupId },
      ],
    });
    await h.engine.executeBatch(run.id, batch.id);
    expect((await h.control('/triggers')).spent[0].fired).toBe(1);
    await processingSettled(h);
    // The run removed E3 and the user is out of the group: only the direct assignment can give E3 now.
    expect(await holdsE3(h, user)).toBe(true);
    const mine = (await outcomesOf(h.engine, run.id)).find((o) => o.userId === user)!;
    expect(mine.reason ?? '').not.toMatch(/someone else/);
  });

  it('and the answer is lost (504, applied) while the user leaves the group: their E3 is re-added, not lost', async () => {
    const { run, batch, user, groupId } = await approvedReaddRun(h);
    const emsPlans = await directOf(h, user, EMS);
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${user}/assignLicense`,
      respond: { status: 504, applied: true },
      after: [
        { user, setDirect: { skuId: EMS, disabledPlans: emsPlans } },
        { user, removeFromGroup: groupId },
      ],
    });
    await h.engine.executeBatch(run.id, batch.id);
    await processingSettled(h);
    // A lost answer cannot tell whose removal it was: what the user would be without is given back either way.
    expect(await holdsE3(h, user)).toBe(true);
    const mine = (await outcomesOf(h.engine, run.id)).find((o) => o.userId === user)!;
    expect(mine.outcome).toBe('failed');
    // What the read after the lost answer finds depends on how far Entra got with the user's leaving: still listed
    // with the license ("left the group"), or already without E3. Either way the direct E3 is given back.
    expect(mine.reason).toMatch(
      /answer was lost \(\w+\),? (the user left the group \(Entra had not yet taken its license away\)|the user no longer holds ENTERPRISEPACK); direct assignment re-added/,
    );
    expect((await h.engine.getRun(run.id))!.status).toBe('paused');
  });

  it('a rollback afterwards gives back the E3 the run removed', async () => {
    const { run, batch, user } = await approvedReaddRun(h);
    const emsPlans = await directOf(h, user, EMS);
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${user}/assignLicense`,
      after: [{ user, setDirect: { skuId: EMS, disabledPlans: emsPlans } }],
    });
    await h.engine.executeBatch(run.id, batch.id);
    await h.engine.rollback(run.id, 'admin-1');
    expect(await directOf(h, user, E3)).not.toBeNull();
    expect(await directOf(h, user, EMS)).not.toBeNull();
  });
});
