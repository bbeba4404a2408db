import { isPending, type Approval, type Batch, type Run } from './types';
import type { EngineContext } from './context';
import { MigrationError } from './errors';
import { assertStatus } from './runLifecycle';

/** One person, however their id is cased or padded: Entra object ids are case-insensitive GUIDs. */
export const personKey = (id: string): string => id.trim().toLowerCase();

/** Distinct approvers who approved the batch (a later reject by the same approver withdraws it). */
export function approversOf(batch: Batch): string[] {
  const last = new Map<string, Approval['decision']>();
  for (const a of batch.approvals) last.set(personKey(a.approverId), a.decision);
  return [...last].filter(([, d]) => d === 'approve').map(([id]) => id);
}

/** Everyone who shaped the run (the requester and whoever made a choice in its guided start), as person keys. */
export function authorsOf(run: Run): Set<string> {
  return new Set([run.requestedBy, ...(run.shapedBy ?? []).map((p) => p.id)].map(personKey));
}

/**
 * A person's display name as the run recorded it (the requester's, a guided-start author's, the latest an approver's
 * decision carried), or undefined when the run knows them by id only.
 */
export function nameInRun(run: Pick<Run, 'requestedBy' | 'requestedByName' | 'shapedBy' | 'batches'>, id: string): string | undefined {
  const key = personKey(id);
  const named = (name: string | undefined) => name?.trim() || undefined;
  if (personKey(run.requestedBy) === key && named(run.requestedByName)) return named(run.requestedByName);
  const author = (run.shapedBy ?? []).find((p) => personKey(p.id) === key && named(p.name));
  if (author) return named(author.name);
  let approver: string | undefined;
  for (const b of run.batches)
    for (const a of b.approvals) if (personKey(a.approverId) === key) approver = named(a.approverName) ?? approver;
  return approver;
}

/** Whether the approvers satisfy the run: enough distinct approvers and, with four eyes, someone who did not shape it. */
export function approvalsSuffice(run: Run, approvers: readonly string[], fourEyes: boolean): boolean {
  const people = new Set(approvers.map(personKey));
  if (people.size < run.requiredApprovals) return false;
  if (!fourEyes) return true;
  const authors = authorsOf(run);
  return [...people].some((a) => !authors.has(a));
}

/**
 * The batch that runs next: the first one by index that has not run yet. Only it takes decisions and only it
 * may run, so the canary always goes first and every later batch waits for the one before it.
 */
export function nextBatch(run: Run): Batch | undefined {
  return [...run.batches].sort((a, b) => a.index - b.index).find(isPending);
}

/** Why a decision or an execution may not touch this batch now, or null when it is the next one. */
export function outOfOrder(run: Run, batch: Batch): string | null {
  const running = run.batches.find((b) => b.status === 'running');
  if (running && running.id !== batch.id) return `batch ${running.index + 1} is still running`;
  const next = nextBatch(run);
  if (next && next.id !== batch.id && next.index < batch.index)
    return `batch ${next.index + 1} comes first (batches run in order, canary first)`;
  return null;
}

/** Whether the batch holds the approvals the run requires. */
export function isApproved(run: Run, batch: Batch, fourEyes = false): boolean {
  return batch.status === 'approved' && approvalsSuffice(run, approversOf(batch), fourEyes);
}

/**
 * Records an approval or rejection; enough distinct approvals approve the batch, a rejection pauses the run. An
 * approval with `acceptGain` also accepts the gain the batch was planned with (`batch.gain`), recorded by the engine
 * from the batch itself: what a caller says the plans are is never taken.
 */
export async function decideRunBatch(ctx: EngineContext, runId: string, batchId: string, decision: Approval): Promise<Run> {
  if (!decision || typeof decision.approverId !== 'string' || !decision.approverId.trim())
    throw new MigrationError('badInput', 'A decision needs the approver id.');
  if (decision.decision !== 'approve' && decision.decision !== 'reject')
    throw new MigrationError('badInput', 'decision must be "approve" or "reject".');
  if (decision.acceptGain !== undefined && typeof decision.acceptGain !== 'boolean')
    throw new MigrationError('badInput', 'acceptGain must be true or false.');
  if (decision.acceptGain && decision.decision !== 'approve')
    throw new MigrationError('badInput', 'Only an approval can accept a gain of plans; a rejection removes nobody.');
  const record: Approval = { ...decision, approverId: personKey(decision.approverId), at: decision.at || ctx.now().toISOString() };
  delete record.tenantId;
  delete record.acceptGain;
  delete record.acceptedGain;
  let rejected = false;
  let repeated = false;
  const run = await ctx.runs.update(runId, (r) => {
    assertStatus(r, ['verified', 'removing', 'paused'], 'decide on a batch');
    if (r.tenantId && personKey(decision.tenantId ?? '') !== personKey(r.tenantId)) {
      throw new MigrationError('forbidden', `Run ${runId} belongs to another tenant; decisions come only from its own.`);
    }
    const batch = r.batches.find((b) => b.id === batchId);
    if (!batch) throw new MigrationError('notFound', `Run ${runId} has no batch ${batchId}.`);
    if (!isPending(batch)) {
      throw new MigrationError('illegalState', `Batch ${batchId} is ${batch.status}; decisions are only taken before it runs.`);
    }
    const order = outOfOrder(r, batch);
    if (order) throw new MigrationError('illegalState', `Batch ${batch.index + 1} cannot be decided yet: ${order}.`);
    if (decision.acceptGain) {
      if (!batch.gain?.users)
        throw new MigrationError('badInput', `Batch ${batch.index + 1} has no user who would gain a plan; there is no gain to accept.`);
      record.acceptedGain = [...batch.gain.plans];
    }
    // The same person saying the same thing again changes nothing: one person is one voice.
    const own = batch.approvals.filter((a) => personKey(a.approverId) === record.approverId).pop();
    repeated = own?.decision === record.decision && sameGain(own.acceptedGain, record.acceptedGain);
    if (repeated) return;
    batch.approvals.push(record);
    rejected = record.decision === 'reject';
    if (rejected) {
      batch.status = 'rejected';
      if (r.status !== 'paused') {
        r.status = 'paused';
        r.pausedReason = `Batch ${batchId} rejected by ${record.approverName ?? record.approverId}${record.reason ? `: ${record.reason}` : ''}`;
        r.pauseCause = {
          kind: 'rejected',
          batchId,
          by: record.approverName ?? record.approverId,
          ...(record.reason ? { reason: record.reason } : {}),
        };
      }
    } else {
      batch.status = approvalsSuffice(r, approversOf(batch), ctx.settings.fourEyes) ? 'approved' : 'awaitingApproval';
    }
  });
  if (repeated) return run;
  await ctx.journal.append({
    runId,
    batchId,
    kind: 'batch.approval',
    actorId: record.approverId,
    detail: { decision: record.decision, reason: record.reason ?? null, ...gainDetail(run, batchId, record) },
  });
  if (rejected)
    await ctx.journal.append({
      runId,
      kind: 'run.status',
      actorId: record.approverId,
      detail: { status: 'paused', reason: run.pausedReason },
    });
  return run;
}

function sameGain(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).join('\n') === (b ?? []).join('\n');
}

/** What the journal keeps of an accepted gain: the plans, and how many of the batch's users would gain them. */
export function gainDetail(run: Run, batchId: string, a: Approval): Record<string, unknown> {
  if (!a.acceptedGain?.length) return {};
  const users = run.batches.find((b) => b.id === batchId)?.gain?.users ?? 0;
  return { acceptedGain: a.acceptedGain, gainUsers: users };
}
