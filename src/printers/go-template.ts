/**
 * `-o go-template=...`: the subset of Go's text/template that kubectl users write: field chains
 * (`.metadata.name`), variables, pipelines, `range`/`if`/`with`/`else`/`end`, `{{- -}}` trimming, and
 * the functions index, len, printf, print, println, eq, ne, lt, le, gt, ge, and, or, not,
 * base64decode. Values print as Go's fmt.Print prints decoded JSON (`map[k:v]`, `<no value>`).
 */
import { CliError } from '../api/errors.js';

type Value = unknown;
const MISSING = Symbol('no value');

type Expr =
  | { k: 'field'; base: Expr | null; path: string[] }
  | { k: 'var'; name: string; path: string[] }
  | { k: 'lit'; v: Value }
  | { k: 'call'; fn: string; args: Expr[] }
  | { k: 'pipe'; cmds: Expr[] };

type Node =
  | { t: 'text'; s: string }
  | { t: 'action'; decl: string[]; assign: boolean; pipe: Expr }
  | { t: 'if' | 'with'; pipe: Expr; body: Node[]; alt: Node[] }
  | { t: 'range'; vars: string[]; pipe: Expr; body: Node[]; alt: Node[] };

export interface GoTemplate {
  nodes: Node[];
}

class ParseError extends Error {}

/** Split `{{ }}` actions out of the text, applying trim markers. */
function lex(src: string): ({ text: string } | { action: string })[] {
  const out: ({ text: string } | { action: string })[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) out.push({ text });
    let j = start;
    let quote = '';
    for (; j < src.length; j++) {
      const c = src[j]!;
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === '`' || c === "'") quote = c;
      else if (src.startsWith('}}', j)) break;
    }
    if (j >= src.length) throw new ParseError('unclosed action');
    let body = src.slice(start, j);
    i = j + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^\s*/.exec(src.slice(i))!;
      i += m[0].length;
    }
    out.push({ action: body.trim() });
  }
  return out;
}

/** Tokens of one action: strings, numbers, words, (, ), |, :=, =, comma. */
function tokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else if (c === '`') {
      const j = s.indexOf('`', i + 1);
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else if ('()|,'.includes(c)) {
      out.push(c);
      i++;
    } else if (s.startsWith(':=', i)) {
      out.push(':=');
      i += 2;
    } else {
      let j = i;
      while (j < s.length && !/[\s()|,]/.test(s[j]!) && !s.startsWith(':=', j)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

function parsePipe(toks: string[]): Expr {
  const cmds: Expr[] = [];
  let cur: string[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t === '(') depth++;
    if (t === ')') depth--;
    if (t === '|' && depth === 0) {
      cmds.push(parseCommand(cur));
      cur = [];
    } else cur.push(t);
  }
  cmds.push(parseCommand(cur));
  return cmds.length === 1 ? cmds[0]! : { k: 'pipe', cmds };
}

function parseCommand(toks: string[]): Expr {
  const args: Expr[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    if (t === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < toks.length && depth; j++) {
        if (toks[j] === '(') depth++;
        if (toks[j] === ')') depth--;
      }
      let e = parsePipe(toks.slice(i + 1, j - 1));
      const after = toks[j];
      if (after && after.startsWith('.')) {
        e = { k: 'field', base: e, path: after.slice(1).split('.') };
        j++;
      }
      args.push(e);
      i = j;
      continue;
    }
    args.push(operand(t));
    i++;
  }
  if (!args.length) throw new ParseError('missing value for command');
  const head = args[0]!;
  if (head.k === 'call' && head.args.length === 0) return { k: 'call', fn: head.fn, args: args.slice(1) };
  if (args.length > 1) throw new ParseError(`can't give argument to non-function ${toks[0]}`);
  return head;
}

function operand(t: string): Expr {
  if (t.startsWith('"')) return { k: 'lit', v: JSON.parse(t) };
  if (t.startsWith('`')) return { k: 'lit', v: t.slice(1, -1) };
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return { k: 'lit', v: Number(t) };
  if (t === 'true' || t === 'false') return { k: 'lit', v: t === 'true' };
  if (t === 'nil') return { k: 'lit', v: null };
  if (t === '.') return { k: 'field', base: null, path: [] };
  if (t.startsWith('.')) return { k: 'field', base: null, path: t.slice(1).split('.') };
  if (t.startsWith('$')) {
    const [name, ...path] = t.split('.');
    return { k: 'var', name: name!, path };
  }
  if (/^[A-Za-z_]\w*$/.test(t)) {
    if (!(t in FUNCS)) throw new ParseError(`function "${t}" not defined`);
    return { k: 'call', fn: t, args: [] };
  }
  throw new ParseError(`unexpected "${t}" in command`);
}

/** Parse a template (kubectl's errors read `error parsing template <tpl>, template: output:1: <why>`). */
export function parseGoTemplate(src: string): GoTemplate {
  try {
    const items = lex(src);
    const root: Node[] = [];
    const stack: { node: Node | null; list: Node[] }[] = [{ node: null, list: root }];
    const top = () => stack[stack.length - 1]!;
    for (const it of items) {
      if ('text' in it) {
        top().list.push({ t: 'text', s: it.text });
        continue;
      }
      const a = it.action;
      if (a.startsWith('/*')) continue;
      const [word, ...rest] = tokens(a);
      if (word === 'end') {
        if (stack.length === 1) throw new ParseError('unexpected {{end}}');
        stack.pop();
        continue;
      }
      if (word === 'else') {
        const frame = top();
        const n = frame.node as Extract<Node, { alt: Node[] }> | null;
        if (!n) throw new ParseError('unexpected {{else}}');
        if (rest[0] === 'if') {
          // `else if` nests an if inside the else branch that the same {{end}} closes.
          const inner: Node = { t: 'if', pipe: parsePipe(rest.slice(1)), body: [], alt: [] };
          n.alt.push(inner);
          stack.pop();
          stack.push({ node: inner, list: inner.body });
          continue;
        }
        frame.list = n.alt;
        continue;
      }
      if (word === 'if' || word === 'with') {
        const n: Node = { t: word, pipe: parsePipe(rest), body: [], alt: [] };
        top().list.push(n);
        stack.push({ node: n, list: n.body });
        continue;
      }
      if (word === 'range') {
        let vars: string[] = [];
        let toks = rest;
        const decl = rest.indexOf(':=');
        if (decl >= 0) {
          vars = rest.slice(0, decl).filter((x) => x !== ',');
          toks = rest.slice(decl + 1);
        }
        const n: Node = { t: 'range', vars, pipe: parsePipe(toks), body: [], alt: [] };
        top().list.push(n);
        stack.push({ node: n, list: n.body });
        continue;
      }
      const all = [word!, ...rest];
      const d = all.indexOf(':=');
      const eq = all.indexOf('=');
      if (d > 0) top().list.push({ t: 'action', decl: all.slice(0, d), assign: false, pipe: parsePipe(all.slice(d + 1)) });
      else if (eq > 0 && all[0]!.startsWith('$')) top().list.push({ t: 'action', decl: all.slice(0, eq), assign: true, pipe: parsePipe(all.slice(eq + 1)) });
      else top().list.push({ t: 'action', decl: [], assign: false, pipe: parsePipe(all) });
    }
    if (stack.length > 1) throw new ParseError('unexpected EOF');
    return { nodes: root };
  } catch (e) {
    if (e instanceof ParseError) throw new CliError(`error parsing template ${src}, template: output:1: ${e.message}`);
    throw e;
  }
}

const isMap = (v: Value): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v);

function truthy(v: Value): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** fmt.Print of a decoded JSON value. */
export function goPrint(v: Value): string {
  if (v === MISSING || v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
  return String(v);
}

function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([svdqtfx%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(typeof a === 'string' ? a : goPrint(a));
    if (verb === 'd') return typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${goPrint(a)})`;
    return goPrint(a);
  });
}

const cmp = (a: Value, b: Value) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

const FUNCS: Record<string, (...a: Value[]) => Value> = {
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) {
      if (Array.isArray(cur)) {
        if (typeof k !== 'number' || k < 0 || k >= cur.length) throw new Error(`error calling index: index out of range: ${goPrint(k)}`);
        cur = cur[k];
      } else if (isMap(cur)) cur = k !== undefined && String(k) in cur ? cur[String(k)] : MISSING;
      else cur = MISSING;
    }
    return cur;
  },
  len: (v) => (Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : typeof v === 'string' ? Buffer.byteLength(v) : 0),
  printf: (f, ...a) => sprintf(String(f), a),
  print: (...a) => a.map(goPrint).join(''),
  println: (...a) => a.map(goPrint).join(' ') + '\n',
  eq: (a, ...b) => b.some((x) => JSON.stringify(x) === JSON.stringify(a)),
  ne: (a, b) => JSON.stringify(a) !== JSON.stringify(b),
  lt: (a, b) => cmp(a, b) < 0,
  le: (a, b) => cmp(a, b) <= 0,
  gt: (a, b) => cmp(a, b) > 0,
  ge: (a, b) => cmp(a, b) >= 0,
  and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
  not: (a) => !truthy(a),
  base64decode: (a) => Buffer.from(String(a), 'base64').toString('utf8'),
};

function field(v: Value, path: string[]): Value {
  let cur = v;
  for (const p of path) {
    if (!p) continue;
    cur = isMap(cur) && p in cur ? cur[p] : MISSING;
  }
  return cur;
}

interface Scope {
  dot: Value;
  vars: Map<string, Value>;
}

function evalExpr(e: Expr, s: Scope, piped?: Value): Value {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'field':
      return field(e.base ? evalExpr(e.base, s) : s.dot, e.path);
    case 'var': {
      if (!s.vars.has(e.name)) throw new Error(`undefined variable: ${e.name}`);
      return field(s.vars.get(e.name), e.path);
    }
    case 'call': {
      const args = e.args.map((a) => evalExpr(a, s));
      if (piped !== undefined) args.push(piped);
      return FUNCS[e.fn]!(...args);
    }
    case 'pipe': {
      let v: Value = undefined;
      e.cmds.forEach((c, i) => {
        v = i === 0 ? evalExpr(c, s) : evalExpr(c, s, v);
      });
      return v;
    }
  }
}

function run(nodes: Node[], s: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'action') {
      const v = evalExpr(n.pipe, s);
      if (n.decl.length) n.decl.forEach((name) => s.vars.set(name, v));
      // text/template prints a nil interface as <no value>; nested nils print as fmt does (<nil>).
      else out += v === null ? '<no value>' : goPrint(v);
    } else if (n.t === 'if') out += truthy(evalExpr(n.pipe, s)) ? run(n.body, s) : run(n.alt, s);
    else if (n.t === 'with') {
      const v = evalExpr(n.pipe, s);
      out += truthy(v) ? run(n.body, { dot: v, vars: s.vars }) : run(n.alt, s);
    } else if (n.t === 'range') {
      const v = evalExpr(n.pipe, s);
      const entries: [Value, Value][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : isMap(v) ? Object.keys(v).sort().map((k) => [k, v[k]]) : [];
      if (!entries.length) {
        out += run(n.alt, s);
        continue;
      }
      for (const [k, x] of entries) {
        const vars = new Map(s.vars);
        if (n.vars.length === 1) vars.set(n.vars[0]!, x);
        if (n.vars.length === 2) {
          vars.set(n.vars[0]!, k);
          vars.set(n.vars[1]!, x);
        }
        out += run(n.body, { dot: x, vars });
      }
    }
  }
  return out;
}

export function executeGoTemplate(t: GoTemplate, doc: Value): string {
  try {
    return run(t.nodes, { dot: doc, vars: new Map([['$', doc]]) });
  } catch (e) {
    throw new CliError(`error executing template: template: output:1: ${(e as Error).message}`);
  }
}
