import {
  E3,
  ALICE,
  ALL_USERS,
  BOB,
  MALLORY,
  actionsOf,
  cardOf,
  cardText,
  startBotHarness,
  type BotHarness,
} from '../../support/botHarness';

const personal = { conversation: { id: 'a:alice-personal', conversationType: 'personal', tenantId: ALICE.tenantId } as never };

describe('migrate', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 8 });
  });
  afterEach(async () => h.close());

  it('should refuse to start for a non-approver', async () => {
    const reply = await h.say(MALLORY, 'migrate');
    expect(reply[0].text).toMatch(/not an approver/);
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('should stop the guided start on `cancel` without creating anything', async () => {
    await h.say(BOB, 'migrate');
    const reply = await h.say(BOB, 'cancel');
    expect(reply[0].text).toMatch(/Stopped the guided migration/);
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('should accept typed answers where cards cannot be clicked, and say what is wrong with bad ones', async () => {
    const start = await h.say(ALICE, 'migrate', personal);
    expect(actionsOf(cardOf(start[0])).map((a) => a.verb)).toEqual(['plan.show', 'migrate.sku']);

    const wrongSku = await h.say(ALICE, 'VISIO', personal);
    expect(wrongSku[0].text).toMatch(/"VISIO" is not a subscribed SKU.*ENTERPRISEPACK/);

    // Someone without approver rights cannot answer for her.
    const intruder = await h.say(MALLORY, 'enterprisepack', personal);
    expect(intruder[0].text).toMatch(/not an approver/);

    const sku = await h.say(ALICE, 'enterprisepack', personal);
    // The cohort's own group (a group per service set), then Continue with what the inputs hold.
    expect(actionsOf(cardOf(sku.find((a) => cardOf(a)))).map((a) => a.verb)).toEqual(['migrate.group', 'migrate.group']);

    const wrongGroup = await h.say(ALICE, 'Finance team', personal);
    expect(wrongGroup[0].text).toMatch(/No group is named "Finance team".*new Finance team/);

    // A card button of another step is refused while the dialog waits for the group.
    const otherStep = await h.click(ALICE, 'migrate.sku', { skuId: E3 }, personal);
    expect(otherStep.body.value).toMatch(/another step/);

    const group = await h.say(ALICE, 'All users', personal);
    const preflight = cardOf(group.find((a) => actionsOf(cardOf(a)).some((x) => x.verb === 'migrate.confirm')));
    expect(cardText(preflight)).toMatch(/checks passed|Confirm/);
    const runs = await h.engine.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ groupId: ALL_USERS, requestedBy: ALICE.aadObjectId, status: 'created' });
  });

  it('should refuse a pre-flight confirmation from a non-approver and a stale confirmation', async () => {
    // A run waiting for its pre-flight confirmation, started with typed answers.
    for (const answer of ['migrate', 'enterprisepack', 'All users']) await h.say(ALICE, answer, personal);
    const [run] = await h.engine.listRuns();
    expect(run.status).toBe('created');
    const refused = await h.click(MALLORY, 'migrate.confirm', { runId: run.id, cardVersion: Date.parse(run.updatedAt) });
    expect(refused.body.value).toMatch(/not an approver/);
    const stale = await h.click(ALICE, 'migrate.confirm', { runId: run.id, cardVersion: 1 });
    expect(stale.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(actionsOf(stale.body.value).some((a) => a.verb === 'migrate.confirm')).toBe(true);
    expect((await h.engine.getRun(run.id))!.status).toBe('created');
  });

  it('should offer groups of earlier runs and treat a "new" name of an existing group as that group', async () => {
    const groupChat = { conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', tenantId: BOB.tenantId } as never };
    await h.say(BOB, 'migrate', groupChat);
    const chosen = await h.click(BOB, 'migrate.sku', { skuId: E3 }, groupChat);
    const cohortCard = cardOf(chosen.replies.find((a) => cardOf(a)));
    expect(JSON.stringify(cohortCard)).toContain(ALL_USERS);
    const picked = await h.click(BOB, 'migrate.group', { skuId: E3, groupId: '', newGroupName: 'All users' }, groupChat);
    expect(picked.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const newest = (await h.engine.listRuns()).find((r) => r.requestedBy === BOB.aadObjectId)!;
    expect(newest).toMatchObject({ groupId: ALL_USERS, createdGroup: false });
  });

  it('should say so when a SKU choice arrives after the dialog has ended', async () => {
    const late = await h.click(BOB, 'migrate.group', { skuId: E3, groupId: ALL_USERS });
    expect(late.body.value).toMatch(/no longer open/);
  });
});
