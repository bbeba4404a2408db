import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { Sku } from '../graph/types';
import type { Journal, RunStore } from './store';
import type {
  Approval,
  Cohort,
  Person,
  PreflightFinding,
  ProgressListener,
  Run,
  RunStatus,
  SettleReport,
  SpotCheck,
  UserOutcome,
  VerificationReport,
} from './types';
import { isPending } from './types';
import type { EngineContext, EngineSettings } from './context';
import { DEFAULT_BATCH_POLICY } from './batchPlan';
import { decideRunBatch, nameInRun } from './approvals';
import { batchUserIds, planRunBatches } from './batches';
import { issuesOf, runOutcomes } from './outcomes';
import { classifyUser } from './classification';
import { discover } from './discovery';
import { readMemberships, readRetry } from './readRetry';
import { MigrationError } from './errors';
import { withPlanRules, type PlanRules } from './planRules';
import { COVERAGES, DEFAULT_COVERAGE, type Coverage } from './coverage';
import { prepareRun } from './preparation';
import { executeRunBatch } from './removal';
import { findInterruptedWork, recoverInterruptedBatches, resumeBatch, startApprovedBatch, type InterruptedWork } from './recovery';
import { runPreparationPhase, type PreparationOptions } from './preparationPhase';
import { rollbackRun } from './rollback';
import { createRun, runPreflight } from './runCreation';
import { assertTransition, resumeTarget, RunRepository } from './runLifecycle';
import { buildSpotCheck } from './spotCheck';
import { nameReliedOn } from './reliedOn';
import { verifyRun, type VerifyOptions } from './verification';
import { reprocessRunUsers, type ReprocessOptions, type ReprocessResult } from './reprocess';
import { planTenantLicenses, type TenantLicensePlan } from './profiles';
import { cohortKeyParts } from './cohorts';
import { isProfileRun, removedBySku, runCohortKeys, runLicenses, runSkus } from './runLicenses';

/** Security groups read to find one that already carries a profile's licenses. */
const PLAN_GROUPS = 999;
import { unitShortage, type UnitShortage } from './unitShortage';
import {
  checkRunDrift,
  claimFollowUp,
  driftNoticeFailed,
  driftNoticePosted,
  settleFollowUp,
  type DriftCheck,
  type DriftCheckOptions,
} from './drift';

export interface Discovery {
  sku: Sku;
  cohorts: Cohort[];
  /** Users who already inherit the SKU from some group and hold no direct assignment. */
  inheritedOnlyUserIds: string[];
  /** Direct holders who are not (yet) direct members of the target group, when one is given. */
  notInGroupUserIds: string[];
  directHolders: number;
}

export interface NewRunRequest {
  requestedBy: string;
  requestedByName?: string;
  /** Everyone else who made a choice that shaped the run; they cannot approve its batches alone under four-eyes. */
  shapedBy?: Person[];
  tenantId?: string;
  /** The SKU of a one-product run (its id or part number); ignored when `profileKey` is given. */
  skuId: string;
  /** Which cohort (its key) this run migrates; default: the largest. */
  cohortKey?: string;
  /**
   * A license profile (its key from licensePlan()): the run moves every product of the profile, for exactly the users
   * who hold that set directly, with one write per user.
   */
  profileKey?: string;
  /**
   * Merge: the larger profile whose products (and group) the `profileKey` profile's users take on. Allowed only when
   * nobody loses a service; what they gain is said on the pre-flight card.
   */
  intoProfileKey?: string;
  /**
   * A license profile by content rather than key (a follow-up of a profile run): the products the run moves and, for
   * a merge, its users' own direct licenses (cohort keys, skuId:plans).
   */
  profile?: { licenses: { skuId: string; disabledPlans: string[] }[]; cohortKeys?: string[] };
  /** An existing group (id) or a new group's display name. */
  group: { id: string } | { createWithName: string };
  requiredApprovals?: number;
  conversation?: unknown;
}

export interface BatchPolicy {
  canarySize: number;
  growthFactor: number;
  maxBatchSize: number;
}

export interface BatchResult {
  runId: string;
  batchId: string;
  removed: number;
  skipped: number;
  failed: number;
  /** Failed, then skipped, users met by this execution, up to ISSUE_SAMPLE; the journal has every outcome. */
  issues: UserOutcome[];
  /** Set when the run paused because of an unexpected result. */
  pausedReason?: string;
  /** The settle check after the batch (absent for a batch that finished before it existed). */
  settle?: SettleReport;
}

export interface RunReport {
  run: Run;
  totals: { removed: number; skipped: number; failed: number; restored: number; remaining: number };
  /** Failed, then skipped, users by name, up to ISSUE_SAMPLE each; `outcomes()` streams them all. */
  issues: UserOutcome[];
  /**
   * Runs of several products: per product, how many users no longer hold it directly because of this run (restores
   * and rollbacks taken off), and how many removed users kept it directly (it was not ready for them).
   */
  bySku?: { skuId: string; skuPartNumber: string; displayName?: string; removed: number; kept: number }[];
}

/** The migration as the bot and the CLI drive it; framework-free. */
export interface MigrationEngine {
  /** Direct holders of a SKU grouped into cohorts, plus who already inherits it. */
  discover(skuIdOrPartNumber: string, groupId?: string): Promise<Discovery>;
  /** Every direct holder of every user SKU grouped by license profile, with a proposed group each and safe merges. */
  licensePlan(): Promise<TenantLicensePlan>;
  /** Creates a persisted run in state 'created'. */
  createRun(req: NewRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run | null>;
  listRuns(): Promise<Run[]>;
  /** Checks that must pass before anything changes; each finding has a severity and a fix. */
  preflight(runId: string): Promise<PreflightFinding[]>;
  /** Creates/uses the group, adds missing members, assigns the group license; never touches direct assignments. */
  prepare(runId: string, onProgress?: ProgressListener): Promise<Run>;
  /** Waits for group processing, reads the audit log, classifies every in-scope user. */
  verify(runId: string, opts?: VerifyOptions): Promise<VerificationReport>;
  /** Direct vs inherited services of one user for the run's SKU. */
  spotCheck(runId: string, userIdOrUpn: string): Promise<SpotCheck>;
  /** Plans batches of ready users (canary first); replaces batches not yet approved. */
  planBatches(runId: string, policy?: Partial<BatchPolicy>): Promise<Run>;
  /** Records an approval or rejection of a batch; a rejection pauses the run. */
  decideBatch(runId: string, batchId: string, decision: Approval): Promise<Run>;
  /** Executes an approved batch at most once; refuses without the required approvals. */
  executeBatch(runId: string, batchId: string, onProgress?: ProgressListener): Promise<BatchResult>;
  /** Pauses the run; with no reason it records who paused it (`actorName`, the name the run knows, else the id). */
  pause(runId: string, reason: string, actorId: string, actorName?: string): Promise<Run>;
  resume(runId: string, actorId: string): Promise<Run>;
  cancel(runId: string, actorId: string): Promise<Run>;
  /** Re-adds direct assignments from the journal, for one batch or the whole run. */
  rollback(runId: string, actorId: string, batchId?: string): Promise<UserOutcome[]>;
  report(runId: string): Promise<RunReport>;
  /** Every user's outcome in the run, read from the journal as a stream (for exports of any size). */
  outcomes(runId: string): AsyncIterable<UserOutcome>;
  /** The users of a batch, from the list stored when it was planned. */
  batchUsers(runId: string, batchId: string): Promise<string[]>;
  /** Continues any run that was executing a batch when the process stopped. */
  recoverInterrupted(onProgress?: ProgressListener): Promise<BatchResult[]>;
  /** From a confirmed pre-flight to planned batches (prepare, wait for processing, verify, plan) under the run's preparation lease. */
  prepareAndPlan(runId: string, opts?: PreparationOptions): Promise<{ run: Run; report: VerificationReport }>;
  /** Work no live process holds (lease ran out or handed back, or an approved batch nobody started): what a sweep continues. */
  interruptedWork(): Promise<InterruptedWork[]>;
  /** Takes over a batch left running (the key the sweep saw) and continues it at most once per user. */
  resumeBatch(runId: string, batchId: string, seenKey: string | undefined, onProgress?: ProgressListener): Promise<BatchResult>;
  /** Starts an approved batch nobody started (a sweep found it), journaling first any approval the journal lacks. */
  startApprovedBatch(runId: string, batchId: string, onProgress?: ProgressListener): Promise<BatchResult>;
  /** Asks Entra to process again the group licenses of users of the run in error, waits, and classifies them again. */
  reprocess(runId: string, userIds: readonly string[], actorId: string, opts?: ReprocessOptions): Promise<ReprocessResult>;
  /** How many units the run's CountViolation users lack and which direct holders hold the only path using a unit. */
  unitShortage(
    runId: string,
    report: Pick<VerificationReport, 'problems' | 'summary'> & Partial<Pick<VerificationReport, 'skuId'>>,
  ): Promise<UnitShortage | null>;
  /**
   * Checks a completed run's SKU for drift (new direct assignments, leavers who keep one, members in error) and
   * claims a card for this caller only when something changed or the quiet period has passed; see drift.ts.
   */
  checkDrift(runId: string, opts: DriftCheckOptions): Promise<DriftCheck>;
  /** Records that the drift card claimed with `seq` was posted. */
  driftNoticePosted(runId: string, seq: number): Promise<void>;
  /** Gives back the claim of a drift card that could not be posted, so the next check posts it. */
  driftNoticeFailed(runId: string, seq: number): Promise<void>;
  /** Claims the start of a completed run's follow-up run for `by` (one follow-up across instances); false when taken. */
  claimFollowUp(runId: string, by: string): Promise<boolean>;
  /** Records the follow-up run made under the claim, or gives the claim back when none was made. */
  settleFollowUp(runId: string, by: string, followUpRunId?: string): Promise<void>;
  /**
   * A graceful stop: running work finishes its current step, saves, and hands its lease back so the next instance
   * continues at once; resolves when nothing of this engine runs any more. Later work is refused.
   */
  handBack(): Promise<void>;
}

export interface MigrationServiceOptions {
  graph: LicensingGraph;
  runs: RunStore;
  journal: Journal;
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
  pollIntervalMs?: number;
  verifyTimeoutMs?: number;
  chunkSize?: number;
  /** Chunks of one batch in flight at once; default 4. */
  chunkConcurrency?: number;
  batchPolicy?: Partial<BatchPolicy>;
  planRules?: Partial<PlanRules>;
  /** How long work stays claimed without a heartbeat before another instance takes it over; default 30 s. */
  leaseMs?: number;
  /** How long a batch waits for group processing before a chunk and for the settle check; default 30 min. */
  settleTimeoutMs?: number;
  defaultRequiredApprovals?: number;
  /** The requester's own approval never suffices alone (config FOUR_EYES). */
  fourEyes?: boolean;
  /** Which group paths cover a direct assignment (config COVERAGE); default union. */
  coverage?: Coverage;
  /** How long without a new direct assignment before the drift watch says the legacy automation can go; default 30 days. */
  driftQuietMs?: number;
}

/** The migration engine over a LicensingGraph and a run store + journal. */
export class MigrationService implements MigrationEngine {
  private readonly ctx: EngineContext;

  constructor(options: MigrationServiceOptions) {
    const now = options.now ?? (() => new Date());
    const chunkSize = options.chunkSize ?? 20;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 20)
      throw new MigrationError('badInput', 'chunkSize must be 1 to 20 (the $batch limit).');
    const coverage = options.coverage ?? DEFAULT_COVERAGE;
    if (!COVERAGES.includes(coverage)) throw new MigrationError('badInput', `coverage must be ${COVERAGES.join(' or ')}.`);
    const settings: EngineSettings = {
      pollIntervalMs: options.pollIntervalMs ?? 5000,
      verifyTimeoutMs: options.verifyTimeoutMs ?? 30 * 60_000,
      chunkSize,
      chunkConcurrency: options.chunkConcurrency ?? 4,
      batchPolicy: { ...DEFAULT_BATCH_POLICY, ...options.batchPolicy },
      planRules: withPlanRules(options.planRules),
      leaseMs: options.leaseMs ?? 30_000,
      settleTimeoutMs: options.settleTimeoutMs ?? 30 * 60_000,
      defaultRequiredApprovals: options.defaultRequiredApprovals ?? 1,
      fourEyes: options.fourEyes ?? false,
      coverage,
      driftQuietMs: options.driftQuietMs ?? 30 * 86_400_000,
    };
    this.ctx = {
      graph: options.graph,
      runs: new RunRepository(options.runs, now),
      journal: options.journal,
      log: options.logger ?? pino({ level: 'silent' }),
      now,
      newId: options.newId ?? randomUUID,
      settings,
      stopping: { requested: false },
    };
  }

  discover(skuIdOrPartNumber: string, groupId?: string): Promise<Discovery> {
    return discover(this.ctx.graph, skuIdOrPartNumber, groupId);
  }

  async licensePlan(): Promise<TenantLicensePlan> {
    const groups = await readRetry(() => this.ctx.graph.listSecurityGroups(PLAN_GROUPS));
    return planTenantLicenses(this.ctx.graph, groups);
  }

  createRun(req: NewRunRequest): Promise<Run> {
    return createRun(this.ctx, req);
  }

  getRun(runId: string): Promise<Run | null> {
    return this.ctx.runs.find(runId);
  }

  listRuns(): Promise<Run[]> {
    return this.ctx.runs.list();
  }

  preflight(runId: string): Promise<PreflightFinding[]> {
    return runPreflight(this.ctx, runId);
  }

  prepare(runId: string, onProgress?: ProgressListener): Promise<Run> {
    return prepareRun(this.ctx, runId, onProgress);
  }

  verify(runId: string, opts?: VerifyOptions): Promise<VerificationReport> {
    return verifyRun(this.ctx, runId, opts);
  }

  async spotCheck(runId: string, userIdOrUpn: string): Promise<SpotCheck> {
    const run = await this.ctx.runs.load(runId);
    if (!userIdOrUpn || !String(userIdOrUpn).trim()) throw new MigrationError('badInput', 'Name a user by id or userPrincipalName.');
    const user = await this.ctx.graph.getUser(String(userIdOrUpn).trim());
    const [membership] = user && run.groupId ? await readMemberships(this.ctx.graph, run.groupId, [user.id]) : [];
    const isMember = !!membership?.ok && membership.value;
    // Only the run's own people, and the same answer for a stranger as for nobody: no lookup of who exists.
    if (!user || !(isMember || (await inSomeBatch(this.ctx, run, user.id)))) {
      throw new MigrationError('notFound', `${String(userIdOrUpn).trim()} is not among the users of this run (its group and batches).`);
    }
    // A run of several products is checked product by product: the first is the answer, all of them in bySku.
    const spots: SpotCheck[] = [];
    for (const sku of await runSkus(this.ctx.graph, run)) {
      const cls = classifyUser({ user, sku, groupId: run.groupId, isMember, coverage: this.ctx.settings.coverage });
      // Every group path is named, so the card says which other groups the user relies on.
      const names: Record<string, string> = run.groupId ? { [run.groupId]: run.groupDisplayName } : {};
      const others = (user.licenseAssignmentStates ?? []).filter(
        (s) => s.assignedByGroup && s.skuId.toLowerCase() === sku.skuId.toLowerCase() && !names[s.assignedByGroup],
      );
      for (const g of await nameReliedOn(
        this.ctx.graph,
        others.map((s) => ({ groupId: s.assignedByGroup!, users: 1, plans: [] })),
      ))
        if (g.groupDisplayName) names[g.groupId] = g.groupDisplayName;
      const spot = buildSpotCheck(user, sku, cls.class, run.groupId || null, names);
      if (cls.gainedPlans?.length) spot.gainedPlans = [...cls.gainedPlans];
      if (cls.reliesOn?.length)
        spot.reliesOn = cls.reliesOn.map((r) => ({ ...r, ...(names[r.groupId] ? { groupDisplayName: names[r.groupId] } : {}) }));
      spots.push(spot);
    }
    return spots.length > 1 ? { ...spots[0], bySku: spots } : spots[0];
  }

  planBatches(runId: string, policy?: Partial<BatchPolicy>): Promise<Run> {
    return planRunBatches(this.ctx, runId, policy);
  }

  decideBatch(runId: string, batchId: string, decision: Approval): Promise<Run> {
    return decideRunBatch(this.ctx, runId, batchId, decision);
  }

  executeBatch(runId: string, batchId: string, onProgress?: ProgressListener): Promise<BatchResult> {
    return this.track(() => executeRunBatch(this.ctx, runId, batchId, onProgress));
  }

  prepareAndPlan(runId: string, opts?: PreparationOptions): Promise<{ run: Run; report: VerificationReport }> {
    return this.track(() => runPreparationPhase(this.ctx, runId, opts));
  }

  interruptedWork(): Promise<InterruptedWork[]> {
    return findInterruptedWork(this.ctx);
  }

  resumeBatch(runId: string, batchId: string, seenKey: string | undefined, onProgress?: ProgressListener): Promise<BatchResult> {
    return this.track(() => resumeBatch(this.ctx, runId, batchId, seenKey, onProgress));
  }

  startApprovedBatch(runId: string, batchId: string, onProgress?: ProgressListener): Promise<BatchResult> {
    return this.track(() => startApprovedBatch(this.ctx, runId, batchId, onProgress));
  }

  reprocess(runId: string, userIds: readonly string[], actorId: string, opts?: ReprocessOptions): Promise<ReprocessResult> {
    return this.track(() => reprocessRunUsers(this.ctx, runId, userIds, actorId, opts));
  }

  unitShortage(
    runId: string,
    report: Pick<VerificationReport, 'problems' | 'summary'> & Partial<Pick<VerificationReport, 'skuId'>>,
  ): Promise<UnitShortage | null> {
    return unitShortage(this.ctx, runId, report);
  }

  checkDrift(runId: string, opts: DriftCheckOptions): Promise<DriftCheck> {
    return this.track(() => checkRunDrift(this.ctx, runId, opts));
  }

  driftNoticePosted(runId: string, seq: number): Promise<void> {
    return driftNoticePosted(this.ctx, runId, seq);
  }

  driftNoticeFailed(runId: string, seq: number): Promise<void> {
    return driftNoticeFailed(this.ctx, runId, seq);
  }

  claimFollowUp(runId: string, by: string): Promise<boolean> {
    return claimFollowUp(this.ctx, runId, by);
  }

  settleFollowUp(runId: string, by: string, followUpRunId?: string): Promise<void> {
    return settleFollowUp(this.ctx, runId, by, followUpRunId);
  }

  async handBack(): Promise<void> {
    this.ctx.stopping.requested = true;
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  private readonly active = new Set<Promise<unknown>>();

  /** Long work is counted so a graceful stop can wait for it; none starts once the stop was asked for. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.ctx.stopping.requested)
      return Promise.reject(new MigrationError('handedBack', 'This process is stopping; the work is left to the next instance.'));
    const p = work();
    this.active.add(p);
    void p.then(
      () => this.active.delete(p),
      () => this.active.delete(p),
    );
    return p;
  }

  /**
   * Pauses at the next chunk boundary; a running batch stops after its current chunk. Without a reason the run records
   * who paused it, as data (pauseCause pausedBy): by the name given, else the name the run knows them by, else their id.
   */
  pause(runId: string, reason: string, actorId: string, actorName?: string): Promise<Run> {
    return this.changeStatus(runId, 'paused', actorId, (r) => {
      const given = (reason ?? '').trim();
      if (given) {
        r.pausedReason = given;
        delete r.pauseCause;
        return;
      }
      const by = actorName?.trim() || nameInRun(r, actorId) || actorId.trim();
      r.pausedReason = `paused by ${by}`;
      r.pauseCause = { kind: 'pausedBy', by };
    });
  }

  resume(runId: string, actorId: string): Promise<Run> {
    return this.changeStatus(runId, resumeTarget, actorId, (r) => {
      if (r.status !== 'paused') throw new MigrationError('illegalState', `Run ${runId} is ${r.status}, not paused.`);
      delete r.pausedReason;
      delete r.pauseCause;
    });
  }

  cancel(runId: string, actorId: string): Promise<Run> {
    return this.changeStatus(runId, 'cancelled', actorId);
  }

  rollback(runId: string, actorId: string, batchId?: string): Promise<UserOutcome[]> {
    return rollbackRun(this.ctx, runId, actorId, batchId);
  }

  async report(runId: string): Promise<RunReport> {
    const run = await this.ctx.runs.load(runId);
    const totals = { removed: 0, skipped: 0, failed: 0, restored: 0, remaining: 0 };
    for (const b of run.batches) {
      totals.removed += b.tally.removed;
      totals.skipped += b.tally.skipped;
      totals.failed += b.tally.failed;
      totals.restored += b.tally.restored;
      if (isPending(b)) totals.remaining += b.size;
    }
    // Read as a stream: only the users the report names are held, however many the run moved.
    const issues = await issuesOf(this.ctx, run);
    if (!isProfileRun(run)) return { run, totals, issues };
    const counts = await removedBySku(this.ctx, run);
    // Users of a merged profile never held some products directly: nobody "kept" those.
    const heldByCohort = new Set(runCohortKeys(run).map((k) => cohortKeyParts(k).skuId));
    const bySku = runLicenses(run).map((l, i) => ({
      skuId: l.skuId,
      skuPartNumber: l.skuPartNumber,
      ...(l.displayName ? { displayName: l.displayName } : {}),
      removed: counts.removed[i],
      kept: heldByCohort.has(l.skuId.toLowerCase()) ? counts.kept[i] : 0,
    }));
    return { run, totals, issues, bySku };
  }

  async batchUsers(runId: string, batchId: string): Promise<string[]> {
    const run = await this.ctx.runs.load(runId);
    const batch = run.batches.find((b) => b.id === batchId);
    if (!batch) throw new MigrationError('notFound', `Run ${runId} has no batch ${batchId}.`);
    return batchUserIds(this.ctx, run, batch);
  }

  outcomes(runId: string): AsyncIterable<UserOutcome> {
    const ctx = this.ctx;
    return {
      async *[Symbol.asyncIterator]() {
        yield* runOutcomes(ctx, await ctx.runs.load(runId));
      },
    };
  }

  recoverInterrupted(onProgress?: ProgressListener): Promise<BatchResult[]> {
    return this.track(() => recoverInterruptedBatches(this.ctx, onProgress));
  }

  private async changeStatus(
    runId: string,
    to: RunStatus | ((r: Run) => RunStatus),
    actorId: string,
    extra?: (r: Run) => void,
  ): Promise<Run> {
    if (typeof actorId !== 'string' || !actorId.trim())
      throw new MigrationError('badInput', 'The id of the admin asking for this is required.');
    let from: RunStatus = 'created';
    const run = await this.ctx.runs.update(runId, (r) => {
      from = r.status;
      extra?.(r);
      const target = typeof to === 'function' ? to(r) : to;
      assertTransition({ ...r, status: from }, target);
      r.status = target;
    });
    await this.ctx.journal.append({
      runId,
      kind: 'run.status',
      actorId,
      detail: { from, status: run.status, ...(run.pausedReason ? { reason: run.pausedReason } : {}) },
    });
    return run;
  }
}

async function inSomeBatch(ctx: EngineContext, run: Run, userId: string): Promise<boolean> {
  for (const b of run.batches) if ((await batchUserIds(ctx, run, b)).some((id) => id.toLowerCase() === userId.toLowerCase())) return true;
  return false;
}

/** A migration engine with the given graph and storage. */
export function createMigrationEngine(options: MigrationServiceOptions): MigrationEngine {
  return new MigrationService(options);
}
