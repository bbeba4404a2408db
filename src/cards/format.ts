/** Small, pure formatting helpers shared by the card builders. */
import { USER_CLASSES as USER_CLASS_KEYS, type UserClass } from '../migration/types';
import { localizer, type Localizer } from '../i18n';
import type { CardStyle } from './types';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((part / total) * 100);
}

/** Relative column weights of a bar; a zero side is dropped by the template's $when. */
export interface BarView {
  fill: number;
  rest: number;
  style: CardStyle;
}

export function bar(part: number, total: number, style: CardStyle): BarView {
  if (total <= 0 || part <= 0) return { fill: 0, rest: 100, style };
  const fill = Math.max(1, Math.min(100, Math.round((part / total) * 100)));
  return { fill, rest: 100 - fill, style };
}

export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

const MARKDOWN_SIGNIFICANT = /[\\`*_{}[\]()<>#|~]/g;

/**
 * Backslash-escapes Markdown characters. Teams renders TextBlocks and bot text as Markdown, so a
 * name such as `[click](https://evil)` would otherwise become a link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SIGNIFICANT, '\\$&');
}

/** A name or reason from people or the tenant: one short line that reads as itself. */
export function plain(text: string | null | undefined, max = 120): string {
  return escapeMarkdown(clip(text, max));
}

/** Keeps user-controlled text short so a card cannot grow without bound. */
/**
 * A value from outside the bot (a name someone typed, a group name, an error message), made safe to place in a
 * Markdown message: one line, no formatting. Teams and the Agents Playground render bot text as Markdown and show
 * HTML entities literally, so only such values are neutralised, by backslash-escaping their Markdown characters.
 */
export function md(value: unknown, max = 200): string {
  return plain(value === null || value === undefined ? '' : String(value), max);
}

export function clip(text: string | null | undefined, max = 120): string {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? clip(iso, 40) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a user of each class is, in a few words (a sample row, a spot check), in the reader's language. */
export function classLabel(cls: UserClass, l: Localizer = localizer('en')): string {
  return l.m.cards.verification.rows[cls].label;
}

/** The English labels, for logs and the CLI. */
export const CLASS_LABELS: Record<UserClass, string> = Object.fromEntries(USER_CLASS_KEYS.map((c) => [c, classLabel(c)])) as Record<
  UserClass,
  string
>;

export const CLASS_STYLES: Record<UserClass, CardStyle> = {
  ready: 'good',
  planGain: 'warning',
  pending: 'accent',
  error: 'attention',
  planMismatch: 'warning',
  notMember: 'warning',
  inheritedOnly: 'accent',
};

const KNOWN_CODES = [
  'CountViolation',
  'MutuallyExclusiveViolation',
  'DependencyViolation',
  'ProhibitedInUsageLocationViolation',
  'UniquenessViolation',
  'Other',
] as const;

/** An Entra code (as Entra writes it) with its cause as a sentence, as a phrase after "could not get the license:", and the fix. */
export function describeLicenseError(
  code: string | null | undefined,
  l: Localizer = localizer('en'),
): { cause: string; short: string; fix: string } {
  const errors = l.m.licenseErrors;
  if (!code || code === 'None') return errors.None;
  const known = KNOWN_CODES.find((k) => k === code);
  if (known) return errors[known];
  const shown = clip(code, 60);
  return { cause: l.f(errors.unknown.cause, { code: shown }), short: l.f(errors.unknown.short, { code: shown }), fix: errors.Other.fix };
}
