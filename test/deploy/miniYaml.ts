/**
 * A YAML reader for the subset m365agents*.yml are written in: block mappings and block sequences indented with
 * spaces, one-line scalars (plain, 'single' or "double" quoted), comments. Anything else (flow collections, block
 * scalars, anchors, tags, tabs, duplicate keys) is refused with the line number, never guessed at: the project has
 * no YAML library, and a silent misreading would make the schema check meaningless.
 */
export class MiniYamlError extends Error {
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'MiniYamlError';
  }
}

interface Line {
  no: number;
  indent: number;
  text: string;
}

/** Drops a comment: `#` at the start or after a space, outside quotes. */
function stripComment(raw: string): string {
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || raw[i - 1] === ' ')) return raw.slice(0, i);
  }
  return raw;
}

function scalar(text: string, no: number): unknown {
  const t = text.trim();
  if (t.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(t)) throw new MiniYamlError(no, `unterminated single-quoted scalar ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      throw new MiniYamlError(no, `double-quoted scalar outside the JSON subset: ${t}`);
    }
  }
  if (/^[[{|>&*!%@`]/.test(t)) throw new MiniYamlError(no, `unsupported YAML construct: ${t}`);
  if (/: |:$/.test(t)) throw new MiniYamlError(no, `a plain scalar may not contain ': ' here: ${t}`);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === '' || t === '~' || t === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/** Splits `key: value` / `key:`; the key may be quoted. */
function keyValue(text: string, no: number): [string, string] | undefined {
  const m = /^('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^'"#\s][^:#]*?)\s*:(?:\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  const key = scalar(m[1], no);
  if (typeof key !== 'string') throw new MiniYamlError(no, `keys must be strings: ${m[1]}`);
  return [key, m[2] ?? ''];
}

function parseBlock(lines: Line[], start: number, indent: number): [unknown, number] {
  const first = lines[start];
  if (first.text === '-' || first.text.startsWith('- ')) return parseSequence(lines, start, indent);
  return parseMapping(lines, start, indent);
}

function parseSequence(lines: Line[], start: number, indent: number): [unknown[], number] {
  const items: unknown[] = [];
  let i = start;
  while (i < lines.length && lines[i].indent === indent && (lines[i].text === '-' || lines[i].text.startsWith('- '))) {
    const line = lines[i];
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      if (i + 1 >= lines.length || lines[i + 1].indent <= indent) throw new MiniYamlError(line.no, 'empty list item');
      const [value, next] = parseBlock(lines, i + 1, lines[i + 1].indent);
      items.push(value);
      i = next;
    } else if (keyValue(rest, line.no)) {
      // "- key: value" opens a mapping whose keys sit where "key" starts.
      const inner = indent + (line.text.length - rest.length);
      const copy = [...lines];
      copy[i] = { no: line.no, indent: inner, text: rest };
      const [value, next] = parseMapping(copy, i, inner);
      items.push(value);
      i = next;
    } else {
      items.push(scalar(rest, line.no));
      i += 1;
    }
  }
  if (i < lines.length && lines[i].indent > indent) throw new MiniYamlError(lines[i].no, 'unexpected indentation');
  return [items, i];
}

function parseMapping(lines: Line[], start: number, indent: number): [Record<string, unknown>, number] {
  const map: Record<string, unknown> = {};
  let i = start;
  while (i < lines.length && lines[i].indent === indent) {
    const line = lines[i];
    if (line.text.startsWith('- ')) break;
    const kv = keyValue(line.text, line.no);
    if (!kv) throw new MiniYamlError(line.no, `expected "key: value": ${line.text}`);
    const [key, rest] = kv;
    if (Object.prototype.hasOwnProperty.call(map, key)) throw new MiniYamlError(line.no, `duplicate key ${key}`);
    i += 1;
    if (rest.trim() !== '') {
      map[key] = scalar(rest, line.no);
      continue;
    }
    const next = lines[i];
    const nestedSequenceHere = next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '));
    if (next && (next.indent > indent || nestedSequenceHere)) {
      const [value, after] = parseBlock(lines, i, next.indent);
      map[key] = value;
      i = after;
    } else map[key] = null;
  }
  if (i < lines.length && lines[i].indent > indent) throw new MiniYamlError(lines[i].no, 'unexpected indentation');
  return [map, i];
}

/** Parses one YAML document of the subset described above. */
export function parseMiniYaml(source: string): unknown {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const no = index + 1;
    if (/^\s*\t/.test(raw)) throw new MiniYamlError(no, 'tabs are not allowed for indentation');
    if (/^(---|\.\.\.)\s*$/.test(raw)) throw new MiniYamlError(no, 'one document only, without markers');
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') return;
    const indent = text.length - text.trimStart().length;
    lines.push({ no, indent, text: text.trimStart() });
  });
  if (lines.length === 0) return null;
  if (lines[0].indent !== 0) throw new MiniYamlError(lines[0].no, 'the document must start at column 1');
  const [value, end] = parseBlock(lines, 0, 0);
  if (end < lines.length) throw new MiniYamlError(lines[end].no, `unexpected content: ${lines[end].text}`);
  return value;
}
