import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { parseCardAction, type CardActionPayload, type CardVerb } from '../cards/actions';
import { withRefusal } from '../cards/notice';
import { turnLocalizer } from '../bot/turnLocale';
import type { AdaptiveCard } from '../cards/types';

/** Where a dialog leaves the card that answers an `adaptiveCard/action` invoke for the clicker. */
export const INVOKE_REPLY_KEY = Symbol('licenseMigration.invokeReply');

export type InvokeReply = { kind: 'card'; card: object } | { kind: 'message'; text: string };

export function setInvokeReply(context: TurnContext, reply: InvokeReply): void {
  context.turnState.set(INVOKE_REPLY_KEY, reply);
}

/** A card's action as the dialog sees it, from an invoke (Action.Execute) or a message value (Action.Submit). */
export function cardInputOf(context: TurnContext): { verb: unknown; data: unknown } | null {
  const activity = context.activity;
  if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') {
    const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    return { verb: action?.verb, data: action?.data };
  }
  if (activity.type === ActivityTypes.Message && activity.value && typeof activity.value === 'object') {
    const { verb, ...data } = activity.value as Record<string, unknown>;
    if (verb !== undefined) return { verb, data };
  }
  return null;
}

export type Interpretation<T> = { ok: true; value: T } | { ok: false; message: string };

/** Options every card input step takes: the card it waits on, so a refused click is answered with that card. */
export interface CardInputOptions {
  card?: AdaptiveCard;
}

/**
 * Waits for one answer to a card: a click of the expected verb or, for chats without card
 * actions, typed text. Anything else gets a specific message and the dialog keeps waiting.
 */
export abstract class CardInputDialog<T> extends Dialog {
  constructor(
    id: string,
    private readonly verb: CardVerb,
  ) {
    super(id);
  }

  /** Turns a validated card payload into the answer. */
  protected abstract fromCard(dc: DialogContext, action: CardActionPayload): Promise<Interpretation<T>>;
  /** Turns typed text into the answer. */
  protected abstract fromText(dc: DialogContext, text: string): Promise<Interpretation<T>>;

  override async beginDialog(dc: DialogContext, options?: object): Promise<DialogTurnResult> {
    dc.activeDialog!.state.options = options ?? {};
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const input = cardInputOf(dc.context);
    let result: Interpretation<T>;
    if (input) {
      const l = turnLocalizer(dc.context);
      const parsed = parseCardAction(input.verb, input.data, l);
      if (!parsed.ok) result = { ok: false, message: parsed.message };
      else if (parsed.action.verb !== this.verb) result = { ok: false, message: l.f(l.m.input.otherStep, { verb: this.verb }) };
      else result = await this.fromCard(dc, parsed.action);
    } else if (dc.context.activity.type === ActivityTypes.Message) {
      result = await this.fromText(dc, (dc.context.activity.text ?? '').trim());
    } else {
      return Dialog.EndOfTurn;
    }
    if (!result.ok) {
      if (input && dc.context.activity.type === ActivityTypes.Invoke) setInvokeReply(dc.context, this.refusal(dc, input, result.message));
      else await dc.context.sendActivity(result.message);
      return Dialog.EndOfTurn;
    }
    return dc.endDialog(result.value);
  }

  /**
   * A refused click on this step's card gets the card back with the inputs as posted and the message on top;
   * a click on another card (another step, an old card) gets the message alone and keeps its card.
   */
  private refusal(dc: DialogContext, input: { verb: unknown; data: unknown }, message: string): InvokeReply {
    const card = this.options<CardInputOptions>(dc).card;
    if (!card || input.verb !== this.verb) return { kind: 'message', text: message };
    const posted =
      input.data && typeof input.data === 'object' && !Array.isArray(input.data) ? (input.data as Record<string, unknown>) : {};
    return { kind: 'card', card: withRefusal(card, message, posted) };
  }

  protected options<O>(dc: DialogContext): O {
    return dc.activeDialog!.state.options as O;
  }
}
