import {
  ALICE,
  ALL_USERS,
  BOB,
  E3,
  MALLORY,
  buttonData,
  cardOf,
  cardText,
  currentRun,
  preparedRun,
  startBotHarness,
  type BotHarness,
} from '../../support/botHarness';

describe('pause', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4 });
  });
  afterEach(async () => h.close());

  it('should say there is no run yet', async () => {
    expect((await h.say(BOB, 'pause'))[0].text).toMatch(/no migration run/);
  });

  it('should refuse a non-approver and journal the refusal', async () => {
    const run = await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'pause');
    expect(reply[0].text).toMatch(/not an approver.*Nothing was changed/);
    expect((await currentRun(h)).status).toBe('verified');
    const refused = (await h.journal.read(run.id)).filter((e) => e.kind === 'action.refused');
    expect(refused.at(-1)).toMatchObject({ actorId: MALLORY.aadObjectId, detail: expect.objectContaining({ action: 'pause' }) });
  });

  it('should pause the run with a reason and refuse approvals while paused', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(BOB, 'pause maintenance window');
    expect(reply[0].text).toMatch(/Paused/);
    const run = await currentRun(h);
    expect(run).toMatchObject({ status: 'paused', pausedReason: 'maintenance window' });
    expect((await h.say(BOB, 'pause'))[0].text).toMatch(/already paused: maintenance window/);
    const batch = run.batches[0];
    const answer = await h.click(BOB, 'batch.approve', { runId: run.id, batchId: batch.id, cardVersion: 0 });
    // Answered on the approval card itself, which keeps its buttons for when the run resumes.
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/The run is paused \(maintenance window\); batches can be approved only while it runs/);
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
  });

  it('should record who paused without a reason, whatever language they typed it in', async () => {
    await preparedRun(h, ALICE);
    await h.say(BOB, 'pause', { locale: 'nl-NL' });
    expect(await currentRun(h)).toMatchObject({ status: 'paused', pauseCause: { kind: 'pausedBy', by: 'Bob Approver' } });
    expect((await h.say(ALICE, 'pause'))[0].text).toMatch(/already paused: paused by Bob Approver/);
    expect((await h.say(ALICE, 'pause', { locale: 'nl-NL' }))[0].text).toMatch(/gepauzeerd door Bob Approver/);
  });

  it('should refuse to pause a run whose pre-flight is not confirmed yet, as the status card button does', async () => {
    const personal = { conversation: { id: 'a:bob-personal', conversationType: 'personal', tenantId: BOB.tenantId } as never };
    for (const answer of ['migrate', 'enterprisepack', 'All users']) await h.say(BOB, answer, personal);
    expect((await currentRun(h)).status).toBe('created');
    expect((await h.say(BOB, 'pause', personal))[0].text).toBe('The run is created, so there is nothing to pause.');
    expect((await currentRun(h)).status).toBe('created');
  });

  it('should pause from the status card button too', async () => {
    await preparedRun(h, ALICE);
    await h.say(BOB, 'status');
    const run = await currentRun(h);
    const data = buttonData(h, 'run.pause');
    expect(data.runId).toBe(run.id);
    const answer = await h.click(BOB, 'run.pause', data);
    expect(cardText(answer.body.value)).toMatch(/Paused/i);
    // No words of the clicker's: the run records who paused it, said in each reader's language.
    expect(await currentRun(h)).toMatchObject({
      status: 'paused',
      pausedReason: 'paused by Bob Approver',
      pauseCause: { kind: 'pausedBy', by: 'Bob Approver' },
    });
    await h.idle();
    expect(h.adapter.sent.some((a) => /paused the run/.test(a.text ?? '') || /paused the run/.test(cardText(cardOf(a))))).toBe(true);
  });

  describe('naming a run other than the one of the conversation', () => {
    /** Run #1 is left at its pre-flight card; #2, prepared and verified, is the conversation's run. */
    async function twoRuns() {
      await h.say(ALICE, 'migrate');
      await h.click(ALICE, 'migrate.sku', { skuId: E3 });
      await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
      const first = (await h.engine.listRuns())[0];
      const second = await preparedRun(h, ALICE);
      return { first, second };
    }

    it.each([
      ['its id', (r: { id: string }) => r.id],
      ['its name', () => 'E3 → All users · #1'],
    ])("pause <%s> is about that run, never the conversation's", async (_, reference) => {
      const { first, second } = await twoRuns();
      const [reply] = await h.say(BOB, `pause ${reference(first)}`);
      // #1 has not been confirmed: the refusal is about it, and #2 runs on.
      expect(reply.text).toBe('The run is created, so there is nothing to pause.');
      expect((await h.engine.getRun(second.id))!.status).toBe('verified');
      expect((await h.engine.getRun(first.id))!.status).toBe('created');
    });

    it('pause <id> <reason> pauses the named run with that reason and says which run it paused', async () => {
      const { second } = await twoRuns();
      const replies = await h.say(BOB, `pause ${second.id} HR freeze`);
      expect(replies[0].text).toContain('Paused **E3 → All users · \\#2**');
      expect((await h.engine.getRun(second.id))!).toMatchObject({ status: 'paused', pausedReason: 'HR freeze' });
    });
  });
});
