import { ALICE, ALL_USERS, BOB, MALLORY, cardOf, cardText, preparedRun, startBotHarness, type BotHarness } from '../../support/botHarness';

describe('spotcheck', () => {
  let h: BotHarness;
  beforeEach(async () => {
    // One account that exists in the tenant but has nothing to do with the run.
    const outsider = {
      id: '0075e000-0000-4000-8000-000000000001',
      userPrincipalName: 'outsider@contoso.onmicrosoft.com',
      displayName: 'Outsider',
      usageLocation: 'US',
      assignedLicenses: [],
    };
    h = await startBotHarness({ users: 4, patchFixture: (f) => void (f.users = [outsider]) });
  });
  afterEach(async () => h.close());

  it('should explain its usage when the user is missing or malformed', async () => {
    expect((await h.say(BOB, 'spotcheck'))[0].text).toMatch(/Usage: `spotcheck` followed by a user principal name or an object id/);
    expect((await h.say(BOB, 'spotcheck drop table'))[0].text).toMatch(/neither a user principal name nor an object id/);
  });

  it('should show direct and inherited services of one user side by side', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(BOB, 'spotcheck user000001@contoso.onmicrosoft.com');
    const text = cardText(cardOf(reply[0]));
    expect(text).toMatch(/Spot check: user000001@contoso\.onmicrosoft\.com/);
    expect(text).toMatch(/Direct/);
    expect(text).toMatch(/All users/);
  });

  it('should give the same answer for a stranger to the run as for an account that does not exist', async () => {
    await preparedRun(h, ALICE);
    const nobody = await h.say(BOB, 'spotcheck nobody@contoso.onmicrosoft.com');
    expect(nobody[0].text).toMatch(/Could not run `spotcheck`: nobody@contoso\.onmicrosoft\.com is not among the users of this run/);
    // The fixture makes every user a member: the outsider leaves the group, so the run has nothing to do with them.
    await fetch(`${h.sim.url}/_sim/users/0075e000-0000-4000-8000-000000000001/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ removeFromGroup: ALL_USERS }),
    });
    const outsider = await h.say(BOB, 'spotcheck outsider@contoso.onmicrosoft.com');
    expect(outsider[0].text).toBe(nobody[0].text!.replace('nobody@', 'outsider@'));
  });

  it('should refuse a non-approver: what a run found about users is for its approvers', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'spotcheck user000001@contoso.onmicrosoft.com');
    expect(reply[0].text).toMatch(/not an approver.*Nothing was changed/);
  });
});
