/** Generated runs and reports at realistic scale for the card tests. */
import type { Sku } from '../../src/graph/types';
import type { Discovery, RunReport, BatchResult } from '../../src/migration/engine';
import type {
  Batch,
  BatchTally,
  Run,
  SpotCheck,
  UserClass,
  UserClassification,
  UserOutcome,
  VerificationReport,
} from '../../src/migration/types';
import { VerificationTally } from '../../src/migration/verificationTally';

export const SKU_ID = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
export const GROUP_ID = '0b7a1c5e-8d2f-4c11-9a0e-3f6b2d7c9e10';

export function guid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function upn(n: number): string {
  return `user${String(n).padStart(5, '0')}.with.a.longish.name@contoso-enterprise.onmicrosoft.com`;
}

export function sku(overrides: Partial<Sku> = {}): Sku {
  return {
    skuId: SKU_ID,
    skuPartNumber: 'ENTERPRISEPREMIUM',
    displayName: 'Office 365 E5',
    consumedUnits: 9_990,
    prepaidUnits: { enabled: 10_000, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: Array.from({ length: 60 }, (_, i) => ({
      servicePlanId: guid(100_000 + i),
      servicePlanName: `SERVICE_PLAN_WITH_LONG_NAME_${i}`,
      appliesTo: 'User',
    })),
    ...overrides,
  };
}

const CLASS_CYCLE: UserClass[] = ['ready', 'ready', 'ready', 'ready', 'ready', 'ready', 'error', 'planMismatch', 'pending', 'notMember'];

export function classifications(count: number): UserClassification[] {
  return Array.from({ length: count }, (_, i) => {
    const cls = CLASS_CYCLE[i % CLASS_CYCLE.length];
    return {
      userId: guid(i),
      userPrincipalName: upn(i),
      skuId: SKU_ID,
      class: cls,
      error: cls === 'error' ? 'CountViolation' : null,
      fix: cls === 'error' ? 'Buy more licenses or free some up, then reprocess the group.' : undefined,
      missingPlans: cls === 'planMismatch' ? ['EXCHANGE_S_ENTERPRISE', 'TEAMS1'] : [],
      directDisabledPlans: [],
    };
  });
}

export function verificationReport(count: number, runId = 'run-10k'): VerificationReport {
  // Kept as the engine keeps them: counts, and the first users of each class by name.
  const tally = new VerificationTally();
  tally.add(classifications(count));
  return {
    runId,
    skuId: SKU_ID,
    skuPartNumber: 'ENTERPRISEPREMIUM',
    groupId: GROUP_ID,
    groupDisplayName: 'Licensing - Office 365 E5',
    processingState: 'ProcessingComplete',
    verifiedAt: '2026-11-25T10:00:00.000Z',
    ...tally.result(),
    auditEvents: count,
  };
}

/** The user ids of each generated batch list, by list id (the fixture's stand-in for RunStore.readUserList). */
const lists = new Map<string, string[]>();

/** The users of a batch of a generated run. */
export function usersOf(batch: Batch): string[] {
  const ids = batch.listId ? lists.get(batch.listId) : batch.userIds;
  if (!ids) throw new Error(`no generated user list for batch ${batch.id}`);
  return [...ids];
}

/** The tally of a batch from outcomes: each user counts once, by their last outcome; restores apart. */
export function tallyOf(outcomes: readonly UserOutcome[], batchId: string): BatchTally {
  const last = new Map<string, UserOutcome['outcome']>();
  let restored = 0;
  for (const o of outcomes) {
    if (o.batchId !== batchId) continue;
    if (o.outcome === 'restored') restored += 1;
    else last.set(o.userId, o.outcome);
  }
  const count = (k: UserOutcome['outcome']) => [...last.values()].filter((v) => v === k).length;
  return { removed: count('removed'), skipped: count('skipped'), failed: count('failed'), restored };
}

/** Failed, then skipped, outcomes, at most 50: what a report or batch result names. */
export function issuesOf(outcomes: readonly UserOutcome[]): UserOutcome[] {
  return [...outcomes.filter((o) => o.outcome === 'failed'), ...outcomes.filter((o) => o.outcome === 'skipped')].slice(0, 50);
}

/**
 * A run of `count` users in batches of growing size, `doneBatches` of them executed, with every user's outcome
 * (what the journal holds; the run keeps only the tallies).
 */
export function runWithOutcomes(
  count: number,
  opts: { doneBatches?: number; status?: Run['status'] } = {},
): { run: Run; outcomes: UserOutcome[] } {
  const batches: Batch[] = [];
  let next = 0;
  let size = 10;
  while (next < count) {
    const ids = Array.from({ length: Math.min(size, count - next) }, (_, k) => guid(next + k));
    const listId = `list-${count}-${batches.length + 1}`;
    lists.set(listId, ids);
    batches.push({
      id: `b${batches.length + 1}`,
      index: batches.length,
      size: ids.length,
      listId,
      sample: ids.slice(0, 10),
      tally: { removed: 0, skipped: 0, failed: 0, restored: 0 },
      status: 'planned',
      approvals: [],
    });
    next += ids.length;
    size = Math.min(size * 2, 250);
  }
  const outcomes: UserOutcome[] = [];
  const doneBatches = opts.doneBatches ?? batches.length;
  batches.slice(0, doneBatches).forEach((b) => {
    b.status = 'done';
    b.startedAt = '2026-11-25T10:00:00.000Z';
    b.finishedAt = '2026-11-25T10:03:00.000Z';
    b.approvals = [{ approverId: guid(900_001), approverName: 'Adele Vance', at: '2026-11-25T09:59:00.000Z', decision: 'approve' }];
    usersOf(b).forEach((userId, k) => {
      const n = parseInt(userId.slice(-12), 16);
      const outcome = k % 50 === 7 ? 'failed' : k % 20 === 3 ? 'skipped' : 'removed';
      outcomes.push({
        userId,
        userPrincipalName: upn(n),
        batchId: b.id,
        outcome,
        at: '2026-11-25T10:01:00.000Z',
        reason:
          outcome === 'removed' ? undefined : outcome === 'failed' ? 'Graph returned 500 twice' : 'No longer ready: group license in error',
        code: outcome === 'failed' ? 'serviceUnavailable' : undefined,
      });
    });
    b.tally = tallyOf(outcomes, b.id);
  });
  if (batches[doneBatches]) batches[doneBatches].status = 'awaitingApproval';
  const run: Run = {
    id: 'run-10k',
    requestedBy: guid(900_000),
    requestedByName: 'Megan Bowen',
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T12:30:00.000Z',
    status: opts.status ?? (doneBatches >= batches.length ? 'completed' : 'removing'),
    skuId: SKU_ID,
    skuPartNumber: 'ENTERPRISEPREMIUM',
    disabledPlans: [],
    groupId: GROUP_ID,
    groupDisplayName: 'Licensing - Office 365 E5',
    createdGroup: true,
    requiredApprovals: 2,
    batches,
  };
  return { run, outcomes };
}

/** A run of `count` users in batches of growing size, `doneBatches` of them executed. */
export function run(count: number, opts: { doneBatches?: number; status?: Run['status'] } = {}): Run {
  return runWithOutcomes(count, opts).run;
}

export function report(count: number): RunReport {
  const { run: r, outcomes } = runWithOutcomes(count);
  const totals = { removed: 0, skipped: 0, failed: 0, restored: 0, remaining: 0 };
  for (const o of outcomes) totals[o.outcome] += 1;
  return { run: r, totals, issues: issuesOf(outcomes) };
}

export function batchResult(count: number): BatchResult {
  const { run: r, outcomes } = runWithOutcomes(count);
  return {
    runId: r.id,
    batchId: 'b-all',
    removed: outcomes.filter((o) => o.outcome === 'removed').length,
    skipped: outcomes.filter((o) => o.outcome === 'skipped').length,
    failed: outcomes.filter((o) => o.outcome === 'failed').length,
    issues: issuesOf(outcomes),
    pausedReason: 'Failures above the threshold (2%)',
  };
}

export function discovery(count: number, cohortCount = 40): Discovery {
  const cohorts = Array.from({ length: cohortCount }, (_, c) => ({
    key: `${SKU_ID}|${Array.from({ length: c % 5 }, (_, k) => guid(100_000 + k)).join(',')}`,
    skuId: SKU_ID,
    skuPartNumber: 'ENTERPRISEPREMIUM',
    disabledPlans: Array.from({ length: c % 5 }, (_, k) => guid(100_000 + k)),
    disabledPlanNames: Array.from({ length: c % 5 }, (_, k) => `SERVICE_PLAN_WITH_LONG_NAME_${k}`),
    userIds: [] as string[],
  }));
  for (let i = 0; i < count; i++) cohorts[i % cohortCount].userIds.push(guid(i));
  return {
    sku: sku(),
    cohorts,
    inheritedOnlyUserIds: Array.from({ length: 120 }, (_, i) => guid(50_000 + i)),
    notInGroupUserIds: Array.from({ length: count }, (_, i) => guid(i)),
    directHolders: count,
  };
}

/** A user of a 120-plan SKU; `lostEvery` = every n-th plan is enabled only by the direct path. */
export function spotCheck(planCount = 120, lostEvery = 17): SpotCheck {
  return {
    userId: guid(1),
    userPrincipalName: upn(1),
    skuId: SKU_ID,
    skuPartNumber: 'ENTERPRISEPREMIUM',
    plans: Array.from({ length: planCount }, (_, i) => ({
      servicePlanId: guid(100_000 + i),
      servicePlanName: `SERVICE_PLAN_WITH_LONG_NAME_${i}`,
      direct: i % 29 === 5 ? false : true,
      inherited: i % lostEvery !== 0,
      effective: true,
    })),
    paths: [
      { assignedByGroup: null, state: 'Active', error: 'None' },
      { assignedByGroup: GROUP_ID, groupDisplayName: 'Licensing - Office 365 E5', state: 'Active', error: 'None' },
    ],
    class: 'planMismatch',
  };
}
