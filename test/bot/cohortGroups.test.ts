import {
  ALICE,
  E3,
  actionsOf,
  cardOf,
  shownText,
  lastCardWith,
  startBotHarness,
  type BotHarness,
  shippedFixture,
} from '../support/botHarness';

/** fixtures/cohorts.json: 30 direct E3 holders in three cohorts (every plan; no Yammer or Sway; no Teams). */

describe('the cohort card offers a group per service set', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      patchFixture: shippedFixture('cohorts.json'),
    });
  });
  afterAll(async () => h.close());

  it('proposes an own group for each cohort, and its button starts the run for that cohort and group', async () => {
    await h.say(ALICE, 'migrate');
    const picked = await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    const card =
      cardOf(picked.replies.find((a) => actionsOf(cardOf(a)).some((x) => x.verb === 'migrate.group'))) ??
      cardOf(lastCardWith(h.adapter, 'migrate.group'));
    const text = shownText(card);
    expect(text).toContain('Its own group: a new security group "License – Office 365 E3" with exactly this service set');
    expect(text).toMatch(/Its own group: a new security group "License – Office 365 E3 \(without [A-Z_]+, [A-Z_]+\)"/);
    const own = actionsOf(card).filter((a) => /^Migrate cohort \d into its own group$/.test(a.title));
    expect(own).toHaveLength(3);
    // The second cohort's button: its cohort and its own group, whatever the card's inputs hold.
    const second = own[1].data as { cohortKey: string; group: { newName: string } };
    await h.click(ALICE, 'migrate.group', second);
    await h.idle();
    const runs = await h.engine.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0].groupDisplayName).toBe(second.group.newName);
    expect(`${E3}:${[...runs[0].disabledPlans].sort().join(',')}`).toBe(second.cohortKey);
    expect(lastCardWith(h.adapter, 'migrate.confirm')).toBeDefined();
  });
});
