// While the bot runs a big batch in the background, does it still answer `status` quickly, and does it
// keep its own traffic to the conversation inside Teams' per-bot, per-conversation limits?
import { actionData, startBenchBot, type BenchUser } from '../botHarness';
import { maxInWindow, startFakeConnector, type ConnectorOp } from '../connector';
import { E3 } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { progress, writeResult } from '../result';
import { startSimProcess } from '../sim';
import { settled } from '../simStats';

const NAME = 'bot-responsive';
const TENANT = '00000000-0000-0900-0000-000000000000';
const CONVERSATION = '19:bench-migration@thread.tacv2';
const ADMIN: BenchUser = { id: '29:bench-admin', aadObjectId: 'a11ce000-0000-4000-8000-00000000be01', name: 'Bench Admin' };
/** Time between one `status` answer and the next `status` (sequential, like an impatient admin). */
const STATUS_GAP_MS = 150;
/**
 * Teams' per-bot, per-conversation limits for "send to conversation" (max operations per window):
 * learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit, "Per bot per thread limit".
 */
const TEAMS_LIMITS = [
  { seconds: 1, ops: 7 },
  { seconds: 2, ops: 8 },
  { seconds: 30, ops: 60 },
  { seconds: 3600, ops: 1800 },
];

async function main(quick: boolean): Promise<void> {
  const users = quick ? 400 : 10_000;
  // Some latency, so the batch lasts long enough to sample while the full size still finishes in minutes.
  const latencyMs = 10;
  const t0 = performance.now();
  const lap = (what: string) => progress(NAME, `${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const group = fixtureGroup('gen-10k.json');
  const sim = await startSimProcess(sizedFixture('gen-10k.json', users), { latencyMs });
  const connector = await startFakeConnector();
  const bench = await startBenchBot(sim.graphUrl, { MAX_BATCH_SIZE: String(users) });
  lap('simulator and bot started');
  try {
    await settled(sim, group);
    const chat = bench.conversation(CONVERSATION, TENANT, connector.url);
    const { engine } = bench.running.services;
    const { runner } = bench.running.bot;

    progress(NAME, `preparing and verifying ${users} users (setup, not measured)`);
    let run = await engine.createRun({
      requestedBy: ADMIN.aadObjectId,
      requestedByName: ADMIN.name,
      tenantId: TENANT,
      skuId: E3,
      group: { id: group },
      conversation: chat.reference(ADMIN, 'bench-start'),
    });
    await runner.bindConversation(run.id, chat.reference(ADMIN, 'bench-start'));
    await engine.prepare(run.id);
    runner.rememberReport(run.id, await engine.verify(run.id, { timeoutMs: 600_000 }));
    // One batch of every ready user: the batch the bot must stay responsive through.
    run = await engine.planBatches(run.id, { canarySize: users, maxBatchSize: users });
    const batch = run.batches[0];
    if (!batch) throw new Error('no user is ready, so there is no batch to run');
    await runner.announcePlan(run);
    await runner.whenIdle();
    lap('approval card posted');

    const approvalCard = await connector.waitFor((op) => actionData(op.activity, 'batch.approve') !== undefined, 10_000);
    const approve = actionData(approvalCard.activity, 'batch.approve')!;
    progress(NAME, `approving a batch of ${batch.size} users through the bot; asking \`status\` every ${STATUS_GAP_MS} ms while it runs`);
    const batchStart = performance.now();
    const answer = await chat.cardAction(ADMIN, 'bench-approve', 'batch.approve', approve);
    if (answer.status !== 200) throw new Error(`approve answered ${answer.status}: ${JSON.stringify(answer.body)}`);

    const latencies: number[] = [];
    const httpLatencies: number[] = [];
    const statusIds = new Set<string>();
    let batchEnd = 0;
    for (let i = 0; ; i++) {
      const fresh = await engine.getRun(run.id);
      const b = fresh?.batches.find((x) => x.id === batch.id);
      if (!b || b.status === 'done' || b.status === 'failed' || fresh?.status === 'paused') {
        batchEnd = performance.now();
        break;
      }
      const id = `bench-status-${i}`;
      statusIds.add(id);
      const replied = connector.waitFor((op) => op.replyToId === id, 30_000);
      // Awaited below; this only keeps a failed send from leaving an unhandled rejection behind.
      replied.catch(() => undefined);
      const t0 = performance.now();
      const status = await chat.message(ADMIN, id, 'status');
      const t1 = performance.now();
      if (status !== 200) throw new Error(`status answered HTTP ${status}`);
      const reply = await replied;
      latencies.push(reply.at - t0);
      httpLatencies.push(t1 - t0);
      if (i % 20 === 0) progress(NAME, `${latencies.length} status answers, last ${Math.round(reply.at - t0)} ms`);
      await sleep(STATUS_GAP_MS);
    }
    lap(`batch done, ${latencies.length} status answers`);
    await runner.whenIdle();
    const final = await engine.getRun(run.id);
    const finalBatch = final?.batches.find((x) => x.id === batch.id);
    const removed = finalBatch?.tally.removed ?? 0;
    const invariants = await sim.get<{ violations: unknown[] }>('/_sim/invariants');

    const inConversation = connector.ops.filter((op) => op.conversationId === CONVERSATION && op.at >= batchStart && op.at <= batchEnd);
    const isStatusReply = (op: ConnectorOp) => op.replyToId !== undefined && statusIds.has(op.replyToId);
    const own = inConversation.filter((op) => !isStatusReply(op)).map((op) => op.at);
    const all = inConversation.map((op) => op.at);
    const seconds = (batchEnd - batchStart) / 1000;

    const metrics: Record<string, number> = {
      users,
      batchUsers: batch.size,
      removed,
      batchSeconds: round(seconds),
      statusRequests: latencies.length,
      statusP50Ms: Math.round(percentile(latencies, 50)),
      statusP95Ms: Math.round(percentile(latencies, 95)),
      statusMaxMs: Math.round(Math.max(...latencies)),
      statusHttpP95Ms: Math.round(percentile(httpLatencies, 95)),
      botOpsMaxIn1s: maxInWindow(own, 1000),
      botOpsMaxIn2s: maxInWindow(own, 2000),
      botOpsMaxIn30s: maxInWindow(own, 30_000),
      botOpsMeanPerSecond: round(own.length / seconds),
      allOpsMaxIn1s: maxInWindow(all, 1000),
      allOpsMeanPerSecond: round(all.length / seconds),
      invariantViolations: invariants.violations.length,
    };
    const targets: Record<string, { op: '<=' | '>='; value: number }> = {
      statusP95Ms: { op: '<=', value: 300 },
      botOpsMaxIn1s: { op: '<=', value: 7 },
      botOpsMaxIn2s: { op: '<=', value: 8 },
      invariantViolations: { op: '<=', value: 0 },
    };
    // The 30-second limit only bites once the batch lasts longer than that.
    if (seconds >= 30) targets.botOpsMaxIn30s = { op: '<=', value: 60 };
    if (finalBatch?.status !== 'done') throw new Error(`the batch ended ${finalBatch?.status ?? 'missing'}, not done`);
    if (latencies.length === 0) throw new Error('the batch finished before the first `status`; use more users');
    writeResult(NAME, quick, metrics, targets, [
      `status latency = request sent → the bot's reply reaching the (fake) Bot Connector; one \`status\` at a time, ${STATUS_GAP_MS} ms apart, during a ${batch.size}-user batch (simulated Graph latency ${latencyMs} ms).`,
      `botOps = operations the bot starts on its own in the conversation (progress edits, result and approval cards) while the batch runs; Teams allows one bot ${TEAMS_LIMITS.map((l) => `${l.ops} per ${l.seconds} s`).join(', ')} in one conversation (Microsoft Learn, "Optimize your bot with rate limiting in Teams", per bot per thread limit).`,
      `Over a batch of an hour or more the 1800-per-hour limit means botOpsMeanPerSecond must stay ≤ 0.5.`,
      `allOps adds the bot's replies to the bench's own \`status\` messages: one per message, driven by the bench's synthetic load, so it has no target.`,
    ]);
  } finally {
    await bench.dispose().catch(() => undefined);
    await connector.close();
    await sim.close();
    lap('stopped');
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(n: number, d = 2): number {
  return Number(n.toFixed(d));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
