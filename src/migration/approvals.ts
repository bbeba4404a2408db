import { isPending, type Approval, type Batch, type Run } from './types';
import type { EngineContext } from './context';
import { MigrationError } from './errors';
import { assertStatus } from './runLifecycle';

/** Distinct approvers who approved the batch (a later reject by the same approver withdraws it). */
export function approversOf(batch: Batch): string[] {
  const last = new Map<string, Approval['decision']>();
  for (const a of batch.approvals) last.set(a.approverId, a.decision);
  return [...last].filter(([, d]) => d === 'approve').map(([id]) => id);
}

/** Whether the approvers satisfy the run: enough distinct approvers and, with four eyes, someone besides the requester. */
export function approvalsSuffice(run: Run, approvers: readonly string[], fourEyes: boolean): boolean {
  if (approvers.length < run.requiredApprovals) return false;
  return !fourEyes || approvers.some((a) => a !== run.requestedBy);
}

/** Whether the batch holds the approvals the run requires. */
export function isApproved(run: Run, batch: Batch, fourEyes = false): boolean {
  return batch.status === 'approved' && approvalsSuffice(run, approversOf(batch), fourEyes);
}

/** Records an approval or rejection; enough distinct approvals approve the batch, a rejection pauses the run. */
export async function decideRunBatch(ctx: EngineContext, runId: string, batchId: string, decision: Approval): Promise<Run> {
  if (!decision || typeof decision.approverId !== 'string' || !decision.approverId.trim())
    throw new MigrationError('badInput', 'A decision needs the approver id.');
  if (decision.decision !== 'approve' && decision.decision !== 'reject')
    throw new MigrationError('badInput', 'decision must be "approve" or "reject".');
  const record: Approval = { ...decision, approverId: decision.approverId.trim(), at: decision.at || ctx.now().toISOString() };
  let rejected = false;
  const run = await ctx.runs.update(runId, (r) => {
    assertStatus(r, ['verified', 'removing', 'paused'], 'decide on a batch');
    const batch = r.batches.find((b) => b.id === batchId);
    if (!batch) throw new MigrationError('notFound', `Run ${runId} has no batch ${batchId}.`);
    if (!isPending(batch)) {
      throw new MigrationError('illegalState', `Batch ${batchId} is ${batch.status}; decisions are only taken before it runs.`);
    }
    batch.approvals.push(record);
    rejected = record.decision === 'reject';
    if (rejected) {
      batch.status = 'rejected';
      if (r.status !== 'paused') {
        r.status = 'paused';
        r.pausedReason = `Batch ${batchId} rejected by ${record.approverName ?? record.approverId}${record.reason ? `: ${record.reason}` : ''}`;
      }
    } else {
      batch.status = approvalsSuffice(r, approversOf(batch), ctx.settings.fourEyes) ? 'approved' : 'awaitingApproval';
    }
  });
  await ctx.journal.append({
    runId,
    batchId,
    kind: 'batch.approval',
    actorId: record.approverId,
    detail: { decision: record.decision, reason: record.reason ?? null },
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
