import { ALICE, BOB, MALLORY, buttonData, cardOf, cardText, preparedRun, startBotHarness, type BotHarness } from '../../support/botHarness';

describe('report', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4, canary: 4 });
  });
  afterEach(async () => h.close());

  it('should say there is no run yet', async () => {
    expect((await h.say(BOB, 'report'))[0].text).toMatch(/no migration run/);
  });

  it('should show totals of the run to an approver', async () => {
    await preparedRun(h, ALICE);
    await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
    await h.idle();
    const reply = await h.say(BOB, 'report');
    const text = cardText(cardOf(reply[0]));
    expect(text).toMatch(/Removed/);
    expect(text).toMatch(/4/);
  });

  it('should name who requested the run and who approved each batch', async () => {
    await preparedRun(h, ALICE);
    await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
    await h.idle();
    const text = cardText(cardOf((await h.say(BOB, 'report'))[0]));
    expect(text).toContain(`Alice Admin (${ALICE.aadObjectId})`);
    expect(text).toContain('Approved by Bob Approver');
    expect(text).toContain(`Bob Approver (${BOB.aadObjectId}): approved 1 batch`);
  });

  it('should refuse a non-approver: what a run found about users is for its approvers', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'report');
    expect(reply[0].text).toMatch(/not an approver.*Nothing was changed/);
  });
});
