import type { ItemResult, Sku, UserLicenses } from '../graph/types';
import type { BatchResult } from './engine';
import type { Batch, JournalEntry, ProgressListener, Run, UserOutcome } from './types';
import type { EngineContext } from './context';
import { isApproved } from './batches';
import { classifyUser } from './classification';
import { directAssignment } from './cohorts';
import { readMemberIds, resolveSku } from './discovery';
import { effectivePlans, enabledPlans, planName } from './effectivePlans';
import { MigrationError } from './errors';
import { JournalBuffer } from './journalBuffer';
import { readRetry, readUsers } from './readRetry';
import { assertStatus } from './runLifecycle';

/** Failures after which Graph may or may not have applied the change: only a re-read tells. */
const UNCERTAIN = new Set(['timeout', 'unavailable', 'throttled', 'unknown']);
/** Journal kinds that settle one user's fate in a batch. */
const SETTLED = new Set(['license.removed', 'license.removeFailed', 'user.skipped']);
const PENDING_BATCHES = new Set(['planned', 'awaitingApproval', 'approved']);

interface Removal {
  user: UserLicenses;
  undo: { skuId: string; disabledPlans: string[] };
}

interface ChunkState {
  ctx: EngineContext;
  /** Where this chunk's entries go; routine ones are written together. */
  journal: JournalBuffer;
  run: Run;
  sku: Sku;
  batchId: string;
  memberIds: Set<string>;
}

/** Outcome tallies of one batch from the run's outcome list. */
export function batchResult(run: Run, batchId: string, pausedReason?: string): BatchResult {
  const outcomes = run.outcomes.filter((o) => o.batchId === batchId && o.outcome !== 'restored');
  const count = (k: UserOutcome['outcome']) => outcomes.filter((o) => o.outcome === k).length;
  return {
    runId: run.id, batchId, removed: count('removed'), skipped: count('skipped'), failed: count('failed'), outcomes,
    ...(pausedReason ? { pausedReason } : {}),
  };
}

function checkExecutable(run: Run, batch: Batch | undefined, batchId: string, fourEyes: boolean): Batch {
  if (!batch) throw new MigrationError('notFound', `Run ${run.id} has no batch ${batchId}.`);
  if (batch.status === 'running' || batch.executionKey) {
    throw new MigrationError('alreadyExecuted', `Batch ${batchId} has already started (${batch.status}); it executes at most once.`);
  }
  const running = run.batches.find((b) => b.status === 'running');
  if (running) throw new MigrationError('illegalState', `Batch ${running.id} is still running; batches run one at a time.`);
  if (!isApproved(run, batch, fourEyes)) {
    throw new MigrationError('notApproved', `Batch ${batchId} is ${batch.status} and has ${batch.approvals.filter((a) => a.decision === 'approve').length} of ${run.requiredApprovals} required approval(s); nothing was removed.`);
  }
  assertStatus(run, ['verified', 'removing'], `execute batch ${batchId}`);
  return batch;
}

/** Executes an approved batch at most once: claims it by compare-and-swap, then removes chunk by chunk. */
export async function executeRunBatch(ctx: EngineContext, runId: string, batchId: string, onProgress?: ProgressListener): Promise<BatchResult> {
  const run = await ctx.runs.load(runId);
  const existing = run.batches.find((b) => b.id === batchId);
  if (existing && ['done', 'failed', 'rolledBack'].includes(existing.status)) return batchResult(run, batchId);
  const executionKey = ctx.newId();
  let sku: Sku;
  let memberIds: Set<string>;
  try {
    checkExecutable(run, existing, batchId, ctx.settings.fourEyes);
    // Read before claiming: a read failure here leaves the batch approved and untouched.
    sku = await resolveSku(ctx.graph, run.skuId);
    memberIds = await readMemberIds(ctx.graph, run.groupId);
    await ctx.runs.update(runId, (r) => {
      const b = checkExecutable(r, r.batches.find((x) => x.id === batchId), batchId, ctx.settings.fourEyes);
      b.status = 'running';
      b.executionKey = executionKey;
      b.startedAt = ctx.now().toISOString();
      b.leaseUntil = new Date(ctx.now().getTime() + ctx.settings.leaseMs).toISOString();
      r.status = 'removing';
    });
  } catch (err) {
    if (err instanceof MigrationError && (err.code === 'notApproved' || err.code === 'illegalState' || err.code === 'alreadyExecuted')) {
      await ctx.journal.append({ runId, batchId, kind: 'batch.refused', detail: { code: err.code, reason: err.message } });
    }
    throw err;
  }
  await ctx.journal.append({ runId, batchId, kind: 'batch.started', detail: { executionKey, users: existing!.userIds.length } });
  ctx.log.info({ runId, batchId, users: existing!.userIds.length }, 'batch started');
  return processBatch(ctx, runId, batchId, executionKey, existing!.userIds, { sku, memberIds }, onProgress);
}

/** Removes the direct assignment of the given users of a claimed batch, then closes the batch. */
export async function processBatch(
  ctx: EngineContext, runId: string, batchId: string, executionKey: string, userIds: string[],
  // Membership is read once the batch starts (after approval); each user's own paths are re-read per chunk.
  tenant: { sku: Sku; memberIds: Set<string> }, onProgress?: ProgressListener,
): Promise<BatchResult> {
  let run = await ctx.runs.load(runId);
  const { sku, memberIds } = tenant;
  const total = run.batches.find((b) => b.id === batchId)!.userIds.length;
  let stopReason: string | undefined;
  let unexpected: string | undefined;
  let at = 0;
  let failure: unknown;
  // Outcomes are already durable in the journal; the run copy is saved by one writer at a time, taking
  // whatever chunks finished meanwhile, so parallel chunks never fight over the run's etag.
  let waiting: UserOutcome[] = [];
  let saves: Promise<void> = Promise.resolve();
  const save = async () => {
    if (waiting.length === 0) return;
    const outcomes = waiting;
    waiting = [];
    run = await ctx.runs.update(runId, (r) => {
      const b = ownBatch(r, batchId, executionKey);
      r.outcomes.push(...outcomes);
      b.leaseUntil = new Date(ctx.now().getTime() + ctx.settings.leaseMs).toISOString();
    });
    const sofar = batchResult(run, batchId);
    onProgress?.({ type: 'batchProgress', runId, batchId, done: sofar.outcomes.length, total, removed: sofar.removed, skipped: sofar.skipped, failed: sofar.failed });
  };
  const record = (outcomes: UserOutcome[]) => {
    waiting.push(...outcomes);
    saves = saves.then(save);
    return saves;
  };
  const worker = async (chunks = Infinity): Promise<void> => {
    // Each save re-reads the run, so a pause, a cancel or a takeover by another process shows up here.
    for (let n = 0; n < chunks && at < userIds.length && !unexpected && !stopReason && failure === undefined; n++) {
      ownBatch(run, batchId, executionKey);
      if (run.status === 'paused' || run.status === 'cancelled') {
        stopReason ??= run.status === 'paused' ? `run paused${run.pausedReason ? `: ${run.pausedReason}` : ''}` : 'run cancelled';
        return;
      }
      const chunk = userIds.slice(at, at + ctx.settings.chunkSize);
      at += chunk.length;
      const state: ChunkState = { ctx, journal: new JournalBuffer(ctx.journal), run, sku, batchId, memberIds };
      const { outcomes, problem } = await processChunk(state, chunk);
      if (problem) unexpected ??= problem;
      // Awaited so a pause, a cancel or a takeover seen by the save stops this worker before its next chunk.
      await record(outcomes);
    }
  };
  const guarded = (chunks?: number) => worker(chunks).catch((e) => {
    failure ??= e;
  });
  // The first chunk runs alone, a canary inside the batch; then chunks go in parallel up to the limit.
  await guarded(1);
  if (at < userIds.length && failure === undefined) await Promise.all(Array.from({ length: ctx.settings.chunkConcurrency }, () => guarded()));
  await saves.catch((e) => {
    failure ??= e;
  });
  if (failure !== undefined) throw failure;
  const left = userIds.slice(at);
  if (left.length) {
    const reason = unexpected ? `not attempted: run paused after an unexpected result` : `not attempted: ${stopReason}`;
    const when = ctx.now().toISOString();
    await ctx.journal.appendMany(left.map((userId) => ({ runId, batchId, userId, kind: 'user.skipped' as const, detail: { reason } })));
    run = await ctx.runs.update(runId, (r) => {
      ownBatch(r, batchId, executionKey);
      r.outcomes.push(...left.map((userId): UserOutcome => ({ userId, batchId, outcome: 'skipped', reason, at: when })));
    });
  }
  return finishBatch(ctx, runId, batchId, executionKey, unexpected, onProgress);
}

/** The batch, as long as this execution still owns it. */
function ownBatch(run: Run, batchId: string, executionKey: string): Batch {
  const b = run.batches.find((x) => x.id === batchId);
  if (!b || b.executionKey !== executionKey) throw new MigrationError('alreadyExecuted', `Batch ${batchId} was taken over by another process.`);
  return b;
}

async function finishBatch(
  ctx: EngineContext, runId: string, batchId: string, executionKey: string, unexpected: string | undefined, onProgress?: ProgressListener,
): Promise<BatchResult> {
  let becameCompleted = false;
  const run = await ctx.runs.update(runId, (r) => {
    const b = ownBatch(r, batchId, executionKey);
    b.status = unexpected ? 'failed' : 'done';
    b.finishedAt = ctx.now().toISOString();
    delete b.leaseUntil;
    if (r.status === 'removing' && unexpected) {
      r.status = 'paused';
      r.pausedReason = `Batch ${batchId}: ${unexpected}`;
    } else if (r.status === 'removing' && !r.batches.some((x) => PENDING_BATCHES.has(x.status) || x.status === 'running')) {
      r.status = 'completed';
      becameCompleted = true;
    }
  });
  const result = batchResult(run, batchId, unexpected ? run.pausedReason : undefined);
  await ctx.journal.append({ runId, batchId, kind: 'batch.finished', detail: { removed: result.removed, skipped: result.skipped, failed: result.failed, unexpected: unexpected ?? null } });
  onProgress?.({ type: 'batchFinished', runId, batchId, removed: result.removed, skipped: result.skipped, failed: result.failed });
  ctx.log[unexpected ? 'warn' : 'info']({ runId, batchId, removed: result.removed, skipped: result.skipped, failed: result.failed, unexpected: unexpected ?? null }, 'batch finished');
  if (unexpected) {
    await ctx.journal.append({ runId, kind: 'run.status', detail: { status: 'paused', reason: run.pausedReason } });
    onProgress?.({ type: 'paused', runId, reason: run.pausedReason ?? unexpected });
  }
  if (becameCompleted) {
    await ctx.journal.append({ runId, kind: 'run.status', detail: { status: 'completed' } });
    onProgress?.({ type: 'completed', runId });
  }
  return result;
}

/** Re-reads, re-classifies and removes one chunk; returns outcomes and the first unexpected result, if any. */
async function processChunk(s: ChunkState, ids: string[]): Promise<{ outcomes: UserOutcome[]; problem?: string }> {
  const { ctx, run, sku, batchId } = s;
  const outcomes: UserOutcome[] = [];
  let problem: string | undefined;
  const skip = async (userId: string, upn: string | undefined, reason: string, code?: string) => {
    s.journal.defer({ runId: run.id, batchId, userId, kind: 'user.skipped', detail: { reason, ...(code ? { code } : {}) } });
    outcomes.push({ userId, ...(upn ? { userPrincipalName: upn } : {}), batchId, outcome: 'skipped', reason, ...(code ? { code } : {}), at: ctx.now().toISOString() });
  };

  const reads = await readUsers(ctx.graph, ids);
  const removals: Removal[] = [];
  for (const id of ids) {
    const read = reads.find((r) => r.id.toLowerCase() === id.toLowerCase());
    if (!read || !read.ok) {
      const kind = read && !read.ok ? read.failure.kind : 'unknown';
      await skip(id, undefined, kind === 'notFound' ? 'user no longer exists' : `could not re-read the user (${kind}); direct assignment kept`, kind);
      continue;
    }
    const user = read.value;
    const c = classifyUser({ user, sku, groupId: run.groupId, isMember: s.memberIds.has(user.id) });
    if (c.class !== 'ready') {
      const why = c.class === 'error' ? ` (${c.error})` : c.class === 'planMismatch' ? ` (would lose ${c.missingPlans.join(', ')})` : '';
      await skip(user.id, user.userPrincipalName, `no longer ready: ${c.class}${why}`, c.class);
      continue;
    }
    removals.push({ user, undo: { skuId: sku.skuId, disabledPlans: c.directDisabledPlans ?? [] } });
  }
  if (removals.length === 0) {
    await s.journal.flush();
    return { outcomes };
  }

  // What is needed to undo each removal is durable before any removal is sent.
  for (const r of removals) s.journal.defer({ runId: run.id, batchId, userId: r.user.id, kind: 'license.removing', undo: r.undo });
  await s.journal.flush();
  const results = await ctx.graph.removeDirectLicense(sku.skuId, removals.map((r) => r.user.id));
  // The assignLicense answer carries no assignment paths: read the removed users back in one $batch.
  const okIds = results.filter((x) => x.ok).map((x) => x.id);
  const readBack = new Map<string, UserLicenses>();
  if (okIds.length) for (const x of await readUsers(ctx.graph, okIds)) if (x.ok) readBack.set(x.id.toLowerCase(), x.value);
  for (const r of removals) {
    const res = results.find((x) => x.id.toLowerCase() === r.user.id.toLowerCase());
    const o = await settleRemoval(s, r, res ?? { id: r.user.id, ok: false, failure: { kind: 'unknown', status: 0, code: 'noResult', message: 'no result for this user' } }, readBack.get(r.user.id.toLowerCase()));
    outcomes.push(o.outcome);
    if (o.unexpected && !problem) problem = o.unexpected;
  }
  await s.journal.flush();
  return { outcomes, problem };
}

/** Turns one removal response into an outcome, resolving dropped or failed responses by re-reading the user. */
async function settleRemoval(
  s: ChunkState, r: Removal, res: ItemResult<UserLicenses | null>, readBack?: UserLicenses, retried = false,
): Promise<{ outcome: UserOutcome; unexpected?: string }> {
  const { ctx, run, sku, batchId } = s;
  const userId = r.user.id;
  const upn = r.user.userPrincipalName;
  const base = { userId, userPrincipalName: upn, batchId };
  const skipped = async (reason: string, code: string) => {
    s.journal.defer({ runId: run.id, batchId, userId, kind: 'user.skipped', detail: { reason, code } });
    return { outcome: { ...base, outcome: 'skipped' as const, reason, code, at: ctx.now().toISOString() } };
  };
  const failed = async (reason: string, code: string) => {
    s.journal.defer({ runId: run.id, batchId, userId, kind: 'license.removeFailed', undo: r.undo, detail: { reason, code } });
    return { outcome: { ...base, outcome: 'failed' as const, reason, code, at: ctx.now().toISOString() }, unexpected: `${upn}: ${reason}` };
  };

  if (res.ok) {
    let after: UserLicenses | null = readBack ?? null;
    if (!after) {
      try {
        after = await readRetry(() => ctx.graph.getUser(userId));
      } catch (err) {
        return failed(`removed, but the user could not be read back to confirm services: ${(err as Error).message}`, 'readBackFailed');
      }
    }
    if (!after) return failed('user not readable after removal', 'notFound');
    return confirmRemoved(s, r, after, 'response');
  }
  const kind = res.failure.kind;
  if (kind === 'notFound') return skipped('user no longer exists', 'notFound');
  if (kind === 'inheritedOnly') return skipped('direct assignment already gone (removed by someone else)', 'inheritedOnly');
  if (!UNCERTAIN.has(kind)) return failed(`removal refused: ${res.failure.message}`, kind);

  let fresh: UserLicenses | null;
  try {
    fresh = await readRetry(() => ctx.graph.getUser(userId));
  } catch (err) {
    return failed(`removal answer lost (${kind}) and the user could not be re-read: ${(err as Error).message}`, kind);
  }
  if (!fresh) return skipped('user no longer exists', 'notFound');
  if (!directAssignment(fresh, sku.skuId)) return confirmRemoved(s, r, fresh, `reread after ${kind}`);
  if (retried) return skipped(`removal did not go through (${kind}) twice; direct assignment kept`, kind);
  const again = await ctx.graph.removeDirectLicense(sku.skuId, [userId]);
  return settleRemoval(s, r, again[0] ?? { id: userId, ok: false, failure: res.failure }, undefined, true);
}

/** Records a removal and confirms the SKU and every plan the direct path enabled are still effective; restores it if not. */
export async function confirmRemoved(
  s: Pick<ChunkState, 'ctx' | 'run' | 'sku' | 'batchId' | 'journal'>, r: Removal, after: UserLicenses, how: string,
): Promise<{ outcome: UserOutcome; unexpected?: string }> {
  const { ctx, run, sku, batchId, journal } = s;
  const userId = r.user.id;
  const base = { userId, userPrincipalName: r.user.userPrincipalName, batchId };
  if (directAssignment(after, sku.skuId)) {
    const reason = 'Graph reported success but the direct assignment is still there';
    journal.defer({ runId: run.id, batchId, userId, kind: 'license.removeFailed', undo: r.undo, detail: { reason } });
    return { outcome: { ...base, outcome: 'failed', reason, code: 'stillDirect', at: ctx.now().toISOString() }, unexpected: `${r.user.userPrincipalName}: ${reason}` };
  }
  journal.defer({ runId: run.id, batchId, userId, kind: 'license.removed', undo: r.undo, detail: { how } });
  const effective = effectivePlans(sku, after.licenseAssignmentStates ?? []);
  const lost = [...enabledPlans(sku, r.undo.disabledPlans)].filter((id) => !effective.has(id));
  const skuKept = (after.licenseAssignmentStates ?? []).some((p) => p.skuId.toLowerCase() === sku.skuId.toLowerCase() && p.state === 'Active');
  if (lost.length === 0 && skuKept) return { outcome: { ...base, outcome: 'removed', at: ctx.now().toISOString() } };

  // The user lost services: put the direct assignment back at once, then stop the run.
  const names = lost.map((id) => planName(sku, id));
  await journal.append({ runId: run.id, batchId, userId, kind: 'license.restoring', undo: r.undo, detail: { reason: 'services lost after removal', lost: names } });
  const [res] = await ctx.graph.addDirectLicense([{ userId, license: { skuId: sku.skuId, disabledPlans: r.undo.disabledPlans } }]);
  const restored = !!res?.ok;
  await journal.append({ runId: run.id, batchId, userId, kind: restored ? 'license.restored' : 'license.restoreFailed', undo: r.undo, detail: restored ? {} : { reason: res && !res.ok ? res.failure.message : 'no result' } });
  const reason = `after removal ${skuKept ? `lost ${names.join(', ')}` : `no longer holds ${sku.skuPartNumber}`}; direct assignment ${restored ? 're-added' : 'could NOT be re-added'}`;
  return { outcome: { ...base, outcome: 'failed', reason, code: 'servicesLost', at: ctx.now().toISOString() }, unexpected: `${r.user.userPrincipalName}: ${reason}` };
}

/** Users of a batch whose fate the journal settles, and those caught between 'removing' and a result. */
export function journalState(entries: readonly JournalEntry[], batchId: string): { settled: Map<string, JournalEntry>; inFlight: Map<string, JournalEntry> } {
  const settled = new Map<string, JournalEntry>();
  const inFlight = new Map<string, JournalEntry>();
  for (const e of entries) {
    if (e.batchId !== batchId || !e.userId) continue;
    if (e.kind === 'license.removing') inFlight.set(e.userId, e);
    else if (SETTLED.has(e.kind)) {
      settled.set(e.userId, e);
      inFlight.delete(e.userId);
    }
  }
  return { settled, inFlight };
}
