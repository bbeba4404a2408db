import { batchCardVersion, runControlVersion } from '../../src/bot/cardVersions';
import type { RunningBot } from '../../src/index';
import type { Run } from '../../src/migration/types';
import type { RunningSimulator } from '../../src/sim';
import { CONTOSO_ALL_USERS } from '../support/constants';
import { TENANT } from '../support/botHarness';
import { startHttpBot, type HttpBot } from '../support/httpBot';
import { outcomesOf, usersOf, usersWithOutcome } from '../support/runState';

// Clicks that arrive at the same moment, through the real HTTP endpoint: each race has one outcome.
const REQUESTER = 'a11ce000-0000-4000-8000-000000000001';
const BOB = 'b0b00000-0000-4000-8000-000000000002';
const CAROL = 'ca201000-0000-4000-8000-000000000003';

describe('races through POST /api/messages', () => {
  let h: HttpBot;
  let sim: RunningSimulator;
  let bot: RunningBot;
  let connector: HttpBot['connector'];

  beforeEach(async () => {
    h = await startHttpBot({ users: 6, env: { APPROVER_IDS: `${BOB},${CAROL}`, FOUR_EYES: 'true' }, pollIntervalMs: 25 });
    ({ sim, bot, connector } = h);
  });
  afterEach(async () => {
    await h.close();
  });

  async function runAwaitingApproval(): Promise<Run> {
    const engine = bot.services.engine;
    const run = await engine.createRun({
      requestedBy: REQUESTER,
      tenantId: TENANT,
      skuId: 'ENTERPRISEPACK',
      group: { id: CONTOSO_ALL_USERS },
    });
    await engine.prepare(run.id);
    await engine.verify(run.id);
    return engine.planBatches(run.id, { canarySize: 2, growthFactor: 2, maxBatchSize: 4 });
  }

  async function click(who: string, verb: string, data: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: connector.url,
        id: `click-${Math.random()}`,
        from: { id: `29:${who}`, aadObjectId: who, name: who.slice(0, 4) },
        recipient: { id: '28:bot' },
        conversation: { id: '19:migration@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    });
    return { status: res.status, text: await res.text() };
  }

  const current = async (id: string) => (await bot.services.engine.getRun(id))!;

  it('two approvers approving the same batch at once: it is approved and runs once', async () => {
    const run = await runAwaitingApproval();
    const canary = run.batches[0];
    const data = { runId: run.id, batchId: canary.id, cardVersion: batchCardVersion(canary) };
    const answers = await Promise.all([click(BOB, 'batch.approve', data), click(CAROL, 'batch.approve', data)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await bot.bot.runner.whenIdle();
    const after = await current(run.id);
    expect(after.batches[0].status).toBe('done');
    const canaryUsers = await usersOf(bot.services.engine, run, canary);
    expect((await outcomesOf(bot.services.engine, run.id)).filter((o) => o.outcome === 'removed')).toHaveLength(canaryUsers.length);
    expect(after.batches[0].tally.removed).toBe(canaryUsers.length);
    const journal = await bot.services.journal!.read(run.id);
    expect(journal.filter((e) => e.kind === 'batch.started')).toHaveLength(1);
    // The slower click was told the card was out of date or already decided, not that it approved again.
    expect(answers.some((a) => /out of date|already decided|Approved by/.test(a.text))).toBe(true);
  });

  it('approve and cancel at once: never both a cancelled run and a running removal', async () => {
    const run = await runAwaitingApproval();
    const canary = run.batches[0];
    const [approved, cancelled] = await Promise.all([
      click(BOB, 'batch.approve', { runId: run.id, batchId: canary.id, cardVersion: batchCardVersion(canary) }),
      click(CAROL, 'run.cancel', { runId: run.id, cardVersion: runControlVersion(run) }),
    ]);
    expect([approved.status, cancelled.status]).toEqual([200, 200]);
    await bot.bot.runner.whenIdle();
    const after = await current(run.id);
    expect(after.status).toBe('cancelled');
    // Whichever click came first, nothing runs after the cancel: no batch is left running and no later one started.
    expect(after.batches.filter((b) => b.status === 'running')).toEqual([]);
    expect(after.batches.slice(1).filter((b) => b.executionKey)).toEqual([]);
    const removed = await usersWithOutcome(bot.services.engine, run.id, 'removed');
    const canaryUsers = await usersOf(bot.services.engine, run, canary);
    expect([...removed].every((u) => canaryUsers.includes(u))).toBe(true);
    expect(sim.invariants()).toEqual([]);
  });

  it('an approval on a card from before a pause changes nothing and says so', async () => {
    const run = await runAwaitingApproval();
    const canary = run.batches[0];
    const card = { runId: run.id, batchId: canary.id, cardVersion: batchCardVersion(canary) };
    await bot.services.engine.pause(run.id, 'maintenance', BOB);
    const answer = await click(CAROL, 'batch.approve', card);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/paused/);
    expect((await current(run.id)).batches[0]).toMatchObject({ status: 'planned', approvals: [] });
  });

  it('two runs for the same SKU and group: the second one cannot remove what the first is moving', async () => {
    const first = await runAwaitingApproval();
    const second = await runAwaitingApproval();
    const [a, b] = [first.batches[0], second.batches[0]];
    const answers = await Promise.all([
      click(BOB, 'batch.approve', { runId: first.id, batchId: a.id, cardVersion: batchCardVersion(a) }),
      click(CAROL, 'batch.approve', { runId: second.id, batchId: b.id, cardVersion: batchCardVersion(b) }),
    ]);
    expect(answers.map((x) => x.status)).toEqual([200, 200]);
    await bot.bot.runner.whenIdle();
    // Each user's direct assignment is removed by one run at most; the other skips them as already migrated.
    const [r1, r2] = [await current(first.id), await current(second.id)];
    const removedBy = (r: Run) => usersWithOutcome(bot.services.engine, r.id, 'removed');
    const [removed1, removed2] = [await removedBy(r1), await removedBy(r2)];
    const both = [...removed1].filter((u) => removed2.has(u));
    expect(both).toEqual([]);
    expect(sim.invariants()).toEqual([]);
  });
});
