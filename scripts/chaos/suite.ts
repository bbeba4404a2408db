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
import { runLicenses, undosOf } from '../../src/migration/runLicenses';
import type { Batch, JournalEntry, Run } from '../../src/migration/types';
import { botProcess, type BotProcess } from './botProcess';
import { ADMIN, TENANT, teamsChannel } from './teamsChannel';

const REPO = path.resolve(__dirname, '../..');
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const GROUP = '00000000-0000-0101-0000-000000000001';

export type KillPoint = 'preparation' | 'processing' | 'approval' | 'midBatch' | 'removalReadBack' | 'gracefulStop';

/** Every kill point, in the order a run meets them. */
export const KILL_POINTS: readonly KillPoint[] = ['preparation', 'processing', 'approval', 'midBatch', 'removalReadBack', 'gracefulStop'];

export interface ChaosOptions {
  users: number;
  /**
   * A run of several products: users hold Office 365 E3 and EMS E3 directly, and the run of that license profile is
   * started as an admin starts it (`migrate` → "The whole tenant" → "Migrate profile 1"), into the group it proposes.
   */
  profile?: boolean;
  /** The kill points to go through (default: every one); the others pass without a restart. */
  kills?: readonly KillPoint[];
  /** MAX_BATCH_SIZE of the bot (default: a fifth of the users, at least 100). Batches 2, 4, 5 and 6 carry kill points. */
  maxBatchSize?: number;
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
  /** A graceful stop that finished the chunks in flight and with them the batch: no work was handed on. */
  nothingLeft?: boolean;
}

export interface ChaosReport {
  users: number;
  /** The products the run moved (skuPartNumber), one unless `profile`. */
  products: string[];
  batches: number;
  seconds: number;
  faults: { throttled429: number; unavailable503: number; droppedResponses: number; joiners: number; leavers: number };
  restarts: Restart[];
  outcome: { removed: number; skipped: number; failed: number };
  invariantViolations: number;
  /** Users in the group who still hold a direct assignment that could be removed (a user counts once per product). */
  stillRemovable: number;
  /** The same per product (skuId). */
  stillRemovableBySku: Record<string, number>;
  /** Direct assignments the tenant saw removed per product (skuId), and the assignLicense writes that removed them. */
  tenantRemovals: { applied: number; writes: number; bySku: Record<string, number> };
  /** Removals the tenant refused because there was no direct assignment left (a leaver between re-read and removal). */
  refusedRemovals: number;
  /** Every broken promise, in words; empty when the suite passed. */
  problems: string[];
  workDir?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ISSUE_FAULTS = { rate429: 0.05, rate503: 0.02, rateTimeout: 0.003 };

function chaosFixture(
  users: number,
  latencyMs: number,
  processingDelayMs: number,
  faults = ISSUE_FAULTS,
  profile = false,
): Record<string, unknown> {
  const f = JSON.parse(readFileSync(path.join(REPO, 'fixtures', 'contoso-1000.json'), 'utf8'));
  f.generate.users = users;
  f.skus[0].prepaidUnits.enabled = users + 2000;
  if (profile) {
    // EMS E3 as Fabrikam's fixture describes it, with units for everyone and the joiners: every user holds both products.
    const fabrikam = JSON.parse(readFileSync(path.join(REPO, 'fixtures', 'license-profiles.json'), 'utf8'));
    const ems = fabrikam.skus.find((x: { skuId: string }) => x.skuId === EMS);
    f.skus.push({ ...ems, prepaidUnits: { enabled: users + 2000 } });
    f.generate.directLicenses = [
      { skuId: E3, disabledPlans: [] },
      { skuId: EMS, disabledPlans: [] },
    ];
  }
  // The legacy automation licenses joiners with E3 only and takes a leaver's E3 only, in both modes (it knows one
  // license). With two products that is harder on the run: a leaver keeps EMS directly and leaves the profile.
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
  writeFileSync(
    fixtureFile,
    JSON.stringify(chaosFixture(opts.users, opts.latencyMs ?? 40, opts.processingDelayMs ?? 5000, opts.faults, opts.profile)),
  );
  const kills = new Set<KillPoint>(opts.kills ?? KILL_POINTS);
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
      MAX_BATCH_SIZE: String(opts.maxBatchSize ?? Math.max(100, Math.ceil(opts.users / 5))),
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
  /** Holds the answer of the next removal of the user for `ms` (applied at once); resolves with the trigger's id. */
  const holdRemoval = async (userId: string, ms: number): Promise<number> => {
    const r = await fetch(`${sim.url}/_sim/triggers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: `/users/${userId}/assignLicense`, delayMs: ms }),
    });
    return ((await r.json()) as { id: number }).id;
  };
  const hasFired = async (id: number): Promise<boolean> => {
    const { triggers, spent } = (await sim.get(`/_sim/triggers`)) as {
      triggers: { id: number; fired: number }[];
      spent: { id: number; fired: number }[];
    };
    return [...triggers, ...spent].some((t) => t.id === id && t.fired > 0);
  };
  const restart = async (point: KillPoint, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => {
    if (!kills.has(point)) return;
    const runId = runFile()?.id;
    await bot.stop(signal);
    const before = runId ? journal(runId).length : 0;
    const stopped = runFile();
    // A graceful stop lets the chunks in flight finish: when they were the rest of the batch, nothing is left to continue.
    const nothingLeft =
      signal === 'SIGTERM' && !!stopped && stopped.batches.length > 0 && !stopped.batches.some((b) => b.status === 'running');
    const spawned = performance.now();
    await bot.start();
    let resumeSeconds = NaN;
    if (runId && !nothingLeft) {
      try {
        await waitUntil(`the run to move after the restart at ${point}`, () => journal(runId).length > before, 180_000);
      } catch (err) {
        const r = runFile();
        const last = journal(runId)
          .slice(-3)
          .map((e) => e.kind);
        throw new Error(
          `${(err as Error).message}: the run is ${r?.status}, its batches ${r?.batches.map((b) => `${b.index + 1}:${b.status}`).join(' ')}, the journal ends ${last.join(', ')}`,
        );
      }
      resumeSeconds = (performance.now() - spawned) / 1000;
    }
    if (nothingLeft) {
      restarts.push({ point, signal, resumeSeconds: 0, nothingLeft });
      say(`${signal} at ${point}: the stopping process finished the batch, nothing was left to continue`);
      return;
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
      `bot and simulator up (${opts.users} users${opts.profile ? ' holding E3 and EMS directly' : ''}, faults ${f.rate429 * 100}% 429, ${f.rate503 * 100}% 503, ${f.rateTimeout * 100}% dropped responses, automation churn)`,
    );
    await post({ type: 'message', text: 'migrate' });
    if (opts.profile) {
      // "The whole tenant": the license plan comes back as the click's answer, its profiles largest first. By now the
      // automation has made small ones (leavers left with EMS, joiners with E3); the first is everyone's E3 + EMS.
      await cardData('plan.show');
      const shown = await click('plan.show', {});
      if (shown.status !== 200) throw new Error(`"The whole tenant" was answered ${shown.status}: ${shown.body.slice(0, 200)}`);
      const [largest] = actionsIn(JSON.parse(shown.body), 'plan.migrate');
      if (!largest) throw new Error(`the license plan offers no profile to migrate: ${shown.body.slice(0, 300)}`);
      const created = await click('plan.migrate', largest);
      if (created.status !== 200) throw new Error(`"Migrate profile 1" was answered ${created.status}: ${created.body.slice(0, 200)}`);
    } else {
      await click('migrate.sku', await cardData('migrate.sku'));
      await cardData('migrate.group');
      await click('migrate.group', { skuId: E3, groupId: GROUP, newGroupName: '' });
    }
    const confirm = await cardData('migrate.confirm');
    const runId = String(confirm.runId);
    const moving = runLicenses(runFile()!).map((l) => l.skuId.toLowerCase());
    if (opts.profile && moving.sort().join() !== [E3, EMS].sort().join())
      throw new Error(`the largest license profile moves ${moving.join(' + ')}, not E3 + EMS`);
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
      const users = usersOf(run, batch);
      // 5. Between a removal and its read-back: a removal mid-batch is applied and its answer held back for 20 s.
      // 6. A graceful stop while the batch's first chunk (it runs alone) is in flight: its first removal's answer is
      //    held for 3 s, so the stop finds users left to hand on however fast the rest of the batch would go.
      const held =
        index === 4 && kills.has('removalReadBack')
          ? await holdRemoval(users[Math.floor(users.length / 2)], 20_000)
          : index === 5 && kills.has('gracefulStop')
            ? await holdRemoval(users[0], 3_000)
            : undefined;
      const answer = await click('batch.approve', data);
      if (answer.status !== 200) problems.push(`approving batch ${index + 1} was answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      approved.add(batch.id);
      const finished = () => {
        const b = runFile()?.batches.find((x) => x.id === batch.id);
        return b?.status === 'done' || b?.status === 'failed';
      };
      const removedSoFar = () => journal(runId).filter((e) => e.batchId === batch.id && e.kind === 'license.removed').length;
      // 3. Right after an approval.
      if (index === 1) await restart('approval');
      // 4. In the middle of a batch, once half of its users are removed.
      if (index === 3 && kills.has('midBatch')) {
        let halfway = false;
        await waitUntil('half of the batch', () => (halfway = removedSoFar() >= batch.size / 2) || finished(), 900_000);
        if (halfway) await restart('midBatch');
        else problems.push(`batch ${index + 1} ended with fewer than half of its users removed: the midBatch kill did not happen`);
      }
      if (held !== undefined) {
        const point = index === 4 ? 'removalReadBack' : 'gracefulStop';
        // A victim whose direct assignments a leaver took first is sent no removal: the graceful stop then comes at
        // half of the batch; the kill before a read-back does not happen (said below).
        let fired = false;
        let halfway = false;
        await waitUntil(
          'the held removal',
          async () =>
            (fired = await hasFired(held)) || (point === 'gracefulStop' && (halfway = removedSoFar() >= batch.size / 2)) || finished(),
          900_000,
        );
        if (fired || halfway) await restart(point, point === 'gracefulStop' ? 'SIGTERM' : 'SIGKILL');
        else problems.push(`batch ${index + 1} ended without the held removal: the ${point} stop did not happen`);
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
    if (told === 0 && (kills.has('preparation') || kills.has('midBatch') || kills.has('gracefulStop')))
      problems.push('the channel was never told that a batch or the preparation continued after a restart');
    const run = runFile()!;
    if (run.status !== 'completed') problems.push(`the run ended ${run.status}, not completed`);
    const products = runLicenses(run);
    if (
      opts.profile &&
      products
        .map((l) => l.skuId.toLowerCase())
        .sort()
        .join() !== [E3, EMS].sort().join()
    )
      problems.push(`the run moved ${products.map((l) => l.skuPartNumber).join(' + ')}, not E3 + EMS`);
    const entries = journal(runId);
    const approvalsAt = new Map<string, number>();
    entries.forEach((e, i) => {
      if (e.kind === 'batch.approval' && e.batchId && !approvalsAt.has(e.batchId)) approvalsAt.set(e.batchId, i);
    });
    // Removals per user (outcomes count users) and per user and product: one write may remove E3 and EMS together,
    // and a product may only ever be removed once.
    const removals = new Map<string, number>();
    const productRemovals = new Map<string, number>();
    entries.forEach((e, i) => {
      if (e.kind !== 'license.removed' || !e.userId) return;
      removals.set(e.userId, (removals.get(e.userId) ?? 0) + 1);
      for (const u of undosOf(e)) {
        const key = `${e.userId}|${u.skuId.toLowerCase()}`;
        productRemovals.set(key, (productRemovals.get(key) ?? 0) + 1);
      }
      const approvedAt = approvalsAt.get(e.batchId ?? '');
      if (approvedAt === undefined || approvedAt > i)
        problems.push(`user ${e.userId} was removed in batch ${e.batchId} before any approval of it`);
      if (!approved.has(e.batchId ?? ''))
        problems.push(`user ${e.userId} was removed in batch ${e.batchId}, which the suite never approved`);
    });
    for (const [user, times] of removals) if (times > 1) problems.push(`user ${user} has ${times} removals in the journal`);
    for (const [key, times] of productRemovals)
      if (times > 1) problems.push(`user ${key.replace('|', ', product ')} was removed ${times} times in the journal`);
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
    // The tenant's own count, not only the journal's: a second removal Graph refused would not be in the journal. It
    // counts direct assignments per user and product, so a write taking E3 and EMS is two removals, each the first.
    const graphSide = (await sim.get('/_sim/removals')) as {
      applied: number;
      writes: number;
      bySku: Record<string, number>;
      repeated: { userId: string; skuId: string; count: number }[];
      refusedNotAssigned: number;
    };
    if (graphSide.repeated.length)
      problems.push(
        `${graphSide.repeated.length} direct assignment(s) were removed more than once: ${graphSide.repeated
          .slice(0, 5)
          .map((r) => `${r.userId} ${r.skuId} ×${r.count}`)
          .join(', ')}`,
      );
    // A user found without a direct assignment after a restart is journaled as removed: the stopped process's request
    // may have done it, or someone else (a leaver) while nobody watched. Only those may be missing on the tenant's side.
    const foundAfterRestart = entries
      .filter((e) => e.kind === 'license.removed' && e.detail?.how === 'reread after restart')
      .reduce((n, e) => n + undosOf(e).length, 0);
    const surplus = productRemovals.size - graphSide.applied;
    if (surplus < 0 || surplus > foundAfterRestart)
      problems.push(
        `the tenant saw ${graphSide.applied} direct assignments removed, the journal records ${productRemovals.size} (${foundAfterRestart} found after a restart)`,
      );
    const { violations } = (await sim.get('/_sim/invariants')) as { violations: unknown[] };
    if (violations.length) problems.push(`${violations.length} invariant violation(s): ${JSON.stringify(violations.slice(0, 3))}`);
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 4, retryDelaySeconds: 1 });
    await sim.put('/_sim/behaviour', { faults: { rate429: 0, rate503: 0, rateTimeout: 0 }, latencyMs: 0 });
    if (run.createdGroup) {
      // The group the run made: a kill between creating it and journaling its id must not leave a second one behind.
      const res = await fetch(`${sim.graphUrl}/groups?$select=id,displayName&$top=999`);
      const named = ((await res.json()) as { value: { id: string; displayName: string }[] }).value.filter(
        (g) => g.displayName === run.groupDisplayName,
      );
      if (named.length !== 1) problems.push(`${named.length} groups are named "${run.groupDisplayName}", the group the run created`);
    }
    // Judged per product as the engine judges it at removal: a member still ready for E3 or for EMS could have lost it.
    const members = await readMemberIds(graph, run.groupId);
    const stillRemovableBySku: Record<string, number> = {};
    let stillRemovable = 0;
    for (const l of products) {
      const sku = await resolveSku(graph, l.skuId);
      let n = 0;
      await holderIds(graph, l.skuId, (u) => {
        if (members.has(u.id) && classifyUser({ user: u, sku, groupId: run.groupId, isMember: true }).class === 'ready') n++;
        return false;
      });
      stillRemovableBySku[l.skuId] = n;
      stillRemovable += n;
      if (n) problems.push(`${n} group member(s) still hold a direct ${l.skuPartNumber} that could be removed`);
    }
    const stats = (await sim.get('/_sim/stats')) as { status: Record<string, number>; dropped: number };
    const churn = (await sim.get('/_sim/automation')) as { joiners?: string[]; leavers?: string[] };
    return {
      users: opts.users,
      products: products.map((l) => l.skuPartNumber),
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
      stillRemovableBySku,
      tenantRemovals: { applied: graphSide.applied, writes: graphSide.writes, bySku: graphSide.bySku },
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

/** The data of every Action.Execute button with this verb in a card or an invoke answer, in card order. */
function actionsIn(node: unknown, verb: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const v of node) actionsIn(v, verb, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.verb === verb) out.push((o.data ?? {}) as Record<string, unknown>);
    else for (const v of Object.values(o)) actionsIn(v, verb, out);
  }
  return out;
}
