import type { Localizer } from '../i18n';

/** One attribute that keeps a user out of a dynamic group, as the pre-flight's detail line names it. */
interface Miss {
  property: string;
  /** The value as the line writes it (a JSON string or true/false); undefined when the attribute is not set. */
  value?: string;
  clause: string;
}

/** Where a miss starts: `user.department = "x" (the rule needs `, `department is not set (the rule needs `. */
const MISS_START = /^([A-Za-z][\w.]*) (?:is not set|= (true|false|"(?:[^"\\]|\\.)*")) \(the rule needs /;

/** The misses of `text` in order, or null when it is not exactly a `; `-separated list of them. */
function parseMisses(text: string): Miss[] | null {
  const m = MISS_START.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  // The clause is rule syntax and may hold parentheses and quoted text: try each closing parenthesis after which
  // the line ends or the next miss starts.
  for (let end = rest.indexOf(')'); end >= 0; end = rest.indexOf(')', end + 1)) {
    const after = rest.slice(end + 1);
    const miss: Miss = { property: m[1], ...(m[2] !== undefined ? { value: m[2] } : {}), clause: rest.slice(0, end) };
    if (after === '') return [miss];
    if (!after.startsWith('; ')) continue;
    const more = parseMisses(after.slice(2));
    if (more) return [miss, ...more];
  }
  return null;
}

/**
 * A dynamic-group detail line of the pre-flight (`alex@contoso.com: department = "sales " (the rule needs
 * user.department -eq "Sales")`, written in English by src/migration/dynamicRule) in the reader's language; values
 * and rule clauses stay as written. A line of any other shape is kept as it is.
 */
export function ruleDetailText(line: string, l: Localizer): string {
  if (l.locale === 'en') return line;
  const colon = line.indexOf(': ');
  if (colon <= 0) return line;
  const misses = parseMisses(line.slice(colon + 2));
  if (!misses) return line;
  const t = l.m.cards.preflight.ruleDetail;
  const said = misses.map((x) =>
    x.value === undefined
      ? l.f(t.notSet, { property: x.property, clause: x.clause })
      : l.f(t.value, { property: x.property, value: x.value, clause: x.clause }),
  );
  return l.f(t.line, { user: line.slice(0, colon), misses: said.join('; ') });
}
