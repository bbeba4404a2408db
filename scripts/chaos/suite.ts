// The chaos suite: a migration through the real bot process while the process is killed at the worst moments and
// Graph misbehaves. Everything goes the way it does in production: approvals as Teams sends them to /api/messages,
// state in file storage, the bot's replies to a stand-in Bot Connector. See README "Recovery".
import { freePort } from '../../src/common/freePort';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeConnector } from '../../bench/connector';
import { startSimProcess, type SimHandle } from '../../bench/sim';
import { createLicensingGraph } from '../../src/graph';
import { classifyUser } from '../../src/migration/classification';
import { holderIds, readMemberIds, resolveSku } from '../../src/migration/discovery';
import type { Batch, JournalEntry, Run } from '../../src/migration/types';
import { botProcess, type BotProcess } from './botProcess';
import { ADMIN, TENANT, teamsChannel } from './teamsChannel';

const REPO = path.resolve(__dirname, '../..');
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const GROUP = '00000000-0000-0101-0000-000000000001';

export type KillPoint = 'preparation' | 'processing' | 'approval' | 'midBatch' | 'removalReadBack' | 'gracefulStop';

export interface ChaosOptions {
  users: number;
  /** LEASE_SECONDS and SWEEP_SECONDS of the bot (defaults: the bot's own, 30 and 10). */
  leaseSeconds?: number;
  sweepSeconds?: number;
  latencyMs?: number;
  /** Graph's misbehaviour (default: 5% 429, 2% 503, 0.3% dropped responses). */
  faults?: { rate429: number; rate503: number; rateTimeout: number };
  /** How long the simulator takes to apply a group change (default 5 s). */
  processingDelayMs?: number;
  /** Keep the working directory (storage, bot log) for a look afterwards. */
  keep?: boolean;
  progress?: (line: string) => void;
}

export interface Restart {
  point: KillPoint;
  signal: 'SIGKILL' | 'SIGTERM';
  /** From the new process being spawned to the run's first new journal entry. */
  resumeSeconds: number;
}

export interface ChaosReport {
  users: number;
  batches: number;
  seconds: number;
  faults: { throttled429: number; unavailable503: number; droppedResponses: number; joiners: number; leavers: number };
  restarts: Restart[];
  outcome: { removed: number; skipped: number; failed: number };
  invariantViolations: number;
  /** Users in the group who still hold a direct assignment that could be removed. */
  stillRemovable: number;
  /** Removals the tenant refused because there was no direct assignment left (a leaver between re-read and removal). */
  refusedRemovals: number;
  /** Every broken promise, in words; empty when the suite passed. */
  problems: string[];
  workDir?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ISSUE_FAULTS = { rate429: 0.05, rate503: 0.02, rateTimeout: 0.003 };

function chaosFixture(users: number, latencyMs: number, processingDelayMs: number, faults = ISSUE_FAULTS): Record<string, unknown> {
  const f = JSON.parse(readFileSync(path.join(REPO, 'fixtures', 'contoso-1000.json'), 'utf8'));
  f.generate.users = users;
  f.skus[0].prepaidUnits.enabled = users + 2000;
  f.automation = { intervalMs: 3000, joinersPerTick: 1, leaversPerTick: 1, license: { skuId: E3, disabledPlans: [] } };
  f.behaviour = {
    ...f.behaviour,
    groupProcessingDelayMs: processingDelayMs,
    latencyMs,
    faults,
  };
  return f;
}

/** Runs the suite; never throws for a broken promise (they are in `problems`), only when it cannot run at all. */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const say = opts.progress ?? (() => undefined);
  const t0 = performance.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'lmb-chaos-'));
  const fixtureFile = path.join(work, 'tenant.json');
  writeFileSync(fixtureFile, JSON.stringify(chaosFixture(opts.users, opts.latencyMs ?? 40, opts.processingDelayMs ?? 5000, opts.faults)));
  const storage = path.join(work, 'state');
  const problems: string[] = [];
  const restarts: Restart[] = [];
  const sim: SimHandle = await startSimProcess(fixtureFile);
  const connector = await startFakeConnector();
  const bot: BotProcess = botProcess(
    await freePort(),
    {
      GRAPH_BASE_URL: sim.graphUrl,
      STORAGE: `file:${storage}`,
      ALLOWED_TENANT_IDS: TENANT,
      APPROVER_IDS: ADMIN.aadObjectId,
      FOUR_EYES: 'false',
      APPROVAL_QUORUM: '1',
      CANARY_BATCH_SIZE: '10',
      MAX_BATCH_SIZE: String(Math.max(100, Math.ceil(opts.users / 5))),
      LOG_LEVEL: 'info',
      ...(opts.leaseSeconds ? { LEASE_SECONDS: String(opts.leaseSeconds) } : {}),
      ...(opts.sweepSeconds ? { SWEEP_SECONDS: String(opts.sweepSeconds) } : {}),
    },
    path.join(work, 'bot.log'),
  );
  const teams = teamsChannel(connector);
  const post = (activity: Record<string, unknown>) => teams.send(bot.endpoint, activity);
  const click = (verb: string, data: unknown) => teams.click(bot.endpoint, verb, data);
  const cardData = teams.cardData;
  const runFile = () => {
    const dir = path.join(storage, 'runs');
    const name = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.json')) : undefined;
    if (!name) return null;
    try {
      // The file store keeps { format, version, run }; a write in progress is replaced atomically, never torn.
      return (JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { run: Run }).run;
    } catch {
      return null;
    }
  };
  // Batch user lists are stored apart from the run, once, as `lists/<runId>/<listId>.json`.
  const usersOf = (run: Run, b: Batch): string[] =>
    b.userIds ??
    (JSON.parse(readFileSync(path.join(storage, 'lists', run.id, `${b.listId}.json`), 'utf8')) as { userIds: string[] }).userIds;
  const journal = (runId: string): JournalEntry[] => {
    const file = path.join(storage, 'journal', `${runId}.jsonl`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as JournalEntry];
        } catch {
          return []; // a line torn by the kill
        }
      });
  };
  const waitUntil = async (what: string, test: () => boolean | Promise<boolean>, timeoutMs = 300_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await test())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
  const restart = async (point: KillPoint, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => {
    const runId = runFile()?.id;
    await bot.stop(signal);
    const before = runId ? journal(runId).length : 0;
    const spawned = performance.now();
    await bot.start();
    let resumeSeconds = NaN;
    if (runId) {
      await waitUntil(`the run to move after the restart at ${point}`, () => journal(runId).length > before, 180_000);
      resumeSeconds = (performance.now() - spawned) / 1000;
    }
    restarts.push({ point, signal, resumeSeconds });
    say(`${signal} at ${point}: moving again ${resumeSeconds.toFixed(1)} s after the restart`);
    if (!(resumeSeconds <= 60))
      problems.push(`after the ${signal} at ${point} the run took ${resumeSeconds.toFixed(1)} s to move (limit 60 s)`);
  };

  try {
    await bot.start();
    await sim.get(`/_sim/health`);
    const f = opts.faults ?? ISSUE_FAULTS;
    say(
      `bot and simulator up (${opts.users} users, faults ${f.rate429 * 100}% 429, ${f.rate503 * 100}% 503, ${f.rateTimeout * 100}% dropped responses, automation churn)`,
    );
    await post({ type: 'message', text: 'migrate' });
    await click('migrate.sku', await cardData('migrate.sku'));
    await cardData('migrate.group');
    await click('migrate.group', { skuId: E3, groupId: GROUP, newGroupName: '' });
    const confirm = await cardData('migrate.confirm');
    const runId = String(confirm.runId);
    await click('migrate.confirm', confirm);

    // 1. During preparation, 2. while waiting for license processing.
    await waitUntil('preparation to start', () => journal(runId).some((e) => e.kind === 'preparation.started'));
    await restart('preparation');
    await waitUntil('the wait for license processing', () =>
      journal(runId).some((e) => e.kind === 'run.status' && e.detail?.status === 'prepared'),
    );
    await restart('processing');

    const approved = new Set<string>();
    for (let index = 0; ; index++) {
      await waitUntil('the next approval card or the end', () => {
        const r = runFile();
        return (
          !!r && (r.status === 'completed' || r.status === 'paused' || r.batches.some((b) => b.index === index && b.status === 'planned'))
        );
      });
      const run = runFile()!;
      if (run.status === 'paused') {
        problems.push(`the run paused: ${run.pausedReason}`);
        break;
      }
      const batch = run.batches.find((b) => b.index === index && b.status === 'planned');
      if (!batch) break;
      const data = await cardData('batch.approve', (d) => d.batchId === batch.id);
      let marked: number | undefined;
      if (index === 4) {
        // 5. Between a removal and its read-back: one removal is applied and its answer held back.
        const users = usersOf(run, batch);
        const victim = users[Math.floor(users.length / 2)];
        const t = (await (
          await fetch(`${sim.url}/_sim/triggers`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ method: 'POST', path: `/users/${victim}/assignLicense`, delayMs: 20_000 }),
          })
        ).json()) as { id: number };
        marked = t.id;
      }
      const answer = await click('batch.approve', data);
      if (answer.status !== 200) problems.push(`approving batch ${index + 1} was answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      approved.add(batch.id);
      // 3. Right after an approval, 4. in the middle of a batch, 6. a graceful stop in the middle of a batch.
      if (index === 1) await restart('approval');
      if (index === 3 || index === 5) {
        const half = Math.ceil(batch.size / 2);
        await waitUntil(
          'half of the batch',
          () => journal(runId).filter((e) => e.batchId === batch.id && e.kind === 'license.removed').length >= half,
          900_000,
        );
        await restart(index === 3 ? 'midBatch' : 'gracefulStop', index === 3 ? 'SIGKILL' : 'SIGTERM');
      }
      if (marked !== undefined) {
        await waitUntil(
          'the held removal',
          async () => {
            const { triggers, spent } = (await sim.get(`/_sim/triggers`)) as {
              triggers: { id: number; fired: number }[];
              spent: { id: number; fired: number }[];
            };
            return [...triggers, ...spent].some((t) => t.id === marked && t.fired > 0);
          },
          900_000,
        );
        await restart('removalReadBack');
      }
      await waitUntil(
        `batch ${index + 1} to finish`,
        () => {
          const b = runFile()!.batches.find((x) => x.id === batch.id)!;
          return b.status === 'done' || b.status === 'failed' || runFile()!.status === 'paused';
        },
        900_000,
      );
    }

    // The checks.
    const told = connector.ops.filter((o) => /continues after a restart/.test(JSON.stringify(o.activity))).length;
    if (told === 0) problems.push('the channel was never told that a batch or the preparation continued after a restart');
    const run = runFile()!;
    if (run.status !== 'completed') problems.push(`the run ended ${run.status}, not completed`);
    const entries = journal(runId);
    const approvalsAt = new Map<string, number>();
    entries.forEach((e, i) => {
      if (e.kind === 'batch.approval' && e.batchId && !approvalsAt.has(e.batchId)) approvalsAt.set(e.batchId, i);
    });
    const removals = new Map<string, number>();
    entries.forEach((e, i) => {
      if (e.kind !== 'license.removed' || !e.userId) return;
      removals.set(e.userId, (removals.get(e.userId) ?? 0) + 1);
      const approvedAt = approvalsAt.get(e.batchId ?? '');
      if (approvedAt === undefined || approvedAt > i)
        problems.push(`user ${e.userId} was removed in batch ${e.batchId} before any approval of it`);
      if (!approved.has(e.batchId ?? ''))
        problems.push(`user ${e.userId} was removed in batch ${e.batchId}, which the suite never approved`);
    });
    for (const [user, times] of removals) if (times > 1) problems.push(`user ${user} has ${times} removals in the journal`);
    // Outcomes live in the journal; the run keeps each batch's counts, which must agree with them.
    const outcome = { removed: 0, skipped: 0, failed: 0 };
    for (const b of run.batches) {
      const last = new Map<string, string>();
      for (const e of entries)
        if (e.kind === 'user.outcome' && e.batchId === b.id && e.detail?.outcome !== 'restored')
          last.set(e.userId!, String(e.detail?.outcome));
      const users = usersOf(run, b);
      if (last.size !== users.length || users.some((id) => !last.has(id)))
        problems.push(`batch ${b.index + 1}: ${last.size} outcomes for ${users.length} users (the report does not add up)`);
      const counted = { removed: 0, skipped: 0, failed: 0 };
      for (const o of last.values()) counted[o as keyof typeof counted]++;
      if (counted.removed !== b.tally.removed || counted.skipped !== b.tally.skipped || counted.failed !== b.tally.failed)
        problems.push(`batch ${b.index + 1}: the run counts ${JSON.stringify(b.tally)}, the journal ${JSON.stringify(counted)}`);
      outcome.skipped += counted.skipped;
      outcome.failed += counted.failed;
    }
    // Every removal the journal records has its 'removed' outcome (a settle restore later adds a 'failed' one).
    for (const e of entries) if (e.kind === 'user.outcome' && e.detail?.outcome === 'removed') outcome.removed++;
    if (outcome.removed !== removals.size) problems.push(`the run reports ${outcome.removed} removed, the journal ${removals.size}`);
    // The tenant's own count, not only the journal's: a second removal Graph refused would not be in the journal.
    const graphSide = (await sim.get('/_sim/removals')) as {
      applied: number;
      repeated: { userId: string; count: number }[];
      refusedNotAssigned: number;
    };
    if (graphSide.repeated.length) problems.push(`${graphSide.repeated.length} user(s) had their direct assignment removed more than once`);
    // A user found without a direct assignment after a restart is journaled as removed: the stopped process's request
    // may have done it, or someone else (a leaver) while nobody watched. Only those may be missing on the tenant's side.
    const foundAfterRestart = entries.filter((e) => e.kind === 'license.removed' && e.detail?.how === 'reread after restart').length;
    const surplus = removals.size - graphSide.applied;
    if (surplus < 0 || surplus > foundAfterRestart)
      problems.push(
        `the tenant saw ${graphSide.applied} removals, the journal records ${removals.size} (${foundAfterRestart} found after a restart)`,
      );
    const { violations } = (await sim.get('/_sim/invariants')) as { violations: unknown[] };
    if (violations.length) problems.push(`${violations.length} invariant violation(s): ${JSON.stringify(violations.slice(0, 3))}`);
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 4, retryDelaySeconds: 1 });
    await sim.put('/_sim/behaviour', { faults: { rate429: 0, rate503: 0, rateTimeout: 0 }, latencyMs: 0 });
    const sku = await resolveSku(graph, E3);
    const members = await readMemberIds(graph, GROUP);
    let stillRemovable = 0;
    await holderIds(graph, E3, (u) => {
      if (members.has(u.id) && classifyUser({ user: u, sku, groupId: GROUP, isMember: true }).class === 'ready') stillRemovable++;
      return false;
    });
    if (stillRemovable) problems.push(`${stillRemovable} group member(s) still hold a direct assignment that could be removed`);
    const stats = (await sim.get('/_sim/stats')) as { status: Record<string, number>; dropped: number };
    const churn = (await sim.get('/_sim/automation')) as { joiners?: string[]; leavers?: string[] };
    return {
      users: opts.users,
      batches: run.batches.length,
      seconds: Math.round((performance.now() - t0) / 1000),
      faults: {
        throttled429: stats.status['429'] ?? 0,
        unavailable503: stats.status['503'] ?? 0,
        droppedResponses: stats.dropped,
        joiners: churn.joiners?.length ?? 0,
        leavers: churn.leavers?.length ?? 0,
      },
      restarts,
      outcome,
      invariantViolations: violations.length,
      stillRemovable,
      refusedRemovals: graphSide.refusedNotAssigned,
      problems,
      ...(opts.keep ? { workDir: work } : {}),
    };
  } finally {
    await bot.stop('SIGKILL');
    await connector.close();
    await sim.close();
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
}
