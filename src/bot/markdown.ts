/**
 * Teams (and the Agents Playground) render bot text as Markdown and show HTML entities literally,
 * so text is sent unescaped and only values from outside the bot (names people typed, group names,
 * error messages) are neutralised: their Markdown characters are backslash-escaped, so a name like
 * `[click](https://evil)` reads as itself instead of becoming a link.
 */
const MARKDOWN_SIGNIFICANT = /[\\`*_{}[\]()<>#|~]/g;

/** A value from outside the bot, made safe to place in a Markdown message: one line, no formatting. */
export function md(value: unknown, max = 200): string {
  const text = String(value ?? '').replace(/\s+/g, ' ').trim();
  const clipped = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return clipped.replace(MARKDOWN_SIGNIFICANT, '\\$&');
}
