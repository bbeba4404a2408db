/**
 * Teams (and the Agents Playground) render bot text as Markdown and show HTML entities literally,
 * so text is sent unescaped and only values from outside the bot (names people typed, group names,
 * error messages) are neutralised: their Markdown characters are backslash-escaped, so a name like
 * `[click](https://evil)` reads as itself instead of becoming a link.
 */
import { plain } from '../cards/format';

/** A value from outside the bot, made safe to place in a Markdown message: one line, no formatting. */
export function md(value: unknown, max = 200): string {
  return plain(value === null || value === undefined ? '' : String(value), max);
}
