import {
  ALICE,
  BOB,
  E3,
  actionsOf,
  cardOf,
  cardText,
  shownText,
  currentRun,
  lastCardWith,
  startBotHarness,
  transcript,
  type BotHarness,
  shippedFixture,
} from '../support/botHarness';
import { outcomesOf } from '../support/runState';

/** Woodgrove (fixtures/dynamic-groups.json): the rule matches ten Sales users; eight other direct E3 holders it does not. */
const SALES_GROUP = '00000000-0000-0b01-0000-000000000001';
const user = (n: number) => `00000000-0000-0b00-0000-${n.toString(16).padStart(12, '0')}`;

describe('a migration into a dynamic group, through the bot', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      canary: 4,
      patchFixture: shippedFixture('dynamic-groups.json'),
    });
  });
  afterAll(async () => h.close());

  it('names the users the rule leaves out, adds nobody, warns on every approval card and keeps the unmatched direct', async () => {
    await h.say(ALICE, 'migrate');
    await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    const picked = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: SALES_GROUP, newGroupName: '' });
    const preflight = cardOf(picked.replies.find((a) => actionsOf(cardOf(a)).some((x) => x.verb === 'migrate.confirm')));
    const text = shownText(preflight);
    expect(text).toContain('has dynamic membership');
    expect(text).toContain('8 cohort users are not members because the rule does not match them');
    // Each with the value that fails the rule, Markdown-escaped for Teams.
    expect(text).toContain('department = "sales " (the rule needs user.department -eq "Sales")');
    expect(text).toContain('userType = "Guest"');

    const confirm = actionsOf(preflight).find((a) => a.verb === 'migrate.confirm')!;
    await h.click(ALICE, 'migrate.confirm', confirm.data);
    await h.idle();
    let run = await currentRun(h);
    expect(run.status).toBe('verified');
    expect(run.membershipRule).toContain('user.department -eq "Sales"');
    expect((await h.journal.read(run.id)).some((e) => e.kind === 'group.membersAdded')).toBe(false);

    for (let i = 0; i < run.batches.length; i++) {
      const approval = lastCardWith(h.adapter, 'batch.approve');
      expect(cardText(cardOf(approval))).toMatch(
        /follows the rule .*someone whose department, accountEnabled or userType changes leaves the group and loses the license/,
      );
      const approve = actionsOf(cardOf(approval)).find((a) => a.verb === 'batch.approve')!;
      await h.click(BOB, 'batch.approve', approve.data);
      await h.idle();
    }
    run = await currentRun(h);
    expect(run.status).toBe('completed');
    const removed = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed').map((o) => o.userId);
    expect(removed.sort()).toEqual(Array.from({ length: 10 }, (_, i) => user(i + 1)));
    for (const n of [11, 12, 13, 14, 15, 18, 19, 20]) {
      const u = await h.graph.getUser(user(n));
      expect(u!.licenseAssignmentStates.some((s) => s.skuId === E3 && s.assignedByGroup === null)).toBe(true);
    }
    expect(h.sim.invariants()).toEqual([]);
    expect(transcript(h.adapter).some((a) => /report/i.test(cardText(cardOf(a))))).toBe(true);
  });
});
