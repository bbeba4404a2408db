import {
  ALICE,
  BOB,
  TENANT,
  actionsOf,
  buttonData,
  cardOf,
  cardText,
  currentRun,
  lastCardWith,
  preparedRun,
  startBotHarness,
  type BotHarness,
  type TestUser,
} from '../support/botHarness';

// In a channel one approver may type `migrate` and another pick the group: both shaped the run, so under
// four-eyes neither of them approves it alone.
const CAROL: TestUser = { aadObjectId: 'ca201000-0000-4000-8000-000000000005', name: 'Carol Reviewer', tenantId: TENANT };

describe('four-eyes knows who shaped the run in a channel', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 8, canary: 2, policy: { approverIds: [ALICE.aadObjectId, BOB.aadObjectId, CAROL.aadObjectId] } });
  });
  afterEach(() => h.close());

  it('records the approver who chose SKU and group, refuses their lone approval, and takes one from someone who did not', async () => {
    const run = await preparedRun(h, ALICE, { sku: BOB, group: BOB });
    expect(run).toMatchObject({ requestedBy: ALICE.aadObjectId, shapedBy: [{ id: BOB.aadObjectId, name: BOB.name }] });
    expect(cardText(cardOf(lastCardWith(h.adapter, 'batch.approve')))).toContain('Alice Admin, with choices by Bob Approver');

    const byBob = await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
    expect(JSON.stringify(byBob.body)).toContain('You made choices that shaped this run');
    await h.idle();
    expect((await currentRun(h)).batches[0]).toMatchObject({ status: 'planned', approvals: [] });
    expect(await h.journal.read(run.id)).toContainEqual(
      expect.objectContaining({
        kind: 'action.refused',
        actorId: BOB.aadObjectId,
        detail: expect.objectContaining({ code: 'requesterAlone' }),
      }),
    );

    const byCarol = await h.click(CAROL, 'batch.approve', buttonData(h, 'batch.approve'));
    expect(actionsOf(byCarol.body.value)).toEqual([]);
    await h.idle();
    expect((await currentRun(h)).batches[0].status).toBe('done');
  });

  it('keeps the requester alone as the author when nobody else answered', async () => {
    const run = await preparedRun(h, ALICE);
    expect(run.shapedBy).toBeUndefined();
    const byBob = await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
    expect(actionsOf(byBob.body.value)).toEqual([]);
    await h.idle();
    expect((await currentRun(h)).batches[0].status).toBe('done');
  });
});
