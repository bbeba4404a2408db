import type { ItemResult, Sku, UserLicenses } from '../graph/types';
import type { BatchResult } from './engine';
import { acceptedGainOf, isFinished, isPending, tallyHandled, type SettleReport } from './types';
import type {
  Batch,
  BatchProblem,
  JournalEntry,
  LicenseUndo,
  ProgressListener,
  ReliedOnGroup,
  Run,
  UserClassification,
  UserOutcome,
} from './types';
import type { EngineContext } from './context';
import { approversOf, isApproved, outOfOrder } from './approvals';
import { classifyUser } from './classification';
import { directAssignment } from './cohorts';
import { servicesLostOf } from './effectivePlans';
import { MigrationError } from './errors';
import { GroupWatch, groupStopOf, type GroupGate } from './groupGate';
import { JournalBuffer } from './journalBuffer';
import { assertNotStopping, batchLease, ownBatch, type WorkLease } from './lease';
import { isUncertainFailure, readMemberships, readRetry, readUsers } from './readRetry';
import { isDynamicGroup, ruleProperties, runRule, runRuleMiss } from './dynamicRule';
import { restoreAll, type RestoreJournal, type RestoreResult } from './restore';
import { assertStatus } from './runLifecycle';
import { errorMessage } from '../common/errorMessage';
import { settleBatch, type RemovedUser } from './settleCheck';
import { addFirstOutcomes, emptyTally, IssueSample, issuesOf, outcomeEntry, userProblem } from './outcomes';
import { batchUserIds } from './batches';
import { unconfirmedRunReliance, type Unconfirmed } from './otherGroups';
import { runSkus, tagForProduct, undoFields } from './runLicenses';
import type {
  NotAttemptedAbout,
  NotReadyAbout,
  NotResentWhy,
  OutcomeDetail,
  RestoreWhen,
  RiskAbout,
  RuleMissAbout,
  Said,
} from './outcomeDetail';

/** Journal kinds that settle one user's fate in a batch. */
const SETTLED = new Set(['license.removed', 'license.removeFailed', 'user.skipped', 'license.restored', 'license.restoreFailed']);
/** Journal kinds written before a change whose result is not known yet. */
const IN_FLIGHT = new Set(['license.removing', 'license.restoring']);

export interface Removal {
  user: UserLicenses;
  /** Every direct assignment the one write removes (a run of several products removes those ready together). */
  undos: LicenseUndo[];
  /** Other groups whose paths the user's services rely on (union coverage): checked again after the removal. */
  reliesOn?: readonly ReliedOnGroup[];
  /** Products of the run the user keeps directly, and why (they were not ready for this user). */
  kept?: string;
}

export interface ChunkState {
  ctx: EngineContext;
  /** Where this chunk's entries go; routine ones are written together. */
  journal: JournalBuffer;
  run: Run;
  /** The run's products, its first SKU first. */
  skus: Sku[];
  batchId: string;
  lease: WorkLease;
  /** Reads of the run's group, shared by the batch's chunks. */
  group: GroupWatch;
  /** Users this batch removed (with what undoes it), for the settle check. */
  removed: Map<string, RemovedUser>;
  /** Plans (names) the approval that released the batch accepted its users gaining. */
  acceptedGain: ReadonlySet<string>;
}

/** A batch's result from its tally; `issues` names the failed and skipped users this execution met. */
export function batchResult(run: Run, batchId: string, pausedReason?: string, issues: UserOutcome[] = []): BatchResult {
  const batch = run.batches.find((b) => b.id === batchId);
  const settle = batch?.settle;
  const tally = batch?.tally ?? emptyTally();
  return {
    runId: run.id,
    batchId,
    removed: tally.removed,
    skipped: tally.skipped,
    failed: tally.failed,
    issues,
    ...(pausedReason ? { pausedReason } : {}),
    ...(settle ? { settle } : {}),
  };
}

function checkExecutable(run: Run, batch: Batch | undefined, batchId: string, fourEyes: boolean): Batch {
  if (!batch) throw new MigrationError('notFound', `Run ${run.id} has no batch ${batchId}.`);
  if (batch.status === 'running' || batch.executionKey) {
    throw new MigrationError('alreadyExecuted', `Batch ${batchId} has already started (${batch.status}); it executes at most once.`);
  }
  // Covers another batch still running too: batches run one at a time, in order.
  const order = outOfOrder(run, batch);
  if (order) throw new MigrationError('illegalState', `Batch ${batch.index + 1} cannot run yet: ${order}; nothing was removed.`);
  if (!isApproved(run, batch, fourEyes)) {
    throw new MigrationError(
      'notApproved',
      `Batch ${batchId} is ${batch.status} and has ${approversOf(batch).length} of ${run.requiredApprovals} required approval(s); nothing was removed.`,
    );
  }
  assertStatus(run, ['verified', 'removing'], `execute batch ${batchId}`);
  return batch;
}

/**
 * The rule of the run's group when the group is dynamic but the run holds none: runs stored by a version that did not
 * record rules, or a group made dynamic since. Taking it on makes every removal check the rule for its user.
 */
async function unrecordedRule(ctx: EngineContext, run: Run): Promise<string | undefined> {
  if (run.membershipRule !== undefined || !run.groupId) return undefined;
  const group = await readRetry(() => ctx.graph.getGroup(run.groupId));
  return group && isDynamicGroup(group) ? (group.membershipRule ?? '') : undefined;
}

/** Executes an approved batch at most once: claims it by compare-and-swap, then removes chunk by chunk. */
export async function executeRunBatch(
  ctx: EngineContext,
  runId: string,
  batchId: string,
  onProgress?: ProgressListener,
): Promise<BatchResult> {
  const run = await ctx.runs.load(runId);
  const existing = run.batches.find((b) => b.id === batchId);
  // Asked again (a retried click): the same answer, its users named from the journal.
  if (existing && isFinished(existing)) return batchResult(run, batchId, undefined, await issuesOf(ctx, run, batchId));
  const executionKey = ctx.newId();
  let skus: Sku[];
  let userIds: string[];
  let adopted: string | undefined;
  try {
    checkExecutable(run, existing, batchId, ctx.settings.fourEyes);
    // Read before claiming: a read failure here leaves the batch approved and untouched.
    skus = await runSkus(ctx.graph, run);
    userIds = await batchUserIds(ctx, run, existing!);
    adopted = await unrecordedRule(ctx, run);
    await ctx.runs.update(runId, (r) => {
      if (adopted !== undefined && r.membershipRule === undefined) r.membershipRule = adopted;
      const b = checkExecutable(
        r,
        r.batches.find((x) => x.id === batchId),
        batchId,
        ctx.settings.fourEyes,
      );
      b.status = 'running';
      b.executionKey = executionKey;
      b.startedAt = ctx.now().toISOString();
      b.leaseUntil = new Date(ctx.now().getTime() + ctx.settings.leaseMs).toISOString();
      r.status = 'removing';
    });
  } catch (err) {
    // Losing a race for the batch (another instance or a sweep started it) is no refusal worth an audit record.
    if (err instanceof MigrationError && (err.code === 'notApproved' || err.code === 'illegalState')) {
      await ctx.journal.append({ runId, batchId, kind: 'batch.refused', detail: { code: err.code, reason: err.message } });
    }
    throw err;
  }
  // The heartbeat starts with the claim, so no step of this execution runs on an unrenewed lease.
  const lease = batchLease(ctx, runId, batchId, executionKey).start();
  try {
    if (adopted !== undefined)
      await ctx.journal.append({ runId, batchId, kind: 'run.membershipRule', detail: { membershipRule: adopted } });
    await ctx.journal.append({ runId, batchId, kind: 'batch.started', detail: { executionKey, users: userIds.length } });
  } catch (err) {
    lease.stop();
    throw err;
  }
  ctx.log.info({ runId, batchId, users: userIds.length }, 'batch started');
  return processBatch(
    ctx,
    runId,
    batchId,
    executionKey,
    userIds,
    { skus, removed: new Map(), issues: new IssueSample() },
    lease,
    onProgress,
  );
}

/**
 * Removes the direct assignment of the given users of a claimed batch, runs the settle check over everyone the
 * batch removed (`removed` carries those an earlier process removed), then closes the batch. A `problem` an earlier
 * process left (a user restored after a restart) pauses the run like one found here.
 */
export async function processBatch(
  ctx: EngineContext,
  runId: string,
  batchId: string,
  executionKey: string,
  userIds: string[],
  tenant: BatchTenant,
  lease: WorkLease,
  onProgress?: ProgressListener,
): Promise<BatchResult> {
  try {
    return await removeAndSettle({ ctx, runId, batchId, executionKey, userIds, tenant, lease }, onProgress);
  } catch (err) {
    if (err instanceof MigrationError && err.code === 'handedBack') await handBackBatch(ctx, runId, batchId, executionKey, lease);
    throw err;
  } finally {
    lease.stop();
  }
}

/**
 * A graceful stop: the chunks in flight have finished and their outcomes are saved; the batch stays 'running' and
 * its lease ends now, so the next instance's sweep continues it at once instead of waiting for the lease to run out.
 */
async function handBackBatch(ctx: EngineContext, runId: string, batchId: string, executionKey: string, lease: WorkLease): Promise<void> {
  try {
    await lease.release();
    await ctx.journal.append({ runId, batchId, kind: 'batch.handedBack', detail: { executionKey } });
    ctx.log.info({ runId, batchId }, 'batch handed back: the process is stopping');
  } catch (err) {
    // The lease then simply runs out; the batch is continued a little later.
    ctx.log.warn({ runId, batchId, err: errorMessage(err) }, 'could not hand the batch back');
  }
}

/**
 * What a batch execution knows before its first chunk: the SKU, who an earlier process removed, the failed and
 * skipped users met so far, and its problem.
 */
interface BatchTenant {
  skus: Sku[];
  removed: Map<string, RemovedUser>;
  issues: IssueSample;
  problem?: BatchProblem;
}

interface BatchExecution {
  ctx: EngineContext;
  runId: string;
  batchId: string;
  executionKey: string;
  userIds: string[];
  tenant: BatchTenant;
  lease: WorkLease;
}

async function removeAndSettle(x: BatchExecution, onProgress?: ProgressListener): Promise<BatchResult> {
  const { ctx, runId, batchId, executionKey, userIds, tenant, lease } = x;
  let run = await ctx.runs.load(runId);
  const { skus, removed } = tenant;
  const total = run.batches.find((b) => b.id === batchId)!.size;
  // Taken from the run as the claim left it: a running batch takes no decisions, so its approvals are final.
  const acceptedGain = acceptedGainOf(run.batches.find((b) => b.id === batchId)!);
  const group = new GroupWatch(ctx, run);
  let stopReason: string | undefined;
  // Why the batch stopped before its last users, as data for their outcomes (notAttempted).
  let stopped: NotAttemptedAbout | undefined;
  let unexpected: BatchProblem | undefined = tenant.problem;
  let at = 0;
  const unattempted: string[] = [];
  let failure: unknown;
  // Outcomes are already durable in the journal; the run keeps only their counts, saved by one writer at a time
  // taking whatever chunks finished meanwhile, so parallel chunks never fight over the run's etag.
  let waiting: UserOutcome[] = [];
  let saves: Promise<void> = Promise.resolve();
  const save = async () => {
    if (waiting.length === 0) return;
    const outcomes = waiting;
    waiting = [];
    const savedAt = ctx.now().getTime();
    run = await ctx.runs.update(runId, (r) => {
      const b = ownBatch(r, batchId, executionKey);
      addFirstOutcomes(b.tally, outcomes);
      b.leaseUntil = new Date(savedAt + ctx.settings.leaseMs).toISOString();
    });
    lease.extended(savedAt);
    const { tally } = run.batches.find((b) => b.id === batchId)!;
    onProgress?.({
      type: 'batchProgress',
      runId,
      batchId,
      done: tallyHandled(tally),
      total,
      removed: tally.removed,
      skipped: tally.skipped,
      failed: tally.failed,
    });
  };
  const record = (outcomes: UserOutcome[]) => {
    for (const o of outcomes) tenant.issues.add(o);
    waiting.push(...outcomes);
    saves = saves.then(save);
    return saves;
  };
  const worker = async (chunks = Infinity): Promise<void> => {
    // Each save re-reads the run, so a pause, a cancel or a takeover by another process shows up here.
    for (let n = 0; n < chunks && at < userIds.length && !unexpected && !stopReason && failure === undefined; n++) {
      ownBatch(run, batchId, executionKey);
      assertNotStopping(ctx, `batch ${batchId}`);
      if (run.status === 'paused' || run.status === 'cancelled') {
        stopReason ??= run.status === 'paused' ? `run paused${run.pausedReason ? `: ${run.pausedReason}` : ''}` : 'run cancelled';
        // A pause someone asked for carries their words; one the engine recorded as data says nothing more here.
        stopped ??=
          run.status === 'cancelled'
            ? { kind: 'notAttempted', stop: 'cancelled' }
            : {
                kind: 'notAttempted',
                stop: 'paused',
                ...(run.pausedReason && !run.pauseCause ? { reason: run.pausedReason } : {}),
                ...(run.pauseCause?.kind === 'pausedBy' ? { by: run.pauseCause.by } : {}),
              };
        return;
      }
      const chunk = userIds.slice(at, at + ctx.settings.chunkSize);
      at += chunk.length;
      const state: ChunkState = { ctx, journal: new JournalBuffer(ctx.journal), run, skus, batchId, lease, group, removed, acceptedGain };
      const { outcomes, problem, notAttempted } = await processChunk(state, chunk);
      if (notAttempted) {
        unexpected ??= {
          text: `stopped before removing more: ${notAttempted.reason}`,
          about: groupStopOf(notAttempted),
        };
        // Recorded as not attempted, like every user after them.
        unattempted.push(...chunk);
        return;
      }
      if (problem) unexpected ??= problem;
      // Awaited so a pause, a cancel or a takeover seen by the save stops this worker before its next chunk.
      await record(outcomes);
    }
  };
  const guarded = (chunks?: number) =>
    worker(chunks).catch((e) => {
      failure ??= e;
    });
  // The first chunk runs alone, a canary inside the batch; then chunks go in parallel up to the limit.
  await guarded(1);
  if (at < userIds.length && failure === undefined)
    await Promise.all(Array.from({ length: ctx.settings.chunkConcurrency }, () => guarded()));
  await saves.catch((e) => {
    failure ??= e;
  });
  if (failure !== undefined) throw failure;
  const left = [...unattempted, ...userIds.slice(at)];
  if (left.length) {
    const reason = unexpected ? `not attempted: run paused after an unexpected result` : `not attempted: ${stopReason}`;
    const detail: NotAttemptedAbout | undefined = unexpected ? { kind: 'notAttempted', stop: 'unexpected' } : stopped;
    const when = ctx.now().toISOString();
    const skipped = left.map((userId): UserOutcome => ({
      userId,
      batchId,
      outcome: 'skipped',
      reason,
      code: 'notAttempted',
      ...(detail ? { detail } : {}),
      at: when,
    }));
    await ctx.journal.appendMany(
      left.flatMap((userId, i) => [
        {
          runId,
          batchId,
          userId,
          kind: 'user.skipped' as const,
          detail: { reason, code: 'notAttempted', ...(detail ? { about: detail } : {}) },
        },
        outcomeEntry(runId, skipped[i]),
      ]),
    );
    for (const o of skipped) tenant.issues.add(o);
    run = await ctx.runs.update(runId, (r) => {
      addFirstOutcomes(ownBatch(r, batchId, executionKey).tally, skipped);
    });
  }
  // The batch stays 'running' (and leased) through the settle check, so a crash here repeats the check.
  const journal = new JournalBuffer(ctx.journal);
  const settled = await settleBatch(ctx, run, skus, batchId, removed, journal);
  const settle = settled.report;
  lease.assertOwned();
  await ctx.journal.append({
    runId,
    batchId,
    kind: 'batch.settled',
    detail: {
      checked: settle.checked,
      restored: settle.restored.length,
      complete: settle.complete,
      ...(settle.reason ? { reason: settle.reason } : {}),
    },
  });
  if (settled.outcomes.length) {
    // The settle check judges only users this batch removed: each of them now counts as failed instead.
    await ctx.journal.appendMany(settled.outcomes.map((o) => outcomeEntry(runId, o)));
    for (const o of settled.outcomes) tenant.issues.add(o);
    await ctx.runs.update(runId, (r) => {
      const { tally } = ownBatch(r, batchId, executionKey);
      tally.removed = Math.max(0, tally.removed - settled.outcomes.length);
      tally.failed += settled.outcomes.length;
    });
  }
  if (settle.restored.length) {
    const names = settle.restored.map((u) => u.userPrincipalName);
    const reAdded = settle.restored.every((u) => u.ok);
    unexpected ??= {
      text: `settle check: ${names.length} user(s) lost services once group processing settled (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}); direct assignment ${reAdded ? 're-added' : 'could NOT be re-added for some'}`,
      about: { kind: 'settleRestored', count: names.length, users: names.slice(0, 10), reAdded },
    };
  } else if (!settle.complete) {
    unexpected ??= {
      text: `settle check not finished: ${settle.reason}; verify the removed users before approving more`,
      ...(settle.gap ? { about: { kind: 'settleIncomplete', gap: settle.gap } } : {}),
    };
  }
  return finishBatch(ctx, runId, batchId, executionKey, unexpected, onProgress, settle, tenant.issues.list());
}

async function finishBatch(
  ctx: EngineContext,
  runId: string,
  batchId: string,
  executionKey: string,
  unexpected: BatchProblem | undefined,
  onProgress: ProgressListener | undefined,
  settle: SettleReport,
  issues: UserOutcome[],
): Promise<BatchResult> {
  let becameCompleted = false;
  const run = await ctx.runs.update(runId, (r) => {
    const b = ownBatch(r, batchId, executionKey);
    b.status = unexpected ? 'failed' : 'done';
    b.finishedAt = ctx.now().toISOString();
    b.settle = settle;
    delete b.leaseUntil;
    if (r.status === 'removing' && unexpected) {
      r.status = 'paused';
      r.pausedReason = `Batch ${batchId}: ${unexpected.text}`;
      r.pauseCause = { kind: 'batchProblem', batchId, detail: unexpected.text, ...(unexpected.about ? { about: unexpected.about } : {}) };
    } else if (r.status === 'removing' && !r.batches.some((x) => isPending(x) || x.status === 'running')) {
      r.status = 'completed';
      becameCompleted = true;
    }
  });
  const result = batchResult(run, batchId, unexpected ? run.pausedReason : undefined, issues);
  await ctx.journal.append({
    runId,
    batchId,
    kind: 'batch.finished',
    detail: { removed: result.removed, skipped: result.skipped, failed: result.failed, unexpected: unexpected?.text ?? null },
  });
  onProgress?.({ type: 'batchFinished', runId, batchId, removed: result.removed, skipped: result.skipped, failed: result.failed });
  ctx.log[unexpected ? 'warn' : 'info'](
    {
      runId,
      batchId,
      removed: result.removed,
      skipped: result.skipped,
      failed: result.failed,
      settleChecked: settle.checked,
      settleRestored: settle.restored.length,
      unexpected: unexpected?.text ?? null,
    },
    'batch finished',
  );
  if (unexpected) {
    await ctx.journal.append({ runId, kind: 'run.status', detail: { status: 'paused', reason: run.pausedReason } });
    onProgress?.({ type: 'paused', runId, reason: run.pausedReason ?? unexpected.text });
  }
  if (becameCompleted) {
    await ctx.journal.append({ runId, kind: 'run.status', detail: { status: 'completed' } });
    onProgress?.({ type: 'completed', runId });
  }
  return result;
}

/** A user's state read fresh: their license paths and whether they are still a direct member of the run's group. */
export interface FreshUser {
  read: ItemResult<UserLicenses>;
  member: ItemResult<boolean>;
}

/** Reads users and their membership of the run's group at once (two $batch reads per 20 users). */
export async function readFresh(ctx: EngineContext, run: Run, ids: string[]): Promise<Map<string, FreshUser>> {
  const [reads, members] = await Promise.all([
    readUsers(ctx.graph, ids, ruleProperties(runRule(run))),
    readMemberships(ctx.graph, run.groupId, ids),
  ]);
  const out = new Map<string, FreshUser>();
  ids.forEach((id, i) => out.set(id.toLowerCase(), { read: reads[i], member: members[i] }));
  return out;
}

/**
 * Re-reads, re-classifies and removes one chunk; returns outcomes and the first unexpected result, if any, or why
 * the chunk was not attempted (the group's license changed, or its processing did not complete in time).
 */
async function processChunk(
  s: ChunkState,
  ids: string[],
): Promise<{ outcomes: UserOutcome[]; problem?: BatchProblem; notAttempted?: GroupGate & { ok: false } }> {
  const { ctx, run, batchId } = s;
  const outcomes: UserOutcome[] = [];
  // Membership is read per chunk for exactly these users: a leaver since the batch started is never removed.
  // Entra must have applied every membership and license change to the group before users are judged by it:
  // the group is read alongside (a read that started up to a second earlier will do), and waited for when it is not ready.
  const startedAt = Date.now();
  let [fresh, gate] = await Promise.all([readFresh(ctx, run, ids), s.group.check(startedAt - Math.min(ctx.settings.pollIntervalMs, 1000))]);
  if (!gate.ok) {
    gate = await s.group.ready();
    if (!gate.ok) return { outcomes, notAttempted: gate };
    // What was read while the group was still processing is stale.
    fresh = await readFresh(ctx, run, ids);
  }
  const candidates: Removal[] = [];
  for (const id of ids) {
    const f = fresh.get(id.toLowerCase())!;
    if (!f.read.ok) {
      const kind = f.read.failure.kind;
      outcomes.push(
        skip(
          s,
          id,
          undefined,
          kind === 'notFound' ? 'user no longer exists' : `could not re-read the user (${kind}); direct assignment kept`,
          kind,
        ),
      );
      continue;
    }
    const user = f.read.value;
    if (!f.member.ok) {
      outcomes.push(
        skip(
          s,
          user.id,
          user.userPrincipalName,
          `could not re-read group membership (${f.member.failure.kind}); direct assignment kept`,
          f.member.failure.kind,
        ),
      );
      continue;
    }
    const verdicts = judge(s, user, f.member.value);
    const removal = removalOf(user, verdicts);
    if (!removal) {
      outcomes.push(skip(s, user.id, user.userPrincipalName, refusalOf(verdicts), verdicts[0].c.class, notReadyOf(verdicts)));
      continue;
    }
    const leaving = ruleLeaver(run, user);
    if (leaving) {
      outcomes.push(skip(s, user.id, user.userPrincipalName, leaving.text, 'notMember', { kind: 'ruleLeaver', ...leaving.about }));
      continue;
    }
    candidates.push(removal);
  }
  const unconfirmed = await unconfirmedRunReliance(
    ctx,
    run,
    s.skus,
    candidates.map((r) => ({ userId: r.user.id, reliesOn: r.reliesOn })),
  );
  const removals: Removal[] = [];
  for (const r of candidates) {
    const why = unconfirmed.get(r.user.id);
    if (why)
      outcomes.push(
        skip(s, r.user.id, r.user.userPrincipalName, `${why.text}; direct assignment kept`, 'otherGroupUnconfirmed', {
          kind: 'reliance',
          reliance: why.about,
        }),
      );
    else removals.push(r);
  }
  let problem: BatchProblem | undefined;
  if (removals.length) {
    // What is needed to undo each removal is durable before any removal is sent.
    for (const r of removals)
      s.journal.defer({
        runId: run.id,
        batchId,
        userId: r.user.id,
        kind: 'license.removing',
        ...undoFields(r.undos),
        ...(r.reliesOn?.length || r.kept
          ? { detail: { ...(r.reliesOn?.length ? { reliesOn: r.reliesOn } : {}), ...(r.kept ? { kept: r.kept } : {}) } }
          : {}),
      });
    let round = 1;
    for (let sending = removals; sending.length; round++) {
      const sent = await sendRemovals(s, sending, round);
      outcomes.push(...sent.outcomes);
      problem ??= sent.problem;
      sending = sent.again;
    }
  }
  // Each user's outcome goes to the journal with the chunk's results: the run keeps only the counts.
  for (const o of outcomes) s.journal.defer(outcomeEntry(run.id, o));
  await s.journal.flush();
  return { outcomes, problem };
}

/** How one user stands for one of the run's products right now, and why its direct assignment must stay (or null). */
interface LicenseVerdict {
  sku: Sku;
  c: UserClassification;
  refusal: string | null;
  /** The refusal as data (null when the product may go). */
  about: NotReadyAbout | null;
}

/** Classifies the user for each of the run's products from a fresh read. */
function judge(s: Pick<ChunkState, 'ctx' | 'run' | 'skus' | 'acceptedGain'>, user: UserLicenses, isMember: boolean): LicenseVerdict[] {
  const several = s.skus.length > 1;
  const verdicts = s.skus.map((sku) => {
    const c = classifyUser({ user, sku, groupId: s.run.groupId, isMember, coverage: s.ctx.settings.coverage });
    tagForProduct(c, sku, several);
    const refusal = notRemovable(c, s.acceptedGain);
    return { sku, c, refusal, about: refusal === null ? null : notReadyAbout(c, s.acceptedGain) };
  });
  // A product the user holds no direct assignment of has nothing to remove and nothing to keep (a merged profile
  // gains it from the group); it is judged only when no product of the run is held directly any more.
  const held = verdicts.filter((v) => v.c.directDisabledPlans !== null);
  return held.length ? held : verdicts;
}

/** The removal of every product ready for the user, in one write, or null when none is. */
function removalOf(user: UserLicenses, verdicts: readonly LicenseVerdict[]): Removal | null {
  const ready = verdicts.filter((v) => !v.refusal);
  if (!ready.length) return null;
  const reliesOn = ready.flatMap((v) => v.c.reliesOn ?? []);
  const notReady = verdicts.filter((v) => v.refusal);
  return {
    user,
    undos: ready.map((v) => ({ skuId: v.sku.skuId, disabledPlans: v.c.directDisabledPlans ?? [] })),
    ...(reliesOn.length ? { reliesOn } : {}),
    ...(notReady.length ? { kept: `${refusalOf(notReady, true)}; that direct assignment is kept` } : {}),
  };
}

/** Why the products of the verdicts stay direct, each named when the run has several. */
function refusalOf(verdicts: readonly LicenseVerdict[], several = verdicts.length > 1): string {
  const refused = verdicts.filter((v) => v.refusal);
  if (refused.length === 1 && !several) return refused[0].refusal!;
  return refused.map((v) => `${v.sku.skuPartNumber}: ${v.refusal}`).join('; ');
}

/** Why the products of the verdicts stay direct, as data: each named by part number when the run has several. */
function notReadyOf(verdicts: readonly LicenseVerdict[], several = verdicts.length > 1): { kind: 'notReady'; products: NotReadyAbout[] } {
  const refused = verdicts.filter((v) => v.about);
  return {
    kind: 'notReady',
    products: refused.map((v) => (several || refused.length > 1 ? { sku: v.sku.skuPartNumber, ...v.about! } : v.about!)),
  };
}

/**
 * Why a member of a dynamic group is about to leave it: Entra applies an attribute change some time after it is made,
 * while the group still lists the user, so removing the direct assignment then would cost the license.
 */
function ruleLeaver(run: Run, user: UserLicenses): Said<{ group: string; misses: RuleMissAbout[] }> | null {
  const miss = runRuleMiss(run, user);
  return miss ? { text: `${miss.text}: Entra will take the user out of the group; direct assignment kept`, about: miss.about } : null;
}

/**
 * What is left to remove for a user whose removal did not go through: the products still direct (`left`), judged
 * again from the fresh read. They are sent once more only from the first round (a removal is resent at most once), only
 * when every one of them is ready, the user stays in the group's rule and the other groups they rely on are confirmed
 * afresh, as the first time; otherwise why they stay direct.
 */
type LeftToRemove =
  | { resend: Removal; stays?: undefined }
  | { resend?: undefined; stays: 'twice'; about: NotResentWhy }
  /** Not ready, or leaving the group's rule; `planGain` when the first product's verdict is a plan gain. */
  | { resend?: undefined; stays: 'refused'; why: string; planGain: boolean; about: NotResentWhy }
  /** Other groups the user relies on could not be confirmed afresh. */
  | { resend?: undefined; stays: 'unconfirmed'; why: string; about: NotResentWhy }
  /** The group or the user's membership of it could not be read. */
  | { resend?: undefined; stays: 'unread'; why: string; about: NotResentWhy };

async function leftToRemove(
  s: ChunkState,
  user: UserLicenses,
  member: ItemResult<boolean>,
  gate: GroupGate,
  left: readonly LicenseUndo[],
  round: number,
  nameProducts?: boolean,
): Promise<LeftToRemove> {
  const membershipUnread = {
    stays: 'unread',
    why: 'their group membership could not be re-read',
    about: { kind: 'membershipUnread' },
  } as const;
  if (round > 1) return { stays: 'twice', about: { kind: 'twice' } };
  if (!gate.ok) return { stays: 'unread', why: gate.reason, about: { kind: 'group', group: gate.group, problem: gate.about } };
  if (!member.ok) return membershipUnread;
  const verdicts = judge(s, user, member.value).filter((v) => left.some((u) => u.skuId.toLowerCase() === v.sku.skuId.toLowerCase()));
  const planGain = verdicts[0]?.c.class === 'planGain';
  if (verdicts.some((v) => v.refusal))
    return { stays: 'refused', why: refusalOf(verdicts, nameProducts), planGain, about: notReadyOf(verdicts, nameProducts) };
  const leaving = ruleLeaver(s.run, user);
  if (leaving) return { stays: 'refused', why: leaving.text, planGain, about: { kind: 'ruleLeaver', ...leaving.about } };
  const resend = removalOf(user, verdicts);
  // Not reached: every product left is still direct, so each has a verdict, and none refused makes them all ready.
  if (!resend) return membershipUnread;
  const unconfirmed = resend.reliesOn?.length
    ? (await unconfirmedRunReliance(s.ctx, s.run, s.skus, [{ userId: user.id, reliesOn: resend.reliesOn }])).get(user.id)
    : undefined;
  return unconfirmed
    ? { stays: 'unconfirmed', why: unconfirmed.text, about: { kind: 'reliance', reliance: unconfirmed.about } }
    : { resend };
}

/** The other groups removed users relied on, checked at once after the removal (see unconfirmedReliance). */
export function relianceAfterRemoval(
  ctx: EngineContext,
  run: Run,
  skus: readonly Sku[],
  removals: readonly Removal[],
): Promise<Map<string, Unconfirmed>> {
  const relying = removals.filter((r) => r.reliesOn?.length).map((r) => ({ userId: r.user.id, reliesOn: r.reliesOn }));
  return relying.length ? unconfirmedRunReliance(ctx, run, skus, relying, { afterRemoval: true }) : Promise.resolve(new Map());
}

/** The groups a journal entry says the user relied on (written with 'license.removing' and 'license.removed'). */
export function reliesOnOf(e: Pick<JournalEntry, 'detail'>): ReliedOnGroup[] | undefined {
  const list = e.detail?.reliesOn;
  if (!Array.isArray(list)) return undefined;
  const ok = list.filter(
    (r): r is ReliedOnGroup =>
      !!r && typeof r.groupId === 'string' && Array.isArray(r.plans) && r.plans.every((p: unknown) => typeof p === 'string'),
  );
  return ok.length ? ok : undefined;
}

/**
 * Why a freshly classified user may not lose their direct assignment now, or null: ready users may; planGain users
 * only when the approval of the batch accepted every plan they would gain; nobody else.
 */
export function notRemovable(c: UserClassification, acceptedGain: ReadonlySet<string>): string | null {
  if (c.class === 'ready') return null;
  if (c.class === 'planGain') {
    const unaccepted = (c.gainedPlans ?? []).filter((p) => !acceptedGain.has(p));
    if (unaccepted.length === 0) return null;
    return `would gain ${unaccepted.join(', ')}, which the direct assignment disables, and the approval of this batch did not accept that gain`;
  }
  return notReady(c);
}

/** Why a classified user may not lose the product's direct assignment, as data (see notRemovable). */
function notReadyAbout(c: UserClassification, acceptedGain: ReadonlySet<string>): NotReadyAbout {
  if (c.class === 'planGain') return { class: c.class, plans: (c.gainedPlans ?? []).filter((p) => !acceptedGain.has(p)) };
  if (c.class === 'error') return { class: c.class, ...(c.error ? { errorCode: c.error } : {}) };
  if (c.class === 'planMismatch') return { class: c.class, plans: [...c.missingPlans] };
  return { class: c.class };
}

function notReady(c: UserClassification): string {
  const why = c.class === 'error' ? ` (${c.error})` : c.class === 'planMismatch' ? ` (would lose ${c.missingPlans.join(', ')})` : '';
  return `no longer ready: ${c.class}${why}`;
}

function skip(s: ChunkState, userId: string, upn: string | undefined, reason: string, code?: string, detail?: OutcomeDetail): UserOutcome {
  s.journal.defer({
    runId: s.run.id,
    batchId: s.batchId,
    userId,
    kind: 'user.skipped',
    detail: { reason, ...(code ? { code } : {}), ...(detail ? { about: detail } : {}) },
  });
  return {
    userId,
    ...(upn ? { userPrincipalName: upn } : {}),
    batchId: s.batchId,
    outcome: 'skipped',
    reason,
    ...(code ? { code } : {}),
    ...(detail ? { detail } : {}),
    at: s.ctx.now().toISOString(),
  };
}

function failed(
  s: ChunkState,
  r: Removal,
  reason: string,
  code: string,
  detail?: OutcomeDetail,
): { outcome: UserOutcome; unexpected: BatchProblem } {
  s.journal.defer({
    runId: s.run.id,
    batchId: s.batchId,
    userId: r.user.id,
    kind: 'license.removeFailed',
    ...undoFields(r.undos),
    detail: { reason, code, ...(detail ? { about: detail } : {}) },
  });
  const outcome: UserOutcome = {
    userId: r.user.id,
    userPrincipalName: r.user.userPrincipalName,
    batchId: s.batchId,
    outcome: 'failed',
    reason,
    code,
    ...(detail ? { detail } : {}),
    at: s.ctx.now().toISOString(),
  };
  return { outcome, unexpected: userProblem(outcome) };
}

/**
 * Sends one round of removals, then reads every user back whatever the answers said: the directory, not the
 * answer, tells whether a removal took effect. A removal whose answer was lost and that did not take effect is
 * sent again only if the fresh read still classifies the user ready (round 2), never replayed blindly.
 */
async function sendRemovals(
  s: ChunkState,
  removals: Removal[],
  round: number,
): Promise<{ outcomes: UserOutcome[]; problem?: BatchProblem; again: Removal[] }> {
  const { ctx, run } = s;
  await s.journal.flush();
  // Checked again before every resend of throttled items too: a removal is never sent by a process that lost the
  // batch, nor by one that is stopping (the journal holds the intents; the next owner reads those users back).
  const mayWrite = () => {
    s.lease.assertOwned();
    assertNotStopping(ctx, `batch ${s.batchId}`);
  };
  mayWrite();
  // One assignLicense per user, whatever number of products it removes.
  const results = await ctx.graph.removeDirectLicenses(
    removals.map((r) => ({ userId: r.user.id, skuIds: r.undos.map((u) => u.skuId) })),
    { beforeSend: mayWrite },
  );
  const answeredAt = Date.now();
  const [after, gate] = await Promise.all([
    readFresh(
      ctx,
      run,
      removals.map((r) => r.user.id),
    ),
    s.group.check(answeredAt),
  ]);
  // Pending processing alone (joiners) does not hurt users already removed; a changed or missing group license does.
  const groupProblem = !gate.ok && !gate.waiting ? gateTrouble(gate) : null;
  const reliance = await relianceAfterRemoval(ctx, run, s.skus, removals);
  const outcomes: UserOutcome[] = [];
  const again: Removal[] = [];
  let problem: BatchProblem | undefined;
  const note = (o: { outcome: UserOutcome; unexpected?: BatchProblem }) => {
    outcomes.push(o.outcome);
    problem ??= o.unexpected;
  };
  for (const r of removals) {
    const res = results.find((x) => x.id.toLowerCase() === r.user.id.toLowerCase()) ?? {
      id: r.user.id,
      ok: false as const,
      failure: { kind: 'unknown' as const, status: 0, code: 'noResult', message: 'no result for this user' },
    };
    const f = after.get(r.user.id.toLowerCase())!;
    const answer = res.ok ? 'removed' : `removal answered ${res.failure.kind}`;
    if (!f.read.ok) {
      if (f.read.failure.kind === 'notFound') {
        outcomes.push(skip(s, r.user.id, r.user.userPrincipalName, 'user no longer exists', 'notFound'));
        continue;
      }
      const o = failed(
        s,
        r,
        `${answer}, but the user could not be read back (${f.read.failure.kind}); rollback covers them`,
        'readBackFailed',
      );
      note(o);
      continue;
    }
    const user = f.read.value;
    // One write takes every product or none; what is gone is judged, what is still there was not removed.
    const gone = r.undos.filter((u) => !directAssignment(user, u.skuId));
    if (gone.length === 0) {
      // The direct assignment is still there: nothing was removed, whatever the answer.
      if (res.ok) {
        const o = failed(s, r, 'Graph reported success but the direct assignment is still there', 'stillDirect');
        note(o);
      } else if (!isUncertainFailure(res.failure.kind)) {
        if (res.failure.kind === 'notFound')
          outcomes.push(skip(s, r.user.id, r.user.userPrincipalName, 'user no longer exists', 'notFound'));
        else {
          const o = failed(s, r, `removal refused: ${res.failure.message}`, res.failure.kind, {
            kind: 'refused',
            message: res.failure.message,
          });
          note(o);
        }
      } else {
        // Judged again for the same products only: a resend never takes more than the first request did.
        const judged = await leftToRemove(s, user, f.member, gate, r.undos, round);
        if (judged.resend) again.push({ ...judged.resend, ...(r.kept ? { kept: r.kept } : {}) });
        else {
          const why =
            judged.stays === 'twice'
              ? 'twice'
              : judged.stays === 'refused'
                ? `and the user ${judged.planGain ? judged.why : `is ${judged.why}`}`
                : `and ${judged.why}`;
          outcomes.push(
            skip(
              s,
              r.user.id,
              user.userPrincipalName,
              `removal did not go through (${res.failure.kind}) ${why}; direct assignment kept`,
              res.failure.kind,
              { kind: 'notResent', why: judged.about },
            ),
          );
        }
      }
      continue;
    }
    const still = r.undos.filter((u) => directAssignment(user, u.skuId));
    // Graph answered success: the write applied, so what is direct again was given back by someone else after it, and
    // what is gone is the run's removal, checked (and re-added if the user needs it) below like every other.
    if (still.length && !res.ok) {
      // One write takes every product or none: with some gone and others still direct, this write did not apply, and
      // whoever took the others (the legacy automation, another admin) is not the run. The products still direct are
      // judged again and sent once more on their own, never credited with the others' removal.
      const name = (skuId: string) => s.skus.find((x) => x.skuId.toLowerCase() === skuId.toLowerCase())?.skuPartNumber ?? skuId;
      const taken = gone.map((u) => name(u.skuId)).join(', ');
      const left = still.map((u) => name(u.skuId)).join(', ');
      // A lost answer cannot tell "taken before the write" from "the write applied and a product was given back":
      // whatever of what went the user no longer gets from any path is re-added now, whoever took it.
      if (isUncertainFailure(res.failure.kind)) {
        const risk = removalRisk(s.skus, run, gone, user, f.member.ok ? f.member.value : null, null);
        if (risk) {
          note(
            await giveBack(ctx, s.journal, { run, batchId: s.batchId, user, gone, risk }, `reread after ${res.failure.kind}`, {
              situation: `after a removal whose answer was lost (${res.failure.kind})`,
              tail: `; ${left} kept direct`,
              when: 'lostAnswer',
              failure: res.failure.kind,
              keptDirect: still.map((u) => name(u.skuId)),
            }),
          );
          continue;
        }
      }
      const judged = await leftToRemove(s, user, f.member, gate, still, round, true);
      if (judged.resend) {
        // The intent names what the resend removes, so a restart judges exactly that.
        s.journal.defer({
          runId: run.id,
          batchId: s.batchId,
          userId: user.id,
          kind: 'license.removing',
          ...undoFields(judged.resend.undos),
          detail: {
            takenByOthers: gone.map((u) => u.skuId),
            ...(judged.resend.reliesOn?.length ? { reliesOn: judged.resend.reliesOn } : {}),
          },
        });
        again.push({ ...judged.resend, ...(r.kept ? { kept: r.kept } : {}) });
      } else {
        const why = judged.stays === 'twice' ? 'it did not go through twice' : judged.why;
        outcomes.push(
          skip(
            s,
            r.user.id,
            user.userPrincipalName,
            `${taken} was removed by someone else meanwhile, so the removal (${answer}) did not apply; ${left}: ${why}; direct assignment kept`,
            res.ok ? 'stillDirect' : res.failure.kind,
            {
              kind: 'notResent',
              why: judged.about,
              takenByOthers: gone.map((u) => name(u.skuId)),
              left: still.map((u) => name(u.skuId)),
            },
          ),
        );
      }
      continue;
    }
    if (!res.ok && !isUncertainFailure(res.failure.kind)) {
      // Refused, yet no direct assignment: someone else removed it before this request arrived. Not ours to judge.
      outcomes.push(
        skip(
          s,
          r.user.id,
          user.userPrincipalName,
          'direct assignment already gone (removed by someone else)',
          res.failure.kind === 'notFound' ? 'notFound' : 'inheritedOnly',
        ),
      );
      continue;
    }
    const o = await confirmRemoved(
      s,
      r,
      user,
      f.member.ok ? f.member.value : null,
      groupProblem ?? relianceTrouble(reliance.get(r.user.id)),
      res.ok ? 'response' : `reread after ${res.failure.kind}`,
    );
    note(o);
  }
  return { outcomes, problem, again };
}

/** Why the products that went could leave the user without a service, with what they lost, or null. */
export interface RemovalRisk {
  reason: string;
  code: string;
  lost: string[];
  /** The reason as data. */
  about: RiskAbout;
}

/** What the run's group or another group relied on says against a removal, in English and as data. */
export type GroupTrouble = Said<RiskAbout>;

/** A failed gate of the run's group as trouble for a removal. */
export function gateTrouble(gate: GroupGate & { ok: false }): GroupTrouble {
  return { text: gate.reason, about: { kind: 'group', group: gate.group, problem: gate.about } };
}

/** Another group relied on that could not be confirmed, as trouble for a removal, or null. */
export function relianceTrouble(unconfirmed: Unconfirmed | undefined): GroupTrouble | null {
  return unconfirmed ? { text: unconfirmed.text, about: { kind: 'reliance', reliance: unconfirmed.about } } : null;
}

/**
 * Why a user could be without the products that went: services lost, the product not held at all, the group's
 * license changed (`groupProblem`), or the group about to stop giving it (left, unknown membership, a dynamic rule
 * that no longer matches); null when they keep every service. The judgement of a confirmed removal, and of products
 * that went while the answer was lost or the process stopped (whoever took them).
 */
export function removalRisk(
  skus: readonly Sku[],
  run: Run,
  gone: readonly LicenseUndo[],
  user: UserLicenses,
  stillMember: boolean | null,
  groupProblem: GroupTrouble | null,
): RemovalRisk | null {
  const { lost, notHeld } = servicesLostOf(skus, gone, user);
  if (notHeld.length)
    return { reason: `no longer holds ${notHeld.join(', ')}`, code: 'servicesLost', lost, about: { kind: 'notHeld', skus: notHeld } };
  if (lost.length) return { reason: `lost ${lost.join(', ')}`, code: 'servicesLost', lost, about: { kind: 'lost', plans: lost } };
  if (groupProblem) return { reason: groupProblem.text, code: 'groupChanged', lost, about: groupProblem.about };
  if (stillMember === false)
    return { reason: 'left the group (Entra had not yet taken its license away)', code: 'leftGroup', lost, about: { kind: 'left' } };
  if (stillMember === null)
    return { reason: 'group membership could not be confirmed', code: 'membershipUnknown', lost, about: { kind: 'membershipUnknown' } };
  const leaving = runRuleMiss(run, user);
  return leaving
    ? {
        reason: `${leaving.text}, so Entra will take the user out of the group`,
        code: 'leftGroup',
        lost,
        about: { kind: 'ruleMiss', ...leaving.about },
      }
    : null;
}

/**
 * Re-adds products that went from a user who would be without them (see removalRisk), whoever took them, and says so
 * as the user's failed outcome: `situation` says when it happened, `tail` what else applies.
 */
export async function giveBack(
  ctx: EngineContext,
  journal: RestoreJournal,
  x: { run: Run; batchId: string; user: UserLicenses; gone: readonly LicenseUndo[]; risk: RemovalRisk },
  how: string,
  words: { situation: string; tail?: string; when: RestoreWhen; failure?: string; keptDirect?: string[] },
): Promise<{ outcome: UserOutcome; unexpected: BatchProblem }> {
  const { run, batchId, user, gone, risk } = x;
  const restore = await restoreAll(ctx, journal, { runId: run.id, batchId, userId: user.id }, gone, {
    how,
    reason: risk.reason,
    about: risk.about,
    ...(risk.lost.length ? { lost: risk.lost } : {}),
  });
  const reason = `${words.situation} the user ${risk.reason}; direct assignment ${restore.ok ? 're-added' : `could NOT be re-added (${restore.reason})`}${words.tail ?? ''}`;
  const outcome: UserOutcome = {
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    batchId,
    outcome: 'failed',
    reason,
    code: 'servicesLost',
    detail: restoreDetail(words.when, risk.about, restore, {
      ...(words.failure ? { failure: words.failure } : {}),
      ...(words.keptDirect?.length ? { keptDirect: words.keptDirect } : {}),
    }),
    at: ctx.now().toISOString(),
  };
  return { outcome, unexpected: userProblem(outcome) };
}

/**
 * Records a removal once the user still gets every plan the direct path enabled through the run's group, stays
 * a member of it, and the group's license is unchanged; otherwise journals the restore intent (durably, as the
 * removal's result) and re-adds the direct assignment at once, ahead of queued removals.
 */
export async function confirmRemoved(
  s: Pick<ChunkState, 'ctx' | 'run' | 'skus' | 'batchId' | 'journal' | 'removed'>,
  r: Removal,
  after: UserLicenses,
  stillMember: boolean | null,
  groupProblem: GroupTrouble | null,
  how: string,
): Promise<{ outcome: UserOutcome; unexpected?: BatchProblem }> {
  const { ctx, run, batchId, journal } = s;
  const userId = r.user.id;
  const upn = after.userPrincipalName ?? r.user.userPrincipalName;
  const base = { userId, userPrincipalName: upn, batchId };
  const why = removalRisk(s.skus, run, r.undos, after, stillMember, groupProblem);
  if (!why) {
    journal.defer({
      runId: run.id,
      batchId,
      userId,
      kind: 'license.removed',
      ...undoFields(r.undos),
      detail: { how, ...(r.reliesOn?.length ? { reliesOn: r.reliesOn } : {}), ...(r.kept ? { kept: r.kept } : {}) },
    });
    s.removed.set(userId, { undos: r.undos, userPrincipalName: upn, ...(r.reliesOn?.length ? { reliesOn: r.reliesOn } : {}) });
    return { outcome: { ...base, outcome: 'removed', ...(r.kept ? { reason: r.kept } : {}), at: ctx.now().toISOString() } };
  }
  // The intent to restore is the removal's recorded result: a crash from here on still leads to the restore.
  const restore = await restoreAll(ctx, journal, { runId: run.id, batchId, userId }, r.undos, {
    how,
    reason: why.reason,
    about: why.about,
    ...(why.lost.length ? { lost: why.lost } : {}),
  });
  const reason = `after removal ${why.reason}; direct assignment ${restore.ok ? 're-added' : `could NOT be re-added (${restore.reason})`}`;
  const detail = restoreDetail('removal', why.about, restore);
  const outcome: UserOutcome = { ...base, outcome: 'failed', reason, code: why.code, detail, at: ctx.now().toISOString() };
  return { outcome, unexpected: userProblem(outcome) };
}

/** A user's services put at risk by products that went, and whether their direct assignment is back, as data. */
export function restoreDetail(
  when: RestoreWhen,
  risk: RiskAbout,
  restore: Pick<RestoreResult, 'ok' | 'failure'>,
  extra: { failure?: string; keptDirect?: string[] } = {},
): OutcomeDetail {
  return {
    kind: 'restore',
    when,
    risk,
    reAdded: restore.ok,
    ...(!restore.ok && restore.failure ? { restoreFailure: restore.failure } : {}),
    ...extra,
  };
}

/** Users of a batch whose fate the journal settles, and those caught between an intent ('removing', 'restoring') and its result. */
export class BatchJournalState {
  readonly settled = new Map<string, JournalEntry>();
  readonly inFlight = new Map<string, JournalEntry>();

  constructor(readonly batchId: string) {}

  /** Takes the run's entries in journal order; only this batch's user entries count. */
  add(e: JournalEntry): void {
    if (e.batchId !== this.batchId || !e.userId) return;
    if (IN_FLIGHT.has(e.kind)) {
      this.inFlight.set(e.userId, e);
      this.settled.delete(e.userId);
    } else if (SETTLED.has(e.kind)) {
      // A late 'skipped' (a second process that found the assignment gone) never hides that this run removed it.
      if (e.kind === 'user.skipped' && this.settled.get(e.userId)?.kind === 'license.removed') return;
      this.settled.set(e.userId, e);
      this.inFlight.delete(e.userId);
    }
  }
}

/** The journal state of one batch from a run's entries (see BatchJournalState). */
export function journalState(
  entries: readonly JournalEntry[],
  batchId: string,
): { settled: Map<string, JournalEntry>; inFlight: Map<string, JournalEntry> } {
  const state = new BatchJournalState(batchId);
  for (const e of entries) state.add(e);
  return state;
}
