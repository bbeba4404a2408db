import type { AdaptiveCardInvokeResponse } from 'botbuilder';

/*
 * The answers an `adaptiveCard/action` invoke gets. There is deliberately no error answer: Agents Playground shows
 * nothing for `application/vnd.microsoft.error` and Teams only a generic banner, so a refused click is answered
 * with the card (and a notice on it) or with a message, whose text both show under the clicked card.
 */

/** Replaces the clicked card with this one (for the clicker). */
export function cardResponse(card: object): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as Record<string, unknown> };
}

/** Keeps the clicked card and shows this text under it. */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}
