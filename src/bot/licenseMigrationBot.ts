import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type ConversationState,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { parseCardAction } from '../cards/actions';
import type { Run } from '../migration/types';
import { INVOKE_REPLY_KEY, cardInputOf, type InvokeReply } from '../dialogs/cardInput';
import { MIGRATE_DIALOG, MigrateDialog } from '../dialogs/migrateDialog';
import { actorOf, refusalText } from './authorization';
import { turnLocalizer } from './turnLocale';
import { CardActionHandlers } from './cardActions';
import { COMMANDS } from './commands';
import { parseCommand } from './commands/parse';
import type { CommandContext } from './commands/types';
import { cardResponse, messageResponse } from './invokeResponses';
import { MigrationRunner } from './migrationRunner';
import type { BotServices } from './services';
import * as replies from './replies';
import { md } from '../cards/format';
import { failureText } from './failureText';

/** The Teams bot: chat commands, the guided migrate dialog and card actions, in channels, group and personal chats. */
export class LicenseMigrationBot extends TeamsActivityHandler {
  readonly runner: MigrationRunner;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly activeRun: StatePropertyAccessor<string | undefined>;
  private readonly dialogs: DialogSet;
  private readonly cardActions: CardActionHandlers;

  constructor(
    private readonly services: BotServices,
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
  ) {
    super();
    this.runner = new MigrationRunner(services);
    this.cardActions = new CardActionHandlers(services, this.runner, (context, run) => this.activeRun.set(context, run.id));
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.activeRun = conversationState.createProperty<string | undefined>('activeRunId');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(
      new MigrateDialog({
        engine: services.engine,
        graph: services.graph,
        approvalQuorum: services.settings.approvalQuorum,
        buildPreflightCard: replies.buildPreflightCardFor,
        onRunCreated: async (context, run) => {
          await this.activeRun.set(context, run.id);
          await this.runner.bindConversation(run.id, TurnContext.getConversationReference(context.activity), turnLocalizer(context).locale);
        },
        failureText: (err, l) => failureText(err, services.logger, { dialog: 'migrate', step: 'createRun' }, l),
      }),
    );

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        const { fourEyes, simulated } = this.services.settings;
        await context.sendActivity(replies.cardActivity(replies.buildWelcomeCardFor({ fourEyes, simulated }, turnLocalizer(context))));
      }
      await next();
    });
  }

  /** Saves conversation and user state after every turn, whatever the handler did. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const actor = actorOf(context.activity);
    const l = turnLocalizer(context);
    const tenant = this.services.authorizer.checkTenant(actor);
    if (!tenant.ok) {
      await this.services.authorizer.recordRefusal(actor, 'message', tenant);
      await context.sendActivity(refusalText(l, tenant));
      return;
    }
    // In channels the bot is @mentioned; the mention is not part of the command.
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    context.activity.text = text.trim();
    const parsed = parseCommand(context.activity.text);
    const dc = await this.dialogs.createContext(context);

    // Action.Submit fallbacks and free text answer the open dialog first.
    if (dc.activeDialog && (parsed.kind === 'unknown' || context.activity.value)) {
      // Answering the guided start shapes a run, so it needs the same rights as starting one.
      const allowed = await this.services.authorizer.authorize(actor, { kind: 'operate', name: 'migrate' });
      if (!allowed.ok) {
        await this.services.authorizer.recordRefusal(actor, 'migrate', allowed);
        await context.sendActivity(l.f(l.m.bot.refused, { reason: refusalText(l, allowed) }));
        return;
      }
      try {
        await dc.continueDialog();
      } catch (err) {
        await context.sendActivity(
          l.f(l.m.bot.continueFailed, { failure: failureText(err, this.services.logger, { dialog: 'migrate' }, l) }),
        );
      }
      return;
    }
    const submitted = cardInputOf(context);
    if (submitted && !dc.activeDialog) {
      await this.handleSubmittedCard(context, submitted.verb, submitted.data);
      return;
    }
    if (parsed.kind === 'unknown') {
      await context.sendActivity(l.f(l.m.bot.unknownCommand, { word: md(parsed.word, 60) }));
      const { fourEyes, simulated } = this.services.settings;
      await context.sendActivity(replies.cardActivity(replies.buildWelcomeCardFor({ fourEyes, simulated }, l)));
      return;
    }
    const command = COMMANDS[parsed.name];
    const decision = await this.services.authorizer.authorize(
      actor,
      command.access === 'read' ? { kind: 'read', name: command.name } : { kind: 'operate', name: command.name },
    );
    if (!decision.ok) {
      const run = await this.currentRun(context);
      await this.services.authorizer.recordRefusal(actor, command.name, decision, run?.id);
      await context.sendActivity(l.f(l.m.bot.refused, { reason: refusalText(l, decision) }));
      return;
    }
    if (parsed.name === 'cancel' && dc.activeDialog) {
      // `cancel` during the guided start ends the dialog; no run exists yet.
      await dc.cancelAllDialogs();
      await context.sendActivity(l.m.bot.guidedStopped);
      return;
    }
    const ctx: CommandContext = {
      turn: context,
      services: this.services,
      runner: this.runner,
      actor,
      l,
      command: command.name,
      args: parsed.args,
      currentRun: () => this.currentRun(context),
      beginMigration: async () => {
        await dc.cancelAllDialogs();
        await dc.beginDialog(MIGRATE_DIALOG, { id: actor.aadObjectId, name: actor.name, tenantId: actor.tenantId });
      },
    };
    try {
      await command.run(ctx);
    } catch (err) {
      await context.sendActivity(
        l.f(l.m.bot.commandFailed, {
          command: command.name,
          failure: failureText(err, this.services.logger, { command: command.name }, l),
        }),
      );
    }
  }

  /**
   * Hosts without Universal Actions post a card's data as a message (Action.Submit); it gets the
   * same parsing, authorisation and handlers, and the answer arrives as a reply instead.
   */
  private async handleSubmittedCard(context: TurnContext, verb: unknown, data: unknown): Promise<void> {
    const parsed = parseCardAction(verb, data, turnLocalizer(context));
    if (!parsed.ok) {
      await context.sendActivity(parsed.message);
      return;
    }
    if (parsed.action.verb === 'migrate.sku' || parsed.action.verb === 'migrate.group') {
      await context.sendActivity(turnLocalizer(context).m.bot.choiceClosed);
      return;
    }
    const response = await this.cardActions.handle(context, parsed.action);
    if (response.type === 'application/vnd.microsoft.card.adaptive')
      await context.sendActivity(replies.cardActivity(response.value as never));
    else await context.sendActivity(String(response.value));
  }

  /** The run this conversation is about: the one started here last, else the newest run reported here. */
  private async currentRun(context: TurnContext): Promise<Run | null> {
    const id = await this.activeRun.get(context);
    if (id) {
      const run = await this.services.engine.getRun(id);
      if (run) return run;
    }
    const conversationId = context.activity.conversation?.id;
    const runs = await this.services.engine.listRuns();
    return (
      runs.find((r) => (r.conversation as { conversation?: { id?: string } } | undefined)?.conversation?.id === conversationId) ?? null
    );
  }

  /**
   * Invokes this bot does not offer (task modules, message extensions, unknown names) are the caller's mistake:
   * answered 400 NotSupported, not botbuilder's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status === 501) {
      return {
        status: 400,
        body: {
          code: 'NotSupported',
          message: turnLocalizer(context).f(turnLocalizer(context).m.bot.invokeUnsupported, {
            name: md(String(context.activity.name ?? ''), 100),
          }),
        },
      };
    }
    return response;
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue.action?.verb;
    // The guided start's cards are held by its dialog, which validates the click and can answer with the same card.
    if (verb === 'migrate.sku' || verb === 'migrate.group') return this.continueMigration(context);
    const parsed = parseCardAction(verb, invokeValue.action?.data, turnLocalizer(context));
    if (!parsed.ok) {
      this.services.logger.warn({ verb: typeof verb === 'string' ? verb.slice(0, 40) : undefined }, 'card action refused');
      // A message, not an error response: Teams and Agents Playground show its text under the clicked card.
      return messageResponse(parsed.message);
    }
    return this.cardActions.handle(context, parsed.action);
  }

  /** SKU and group choices belong to the open migrate dialog of this conversation. */
  private async continueMigration(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    const actor = actorOf(context.activity);
    const l = turnLocalizer(context);
    const decision = await this.services.authorizer.authorize(actor, { kind: 'operate', name: 'migrate' });
    if (!decision.ok) {
      await this.services.authorizer.recordRefusal(actor, 'migrate', decision);
      return messageResponse(l.f(l.m.bot.refused, { reason: refusalText(l, decision) }));
    }
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) return messageResponse(l.m.bot.choiceClosed);
    try {
      const result = await dc.continueDialog();
      const reply = context.turnState.get(INVOKE_REPLY_KEY) as InvokeReply | undefined;
      if (reply?.kind === 'card') return cardResponse(reply.card);
      if (reply?.kind === 'message') return messageResponse(reply.text);
      return messageResponse(result.status === DialogTurnStatus.complete ? l.m.bot.done : l.m.bot.noted);
    } catch (err) {
      return messageResponse(l.f(l.m.bot.continueFailed, { failure: failureText(err, this.services.logger, { dialog: 'migrate' }, l) }));
    }
  }
}
