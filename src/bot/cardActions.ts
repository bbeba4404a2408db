import { randomUUID } from 'node:crypto';
import { TurnContext, type AdaptiveCardInvokeResponse } from 'botbuilder';
import type { CardActionOf, CardActionPayload, CardVerb } from '../cards/actions';
import type { Run } from '../migration/types';
import { actorOf, type Actor, type ProtectedAction } from './authorization';
import { turnLocalizer } from './turnLocale';
import { batchCardVersion, runCardVersion, runControlVersion } from './cardVersions';
import { cardResponse, messageResponse } from './invokeResponses';
import type { MigrationRunner } from './migrationRunner';
import type { BotServices } from './services';
import * as replies from './replies';
import { md } from '../cards/format';
import { isOpen } from '../migration/types';
import { controlRefusal } from '../migration/runLifecycle';
import { buildMessageCard } from '../cards/message';
import { failureText } from './failureText';
import { applyReprocess, type ReprocessResult } from '../migration/reprocess';
import { plural } from '../cards/format';
import { runLabel } from '../migration/runName';
import { followUpRequest, watchedRuns } from '../migration/drift';

const STALE_RUN_CARD = (what: 'pause' | 'resume' | 'cancel') =>
  `That card was out of date (the run changed since it was shown), so your click changed nothing. This is the current state; click ${what[0].toUpperCase()}${what.slice(1)} again if you still want to ${what}.`;
const STALE_CARD =
  'That card was out of date (the run changed since it was shown), so your click changed nothing. This is the current state; click again if you still want to go ahead.';

type Handler<V extends CardVerb> = (ctx: ActionContext, action: CardActionOf<V>) => Promise<AdaptiveCardInvokeResponse>;

interface ActionContext {
  turn: TurnContext;
  actor: Actor;
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
    };
  }

  handles(verb: string): boolean {
    return verb in this.handlers;
  }

  async handle(turn: TurnContext, action: CardActionPayload): Promise<AdaptiveCardInvokeResponse> {
    const handler = this.handlers[action.verb as keyof typeof this.handlers] as Handler<CardVerb> | undefined;
    if (!handler) return messageResponse(`The action '${action.verb}' is not handled here.`);
    const ctx: ActionContext = { turn, actor: actorOf(turn.activity) };
    // Whoever clicks last sets the language of the run's next proactive messages.
    if ('runId' in action && typeof action.runId === 'string' && (await this.services.engine.getRun(action.runId)))
      await this.runner.noteLocale(action.runId, turnLocalizer(turn).locale);
    try {
      return await handler(ctx, action as never);
    } catch (err) {
      return messageResponse(`Could not complete '${action.verb}': ${failureText(err, this.services.logger, { verb: action.verb })}`);
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
      return { ok: false, response: messageResponse(tenant.reason) };
    }
    const run = await this.services.engine.getRun(runId);
    if (!run) return { ok: false, response: messageResponse(`There is no migration run ${runId}. Nothing was changed.`) };
    const decision = await this.services.authorizer.authorize(ctx.actor, action(run));
    if (!decision.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, what, decision, run.id, batchId);
      return { ok: false, response: messageResponse(`${decision.reason} Nothing was changed.`) };
    }
    return { ok: true, run };
  }

  private async decide(
    ctx: ActionContext,
    a: CardActionOf<'batch.approve' | 'batch.reject'>,
    decision: 'approve' | 'reject',
  ): Promise<AdaptiveCardInvokeResponse> {
    const tenant = this.services.authorizer.checkTenant(ctx.actor);
    if (!tenant.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, tenant, a.runId, a.batchId);
      return messageResponse(`${tenant.reason} Nothing was changed.`);
    }
    const run = await this.services.engine.getRun(a.runId);
    if (!run) return messageResponse(`There is no migration run ${a.runId}. Nothing was changed.`);
    const batch = run.batches.find((b) => b.id === a.batchId);
    if (!batch)
      return messageResponse(
        `Run ${md(runLabel(run), 200)} has no batch ${a.batchId} (it may have been planned again). Nothing was changed.`,
      );
    // A decided or outdated card changes nothing for anyone, so it is answered before the approver check.
    if (!isOpen(batch)) {
      return cardResponse(
        await this.runner.approvalCard(run, batch, `This batch was already decided (${batch.status}); your click changed nothing.`),
      );
    }
    if (a.cardVersion !== batchCardVersion(batch)) {
      return cardResponse(
        await this.runner.approvalCard(
          run,
          batch,
          'That card was out of date, so your click changed nothing. This is the current state; decide again if you still want to.',
        ),
      );
    }
    const allowed = await this.services.authorizer.authorize(ctx.actor, { kind: decision, run, batch });
    if (!allowed.ok) {
      await this.services.authorizer.recordRefusal(ctx.actor, a.verb, allowed, run.id, batch.id);
      return messageResponse(`${allowed.reason} Nothing was changed.`);
    }
    if (decision === 'approve' && run.status !== 'verified' && run.status !== 'removing') {
      return cardResponse(
        await this.runner.approvalCard(
          run,
          batch,
          `The run is ${run.status}${run.pausedReason ? ` (${md(run.pausedReason, 300)})` : ''}; batches can be approved only while it runs. Nothing was changed.`,
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
      notice = `Rejected by ${ctx.actor.name ? md(ctx.actor.name, 100) : 'an approver'}. The run is paused; nothing in this batch is removed.`;
      this.runner.background(run.id, 'report the rejection', async () => {
        await this.runner.refreshApprovalCard(run.id, batch.id, notice);
        await this.runner.say(
          run.id,
          replies.textActivity(
            `Batch ${batch.index + 1} was rejected by ${ctx.actor.name ? md(ctx.actor.name, 100) : 'an approver'}; the run is paused. Type \`resume\` to continue with a new approval.`,
          ),
        );
        await this.runner.showStatus(run.id);
      });
    } else if (fresh.status === 'approved') {
      notice = `Approved by ${md(
        fresh.approvals
          .filter((x) => x.decision === 'approve')
          .map((x) => x.approverName ?? x.approverId)
          .join(', '),
        300,
      )}. Removing direct assignments now…`;
      this.runner.background(run.id, `run batch ${batch.index + 1}`, async () => {
        await this.runner.refreshApprovalCard(run.id, batch.id, notice);
        await this.runner.executeBatch(run.id, batch.id);
      });
    } else {
      const have = fresh.approvals.filter((x) => x.decision === 'approve').length;
      notice = `Approval recorded (${have} of ${updated.requiredApprovals}).${this.services.settings.fourEyes ? ' The requester cannot approve alone.' : ''}`;
      this.runner.background(run.id, 'update the approval card', () => this.runner.refreshApprovalCard(run.id, batch.id, notice));
    }
    return cardResponse(await this.runner.approvalCard(updated, fresh, notice));
  }

  private async confirm(ctx: ActionContext, a: CardActionOf<'migrate.confirm'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    if (run.status !== 'created') {
      return cardResponse(
        buildMessageCard({
          title: 'Already confirmed',
          text: `Run ${md(runLabel(run), 200)} is ${run.status}; the pre-flight card was confirmed before. Type \`status\` to see it.`,
        }),
      );
    }
    if (a.cardVersion !== runCardVersion(run)) {
      const findings = await this.services.engine.preflight(run.id);
      const fresh = (await this.services.engine.getRun(run.id)) ?? run;
      return cardResponse(replies.withNotice(replies.buildPreflightCardFor(fresh, findings, turnLocalizer(ctx.turn)), STALE_CARD));
    }
    // Checks again: the tenant may have changed since the card was posted.
    const findings = await this.services.engine.preflight(run.id);
    const blockers = findings.filter((f) => f.severity === 'blocker');
    if (blockers.length > 0) {
      const fresh = (await this.services.engine.getRun(run.id)) ?? run;
      return cardResponse(
        replies.withNotice(
          replies.buildPreflightCardFor(fresh, findings, turnLocalizer(ctx.turn)),
          `${blockers.length === 1 ? 'A blocker' : `${blockers.length} blockers`} must be fixed before the run can start; nothing was changed. Fix ${blockers.length === 1 ? 'it' : 'them'} and click Confirm again.`,
          'attention',
        ),
      );
    }
    this.runner.background(run.id, 'prepare the group', () => this.runner.prepareAndVerify(run.id));
    return cardResponse(
      buildMessageCard({
        title: 'Confirmed',
        text: `Confirmed by ${ctx.actor.name ? md(ctx.actor.name, 100) : 'an approver'}. Preparing ${run.groupDisplayName ? md(run.groupDisplayName, 120) : 'the group'} and assigning ${run.skuPartNumber}; no direct assignment is touched yet.`,
      }),
    );
  }

  private async pause(ctx: ActionContext, a: CardActionOf<'run.pause'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const refusal = controlRefusal(run, 'pause');
    if (refusal) return this.unchanged(run, `${refusal}; your click changed nothing.`);
    if (a.cardVersion !== runControlVersion(run)) return this.unchanged(run, STALE_RUN_CARD('pause'));
    const paused = await this.services.engine.pause(run.id, `paused by ${ctx.actor.name ?? 'an approver'}`, ctx.actor.aadObjectId);
    this.runner.background(run.id, 'announce the pause', async () => {
      await this.runner.say(
        run.id,
        replies.textActivity(
          `${ctx.actor.name ? md(ctx.actor.name, 100) : 'An approver'} paused the run. Nothing more is removed until someone resumes it.`,
        ),
      );
      await this.runner.showStatus(run.id);
    });
    return cardResponse(replies.buildRunStatusCardFor(paused, { fourEyes: this.services.settings.fourEyes }, turnLocalizer(ctx.turn)));
  }

  private async resume(ctx: ActionContext, a: CardActionOf<'run.resume'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const refusal = controlRefusal(run, 'resume');
    if (refusal) return this.unchanged(run, `${refusal}; your click changed nothing.`);
    if (a.cardVersion !== runControlVersion(run)) return this.unchanged(run, STALE_RUN_CARD('resume'));
    const resumed = await this.services.engine.resume(run.id, ctx.actor.aadObjectId);
    this.runner.background(run.id, 'continue the run', () => this.runner.afterResume(run.id));
    return cardResponse(replies.buildRunStatusCardFor(resumed, { fourEyes: this.services.settings.fourEyes }, turnLocalizer(ctx.turn)));
  }

  /** The current status card with why a click did nothing, so the clicker can decide again. */
  private unchanged(run: Run, notice: string): AdaptiveCardInvokeResponse {
    return cardResponse(replies.withNotice(replies.buildRunStatusCardFor(run, { fourEyes: this.services.settings.fourEyes }), notice));
  }

  private async cancel(ctx: ActionContext, a: CardActionOf<'run.cancel'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    const refusal = controlRefusal(run, 'cancel');
    if (refusal) return cardResponse(buildMessageCard({ title: 'Nothing to cancel', text: `${refusal}; your click changed nothing.` }));
    if (a.cardVersion !== runControlVersion(run) && run.status !== 'created') {
      return this.unchanged(run, STALE_RUN_CARD('cancel'));
    }
    await this.services.engine.cancel(run.id, ctx.actor.aadObjectId);
    this.runner.background(run.id, 'announce the cancellation', () => this.runner.showStatus(run.id));
    return cardResponse(
      buildMessageCard({
        title: 'Cancelled',
        text: `${ctx.actor.name ? md(ctx.actor.name, 100) : 'An approver'} cancelled run ${md(runLabel(run), 200)}. Nothing more is removed.`,
      }),
    );
  }

  private async rollback(ctx: ActionContext, a: CardActionOf<'run.rollback'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }), a.batchId);
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    if (a.batchId && !run.batches.some((b) => b.id === a.batchId)) {
      return messageResponse(`Run ${md(runLabel(run), 200)} has no batch ${a.batchId}. Nothing was changed.`);
    }
    if (a.cardVersion !== runCardVersion(run)) {
      return cardResponse(replies.withNotice(replies.buildRollbackConfirmCardFor(run, a.batchId, turnLocalizer(ctx.turn)), STALE_CARD));
    }
    this.runner.background(run.id, 'roll back', async () => {
      const outcomes = await this.services.engine.rollback(run.id, ctx.actor.aadObjectId, a.batchId);
      const restored = outcomes.filter((o) => o.outcome === 'restored').length;
      const failed = outcomes.length - restored;
      await this.runner.say(
        run.id,
        replies.textActivity(
          `Rollback finished: ${restored} direct assignment(s) re-added${failed ? `, ${failed} could not be (see \`report\`)` : ''}.`,
        ),
      );
      await this.runner.showStatus(run.id);
    });
    return cardResponse(
      buildMessageCard({
        title: 'Rolling back',
        text: `${ctx.actor.name ? md(ctx.actor.name, 100) : 'An approver'} started the rollback of ${a.batchId ? `batch ${a.batchId}` : `run ${md(runLabel(run), 200)}`}. Direct assignments are re-added with their recorded disabled plans.`,
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
    if (run.status === 'created' || run.status === 'cancelled') {
      return messageResponse(`Run ${run.id} is ${run.status}: its users cannot be reprocessed from it. Nothing was changed.`);
    }
    const report = await this.runner.latestReport(run.id);
    const listed = new Set(report.problems.map((p) => p.userId.toLowerCase()));
    const strangers = a.userIds.filter((id) => !listed.has(id.toLowerCase()));
    if (strangers.length > 0) {
      return messageResponse(
        `${plural(strangers.length, 'user')} on that card ${strangers.length === 1 ? 'is' : 'are'} not among the users in error of run ${run.id} (${md(strangers.slice(0, 3).join(', '), 200)}${strangers.length > 3 ? ', …' : ''}); the card may be out of date or from another run. Type \`errors\` for a fresh one. Nothing was changed.`,
      );
    }
    if (this.reprocessing.has(run.id)) {
      return messageResponse(
        'Users of this run are being reprocessed already; this card updates when Entra has processed them. Nothing more was started.',
      );
    }
    const who = ctx.actor.name ? md(ctx.actor.name, 100) : 'An approver';
    const cardId = ctx.turn.activity.replyToId;
    // The answer is built before anything starts: a click answered with a failure has started nothing.
    const notice = `${who} asked Entra to process ${plural(a.userIds.length, 'user')} again. This card updates once Entra has processed them; nothing is assigned or removed.`;
    const answer = cardResponse(replies.withNotice(await this.runner.errorCard(run.id, a.page), notice));
    this.reprocessing.add(run.id);
    this.runner.background(run.id, 'reprocess users', async () => {
      try {
        const result = await this.services.engine.reprocess(run.id, a.userIds, ctx.actor.aadObjectId, {
          timeoutMs: this.services.settings.verifyTimeoutMs,
        });
        // The latest verification may have been replaced meanwhile; the fresh classes go into whichever is current.
        this.runner.rememberReport(run.id, applyReprocess(await this.runner.latestReport(run.id), result));
        const summary = reprocessSummary(result);
        const card = replies.withNotice(await this.runner.errorCard(run.id, a.page), summary);
        const conversation = await this.runner.conversationOf(run.id);
        if (cardId && conversation) await this.services.notifier.update(conversation, cardId, replies.cardActivity(card));
        else await this.runner.say(run.id, replies.cardActivity(card));
        await this.runner.say(run.id, replies.textActivity(`${who} reprocessed users of run ${run.id}. ${summary}`));
      } finally {
        this.reprocessing.delete(run.id);
      }
    });
    return answer;
  }
  /** Runs with a follow-up being started from this process: a double click starts one. */
  private readonly followingUp = new Set<string>();

  /**
   * "Start a follow-up run" on a drift card: a new run for the same SKU, cohort and group, created the way the guided
   * start creates one, in the same conversation; its pre-flight card follows and every batch needs approval as usual.
   */
  private async followUp(ctx: ActionContext, a: CardActionOf<'drift.followUp'>): Promise<AdaptiveCardInvokeResponse> {
    const guarded = await this.guard(ctx, a.verb, a.runId, (run) => ({ kind: 'operate', name: a.verb, run }));
    if (!guarded.ok) return guarded.response;
    const run = guarded.run;
    if (run.status !== 'completed')
      return messageResponse(`Run ${run.id} is ${run.status}; a follow-up run starts from a completed run. Nothing was changed.`);
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
      return messageResponse(
        `${later ? `Run ${later.id} (${later.status})` : 'A newer run'} already follows run ${run.id} for ${md(run.skuPartNumber, 60)} and ${md(run.groupDisplayName, 100)}; type \`status\` to see it. Nothing was changed.`,
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
      await this.onRunCreated(ctx.turn, created);
      await this.runner.bindConversation(created.id, TurnContext.getConversationReference(ctx.turn.activity), turnLocalizer(ctx.turn).locale);
      try {
        const findings = await this.services.engine.preflight(created.id);
        const fresh = (await this.services.engine.getRun(created.id)) ?? created;
        const blockers = findings.filter((f) => f.severity === 'blocker').length;
        await this.runner.say(
          created.id,
          replies.cardActivity(
            replies.buildPreflightCardFor(fresh, findings, turnLocalizer(ctx.turn)),
            `Follow-up run ${created.id} created from run ${run.id}. ${blockers > 0 ? `${plural(blockers, 'blocker')} must be fixed first` : 'Review the checks and confirm'}; nothing has changed in the tenant yet.`,
          ),
        );
      } catch (err) {
        // The run exists: say so, rather than that the click failed.
        return messageResponse(
          `Follow-up run ${md(runLabel(created), 200)} was created, but its pre-flight could not be shown: ${failureText(err, this.services.logger, { verb: a.verb })} Type \`status\` to see it.`,
        );
      }
      return cardResponse(
        buildMessageCard({
          title: 'Follow-up run started',
          text: `${ctx.actor.name ? md(ctx.actor.name, 100) : 'An approver'} started run ${created.id} for ${md(run.skuPartNumber, 60)} into ${md(run.groupDisplayName, 100)}. Its pre-flight card follows; every batch needs approval as usual.`,
        }),
      );
    } finally {
      this.followingUp.delete(run.id);
      if (!createdId) await this.services.engine.settleFollowUp(run.id, claimant).catch(() => undefined);
    }
  }
}

/** One line on what a reprocess changed, for the card and the channel. */
function reprocessSummary(result: ReprocessResult): string {
  const count = (o: string) => result.users.filter((u) => u.outcome === o);
  const parts: string[] = [];
  const resolved = count('resolved');
  if (resolved.length) parts.push(`${plural(resolved.length, 'user')} no longer in error`);
  const still = count('stillInError');
  if (still.length) {
    const codes = [...new Set(still.map((u) => u.after.error ?? u.after.class))].join(', ');
    parts.push(`${plural(still.length, 'user')} still in error (${md(codes, 120)})`);
  }
  const unsettled = count('unsettled');
  if (unsettled.length) parts.push(`${plural(unsettled.length, 'user')} not processed by Entra yet (type \`errors\` later)`);
  const refused = count('refused');
  if (refused.length) {
    const named = refused.slice(0, 3).map((u) => `${md(u.userPrincipalName, 80)}: ${md(u.reason, 120)}`);
    parts.push(`${plural(refused.length, 'user')} refused by Graph (${named.join('; ')}${refused.length > 3 ? '; …' : ''})`);
  }
  const notInError = count('notInError');
  if (notInError.length) parts.push(`${plural(notInError.length, 'user')} no longer in error before the request, so not sent`);
  return `Reprocessing done: ${parts.join('; ')}.`;
}
