import type { Sku } from '../graph/types';
import type {
  Approval, Cohort, SettleReport, PreflightFinding, ProgressListener, Run, SpotCheck, UserOutcome, VerificationReport,
} from './types';

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
  tenantId?: string;
  skuId: string;
  /** Which cohort (its key) this run migrates; default: the largest. */
  cohortKey?: string;
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
  outcomes: UserOutcome[];
  /** Set when the run paused because of an unexpected result. */
  pausedReason?: string;
  /** The settle check after the batch (absent for a batch that finished before it existed). */
  settle?: SettleReport;
}

export interface RunReport {
  run: Run;
  totals: { removed: number; skipped: number; failed: number; restored: number; remaining: number };
  outcomes: UserOutcome[];
}

/** The migration as the bot and the CLI drive it; framework-free. */
export interface MigrationEngine {
  /** Direct holders of a SKU grouped into cohorts, plus who already inherits it. */
  discover(skuIdOrPartNumber: string, groupId?: string): Promise<Discovery>;
  /** Creates a persisted run in state 'created'. */
  createRun(req: NewRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run | null>;
  listRuns(): Promise<Run[]>;
  /** Checks that must pass before anything changes; each finding has a severity and a fix. */
  preflight(runId: string): Promise<PreflightFinding[]>;
  /** Creates/uses the group, adds missing members, assigns the group license; never touches direct assignments. */
  prepare(runId: string, onProgress?: ProgressListener): Promise<Run>;
  /** Waits for group processing, reads the audit log, classifies every in-scope user. */
  verify(runId: string, opts?: { timeoutMs?: number; onProgress?: ProgressListener }): Promise<VerificationReport>;
  /** Direct vs inherited services of one user for the run's SKU. */
  spotCheck(runId: string, userIdOrUpn: string): Promise<SpotCheck>;
  /** Plans batches of ready users (canary first); replaces batches not yet approved. */
  planBatches(runId: string, policy?: Partial<BatchPolicy>): Promise<Run>;
  /** Records an approval or rejection of a batch; a rejection pauses the run. */
  decideBatch(runId: string, batchId: string, decision: Approval): Promise<Run>;
  /** Executes an approved batch at most once; refuses without the required approvals. */
  executeBatch(runId: string, batchId: string, onProgress?: ProgressListener): Promise<BatchResult>;
  pause(runId: string, reason: string, actorId: string): Promise<Run>;
  resume(runId: string, actorId: string): Promise<Run>;
  cancel(runId: string, actorId: string): Promise<Run>;
  /** Re-adds direct assignments from the journal, for one batch or the whole run. */
  rollback(runId: string, actorId: string, batchId?: string): Promise<UserOutcome[]>;
  report(runId: string): Promise<RunReport>;
  /** Continues any run that was executing a batch when the process stopped. */
  resumeInterrupted(onProgress?: ProgressListener): Promise<BatchResult[]>;
}
