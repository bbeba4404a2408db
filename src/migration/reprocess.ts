import type { LicenseAssignmentState, Sku, UserLicenses } from '../graph/types';
import { GraphRequestError } from '../graph/types';
import { isGuid } from '../common/ids';
import { errorMessage } from '../common/errorMessage';
import type { EngineContext } from './context';
import type { RunStatus, UserClass, UserClassification, VerificationReport } from './types';
import { classifyUser } from './classification';
import { resolveSku } from './discovery';
import { pathsOf } from './effectivePlans';
import { MigrationError } from './errors';
import { byName } from './firstByName';
import { readMemberships, readRetry, readUsers } from './readRetry';
import { inRunCohort } from './scope';
import { runLicenses } from './runLicenses';
import { assertNotStopping } from './lease';
import { SAMPLES_PER_CLASS } from './verificationTally';

/** Users one request may ask to reprocess: a page of the error card is at most 25, a few pages at once still fit. */
export const MAX_REPROCESS_USERS = 100;

/** Runs whose group exists and whose users' licenses may be looked at again. */
const REPROCESSABLE: readonly RunStatus[] = ['prepared', 'verified', 'removing', 'paused', 'completed'];

/** What became of one user asked for. */
export interface ReprocessedUser {
  userId: string;
  userPrincipalName: string;
  /** The user's class and error read right before the request. */
  before: { class: UserClass; error: string | null };
  /**
   * `resolved`: no longer in error or missing services; `stillInError`: processed, still a problem; `unsettled`:
   * Entra had not processed the user when the wait ended; `refused`: Graph did not take the request; `notInError`:
   * not in error when asked, so not sent.
   */
  outcome: 'resolved' | 'stillInError' | 'unsettled' | 'refused' | 'notInError';
  /** The user's classification read last (after processing, or before for users not sent). */
  after: UserClassification;
  /** Why Graph refused, for `refused`. */
  reason?: string;
}

export interface ReprocessResult {
  runId: string;
  requestedAt: string;
  /** False when the wait for license processing ended before every user was processed. */
  settled: boolean;
  /** Each user once; asked with `skuIds`, by the worst of their outcomes on the products. */
  users: ReprocessedUser[];
  /** Asked with `skuIds`: each product's judgement of every user, in the order asked. */
  bySku?: { skuId: string; users: ReprocessedUser[] }[];
}

export interface ReprocessOptions {
  /** How long to wait for Entra to process the users; default the engine's verify timeout. */
  timeoutMs?: number;
  /** Which of the run's products the users are judged by (the error card's); default the run's first. */
  skuId?: string;
  /**
   * Several of the run's products at once (instead of `skuId`): a user in error on any of them is sent once, and each
   * product judges every user again; the result has `bySku`.
   */
  skuIds?: readonly string[];
}

const PROBLEM: ReadonlySet<UserClass> = new Set(['error', 'planMismatch']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asks Entra to process again the group licenses of users of a run who are in error (after the admin fixed the cause),
 * waits for the processing and classifies them again. Only a request to re-evaluate is sent: nothing is assigned or
 * removed. Journaled before and after; users outside the run are refused whole, before anything is sent. With several
 * products (`skuIds`), a user in error on any of them is sent once and every product judges the users again after one
 * wait.
 */
export async function reprocessRunUsers(
  ctx: EngineContext,
  runId: string,
  userIds: readonly string[],
  actorId: string,
  opts: ReprocessOptions = {},
): Promise<ReprocessResult> {
  if (typeof actorId !== 'string' || !actorId.trim())
    throw new MigrationError('badInput', 'The id of the admin asking for this is required.');
  const ids = uniqueIds(userIds);
  const run = await ctx.runs.load(runId);
  if (!REPROCESSABLE.includes(run.status) || !run.groupId)
    throw new MigrationError(
      'illegalState',
      run.status === 'created'
        ? `Run ${runId} has not been prepared yet: no user has its group license to reprocess.`
        : `Run ${runId} is ${run.status}: its users are no longer reprocessed from it.`,
    );
  const skuIds = productIds(opts) ?? [run.skuId];
  const notMoved = skuIds.filter((id) => !runLicenses(run).some((l) => l.skuId.toLowerCase() === id.toLowerCase()));
  if (notMoved.length) throw new MigrationError('badInput', `Run ${runId} does not move ${list(notMoved)}; nothing was reprocessed.`);
  const skus: Sku[] = [];
  for (const id of skuIds) skus.push(await resolveSku(ctx.graph, id));
  const groupId = run.groupId;

  const first = await readState(ctx, groupId, skus, ids);
  const unknown = ids.filter((id) => !first.get(id));
  // A user of the run is in its group, has a license from it (of any of the products asked) or is of its cohort.
  const foreign = ids.filter((id) => {
    const s = first.get(id);
    return s && !s.isMember && !skus.some((sku) => groupPath(s.user, sku, groupId)) && !inRunCohort(run, s.user);
  });
  if (unknown.length || foreign.length) {
    const parts = [
      unknown.length ? `no such user: ${list(unknown)}` : '',
      foreign.length ? `not users of this run: ${list(foreign.map((id) => first.get(id)!.user.userPrincipalName))}` : '',
    ].filter(Boolean);
    throw new MigrationError('badInput', `Refused to reprocess (${parts.join('; ')}). Nothing was reprocessed.`);
  }

  const before = new Map(ids.map((id) => [id, first.get(id)!]));
  // The products (by their place in `skus`) each user is in error on: Entra reprocesses a user's licenses as a whole.
  const failing = new Map(ids.map((id) => [id, skus.map((_, i) => i).filter((i) => before.get(id)!.cls[i].class === 'error')]));
  const toSend = ids.filter((id) => failing.get(id)!.length > 0);
  const requestedAt = ctx.now().toISOString();
  // Each product's result for each user; users not sent are not in error on any product asked.
  const results = skus.map(() => new Map<string, ReprocessedUser>());
  const notInError = (s: UserState, i: number, now = s) =>
    ({ ...userOf(s), before: beforeOf(s.cls[i]), outcome: 'notInError', after: now.cls[i] }) as ReprocessedUser;
  for (const id of ids) if (!toSend.includes(id)) skus.forEach((_, i) => results[i].set(id, notInError(before.get(id)!, i)));
  let settled = true;
  if (toSend.length) {
    await ctx.journal.appendMany(
      toSend.map((userId) => {
        const [i] = failing.get(userId)!;
        return {
          runId,
          userId,
          actorId,
          kind: 'license.reprocessing' as const,
          detail: {
            error: before.get(userId)!.cls[i].error,
            skuId: skus[i].skuId,
            ...(opts.skuIds ? { skuIds: failing.get(userId)!.map((j) => skus[j].skuId) } : {}),
          },
        };
      }),
    );
    let answers: Awaited<ReturnType<typeof ctx.graph.reprocessUsers>>;
    try {
      answers = await ctx.graph.reprocessUsers(toSend);
    } catch (err) {
      // Nothing is known to have been sent: every user's intent gets its result, then the admin sees why.
      const reason = err instanceof GraphRequestError ? err.failure.message : errorMessage(err);
      await ctx.journal.appendMany(
        toSend.map((userId) => ({ runId, userId, actorId, kind: 'license.reprocessed' as const, detail: { ok: false, reason } })),
      );
      throw err;
    }
    const accepted: string[] = [];
    for (const a of answers) {
      const id = toSend.find((x) => x.toLowerCase() === a.id.toLowerCase()) ?? a.id;
      const s = before.get(id)!;
      if (a.ok) accepted.push(id);
      else
        skus.forEach((_, i) =>
          results[i].set(
            id,
            failing.get(id)!.includes(i)
              ? {
                  ...userOf(s),
                  before: beforeOf(s.cls[i]),
                  outcome: 'refused',
                  after: s.cls[i],
                  reason: `${a.failure.kind}: ${a.failure.message}`,
                }
              : notInError(s, i),
          ),
        );
    }
    const wait = await waitForReprocessing(ctx, groupId, skus, before, failing, accepted, opts.timeoutMs ?? ctx.settings.verifyTimeoutMs);
    settled = wait.settled;
    for (const id of accepted) {
      const s = before.get(id)!;
      const now = wait.latest.get(id) ?? s;
      skus.forEach((_, i) => {
        if (!failing.get(id)!.includes(i)) return results[i].set(id, notInError(s, i, now));
        const outcome = !wait.done.has(doneKey(id, i)) ? 'unsettled' : PROBLEM.has(now.cls[i].class) ? 'stillInError' : 'resolved';
        results[i].set(id, { ...userOf(now), before: beforeOf(s.cls[i]), outcome, after: now.cls[i] });
      });
    }
    await ctx.journal.appendMany(
      toSend.map((userId) => {
        const mine = failing.get(userId)!.map((i) => ({ skuId: skus[i].skuId, r: results[i].get(userId)! }));
        const r = worstOf(mine.map((m) => m.r));
        return {
          runId,
          userId,
          actorId,
          kind: 'license.reprocessed' as const,
          detail: {
            ok: r.outcome !== 'refused',
            outcome: r.outcome,
            class: r.after.class,
            error: r.after.error,
            ...(r.reason ? { reason: r.reason } : {}),
            ...(opts.skuIds
              ? { bySku: mine.map((m) => ({ skuId: m.skuId, outcome: m.r.outcome, class: m.r.after.class, error: m.r.after.error })) }
              : {}),
          },
        };
      }),
    );
  }
  const bySku = skus.map((sku, i) => ({ skuId: sku.skuId, users: ids.map((id) => results[i].get(id)!) }));
  const merged = mergeReprocessResults(bySku.map((r) => ({ runId, requestedAt, settled, users: r.users })));
  ctx.log.info(
    { runId, asked: ids.length, sent: toSend.length, resolved: merged.users.filter((r) => r.outcome === 'resolved').length },
    'reprocessed users',
  );
  if (!opts.skuIds) return { runId, requestedAt, settled, users: bySku[0].users };
  return { runId, requestedAt, settled, users: merged.users, bySku };
}

/** Worst first: a user judged by several products is said once, with what the worst of them left. */
const OUTCOME_RANK: readonly ReprocessedUser['outcome'][] = ['refused', 'stillInError', 'unsettled', 'resolved', 'notInError'];
const worstOf = (users: readonly ReprocessedUser[]) =>
  users.reduce((worst, u) => (OUTCOME_RANK.indexOf(u.outcome) < OUTCOME_RANK.indexOf(worst.outcome) ? u : worst));

/** Reprocesses of the same users by several products as one result: each user once, by the worst of their outcomes. */
export function mergeReprocessResults(results: readonly ReprocessResult[]): ReprocessResult {
  const users = new Map<string, ReprocessedUser[]>();
  for (const u of results.flatMap((r) => r.users)) users.set(u.userId.toLowerCase(), [...(users.get(u.userId.toLowerCase()) ?? []), u]);
  return {
    runId: results[0]?.runId ?? '',
    requestedAt: results[0]?.requestedAt ?? '',
    settled: results.every((r) => r.settled),
    users: [...users.values()].map(worstOf),
  };
}

/**
 * The verification with reprocessed users' fresh classes: users no longer in error or missing services leave the
 * problems, the others keep their place with their current error; counts move with them.
 */
export function applyReprocess(report: VerificationReport, result: ReprocessResult, skuId = report.skuId): VerificationReport {
  // A run of several products: the fresh classes belong to the product that was reprocessed.
  if (report.bySku?.length) {
    const bySku = report.bySku.map((r) =>
      r.skuId.toLowerCase() === skuId.toLowerCase() ? applyReprocess({ ...r, bySku: undefined }, result) : r,
    );
    const { bySku: _old, ...first } = bySku[0];
    void _old;
    return { ...report, ...first, bySku };
  }
  const fresh = new Map(result.users.map((u) => [u.userId.toLowerCase(), u.after]));
  const summary = { ...report.summary };
  const problems: UserClassification[] = [];
  for (const p of report.problems) {
    const now = fresh.get(p.userId.toLowerCase());
    if (!now) {
      problems.push(p);
      continue;
    }
    summary[p.class] = Math.max(0, summary[p.class] - 1);
    summary[now.class] += 1;
    if (PROBLEM.has(now.class)) problems.push(now);
  }
  const samples = Object.fromEntries(
    Object.entries(report.samples).map(([cls, users]) => [cls, users.filter((u) => !fresh.has(u.userId.toLowerCase()))]),
  ) as VerificationReport['samples'];
  for (const now of fresh.values()) if (samples[now.class].length < SAMPLES_PER_CLASS) samples[now.class].push(now);
  for (const users of Object.values(samples)) users.sort((a, b) => byName(a.userPrincipalName, b.userPrincipalName));
  return { ...report, summary, samples, problems };
}

interface UserState {
  user: UserLicenses;
  isMember: boolean;
  /** The user classified by each product asked, in order. */
  cls: UserClassification[];
}

/** Users and their membership read fresh and classified; a user Graph does not know is absent from the map. */
async function readState(
  ctx: EngineContext,
  groupId: string,
  skus: readonly Sku[],
  ids: readonly string[],
): Promise<Map<string, UserState>> {
  const out = new Map<string, UserState>();
  for (let at = 0; at < ids.length; at += ctx.settings.chunkSize) {
    const chunk = ids.slice(at, at + ctx.settings.chunkSize);
    const [users, memberships] = await Promise.all([readUsers(ctx.graph, chunk), readMemberships(ctx.graph, groupId, chunk)]);
    for (const id of chunk) {
      const u = users.find((r) => r.id.toLowerCase() === id.toLowerCase());
      const m = memberships.find((r) => r.id.toLowerCase() === id.toLowerCase());
      if (u && !u.ok && u.failure.kind === 'notFound') continue;
      if (!u?.ok)
        throw new MigrationError(
          'illegalState',
          `Could not read user ${id} (${u && !u.ok ? u.failure.kind : 'no result'}); nothing was reprocessed. Try again.`,
        );
      if (!m?.ok)
        throw new MigrationError('illegalState', `Could not read the group membership of ${u.value.userPrincipalName}; try again.`);
      const cls = skus.map((sku) => classifyUser({ user: u.value, sku, groupId, isMember: m.value, coverage: ctx.settings.coverage }));
      out.set(id, { user: u.value, isMember: m.value, cls });
    }
  }
  return out;
}

/**
 * Polls the users until Entra has processed each (its path from the run's group carries a new timestamp, or is gone, on
 * every product it was in error on) and the group's processing is complete, or the time is up. `done` holds
 * `doneKey(user, product)` of the products processed.
 */
async function waitForReprocessing(
  ctx: EngineContext,
  groupId: string,
  skus: readonly Sku[],
  before: Map<string, UserState>,
  failing: Map<string, number[]>,
  ids: string[],
  timeoutMs: number,
): Promise<{ settled: boolean; done: Set<string>; latest: Map<string, UserState> }> {
  const started = Date.now();
  const done = new Set<string>();
  const latest = new Map<string, UserState>();
  if (!ids.length) return { settled: true, done, latest };
  const stamp = (s: UserState, i: number) => groupPath(s.user, skus[i], groupId)?.lastUpdatedDateTime ?? null;
  const processed = (id: string) => failing.get(id)!.every((i) => done.has(doneKey(id, i)));
  for (;;) {
    assertNotStopping(ctx, 'the wait for license processing');
    const group = await readRetry(() => ctx.graph.getGroup(groupId));
    const waiting = ids.filter((id) => !processed(id));
    const read = await readState(ctx, groupId, skus, waiting).catch(() => new Map<string, UserState>());
    for (const [id, s] of read) {
      latest.set(id, s);
      for (const i of failing.get(id)!)
        if (!groupPath(s.user, skus[i], groupId) || stamp(s, i) !== stamp(before.get(id)!, i)) done.add(doneKey(id, i));
    }
    const complete = group?.licenseProcessingState === 'ProcessingComplete';
    const all = ids.every(processed);
    if ((complete && all) || Date.now() - started >= timeoutMs) return { settled: complete && all, done, latest };
    await sleep(Math.min(ctx.settings.pollIntervalMs, Math.max(1, timeoutMs - (Date.now() - started))));
  }
}

const doneKey = (userId: string, sku: number) => `${sku}:${userId}`;

function groupPath(user: UserLicenses, sku: Sku, groupId: string): LicenseAssignmentState | undefined {
  const wanted = groupId.toLowerCase();
  return pathsOf(user.licenseAssignmentStates ?? [], sku.skuId).inherited.find((p) => p.assignedByGroup?.toLowerCase() === wanted);
}

/** The products asked for by `skuIds` (each once), or undefined when `skuId` (or the run's first) is meant. */
function productIds(opts: ReprocessOptions): string[] | undefined {
  if (opts.skuIds === undefined) return opts.skuId === undefined ? undefined : [opts.skuId];
  if (opts.skuId !== undefined) throw new MigrationError('badInput', 'Name the products by skuId or by skuIds, not both.');
  if (!Array.isArray(opts.skuIds) || opts.skuIds.length === 0 || opts.skuIds.some((id) => typeof id !== 'string' || !id))
    throw new MigrationError('badInput', 'Name at least one product to reprocess by; nothing was reprocessed.');
  return opts.skuIds.filter((id, i, all) => all.findIndex((x) => x.toLowerCase() === id.toLowerCase()) === i);
}

function uniqueIds(userIds: readonly string[]): string[] {
  if (!Array.isArray(userIds) || userIds.length === 0) throw new MigrationError('badInput', 'Name at least one user to reprocess.');
  const bad = userIds.filter((id) => !isGuid(id));
  if (bad.length)
    throw new MigrationError(
      'badInput',
      `${list(bad.map((b) => String(b)))} ${bad.length === 1 ? 'is not a user id (a GUID)' : 'are not user ids (GUIDs)'}. Nothing was reprocessed.`,
    );
  const seen = new Set<string>();
  const ids = userIds.filter((id) => !seen.has(id.toLowerCase()) && !!seen.add(id.toLowerCase()));
  if (ids.length > MAX_REPROCESS_USERS)
    throw new MigrationError(
      'badInput',
      `At most ${MAX_REPROCESS_USERS} users can be reprocessed at once (${ids.length} were named). Nothing was reprocessed.`,
    );
  return ids;
}

const list = (items: string[]) =>
  items
    .slice(0, 5)
    .map((x) => x.slice(0, 80))
    .join(', ') + (items.length > 5 ? ` and ${items.length - 5} more` : '');
const userOf = (s: UserState) => ({ userId: s.user.id, userPrincipalName: s.user.userPrincipalName });
const beforeOf = (c: UserClassification) => ({ class: c.class, error: c.error });
