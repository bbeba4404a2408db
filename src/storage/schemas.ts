import { z } from 'zod';
import { batchProblemAboutSchema, outcomeDetailSchema, settleGapSchema } from '../migration/outcomeDetail';
import { USER_CLASSES, type JournalEntry, type JournalKind, type Run, type UserClass } from '../migration/types';

/*
 * Shapes of what is read back from storage. Objects are loose so that fields other
 * modules add to Run later survive a round trip instead of being dropped on read.
 */

// A class added since a run was verified (planGain) was not counted then: it reads as 0, and the run still loads.
const userClassSummary = z.object(
  Object.fromEntries(USER_CLASSES.map((c) => [c, z.number().int().min(0).default(0)])) as Record<UserClass, z.ZodDefault<z.ZodNumber>>,
);

const approvalSchema = z.looseObject({
  approverId: z.string(),
  approverName: z.string().optional(),
  at: z.string(),
  decision: z.enum(['approve', 'reject']),
  reason: z.string().optional(),
});

const tallySchema = z.object({
  removed: z.number().int().min(0),
  skipped: z.number().int().min(0),
  failed: z.number().int().min(0),
  restored: z.number().int().min(0),
});

const batchSchema = z.looseObject({
  id: z.string(),
  index: z.number().int().min(0),
  size: z.number().int().min(0),
  listId: z.string().optional(),
  userIds: z.array(z.string()).optional(),
  sample: z.array(z.string()),
  tally: tallySchema,
  status: z.enum(['planned', 'awaitingApproval', 'approved', 'rejected', 'running', 'done', 'failed', 'rolledBack']),
  approvals: z.array(approvalSchema),
  executionKey: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  settle: z
    .looseObject({
      checked: z.number().int().min(0),
      restored: z.array(z.looseObject({ userId: z.string(), userPrincipalName: z.string(), lost: z.array(z.string()), ok: z.boolean() })),
      complete: z.boolean(),
      reason: z.string().optional(),
      // Facts of a shape this version does not know are dropped on their own: the English reason stays.
      gap: settleGapSchema.optional().catch(undefined),
    })
    .optional(),
});

const outcomeSchema = z.looseObject({
  userId: z.string(),
  userPrincipalName: z.string().optional(),
  batchId: z.string(),
  outcome: z.enum(['removed', 'skipped', 'failed', 'restored']),
  reason: z.string().optional(),
  code: z.string().optional(),
  // Outcomes of earlier versions have none; a detail a newer version wrote is dropped on reading, the reason stays.
  detail: outcomeDetailSchema.optional().catch(undefined),
  at: z.string(),
});

const driftCountSchema = z.object({ count: z.number().int().min(0), digest: z.string() });

/** The drift watch of a completed run (migration/drift.ts). */
const driftSchema = z.looseObject({
  since: z.string(),
  baselineListId: z.string(),
  startedAt: z.string(),
  lastCheckAt: z.string(),
  last: z.object({ newDirect: driftCountSchema, leftGroup: driftCountSchema, errors: driftCountSchema }),
  quietSince: z.string(),
  retireSaidAt: z.string().optional(),
  seq: z.number().int().min(0),
  notice: z
    .looseObject({
      seq: z.number().int().min(0),
      claimedBy: z.string(),
      claimedUntil: z.string(),
      postedAt: z.string().optional(),
      retire: z.boolean(),
      changes: z.boolean(),
    })
    .optional(),
  followUp: z.object({ by: z.string(), until: z.string(), runId: z.string().optional() }).optional(),
});

/** A persisted Run, as this version writes it. */
const currentRunSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1).max(200).optional(),
  number: z.number().int().min(1).optional(),
  tenantId: z.string().optional(),
  requestedBy: z.string(),
  requestedByName: z.string().optional(),
  shapedBy: z.array(z.object({ id: z.string(), name: z.string().optional() })).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: z.enum(['created', 'prepared', 'verified', 'removing', 'paused', 'completed', 'cancelled']),
  skuId: z.string(),
  skuPartNumber: z.string(),
  skuDisplayName: z.string().optional(),
  disabledPlans: z.array(z.string()),
  licenses: z
    .array(
      z.object({ skuId: z.string(), skuPartNumber: z.string(), displayName: z.string().optional(), disabledPlans: z.array(z.string()) }),
    )
    .min(1)
    .optional(),
  cohortKeys: z.array(z.string()).min(1).optional(),
  groupId: z.string(),
  groupDisplayName: z.string(),
  membershipRule: z.string().optional(),
  createdGroup: z.boolean(),
  requiredApprovals: z.number().int().min(0),
  pausedReason: z.string().optional(),
  pauseCause: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('batchProblem'),
        batchId: z.string(),
        detail: z.string(),
        // Facts of a shape this version does not know are dropped on their own: the English detail stays.
        about: batchProblemAboutSchema.optional().catch(undefined),
      }),
      z.object({ kind: z.literal('rejected'), batchId: z.string(), by: z.string(), reason: z.string().optional() }),
      z.object({ kind: z.literal('rolledBack'), batchId: z.string().optional(), by: z.string() }),
      z.object({ kind: z.literal('pausedBy'), by: z.string() }),
    ])
    .optional()
    // A cause a newer version wrote is dropped on reading, not the run: pausedReason still says it in English.
    .catch(undefined),
  batches: z.array(batchSchema),
  outcomes: z.array(outcomeSchema).optional(),
  lastVerification: z
    .object({
      at: z.string(),
      summary: userClassSummary,
      bySku: z.array(z.object({ skuId: z.string(), summary: userClassSummary })).optional(),
    })
    .optional(),
  preparation: z
    .object({ owner: z.string(), leaseUntil: z.string(), startedAt: z.string(), attempts: z.number().int().min(0).optional() })
    .optional(),
  conversation: z.unknown().optional(),
  drift: driftSchema.optional(),
});

/**
 * A persisted Run, also as earlier versions wrote it: their batches carry `userIds` inline and no size, sample or
 * tally, and the run keeps every outcome. Those are filled in from what the run holds, so old runs keep loading and
 * finish under this version; nothing is written back until the run changes.
 */
export const runSchema = z.preprocess(upgradeLegacyRun, currentRunSchema);

function upgradeLegacyRun(doc: unknown): unknown {
  if (!isRecord(doc) || !Array.isArray(doc.batches) || !doc.batches.some((b) => isRecord(b) && b.tally === undefined)) return doc;
  const outcomes = Array.isArray(doc.outcomes) ? doc.outcomes.filter(isRecord) : [];
  return {
    ...doc,
    batches: doc.batches.map((b) => {
      if (!isRecord(b) || b.tally !== undefined || !Array.isArray(b.userIds)) return b;
      return { ...b, size: b.userIds.length, sample: b.userIds.slice(0, 10), tally: legacyTally(outcomes, b.id) };
    }),
  };
}

function legacyTally(outcomes: Record<string, unknown>[], batchId: unknown) {
  const last = new Map<unknown, unknown>();
  let restored = 0;
  for (const o of outcomes) {
    if (o.batchId !== batchId) continue;
    if (o.outcome === 'restored') restored++;
    else last.set(o.userId, o.outcome);
  }
  const count = (k: string) => [...last.values()].filter((v) => v === k).length;
  return { removed: count('removed'), skipped: count('skipped'), failed: count('failed'), restored };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const JOURNAL_KINDS = [
  'run.created',
  'run.membershipRule',
  'run.status',
  'group.created',
  'group.membersAdded',
  'group.licenseAssigned',
  'batch.approval',
  'batch.refused',
  'batch.started',
  'batch.settled',
  'batch.handedBack',
  'preparation.started',
  'preparation.handedBack',
  'preparation.finished',
  'batch.finished',
  'license.removing',
  'license.removed',
  'license.removeFailed',
  'license.restoring',
  'license.restored',
  'license.restoreFailed',
  'license.reprocessing',
  'license.reprocessed',
  'user.skipped',
  'user.outcome',
  'action.refused',
] as const satisfies readonly JournalKind[];

// Fails to compile when JournalKind gains a member that the list above lacks.
type MissingKinds = Exclude<JournalKind, (typeof JOURNAL_KINDS)[number]>;
const _allKindsListed: MissingKinds extends never ? true : false = true;
void _allKindsListed;

const licenseUndo = z.object({ skuId: z.string(), disabledPlans: z.array(z.string()) });

/** A journal entry as it is appended (before seq and at are assigned). */
export const newJournalEntrySchema = z.looseObject({
  runId: z.string().min(1),
  kind: z.enum(JOURNAL_KINDS),
  batchId: z.string().optional(),
  userId: z.string().optional(),
  actorId: z.string().optional(),
  undo: licenseUndo.optional(),
  undoAll: z.array(licenseUndo).min(1).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** A stored journal entry. */
export const journalEntrySchema = newJournalEntrySchema.extend({
  seq: z.number().int().min(1),
  at: z.string(),
});

// Compile-time guards: what the schemas accept must be usable as the domain types.
const _runCheck = (r: z.infer<typeof runSchema>): Run => r;
const _entryCheck = (e: z.infer<typeof journalEntrySchema>): JournalEntry => e;
void _runCheck;
void _entryCheck;

/** Thrown when stored data cannot be read back as what it claims to be; names the file or blob. */
export class StorageCorruptError extends Error {
  constructor(
    public readonly location: string,
    problem: string,
  ) {
    super(`${location} is corrupt: ${problem}. Restore it from a backup or move it aside; it was not loaded.`);
    this.name = 'StorageCorruptError';
  }
}

/** Formats zod issues briefly, e.g. `status: Invalid option; batches.0.id: expected string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Ids become file and blob names, so they are limited to a safe alphabet. */
export function assertSafeId(what: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) {
    throw new InvalidIdError(what, id);
  }
}

export class InvalidIdError extends Error {
  constructor(what: string, id: unknown) {
    const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : typeof id;
    super(`${what} ${shown} is not a valid id: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
    this.name = 'InvalidIdError';
  }
}
