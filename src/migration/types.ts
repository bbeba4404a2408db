/** Domain types of a migration run; shared by the engine, the cards and the bot. */
import type { DriftState } from './drift';
import type { BatchProblemAbout, OutcomeDetail, SettleGap } from './outcomeDetail';

export interface Cohort {
  /** Stable key: skuId plus sorted disabledPlans. */
  key: string;
  skuId: string;
  skuPartNumber: string;
  disabledPlans: string[];
  disabledPlanNames: string[];
  userIds: string[];
}

export type FindingSeverity = 'blocker' | 'warning' | 'info';
export type FindingCode =
  | 'insufficientUnits'
  | 'usageLocationMissing'
  | 'mutuallyExclusivePlans'
  | 'missingDependency'
  | 'groupNotSecurityEnabled'
  | 'groupMailEnabled'
  | 'groupDynamic'
  | 'nestedGroups'
  | 'multipleCohorts'
  | 'groupLicenseDiffers'
  | 'skuNotAssignable'
  | 'mergeGain'
  | 'groupExtraLicense';

/** Which sentence a finding is: a finding code can say more than one thing (a dynamic group, usage locations). */
export type FindingVariant =
  | 'skuNotAssignable'
  | 'groupNotSecurityEnabled'
  | 'groupMailEnabled'
  | 'groupLicenseDiffers'
  | 'nestedGroups'
  | 'insufficientUnits'
  | 'usageLocationNew'
  | 'usageLocationCohort'
  | 'mutuallyExclusivePlans'
  | 'missingDependency'
  | 'multipleCohorts'
  | 'dynamicUnmatched'
  | 'dynamicAllMatched'
  | 'dynamicAwaiting'
  | 'dynamicUnreadable'
  | 'dynamicPaused'
  | 'mergeGain'
  | 'groupExtraLicense';

/** A finding's sentence as data (which one, and the values it names), so it can be said in any language. */
export interface FindingAbout {
  variant: FindingVariant;
  values: Record<string, string | number>;
}

export interface PreflightFinding {
  code: FindingCode;
  severity: FindingSeverity;
  /** The sentence in English, for the journal, logs and the CLI; cards say `about` in the reader's language. */
  message: string;
  fix: string;
  about?: FindingAbout;
  userIds?: string[];
  count?: number;
  /** A few of the users, one line each with what applies to them (e.g. the attribute that fails a rule). */
  details?: string[];
}

/**
 * How a user stands for (SKU, group): `ready` keeps exactly the same services without the direct assignment;
 * `planGain` would gain plans the direct assignment disables (removed only when an approver accepts the gain).
 */
export type UserClass = 'ready' | 'planGain' | 'pending' | 'error' | 'planMismatch' | 'notMember' | 'inheritedOnly';
export const USER_CLASSES: readonly UserClass[] = ['ready', 'planGain', 'pending', 'error', 'planMismatch', 'notMember', 'inheritedOnly'];

/** Another group a user relies on for plans the run's group does not enable (plan names). */
export interface ReliedOnGroup {
  groupId: string;
  plans: string[];
  /** The product the plans belong to, in runs of several products; absent means the run's first (or only) one. */
  skuId?: string;
}

/** What re-adds a removed direct assignment: the product and the plans it switched off. */
export interface LicenseUndo {
  skuId: string;
  disabledPlans: string[];
}

/** One product a run moves: its SKU and the plans the cohort's direct assignment switches off. */
export interface RunLicense {
  skuId: string;
  skuPartNumber: string;
  /** Graph's name of the product when the run was made (absent on runs of earlier versions; see skuProductName). */
  displayName?: string;
  disabledPlans: string[];
}

/** How many users rely on another group, and for which plans (names): what cards say about union coverage. */
export interface ReliedOnSummary {
  groupId: string;
  groupDisplayName?: string;
  users: number;
  plans: string[];
}

export interface UserClassification {
  userId: string;
  userPrincipalName: string;
  skuId: string;
  class: UserClass;
  /** Entra error code of the inherited assignment when class is 'error'. */
  error: string | null;
  /** Admin-facing fix for error and planMismatch users, in English (logs, the CLI); cards say it from the class and data. */
  fix?: string;
  /** planMismatch under union coverage: no group the user is in enables `missingPlans` (not only the run's group). */
  missingEverywhere?: true;
  /** Plans the direct assignment enables that no inherited path enables. */
  missingPlans: string[];
  /** planGain: plans (names) the run's group enables that the direct assignment disables and no other group gives. */
  gainedPlans?: readonly string[];
  /** Other groups the user keeps plans through once the direct assignment is gone (union coverage). */
  reliesOn?: readonly ReliedOnGroup[];
  /** The direct assignment's disabledPlans (what rollback restores). */
  directDisabledPlans: string[] | null;
}

/** Users in error with one Entra code: those who keep a direct assignment, and group members who hold none. */
export interface ErrorCodeCount {
  code: string;
  direct: number;
  withoutDirect: number;
}

export interface VerificationReport {
  runId?: string;
  skuId: string;
  skuPartNumber: string;
  /** Graph's name of the product, when it has one (cards name the product by skuProductName). */
  skuDisplayName?: string;
  groupId: string;
  groupDisplayName: string;
  processingState: string | null;
  verifiedAt: string;
  summary: Record<UserClass, number>;
  /** The first users of each class by userPrincipalName (a few each): every user is counted in `summary`, not kept. */
  samples: Record<UserClass, UserClassification[]>;
  /** The first users in error or with a plan mismatch by userPrincipalName, up to a bound; `summary` has how many there are. */
  problems: UserClassification[];
  auditEvents: number;
  /** Plans (names) some planGain user would gain. */
  gainedPlans?: string[];
  /** Other groups ready and planGain users rely on, most users first (a few). */
  reliedOn?: ReliedOnSummary[];
  /** Users of each class who hold no direct assignment (group members who never had one). */
  withoutDirect?: Record<UserClass, number>;
  /** Users in error per Entra code, with and without a direct assignment. */
  errorCodes?: ErrorCodeCount[];
  /** Users counted above who hold the SKU directly with other disabled plans than the run's cohort. */
  otherCohorts?: number;
  /**
   * Runs of several products (a license profile): one report per product, the first being this report's own. A user
   * is in a batch when at least one product is ready for them; the others stay direct, each with its reason.
   */
  bySku?: VerificationReport[];
}

/** The report of each product of the run, in the run's order: `bySku` for several, else the report itself. */
export function productReports(report: VerificationReport): VerificationReport[] {
  return report.bySku?.length ? report.bySku : [report];
}

export interface SpotCheck {
  userId: string;
  userPrincipalName: string;
  skuId: string;
  skuPartNumber: string;
  /** Graph's name of the product, when it has one. */
  skuDisplayName?: string;
  /** One row per service plan of the SKU: enabled by the direct path, by each group path, effective. */
  plans: { servicePlanId: string; servicePlanName: string; direct: boolean | null; inherited: boolean | null; effective: boolean }[];
  paths: { assignedByGroup: string | null; groupDisplayName?: string; state: string; error: string }[];
  class: UserClass;
  /** planGain: the plans (names) the user would gain. */
  gainedPlans?: string[];
  /** Other groups the user relies on for plans the run's group does not enable. */
  reliesOn?: (ReliedOnGroup & { groupDisplayName?: string })[];
  /** Runs of several products: one check per product, the first being this one. */
  bySku?: SpotCheck[];
}

export interface Approval {
  approverId: string;
  approverName?: string;
  at: string;
  decision: 'approve' | 'reject';
  reason?: string;
  /** The decider's tenant, when a decision is taken (checked against the run's; not stored). */
  tenantId?: string;
  /** Asked with an approval: also remove the batch's planGain users (not stored; `acceptedGain` is). */
  acceptGain?: boolean;
  /** Recorded by the engine: the plans (names) this approver accepted users of the batch gaining. */
  acceptedGain?: string[];
}

/** What the check after a batch found once group processing had settled. */
export interface SettleReport {
  /** Removed users read back after processing settled. */
  checked: number;
  /** Users whose services had shrunk, and whether their direct assignment is back. */
  restored: { userId: string; userPrincipalName: string; lost: string[]; ok: boolean }[];
  /** False when processing did not settle in time or some users could not be read: the check is not finished. */
  complete: boolean;
  /** Why the check did not finish, in English (journal, logs, earlier versions). */
  reason?: string;
  /** The same as data, so cards say it in the reader's language (absent on reports of earlier versions). */
  gap?: SettleGap;
}

export type BatchStatus = 'planned' | 'awaitingApproval' | 'approved' | 'rejected' | 'running' | 'done' | 'failed' | 'rolledBack';

/** A batch still open for decisions: approvals and rejections are taken, its card's buttons work. */
export function isOpen(batch: Pick<Batch, 'status'>): boolean {
  return batch.status === 'planned' || batch.status === 'awaitingApproval';
}

/** A batch that has yet to run: open, or approved and waiting for its turn. */
export function isPending(batch: Pick<Batch, 'status'>): boolean {
  return isOpen(batch) || batch.status === 'approved';
}

/** A batch whose users are spoken for: approved or running, so a new plan leaves them out. */
export function isCommitted(batch: Pick<Batch, 'status'>): boolean {
  return batch.status === 'approved' || batch.status === 'running';
}

/** A batch that ran to its end (done or failed) or was rolled back afterwards. */
export function isFinished(batch: Pick<Batch, 'status'>): boolean {
  return batch.status === 'done' || batch.status === 'failed' || batch.status === 'rolledBack';
}

/**
 * The plans (names) the approval that released the batch accepted its users gaining: those every approver counted
 * for it accepted with their latest approval. One approval without the acceptance withholds it, so a gain is never
 * taken on by a quorum some of whose members did not accept it.
 */
export function acceptedGainOf(batch: Batch): Set<string> {
  const latest = new Map<string, Approval>();
  for (const a of batch.approvals) latest.set(a.approverId.trim().toLowerCase(), a);
  let accepted: string[] | null = null;
  for (const a of latest.values()) {
    if (a.decision !== 'approve') continue;
    const mine = a.acceptedGain ?? [];
    accepted = accepted === null ? [...mine] : accepted.filter((p) => mine.includes(p));
  }
  return new Set(accepted ?? []);
}

/** How a batch's users ended, counted once per user (their last outcome); restores are counted apart. */
export interface BatchTally {
  removed: number;
  skipped: number;
  failed: number;
  restored: number;
}

/** Users a tally has dealt with (removed, skipped or failed); restores are not extra users. */
export function tallyHandled(t: BatchTally): number {
  return t.removed + t.skipped + t.failed;
}

/** Users of a run its batches have dealt with so far. */
export function usersHandled(run: Pick<Run, 'batches'>): number {
  return run.batches.reduce((sum, b) => sum + tallyHandled(b.tally), 0);
}

export interface Batch {
  id: string;
  index: number;
  /** Users in the batch. */
  size: number;
  /**
   * The batch's user list, written once when the batch is planned and never changed (see RunStore.readUserList).
   * Runs written before lists were kept apart carry the ids inline in `userIds` instead.
   */
  listId?: string;
  /** Legacy: the user ids inline, in runs written by earlier versions. */
  userIds?: string[];
  /** The first few user ids, for cards. */
  sample: string[];
  /** Outcomes so far; the journal holds each user's. */
  tally: BatchTally;
  status: BatchStatus;
  approvals: Approval[];
  /** Set once when execution starts: a second start with another key is refused. */
  executionKey?: string;
  startedAt?: string;
  finishedAt?: string;
  /** While running: the executing process renews this; once it is in the past the batch counts as interrupted. */
  leaseUntil?: string;
  /** What the settle check after the batch found. */
  settle?: SettleReport;
  /** planGain users in the batch when it was planned, and the plans (names) they would gain. */
  gain?: { users: number; plans: string[] };
  /** Other groups the batch's users rely on (union coverage), when it was planned. */
  reliedOn?: ReliedOnSummary[];
}

/** Work on a run that one process holds at a time: whoever holds it renews the lease while the work goes on. */
export interface Preparation {
  owner: string;
  leaseUntil: string;
  startedAt: string;
  /** Attempts so far (a crash or a passing failure counts one); past the limit the preparation stops and says why. */
  attempts?: number;
}

export type OutcomeKind = 'removed' | 'skipped' | 'failed' | 'restored';

export interface UserOutcome {
  userId: string;
  userPrincipalName?: string;
  batchId: string;
  outcome: OutcomeKind;
  /** The engine's English sentence, for the journal, logs and the CLI (and cards, for outcomes without `detail`). */
  reason?: string;
  code?: string;
  /** What the reason names, as data, so cards say it in the reader's language; absent on outcomes of earlier versions. */
  detail?: OutcomeDetail;
  at: string;
}

/** Someone named in a run: an Entra object id and, when known, a display name. */
export interface Person {
  id: string;
  name?: string;
}

/**
 * Why a run paused, as data, so each language can say it (`pausedReason` keeps the English sentence for the journal,
 * logs and runs read by earlier versions). `detail` is the engine's own English account of an unexpected result,
 * `about` the same as data (absent on runs paused by earlier versions).
 */
export type PauseCause =
  | { kind: 'batchProblem'; batchId: string; detail: string; about?: BatchProblemAbout }
  | { kind: 'rejected'; batchId: string; by: string; reason?: string }
  | { kind: 'rolledBack'; batchId?: string; by: string }
  /** Someone paused the run without giving a reason: who (their name when the run knows it, else their id). */
  | { kind: 'pausedBy'; by: string };

/** An unexpected result that pauses the run: the engine's English sentence and, as data, what it names. */
export interface BatchProblem {
  text: string;
  about?: BatchProblemAbout;
}

export type RunStatus = 'created' | 'prepared' | 'verified' | 'removing' | 'paused' | 'completed' | 'cancelled';

export interface Run {
  id: string;
  /** Readable name, e.g. "E3 → Licensing E3 · #3"; absent on runs stored before runs had names (see runLabel). */
  name?: string;
  /** The run's number in its tenant, unique across instances sharing the store. */
  number?: number;
  tenantId?: string;
  requestedBy: string;
  requestedByName?: string;
  /** Others who made a choice in the guided start (SKU, cohort, group); four-eyes treats them like the requester. */
  shapedBy?: Person[];
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  skuId: string;
  skuPartNumber: string;
  /** Graph's name of the product when the run was made; absent on runs of earlier versions (see skuProductName). */
  skuDisplayName?: string;
  disabledPlans: string[];
  /**
   * A run made from a license profile: every product it moves, the first being skuId/disabledPlans above. Its cohort
   * is exactly the users whose direct licenses are this set, and one write per user removes all that are ready.
   * Absent on one-product runs (whose cohort is the SKU's holders with the run's disabledPlans, whatever else they hold).
   */
  licenses?: RunLicense[];
  /**
   * A profile merged into a larger one's group: the direct licenses (cohort keys, skuId:plans, sorted) of the users it
   * moves, which differ from `licenses` by what they gain. Absent when the cohort holds exactly `licenses`.
   */
  cohortKeys?: string[];
  groupId: string;
  groupDisplayName: string;
  /** The rule of a dynamic group as the run was prepared with it: membership follows it, and a change stops removals. */
  membershipRule?: string;
  createdGroup: boolean;
  /** Approvals each batch needs before it may run. */
  requiredApprovals: number;
  pausedReason?: string;
  /**
   * Why the run paused, as data: what the engine met, a rejection or rollback, or who paused it without a reason.
   * Absent for a pause someone gave a reason for (the reason is theirs) and on runs paused by earlier versions.
   */
  pauseCause?: PauseCause;
  batches: Batch[];
  /**
   * Legacy: per-user outcomes kept in the run by earlier versions. New outcomes live only in the journal
   * ('user.outcome' entries), so the run stays small however many users it moves.
   */
  outcomes?: UserOutcome[];
  lastVerification?: { at: string; summary: Record<UserClass, number>; bySku?: { skuId: string; summary: Record<UserClass, number> }[] };
  /**
   * Present from the confirmation of the pre-flight until the first approval card is out: the group is being
   * prepared, processing awaited, users verified and batches planned. Held by one process under a lease.
   */
  preparation?: Preparation;
  /** Opaque to the engine: the bot keeps its conversation reference here. */
  conversation?: unknown;
  /** The drift watch once the run has completed (see drift.ts). */
  drift?: DriftState;
}

export type JournalKind =
  | 'run.created'
  /** A dynamic group's rule taken on by a run made without one (an earlier version, or a group made dynamic since). */
  | 'run.membershipRule'
  | 'run.status'
  | 'group.created'
  | 'group.membersAdded'
  | 'group.licenseAssigned'
  | 'batch.approval'
  | 'batch.refused'
  | 'batch.started'
  | 'batch.settled'
  | 'batch.handedBack'
  | 'preparation.started'
  | 'preparation.handedBack'
  | 'preparation.finished'
  | 'batch.finished'
  | 'license.removing'
  | 'license.removed'
  | 'license.removeFailed'
  | 'license.restoring'
  | 'license.restored'
  | 'license.restoreFailed'
  | 'license.reprocessing'
  | 'license.reprocessed'
  | 'user.skipped'
  | 'user.outcome'
  | 'action.refused';

export interface JournalEntry {
  seq: number;
  at: string;
  runId: string;
  kind: JournalKind;
  batchId?: string;
  userId?: string;
  actorId?: string;
  /** What is needed to undo the change, e.g. the removed assignment's disabledPlans. */
  undo?: LicenseUndo;
  /** A change to several products at once (one write): every one of them, `undo` being the first. */
  undoAll?: LicenseUndo[];
  detail?: Record<string, unknown>;
}

export type ProgressEvent =
  | { type: 'phase'; runId: string; phase: string; message: string }
  | { type: 'processing'; runId: string; state: string | null; elapsedMs: number }
  | { type: 'membersAdded'; runId: string; added: number; total: number }
  | { type: 'batchProgress'; runId: string; batchId: string; done: number; total: number; removed: number; skipped: number; failed: number }
  | { type: 'batchFinished'; runId: string; batchId: string; removed: number; skipped: number; failed: number }
  | { type: 'paused'; runId: string; reason: string }
  /** A batch taken over from a process that stopped: `done` of `total` users were handled before. */
  | { type: 'batchResumed'; runId: string; batchId: string; done: number; total: number }
  | { type: 'completed'; runId: string };

export type ProgressListener = (event: ProgressEvent) => void;
