import type { GroupInfo } from '../graph/types';
import type { ProgressListener, Run, VerificationReport } from './types';
import type { EngineContext } from './context';
import { summarize } from './classification';
import { MigrationError } from './errors';
import { readRetry } from './readRetry';
import { assertStatus } from './runLifecycle';
import { assertNotStopping } from './lease';
import { classifyScope } from './scope';
import { errorMessage } from '../common/errorMessage';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the group until its license processing is complete or the time is up; returns the last group read. */
export async function waitForProcessing(
  ctx: EngineContext,
  run: Run,
  timeoutMs: number,
  onProgress?: ProgressListener,
): Promise<GroupInfo> {
  const started = Date.now();
  for (;;) {
    assertNotStopping(ctx, 'the wait for license processing');
    const group = await readRetry(() => ctx.graph.getGroup(run.groupId));
    if (!group) throw new MigrationError('notFound', `Group ${run.groupId} (${run.groupDisplayName}) no longer exists.`);
    const elapsedMs = Date.now() - started;
    onProgress?.({ type: 'processing', runId: run.id, state: group.licenseProcessingState, elapsedMs });
    if (group.licenseProcessingState === 'ProcessingComplete' || elapsedMs >= timeoutMs) return group;
    await sleep(Math.min(ctx.settings.pollIntervalMs, Math.max(1, timeoutMs - elapsedMs)));
  }
}

/** Waits for group processing, reads the audit log, classifies everyone in scope and records the summary on the run. */
export async function verifyRun(
  ctx: EngineContext,
  runId: string,
  opts: { timeoutMs?: number; onProgress?: ProgressListener } = {},
): Promise<VerificationReport> {
  const run = await ctx.runs.load(runId);
  assertStatus(run, ['prepared', 'verified', 'removing', 'paused'], 'verify');
  opts.onProgress?.({
    type: 'phase',
    runId,
    phase: 'verify',
    message: `Waiting for group "${run.groupDisplayName}" to finish license processing`,
  });
  const group = await waitForProcessing(ctx, run, opts.timeoutMs ?? ctx.settings.verifyTimeoutMs, opts.onProgress);
  const complete = group.licenseProcessingState === 'ProcessingComplete';
  let auditEvents = 0;
  try {
    auditEvents = (await ctx.graph.auditEventsSince(new Date(run.createdAt))).filter(
      (e) => e.targetResources.some((t) => t.id === run.groupId) || /license/i.test(e.activityDisplayName),
    ).length;
  } catch (err) {
    // The audit log is advisory (5 requests/10 s, minutes of latency): classification never depends on it.
    ctx.log.warn({ runId, err: errorMessage(err) }, 'audit log not readable');
  }
  const { sku, users } = await classifyScope(ctx, run, complete);
  const summary = summarize(users);
  const verifiedAt = ctx.now().toISOString();
  await ctx.runs.update(runId, (r) => {
    r.lastVerification = { at: verifiedAt, summary };
    if (complete && r.status === 'prepared') r.status = 'verified';
  });
  if (!complete) ctx.log.warn({ runId, state: group.licenseProcessingState }, 'verification timed out before processing completed');
  return {
    runId,
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    groupId: group.id,
    groupDisplayName: group.displayName,
    processingState: group.licenseProcessingState,
    verifiedAt,
    summary,
    users,
    auditEvents,
  };
}
