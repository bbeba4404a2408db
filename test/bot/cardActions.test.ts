import {
  ALICE,
  BOB,
  EVE,
  MALLORY,
  buttonData,
  cardText,
  currentRun,
  preparedRun,
  startBotHarness,
  transcript,
  cardOf,
  actionsOf,
  type BotHarness,
} from '../support/botHarness';
import { usersOf, usersWithOutcome } from '../support/runState';

describe('batch approvals (four-eyes on, quorum 1)', () => {
  // Each case builds its own tenant and run: none depends on what another one clicked.
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 12, canary: 3 });
    await preparedRun(h, ALICE);
  });
  afterEach(async () => h.close());

  async function refusals() {
    const run = await currentRun(h);
    return (await h.journal.read(run.id)).filter((e) => e.kind === 'action.refused');
  }

  it('should refuse a non-approver with a reason, journal it and change nothing', async () => {
    const data = buttonData(h, 'batch.approve');
    const answer = await h.click(MALLORY, 'batch.approve', data);
    expect(answer.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(answer.body.value).toMatch(/not an approver/);
    const run = await currentRun(h);
    expect(run.batches[0]).toMatchObject({ status: 'planned', approvals: [] });
    expect((await refusals()).at(-1)).toMatchObject({
      actorId: MALLORY.aadObjectId,
      batchId: data.batchId,
      detail: expect.objectContaining({ code: 'notApprover' }),
    });
  });

  it('should not let the requester approve her own run alone', async () => {
    const answer = await h.click(ALICE, 'batch.approve', buttonData(h, 'batch.approve'));
    expect(answer.body.value).toMatch(/another approver must approve/);
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
    expect((await refusals()).at(-1)).toMatchObject({
      actorId: ALICE.aadObjectId,
      detail: expect.objectContaining({ code: 'requesterAlone' }),
    });
  });

  it('should refuse a click from another tenant without writing to the run journal', async () => {
    const before = (await refusals()).length;
    for (let i = 0; i < 5; i++) {
      const answer = await h.click(EVE, 'batch.approve', buttonData(h, 'batch.approve'));
      expect(answer.body.value).toMatch(/not allowed/);
    }
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
    // An outsider has no say in the run's audit trail: the refusals are logged, not journaled.
    expect(await refusals()).toHaveLength(before);
  });

  it('should answer a forged payload with a message (shown under the card, unlike an error) and change nothing', async () => {
    const data = buttonData(h, 'batch.approve');
    const message = { statusCode: 200, type: 'application/vnd.microsoft.activity.message' };
    const extra = await h.click(BOB, 'batch.approve', { ...data, approvedBy: BOB.aadObjectId, quorum: 0 });
    expect(extra.body).toMatchObject(message);
    expect(String(extra.body.value)).toMatch(/unexpected field/);
    const unknownVerb = await h.click(BOB, 'batch.forceRun', data);
    expect(unknownVerb.body).toMatchObject(message);
    const otherRun = await h.click(BOB, 'batch.approve', { ...data, runId: 'no-such-run' });
    expect(otherRun.body).toMatchObject(message);
    expect(String(otherRun.body.value)).toMatch(/no migration run/);
    const otherBatch = await h.click(BOB, 'batch.approve', { ...data, batchId: 'b99' });
    expect(String(otherBatch.body.value)).toMatch(/no batch b99/);
    expect((await currentRun(h)).batches.every((b) => b.approvals.length === 0)).toBe(true);
  });

  it('should answer a stale card with the current card and change nothing', async () => {
    const data = buttonData(h, 'batch.approve');
    const answer = await h.click(BOB, 'batch.approve', { ...data, cardVersion: data.cardVersion + 1 });
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/out of date/);
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
  });

  it('should run the batch when an approver approves, and refuse a second click on the decided card', async () => {
    const data = buttonData(h, 'batch.approve');
    const answer = await h.click(BOB, 'batch.approve', data);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/Approved by Bob Approver/);
    await h.idle();
    const run = await currentRun(h);
    expect(run.batches[0].status).toBe('done');
    const canaryUsers = await usersOf(h.engine, run, run.batches[0]);
    expect([...(await usersWithOutcome(h.engine, run.id, 'removed'))].sort()).toEqual([...canaryUsers].sort());
    expect(run.batches[0].tally).toMatchObject({ removed: canaryUsers.length, skipped: 0, failed: 0 });
    const again = await h.click(BOB, 'batch.approve', data);
    expect(cardText(again.body.value)).toMatch(/already decided/);
    expect((await currentRun(h)).batches[0].approvals).toHaveLength(1);
    // The result and the next batch's card were posted.
    const texts = transcript(h.adapter).map((a) => cardText(cardOf(a)));
    expect(texts.some((t) => new RegExp(`Canary batch 1 of ${run.batches.length} finished`).test(t))).toBe(true);
    expect(texts.some((t) => /Batch b0/.test(t))).toBe(false);
    expect(buttonData(h, 'batch.approve').batchId).toBe(run.batches[1].id);
  });

  it('should pause the run when a batch is rejected, and offer a fresh card after resume', async () => {
    const data = buttonData(h, 'batch.reject');
    const answer = await h.click(BOB, 'batch.reject', data);
    expect(cardText(answer.body.value)).toMatch(/Rejected by Bob Approver/);
    await h.idle();
    let run = await currentRun(h);
    expect(run.status).toBe('paused');
    expect(run.batches.find((b) => b.id === data.batchId)!.status).toBe('rejected');
    expect(transcript(h.adapter).some((a) => /rejected by Bob Approver/.test(a.text ?? ''))).toBe(true);
    // Nothing of the rejected batch was removed.
    const removed = await usersWithOutcome(h.engine, run.id, 'removed');
    expect((await usersOf(h.engine, run, { id: data.batchId })).some((u) => removed.has(u))).toBe(false);

    const reply = await h.say(BOB, 'resume');
    expect(reply.map((a) => a.text).join()).toMatch(/Resumed/);
    await h.idle();
    run = await currentRun(h);
    expect(run.status).not.toBe('paused');
    const fresh = buttonData(h, 'batch.approve');
    expect(fresh.batchId).not.toBe(data.batchId);
    expect(run.batches.find((b) => b.id === fresh.batchId)!.status).toBe('planned');
    const card = cardOf(transcript(h.adapter).find((a) => actionsOf(cardOf(a)).some((x) => x.data.batchId === fresh.batchId)));
    expect(cardText(card)).toMatch(/Approve/);
  });
});

describe('batch approvals with a quorum of 2', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ users: 6, canary: 3, quorum: 2 });
    await preparedRun(h, ALICE);
  });
  afterAll(async () => h.close());

  it('should wait for the second approver and let the requester complete the quorum', async () => {
    const first = buttonData(h, 'batch.approve');
    const bob = await h.click(BOB, 'batch.approve', first);
    expect(cardText(bob.body.value)).toMatch(/Approval recorded \(1 of 2\)/);
    await h.idle();
    // Alice's old card is now stale; the shared card was updated with a new version.
    const stale = await h.click(ALICE, 'batch.approve', first);
    expect(cardText(stale.body.value)).toMatch(/out of date/);
    const current = buttonData(h, 'batch.approve');
    expect(current.cardVersion).not.toBe(first.cardVersion);
    const alice = await h.click(ALICE, 'batch.approve', current);
    expect(cardText(alice.body.value)).toMatch(/Approved by/);
    await h.idle();
    expect((await currentRun(h)).batches[0].status).toBe('done');
  });
});
