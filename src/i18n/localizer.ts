import { en } from './en';
import { nl } from './nl';
import type { Messages, PluralText } from './messages';

/** The languages the bot speaks; anything else falls back to English. */
export type Locale = 'en' | 'nl';

export const LOCALES: readonly Locale[] = ['en', 'nl'];

const CATALOGUES: Record<Locale, Messages> = { en, nl };

/** Teams' `activity.locale` (`nl-NL`, `nl-BE`, `en-US`, …) to a language the bot speaks: Dutch for `nl*`, else English. */
export function resolveLocale(teamsLocale: string | null | undefined): Locale {
  return /^nl(?:[-_]|$)/i.test((teamsLocale ?? '').trim()) ? 'nl' : 'en';
}

/** Placeholder values: numbers are formatted for the language, text is placed as given (escape it before). */
export type Params = Record<string, string | number>;

/**
 * The strings of one language and the means to fill them: whole sentences with named `{placeholders}`, plural
 * forms chosen whole by Intl.PluralRules, numbers by Intl.NumberFormat.
 */
export class Localizer {
  readonly m: Messages;
  private readonly numbers: Intl.NumberFormat;
  private readonly plurals: Intl.PluralRules;

  constructor(readonly locale: Locale) {
    this.m = CATALOGUES[locale];
    this.numbers = new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-US');
    this.plurals = new Intl.PluralRules(locale === 'nl' ? 'nl-NL' : 'en-US');
  }

  /** A number as people of this language write it (1,234 / 1.234). */
  n(value: number): string {
    return this.numbers.format(value);
  }

  /** Fills `{name}` placeholders; a placeholder without a value is a bug in the caller and throws. */
  f(text: string, params: Params = {}): string {
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`No value for {${name}} in "${text.slice(0, 60)}"`);
      return typeof value === 'number' ? this.n(value) : value;
    });
  }

  /** The plural form for `count` ('one' or 'other'), filled; `{count}` is the formatted count. */
  p(forms: PluralText, count: number, params: Params = {}): string {
    const form = this.plurals.select(count) === 'one' ? forms.one : forms.other;
    return this.f(form, { ...params, count });
  }
}

const cache = new Map<Locale, Localizer>();

/** The localizer of a language, or of a Teams locale string. */
export function localizer(locale: Locale | string | null | undefined = 'en'): Localizer {
  const resolved = locale === 'en' || locale === 'nl' ? locale : resolveLocale(locale);
  let found = cache.get(resolved);
  if (!found) {
    found = new Localizer(resolved);
    cache.set(resolved, found);
  }
  return found;
}
