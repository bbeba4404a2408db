import type { AdaptiveCard, CardElement } from './types';

const NOTICE_CHARS = 400;

/** Puts a short explanation on top of a card, e.g. why a click changed nothing. */
export function withNotice(card: AdaptiveCard, notice: string | undefined, style: 'warning' | 'attention' = 'warning'): AdaptiveCard {
  if (!notice) return card;
  return {
    ...card,
    body: [
      { type: 'Container', style, items: [{ type: 'TextBlock', text: notice.slice(0, NOTICE_CHARS), wrap: true, weight: 'bolder' }] },
      ...card.body,
    ],
  };
}

/**
 * The card a refused click is answered with: the same card, what the clicker entered kept in its inputs, and
 * what to fix on top, so the answer shows where the click happened (an error response shows nothing in
 * Agents Playground and only a generic banner in Teams).
 */
export function withRefusal(card: AdaptiveCard, message: string, inputs: Record<string, unknown> = {}): AdaptiveCard {
  return withNotice(keepInputs(card, inputs), message, 'attention');
}

/** A copy of the card whose inputs show the values the clicker posted; values no input takes are ignored. */
export function keepInputs(card: AdaptiveCard, inputs: Record<string, unknown>): AdaptiveCard {
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (!node || typeof node !== 'object') return node;
    const el = node as CardElement;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(el)) copy[k] = fill(v);
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') {
      const posted = inputs[el.id];
      if (typeof posted === 'string' && posted !== '' && acceptsValue(el, posted)) copy.value = posted;
    }
    return copy;
  };
  return fill(card) as AdaptiveCard;
}

/** A choice set keeps only a value it offers (a forged value must not appear chosen); text keeps its length limit. */
function acceptsValue(el: CardElement, value: string): boolean {
  if (el.type === 'Input.ChoiceSet') {
    const choices = Array.isArray(el.choices) ? (el.choices as { value?: unknown }[]) : [];
    return choices.some((c) => c.value === value);
  }
  if (el.type === 'Input.Text') return typeof el.maxLength !== 'number' || value.length <= el.maxLength;
  return true;
}
