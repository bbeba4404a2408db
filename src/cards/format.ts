/** Small, pure formatting helpers shared by the card builders. */
import type { UserClass } from '../migration/types';
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

/** What a user of each class is, in a few words (a sample row, a spot check). */
export const CLASS_LABELS: Record<UserClass, string> = {
  ready: 'Ready to remove',
  planGain: 'Would gain plans',
  pending: 'Waiting for the group license',
  error: 'Group license error',
  planMismatch: 'Would lose services',
  notMember: 'Not in the group',
  inheritedOnly: 'Licensed through groups only',
};

export const CLASS_STYLES: Record<UserClass, CardStyle> = {
  ready: 'good',
  planGain: 'warning',
  pending: 'accent',
  error: 'attention',
  planMismatch: 'warning',
  notMember: 'warning',
  inheritedOnly: 'accent',
};

/** Each Entra code (as Entra writes it) with its cause as a sentence, as a phrase after "could not get the license:", and the fix. */
const ERROR_CAUSES: Record<string, { cause: string; short: string; fix: string }> = {
  CountViolation: {
    cause: 'Not enough licenses available for the group assignment.',
    short: 'not enough units',
    fix: 'Buy or free up licenses of this SKU, then reprocess the group license.',
  },
  MutuallyExclusiveViolation: {
    cause: 'A service plan conflicts with a plan the user already has.',
    short: 'a service plan conflicts with another product they hold',
    fix: 'Remove the conflicting license from the user or disable the conflicting plan on the group.',
  },
  DependencyViolation: {
    cause: 'A service plan needs another plan that is not enabled.',
    short: 'a service plan needs another plan that is not enabled',
    fix: 'Enable the required plan on the group license.',
  },
  ProhibitedInUsageLocationViolation: {
    cause: "A service plan is not available in the user's usage location.",
    short: 'a service plan is not available in their usage location',
    fix: 'Set a supported usage location on the user or disable that plan on the group.',
  },
  UniquenessViolation: {
    cause: 'A unique attribute (such as a proxy address) conflicts with another object.',
    short: 'a unique attribute (such as a proxy address) conflicts with another object',
    fix: 'Resolve the duplicate attribute on the user, then reprocess.',
  },
  Other: {
    cause: 'Entra ID could not apply the group license.',
    short: 'Entra ID could not apply the group license',
    fix: "Open the user's licenses in the Entra admin center for details, then reprocess.",
  },
};

export function describeLicenseError(code: string | null | undefined): { cause: string; short: string; fix: string } {
  if (!code || code === 'None') return { cause: 'No error reported.', short: 'no error reported', fix: 'Verify again.' };
  return (
    ERROR_CAUSES[code] ?? {
      cause: `Entra ID reported ${clip(code, 60)}.`,
      short: `Entra ID reported ${clip(code, 60)}`,
      fix: ERROR_CAUSES.Other.fix,
    }
  );
}
