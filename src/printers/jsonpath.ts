/**
 * kubectl's JSONPath (client-go util/jsonpath): templates of literal text and `{...}` actions with
 * fields, `..` recursive descent, `*`, `[i]`, `[a:b:c]`, unions, `[?(@.x=="y")]` filters, quoted string
 * literals (`{"\n"}`) and `{range ...}{end}`. kubectl runs it with missing keys allowed.
 * Results of one action print space-separated; maps and lists print as compact JSON.
 */
import { CliError, RawError } from '../api/errors.js';
import { goJsonText } from '../util/go-json.js';
import { goRuneName } from '../util/go-rune.js';

type Json = unknown;

type Step =
  | { t: 'field'; name: string }
  /** A bare word where a path step belongs (`{.a b}`): parsed, refused when executed, as kubectl does. */
  | { t: 'identifier'; name: string }
  | { t: 'recursive'; name: string | null }
  | { t: 'wildcard' }
  | { t: 'index'; items: ({ k: 'i'; i: number } | { k: 's'; s: (number | null)[] } | { k: 'n'; name: string })[] }
  | { t: 'filter'; left: Path; op: string | null; right: Operand | null };

interface Path {
  root: '$' | '@' | '';
  steps: Step[];
}

type Operand = { k: 'path'; path: Path } | { k: 'lit'; v: Json };

type Node =
  | { t: 'text'; s: string }
  | { t: 'path'; path: Path }
  | { t: 'range'; path: Path; body: Node[] };

export interface JsonPath {
  nodes: Node[];
  source: string;
}

/** Parse a template; errors use kubectl's `error parsing jsonpath <tpl>, <why>` wording. */
export function parseJsonPath(template: string): JsonPath {
  const fail = (why: string): never => {
    throw new CliError(`error parsing jsonpath ${template}, ${why}`);
  };
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ t: 'text', s: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ t: 'text', s: template.slice(i, open) });
    const close = findClose(template, open + 1);
    if (close < 0) fail('unclosed action');
    const inner = template.slice(open + 1, close).trim();
    i = close + 1;
    if (inner === 'end') {
      if (stack.length === 1) fail('not in range, nothing to end');
      stack.pop();
      continue;
    }
    if (/^range\s/.test(inner)) {
      const node: Node = { t: 'range', path: parsePath(inner.slice(6).trim(), fail), body: [] };
      stack[stack.length - 1]!.push(node);
      stack.push(node.body);
      continue;
    }
    const target = stack[stack.length - 1]!;
    // An action may mix quoted literals and paths: {"a"} {.x} {.a}{"\n"}
    let rest = inner;
    while (rest.length) {
      if (rest[0] === '"' || rest[0] === "'") {
        const end = quoteEnd(rest, 0);
        if (end < 0) fail('unterminated quoted string');
        target.push({ t: 'text', s: unquote(rest.slice(0, end + 1), fail) });
        rest = rest.slice(end + 1).trimStart();
      } else {
        const end = pathEnd(rest);
        target.push({ t: 'path', path: parsePath(rest.slice(0, end), fail) });
        rest = rest.slice(end).trimStart();
      }
    }
  }
  // kubectl runs a template whose last range has no {end} as if it ended at the template's end.
  return { nodes: root, source: template };
}

function findClose(s: string, from: number): number {
  let quote = '';
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '}' && depth <= 0) return i;
  }
  return -1;
}

function quoteEnd(s: string, from: number): number {
  const q = s[from]!;
  for (let i = from + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === q) return i;
  }
  return -1;
}

/** Where a path expression ends inside an action (at a quote outside brackets). */
function pathEnd(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if ((c === '"' || c === "'") && depth === 0 && i > 0) return i;
    else if ((c === '"' || c === "'") && depth > 0) i = Math.max(i, quoteEnd(s, i));
  }
  return s.length;
}

function unquote(q: string, fail: (why: string) => never): string {
  const body = q.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (n !== undefined && n in map) out += map[n];
    else if (n === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else fail(`invalid escape in quoted string ${q}`);
  }
  return out;
}

function parsePath(text: string, fail: (why: string) => never): Path {
  let s = text.trim();
  let root: Path['root'] = '';
  if (s.startsWith('$')) {
    root = '$';
    s = s.slice(1);
  } else if (s.startsWith('@')) {
    root = '@';
    s = s.slice(1);
  }
  const steps: Step[] = [];
  let i = 0;
  const readName = (): string => {
    let name = '';
    while (i < s.length && !'.[]{}() \t'.includes(s[i]!)) {
      if (s[i] === '\\' && i + 1 < s.length) {
        name += s[i + 1];
        i += 2;
      } else name += s[i++];
    }
    return name;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      if (s[i + 1] === '.') {
        i += 2;
        if (s[i] === '*') {
          i++;
          steps.push({ t: 'recursive', name: null });
        } else steps.push({ t: 'recursive', name: readName() || null });
        continue;
      }
      i++;
      if (s[i] === '*') {
        i++;
        steps.push({ t: 'wildcard' });
        continue;
      }
      const name = readName();
      if (name) steps.push({ t: 'field', name });
      continue;
    }
    if (c === '[') {
      const end = matchingBracket(s, i);
      if (end < 0) fail('unterminated array');
      const body = s.slice(i + 1, end).trim();
      i = end + 1;
      if (body === '*') steps.push({ t: 'wildcard' });
      else if (body.startsWith('?')) steps.push(parseFilter(body, fail));
      else steps.push(parseIndex(body, fail));
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    // A bare word cannot start with an escape (`{\n}` unquoted is no newline to kubectl).
    const name = c === '\\' ? '' : readName();
    if (!name) fail(`unrecognized character in action: ${goRuneName(c.codePointAt(0)!)}`);
    steps.push({ t: 'identifier', name });
  }
  return { root, steps };
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = quoteEnd(s, i);
      if (i < 0) return -1;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseIndex(body: string, fail: (why: string) => never): Step {
  const items: Extract<Step, { t: 'index' }>['items'] = [];
  for (const raw of body.split(',')) {
    const part = raw.trim();
    if (/^(['"]).*\1$/.test(part)) items.push({ k: 'n', name: unquote(part, fail) });
    else if (part.includes(':')) {
      const nums = part.split(':').map((x) => (x.trim() === '' ? null : Number(x.trim())));
      if (nums.some((x) => x !== null && !Number.isInteger(x))) fail(`invalid array index ${part}`);
      items.push({ k: 's', s: nums });
    } else if (/^-?\d+$/.test(part)) items.push({ k: 'i', i: Number(part) });
    else fail(`invalid array index ${part}`);
  }
  return { t: 'index', items };
}

function parseFilter(body: string, fail: (why: string) => never): Step {
  const m = /^\?\s*\((.*)\)$/s.exec(body);
  if (!m) fail(`unterminated filter`);
  const expr = m![1]!.trim();
  // kubectl's lexer knows no `=~` or `!` (other than in `!=`) in a filter.
  const stray = /^(?:[^'"!~]|'[^']*'|"(?:\\.|[^"\\])*"|!=)*?(~|!(?!=))/.exec(expr);
  if (stray) fail(`unrecognized character in action: ${goRuneName(stray[1]!.codePointAt(0)!)}`);
  const opMatch = /\s*(==|!=|<=|>=|<|>)\s*/.exec(expr);
  const operand = (t: string): Operand => {
    const x = t.trim();
    if (x.startsWith('@') || x.startsWith('$')) return { k: 'path', path: parsePath(x, fail) };
    if (/^(['"]).*\1$/s.test(x)) return { k: 'lit', v: unquote(x, fail) };
    if (x === 'true' || x === 'false') return { k: 'lit', v: x === 'true' };
    if (x !== '' && !Number.isNaN(Number(x))) return { k: 'lit', v: Number(x) };
    return fail(`unrecognized identifier ${x}`);
  };
  if (!opMatch) {
    const left = operand(expr);
    if (left.k !== 'path') fail(`invalid filter ${expr}`);
    return { t: 'filter', left: (left as { path: Path }).path, op: null, right: null };
  }
  const left = operand(expr.slice(0, opMatch.index));
  const right = operand(expr.slice(opMatch.index + opMatch[0].length));
  if (left.k !== 'path') fail(`invalid filter ${expr}`);
  return { t: 'filter', left: (left as { path: Path }).path, op: opMatch[1]!, right };
}

/** A failure while running a template; kubectl reports it with the template and the whole object. */
class ExecError extends Error {}

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Evaluate a path against the current value (`@`) and the document root (`$`). */
function evalPath(path: Path, cur: Json, root: Json): Json[] {
  // A bare word is a node of its own to kubectl, refused whatever the steps before it found.
  const word = path.steps.find((s) => s.t === 'identifier');
  if (word) throw new ExecError(`unrecognized identifier ${(word as { name: string }).name}`);
  let vals: Json[] = [path.root === '$' ? root : cur];
  for (const step of path.steps) vals = vals.flatMap((v) => evalStep(step, v, root));
  return vals;
}

function evalStep(step: Step, v: Json, root: Json): Json[] {
  switch (step.t) {
    case 'field':
      if (isObj(v) && Object.hasOwn(v, step.name)) return [v[step.name]];
      return [];
    case 'identifier':
      throw new ExecError(`unrecognized identifier ${step.name}`);
    case 'wildcard':
      if (Array.isArray(v)) return v;
      if (isObj(v)) return Object.keys(v).sort().map((k) => v[k]);
      return [];
    case 'recursive': {
      const out: Json[] = [];
      const walk = (x: Json) => {
        if (step.name === null) out.push(x);
        else if (isObj(x) && Object.hasOwn(x, step.name)) out.push(x[step.name]);
        if (Array.isArray(x)) x.forEach(walk);
        else if (isObj(x)) Object.keys(x).sort().forEach((k) => walk(x[k]));
      };
      walk(v);
      return step.name === null ? out.slice(1) : out;
    }
    case 'index': {
      const out: Json[] = [];
      for (const it of step.items) {
        if (it.k === 'n') {
          if (isObj(v) && Object.hasOwn(v, it.name)) out.push(v[it.name]);
          continue;
        }
        if (!Array.isArray(v)) continue;
        const len = v.length;
        if (it.k === 'i') {
          const idx = it.i < 0 ? len + it.i : it.i;
          if (idx >= 0 && idx < len) out.push(v[idx]);
          else throw new ExecError(`array index out of bounds: index ${it.i}, length ${len}`);
          continue;
        }
        const [a, b, c] = it.s;
        const stepBy = c ?? 1;
        let start = a ?? 0;
        let end = b ?? len;
        if (start < 0) start += len;
        if (end < 0) end += len;
        start = Math.max(0, Math.min(start, len));
        end = Math.max(0, Math.min(end, len));
        for (let k = start; k < end; k += stepBy > 0 ? stepBy : 1) out.push(v[k]);
      }
      return out;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : isObj(v) ? Object.keys(v).sort().map((k) => v[k]) : [];
      return items.filter((item) => {
        const left = evalPath(step.left, item, root);
        if (step.op === null) return left.length > 0;
        if (!left.length) return false;
        const right = step.right!.k === 'lit' ? [step.right!.v] : evalPath(step.right!.path, item, root);
        if (!right.length) return false;
        return compare(left[0], step.op, right[0]);
      });
    }
  }
}

function compare(a: Json, op: string, b: Json): boolean {
  const an = typeof a === 'number' ? a : typeof a === 'string' && typeof b === 'number' ? Number(a) : a;
  const bn = typeof b === 'number' ? b : typeof b === 'string' && typeof a === 'number' ? Number(b) : b;
  switch (op) {
    case '==':
      return JSON.stringify(an) === JSON.stringify(bn);
    case '!=':
      return JSON.stringify(an) !== JSON.stringify(bn);
    case '<':
      return (an as number) < (bn as number);
    case '>':
      return (an as number) > (bn as number);
    case '<=':
      return (an as number) <= (bn as number);
    case '>=':
      return (an as number) >= (bn as number);
  }
  return false;
}

/** Go's json.Marshal of a map: compact, keys sorted, Go's escapes. */
export function goJson(v: Json): string {
  return goJsonText(sortKeys(v));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/** One value as kubectl's jsonpath prints it. */
export function valueText(v: Json): string {
  if (Array.isArray(v) || isObj(v)) return goJson(v);
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** Run a parsed template against a document; returns the printed text. */
export function executeJsonPath(jp: JsonPath, doc: Json): string {
  const run = (nodes: Node[], cur: Json): string => {
    let out = '';
    for (const n of nodes) {
      if (n.t === 'text') out += n.s;
      else if (n.t === 'path') out += evalPath(n.path, cur, doc).filter((v) => v !== null && v !== undefined).map(valueText).join(' ');
      else for (const item of evalPath(n.path, cur, doc)) out += run(n.body, item);
    }
    return out;
  };
  return guarded(jp, doc, () => run(jp.nodes, doc));
}

function guarded(jp: JsonPath, doc: Json, f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    throw new RawError(
      `error: error executing jsonpath ${JSON.stringify(jp.source)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${jp.source}\n\tobject given to jsonpath engine was:\n\t\t${goSharpV(doc)}\n\n`,
    );
  }
}

/** Go's %#v of a decoded JSON value (map[string]interface {}{...}). */
export function goSharpV(v: Json): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isObj(v)) return `map[string]interface {}{${Object.keys(v).sort().map((k) => `${goQuote(k)}:${goSharpV(v[k])}`).join(', ')}}`;
  if (typeof v === 'string') return goQuote(v);
  return String(v);
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** `-o jsonpath-as-json`: every action's results as an indented JSON array. */
export function executeJsonPathAsJson(jp: JsonPath, doc: Json): string {
  const run = (nodes: Node[], cur: Json): string => {
    let out = '';
    for (const n of nodes) {
      if (n.t === 'text') out += n.s;
      else if (n.t === 'path') out += goJsonText(sortKeys(evalPath(n.path, cur, doc)), 4) + '\n';
      else for (const item of evalPath(n.path, cur, doc)) out += run(n.body, item);
    }
    return out;
  };
  return guarded(jp, doc, () => run(jp.nodes, doc));
}

/** All values a path finds (for --sort-by and custom columns). */
export function findValues(jp: JsonPath, doc: Json): Json[] {
  const out: Json[] = [];
  const run = (nodes: Node[], cur: Json) => {
    for (const n of nodes) {
      if (n.t === 'path') out.push(...evalPath(n.path, cur, doc));
      else if (n.t === 'range') for (const item of evalPath(n.path, cur, doc)) run(n.body, item);
    }
  };
  run(jp.nodes, doc);
  return out;
}

/** kubectl's RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`. */
export function relaxedJsonPath(expr: string): string {
  const s = expr.trim();
  if (s.startsWith('{') && s.endsWith('}')) return s;
  if (s === '' || s === '.') return '{}';
  return `{${s.startsWith('.') ? s : '.' + s}}`;
}
