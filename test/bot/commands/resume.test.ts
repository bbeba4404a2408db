import { ALICE, BOB, MALLORY, buttonData, currentRun, preparedRun, startBotHarness, type BotHarness } from '../../support/botHarness';

describe('resume', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4 });
  });
  afterEach(async () => h.close());

  it('should say there is nothing to resume when the run is not paused', async () => {
    await preparedRun(h, ALICE);
    expect((await h.say(BOB, 'resume'))[0].text).toMatch(/not paused/);
  });

  it('should refuse a non-approver', async () => {
    await preparedRun(h, ALICE);
    await h.say(BOB, 'pause');
    expect((await h.say(MALLORY, 'resume'))[0].text).toMatch(/not an approver/);
    expect((await currentRun(h)).status).toBe('paused');
  });

  it('should resume and post the pending approval card again', async () => {
    await preparedRun(h, ALICE);
    await h.say(BOB, 'pause');
    const before = h.adapter.sent.length;
    expect((await h.say(BOB, 'resume'))[0].text).toMatch(/Resumed/);
    await h.idle();
    const run = await currentRun(h);
    expect(run.status).not.toBe('paused');
    expect(h.adapter.sent.length).toBeGreaterThan(before);
    expect(buttonData(h, 'batch.approve').batchId).toBe(run.batches[0].id);
  });
});
