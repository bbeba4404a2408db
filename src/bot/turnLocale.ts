import type { TurnContext } from 'botbuilder';
import { localizer, type Localizer } from '../i18n';

/** The language of the person who acts in this turn: Teams sends it as `activity.locale` (`nl-NL`, `en-US`, …). */
export function turnLocalizer(turn: Pick<TurnContext, 'activity'>): Localizer {
  return localizer(turn.activity?.locale);
}
