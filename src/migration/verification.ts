import type { GroupInfo } from '../graph/types';
import type { ProgressListener, Run, UserClassification, VerificationReport } from './types';
import type { EngineContext } from './context';
import { MigrationError } from './errors';
import { assertStatus } from './runLifecycle';
import { scanScope } from './scope';
import { awaitGroupProcessing, processingComplete } from './groupGate';
import { VerificationTally } from './verificationTally';
import { nameReliedOn } from './reliedOn';
import { errorMessage } from '../common/errorMessage';
import { runLicenses, runSkus } from './runLicenses';
import type { Sku } from '../graph/types';

/** Polls the group until its license (and, if dynamic, membership) processing is complete or the time is up; returns the last group read. */
export async function waitForProcessing(
  ctx: EngineContext,
  run: Run,
  timeoutMs: number,
  onProgress?: ProgressListener,
): Promise<GroupInfo> {
  const group = await awaitGroupProcessing(ctx, run.groupId, timeoutMs, 'the wait for license processing', (g, elapsedMs) =>
    onProgress?.({ type: 'processing', runId: run.id, state: g.licenseProcessingState, elapsedMs }),
  );
  if (!group) throw new MigrationError('notFound', `Group ${run.groupId} (${run.groupDisplayName}) no longer exists.`);
  return group;
}

/** How a verification reports its progress and, to whoever wants them, every classified user. */
export interface VerifyOptions {
  timeoutMs?: number;
  onProgress?: ProgressListener;
  /**
   * Every classified user, a page at a time as they are read; the report itself keeps only counts and samples.
   * A scan Graph interrupts for a while is read again from the start: `attempt` then grows and the pages repeat.
   */
  onUsers?: (users: readonly UserClassification[], attempt: number) => void;
}

/**
 * Waits for group processing, reads the audit log, classifies everyone in scope a page at a time and records the
 * summary on the run. The report holds counts and bounded samples, so its size does not grow with the tenant.
 */
export async function verifyRun(ctx: EngineContext, runId: string, opts: VerifyOptions = {}): Promise<VerificationReport> {
  const run = await ctx.runs.load(runId);
  assertStatus(run, ['prepared', 'verified', 'removing', 'paused'], 'verify');
  opts.onProgress?.({
    type: 'phase',
    runId,
    phase: 'verify',
    message: `Waiting for group "${run.groupDisplayName}" to finish ${run.membershipRule !== undefined ? 'membership and license' : 'license'} processing`,
  });
  const group = await waitForProcessing(ctx, run, opts.timeoutMs ?? ctx.settings.verifyTimeoutMs, opts.onProgress);
  const complete = processingComplete(group);
  let auditEvents = 0;
  try {
    // Counted a page at a time: a run that added a million members has a million events since it began.
    for await (const page of ctx.graph.auditEventPages(new Date(run.createdAt))) {
      for (const e of page)
        if (e.targetResources.some((t) => t.id === run.groupId) || /license/i.test(e.activityDisplayName)) auditEvents++;
    }
  } catch (err) {
    auditEvents = 0;
    // The audit log is advisory (5 requests/10 s, minutes of latency): classification never depends on it.
    ctx.log.warn({ runId, err: errorMessage(err) }, 'audit log not readable');
  }
  // A run of several products is classified once per product: a user may be ready for one and not for another.
  const licenses = runLicenses(run);
  const skus = await runSkus(ctx.graph, run);
  const scanned: { sku: Sku; tally: ReturnType<VerificationTally['result']> }[] = [];
  for (const [index, license] of licenses.entries()) {
    const { sku, visitor } = await scanScope(
      ctx,
      run,
      complete,
      (attempt) => {
        const tally = new VerificationTally(license.disabledPlans);
        return {
          tally,
          add(users: readonly UserClassification[]) {
            tally.add(users);
            opts.onUsers?.(users, attempt);
          },
        };
      },
      skus[index],
    );
    scanned.push({ sku, tally: visitor.tally.result() });
  }
  const verifiedAt = ctx.now().toISOString();
  const reports = await Promise.all(
    scanned.map(async ({ sku, tally: { reliedOn, ...tally } }): Promise<VerificationReport> => ({
      runId,
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      ...(sku.displayName ? { skuDisplayName: sku.displayName } : {}),
      groupId: group.id,
      groupDisplayName: group.displayName,
      processingState: group.licenseProcessingState,
      verifiedAt,
      ...tally,
      auditEvents,
      reliedOn: await nameReliedOn(ctx.graph, reliedOn),
    })),
  );
  const bySku = reports.map((r) => ({ skuId: r.skuId, summary: r.summary }));
  await ctx.runs.update(runId, (r) => {
    r.lastVerification = { at: verifiedAt, summary: reports[0].summary, ...(reports.length > 1 ? { bySku } : {}) };
    if (complete && r.status === 'prepared') r.status = 'verified';
  });
  if (!complete) ctx.log.warn({ runId, state: group.licenseProcessingState }, 'verification timed out before processing completed');
  return reports.length > 1 ? { ...reports[0], bySku: reports } : reports[0];
}
