import { ALICE, BOB, MALLORY, cardOf, cardText, preparedRun, startBotHarness, type BotHarness } from '../../support/botHarness';

describe('verify', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 6 });
  });
  afterEach(async () => h.close());

  it('should say there is no run yet', async () => {
    expect((await h.say(BOB, 'verify'))[0].text).toMatch(/no migration run/);
  });

  it('should classify the users again and post the verification card', async () => {
    await preparedRun(h, ALICE);
    const before = h.adapter.sent.length;
    const reply = await h.say(BOB, 'verify');
    expect(reply[0].text).toMatch(/Verifying the users of Office 365 E3 against All users/);
    await h.idle();
    const posted = h.adapter.sent
      .slice(before)
      .map((a) => cardText(cardOf(a)))
      .join('\n');
    expect(posted).toMatch(/Ready/);
    expect(posted).toMatch(/6/);
  });

  it('should refuse a non-approver: what a run found about users is for its approvers', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'verify');
    expect(reply[0].text).toMatch(/not an approver.*Nothing was changed/);
  });
});
