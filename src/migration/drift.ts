import { createHash } from 'node:crypto';
import type { UserLicenses } from '../graph/types';
import type { EngineContext } from './context';
import type { NewRunRequest } from './engine';
import type { Person, Run } from './types';
import { cohortKey, directAssignment } from './cohorts';
import { pathsOf } from './effectivePlans';
import { MigrationError } from './errors';
import { FirstByName } from './firstByName';
import { IdSet } from './idSet';
import { HANDED_BACK, leaseExpired } from './lease';
import { readRetry } from './readRetry';
import { scopePages } from './scope';
import { isProfileRun, runLicenses } from './runLicenses';

/*
 * Drift watch: after a run completes, the legacy automation (or someone by hand) may keep handing out the SKU
 * directly. A check reads the run's group and the SKU's holders once (paged reads, no per-user call) and finds:
 * - newDirect: direct assignments stamped after the run finished (Entra's lastUpdatedDateTime of the direct path);
 * - leftGroup: users who were members holding the SKU directly when the watch began and are no longer members;
 * - errors: members whose license from the run's group is in an error state.
 * Each kind is kept as a count, an order-free digest of who and the first few names, so a tenant of any size costs
 * bounded memory, and "changed since the last check" is a comparison of digests. The state lives in the run and is
 * changed only by compare-and-swap, so of several instances checking together exactly one claims each card.
 */

export type DriftKind = 'newDirect' | 'leftGroup' | 'errors';
export const DRIFT_KINDS: readonly DriftKind[] = ['newDirect', 'leftGroup', 'errors'];

/** Users named on a drift card per kind. */
export const DRIFT_SAMPLE = 10;

export interface DriftUser {
  userId: string;
  userPrincipalName: string;
  /** The error code of the group path, for `errors`. */
  error?: string;
}

/** One kind of drift: how many users, a digest of which ones, and the first few by name. */
export interface DriftFinding {
  count: number;
  digest: string;
  sample: DriftUser[];
}

export type DriftFindings = Record<DriftKind, DriftFinding>;

/** A card one instance claimed: posted once; a claim whose holder stopped before posting is taken again later. */
export interface DriftNotice {
  seq: number;
  claimedBy: string;
  claimedUntil: string;
  postedAt?: string;
  /** The card also says that the legacy automation can be retired. */
  retire: boolean;
  /** The card reports changed findings (false: only the retirement). */
  changes: boolean;
}

/** The drift watch of one completed run, kept in the run. */
export interface DriftState {
  /** Direct assignments stamped after this are new since the run (when its last batch finished). */
  since: string;
  /** Stored list of the group's members who held the SKU directly when the watch began (see RunStore.saveUserList). */
  baselineListId: string;
  startedAt: string;
  lastCheckAt: string;
  /** What the last check found, per kind: count and digest. */
  last: Record<DriftKind, { count: number; digest: string }>;
  /** The newest direct assignment seen since the run, or `since`: the quiet period runs from here. */
  quietSince: string;
  /** When the card saying the legacy automation can be retired was claimed, for the current quiet period. */
  retireSaidAt?: string;
  /** Cards claimed so far. */
  seq: number;
  notice?: DriftNotice;
  /** Who is starting the follow-up run (until `until`), and the run once it exists: one follow-up, whoever clicks. */
  followUp?: { by: string; until: string; runId?: string };
}

/** What one check found, and the card this instance must post (null: nothing changed, or another instance posts). */
export interface DriftCheck {
  run: Run;
  findings: DriftFindings;
  checkedAt: string;
  /** The first check of a run records where the watch starts and posts nothing. */
  baseline: boolean;
  quietSince: string;
  notice: DriftNotice | null;
}

export interface DriftCheckOptions {
  /** Who checks (an instance id): the claim of a card names it. */
  owner: string;
}

/**
 * A run whose SKUs the watch checks: completed, and not followed by a newer run of the same group that covers all of
 * its products (a one-product run into a profile's group does not take over the watch of the profile's other products).
 */
export function watchedRuns(runs: readonly Run[]): Run[] {
  const products = (r: Run) => new Set(runLicenses(r).map((l) => l.skuId.toLowerCase()));
  return runs.filter(
    (r) =>
      r.status === 'completed' &&
      !runs.some((o) => {
        if (o.id === r.id || o.status === 'cancelled' || o.createdAt <= r.createdAt) return false;
        if (o.groupId.toLowerCase() !== r.groupId.toLowerCase()) return false;
        const newer = products(o);
        return [...products(r)].every((p) => newer.has(p));
      }),
  );
}

/** Whether a watched run is due for a check: never checked, checked `intervalMs` ago, or a claimed card never posted. */
export function driftDue(run: Run, now: Date, intervalMs: number): boolean {
  const d = run.drift;
  if (!d) return true;
  if (d.notice && !d.notice.postedAt && leaseExpired(d.notice.claimedUntil, now)) return true;
  return now.getTime() - new Date(d.lastCheckAt).getTime() >= intervalMs;
}

/** When the run's removals ended: its last batch's finish, else its last change. */
export function runFinishedAt(run: Run): string {
  const finished = run.batches.map((b) => b.finishedAt).filter((x): x is string => !!x);
  return finished.length ? finished.sort().at(-1)! : run.updatedAt;
}

/**
 * The request of a follow-up run: the same SKU, cohort and group, in the same conversation, asked for by `requester`,
 * needing the approvals the completed run needed or today's quorum, whichever is more.
 */
export function followUpRequest(run: Run, requester: Person & { tenantId?: string }, quorum = 1): NewRunRequest {
  return {
    requestedBy: requester.id,
    ...(requester.name ? { requestedByName: requester.name } : {}),
    ...((requester.tenantId ?? run.tenantId) ? { tenantId: requester.tenantId ?? run.tenantId } : {}),
    // A run of several products is followed by one of the same products for the same profile (or merge).
    ...(isProfileRun(run)
      ? {
          skuId: '',
          profile: {
            licenses: runLicenses(run).map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] })),
            ...(run.cohortKeys?.length ? { cohortKeys: [...run.cohortKeys] } : {}),
          },
        }
      : { skuId: run.skuId, cohortKey: cohortKey(run.skuId, run.disabledPlans) }),
    group: { id: run.groupId },
    requiredApprovals: Math.max(run.requiredApprovals, quorum),
    ...(run.conversation !== undefined ? { conversation: run.conversation } : {}),
  };
}

/** Counts users, a digest independent of the order Graph serves them in, and the first few names. */
class FindingTally {
  private count = 0;
  private sum = 0n;
  private readonly first = new FirstByName<DriftUser>(DRIFT_SAMPLE);

  add(user: DriftUser): void {
    this.count++;
    // A sum of per-user hashes: the same users in any order give the same digest, another user set (almost surely) not.
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(user.userId.toLowerCase()).digest('hex').slice(0, 16)}`)) & MASK;
    this.first.add(user);
  }

  finding(): DriftFinding {
    return { count: this.count, digest: `${this.count}:${this.sum.toString(16)}`, sample: this.first.values() };
  }
}
const MASK = (1n << 64n) - 1n;

interface Scan {
  findings: DriftFindings;
  /** Members holding the SKU directly now (the baseline when the watch begins). */
  directMembers: string[];
  /** The newest direct assignment stamped after `since`. */
  latestDirectAt: string | null;
}

/**
 * One pass over the group's members and the SKU's holders outside it; for a run of several products, one per product,
 * each user counted once per kind whatever the number of products it concerns.
 */
async function scan(ctx: EngineContext, run: Run, since: string, baseline: IdSet | null): Promise<Scan> {
  return readRetry(async () => {
    const tallies = { newDirect: new FindingTally(), leftGroup: new FindingTally(), errors: new FindingTally() };
    const several = runLicenses(run).length > 1;
    const seen = { newDirect: new IdSet(), leftGroup: new IdSet(), errors: new IdSet(), directMembers: new IdSet() };
    const once = (kind: keyof typeof seen, id: string) => !several || seen[kind].add(id);
    const directMembers: string[] = [];
    let latestDirectAt: string | null = null;
    const sinceMs = new Date(since).getTime();
    const group = run.groupId.toLowerCase();
    for (const { skuId } of runLicenses(run)) {
      const include = (u: UserLicenses) => !!directAssignment(u, skuId);
      for await (const page of scopePages(ctx.graph, skuId, run.groupId, include)) {
        for (const u of page.users) {
          const { direct, inherited } = pathsOf(u.licenseAssignmentStates ?? [], skuId);
          const holdsDirect = !!direct || !!directAssignment(u, skuId);
          const who = { userId: u.id, userPrincipalName: u.userPrincipalName };
          // An assignment without a stamp predates anything Entra stamps: it is not new.
          const stamp = direct?.lastUpdatedDateTime ? new Date(direct.lastUpdatedDateTime).getTime() : NaN;
          const isNew = holdsDirect && stamp > sinceMs;
          if (isNew) {
            if (once('newDirect', u.id)) tallies.newDirect.add(who);
            if (!latestDirectAt || direct!.lastUpdatedDateTime! > latestDirectAt) latestDirectAt = direct!.lastUpdatedDateTime!;
          }
          if (page.isMember) {
            if (holdsDirect && once('directMembers', u.id)) directMembers.push(u.id);
            const own = inherited.find((p) => p.assignedByGroup?.toLowerCase() === group);
            if (
              own &&
              (own.state === 'Error' || own.state === 'ActiveWithError' || (own.error && own.error !== 'None')) &&
              once('errors', u.id)
            )
              tallies.errors.add({ ...who, error: own.error && own.error !== 'None' ? own.error : 'Other' });
          } else if (holdsDirect && !isNew && baseline?.has(u.id) && once('leftGroup', u.id)) {
            tallies.leftGroup.add(who);
          }
        }
      }
    }
    return {
      findings: { newDirect: tallies.newDirect.finding(), leftGroup: tallies.leftGroup.finding(), errors: tallies.errors.finding() },
      directMembers,
      latestDirectAt,
    };
  });
}

const later = (a: string, b: string | null) => (b && b > a ? b : a);

/**
 * Checks a completed run's SKU for drift and records what it found. The first check only records where the watch
 * starts. Later checks claim a card when something changed since the last check, or when the quiet period has
 * passed without new direct assignments (said once per quiet period); the claim is a compare-and-swap on the run,
 * so of several instances exactly one gets it. The caller posts the claimed card, then calls `driftNoticePosted`.
 */
export async function checkRunDrift(ctx: EngineContext, runId: string, opts: DriftCheckOptions): Promise<DriftCheck> {
  if (typeof opts?.owner !== 'string' || !opts.owner.trim())
    throw new MigrationError('badInput', 'A drift check needs the id of who checks.');
  const before = await ctx.runs.load(runId);
  if (before.status !== 'completed')
    throw new MigrationError('illegalState', `Run ${runId} is ${before.status}; the drift watch starts once a run has completed.`);
  const known = before.drift;
  const since = known?.since ?? runFinishedAt(before);
  let baseline: IdSet | null = null;
  if (known) {
    baseline = new IdSet();
    for (const id of await ctx.runs.readUserList(runId, known.baselineListId)) baseline.add(id);
  }
  const found = await scan(ctx, before, since, baseline);
  // A list of its own per attempt: two instances starting the watch together never write one id with other users.
  const baselineListId = known?.baselineListId ?? `drift-${ctx.newId()}`;
  if (!known) await ctx.runs.saveUserList(runId, baselineListId, found.directMembers);

  const now = ctx.now();
  const at = now.toISOString();
  const quietMs = ctx.settings.driftQuietMs;
  let notice: DriftNotice | null = null;
  let isBaseline = false;
  let quietSince = since;
  const run = await ctx.runs.update(runId, (r) => {
    notice = null;
    isBaseline = false;
    if (r.status !== 'completed') throw new MigrationError('illegalState', `Run ${runId} is ${r.status}; the drift watch has stopped.`);
    const last = Object.fromEntries(
      DRIFT_KINDS.map((k) => [k, { count: found.findings[k].count, digest: found.findings[k].digest }]),
    ) as DriftState['last'];
    if (!r.drift) {
      isBaseline = true;
      r.drift = {
        since,
        baselineListId,
        startedAt: at,
        lastCheckAt: at,
        last,
        quietSince: later(since, found.latestDirectAt),
        seq: 0,
      };
      quietSince = r.drift.quietSince;
      return;
    }
    const d = r.drift;
    // Another instance began the watch with its own list meanwhile: its state stands, this scan is not comparable.
    if (d.baselineListId !== baselineListId) return;
    // Another instance recorded a check while this one scanned: its findings stand, and this scan (perhaps of an
    // older directory) is dropped rather than compared with them; the next check picks up whatever it saw.
    if (known && d.lastCheckAt !== known.lastCheckAt) return;
    const changed = DRIFT_KINDS.some((k) => d.last[k].digest !== last[k].digest);
    const unposted = !!d.notice && !d.notice.postedAt && leaseExpired(d.notice.claimedUntil, now);
    const newest = later(d.quietSince, found.latestDirectAt);
    if (newest !== d.quietSince) {
      d.quietSince = newest;
      delete d.retireSaidAt;
    }
    const retire = !d.retireSaidAt && now.getTime() - new Date(d.quietSince).getTime() >= quietMs;
    d.lastCheckAt = at;
    d.last = last;
    quietSince = d.quietSince;
    if (!changed && !unposted && !retire) return;
    d.seq++;
    if (retire) d.retireSaidAt = at;
    const repeatsChanges = unposted && d.notice!.changes;
    d.notice = {
      seq: d.seq,
      claimedBy: opts.owner,
      claimedUntil: new Date(now.getTime() + Math.max(ctx.settings.leaseMs, 1000)).toISOString(),
      retire: retire || (unposted && d.notice!.retire),
      changes: changed || repeatsChanges,
    };
    notice = { ...d.notice };
  });
  return { run, findings: found.findings, checkedAt: at, baseline: isBaseline, quietSince, notice };
}

/** Records that the claimed card was posted, so nobody posts it again. */
export async function driftNoticePosted(ctx: EngineContext, runId: string, seq: number): Promise<void> {
  await ctx.runs.update(runId, (r) => {
    if (r.drift?.notice?.seq === seq) r.drift.notice.postedAt = ctx.now().toISOString();
  });
}

/** Gives a claimed card back after posting it failed: the next check of any instance posts it. */
export async function driftNoticeFailed(ctx: EngineContext, runId: string, seq: number): Promise<void> {
  await ctx.runs.update(runId, (r) => {
    if (r.drift?.notice?.seq === seq && !r.drift.notice.postedAt) r.drift.notice.claimedUntil = HANDED_BACK;
  });
}

/**
 * Claims the right to start the follow-up run of a completed run, by compare-and-swap on the run, so two clicks on
 * two instances start one run. False when a follow-up exists or another claim still holds.
 */
export async function claimFollowUp(ctx: EngineContext, runId: string, by: string): Promise<boolean> {
  let claimed = false;
  const now = ctx.now();
  await ctx.runs.update(runId, (r) => {
    claimed = false;
    const held = r.drift?.followUp;
    if (!r.drift || held?.runId || (held && !leaseExpired(held.until, now))) return;
    r.drift.followUp = { by, until: new Date(now.getTime() + Math.max(ctx.settings.leaseMs, 1000)).toISOString() };
    claimed = true;
  });
  return claimed;
}

/** Records the follow-up run made under the claim, or (no run) gives the claim back after creating it failed. */
export async function settleFollowUp(ctx: EngineContext, runId: string, by: string, followUpRunId?: string): Promise<void> {
  await ctx.runs.update(runId, (r) => {
    const held = r.drift?.followUp;
    if (!held || held.by !== by || held.runId) return;
    if (followUpRunId) held.runId = followUpRunId;
    else delete r.drift!.followUp;
  });
}
