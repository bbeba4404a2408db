import type { Activity } from 'botbuilder';
import type { BatchResult } from '../migration/engine';
import type { ProgressEvent, Run, VerificationReport } from '../migration/types';
import type { BotServices } from './services';
import type { ConversationRef } from './notifier';
import { undecidedBatches } from './cardVersions';
import * as replies from './replies';

/**
 * The long parts of a run, done in the background and reported proactively: the chat turn that
 * started them has long been answered. Every message goes through the Notifier.
 */
export class MigrationRunner {
  private readonly tasks = new Set<Promise<unknown>>();
  /** Latest full verification per run; the engine keeps only the summary. */
  private readonly reports = new Map<string, VerificationReport>();

  constructor(private readonly services: BotServices) {}

  /** Runs work after the current turn; failures are reported to the run's conversation. */
  background(runId: string, what: string, work: () => Promise<void>): void {
    const task = work().catch(async (err: unknown) => {
      this.services.logger.error({ runId, what, err: (err as Error).message }, 'background work failed');
      await this.say(runId, replies.cardActivity(replies.messageCard(`Could not ${what}`, (err as Error).message))).catch(() => undefined);
    });
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** Resolves when no background work and no proactive message is pending (tests wait on it). */
  async whenIdle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    await this.services.notifier.drain();
    if (this.tasks.size > 0) await this.whenIdle();
  }

  /** Remembers where this run's messages go; the run's own `conversation` field is the fallback. */
  async bindConversation(runId: string, conversation: ConversationRef): Promise<void> {
    await this.services.runMessages.update(runId, (r) => {
      r.conversation = conversation;
    });
  }

  async conversationOf(runId: string): Promise<ConversationRef | undefined> {
    const record = await this.services.runMessages.get(runId);
    if (record.conversation) return record.conversation;
    const run = await this.services.engine.getRun(runId);
    return (run?.conversation as ConversationRef | undefined) ?? undefined;
  }

  async say(runId: string, activity: Partial<Activity>): Promise<string | undefined> {
    const conversation = await this.conversationOf(runId);
    if (!conversation) return undefined;
    return this.services.notifier.post(conversation, activity);
  }

  rememberReport(runId: string, report: VerificationReport): void {
    this.reports.set(runId, report);
  }

  /** The latest verification of the run, verifying again when this process has none. */
  async latestReport(runId: string): Promise<VerificationReport> {
    const known = this.reports.get(runId);
    if (known) return known;
    const report = await this.services.engine.verify(runId, { timeoutMs: this.services.settings.verifyTimeoutMs });
    this.reports.set(runId, report);
    return report;
  }

  /** Prepare the group, wait for processing, verify, plan batches and ask for the first approval. */
  async prepareAndVerify(runId: string): Promise<void> {
    const { engine, notifier, settings } = this.services;
    const conversation = await this.conversationOf(runId);
    if (!conversation) throw new Error(`run ${runId} has no conversation to report to`);
    const started = Date.now();
    let view = { runId, state: null as string | null, elapsedMs: 0, membersAdded: 0, total: 0 };
    const processingId = await notifier.post(conversation, replies.cardActivity(replies.processingCard(view)));
    const refresh = (event: ProgressEvent) => {
      if (event.type === 'membersAdded') view = { ...view, membersAdded: event.added, total: event.total };
      else if (event.type === 'processing') view = { ...view, state: event.state, elapsedMs: event.elapsedMs };
      else return;
      view.elapsedMs = Math.max(view.elapsedMs, Date.now() - started);
      if (processingId) void notifier.update(conversation, processingId, replies.cardActivity(replies.processingCard(view))).catch(() => undefined);
    };
    await engine.prepare(runId, refresh);
    const report = await engine.verify(runId, { timeoutMs: settings.verifyTimeoutMs, onProgress: refresh });
    this.rememberReport(runId, report);
    if (processingId) {
      await notifier.update(conversation, processingId, replies.cardActivity(replies.processingCard({ ...view, state: report.processingState ?? 'ProcessingComplete', elapsedMs: Date.now() - started })));
    }
    await notifier.post(conversation, replies.cardActivity(replies.verificationCard(report)));
    if (report.summary.error + report.summary.planMismatch > 0) {
      await notifier.post(conversation, replies.cardActivity(replies.errorUsersCard(report, runId, 0)));
    }
    const run = await engine.planBatches(runId, { canarySize: settings.canaryBatchSize, maxBatchSize: settings.maxBatchSize });
    const pending = undecidedBatches(run);
    if (pending.length === 0) {
      await notifier.post(conversation, replies.textActivity('No user is ready for removal yet, so there is no batch to approve. Fix the users above and type `verify`.'));
      await this.showStatus(runId);
      return;
    }
    const sizes = pending.map((b) => b.userIds.length).join(', ');
    await notifier.post(conversation, replies.textActivity(`Batch plan: ${pending.length} batch(es) of ${sizes} users, canary first. Each batch needs ${run.requiredApprovals} approval(s)${settings.fourEyes ? ', and the requester cannot approve alone' : ''}.`));
    await this.showStatus(runId);
    await this.postApprovalCard(run, pending[0].id);
  }

  /** Posts the shared approval card of a batch and remembers its id for in-place edits. */
  async postApprovalCard(run: Run, batchId: string): Promise<void> {
    const batch = run.batches.find((b) => b.id === batchId);
    if (!batch) return;
    const id = await this.say(run.id, replies.cardActivity(replies.batchApprovalCard(run, batch)));
    if (id) await this.services.runMessages.update(run.id, (r) => { r.approvalActivityIds[batchId] = id; });
  }

  /** Edits the shared approval card of a batch for everyone in the conversation. */
  async refreshApprovalCard(runId: string, batchId: string, notice?: string): Promise<void> {
    const run = await this.services.engine.getRun(runId);
    const batch = run?.batches.find((b) => b.id === batchId);
    const record = await this.services.runMessages.get(runId);
    const activityId = record.approvalActivityIds[batchId];
    const conversation = record.conversation ?? (run?.conversation as ConversationRef | undefined);
    if (!run || !batch || !activityId || !conversation) return;
    await this.services.notifier.update(conversation, activityId, replies.cardActivity(replies.batchApprovalCard(run, batch, notice)));
  }

  /** Posts the run's status card once, then edits it in place. */
  async showStatus(runId: string, opts: { repost?: boolean } = {}): Promise<void> {
    const run = await this.services.engine.getRun(runId);
    if (!run) return;
    const record = await this.services.runMessages.get(runId);
    const conversation = record.conversation ?? (run.conversation as ConversationRef | undefined);
    if (!conversation) return;
    const activity = replies.cardActivity(replies.runStatusCard(run, { fourEyes: this.services.settings.fourEyes }));
    if (record.statusActivityId && !opts.repost) {
      await this.services.notifier.update(conversation, record.statusActivityId, activity);
      return;
    }
    const id = await this.services.notifier.post(conversation, activity);
    if (id) await this.services.runMessages.update(runId, (r) => { r.statusActivityId = id; });
  }

  /** Executes an approved batch, then reports and asks for the next approval (or reports completion). */
  async executeBatch(runId: string, batchId: string): Promise<void> {
    const { engine } = this.services;
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'batchProgress') void this.showStatus(runId).catch(() => undefined);
    };
    const result = await engine.executeBatch(runId, batchId, onProgress);
    await this.executeBatchReported(result);
  }

  /** Reports a finished batch (also one resumed after a restart) and moves the run on. */
  async executeBatchReported(result: BatchResult): Promise<void> {
    const { runId, batchId } = result;
    await this.refreshApprovalCard(runId, batchId);
    const run = await this.services.engine.getRun(runId);
    if (!run) return;
    await this.say(runId, replies.cardActivity(replies.batchResultCard(run, result)));
    await this.showStatus(runId);
    if (result.pausedReason || run.status === 'paused') {
      await this.say(runId, replies.textActivity(`The run is paused: ${result.pausedReason ?? run.pausedReason ?? 'see the batch result'}. Type \`resume\` when it is safe to continue.`));
      return;
    }
    await this.continueRun(run);
  }

  /** After a batch or a resume: the next approval card, or the final report. */
  async continueRun(run: Run, opts: { repostApproval?: boolean } = {}): Promise<void> {
    const next = undecidedBatches(run)[0];
    if (next) {
      const record = await this.services.runMessages.get(run.id);
      if (!record.approvalActivityIds[next.id] || opts.repostApproval) await this.postApprovalCard(run, next.id);
      return;
    }
    if (run.batches.some((b) => b.status === 'approved' || b.status === 'running')) return;
    const report = await this.services.engine.report(run.id);
    await this.say(run.id, replies.cardActivity(replies.finalReportCard(report)));
  }
}
