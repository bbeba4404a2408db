import { randomUUID } from 'node:crypto';
import { TurnContext, type AdaptiveCardInvokeResponse } from 'botbuilder';
import type { CardActionOf, CardActionPayload, CardVerb } from '../cards/actions';
import type { Run, VerificationReport } from '../migration/types';
import { actorOf, refusalText, type Actor, type ProtectedAction } from './authorization';
import type { Localizer } from '../i18n';
import { turnLocalizer } from './turnLocale';
import { batchCardVersion, runCardVersion, runControlVersion } from './cardVersions';
import { cardResponse, messageResponse } from './invokeResponses';
import type { MigrationRunner } from './migrationRunner';
import type { BotServices } from './services';
import * as replies from './replies';
import { md } from '../cards/format';
import { isOpen, productReports } from '../migration/types';
import { controlRefusalText } from './controlRefusalText';
import { buildMessageCard } from '../cards/message';
import { buildLicensePlanCard } from '../cards/licensePlan';
import { pauseReasonText } from '../cards/pauseText';
import { failureText } from './failureText';
import { applyReprocess, mergeReprocessResults, type ReprocessResult } from '../migration/reprocess';
import { runLabel } from '../migration/runName';
import { followUpRequest, watchedRuns } from '../migration/drift';
import { MigrationError } from '../migration/errors';
import { runProductNames } from '../migration/runLicenses';

type Handler<V extends CardVerb> = (ctx: ActionContext, action: CardActionOf<V>) => Promise<AdaptiveCardInvokeResponse>;

interface ActionContext {
  turn: TurnContext;
  actor: Actor;
  /** The clicker's language. */
  l: Localizer;
}

/**
 * Card actions (Action.Execute), one handler per verb. Every handler re-reads the run from the
 * store and authorises the clicker from the activity; the payload only names what was clicked.
 * Answers are quick: long work (a batch) continues in the background.
 */
export class CardActionHandlers {
  private readonly handlers: { [V in Exclude<CardVerb, 'migrate.sku' | 'migrate.group'>]: Handler<V> };

  constructor(
    private readonly services: BotServices,
    private readonly runner: MigrationRunner,
    /** Makes a run started from a card the conversation's run, as the guided start does. */
    private readonly onRunCreated: (turn: TurnContext, run: Run) => Promise<void> = async () => undefined,
  ) {
    this.handlers = {
      'batch.approve': (c, a) => this.decide(c, a, 'approve'),
      'batch.reject': (c, a) => this.decide(c, a, 'reject'),
      'migrate.confirm': (c, a) => this.confirm(c, a),
      'run.pause': (c, a) => this.pause(c, a),
      'run.resume': (c, a) => this.resume(c, a),
      'run.cancel': (c, a) => this.cancel(c, a),
      'run.rollback': (c, a) => this.rollback(c, a),
      'errors.page': (c, a) => this.errorsPage(c, a),
      'errors.reprocess': (c, a) => this.reprocess(c, a),
      'drift.followUp': (c, a) => this.followUp(c, a),
      'plan.migrate': (c, a) => this.profileRun(c, a),
      'plan.show': (c, a) => this.showPlan(c, a),
    };
  }

  handles(verb: string): boolean {
    return verb in this.handlers;
  }

  async handle(turn: TurnContext, action: CardActionPayload): Promise<AdaptiveCardInvokeResponse> {
    const handler = this.handlers[action.verb as keyof typeof this.handlers] as Handler<CardVerb> | undefined;
    const l = turnLocalizer(turn);
    if (!handler) return messageResponse(l.f(l.m.actions.notHandled, { verb: action.verb }));
    const ctx: ActionContext = { turn, actor: actorOf(turn.activity), l };
    // Whoever clicks last sets the language of the run's next proactive messages.
    if ('runId' in action && typeof action.runId === 'string' && (await this.services.engine.getRun(action.runId)))
      await this.runner.noteLocale(action.runId, turnLocalizer(turn).locale);
    try {
      return await handler(ctx, action as never);
    } catch (err) {
      return messageResponse(
        l.f(l.m.actions.failed, { verb: action.verb, failure: failureText(err, this.services.logger, { verb: action.verb }, l) }),
      );
    }
  }

  /** Loads the run and authorises; a refusal is journaled and answered with its reason. */
  private async guard(
    ctx: ActionContext,
    what: string,
    runId: string,
    action: (run: Run) => ProtectedAction,
    batchId?: string,
  ): Promise<{ ok: true; run: Run } | { ok: false; response: AdaptiveCardInvokeResponse }> {
    const tenant = this.services.authorizer.checkTenant(ctx.actor);
    if (!tenant.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, what, tenant, runId, batchId);
      return { ok: false, response: messageResponse(refusalText(ctx.l, tenant)) };
    }
    const run = await this.services.engine.getRun(runId);
    if (!run) return { ok: false, response: messageResponse(ctx.l.f(ctx.l.m.actions.noRun, { run: md(runId, 128) })) };
    const decision = await this.services.authorizer.authorize(ctx.actor, action(run));
    if (!decision.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, what, decision, run.id, batchId);
      return { ok: false, response: messageResponse(ctx.l.f(ctx.l.m.actions.nothingChanged, { reason: refusalText(ctx.l, decision) })) };
    }
    return { ok: true, run };
  }

  private async decide(
    ctx: ActionContext,
    a: CardActionOf<'batch.approve' | 'batch.reject'>,
    decision: 'approve' | 'reject',
  ): Promise<AdaptiveCardInvokeResponse> {
    const { l } = ctx;
    const t = l.m.actions;
    const tenant = this.services.authorizer.checkTenant(ctx.actor);
    if (!tenant.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, tenant, a.runId, a.batchId);
      return messageResponse(l.f(t.nothingChanged, { reason: refusalText(l, tenant) }));
    }
    const run = await this.services.engine.getRun(a.runId);
    if (!run) return messageResponse(l.f(t.noRun, { run: md(a.runId, 128) }));
    const batch = run.batches.find((b) => b.id === a.batchId);
    if (!batch) return messageResponse(l.f(t.noBatchReplanned, { run: md(runLabel(run), 200), batch: md(a.batchId, 60) }));
    // A decided or outdated card changes nothing for anyone, so it is answered before the approver check.
    if (!isOpen(batch)) {
      return cardResponse(
        await this.runner.approvalCard(run, batch, l.f(t.alreadyDecided, { status: l.m.status.batch[batch.status] ?? batch.status })),
      );
    }
    if (a.cardVersion !== batchCardVersion(batch)) {
      return cardResponse(await this.runner.approvalCard(run, batch, t.staleApproval));
    }
    const allowed = await this.services.authorizer.authorize(ctx.actor, { kind: decision, run, batch });
    if (!allowed.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, allowed, run.id, batch.id);
      return messageResponse(l.f(t.nothingChanged, { reason: refusalText(l, allowed) }));
    }
    if (decision === 'approve' && run.status !== 'verified' && run.status !== 'removing') {
      const reason = pauseReasonText(run, l);
      return cardResponse(
        await this.runner.approvalCard(
          run,
          batch,
          reason
            ? l.f(t.notRunningBecause, { status: l.m.status.run[run.status], reason: md(reason, 300) })
            : l.f(t.notRunning, { status: l.m.status.run[run.status] }),
        ),
      );
    }
    const updated = await this.services.engine.decideBatch(run.id, batch.id, {
      approverId: ctx.actor.aadObjectId,
      approverName: ctx.actor.name,
      tenantId: ctx.actor.tenantId,
      at: new Date().toISOString(),
      decision,
      reason: decision === 'reject' ? `rejected by ${ctx.actor.name ?? ctx.actor.aadObjectId}` : undefined,
      ...(a.verb === 'batch.approve' && a.acceptGain === 'true' ? { acceptGain: true } : {}),
    });
    const fresh = updated.batches.find((b) => b.id === batch.id) ?? batch;
    let notice: string;
    if (decision === 'reject') {
      notice = l.f(t.rejectedNotice, { who: ctx.actor.name ? md(ctx.actor.name, 100) : t.anApprover });
      this.runner.background(run.id, 'report the rejection', async () => {
        await this.runner.refreshApprovalCard(run.id, batch.id, notice);
        await this.runner.say(
          run.id,
          replies.textActivity(
            l.f(t.rejectedSay, { number: batch.index + 1, who: ctx.actor.name ? md(ctx.actor.name, 100) : t.anApprover }),
          ),
        );
        await this.runner.showStatus(run.id);
      });
    } else if (fresh.status === 'approved') {
      notice = l.f(t.approvedNotice, {
        names: md(
          fresh.approvals
            .filter((x) => x.decision === 'approve')
            .map((x) => x.approverName ?? x.approverId)
            .join(', '),
          300,
        ),
      });
      this.runner.background(run.id, `run batch ${batch.index + 1}`, async () => {
        await this.runner.refreshApprovalCard(run.id, batch.id, notice);
        await this.runner.executeBatch(run.id, batch.id);
      });
    } else {
      const have = fresh.approvals.filter((x) => x.decision === 'approve').length;
      notice = l.f(this.services.settings.fourEyes ? t.approvalRecordedFourEyes : t.approvalRecorded, {
        count: have,
        required: updated.requiredApprovals,
      });
      this.runner.background(run.id, 'update the approval card', () => this.runner.refreshApprovalCard(run.id, batch.id, notice));
    }
    return cardResponse(await this.runner.approvalCard(updated, fresh, notice));
  }

  private async confirm(ctx: ActionContext, a: CardActionOf<'migrate.confirm'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const t = l.m.actions;
    if (run.status !== 'created') {
      return cardResponse(
        buildMessageCard({
          title: t.alreadyConfirmedTitle,
          text: l.f(t.alreadyConfirmed, { run: md(runLabel(run), 200), status: l.m.status.run[run.status] }),
        }),
      );
    }
    if (a.cardVersion !== runCardVersion(run)) {
      const findings = await this.services.engine.preflight(run.id);
      const fresh = (await this.services.engine.getRun(run.id)) ?? run;
      return cardResponse(replies.withNotice(replies.buildPreflightCardFor(fresh, findings, l), t.staleCard));
    }
    // Checks again: the tenant may have changed since the card was posted.
    const findings = await this.services.engine.preflight(run.id);
    const blockers = findings.filter((f) => f.severity === 'blocker');
    if (blockers.length > 0) {
      const fresh = (await this.services.engine.getRun(run.id)) ?? run;
      return cardResponse(
        replies.withNotice(replies.buildPreflightCardFor(fresh, findings, l), l.p(t.blockers, blockers.length), 'attention'),
      );
    }
    this.runner.background(run.id, 'prepare the group', () => this.runner.prepareAndVerify(run.id));
    return cardResponse(
      buildMessageCard({
        title: t.confirmedTitle,
        text: l.f(t.confirmed, {
          who: ctx.actor.name ? md(ctx.actor.name, 100) : t.anApprover,
          group: run.groupDisplayName ? md(run.groupDisplayName, 120) : t.theGroup,
          sku: md(runProductNames(run), 120),
        }),
      }),
    );
  }

  private async pause(ctx: ActionContext, a: CardActionOf<'run.pause'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const refusal = controlRefusalText(l, run, 'pause');
    if (refusal) return this.unchanged(run, l.f(l.m.actions.clickChangedNothing, { refusal }), l);
    if (a.cardVersion !== runControlVersion(run)) return this.unchanged(run, l.m.actions.staleRunCard.pause, l);
    // No reason: the run records who paused it, as data, so every reader sees it in their language.
    const paused = await this.services.engine.pause(run.id, '', ctx.actor.aadObjectId, ctx.actor.name);
    this.runner.background(run.id, 'announce the pause', async () => {
      await this.runner.say(
        run.id,
        replies.textActivity(l.f(l.m.actions.pausedSay, { who: ctx.actor.name ? md(ctx.actor.name, 100) : l.m.actions.AnApprover })),
      );
      await this.runner.showStatus(run.id);
    });
    return cardResponse(replies.buildRunStatusCardFor(paused, { fourEyes: this.services.settings.fourEyes }, l));
  }

  private async resume(ctx: ActionContext, a: CardActionOf<'run.resume'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const refusal = controlRefusalText(l, run, 'resume');
    if (refusal) return this.unchanged(run, l.f(l.m.actions.clickChangedNothing, { refusal }), l);
    if (a.cardVersion !== runControlVersion(run)) return this.unchanged(run, l.m.actions.staleRunCard.resume, l);
    const resumed = await this.services.engine.resume(run.id, ctx.actor.aadObjectId);
    this.runner.background(run.id, 'continue the run', () => this.runner.afterResume(run.id));
    return cardResponse(replies.buildRunStatusCardFor(resumed, { fourEyes: this.services.settings.fourEyes }, l));
  }

  /** The current status card with why a click did nothing, so the clicker can decide again. */
  private unchanged(run: Run, notice: string, l: Localizer): AdaptiveCardInvokeResponse {
    return cardResponse(replies.withNotice(replies.buildRunStatusCardFor(run, { fourEyes: this.services.settings.fourEyes }, l), notice));
  }

  private async cancel(ctx: ActionContext, a: CardActionOf<'run.cancel'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const t = l.m.actions;
    const refusal = controlRefusalText(l, run, 'cancel');
    if (refusal) return cardResponse(buildMessageCard({ title: t.nothingToCancel, text: l.f(t.clickChangedNothing, { refusal }) }));
    if (a.cardVersion !== runControlVersion(run) && run.status !== 'created') {
      return this.unchanged(run, t.staleRunCard.cancel, l);
    }
    await this.services.engine.cancel(run.id, ctx.actor.aadObjectId);
    this.runner.background(run.id, 'announce the cancellation', () => this.runner.showStatus(run.id));
    return cardResponse(
      buildMessageCard({
        title: t.cancelledTitle,
        text: l.f(t.cancelled, { who: ctx.actor.name ? md(ctx.actor.name, 100) : t.AnApprover, run: md(runLabel(run), 200) }),
      }),
    );
  }

  private async rollback(ctx: ActionContext, a: CardActionOf<'run.rollback'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }), a.batchId);
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const t = l.m.actions;
    if (a.batchId && !run.batches.some((b) => b.id === a.batchId)) {
      return messageResponse(l.f(t.noBatch, { run: md(runLabel(run), 200), batch: md(a.batchId, 60) }));
    }
    if (a.cardVersion !== runCardVersion(run)) {
      return cardResponse(replies.withNotice(replies.buildRollbackConfirmCardFor(run, a.batchId, l), t.staleCard));
    }
    this.runner.background(run.id, 'roll back', async () => {
      const outcomes = await this.services.engine.rollback(run.id, ctx.actor.aadObjectId, a.batchId);
      const restored = outcomes.filter((o) => o.outcome === 'restored').length;
      const failed = outcomes.length - restored;
      await this.runner.say(
        run.id,
        replies.textActivity(failed ? l.f(t.rollbackPartly, { restored, failed }) : l.p(t.rollbackDone, restored)),
      );
      await this.runner.showStatus(run.id);
    });
    return cardResponse(
      buildMessageCard({
        title: t.rollingBackTitle,
        text: a.batchId
          ? l.f(t.rollingBackBatch, { who: ctx.actor.name ? md(ctx.actor.name, 100) : t.AnApprover, batch: md(a.batchId, 60) })
          : l.f(t.rollingBackRun, { who: ctx.actor.name ? md(ctx.actor.name, 100) : t.AnApprover, run: md(runLabel(run), 200) }),
      }),
    );
  }

  private async errorsPage(ctx: ActionContext, a: CardActionOf<'errors.page'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    return cardResponse(await this.runner.errorCard(a.runId, a.page));
  }

  /** Runs with a reprocess in flight from this process: a second click waits for the first to finish. */
  private readonly reprocessing = new Set<string>();

  /**
   * "Reprocess these users" on the error card: only users the run's latest verification lists as problems are taken;
   * Entra is asked to process them again in the background, then the clicked card is edited with the users still in
   * error (the others drop out) and the channel is told what changed.
   */
  private async reprocess(ctx: ActionContext, a: CardActionOf<'errors.reprocess'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const t = l.m.actions;
    if (run.status === 'created' || run.status === 'cancelled') {
      return messageResponse(l.f(t.cannotReprocess, { run: run.id, status: l.m.status.run[run.status] }));
    }
    const report = await this.runner.latestReport(run.id);
    const { asked, strangers } = reprocessRequest(report, a);
    if (strangers.length > 0) {
      return messageResponse(
        l.p(t.strangers, strangers.length, {
          run: run.id,
          users: `${md(strangers.slice(0, 3).join(', '), 200)}${strangers.length > 3 ? ', …' : ''}`,
        }),
      );
    }
    if (this.reprocessing.has(run.id)) {
      return messageResponse(t.reprocessBusy);
    }
    const who = ctx.actor.name ? md(ctx.actor.name, 100) : t.AnApprover;
    const cardId = ctx.turn.activity.replyToId;
    // The answer is built before anything starts: a click answered with a failure has started nothing.
    const notice = l.p(t.reprocessAsked, a.userIds.length, { who });
    const answer = cardResponse(replies.withNotice(await this.runner.errorCard(run.id, a.page), notice));
    this.reprocessing.add(run.id);
    this.runner.background(run.id, 'reprocess users', async () => {
      try {
        // One request for all the products (the card's first, then the others listing the users): Entra processes a
        // user's licenses as a whole, so each user is sent once and every product judges them again after one wait.
        const userIds = a.userIds.filter((id) => asked.some((p) => p.userIds.includes(id)));
        const all = await this.services.engine.reprocess(run.id, userIds, ctx.actor.aadObjectId, {
          timeoutMs: this.services.settings.verifyTimeoutMs,
          skuIds: asked.map((p) => p.skuId),
        });
        // Each product's fresh classes of the users asked by it; the latest verification may have been replaced
        // meanwhile, they go into whichever is current.
        const results = asked.map(({ skuId, userIds: mine }): ReprocessResult => {
          const ids = new Set(mine.map((id) => id.toLowerCase()));
          const judged = all.bySku?.find((r) => r.skuId.toLowerCase() === skuId.toLowerCase())?.users ?? [];
          return { ...all, bySku: undefined, users: judged.filter((u) => ids.has(u.userId.toLowerCase())) };
        });
        let latest = await this.runner.latestReport(run.id);
        asked.forEach(({ skuId }, i) => (latest = applyReprocess(latest, results[i], skuId)));
        this.runner.rememberReport(run.id, latest);
        const summary = reprocessSummary(mergeReprocessResults(results), l);
        const card = replies.withNotice(await this.runner.errorCard(run.id, a.page), summary);
        const conversation = await this.runner.conversationOf(run.id);
        if (cardId && conversation) await this.services.notifier.update(conversation, cardId, replies.cardActivity(card));
        else await this.runner.say(run.id, replies.cardActivity(card));
        await this.runner.say(run.id, replies.textActivity(l.f(t.reprocessedSay, { who, run: run.id, summary })));
      } finally {
        this.reprocessing.delete(run.id);
      }
    });
    return answer;
  }
  /** Runs with a follow-up being started from this process: a double click starts one. */
  private readonly followingUp = new Set<string>();

  /**
   * A run started from a card: made the conversation's run and bound to it in the clicker's language, then its
   * pre-flight card posted with the intro for its number of blockers. The pre-flight may fail; the run exists then.
   */
  private async introduceRun(ctx: ActionContext, created: Run, intro: (blockers: number) => string): Promise<void> {
    await this.onRunCreated(ctx.turn, created);
    await this.runner.bindConversation(created.id, TurnContext.getConversationReference(ctx.turn.activity), ctx.l.locale);
    const findings = await this.services.engine.preflight(created.id);
    const fresh = (await this.services.engine.getRun(created.id)) ?? created;
    const blockers = findings.filter((f) => f.severity === 'blocker').length;
    await this.runner.say(created.id, replies.cardActivity(replies.buildPreflightCardFor(fresh, findings, ctx.l), intro(blockers)));
  }

  /** "The whole tenant" on the license choice: the license plan, in place of the choice. */
  private async showPlan(ctx: ActionContext, a: CardActionOf<'plan.show'>): Promise<AdaptiveCardInvokeResponse> {
    const tenant = this.services.authorizer.checkTenant(ctx.actor);
    if (!tenant.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, tenant);
      return messageResponse(refusalText(ctx.l, tenant));
    }
    return cardResponse(buildLicensePlanCard(await this.services.engine.licensePlan(), ctx.l));
  }

  /**
   * "Migrate profile n" on the plan card: a run of the profile's products into the group proposed for it, answered
   * with its pre-flight card as the guided start does. Nothing changes in the tenant until the pre-flight is confirmed.
   */
  private async profileRun(ctx: ActionContext, a: CardActionOf<'plan.migrate'>): Promise<AdaptiveCardInvokeResponse> {
    const { l } = ctx;
    const t = l.m.actions;
    const tenant = this.services.authorizer.checkTenant(ctx.actor);
    if (!tenant.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, tenant);
      return messageResponse(refusalText(l, tenant));
    }
    const decision = await this.services.authorizer.authorize(ctx.actor, { kind: 'operate', name: a.verb });
    if (!decision.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, decision);
      return messageResponse(l.f(t.nothingChanged, { reason: refusalText(l, decision) }));
    }
    let created: Run;
    try {
      created = await this.services.engine.createRun({
        requestedBy: ctx.actor.aadObjectId,
        ...(ctx.actor.name ? { requestedByName: ctx.actor.name } : {}),
        ...(ctx.actor.tenantId ? { tenantId: ctx.actor.tenantId } : {}),
        skuId: '',
        profileKey: a.profileKey,
        ...(a.intoProfileKey ? { intoProfileKey: a.intoProfileKey } : {}),
        group: 'id' in a.group ? { id: a.group.id } : { createWithName: a.group.newName },
        requiredApprovals: this.services.settings.approvalQuorum,
        conversation: TurnContext.getConversationReference(ctx.turn.activity),
      });
    } catch (err) {
      // The plan is out of date (a profile changed) or the group is gone: the card says why, and nothing exists.
      const why = err instanceof MigrationError ? md(err.message, 400) : failureText(err, this.services.logger, { verb: a.verb }, l);
      return messageResponse(l.f(l.m.dialog.runNotCreatedText, { reason: why }));
    }
    const about = { run: md(runLabel(created), 200), products: md(runProductNames(created), 200) };
    try {
      await this.introduceRun(ctx, created, (blockers) =>
        blockers > 0 ? l.p(t.profileRunIntro, blockers, about) : l.f(t.profileRunIntroClear, about),
      );
    } catch (err) {
      return messageResponse(
        l.f(t.profileRunNoPreflight, { run: about.run, failure: failureText(err, this.services.logger, { verb: a.verb }, l) }),
      );
    }
    return cardResponse(
      buildMessageCard({
        title: t.profileRunTitle,
        text: l.f(t.profileRunCreated, {
          who: ctx.actor.name ? md(ctx.actor.name, 100) : t.AnApprover,
          ...about,
          group: md(created.groupDisplayName, 150),
        }),
      }),
    );
  }

  /**
   * "Start a follow-up run" on a drift card: a new run for the same SKU, cohort (or license profile) and group, created the way the guided
   * start creates one, in the same conversation; its pre-flight card follows and every batch needs approval as usual.
   */
  private async followUp(ctx: ActionContext, a: CardActionOf<'drift.followUp'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const { l } = ctx;
    const t = l.m.actions;
    if (run.status !== 'completed')
      return messageResponse(l.f(t.followUpNotCompleted, { run: run.id, status: l.m.status.run[run.status] }));
    const runs = await this.services.engine.listRuns();
    // One claim per click: the claim, not this process, decides who starts the follow-up.
    const claimant = randomUUID();
    if (
      !watchedRuns(runs).some((r) => r.id === run.id) ||
      this.followingUp.has(run.id) ||
      !(await this.services.engine.claimFollowUp(run.id, claimant))
    ) {
      const later = runs.find(
        (r) =>
          r.id !== run.id && r.status !== 'cancelled' && r.skuId === run.skuId && r.groupId === run.groupId && r.createdAt > run.createdAt,
      );
      const about = { run: run.id, sku: md(runProductNames(run), 120), group: md(run.groupDisplayName, 100) };
      return messageResponse(
        later
          ? l.f(t.followUpExists, { ...about, later: later.id, status: l.m.status.run[later.status] })
          : l.f(t.followUpExistsNewer, about),
      );
    }
    this.followingUp.add(run.id);
    let createdId: string | undefined;
    try {
      const created = await this.services.engine.createRun(
        followUpRequest(
          run,
          { id: ctx.actor.aadObjectId, name: ctx.actor.name, tenantId: ctx.actor.tenantId },
          this.services.settings.approvalQuorum,
        ),
      );
      createdId = created.id;
      await this.services.engine.settleFollowUp(run.id, claimant, created.id);
      try {
        await this.introduceRun(ctx, created, (blockers) =>
          blockers > 0
            ? l.p(t.followUpCreated, blockers, { created: created.id, run: run.id })
            : l.f(t.followUpCreatedClear, { created: created.id, run: run.id }),
        );
      } catch (err) {
        // The run exists: say so, rather than that the click failed.
        return messageResponse(
          l.f(t.followUpNoPreflight, {
            run: md(runLabel(created), 200),
            failure: failureText(err, this.services.logger, { verb: a.verb }, l),
          }),
        );
      }
      return cardResponse(
        buildMessageCard({
          title: t.followUpStartedTitle,
          text: l.f(t.followUpStarted, {
            who: ctx.actor.name ? md(ctx.actor.name, 100) : t.AnApprover,
            run: created.id,
            sku: md(runProductNames(run), 120),
            group: md(run.groupDisplayName, 100),
          }),
        }),
      );
    } finally {
      this.followingUp.delete(run.id);
      if (!createdId) await this.services.engine.settleFollowUp(run.id, claimant).catch(() => undefined);
    }
  }
}

/**
 * Who a click on "Reprocess" asks for, by product, and the users it names that the latest verification does not list
 * as problems of that product. A card of a run of several products says each user's product; an older card, or one
 * of a run of one product, is taken by the products whose problems list the user. Entra processes a user's licenses
 * as a whole, so the other products whose problems list a user clicked are judged again too, after the card's.
 */
function reprocessRequest(
  report: VerificationReport,
  a: CardActionOf<'errors.reprocess'>,
): { asked: { skuId: string; userIds: string[] }[]; strangers: string[] } {
  const reports = productReports(report);
  const listed = new Map(reports.map((r) => [r.skuId.toLowerCase(), new Set(r.problems.map((p) => p.userId.toLowerCase()))]));
  const on = (skuId: string, userId: string) => listed.get(skuId.toLowerCase())?.has(userId.toLowerCase()) ?? false;
  const claimed = a.products ?? [];
  const strangers = a.products
    ? [...new Set(a.products.flatMap((p) => p.userIds.filter((id) => !on(p.skuId, id))))]
    : a.userIds.filter((id) => !reports.some((r) => on(r.skuId, id)));
  const skuIds = [...claimed.map((p) => p.skuId), ...reports.map((r) => r.skuId)].filter(
    (id, i, all) => all.findIndex((x) => x.toLowerCase() === id.toLowerCase()) === i,
  );
  const asked = skuIds
    .map((skuId) => {
      const mine = claimed.find((p) => p.skuId.toLowerCase() === skuId.toLowerCase())?.userIds ?? [];
      const ids = new Set(mine.map((id) => id.toLowerCase()));
      return { skuId, userIds: a.userIds.filter((id) => ids.has(id.toLowerCase()) || on(skuId, id)) };
    })
    .filter((p) => p.userIds.length > 0);
  return { asked, strangers };
}

/** One line on what a reprocess changed, for the card and the channel. */
function reprocessSummary(result: ReprocessResult, l: Localizer): string {
  const t = l.m.actions;
  const count = (o: string) => result.users.filter((u) => u.outcome === o);
  const parts: string[] = [];
  const resolved = count('resolved');
  if (resolved.length) parts.push(l.p(t.resolved, resolved.length));
  const still = count('stillInError');
  if (still.length) {
    const codes = [...new Set(still.map((u) => u.after.error ?? u.after.class))].join(', ');
    parts.push(l.p(t.stillInError, still.length, { codes: md(codes, 120) }));
  }
  const unsettled = count('unsettled');
  if (unsettled.length) parts.push(l.p(t.unsettled, unsettled.length));
  const refused = count('refused');
  if (refused.length) {
    const named = refused.slice(0, 3).map((u) => `${md(u.userPrincipalName, 80)}: ${md(u.reason, 120)}`);
    parts.push(l.p(t.refused, refused.length, { users: `${named.join('; ')}${refused.length > 3 ? '; …' : ''}` }));
  }
  const notInError = count('notInError');
  if (notInError.length) parts.push(l.p(t.notInError, notInError.length));
  return l.f(t.reprocessDone, { parts: parts.join('; ') });
}
