import { turnLocalizer } from '../bot/turnLocale';
import type { Localizer } from '../i18n';
import { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { MigrationEngine } from '../migration/engine';
import type { Person, PreflightFinding, Run } from '../migration/types';
import { actorOf } from '../bot/authorization';
import type { AdaptiveCard } from '../cards/types';
import { buildCohortCard, type GroupOption } from '../cards/cohort';
import { buildMessageCard } from '../cards/message';
import { buildSkuChoiceCard } from '../cards/skuChoice';
import { CardFactory, MessageFactory } from 'botbuilder';
import { SkuInputDialog, SKU_INPUT, type SkuOption } from './skuInput';
import { GroupInputDialog, GROUP_INPUT, type GroupAnswer } from './groupInput';
import { setInvokeReply } from './cardInput';
import { md } from '../cards/format';
import { MigrationError } from '../migration/errors';
import { runLabel } from '../migration/runName';
import { proposeCohortGroups } from '../migration/profiles';
import { skuProductName } from '../migration/skuNames';

export const MIGRATE_DIALOG = 'migrateDialog';
/** Groups offered on the cohort card; more would make the drop-down unwieldy and the card heavy. */
const GROUP_CHOICES = 50;
/** Security groups read to find one that already assigns a cohort's exact service set. */
const PROPOSAL_GROUPS = 999;

/** What the dialog needs from the bot: the engine, Graph for lookups, and how to render cards. */
export interface MigrateDialogDeps {
  engine: MigrationEngine;
  graph: LicensingGraph;
  approvalQuorum: number;
  /** The pre-flight card carries the bot's card version, so the bot builds it. */
  buildPreflightCard(run: Run, findings: PreflightFinding[], l: Localizer): AdaptiveCard;
  /** Called once the run exists: remember its conversation, make it the conversation's run. */
  onRunCreated(context: TurnContext, run: Run): Promise<void>;
  /** What the person is told about a failure that is not the engine's own refusal (logged under a reference). */
  failureText(err: unknown, l: Localizer): string;
}

interface Requester {
  id: string;
  name?: string;
  tenantId?: string;
}

interface ChoicesSoFar {
  skuId?: string;
  /** Whoever answered a step: in a channel another approver may pick the SKU or the group. */
  shapedBy?: Person[];
}

/** Remembers who answered this step, so four-eyes can tell the run's authors from its reviewers. */
function noteAuthor(step: WaterfallStepContext<Requester>): void {
  const actor = actorOf(step.context.activity);
  if (!actor.aadObjectId) return;
  const values = step.values as ChoicesSoFar;
  values.shapedBy = [...(values.shapedBy ?? []), { id: actor.aadObjectId, ...(actor.name ? { name: actor.name } : {}) }];
}

/**
 * The guided start of a migration: SKU card → cohorts and group → run with pre-flight card.
 * Confirming the pre-flight card is a card action of its own (migrate.confirm), so the long
 * preparation never runs inside a dialog turn.
 */
export class MigrateDialog extends ComponentDialog {
  constructor(private readonly deps: MigrateDialogDeps) {
    super(MIGRATE_DIALOG);
    this.addDialog(new SkuInputDialog());
    this.addDialog(new GroupInputDialog(deps.graph));
    this.addDialog(new WaterfallDialog('migrateSteps', [this.askSku.bind(this), this.askGroup.bind(this), this.createRun.bind(this)]));
    this.initialDialogId = 'migrateSteps';
  }

  private async askSku(step: WaterfallStepContext<Requester>): Promise<DialogTurnResult> {
    const skus = await this.deps.graph.listSkus();
    const assignable = skus.filter((s) => s.appliesTo === undefined || s.appliesTo === 'User');
    const l = turnLocalizer(step.context);
    if (assignable.length === 0) {
      await step.context.sendActivity(l.m.dialog.noSkus);
      return step.endDialog();
    }
    const card = buildSkuChoiceCard({ skus: assignable }, l);
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card), l.m.dialog.askSku));
    const options: SkuOption[] = assignable.map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, displayName: s.displayName }));
    return step.beginDialog(SKU_INPUT, { skus: options, card });
  }

  private async askGroup(step: WaterfallStepContext<Requester>): Promise<DialogTurnResult> {
    const skuId = step.result as string;
    noteAuthor(step);
    const discovery = await this.deps.engine.discover(skuId);
    (step.values as ChoicesSoFar).skuId = skuId;
    const l = turnLocalizer(step.context);
    const d = l.m.dialog;
    // A group per service set is offered for each cohort; a listing Graph refuses leaves the choice to the admin.
    const tenantGroups = await this.deps.graph.listSecurityGroups(PROPOSAL_GROUPS).catch(() => []);
    const proposals = proposeCohortGroups(discovery.sku, discovery.cohorts, tenantGroups);
    const reply = buildCohortCard({ discovery, groups: await this.knownGroups(), proposals }, l);
    if (discovery.directHolders === 0) {
      const sku = md(skuProductName(discovery.sku), 120);
      const inherit = discovery.inheritedOnlyUserIds.length;
      const text = inherit ? l.p(d.nobodyDirectInherit, inherit, { sku }) : l.f(d.nobodyDirect, { sku });
      await this.answer(step.context, buildMessageCard({ title: d.nothingToMigrate, text: text }), text);
      return step.endDialog();
    }
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply), d.askGroup);
    await step.context.sendActivity(activity);
    await this.answer(
      step.context,
      buildMessageCard({
        title: d.licenseChosen,
        text: l.f(d.licenseChosenText, {
          sku: md(skuProductName(discovery.sku), 120),
          holders: l.p(d.directHolders, discovery.directHolders),
          cohorts: l.p(d.cohorts, discovery.cohorts.length),
        }),
      }),
    );
    return step.beginDialog(GROUP_INPUT, { skuId, cohortKeys: discovery.cohorts.map((c) => c.key), card: reply });
  }

  private async createRun(step: WaterfallStepContext<Requester>): Promise<DialogTurnResult> {
    const answer = step.result as GroupAnswer;
    const requester = step.options;
    noteAuthor(step);
    const choices = step.values as ChoicesSoFar;
    const conversation = TurnContext.getConversationReference(step.context.activity);
    let run: Run;
    try {
      run = await this.deps.engine.createRun({
        requestedBy: requester.id,
        requestedByName: requester.name,
        shapedBy: choices.shapedBy,
        tenantId: requester.tenantId,
        skuId: choices.skuId!,
        cohortKey: answer.cohortKey,
        group: answer.group,
        requiredApprovals: this.deps.approvalQuorum,
        conversation,
      });
    } catch (err) {
      // The tenant changed since the cards were shown (a cohort or group is gone), or storage or Graph failed: say so,
      // and end the guided start, so the next click is not left waiting on a step that cannot go on.
      const l = turnLocalizer(step.context);
      const why = err instanceof MigrationError ? md(err.message, 400) : this.deps.failureText(err, l);
      const text = l.f(l.m.dialog.runNotCreatedText, { reason: why });
      await this.answer(step.context, buildMessageCard({ title: l.m.dialog.runNotCreated, text }), text);
      return step.endDialog();
    }
    await this.deps.onRunCreated(step.context, run);
    const findings = await this.deps.engine.preflight(run.id);
    const fresh = (await this.deps.engine.getRun(run.id)) ?? run;
    const blockers = findings.filter((f) => f.severity === 'blocker').length;
    const l = turnLocalizer(step.context);
    const name = md(runLabel(run), 200);
    const intro = blockers > 0 ? l.p(l.m.dialog.createdBlocked, blockers, { name }) : l.f(l.m.dialog.created, { name });
    await step.context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(this.deps.buildPreflightCard(fresh, findings, l)), intro),
    );
    await this.answer(
      step.context,
      buildMessageCard({
        title: l.m.dialog.groupChosen,
        text: l.f(l.m.dialog.groupChosenText, { name: md(runLabel(fresh), 200), id: run.id }),
      }),
    );
    return step.endDialog(run.id);
  }

  /**
   * Groups earlier runs used first (the likely targets), then the tenant's security groups.
   * A listing Graph refuses (e.g. no Group.Read.All) leaves typed names as the way to pick.
   */
  private async knownGroups(): Promise<GroupOption[]> {
    const seen = new Map<string, GroupOption>();
    for (const run of await this.deps.engine.listRuns()) {
      if (run.groupId && !seen.has(run.groupId))
        seen.set(run.groupId, { id: run.groupId, displayName: run.groupDisplayName || run.groupId });
    }
    const listed = await this.deps.graph.listSecurityGroups(GROUP_CHOICES).catch(() => []);
    for (const g of listed) if (!seen.has(g.id)) seen.set(g.id, { id: g.id, displayName: g.displayName || g.id });
    return [...seen.values()].slice(0, GROUP_CHOICES);
  }

  /** When the step was driven by a card click, the clicker's card is replaced by this one. */
  private async answer(context: TurnContext, card: AdaptiveCard, text?: string): Promise<void> {
    if (context.activity.type === 'invoke') setInvokeReply(context, { kind: 'card', card });
    else if (text) await context.sendActivity(text);
  }
}
