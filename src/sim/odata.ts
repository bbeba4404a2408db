import { badRequest, GraphError, unsupportedQuery } from './errors';

/** OData query options of one request, validated. */
export interface Query {
  select: string[] | null;
  top: number | null;
  offset: number;
  /** Epoch ms of the first page, so later pages see the same snapshot (audit log). */
  snapshot: number | null;
  /** Key of the item the next page starts with, so removals before it do not shift the page. */
  anchor: string | null;
  count: boolean;
  filter: FilterNode | null;
  orderby: string | null;
  eventual: boolean;
}

export type Operand =
  { kind: 'prop'; path: string[] } | { kind: 'lit'; value: string | number | boolean | null } | { kind: 'count'; path: string[] };
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { kind: 'lambda'; fn: 'any' | 'all'; path: string[]; variable: string; body: FilterNode }
  | { kind: 'func'; name: 'startswith' | 'endswith'; target: Operand; arg: Operand };

export const MAX_TOP = 999;

export function parseQuery(params: URLSearchParams, headers: Record<string, string | undefined>, maxTop = MAX_TOP): Query {
  const select = params.get('$select');
  const topRaw = params.get('$top');
  let top: number | null = null;
  if (topRaw !== null) {
    top = Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > maxTop)
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${topRaw}'. Must be between 1 and ${maxTop} inclusive.`,
      );
  }
  const countRaw = params.get('$count');
  if (countRaw !== null && countRaw !== 'true' && countRaw !== 'false')
    throw badRequest(`Invalid $count value '${countRaw}'.`, 'BadRequest');
  const count = countRaw === 'true';
  const eventual = (headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  const filterRaw = params.get('$filter');
  let filter: FilterNode | null = null;
  if (filterRaw !== null) {
    try {
      filter = new Parser(tokenize(filterRaw)).parseAll();
    } catch (e) {
      if (e instanceof GraphError) throw e;
      throw badRequest(`Invalid filter clause: ${(e as Error).message}`, 'BadRequest');
    }
  }
  const advanced = (filter !== null && isAdvanced(filter)) || params.has('$search') || count;
  // Graph answers advanced directory queries only with ConsistencyLevel: eventual and $count=true.
  if (advanced && !(eventual && (count || params.has('$search')))) throw unsupportedQuery();
  if (filter && isAdvanced(filter) && !count) throw unsupportedQuery();
  const token = params.get('$skiptoken');
  let offset = 0;
  let snapshot: number | null = null;
  let anchor: string | null = null;
  if (token !== null) ({ offset, snapshot, anchor } = decodeSkipToken(token));
  return {
    select: select
      ? select
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    top,
    offset,
    snapshot,
    anchor,
    count,
    filter,
    orderby: params.get('$orderby'),
    eventual,
  };
}

export function encodeSkipToken(offset: number, snapshot: number | null = null, anchor: string | null = null): string {
  const t: Record<string, unknown> = { o: offset };
  if (snapshot !== null) t.t = snapshot;
  if (anchor !== null) t.a = anchor;
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeSkipToken(token: string): { offset: number; snapshot: number | null; anchor: string | null } {
  try {
    const j = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Number.isInteger(j.o) && j.o >= 0)
      return { offset: j.o, snapshot: typeof j.t === 'number' ? j.t : null, anchor: typeof j.a === 'string' ? j.a : null };
  } catch {
    // fall through
  }
  throw badRequest(`Invalid $skiptoken '${token}'.`, 'Request_BadRequest');
}

function isAdvanced(n: FilterNode): boolean {
  switch (n.kind) {
    case 'and':
    case 'or':
      return isAdvanced(n.left) || isAdvanced(n.right);
    case 'not':
      return true;
    case 'cmp':
      return n.op === 'ne' || n.left.kind === 'count' || n.right.kind === 'count';
    case 'lambda':
      return isAdvanced(n.body);
    case 'func':
      return n.name === 'endswith';
  }
}

type Token = { t: 'id' | 'str' | 'num' | 'lit' | '(' | ')' | ',' | ':'; v: string };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if ('(),:'.includes(c)) {
      out.push({ t: c as Token['t'], v: c });
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new Error('unterminated string literal');
        if (s[i] === "'") {
          if (s[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i++];
      }
      out.push({ t: 'str', v });
      continue;
    }
    const rest = s.slice(i);
    const g = GUID.exec(rest);
    if (g) {
      out.push({ t: 'lit', v: g[0].toLowerCase() });
      i += g[0].length;
      continue;
    }
    const d = /^\d{4}-\d{2}-\d{2}/.test(rest) ? DATETIME.exec(rest) : null;
    if (d) {
      out.push({ t: 'lit', v: d[0] });
      i += d[0].length;
      continue;
    }
    const n = /^-?\d+(\.\d+)?/.exec(rest);
    if (n) {
      out.push({ t: 'num', v: n[0] });
      i += n[0].length;
      continue;
    }
    const id = /^[A-Za-z_$@][A-Za-z0-9_./$@]*/.exec(rest);
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    throw new Error(`unexpected character '${c}' at position ${i}`);
  }
  return out;
}

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  parseAll(): FilterNode {
    const n = this.parseOr();
    if (this.i < this.toks.length) throw new Error(`unexpected '${this.toks[this.i].v}'`);
    return n;
  }

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private next(): Token {
    const t = this.toks[this.i++];
    if (!t) throw new Error('unexpected end of expression');
    return t;
  }

  private expect(t: Token['t']): Token {
    const tok = this.next();
    if (tok.t !== t) throw new Error(`expected '${t}' but found '${tok.v}'`);
    return tok;
  }

  private isWord(w: string): boolean {
    const t = this.peek();
    return !!t && t.t === 'id' && t.v.toLowerCase() === w;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isWord('not')) {
      this.i++;
      return { kind: 'not', expr: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const t = this.peek();
    if (!t) throw new Error('unexpected end of expression');
    if (t.t === '(') {
      this.i++;
      const n = this.parseOr();
      this.expect(')');
      return n;
    }
    if (t.t === 'id') {
      const m = /^(.*)\/(any|all)$/i.exec(t.v);
      if (m && this.toks[this.i + 1]?.t === '(') {
        this.i += 2;
        const variable = this.expect('id').v;
        this.expect(':');
        const body = this.parseOr();
        this.expect(')');
        return { kind: 'lambda', fn: m[2].toLowerCase() as 'any' | 'all', path: m[1].split('/'), variable, body };
      }
      const lower = t.v.toLowerCase();
      if ((lower === 'startswith' || lower === 'endswith') && this.toks[this.i + 1]?.t === '(') {
        this.i += 2;
        const target = this.parseOperand();
        this.expect(',');
        const arg = this.parseOperand();
        this.expect(')');
        const node: FilterNode = { kind: 'func', name: lower, target, arg };
        if (this.isWord('eq')) {
          this.i++;
          const v = this.parseOperand();
          if (v.kind === 'lit' && v.value === false) return { kind: 'not', expr: node };
        }
        return node;
      }
    }
    const left = this.parseOperand();
    const op = this.next();
    if (op.t !== 'id' || !CMP.has(op.v.toLowerCase())) throw new Error(`expected a comparison operator but found '${op.v}'`);
    const right = this.parseOperand();
    return { kind: 'cmp', op: op.v.toLowerCase() as 'eq', left, right };
  }

  private parseOperand(): Operand {
    const t = this.next();
    if (t.t === 'str') return { kind: 'lit', value: t.v };
    if (t.t === 'num') return { kind: 'lit', value: Number(t.v) };
    if (t.t === 'lit') return { kind: 'lit', value: t.v };
    if (t.t === 'id') {
      const lower = t.v.toLowerCase();
      if (lower === 'true') return { kind: 'lit', value: true };
      if (lower === 'false') return { kind: 'lit', value: false };
      if (lower === 'null') return { kind: 'lit', value: null };
      const path = t.v.split('/');
      if (path[path.length - 1] === '$count') return { kind: 'count', path: path.slice(0, -1) };
      return { kind: 'prop', path };
    }
    throw new Error(`unexpected '${t.v}'`);
  }
}

/** Reads a top-level property of an entity; collections supply computed properties (e.g. assignedLicenses). */
export type Resolver<T> = (entity: T, property: string) => unknown;

function getPath(value: unknown, path: string[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function operandValue<T>(op: Operand, entity: T, resolve: Resolver<T>, vars: Map<string, unknown>): unknown {
  if (op.kind === 'lit') return op.value;
  const [head, ...rest] = op.path;
  const base = vars.has(head) ? getPath(vars.get(head), rest) : getPath(resolve(entity, head), rest);
  if (op.kind === 'count') return Array.isArray(base) ? base.length : 0;
  return base;
}

const ISO = /^\d{4}-\d{2}-\d{2}T/;

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === 'eq' || op === 'ne') {
    let eq: boolean;
    if (typeof a === 'string' && typeof b === 'string')
      eq = ISO.test(a) && ISO.test(b) ? Date.parse(a) === Date.parse(b) : a.toLowerCase() === b.toLowerCase();
    else eq = (a ?? null) === (b ?? null);
    return op === 'eq' ? eq : !eq;
  }
  let x: number | string | undefined;
  let y: number | string | undefined;
  if (typeof a === 'string' && typeof b === 'string' && ISO.test(a) && ISO.test(b)) {
    x = Date.parse(a);
    y = Date.parse(b);
  } else if (typeof a === 'number' && typeof b === 'number') {
    x = a;
    y = b;
  } else if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else return false;
  switch (op) {
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
    case 'lt':
      return x < y;
    default:
      return x <= y;
  }
}

/** Evaluates a parsed $filter against one entity. */
export function matches<T>(node: FilterNode, entity: T, resolve: Resolver<T>, vars: Map<string, unknown> = new Map()): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, entity, resolve, vars) && matches(node.right, entity, resolve, vars);
    case 'or':
      return matches(node.left, entity, resolve, vars) || matches(node.right, entity, resolve, vars);
    case 'not':
      return !matches(node.expr, entity, resolve, vars);
    case 'cmp':
      return compare(node.op, operandValue(node.left, entity, resolve, vars), operandValue(node.right, entity, resolve, vars));
    case 'func': {
      const t = operandValue(node.target, entity, resolve, vars);
      const a = operandValue(node.arg, entity, resolve, vars);
      if (typeof t !== 'string' || typeof a !== 'string') return false;
      return node.name === 'startswith' ? t.toLowerCase().startsWith(a.toLowerCase()) : t.toLowerCase().endsWith(a.toLowerCase());
    }
    case 'lambda': {
      const [head, ...rest] = node.path;
      const coll = vars.has(head) ? getPath(vars.get(head), rest) : getPath(resolve(entity, head), rest);
      if (!Array.isArray(coll)) return node.fn === 'all';
      const test = (item: unknown) => matches(node.body, entity, resolve, new Map(vars).set(node.variable, item));
      return node.fn === 'any' ? coll.some(test) : coll.every(test);
    }
  }
}

/** Top-level property names a filter reads, to reject unknown properties like Graph does. */
export function filterProperties(node: FilterNode, vars: Set<string> = new Set()): string[] {
  const fromOperand = (o: Operand) => (o.kind === 'lit' || vars.has(o.path[0]) ? [] : [o.path[0]]);
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterProperties(node.left, vars), ...filterProperties(node.right, vars)];
    case 'not':
      return filterProperties(node.expr, vars);
    case 'cmp':
      return [...fromOperand(node.left), ...fromOperand(node.right)];
    case 'func':
      return [...fromOperand(node.target), ...fromOperand(node.arg)];
    case 'lambda':
      return [...(vars.has(node.path[0]) ? [] : [node.path[0]]), ...filterProperties(node.body, new Set(vars).add(node.variable))];
  }
}

/** Detects `assignedLicenses/any(x:x/skuId eq <guid>)` so the SKU holder index can answer it. */
export function skuHolderFilter(node: FilterNode): { skuId: string; negated: boolean } | null {
  let negated = false;
  let n = node;
  if (n.kind === 'not') {
    negated = true;
    n = n.expr;
  }
  if (n.kind !== 'lambda' || n.fn !== 'any' || n.path.length !== 1 || n.path[0] !== 'assignedLicenses') return null;
  const b = n.body;
  if (b.kind !== 'cmp' || b.op !== 'eq') return null;
  const isVarSku = (o: Operand) => o.kind === 'prop' && o.path.length === 2 && o.path[0] === n.variable && o.path[1] === 'skuId';
  const lit = isVarSku(b.left) ? b.right : isVarSku(b.right) ? b.left : null;
  if (!lit || lit.kind !== 'lit' || typeof lit.value !== 'string') return null;
  return { skuId: lit.value.toLowerCase(), negated };
}
