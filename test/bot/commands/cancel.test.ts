import { ALICE, BOB, currentRun, preparedRun, startBotHarness, buttonData, type BotHarness } from '../../support/botHarness';

describe('cancel', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4 });
  });
  afterEach(async () => h.close());

  it('should say there is no run yet', async () => {
    expect((await h.say(BOB, 'cancel'))[0].text).toMatch(/no migration run/);
  });

  it('should cancel the run so that no batch can be approved any more', async () => {
    await preparedRun(h, ALICE);
    const approve = buttonData(h, 'batch.approve');
    expect((await h.say(BOB, 'cancel'))[0].text).toMatch(/Cancelled/);
    expect((await currentRun(h)).status).toBe('cancelled');
    const answer = await h.click(BOB, 'batch.approve', approve);
    expect(JSON.stringify(answer.body.value)).toMatch(/cancel/i);
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
    expect((await h.say(BOB, 'cancel'))[0].text).toMatch(/already cancelled/);
  });
});
