import {
  ALICE,
  ALL_USERS,
  BOB,
  E3,
  actionsOf,
  cardOf,
  cardText,
  currentRun,
  lastCardWith,
  startBotHarness,
  transcript,
  type BotHarness,
} from '../support/botHarness';
import { allUsersOf, outcomesOf, tallied } from '../support/runState';

const mention = { type: 'mention', mentioned: { id: '28:license-bot', name: 'License Bot' }, text: '<at>License Bot</at>' };

describe('guided migration in a channel', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ users: 24, canary: 4 });
  });
  afterAll(async () => h.close());

  it('should walk from `migrate` to the final report with an approval per batch', async () => {
    // 1. @mention + migrate → the SKU card.
    const started = await h.say(ALICE, '<at>License Bot</at> migrate', { entities: [mention] });
    const skuCard = cardOf(started.find((a) => cardOf(a)));
    // The whole tenant (license profiles) first, then each license.
    expect(actionsOf(skuCard)).toEqual([
      expect.objectContaining({ verb: 'plan.show', data: {} }),
      expect.objectContaining({ verb: 'migrate.sku', data: { skuId: E3 } }),
    ]);
    expect(cardText(skuCard)).toContain('ENTERPRISEPACK');

    // 2. Choose E3 → cohorts and the group choice.
    const chosen = await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    expect(chosen.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const cohortCard = cardOf(chosen.replies.find((a) => cardOf(a)));
    // The cohort's own group (a group per service set), then Continue with what the inputs hold.
    expect(actionsOf(cohortCard).map((a) => [a.verb, a.title])).toEqual([
      ['migrate.group', 'Migrate cohort 1 into its own group'],
      ['migrate.group', 'Continue'],
    ]);
    expect(cardText(cohortCard)).toMatch(/24/);

    // 3. Pick the existing group → a run and its pre-flight card.
    const picked = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
    expect(picked.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const preflight = cardOf(picked.replies.find((a) => actionsOf(cardOf(a)).some((x) => x.verb === 'migrate.confirm')));
    expect(preflight).toBeDefined();
    const confirm = actionsOf(preflight).find((a) => a.verb === 'migrate.confirm')!;
    let run = await currentRun(h);
    expect(run).toMatchObject({ status: 'created', groupId: ALL_USERS, requestedBy: ALICE.aadObjectId, skuId: E3 });
    expect(confirm.data).toEqual({ runId: run.id, cardVersion: expect.any(Number) });

    // 4. Confirm → answered at once; preparation, verification and the plan follow proactively.
    const confirmed = await h.click(ALICE, 'migrate.confirm', confirm.data);
    expect(confirmed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    await h.idle();
    run = await currentRun(h);
    expect(run.status).toBe('verified');
    const texts = transcript(h.adapter).map((a) => `${a.text ?? ''}\n${cardText(cardOf(a))}`);
    expect(texts.some((t) => /Processing complete/i.test(t))).toBe(true);
    expect(texts.some((t) => /Batch plan/.test(t))).toBe(true);
    expect(run.batches.length).toBeGreaterThan(1);

    // 5. Bob approves each batch on its card; the bot runs it and posts the next one.
    for (let i = 0; i < run.batches.length; i++) {
      const approvalMessage = lastCardWith(h.adapter, 'batch.approve');
      expect(approvalMessage).toBeDefined();
      const approve = actionsOf(cardOf(approvalMessage)).find((a) => a.verb === 'batch.approve')!;
      expect(approve.data.batchId).toBe(run.batches[i].id);
      const answer = await h.click(BOB, 'batch.approve', approve.data);
      expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(actionsOf(answer.body.value)).toEqual([]);
      await h.idle();
      // The shared card was edited in place for everyone: no buttons left on it.
      const shared = h.adapter.activeQueue.find((a) => a.id === approvalMessage!.id);
      expect(actionsOf(cardOf(shared))).toEqual([]);
      expect(cardText(cardOf(shared))).toContain('Bob Approver');
    }

    run = await currentRun(h);
    expect(run.status).toBe('completed');
    expect((await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed')).toHaveLength(24);
    expect(tallied(run, 'removed')).toBe(24);
    const last = transcript(h.adapter)
      .map((a) => cardText(cardOf(a)))
      .reverse()
      .find((t) => /report/i.test(t));
    expect(last).toBeDefined();
    expect(h.sim.invariants()).toEqual([]);
    for (const id of await allUsersOf(h.engine, run)) {
      const user = await h.graph.getUser(id);
      expect(user!.licenseAssignmentStates.filter((s) => s.skuId === E3 && s.assignedByGroup === null)).toEqual([]);
    }
    // One status card for the run, edited in place.
    const statusCards = transcript(h.adapter).filter((a) => /Migration Office 365 E3 → /.test(cardText(cardOf(a))));
    expect(statusCards).toHaveLength(1);
    expect(h.adapter.updates.length).toBeGreaterThan(0);
  });
});
