import {
  ALICE,
  BOB,
  MALLORY,
  actionsOf,
  cardOf,
  cardText,
  preparedRun,
  startBotHarness,
  transcript,
  withNoSeatUsers,
  type BotHarness,
} from '../../support/botHarness';

describe('errors', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 6, patchFixture: withNoSeatUsers });
  });
  afterEach(async () => h.close());

  it('should say there is no run yet', async () => {
    const reply = await h.say(BOB, 'errors');
    expect(reply[0].text).toMatch(/no migration run/);
  });

  it('should list users in an error state with cause and fix, for an approver', async () => {
    await preparedRun(h, ALICE);
    // The verification posted the error card on its own already.
    expect(transcript(h.adapter).some((a) => /no\.seat1@contoso/.test(cardText(cardOf(a))))).toBe(true);
    const reply = await h.say(BOB, 'errors');
    const text = cardText(cardOf(reply[0]));
    expect(text).toMatch(/no\.seat1@contoso\.onmicrosoft\.com/);
    expect(text).toMatch(/no\.seat2@contoso\.onmicrosoft\.com/);
    expect(text).toMatch(/Fix/i);
  });

  it('should page through error users with the errors.page action', async () => {
    const run = await preparedRun(h, ALICE);
    const answer = await h.click(BOB, 'errors.page', { runId: run.id, page: 0 });
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/no\.seat1/);
    // Paging and reprocessing the page's users in error: nothing else is offered on this card.
    expect(actionsOf(answer.body.value).every((a) => a.verb === 'errors.page' || a.verb === 'errors.reprocess')).toBe(true);
    const bad = await h.click(BOB, 'errors.page', { runId: run.id, page: -1 });
    expect(bad.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(bad.body.value)).toMatch(/page must be 0 or more/);
  });

  it('should refuse a non-approver: what a run found about users is for its approvers', async () => {
    await preparedRun(h, ALICE);
    const reply = await h.say(MALLORY, 'errors');
    expect(reply[0].text).toMatch(/not an approver.*Nothing was changed/);
  });
});
