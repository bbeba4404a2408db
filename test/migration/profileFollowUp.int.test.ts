import { approveAndRunAll, directOf, E3, fixture, startHarness, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';
import { followUpRequest } from '../../src/migration/drift';

/**
 * The legacy automation usually hands out one product at a time. After a run of two products (E3 + EMS) it gives a
 * migrated user EMS directly again: the drift card reports them and offers "Start a follow-up run", and that run
 * must move them although nobody holds exactly E3 + EMS directly any more.
 */
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';

describe('the follow-up of a profile run when the automation hands out one of its products', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterEach(() => h.close());

  it('starts, and takes the direct EMS the group covers', async () => {
    const [e3ems] = (await h.engine.licensePlan()).profiles;
    const group = e3ems.group.kind === 'existing' ? { id: e3ems.group.groupId } : { createWithName: e3ems.group.displayName };
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: '', profileKey: e3ems.key, group });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    await h.engine.planBatches(run.id);
    expect((await approveAndRunAll(h, run.id)).status).toBe('completed');
    const [user] = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed').map((o) => o.userId);
    expect((await h.engine.checkDrift(run.id, { owner: 'a' })).baseline).toBe(true);

    await h.control(`/users/${user}/mutate`, 'POST', { setDirect: { skuId: EMS, disabledPlans: [] } });
    expect((await h.engine.checkDrift(run.id, { owner: 'a' })).findings.newDirect.count).toBe(1);

    const follow = await h.engine.createRun(followUpRequest((await h.engine.getRun(run.id))!, { id: 'admin-2' }));
    await h.engine.prepare(follow.id);
    await h.engine.verify(follow.id);
    await h.engine.planBatches(follow.id);
    expect((await approveAndRunAll(h, follow.id)).status).toBe('completed');
    expect(await directOf(h, user, EMS)).toBeNull();
    expect(await directOf(h, user, E3)).toBeNull();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
