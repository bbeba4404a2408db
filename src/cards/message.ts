import template from './templates/message.json';
import { clip } from './format';
import { renderCard } from './render';
import type { AdaptiveCard, CardStyle } from './types';

export interface MessageCardInput {
  title: string;
  text: string;
  style?: CardStyle;
}

/** A plain notice or refusal, e.g. "Only approvers can approve batches." */
export function buildMessageCard(input: MessageCardInput): AdaptiveCard {
  return renderCard(template, {
    title: clip(input.title, 200),
    text: clip(input.text, 2000),
    style: input.style ?? 'default',
  });
}
