import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from './types';

const templates = new WeakMap<object, ACData.Template>();

/**
 * Expands a JSON template with a view model. Every binding must be defined in the view model:
 * the templating library leaves an unbound `${x}` in place, which would reach the user.
 */
export function renderCard(template: object, view: object): AdaptiveCard {
  let compiled = templates.get(template);
  if (!compiled) {
    compiled = new ACData.Template(template);
    templates.set(template, compiled);
  }
  const card = compiled.expand({ $root: view }) as AdaptiveCard;
  if (card?.type !== 'AdaptiveCard' || card.version !== '1.5' || !Array.isArray(card.body)) {
    throw new Error('Card template did not expand to an Adaptive Card 1.5');
  }
  return card;
}
