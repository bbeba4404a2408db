/** The bot's languages: one catalogue per language (en.ts, nl.ts) and the Localizer that fills them. */
export { localizer, resolveLocale, Localizer, LOCALES, type Locale, type Params } from './localizer';
export type { Messages, PluralText } from './messages';
