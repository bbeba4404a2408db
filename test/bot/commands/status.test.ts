import { ALICE, BOB, MALLORY, cardOf, cardText, preparedRun, startBotHarness, transcript, type BotHarness } from '../../support/botHarness';

describe('status', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 6 });
  });
  afterEach(async () => h.close());

  it('should say there is no run yet', async () => {
    const reply = await h.say(MALLORY, 'status');
    expect(reply[0].text).toMatch(/no migration run.*migrate/);
  });

  it('should show the run status card and keep editing the newest one', async () => {
    const run = await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'status');
    const card = cardOf(reply[0]);
    expect(cardText(card)).toContain(run.id);
    expect(cardText(card)).toMatch(/Verified/);
    // A status change edits that message in place.
    const id = reply[0].id;
    await h.say(BOB, 'pause');
    await h.idle();
    const shown = transcript(h.adapter).find((a) => a.id === id);
    expect(cardText(cardOf(shown))).toMatch(/Paused/i);
  });
});
