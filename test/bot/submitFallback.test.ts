import { ALICE, BOB, buttonData, cardOf, cardText, currentRun, preparedRun, startBotHarness, type BotHarness } from '../support/botHarness';

describe('card data posted as a message (Action.Submit hosts)', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 3, canary: 3 });
    await preparedRun(h, ALICE);
  });
  afterEach(async () => h.close());

  it('should refuse a malformed payload with a clear message', async () => {
    const reply = await h.say(BOB, '', { value: { verb: 'batch.approve', runId: '../../etc', batchId: 'b0', cardVersion: 0 } });
    expect(reply[0].text).toMatch(/Refused 'batch.approve': runId must be an id/);
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
  });

  it('should run the same handler and reply with the updated card', async () => {
    const { runId, batchId, cardVersion } = buttonData(h, 'batch.approve');
    const reply = await h.say(BOB, '', { value: { verb: 'batch.approve', runId, batchId, cardVersion } });
    expect(cardText(cardOf(reply[0]))).toMatch(/Approved by Bob Approver/);
    await h.idle();
    expect((await currentRun(h)).status).toBe('completed');
  });
});
