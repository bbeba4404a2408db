import { MemoryJournal, MemoryRunStore } from '../../src/storage';
import type { Run } from '../../src/migration/types';
import {
  ALICE,
  ALL_USERS,
  BOB,
  E3,
  MALLORY,
  actionsOf,
  buttonData,
  cardOf,
  cardText,
  currentRun,
  lastCardWith,
  preparedRun,
  startBotHarness,
  transcript,
  type BotHarness,
} from '../support/botHarness';

const DAY = 86_400_000;

/** Drift cards in a bot's conversation. */
const driftCards = (h: BotHarness) => transcript(h.adapter).filter((a) => /License drift|legacy automation/.test(cardText(cardOf(a))));
const textOf = (sent: { text?: string }[]) => sent.map((a) => a.text ?? '').join('\n');

describe('drift watch through the bot (TestAdapter, simulator over HTTP)', () => {
  const runs = new MemoryRunStore();
  const journal = new MemoryJournal();
  let h: BotHarness;
  let run: Run;
  let automationTarget: { id: string; upn: string };

  const mutate = async (id: string, body: unknown) => {
    const res = await fetch(`${h.sim.url}/_sim/users/${id}/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`mutate ${id}: ${res.status} ${await res.text()}`);
  };

  beforeAll(async () => {
    h = await startBotHarness({ users: 8, canary: 4, runs, journal });
  });
  afterAll(async () => h?.close());

  it('should answer `drift` clearly when there is no run, an unknown run or a run still going', async () => {
    expect(textOf(await h.say(ALICE, 'drift'))).toMatch(/no migration run in this conversation yet/);
    expect(textOf(await h.say(ALICE, 'drift run-that-never-was'))).toMatch(
      /There is no migration run run-that-never-was\. Nothing was checked/,
    );
    expect(textOf(await h.say(ALICE, 'drift ../../etc'))).toMatch(/is not a run id/);
    run = await preparedRun(h);
    expect(textOf(await h.say(ALICE, 'drift'))).toMatch(/is verified, not completed: the drift watch starts once a run has completed/);
    expect(textOf(await h.say(MALLORY, 'drift'))).toMatch(/Nothing was changed/);
    expect((await h.engine.getRun(run.id))!.drift).toBeUndefined();
  });

  it('should start the watch once the run has completed, and post a card only when the legacy automation assigns directly', async () => {
    for (let i = 0; i < run.batches.length; i++) {
      await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
      await h.idle();
    }
    run = await currentRun(h);
    expect(run.status).toBe('completed');

    expect(textOf(await h.say(ALICE, 'drift'))).toMatch(/no drift\. The drift watch of this run starts now/);
    expect(driftCards(h)).toHaveLength(0);

    const [first] = (await h.graph.getUsers([await firstRemoved(h, run)])).map((r) => (r.ok ? r.value : null));
    automationTarget = { id: first!.id, upn: first!.userPrincipalName };
    await mutate(automationTarget.id, { setDirect: { skuId: E3 } });

    const reply = textOf(await h.say(ALICE, 'drift'));
    await h.idle();
    expect(reply).toMatch(/1 new direct assignment since the run.*a drift card is in the run's thread/);
    const cards = driftCards(h);
    expect(cards).toHaveLength(1);
    const text = cardText(cardOf(cards[0]));
    expect(text).toContain('1 user got a direct assignment since the run');
    expect(text).toContain(automationTarget.upn);
    expect(actionsOf(cardOf(cards[0]))).toEqual([{ title: 'Start a follow-up run', verb: 'drift.followUp', data: { runId: run.id } }]);

    // Nothing changed: the scheduled check finds the same and posts nothing.
    await h.bot.runner.drift.tick(0);
    await h.idle();
    expect(textOf(await h.say(ALICE, 'drift'))).toMatch(/Nothing changed since the last check, so no new card/);
    await h.idle();
    expect(driftCards(h)).toHaveLength(1);
  });

  it('should post one card when two bot instances on the same store check together', async () => {
    const other = await startBotHarness({ sim: h.sim, runs, journal });
    try {
      const second = (await h.graph.getUsers([await firstRemoved(h, run, 1)])).map((r) => (r.ok ? r.value : null))[0]!;
      await mutate(second.id, { setDirect: { skuId: E3 } });
      await Promise.all([h.bot.runner.drift.tick(0), other.bot.runner.drift.tick(0), h.bot.runner.drift.check(run.id)]);
      await Promise.all([h.idle(), other.idle()]);
      const posted = [...driftCards(h).slice(1), ...driftCards(other)];
      expect(posted).toHaveLength(1);
      expect(cardText(cardOf(posted[0]))).toContain('2 users got a direct assignment since the run');
    } finally {
      await other.close();
    }
  });

  it('should say once that the legacy automation can be retired when the quiet period has passed', async () => {
    const later = await startBotHarness({ sim: h.sim, runs, journal, now: () => new Date(Date.now() + 31 * DAY) });
    try {
      await later.bot.runner.drift.check(run.id);
      await later.bot.runner.drift.check(run.id);
      await later.idle();
      const said = driftCards(later);
      expect(said).toHaveLength(1);
      expect(cardText(cardOf(said[0]))).toMatch(
        /The legacy automation can be retired[\s\S]*No new direct assignment of Office 365 E3 for 30 days/,
      );
    } finally {
      await later.close();
    }
  });

  it('should start a follow-up run for the same SKU, cohort and group from the card, with its pre-flight card', async () => {
    const bad = await h.click(ALICE, 'drift.followUp', { runId: run.id, groupId: ALL_USERS });
    expect(JSON.stringify(bad.body)).toMatch(/unexpected field\(s\) 'groupId'/);
    expect(JSON.stringify((await h.click(MALLORY, 'drift.followUp', { runId: run.id })).body)).toMatch(/Nothing was changed/);
    expect(await h.engine.listRuns()).toHaveLength(1);

    const clicked = await h.click(ALICE, 'drift.followUp', buttonData(h, 'drift.followUp'));
    await h.idle();
    expect(cardText(clicked.body.value)).toMatch(/Follow-up run started/);
    const all = await h.engine.listRuns();
    expect(all).toHaveLength(2);
    const followUp = all.find((r) => r.id !== run.id)!;
    expect(followUp).toMatchObject({
      status: 'created',
      skuId: E3,
      groupId: ALL_USERS,
      disabledPlans: run.disabledPlans,
      requestedBy: ALICE.aadObjectId,
    });
    const preflight = lastCardWith(h.adapter, 'migrate.confirm');
    expect(actionsOf(cardOf(preflight)).find((a) => a.verb === 'migrate.confirm')!.data.runId).toBe(followUp.id);
    // The conversation now talks about the follow-up run.
    expect(textOf(await h.say(ALICE, 'drift'))).toMatch(new RegExp(`Run ${followUp.id} is created, not completed`));

    const again = await h.click(BOB, 'drift.followUp', { runId: run.id });
    expect(JSON.stringify(again.body)).toMatch(new RegExp(`Run ${followUp.id} \\(created\\) already follows run ${run.id}`));
    expect(await h.engine.listRuns()).toHaveLength(2);

    // Confirmed, the follow-up is prepared and verified like any run: the automation's users are ready, with approvals to come.
    await h.click(ALICE, 'migrate.confirm', buttonData(h, 'migrate.confirm'));
    await h.idle();
    const prepared = (await h.engine.getRun(followUp.id))!;
    expect(prepared.status).toBe('verified');
    expect(prepared.batches.reduce((n, b) => n + b.size, 0)).toBe(2);
    expect(prepared.batches.every((b) => b.status === 'planned' && b.approvals.length === 0)).toBe(true);
    expect(h.sim.invariants()).toEqual([]);
  });
});

/** A user whose direct assignment the run removed (the nth, in journal order). */
async function firstRemoved(h: BotHarness, run: Run, nth = 0): Promise<string> {
  const removed: string[] = [];
  for await (const o of h.engine.outcomes(run.id)) if (o.outcome === 'removed') removed.push(o.userId);
  if (!removed[nth]) throw new Error('not enough removed users');
  return removed[nth];
}
