import { ALICE, MALLORY, cardOf, cardText, preparedRun, startBotHarness, type BotHarness } from '../../support/botHarness';

describe('spotcheck', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4 });
  });
  afterEach(async () => h.close());

  it('should explain its usage when the user is missing or malformed', async () => {
    expect((await h.say(MALLORY, 'spotcheck'))[0].text).toMatch(/Usage: `spotcheck` followed by a user principal name or an object id/);
    expect((await h.say(MALLORY, 'spotcheck drop table'))[0].text).toMatch(/neither a user principal name nor an object id/);
  });

  it('should show direct and inherited services of one user side by side', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'spotcheck user000001@contoso.onmicrosoft.com');
    const text = cardText(cardOf(reply[0]));
    expect(text).toMatch(/Spot check: user000001@contoso\.onmicrosoft\.com/);
    expect(text).toMatch(/Direct/);
    expect(text).toMatch(/All users/);
  });

  it('should say clearly when the user does not exist', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'spotcheck nobody@contoso.onmicrosoft.com');
    expect(reply[0].text).toMatch(/Could not run `spotcheck`: .*nobody@contoso\.onmicrosoft\.com/);
  });
});
