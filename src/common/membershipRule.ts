/**
 * Dynamic membership rules (Entra ID `membershipRule`): a hand-written tokenizer, recursive-descent parser and
 * evaluator for the subset of the rule language the simulator supports. A rule outside the subset is refused with
 * a message rather than guessed at, so a fixture or a client never gets a membership Entra would not compute.
 *
 * The subset (see Microsoft's "Manage rules for dynamic membership groups"):
 * - user properties only, written `user.<property>` (property names case-insensitive):
 *   `accountEnabled` (boolean); strings `userType`, `department`, `jobTitle`, `companyName`, `country`,
 *   `usageLocation`, `city`, `employeeId`, `userPrincipalName`, `mail`, `displayName`, `objectId`,
 *   `extensionAttribute1` … `extensionAttribute15`;
 * - comparison operators `-eq -ne -startsWith -notStartsWith -endsWith -notEndsWith -contains -notContains
 *   -match -notMatch -in -notIn`; logical `-and -or -not`; parentheses. Operators are case-insensitive and the
 *   hyphen is optional (`eq`, `and`), as the docs allow;
 * - values: strings in double quotes (a backtick escapes the next character, e.g. `` `" ``) or single quotes
 *   (`''` is a quote), `true` / `false` (boolean properties; `"true"` too), `null` (with `-eq` / `-ne` only),
 *   and `[ "a", "b" ]` lists for `-in` / `-notIn`;
 * - precedence, highest first: comparisons, `-not`, `-and`, `-or`;
 * - string comparisons and regular expressions ignore case, as Entra's do; `-match` searches anywhere in the
 *   value (anchor with `^`/`$`) with JavaScript's regular expressions, which cover the common .NET syntax;
 * - an attribute that is not set (null) equals only `null`: every positive operator is false on it and every
 *   negated one (`-ne "x"`, `-notContains`, `-notIn` …) is true (Entra's handling of null here is not documented);
 * - at most 3,072 characters, Entra's limit.
 * Not in the subset (refused): device rules, `-any` / `-all` and multi-valued properties (`assignedPlans`,
 * `proxyAddresses`, `otherMails`), `memberOf`, "Direct Reports for", `-le` / `-ge` and dates, unquoted numbers,
 * custom extension properties (`extension_<app>_<name>`).
 */

export type RuleProperty =
  | 'accountEnabled'
  | 'userType'
  | 'department'
  | 'jobTitle'
  | 'companyName'
  | 'country'
  | 'usageLocation'
  | 'city'
  | 'employeeId'
  | 'userPrincipalName'
  | 'mail'
  | 'displayName'
  | 'objectId'
  | `extensionAttribute${number}`;

export type RuleValue = string | boolean | null;

const STRING_PROPERTIES: RuleProperty[] = [
  'userType',
  'department',
  'jobTitle',
  'companyName',
  'country',
  'usageLocation',
  'city',
  'employeeId',
  'userPrincipalName',
  'mail',
  'displayName',
  'objectId',
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}` as RuleProperty),
];

/** Every property a rule may read, by its canonical (Graph) name. */
export const RULE_PROPERTIES: readonly RuleProperty[] = ['accountEnabled', ...STRING_PROPERTIES];
const BY_LOWER = new Map(RULE_PROPERTIES.map((p) => [p.toLowerCase(), p]));

type CmpOp =
  | 'eq'
  | 'ne'
  | 'startswith'
  | 'notstartswith'
  | 'endswith'
  | 'notendswith'
  | 'contains'
  | 'notcontains'
  | 'match'
  | 'notmatch'
  | 'in'
  | 'notin';
const CMP_OPS = new Set<string>([
  'eq',
  'ne',
  'startswith',
  'notstartswith',
  'endswith',
  'notendswith',
  'contains',
  'notcontains',
  'match',
  'notmatch',
  'in',
  'notin',
]);
/** Operators of the full language that the subset refuses by name, so the message says what is missing. */
const KNOWN_UNSUPPORTED = new Set(['any', 'all', 'le', 'ge', 'lt', 'gt', 'plus', 'memberof']);
const LOGICAL = new Set(['and', 'or', 'not']);

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; property: RuleProperty; op: CmpOp; value: RuleValue | string[]; regex: RegExp | null; source: string };

/** A rule the simulator refuses; the message follows Entra's "Dynamic membership rule validation error: …". */
export class RuleError extends Error {
  constructor(detail: string) {
    super(`Dynamic membership rule validation error: ${detail}`);
    this.name = 'RuleError';
  }
}

export interface MembershipRule {
  readonly text: string;
  /** Properties the rule reads: a change of any other attribute cannot change the membership. */
  readonly properties: ReadonlySet<RuleProperty>;
  /** Whether a user whose attributes `read` returns belongs to the group. */
  matches(read: (property: RuleProperty) => RuleValue): boolean;
  /**
   * Why a user is not matched: the comparisons that decide it, each with the user's value (empty when the user
   * matches). With `-or` every branch failed, so each is named; with `-and` only the failing ones.
   */
  explain(read: (property: RuleProperty) => RuleValue): RuleMiss[];
}

/** One comparison that keeps a user out of the group, with the value that fails it. */
export interface RuleMiss {
  property: RuleProperty;
  actual: RuleValue;
  /** The comparison as written in the rule, e.g. `user.department -eq "Sales"`. */
  clause: string;
  /** The clause counts when it does NOT hold (it sits under an odd number of -not). */
  negated: boolean;
}

export const MAX_RULE_LENGTH = 3072;

/** Parses a rule of the subset above; throws RuleError for anything else. */
export function parseMembershipRule(text: string): MembershipRule {
  if (text.length > MAX_RULE_LENGTH) throw new RuleError(`the rule is longer than ${MAX_RULE_LENGTH.toLocaleString('en-US')} characters.`);
  if (!text.trim()) throw new RuleError('the rule is empty.');
  const expr = new Parser(tokenize(text), text).parseRule();
  const properties = new Set<RuleProperty>();
  collect(expr, properties);
  return {
    text,
    properties,
    matches: (read) => evaluate(expr, read),
    explain: (read) => (evaluate(expr, read) ? [] : misses(expr, read, true, false)),
  };
}

/** The comparisons that make `e` differ from `want`, under `negated` levels of -not. */
function misses(e: Expr, read: (p: RuleProperty) => RuleValue, want: boolean, negated: boolean): RuleMiss[] {
  switch (e.kind) {
    case 'cmp':
      return compare(e, read(e.property)) === want ? [] : [{ property: e.property, actual: read(e.property), clause: e.source, negated }];
    case 'not':
      return misses(e.expr, read, !want, !negated);
    case 'and':
    case 'or': {
      // The sides that differ from what was wanted decide it: an -and that should hold fails on each false side,
      // an -or that should hold on both (both are false), and under -not the reverse.
      return [e.left, e.right].filter((side) => evaluate(side, read) !== want).flatMap((side) => misses(side, read, want, negated));
    }
  }
}

type Token =
  | { t: 'op'; v: string; at: number; raw: string }
  | { t: 'word'; v: string; at: number; raw: string }
  | { t: 'str'; v: string; at: number; raw: string }
  | { t: '(' | ')' | '[' | ']' | ','; v: string; at: number; raw: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      out.push({ t: c as '(', v: c, at: i, raw: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new RuleError(`unterminated string starting at position ${start + 1}.`);
        const ch = s[i];
        if (c === '"' && ch === '`' && i + 1 < s.length) {
          v += s[i + 1];
          i += 2;
          continue;
        }
        if (ch === c) {
          if (c === "'" && s[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += ch;
        i++;
      }
      out.push({ t: 'str', v, at: start, raw: s.slice(start, i) });
      continue;
    }
    if (c === '-') {
      const m = /^-([A-Za-z]+)/.exec(s.slice(i));
      if (!m) throw new RuleError(`unexpected '-' at position ${i + 1}: an operator name must follow the hyphen.`);
      out.push({ t: 'op', v: m[1].toLowerCase(), at: i, raw: m[0] });
      i += m[0].length;
      continue;
    }
    const w = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(s.slice(i));
    if (w) {
      out.push({ t: 'word', v: w[0], at: i, raw: w[0] });
      i += w[0].length;
      continue;
    }
    // Rules copied from web pages often carry typographic dashes; say so instead of a bare "unexpected".
    if (c === '\u2013' || c === '\u2014')
      throw new RuleError(`unexpected '${c}' (a typographic dash) at position ${i + 1}; operators start with a hyphen '-'.`);
    throw new RuleError(`unexpected character '${c}' at position ${i + 1}.`);
  }
  return out;
}

/** Recursive descent over: or := and (OR and)*; and := unary (AND unary)*; unary := NOT unary | primary. */
class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly text: string,
  ) {}

  parseRule(): Expr {
    const e = this.parseOr();
    const t = this.peek();
    if (t) throw new RuleError(`unexpected '${t.raw}' at position ${t.at + 1}; expected -and, -or or the end of the rule.`);
    return e;
  }

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  /** An operator token, with or without its hyphen (`-and`, `and`). */
  private isOperator(name: string): boolean {
    const t = this.peek();
    return !!t && (t.t === 'op' || t.t === 'word') && t.v.toLowerCase() === name;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isOperator('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseUnary();
    while (this.isOperator('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOperator('not')) {
      this.i++;
      return { kind: 'not', expr: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (!t) throw new RuleError('the rule ends where an expression was expected.');
    if (t.t === '(') {
      this.i++;
      const e = this.parseOr();
      const close = this.peek();
      if (!close || close.t !== ')')
        throw new RuleError(
          close ? `expected ')' at position ${close.at + 1} but found '${close.raw}'.` : "missing ')' at the end of the rule.",
        );
      this.i++;
      return e;
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const t = this.peek()!;
    if (t.t !== 'word') throw new RuleError(`expected a property such as user.department at position ${t.at + 1} but found '${t.raw}'.`);
    this.i++;
    const property = propertyOf(t);
    const o = this.peek();
    if (!o || (o.t !== 'op' && o.t !== 'word'))
      throw new RuleError(
        o
          ? `expected an operator after ${t.raw} at position ${o.at + 1} but found '${o.raw}'.`
          : `the rule ends after ${t.raw}; an operator is missing.`,
      );
    const name = o.v.toLowerCase();
    if (!CMP_OPS.has(name)) {
      if (KNOWN_UNSUPPORTED.has(name))
        throw new RuleError(`operator '-${name}' (at position ${o.at + 1}) is not in the simulator's rule subset.`);
      if (LOGICAL.has(name))
        throw new RuleError(`expected a comparison operator after ${t.raw} at position ${o.at + 1} but found '${o.raw}'.`);
      throw new RuleError(`unknown operator '${o.raw}' at position ${o.at + 1}.`);
    }
    this.i++;
    const op = name as CmpOp;
    const value = this.parseValue(op);
    const last = this.toks[this.i - 1];
    return checked(t.raw, property, op, value, this.text.slice(t.at, last.at + last.raw.length));
  }

  private parseValue(op: CmpOp): RuleValue | string[] {
    const t = this.peek();
    if (!t) throw new RuleError(`the rule ends after -${op}; a value is missing.`);
    this.i++;
    if (t.t === 'str') return t.v;
    if (t.t === 'word') {
      const w = t.v.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
      throw new RuleError(`expected a quoted string, true, false or null at position ${t.at + 1} but found '${t.raw}'.`);
    }
    if (t.t === '[') {
      const items: string[] = [];
      for (;;) {
        const v = this.peek();
        if (!v) throw new RuleError("missing ']' at the end of the rule.");
        this.i++;
        if (v.t !== 'str') throw new RuleError(`expected a quoted string in the list at position ${v.at + 1} but found '${v.raw}'.`);
        items.push(v.v);
        const sep = this.peek();
        if (sep?.t === ',') {
          this.i++;
          continue;
        }
        if (sep?.t === ']') {
          this.i++;
          return items;
        }
        throw new RuleError(
          sep ? `expected ',' or ']' at position ${sep.at + 1} but found '${sep.raw}'.` : "missing ']' at the end of the rule.",
        );
      }
    }
    throw new RuleError(`expected a value at position ${t.at + 1} but found '${t.raw}'.`);
  }
}

function propertyOf(t: Token): RuleProperty {
  const dot = t.v.indexOf('.');
  const object = dot < 0 ? '' : t.v.slice(0, dot);
  const name = dot < 0 ? t.v : t.v.slice(dot + 1);
  if (object.toLowerCase() !== 'user')
    throw new RuleError(
      `Invalid object type. '${t.raw}' at position ${t.at + 1} is not a user property; only user rules (user.<property>) are in the simulator's subset.`,
    );
  const p = BY_LOWER.get(name.toLowerCase());
  if (!p)
    throw new RuleError(
      `Wrong property applied. Property '${name}' (at position ${t.at + 1}) is not in the simulator's rule subset; supported: ${RULE_PROPERTIES.join(', ')}.`,
    );
  return p;
}

/** Checks that the operator and value fit the property's type (Entra: "Invalid operands found for operator"). */
function checked(raw: string, property: RuleProperty, op: CmpOp, value: RuleValue | string[], source: string): Expr {
  const bad = (why: string) => new RuleError(`Invalid operands found for operator -${op}: ${why}`);
  if (property === 'accountEnabled') {
    if (op !== 'eq' && op !== 'ne') throw bad(`${raw} is a boolean; use -eq or -ne with true or false.`);
    const b = typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value;
    if (typeof b !== 'boolean') throw bad(`${raw} is a boolean; compare it with true or false.`);
    return { kind: 'cmp', property, op, value: b, regex: null, source };
  }
  if (op === 'in' || op === 'notin') {
    if (!Array.isArray(value)) throw bad('it takes a list such as ["a", "b"].');
    return { kind: 'cmp', property, op, value, regex: null, source };
  }
  if (Array.isArray(value)) throw bad('a list is only valid with -in and -notIn.');
  if (typeof value === 'boolean') throw bad(`${raw} is a string; compare it with a quoted string.`);
  if (value === null && op !== 'eq' && op !== 'ne') throw bad('null can only be compared with -eq or -ne.');
  let regex: RegExp | null = null;
  if (op === 'match' || op === 'notmatch') {
    try {
      regex = new RegExp(value as string, 'i');
    } catch (e) {
      throw bad(`invalid regular expression: ${(e as Error).message}.`);
    }
  }
  return { kind: 'cmp', property, op, value, regex, source };
}

function collect(e: Expr, into: Set<RuleProperty>): void {
  if (e.kind === 'cmp') into.add(e.property);
  else if (e.kind === 'not') collect(e.expr, into);
  else {
    collect(e.left, into);
    collect(e.right, into);
  }
}

const lower = (v: string) => v.toLowerCase();

function evaluate(e: Expr, read: (p: RuleProperty) => RuleValue): boolean {
  switch (e.kind) {
    case 'and':
      return evaluate(e.left, read) && evaluate(e.right, read);
    case 'or':
      return evaluate(e.left, read) || evaluate(e.right, read);
    case 'not':
      return !evaluate(e.expr, read);
    case 'cmp':
      return compare(e, read(e.property));
  }
}

function compare(e: Extract<Expr, { kind: 'cmp' }>, actual: RuleValue): boolean {
  const negated = e.op === 'ne' || e.op.startsWith('not');
  return negated !== positive(e, actual);
}

/** The positive form of the comparison (`-ne` as `-eq`, `-notIn` as `-in` …). */
function positive(e: Extract<Expr, { kind: 'cmp' }>, actual: RuleValue): boolean {
  const v = e.value;
  if (e.op === 'eq' || e.op === 'ne') {
    if (v === null || actual === null) return v === actual;
    if (typeof v === 'boolean' || typeof actual === 'boolean') return v === actual;
    return lower(actual) === lower(v as string);
  }
  if (typeof actual !== 'string') return false;
  const a = lower(actual);
  switch (e.op) {
    case 'startswith':
    case 'notstartswith':
      return a.startsWith(lower(v as string));
    case 'endswith':
    case 'notendswith':
      return a.endsWith(lower(v as string));
    case 'contains':
    case 'notcontains':
      return a.includes(lower(v as string));
    case 'match':
    case 'notmatch':
      return e.regex!.test(actual);
    default:
      return (v as string[]).some((x) => lower(x) === a);
  }
}
