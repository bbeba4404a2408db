import type { en } from './en';

/** A sentence in its plural forms, chosen whole by Intl.PluralRules ('one' | 'other' in English and Dutch). */
export interface PluralText {
  one: string;
  other: string;
}

/** The catalogue's shape as English defines it: every other language must have exactly these keys. */
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends PluralText ? PluralText : Shape<T[K]> };

export type Messages = Shape<typeof en>;
