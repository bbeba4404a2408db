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
  users: ReprocessedUser[];
}

export interface ReprocessOptions {
  /** How long to wait for Entra to process the users; default the engine's verify timeout. */
  timeoutMs?: number;
  /** Which of the run's products the users are judged by (the error card's); default the run's first. */
  skuId?: string;
}

const PROBLEM: ReadonlySet<UserClass> = new Set(['error', 'planMismatch']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asks Entra to process again the group licenses of users of a run who are in error (after the admin fixed the cause),
 * waits for the processing and classifies them again. Only a request to re-evaluate is sent: nothing is assigned or
 * removed. Journaled before and after; users outside the run are refused whole, before anything is sent.
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
  const skuId = opts.skuId ?? run.skuId;
  if (!runLicenses(run).some((l) => l.skuId.toLowerCase() === skuId.toLowerCase()))
    throw new MigrationError('badInput', `Run ${runId} does not move ${skuId}; nothing was reprocessed.`);
  const sku = await resolveSku(ctx.graph, skuId);

  const first = await readState(ctx, run.groupId, sku, ids);
  const unknown = ids.filter((id) => !first.get(id));
  const foreign = ids.filter((id) => {
    const s = first.get(id);
    return s && !s.isMember && !groupPath(s.user, sku, run.groupId) && !inRunCohort(run, s.user);
  });
  if (unknown.length || foreign.length) {
    const parts = [
      unknown.length ? `no such user: ${list(unknown)}` : '',
      foreign.length ? `not users of this run: ${list(foreign.map((id) => first.get(id)!.user.userPrincipalName))}` : '',
    ].filter(Boolean);
    throw new MigrationError('badInput', `Refused to reprocess (${parts.join('; ')}). Nothing was reprocessed.`);
  }

  const before = new Map(ids.map((id) => [id, first.get(id)!]));
  const toSend = ids.filter((id) => before.get(id)!.cls.class === 'error');
  const requestedAt = ctx.now().toISOString();
  const results = new Map<string, ReprocessedUser>();
  for (const id of ids) {
    const s = before.get(id)!;
    if (s.cls.class !== 'error') results.set(id, { ...userOf(s), before: beforeOf(s.cls), outcome: 'notInError', after: s.cls });
  }
  let settled = true;
  if (toSend.length) {
    await ctx.journal.appendMany(
      toSend.map((userId) => ({
        runId,
        userId,
        actorId,
        kind: 'license.reprocessing' as const,
        detail: { error: before.get(userId)!.cls.error, skuId: sku.skuId },
      })),
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
        results.set(id, {
          ...userOf(s),
          before: beforeOf(s.cls),
          outcome: 'refused',
          after: s.cls,
          reason: `${a.failure.kind}: ${a.failure.message}`,
        });
    }
    const wait = await waitForReprocessing(ctx, run.groupId, sku, before, accepted, opts.timeoutMs ?? ctx.settings.verifyTimeoutMs);
    settled = wait.settled;
    for (const id of accepted) {
      const s = before.get(id)!;
      const now = wait.latest.get(id) ?? s;
      const outcome = !wait.done.has(id) ? 'unsettled' : PROBLEM.has(now.cls.class) ? 'stillInError' : 'resolved';
      results.set(id, { ...userOf(now), before: beforeOf(s.cls), outcome, after: now.cls });
    }
    await ctx.journal.appendMany(
      toSend.map((userId) => {
        const r = results.get(userId)!;
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
          },
        };
      }),
    );
  }
  ctx.log.info(
    { runId, asked: ids.length, sent: toSend.length, resolved: [...results.values()].filter((r) => r.outcome === 'resolved').length },
    'reprocessed users',
  );
  return { runId, requestedAt, settled, users: ids.map((id) => results.get(id)!) };
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
  cls: UserClassification;
}

/** Users and their membership read fresh and classified; a user Graph does not know is absent from the map. */
async function readState(ctx: EngineContext, groupId: string, sku: Sku, ids: readonly string[]): Promise<Map<string, UserState>> {
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
      const cls = classifyUser({ user: u.value, sku, groupId, isMember: m.value, coverage: ctx.settings.coverage });
      out.set(id, { user: u.value, isMember: m.value, cls });
    }
  }
  return out;
}

/**
 * Polls the users until Entra has processed each (its path from the run's group carries a new timestamp, or is gone)
 * and the group's processing is complete, or the time is up.
 */
async function waitForReprocessing(
  ctx: EngineContext,
  groupId: string,
  sku: Sku,
  before: Map<string, UserState>,
  ids: string[],
  timeoutMs: number,
): Promise<{ settled: boolean; done: Set<string>; latest: Map<string, UserState> }> {
  const started = Date.now();
  const done = new Set<string>();
  const latest = new Map<string, UserState>();
  if (!ids.length) return { settled: true, done, latest };
  const stamp = (s: UserState) => groupPath(s.user, sku, groupId)?.lastUpdatedDateTime ?? null;
  for (;;) {
    assertNotStopping(ctx, 'the wait for license processing');
    const group = await readRetry(() => ctx.graph.getGroup(groupId));
    const waiting = ids.filter((id) => !done.has(id));
    const read = await readState(ctx, groupId, sku, waiting).catch(() => new Map<string, UserState>());
    for (const [id, s] of read) {
      latest.set(id, s);
      const path = groupPath(s.user, sku, groupId);
      if (!path || stamp(s) !== stamp(before.get(id)!)) done.add(id);
    }
    const complete = group?.licenseProcessingState === 'ProcessingComplete';
    if ((complete && done.size === ids.length) || Date.now() - started >= timeoutMs)
      return { settled: complete && done.size === ids.length, done, latest };
    await sleep(Math.min(ctx.settings.pollIntervalMs, Math.max(1, timeoutMs - (Date.now() - started))));
  }
}

function groupPath(user: UserLicenses, sku: Sku, groupId: string): LicenseAssignmentState | undefined {
  const wanted = groupId.toLowerCase();
  return pathsOf(user.licenseAssignmentStates ?? [], sku.skuId).inherited.find((p) => p.assignedByGroup?.toLowerCase() === wanted);
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
