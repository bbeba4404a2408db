import { runLabel } from '../migration/runName';
import { localizer, type Locale, type Localizer } from '../i18n';
import type { Activity } from 'botbuilder';
import type { BatchResult } from '../migration/engine';
import type { Batch, ProgressEvent, Run, VerificationReport } from '../migration/types';
import type { UnitShortage } from '../migration/unitShortage';
import type { AdaptiveCard } from '../cards/types';
import type { BotServices } from './services';
import type { ConversationRef } from './notifier';
import { undecidedBatches } from './cardVersions';
import * as replies from './replies';
import { md } from '../cards/format';
import { errorMessage } from '../common/errorMessage';
import { buildMessageCard } from '../cards/message';
import { buildProcessingCard } from '../cards/processing';
import { buildVerificationCards, problemCount } from '../cards/verification';
import { buildFinalReportCard } from '../cards/finalReport';
import { isCommitted, productReports, usersHandled } from '../migration/types';
import { failureText } from './failureText';
import { DriftWatch } from './driftWatch';
import { pauseReasonText } from '../cards/pauseText';

/**
 * The long parts of a run, done in the background and reported proactively: the chat turn that
 * started them has long been answered. Every message goes through the Notifier.
 */
export class MigrationRunner {
  private readonly tasks = new Set<Promise<unknown>>();
  /** Latest verification per run (counts and bounded samples); the engine keeps only the summary. */
  private readonly reports = new Map<string, VerificationReport>();
  /** Live progress of the running batch, for the status card's bar. */
  private readonly progress = new Map<string, { done: number; total: number }>();
  /** Batches this process is executing, so a double trigger never reaches the engine twice. */
  private readonly executing = new Set<string>();
  /** Runs whose preparation this process holds. */
  private readonly preparing = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  /** Status refreshes in flight per run, and whether another was asked for meanwhile. */
  private readonly statusRefresh = new Map<string, { again: boolean; done: Promise<void> }>();

  /** The drift watch of completed runs (scheduled from the composition root, on demand with `drift`). */
  readonly drift: DriftWatch;

  constructor(private readonly services: BotServices) {
    this.drift = new DriftWatch(services, this);
  }

  /** Runs work after the current turn; failures are reported to the run's conversation. */
  background(runId: string, what: string, work: () => Promise<void>, opts: { quiet?: (err: unknown) => boolean } = {}): void {
    const task = work().catch(async (err: unknown) => {
      const code = (err as { code?: string }).code;
      if (code === 'handedBack' || code === 'alreadyExecuted') {
        // Another instance continues it (or this one is stopping and the next will): nothing is wrong.
        this.services.logger.info({ runId, what, code }, 'work left to another instance');
        return;
      }
      if (opts.quiet?.(err)) return;
      const l = await this.localizerOf(runId);
      await this.say(
        runId,
        replies.cardActivity(
          buildMessageCard({
            title: l.f(l.m.runner.couldNot, { what: l.m.runner.work[what as keyof typeof l.m.runner.work] ?? what }),
            text: failureText(err, this.services.logger, { runId, what }, l),
            style: 'attention',
          }),
        ),
      ).catch(() => undefined);
    });
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** Resolves when no background work and no proactive message is pending (tests wait on it). */
  async whenIdle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
      await Promise.allSettled([...this.statusRefresh.values()].map((s) => s.done));
      await this.services.notifier.drain();
      if (this.tasks.size === 0 && this.statusRefresh.size === 0) return;
    }
  }

  /** Remembers where this run's messages go; the run's own `conversation` field is the fallback. */
  async bindConversation(runId: string, conversation: ConversationRef, locale?: Locale): Promise<void> {
    await this.services.runMessages.update(runId, (r) => {
      r.conversation = conversation;
      if (locale) r.locale = locale;
    });
  }

  /** Remembers the language of the person who acted on the run last; its proactive messages follow it. */
  async noteLocale(runId: string, locale: Locale): Promise<void> {
    const record = await this.services.runMessages.get(runId);
    if (record.locale === locale || (!record.locale && locale === 'en')) return;
    await this.services.runMessages.update(runId, (r) => {
      r.locale = locale;
    });
  }

  /** The language the run's proactive messages are in. */
  async localizerOf(runId: string): Promise<Localizer> {
    return localizer((await this.services.runMessages.get(runId)).locale ?? 'en');
  }

  async conversationOf(runId: string, run?: Run | null): Promise<ConversationRef | undefined> {
    const record = await this.services.runMessages.get(runId);
    if (record.conversation) return record.conversation;
    const known = run ?? (await this.services.engine.getRun(runId));
    return (known?.conversation as ConversationRef | undefined) ?? undefined;
  }

  async say(runId: string, activity: Partial<Activity>): Promise<string | undefined> {
    const conversation = await this.conversationOf(runId);
    if (!conversation) return undefined;
    return this.services.notifier.post(conversation, activity);
  }

  rememberReport(runId: string, report: VerificationReport): void {
    this.reports.set(runId, report);
    this.shortages.delete(runId);
  }

  /**
   * The CountViolation pictures per run (one per product short of units), worked out once per remembered verification
   * (they stream the run's scope).
   */
  private readonly shortages = new Map<string, Promise<UnitShortage[]>>();

  /** One page of the error card of the run's latest verification (every product's users), with its CountViolation groups. */
  async errorCard(runId: string, page: number): Promise<AdaptiveCard> {
    const report = await this.latestReport(runId);
    let shortages = this.shortages.get(runId);
    if (!shortages) {
      const pending: Promise<UnitShortage[]> = this.unitShortages(runId, report).then(({ found, failed }) => {
        // The next card asks again for what could not be worked out (unless a newer verification came meanwhile).
        if (failed && this.shortages.get(runId) === pending) this.shortages.delete(runId);
        return found;
      });
      shortages = pending;
      this.shortages.set(runId, pending);
    }
    return replies.buildErrorUsersCardFor(report, runId, page, await shortages, await this.localizerOf(runId));
  }

  /** A CountViolation group per product of the report with users waiting for a unit, in the run's order of products. */
  private async unitShortages(runId: string, report: VerificationReport): Promise<{ found: UnitShortage[]; failed: boolean }> {
    let failed = false;
    const found = await Promise.all(
      productReports(report).map((r) =>
        this.services.engine.unitShortage(runId, r).catch((err: unknown) => {
          // The card is still worth showing without the group.
          this.services.logger.warn({ runId, skuId: r.skuId, err: errorMessage(err) }, 'could not work out the unit shortage');
          failed = true;
          return null;
        }),
      ),
    );
    return { found: found.filter((s): s is UnitShortage => s !== null), failed };
  }

  /** The latest verification of the run, verifying again when this process has none. */
  async latestReport(runId: string): Promise<VerificationReport> {
    const known = this.reports.get(runId);
    if (known) return known;
    const report = await this.services.engine.verify(runId, { timeoutMs: this.services.settings.verifyTimeoutMs });
    this.reports.set(runId, report);
    return report;
  }

  /** The approval card of a batch, naming sample users by their sign-in names. */
  async approvalCard(run: Run, batch: Batch, notice?: string) {
    const sample = batch.sample;
    const report = this.reports.get(run.id);
    // The verification keeps the first ready users by name, who are the canary batch; later batches ask Graph.
    const known = new Map(
      Object.values(report?.samples ?? {})
        .flat()
        .map((u) => [u.userId, u.userPrincipalName]),
    );
    const missing = sample.filter((id) => !known.has(id));
    if (missing.length > 0) {
      // Later batches, or any after a restart (the verification is gone from memory): ten users are one $batch away.
      try {
        for (const item of await this.services.graph.getUsers(missing)) if (item.ok) known.set(item.id, item.value.userPrincipalName);
      } catch (err) {
        this.services.logger.warn({ runId: run.id, err: errorMessage(err) }, 'could not name sample users');
      }
    }
    return replies.buildBatchApprovalCardFor(
      run,
      batch,
      { notice, sampleUsers: sample.map((id) => known.get(id) ?? id) },
      await this.localizerOf(run.id),
    );
  }

  /**
   * Prepare the group, wait for processing, verify, plan batches and ask for the first approval, under the run's
   * preparation lease. `takeOver` continues a preparation whose process stopped (the holder the sweep saw).
   */
  async prepareAndVerify(runId: string, takeOver?: string): Promise<void> {
    const { engine, notifier, settings } = this.services;
    const conversation = await this.conversationOf(runId);
    if (!conversation) throw new Error(`run ${runId} has no conversation to report to`);
    if (this.preparing.has(runId)) return;
    this.preparing.add(runId);
    try {
      const started = Date.now();
      const l = await this.localizerOf(runId);
      const named = await engine.getRun(runId);
      let view = {
        runId,
        runName: named ? runLabel(named) : undefined,
        state: null as string | null,
        elapsedMs: 0,
        membersAdded: 0,
        total: 0,
      };
      let processingId: string | undefined;
      const refresh = (event: ProgressEvent) => {
        if (event.type === 'phase' && event.phase === 'verify') void this.showStatus(runId).catch(() => undefined);
        if (event.type === 'membersAdded') view = { ...view, membersAdded: event.added, total: event.total };
        else if (event.type === 'processing') view = { ...view, state: event.state };
        else return;
        view.elapsedMs = Date.now() - started;
        // Edits are coalesced by the notifier, so a burst of events costs one message edit.
        if (processingId)
          void notifier.update(conversation, processingId, replies.cardActivity(buildProcessingCard(view, l))).catch(() => undefined);
      };
      await engine.prepareAndPlan(runId, {
        takeOver,
        // Said only once this process holds the preparation: a loser of a race posts nothing.
        onClaimed: async (resumed) => {
          if (resumed) await this.say(runId, replies.textActivity(l.m.runner.preparationResumed));
          processingId = await notifier.post(conversation, replies.cardActivity(buildProcessingCard(view, l)));
        },
        onProgress: refresh,
        verifyTimeoutMs: settings.verifyTimeoutMs,
        policy: { canarySize: settings.canaryBatchSize, maxBatchSize: settings.maxBatchSize },
        // Runs under the preparation lease: a process that stops while posting these has them posted again.
        onPlanned: async (run, report) => {
          this.rememberReport(runId, report);
          if (processingId) {
            const state = report.processingState ?? 'ProcessingComplete';
            const done = buildProcessingCard({ ...view, state, elapsedMs: Date.now() - started }, l);
            await notifier.update(conversation, processingId, replies.cardActivity(done));
          }
          for (const card of buildVerificationCards({ report }, l)) await notifier.post(conversation, replies.cardActivity(card));
          if (problemCount(report) > 0) {
            await notifier.post(conversation, replies.cardActivity(await this.errorCard(runId, 0)));
          }
          await this.announcePlan(run);
        },
      });
    } finally {
      this.preparing.delete(runId);
    }
  }

  /** The batch plan message, the status card and the first approval card. */
  async announcePlan(run: Run): Promise<void> {
    const pending = undecidedBatches(run);
    const l = await this.localizerOf(run.id);
    await this.showStatus(run.id);
    if (pending.length === 0) {
      await this.say(run.id, replies.textActivity(l.m.runner.noBatch));
      return;
    }
    const sizes = pending.map((b) => l.n(b.size)).join(', ');
    const rules = l.p(this.services.settings.fourEyes ? l.m.runner.rulesFourEyes : l.m.runner.rulesNoFourEyes, run.requiredApprovals);
    await this.say(run.id, replies.textActivity(l.p(l.m.runner.batchPlan, pending.length, { sizes, rules })));
    await this.postApprovalCard(run, pending[0].id);
  }

  /** Posts the shared approval card of a batch and remembers its id for in-place edits. */
  async postApprovalCard(run: Run, batchId: string): Promise<void> {
    const batch = run.batches.find((b) => b.id === batchId);
    if (!batch) return;
    const id = await this.say(run.id, replies.cardActivity(await this.approvalCard(run, batch)));
    if (id)
      await this.services.runMessages.update(run.id, (r) => {
        r.approvalActivityIds[batchId] = id;
      });
  }

  /** Edits the shared approval card of a batch for everyone in the conversation. */
  async refreshApprovalCard(runId: string, batchId: string, notice?: string): Promise<void> {
    const run = await this.services.engine.getRun(runId);
    const batch = run?.batches.find((b) => b.id === batchId);
    const record = await this.services.runMessages.get(runId);
    const activityId = record.approvalActivityIds[batchId];
    const conversation = record.conversation ?? (run?.conversation as ConversationRef | undefined);
    if (!run || !batch || !activityId || !conversation) return;
    await this.services.notifier.update(conversation, activityId, replies.cardActivity(await this.approvalCard(run, batch, notice)));
  }

  /**
   * Posts the run's one status card, then edits it in place. Calls while an edit is in flight
   * collapse into one more edit with the newest state.
   */
  showStatus(runId: string, opts: { note?: string } = {}): Promise<void> {
    const current = this.statusRefresh.get(runId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await this.renderStatus(runId, opts.note);
        } while (entry.again);
      } finally {
        this.statusRefresh.delete(runId);
      }
    })();
    this.statusRefresh.set(runId, entry);
    return entry.done;
  }

  private async renderStatus(runId: string, note?: string): Promise<void> {
    const run = await this.services.engine.getRun(runId);
    if (!run) return;
    const record = await this.services.runMessages.get(runId);
    const conversation = record.conversation ?? (run.conversation as ConversationRef | undefined);
    if (!conversation) return;
    const activity = replies.cardActivity(
      replies.buildRunStatusCardFor(
        run,
        { fourEyes: this.services.settings.fourEyes, progress: this.progressOf(run), note },
        localizer(record.locale ?? 'en'),
      ),
    );
    if (record.statusActivityId) {
      await this.services.notifier.update(conversation, record.statusActivityId, activity);
      return;
    }
    const id = await this.services.notifier.post(conversation, activity);
    if (id)
      await this.services.runMessages.update(runId, (r) => {
        r.statusActivityId = id;
      });
  }

  /** Users handled over users planned, counting the live batch as it runs. */
  progressOf(run: Run): { done: number; total: number } | undefined {
    const live = this.progress.get(run.id);
    if (!live) return undefined;
    const total = run.batches.reduce((sum, b) => sum + b.size, 0);
    const before = usersHandled(run);
    return { done: Math.min(total, before + live.done), total };
  }

  /** Executes an approved batch, then reports and asks for the next approval (or reports completion). */
  async executeBatch(runId: string, batchId: string): Promise<void> {
    await this.runBatch(runId, batchId, (onProgress) => this.services.engine.executeBatch(runId, batchId, onProgress));
  }

  /** Takes over a batch a stopped process left running, tells the channel, and carries on like any batch. */
  async resumeBatch(runId: string, batchId: string, seenKey: string | undefined): Promise<void> {
    await this.runBatch(runId, batchId, (onProgress) => this.services.engine.resumeBatch(runId, batchId, seenKey, onProgress));
  }

  private async runBatch(
    runId: string,
    batchId: string,
    start: (onProgress: (event: ProgressEvent) => void) => Promise<BatchResult>,
  ): Promise<void> {
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'batchResumed') {
        void this.announceResume(runId, batchId, event.done, event.total).catch(() => undefined);
        return;
      }
      if (event.type !== 'batchProgress') return;
      this.progress.set(runId, { done: event.done, total: event.total });
      void this.showStatus(runId).catch(() => undefined);
    };
    const key = `${runId}/${batchId}`;
    if (this.executing.has(key)) return;
    this.executing.add(key);
    let result: BatchResult;
    try {
      result = await start(onProgress);
    } catch (err) {
      // Two approvals landing together, another bot instance, or this one stopping: the engine runs a batch once.
      const code = (err as { code?: string }).code;
      if (code === 'alreadyExecuted' || code === 'handedBack') {
        this.services.logger.info({ runId, batchId, code }, 'batch continues elsewhere');
        return;
      }
      throw err;
    } finally {
      this.progress.delete(runId);
      this.executing.delete(key);
    }
    await this.executeBatchReported(result);
  }

  private async announceResume(runId: string, batchId: string, done: number, total: number): Promise<void> {
    const run = await this.services.engine.getRun(runId);
    const batch = run?.batches.find((b) => b.id === batchId);
    if (!run || !batch) return;
    const l = await this.localizerOf(runId);
    const name =
      batch.index === 0 ? l.m.runner.canaryBatch : l.f(l.m.runner.batchOf, { number: batch.index + 1, total: run.batches.length });
    await this.say(runId, replies.textActivity(l.p(l.m.runner.batchResumed, total, { name, done })));
  }

  /**
   * Looks for work no live process holds (every instance does, every `intervalMs`) and continues it here: batches
   * and preparations whose lease ran out or was handed back, and approved batches nobody started. Taking work
   * over is a compare-and-swap in the engine, so two instances sweeping together never both run it.
   */
  startSweeping(intervalMs: number): void {
    if (this.sweepTimer) return;
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), intervalMs);
    this.sweepTimer.unref();
  }

  stopSweeping(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  /** Work the sweep started that failed: tried again later and later, and the channel told once, not every sweep. */
  private readonly sweepFailures = new Map<string, { count: number; until: number }>();

  private sweepTask(key: string, runId: string, what: string, work: () => Promise<void>): void {
    this.background(
      runId,
      what,
      async () => {
        await work();
        this.sweepFailures.delete(key);
      },
      {
        quiet: (err) => {
          const count = (this.sweepFailures.get(key)?.count ?? 0) + 1;
          const waitMs = Math.min(10 * 60_000, (this.services.settings.sweepIntervalMs ?? 10_000) * 2 ** count);
          this.sweepFailures.set(key, { count, until: Date.now() + waitMs });
          if (count === 1) return false;
          this.services.logger.warn(
            { runId, what, attempt: count, err: errorMessage(err) },
            'interrupted work failed again; retrying later',
          );
          return true;
        },
      },
    );
  }

  /** One sweep; a sweep still going when the next is due is not doubled. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const now = Date.now();
        for (const work of await this.services.engine.interruptedWork()) {
          const key = work.kind === 'preparation' ? work.runId : `${work.runId}/${work.batchId}`;
          if ((this.sweepFailures.get(key)?.until ?? 0) > now) continue;
          if (work.kind === 'preparation') {
            if (this.preparing.has(work.runId)) continue;
            this.sweepTask(key, work.runId, 'prepare the group', () => this.prepareAndVerify(work.runId, work.owner));
            continue;
          }
          if (this.executing.has(key)) continue;
          if (work.kind === 'batch') {
            this.sweepTask(key, work.runId, 'continue the batch', () => this.resumeBatch(work.runId, work.batchId, work.executionKey));
          } else {
            this.sweepTask(key, work.runId, 'run the approved batch', () =>
              this.runBatch(work.runId, work.batchId, (onProgress) =>
                this.services.engine.startApprovedBatch(work.runId, work.batchId, onProgress),
              ),
            );
          }
        }
      } catch (err) {
        this.services.logger.warn({ err: errorMessage(err) }, 'sweep for interrupted work failed; trying again at the next one');
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  /** Reports a finished batch (also one resumed after a restart) and moves the run on. */
  async executeBatchReported(result: BatchResult): Promise<void> {
    const { runId, batchId } = result;
    await this.refreshApprovalCard(runId, batchId);
    const run = await this.services.engine.getRun(runId);
    if (!run) return;
    const l = await this.localizerOf(runId);
    await this.say(runId, replies.cardActivity(replies.buildBatchResultCardFor(result, run, l)));
    await this.showStatus(runId);
    if (result.pausedReason || run.status === 'paused') {
      // In the reader's language when the run recorded why it paused.
      const reason = (run.status === 'paused' ? pauseReasonText(run, l) : undefined) ?? result.pausedReason ?? run.pausedReason;
      await this.say(
        runId,
        replies.cardActivity(
          buildMessageCard({
            title: l.m.runner.pausedTitle,
            text: l.f(l.m.runner.pausedText, { reason: reason ? md(reason, 400) : l.m.runner.seeBatchResult }),
            style: 'warning',
          }),
        ),
      );
      return;
    }
    await this.continueRun(run);
  }

  /**
   * After a resume: a batch approved before the pause runs now; a rejected batch's users are
   * planned again (fresh classification) and the next approval card is posted.
   */
  async afterResume(runId: string): Promise<void> {
    const { engine, settings } = this.services;
    let run = await engine.getRun(runId);
    if (!run) return;
    await this.showStatus(runId);
    const approved = run.batches.filter((b) => b.status === 'approved').sort((a, b) => a.index - b.index)[0];
    if (approved) {
      await this.executeBatch(runId, approved.id);
      return;
    }
    if (run.batches.some((b) => b.status === 'rejected') || undecidedBatches(run).length === 0) {
      run = await engine.planBatches(runId, { canarySize: settings.canaryBatchSize, maxBatchSize: settings.maxBatchSize });
    }
    await this.continueRun(run, { repostApproval: true });
  }

  /** After a batch or a resume: the next approval card, or the final report. */
  async continueRun(run: Run, opts: { repostApproval?: boolean } = {}): Promise<void> {
    if (run.status === 'paused' || run.status === 'cancelled') return;
    const next = undecidedBatches(run)[0];
    if (next) {
      const record = await this.services.runMessages.get(run.id);
      if (!record.approvalActivityIds[next.id] || opts.repostApproval) await this.postApprovalCard(run, next.id);
      return;
    }
    if (run.batches.some(isCommitted)) return;
    const report = await this.services.engine.report(run.id);
    await this.say(run.id, replies.cardActivity(buildFinalReportCard({ report: report }, await this.localizerOf(run.id))));
  }
}
