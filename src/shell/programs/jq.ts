/**
 * jq (1.7) for the filters tutorials run on `kubectl get -o json`: paths (`.items[].metadata.name`,
 * `.["a-b"]`, `.[0]`, `.[]?`, `..`), pipes and commas, `select`, `map`, `length`, `keys`, `has`,
 * comparisons and `and`/`or`/`not`, `//`, arithmetic, array and object construction, string
 * interpolation, `if ... then ... else ... end`, the common builtins (to_entries, with_entries, join,
 * split, test, startswith, sort_by, unique, add, min/max, @base64d, tostring...), and the options
 * `-r`, `-c`, `-j`, `-n`, `-s`, `-e`, `-R` (each input line a string: reading a JWT's parts), `--arg`, `--argjson`. An unknown function is reported as not simulated.
 */
import { ProgramKilled } from '../budget.js';
import { result, type Program } from '../types.js';
import { inputOf, notSimulated } from './text.js';
import { leftAssoc } from './precedence.js';

type J = null | boolean | number | string | J[] | { [k: string]: J };

type Node =
  | { t: 'identity' }
  | { t: 'recurse' }
  | { t: 'lit'; v: J }
  | { t: 'str'; parts: (string | Node)[]; format?: string }
  | { t: 'field'; of: Node; name: Node; opt: boolean }
  | { t: 'slice'; of: Node; from?: Node; to?: Node; opt: boolean }
  | { t: 'iter'; of: Node; opt: boolean }
  | { t: 'pipe'; a: Node; b: Node }
  | { t: 'comma'; a: Node; b: Node }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'neg'; e: Node }
  | { t: 'array'; e?: Node }
  | { t: 'object'; entries: { key: Node; value?: Node }[] }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'var'; name: string }
  | { t: 'if'; branches: { c: Node; then: Node }[]; else?: Node }
  | { t: 'try'; e: Node; catch?: Node }
  | { t: 'as'; e: Node; name: string; body: Node }
  | { t: 'reduce'; e: Node; name: string; init: Node; update: Node };

class JqError extends Error {}
class JqSyntax extends Error {}
class NotSimulated extends Error {}

// ---------------------------------------------------------------------------------------------------
// Lexer and parser

type Tok = { k: 'num'; v: number } | { k: 'str'; v: (string | Tok[])[] } | { k: 'ident'; v: string } | { k: 'field'; v: string } | { k: 'var'; v: string } | { k: 'format'; v: string } | { k: 'op'; v: string } | { k: 'eof' };

const OPS = ['?//', '|=', '+=', '-=', '//=', '==', '!=', '<=', '>=', '//', '..', '|', ',', '+', '-', '*', '/', '%', '<', '>', '(', ')', '[', ']', '{', '}', ':', ';', '.', '?', '='];

function lex(src: string, i = 0, inInterp = false): { toks: Tok[]; end: number } {
  const toks: Tok[] = [];
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (inInterp && c === ')' && depth === 0) return { toks: [...toks, { k: 'eof' }], end: i + 1 };
    if (c === '"') {
      const parts: (string | Tok[])[] = [];
      let s = '';
      i++;
      for (; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\') {
          const d = src[++i]!;
          if (d === '(') {
            if (s) parts.push(s);
            s = '';
            const inner = lex(src, i + 1, true);
            parts.push(inner.toks);
            i = inner.end - 1;
            continue;
          }
          if (d === 'u') {
            s += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16));
            i += 4;
            continue;
          }
          s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' } as Record<string, string>)[d] ?? d;
        } else s += src[i];
      }
      if (src[i] !== '"') throw new JqSyntax('unterminated string');
      i++;
      if (s || !parts.length) parts.push(s);
      toks.push({ k: 'str', v: parts });
      continue;
    }
    const num = /^(\d+\.?\d*([eE][-+]?\d+)?|\.\d+)/.exec(src.slice(i));
    if (num && !(c === '.' && /[A-Za-z_]/.test(src[i + 1] ?? ''))) {
      toks.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (c === '.' && /[A-Za-z_]/.test(src[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1))![0];
      toks.push({ k: 'field', v: m });
      i += 1 + m.length;
      continue;
    }
    if (c === '$') {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1));
      if (!m) throw new JqSyntax('unexpected $');
      toks.push({ k: 'var', v: m[0] });
      i += 1 + m[0].length;
      continue;
    }
    if (c === '@') {
      const m = /^[A-Za-z0-9]+/.exec(src.slice(i + 1));
      if (!m) throw new JqSyntax('unexpected @');
      toks.push({ k: 'format', v: m[0] });
      i += 1 + m[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (id) {
      toks.push({ k: 'ident', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new JqSyntax(`unexpected character '${c}'`);
    if (op === '(') depth++;
    if (op === ')') depth--;
    toks.push({ k: 'op', v: op });
    i += op.length;
  }
  if (inInterp) throw new JqSyntax('unterminated string interpolation');
  toks.push({ k: 'eof' });
  return { toks, end: i };
}

class Parser {
  private k = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.k]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.k === 'op' && t.v === v;
  }
  private isIdent(v: string): boolean {
    const t = this.peek();
    return t.k === 'ident' && t.v === v;
  }
  private eat(v: string): void {
    const t = this.peek();
    if (!((t.k === 'op' || t.k === 'ident') && t.v === v)) throw new JqSyntax(`syntax error, expected '${v}'`);
    this.k++;
  }

  parseAll(): Node {
    const n = this.pipe();
    if (this.peek().k !== 'eof') throw new JqSyntax('syntax error, unexpected token');
    return n;
  }

  pipe(): Node {
    if (++this.depth > 200) throw new JqSyntax('filter nested too deeply');
    let a = this.comma();
    if (this.isIdent('as')) {
      this.k++;
      const v = this.peek();
      if (v.k !== 'var') throw new JqSyntax('syntax error, expected $name after as');
      this.k++;
      this.eat('|');
      a = { t: 'as', e: a, name: v.v, body: this.pipe() };
    } else if (this.isOp('|')) {
      this.k++;
      a = { t: 'pipe', a, b: this.pipe() };
    }
    this.depth--;
    return a;
  }

  private comma(): Node {
    let a = this.alt();
    while (this.isOp(',')) {
      this.k++;
      a = { t: 'comma', a, b: this.alt() };
    }
    return a;
  }

  private alt(): Node {
    const a = this.or();
    if (this.isOp('//')) {
      this.k++;
      return { t: 'bin', op: '//', a, b: this.alt() };
    }
    for (const op of ['|=', '+=', '-=', '=', '//=']) {
      if (this.isOp(op)) throw new NotSimulated(`the update operator ${op}`);
    }
    return a;
  }

  /** The next token when it is one of `ops` (an operator, or the words `and`/`or`), consumed. */
  private takeOp(ops: string[]): string | undefined {
    const t = this.peek();
    if ((t.k !== 'op' && t.k !== 'ident') || !ops.includes(t.v)) return undefined;
    this.k++;
    return t.v;
  }

  /** A level of left-associative binary operators. */
  private binary(ops: string[], next: () => Node): Node {
    return leftAssoc(next, () => this.takeOp(ops), (op, a, b) => ({ t: 'bin', op, a, b }));
  }

  private or(): Node {
    return this.binary(['or'], () => this.and());
  }

  private and(): Node {
    return this.binary(['and'], () => this.cmp());
  }

  private cmp(): Node {
    const a = this.add();
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.isOp(op)) {
        this.k++;
        return { t: 'bin', op, a, b: this.add() };
      }
    }
    return a;
  }

  private add(): Node {
    return this.binary(['+', '-'], () => this.mul());
  }

  private mul(): Node {
    return this.binary(['*', '/', '%'], () => this.postfix());
  }

  private postfix(): Node {
    let e = this.term();
    for (;;) {
      const t = this.peek();
      if (t.k === 'field') {
        this.k++;
        e = { t: 'field', of: e, name: { t: 'lit', v: t.v }, opt: this.optional() };
      } else if (t.k === 'op' && t.v === '.' && this.toks[this.k + 1]?.k === 'str') {
        this.k++;
        e = { t: 'field', of: e, name: this.stringNode(this.peek() as Tok & { k: 'str' }), opt: false };
        this.k++;
        e = { ...e, opt: this.optional() } as Node;
      } else if (t.k === 'op' && (t.v === '[' || (t.v === '.' && this.toks[this.k + 1]?.k === 'op' && (this.toks[this.k + 1] as { v: string }).v === '['))) {
        if (t.v === '.') this.k++;
        e = this.bracket(e);
      } else if (t.k === 'op' && t.v === '?') {
        this.k++;
        e = { t: 'try', e };
      } else return e;
    }
  }

  private optional(): boolean {
    if (this.isOp('?')) {
      this.k++;
      return true;
    }
    return false;
  }

  /** `[]`, `[N]`, `["k"]`, `[a:b]` after `of`. */
  private bracket(of: Node): Node {
    this.eat('[');
    if (this.isOp(']')) {
      this.k++;
      return { t: 'iter', of, opt: this.optional() };
    }
    if (this.isOp(':')) {
      this.k++;
      const to = this.pipe();
      this.eat(']');
      return { t: 'slice', of, to, opt: this.optional() };
    }
    const idx = this.pipe();
    if (this.isOp(':')) {
      this.k++;
      const to = this.isOp(']') ? undefined : this.pipe();
      this.eat(']');
      return { t: 'slice', of, from: idx, to, opt: this.optional() };
    }
    this.eat(']');
    return { t: 'field', of, name: idx, opt: this.optional() };
  }

  private stringNode(t: Tok & { k: 'str' }, format?: string): Node {
    return { t: 'str', format, parts: t.v.map((p) => (typeof p === 'string' ? p : new Parser(p).parseAll())) };
  }

  private term(): Node {
    const t = this.peek();
    this.k++;
    switch (t.k) {
      case 'num':
        return { t: 'lit', v: t.v };
      case 'str':
        return this.stringNode(t);
      case 'field':
        return { t: 'field', of: { t: 'identity' }, name: { t: 'lit', v: t.v }, opt: this.optional() };
      case 'var':
        return { t: 'var', name: t.v };
      case 'format': {
        const s = this.peek();
        if (s.k === 'str') {
          this.k++;
          return this.stringNode(s, t.v);
        }
        return { t: 'call', name: `@${t.v}`, args: [] };
      }
      case 'op':
        switch (t.v) {
          case '.': {
            const n = this.peek();
            if (n.k === 'str') {
              this.k++;
              return { t: 'field', of: { t: 'identity' }, name: this.stringNode(n), opt: this.optional() };
            }
            if (n.k === 'op' && n.v === '[') return this.bracket({ t: 'identity' });
            return { t: 'identity' };
          }
          case '..':
            return { t: 'recurse' };
          case '(': {
            const e = this.pipe();
            this.eat(')');
            return e;
          }
          case '[': {
            if (this.isOp(']')) {
              this.k++;
              return { t: 'array' };
            }
            const e = this.pipe();
            this.eat(']');
            return { t: 'array', e };
          }
          case '{':
            return this.object();
          case '-':
            return { t: 'neg', e: this.postfix() };
        }
        break;
      case 'ident':
        return this.identifier(t.v);
    }
    throw new JqSyntax('syntax error, unexpected token');
  }

  private object(): Node {
    const entries: { key: Node; value?: Node }[] = [];
    while (!this.isOp('}')) {
      const t = this.peek();
      this.k++;
      let key: Node;
      if (t.k === 'ident') key = { t: 'lit', v: t.v };
      else if (t.k === 'str') key = this.stringNode(t);
      else if (t.k === 'var') {
        entries.push({ key: { t: 'lit', v: t.v }, value: { t: 'var', name: t.v } });
        if (this.isOp(',')) this.k++;
        continue;
      } else if (t.k === 'op' && t.v === '(') {
        key = this.pipe();
        this.eat(')');
      } else throw new JqSyntax('syntax error in object construction');
      let value: Node | undefined;
      if (this.isOp(':')) {
        this.k++;
        value = this.objectValue();
      }
      entries.push({ key, value });
      if (this.isOp(',')) this.k++;
      else if (!this.isOp('}')) throw new JqSyntax("syntax error, expected '}'");
    }
    this.k++;
    return { t: 'object', entries };
  }

  /** An object value: a term with postfixes, pipes only inside parentheses. */
  private objectValue(): Node {
    let a = this.alt();
    while (this.isOp('|')) {
      this.k++;
      a = { t: 'pipe', a, b: this.alt() };
    }
    return a;
  }

  private identifier(name: string): Node {
    switch (name) {
      case 'true':
        return { t: 'lit', v: true };
      case 'false':
        return { t: 'lit', v: false };
      case 'null':
        return { t: 'lit', v: null };
      case 'if': {
        const branches: { c: Node; then: Node }[] = [];
        let c = this.pipe();
        this.eat('then');
        let then = this.pipe();
        branches.push({ c, then });
        let other: Node | undefined;
        for (;;) {
          if (this.isIdent('elif')) {
            this.k++;
            c = this.pipe();
            this.eat('then');
            then = this.pipe();
            branches.push({ c, then });
            continue;
          }
          if (this.isIdent('else')) {
            this.k++;
            other = this.pipe();
          }
          this.eat('end');
          break;
        }
        return { t: 'if', branches, else: other };
      }
      case 'try': {
        const e = this.postfix();
        if (this.isIdent('catch')) {
          this.k++;
          return { t: 'try', e, catch: this.postfix() };
        }
        return { t: 'try', e };
      }
      case 'reduce': {
        const e = this.postfix();
        this.eat('as');
        const v = this.peek();
        if (v.k !== 'var') throw new JqSyntax('syntax error, expected $name');
        this.k++;
        this.eat('(');
        const init = this.pipe();
        this.eat(';');
        const update = this.pipe();
        this.eat(')');
        return { t: 'reduce', e, name: v.v, init, update };
      }
      case 'def':
      case 'foreach':
      case 'label':
        throw new NotSimulated(name);
    }
    const args: Node[] = [];
    if (this.isOp('(')) {
      this.k++;
      args.push(this.pipe());
      while (this.isOp(';')) {
        this.k++;
        args.push(this.pipe());
      }
      this.eat(')');
    }
    return { t: 'call', name, args };
  }
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

function typeOf(v: J): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
function compare(a: J, b: J): number {
  const rank = (v: J) => (v === null ? 0 : v === false ? 1 : v === true ? 2 : typeof v === 'number' ? 3 : typeof v === 'string' ? 4 : Array.isArray(v) ? 5 : 6);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (Array.isArray(a)) {
    const bb = b as J[];
    for (let i = 0; i < Math.min(a.length, bb.length); i++) {
      const c = compare(a[i]!, bb[i]!);
      if (c) return c;
    }
    return a.length - bb.length;
  }
  if (a && typeof a === 'object') {
    const bo = b as Record<string, J>;
    const ka = Object.keys(a).sort();
    const kb = Object.keys(bo).sort();
    const c = compare(ka, kb);
    if (c) return c;
    for (const k of ka) {
      const d = compare(a[k]!, bo[k]!);
      if (d) return d;
    }
  }
  return 0;
}

const truthy = (v: J) => v !== null && v !== false;

/** How a value is named in error messages: `array ([1,2])`, `string ("x")`. */
function describe(v: J): string {
  const s = JSON.stringify(v);
  return `${typeOf(v)} (${s.length > 11 ? s.slice(0, 10) + '...' : s})`;
}

function toText(v: J): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

class Jq {
  private steps = 0;
  constructor(private readonly vars: Record<string, J>) {}

  private step(): void {
    if (++this.steps > 1_000_000) throw new ProgramKilled(137, 'kube-sim: program killed: jq ran 1,000,000 steps (the step budget of a simulated program)');
  }

  eval(n: Node, input: J, env: Record<string, J> = this.vars): J[] {
    this.step();
    switch (n.t) {
      case 'identity':
        return [input];
      case 'recurse': {
        const out: J[] = [];
        const walk = (v: J) => {
          this.step();
          out.push(v);
          if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') Object.values(v).forEach(walk);
        };
        walk(input);
        return out;
      }
      case 'lit':
        return [n.v];
      case 'var':
        if (n.name === '__loc__') return [{ file: '<stdin>', line: 1 }];
        if (n.name === 'ENV') return [{}];
        if (!(n.name in env)) throw new JqSyntax(`$${n.name} is not defined`);
        return [env[n.name]!];
      case 'str': {
        let outs = [''];
        for (const p of n.parts) {
          if (typeof p === 'string') outs = outs.map((o) => o + p);
          else {
            const vals = this.eval(p, input, env);
            outs = outs.flatMap((o) => vals.map((v) => o + (n.format ? format(n.format, v) : toText(v))));
          }
        }
        return outs;
      }
      case 'field': {
        const out: J[] = [];
        for (const of of this.eval(n.of, input, env)) {
          for (const key of this.eval(n.name, input, env)) {
            try {
              out.push(index(of, key));
            } catch (e) {
              if (!n.opt) throw e;
            }
          }
        }
        return out;
      }
      case 'slice': {
        const out: J[] = [];
        for (const of of this.eval(n.of, input, env)) {
          if (of === null) {
            out.push(null);
            continue;
          }
          if (typeof of !== 'string' && !Array.isArray(of)) {
            if (n.opt) continue;
            throw new JqError(`Cannot index ${typeOf(of)} with object`);
          }
          const from = n.from ? (this.eval(n.from, input, env)[0] as number) : 0;
          const to = n.to ? (this.eval(n.to, input, env)[0] as number) : of.length;
          out.push(of.slice(from ?? 0, to ?? of.length) as J);
        }
        return out;
      }
      case 'iter': {
        const out: J[] = [];
        for (const of of this.eval(n.of, input, env)) {
          if (Array.isArray(of)) out.push(...of);
          else if (of && typeof of === 'object') out.push(...Object.values(of));
          else if (!n.opt) throw new JqError(`Cannot iterate over ${of === null ? 'null' : describe(of)}`);
        }
        return out;
      }
      case 'pipe':
        return this.eval(n.a, input, env).flatMap((v) => this.eval(n.b, v, env));
      case 'comma':
        return [...this.eval(n.a, input, env), ...this.eval(n.b, input, env)];
      case 'as':
        return this.eval(n.e, input, env).flatMap((v) => this.eval(n.body, input, { ...env, [n.name]: v }));
      case 'reduce': {
        let acc = this.eval(n.init, input, env);
        for (const v of this.eval(n.e, input, env)) acc = acc.flatMap((a) => this.eval(n.update, a, { ...env, [n.name]: v }));
        return acc;
      }
      case 'neg':
        return this.eval(n.e, input, env).map((v) => {
          if (typeof v !== 'number') throw new JqError(`${describe(v)} cannot be negated`);
          return -v;
        });
      case 'array':
        return [n.e ? this.eval(n.e, input, env) : []];
      case 'object': {
        let outs: Record<string, J>[] = [{}];
        for (const e of n.entries) {
          const keys = this.eval(e.key, input, env);
          const next: Record<string, J>[] = [];
          for (const o of outs) {
            for (const k of keys) {
              if (typeof k !== 'string') throw new JqError(`Object keys must be strings`);
              const values = e.value ? this.eval(e.value, input, env) : [index(input, k)];
              for (const v of values) next.push({ ...o, [k]: v });
            }
          }
          outs = next;
        }
        return outs;
      }
      case 'if': {
        const run = (k: number): J[] => {
          if (k >= n.branches.length) return n.else ? this.eval(n.else, input, env) : [input];
          const b = n.branches[k]!;
          return this.eval(b.c, input, env).flatMap((c) => (truthy(c) ? this.eval(b.then, input, env) : run(k + 1)));
        };
        return run(0);
      }
      case 'try':
        try {
          return this.eval(n.e, input, env);
        } catch (e) {
          if (!(e instanceof JqError)) throw e;
          return n.catch ? this.eval(n.catch, e.message, env) : [];
        }
      case 'bin':
        return this.binary(n, input, env);
      case 'call':
        return this.call(n.name, n.args, input, env);
    }
  }

  private binary(n: Node & { t: 'bin' }, input: J, env: Record<string, J>): J[] {
    if (n.op === '//') {
      let a: J[] = [];
      try {
        a = this.eval(n.a, input, env).filter(truthy);
      } catch (e) {
        if (!(e instanceof JqError)) throw e;
      }
      return a.length ? a : this.eval(n.b, input, env);
    }
    if (n.op === 'and' || n.op === 'or') {
      return this.eval(n.a, input, env).flatMap((a) => {
        if (n.op === 'and' && !truthy(a)) return [false];
        if (n.op === 'or' && truthy(a)) return [true];
        return this.eval(n.b, input, env).map((b) => truthy(b));
      });
    }
    const bs = this.eval(n.b, input, env);
    return this.eval(n.a, input, env).flatMap((a) => bs.map((b) => arith(n.op, a, b)));
  }

  private call(name: string, args: Node[], input: J, env: Record<string, J>): J[] {
    const one = (k: number) => this.eval(args[k]!, input, env);
    const str = (v: J, fn: string): string => {
      if (typeof v !== 'string') throw new JqError(`${describe(v)} cannot be ${fn}`);
      return v;
    };
    switch (`${name}/${args.length}`) {
      case 'empty/0':
        return [];
      case 'not/0':
        return [!truthy(input)];
      case 'length/0':
        if (input === null) return [0];
        if (typeof input === 'boolean') throw new JqError(`boolean (${input}) has no length`);
        if (typeof input === 'number') return [Math.abs(input)];
        if (typeof input === 'string') return [[...input].length];
        return [Array.isArray(input) ? input.length : Object.keys(input).length];
      case 'keys/0':
      case 'keys_unsorted/0':
        if (Array.isArray(input)) return [input.map((_v, i) => i)];
        if (input && typeof input === 'object') return [name === 'keys' ? Object.keys(input).sort() : Object.keys(input)];
        throw new JqError(`${describe(input)} has no keys`);
      case 'values/0':
        return input === null ? [] : [input];
      case 'has/1':
        return one(0).map((k) => (Array.isArray(input) ? typeof k === 'number' && k >= 0 && k < input.length : input && typeof input === 'object' ? Object.hasOwn(input, k as string) : (() => { throw new JqError(`Cannot check whether ${typeOf(input)} has a ${typeOf(k)} key`); })()));
      case 'select/1':
        return one(0).some(truthy) ? [input] : [];
      case 'map/1': {
        if (!Array.isArray(input) && !(input && typeof input === 'object')) throw new JqError(`Cannot iterate over ${input === null ? 'null' : describe(input)}`);
        const items = Array.isArray(input) ? input : Object.values(input);
        return [items.flatMap((v) => this.eval(args[0]!, v, env))];
      }
      case 'map_values/1': {
        if (Array.isArray(input)) return [input.map((v) => this.eval(args[0]!, v, env)[0] ?? null)];
        if (input && typeof input === 'object') return [Object.fromEntries(Object.entries(input).map(([k, v]) => [k, this.eval(args[0]!, v, env)[0] ?? null]))];
        throw new JqError(`Cannot iterate over ${describe(input)}`);
      }
      case 'to_entries/0':
        if (!input || typeof input !== 'object' || Array.isArray(input)) throw new JqError(`${describe(input)} has no keys`);
        return [Object.entries(input).map(([key, value]) => ({ key, value }))];
      case 'from_entries/0':
        if (!Array.isArray(input)) throw new JqError(`Cannot iterate over ${describe(input)}`);
        return [Object.fromEntries(input.map((e) => {
          const o = (e ?? {}) as Record<string, J>;
          const k = o.key ?? o.k ?? o.name ?? o.Name ?? o.Key ?? o.K;
          return [typeof k === 'string' ? k : JSON.stringify(k), (o.value ?? o.v ?? o.Value ?? o.V ?? null) as J];
        }))];
      case 'with_entries/1': {
        const entries = this.call('to_entries', [], input, env)[0] as J[];
        const mapped = entries.flatMap((e) => this.eval(args[0]!, e, env));
        return this.call('from_entries', [], mapped, env);
      }
      case 'add/0': {
        const items = Array.isArray(input) ? input : input && typeof input === 'object' ? Object.values(input) : [];
        return [items.reduce<J>((a, b) => (a === null ? b : arith('+', a, b)), null)];
      }
      case 'join/1':
        return one(0).map((sep) => {
          if (!Array.isArray(input)) throw new JqError(`Cannot iterate over ${describe(input)}`);
          return input.map((v) => (v === null ? '' : typeof v === 'object' ? (() => { throw new JqError(`Cannot join with ${typeOf(v)}`); })() : String(v))).join(str(sep, 'joined'));
        });
      case 'split/1':
        return one(0).map((sep) => str(input, 'split').split(str(sep, 'split')));
      case 'test/1':
      case 'test/2':
        return one(0).map((re) => new RegExp(str(re, 'matched'), args.length > 1 ? String(one(1)[0]).replace(/[gxnsl]/g, '') : '').test(str(input, 'matched')));
      case 'startswith/1':
        return one(0).map((p) => str(input, 'checked').startsWith(str(p, 'checked')));
      case 'endswith/1':
        return one(0).map((p) => str(input, 'checked').endsWith(str(p, 'checked')));
      case 'ltrimstr/1':
        return one(0).map((p) => (typeof input === 'string' && typeof p === 'string' && input.startsWith(p) ? input.slice(p.length) : input));
      case 'rtrimstr/1':
        return one(0).map((p) => (typeof input === 'string' && typeof p === 'string' && p && input.endsWith(p) ? input.slice(0, -p.length) : input));
      case 'contains/1':
        return one(0).map((b) => contains(input, b));
      case 'inside/1':
        return one(0).map((b) => contains(b, input));
      case 'ascii_downcase/0':
        return [str(input, 'lowercased').toLowerCase()];
      case 'ascii_upcase/0':
        return [str(input, 'uppercased').toUpperCase()];
      case 'tostring/0':
        return [toText(input)];
      case 'tonumber/0':
        if (typeof input === 'number') return [input];
        if (typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input))) return [Number(input)];
        throw new JqError(`Cannot parse '${toText(input)}' as JSON`);
      case 'tojson/0':
        return [JSON.stringify(input)];
      case 'fromjson/0':
        try {
          return [JSON.parse(str(input, 'parsed')) as J];
        } catch {
          throw new JqError(`${toText(input)} (while parsing '${toText(input)}')`);
        }
      case 'type/0':
        return [typeOf(input)];
      case 'sort/0':
        if (!Array.isArray(input)) throw new JqError(`${describe(input)} cannot be sorted, as it is not an array`);
        return [[...input].sort(compare)];
      case 'sort_by/1':
        if (!Array.isArray(input)) throw new JqError(`${describe(input)} cannot be sorted, as it is not an array`);
        return [[...input].map((v) => ({ v, k: this.eval(args[0]!, v, env) as J })).sort((a, b) => compare(a.k, b.k)).map((x) => x.v)];
      case 'group_by/1': {
        if (!Array.isArray(input)) throw new JqError(`Cannot index ${typeOf(input)} with number`);
        const sorted = [...input].map((v) => ({ v, k: this.eval(args[0]!, v, env) as J })).sort((a, b) => compare(a.k, b.k));
        const groups: J[][] = [];
        sorted.forEach((x, i) => (i && compare(sorted[i - 1]!.k, x.k) === 0 ? groups[groups.length - 1]!.push(x.v) : groups.push([x.v])));
        return [groups];
      }
      case 'unique/0':
        if (!Array.isArray(input)) throw new JqError(`${describe(input)} cannot be sorted, as it is not an array`);
        return [[...input].sort(compare).filter((v, i, a) => i === 0 || compare(a[i - 1]!, v) !== 0)];
      case 'unique_by/1': {
        if (!Array.isArray(input)) throw new JqError(`Cannot index ${typeOf(input)} with number`);
        const sorted = [...input].map((v) => ({ v, k: this.eval(args[0]!, v, env) as J })).sort((a, b) => compare(a.k, b.k));
        return [sorted.filter((x, i) => i === 0 || compare(sorted[i - 1]!.k, x.k) !== 0).map((x) => x.v)];
      }
      case 'min/0':
      case 'max/0':
        if (!Array.isArray(input)) throw new JqError(`${describe(input)} cannot be sorted, as it is not an array`);
        return [input.length ? [...input].sort(compare)[name === 'min' ? 0 : input.length - 1]! : null];
      case 'reverse/0':
        return [Array.isArray(input) ? [...input].reverse() : typeof input === 'string' ? [...input].reverse().join('') : input === null ? [] : (() => { throw new JqError(`Cannot reverse ${describe(input)}`); })()];
      case 'first/0':
        return [index(input, 0)];
      case 'last/0':
        return [index(input, -1)];
      case 'first/1':
        return one(0).slice(0, 1);
      case 'last/1': {
        const all = one(0);
        return all.length ? [all[all.length - 1]!] : [];
      }
      case 'flatten/0': {
        if (!Array.isArray(input)) throw new JqError(`Cannot flatten ${describe(input)}`);
        return [input.flat(Infinity as 1) as J];
      }
      case 'any/0':
        return [Array.isArray(input) && input.some(truthy)];
      case 'all/0':
        return [Array.isArray(input) && input.every(truthy)];
      case 'any/1':
        return [Array.isArray(input) && input.some((v) => this.eval(args[0]!, v, env).some(truthy))];
      case 'all/1':
        return [Array.isArray(input) && input.every((v) => this.eval(args[0]!, v, env).every(truthy))];
      case 'range/1':
        return one(0).flatMap((n) => Array.from({ length: Math.max(0, Math.min(Number(n), 1_000_000)) }, (_v, i) => i));
      case 'range/2': {
        const [from] = one(0);
        const [to] = one(1);
        return Array.from({ length: Math.max(0, Math.min(Number(to) - Number(from), 1_000_000)) }, (_v, i) => Number(from) + i);
      }
      case 'tostream/0':
      case 'paths/0': {
        const out: J[] = [];
        const walk = (v: J, path: J[]) => {
          this.step();
          if (path.length) out.push(path);
          if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
          else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, [...path, k]));
        };
        walk(input, []);
        return out;
      }
      case 'error/0':
        throw new JqError(toText(input));
      case 'error/1':
        throw new JqError(toText(one(0)[0] ?? null));
      case 'env/0':
        return [{}];
      case 'input/0':
      case 'inputs/0':
        throw new NotSimulated(name);
      case 'splits/1':
        return one(0).flatMap((re) => str(input, 'split').split(new RegExp(str(re, 'split'))));
      case 'sub/2':
      case 'gsub/2': {
        const [re] = one(0);
        const [rep] = one(1);
        return [str(input, 'matched').replace(new RegExp(str(re!, 'matched'), name === 'gsub' ? 'g' : ''), str(rep!, 'used'))];
      }
      case 'index/1':
        return one(0).map((s) => (typeof input === 'string' && typeof s === 'string' ? (input.indexOf(s) < 0 ? null : input.indexOf(s)) : null));
      case 'getpath/1':
        return one(0).map((p) => {
          let v: J = input;
          for (const k of p as J[]) v = v === null ? null : index(v, k);
          return v;
        });
      case 'del/1':
        throw new NotSimulated('del');
      case 'isempty/1':
        return [one(0).length === 0];
      case 'ascii/0':
        return [String.fromCharCode(input as number)];
      case 'floor/0':
        return [Math.floor(input as number)];
      case 'sqrt/0':
        return [Math.sqrt(input as number)];
      case 'tojson/1':
        break;
    }
    if (name.startsWith('@') && args.length === 0) return [format(name.slice(1), input)];
    throw new NotSimulated(`the function ${name}/${args.length}`);
  }
}

function contains(a: J, b: J): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
  if (Array.isArray(a) && Array.isArray(b)) return b.every((x) => a.some((y) => contains(y, x)));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) return Object.entries(b).every(([k, v]) => Object.hasOwn(a, k) && contains(a[k]!, v));
  if (typeOf(a) !== typeOf(b)) throw new JqError(`${describe(a)} and ${describe(b)} cannot have their containment checked`);
  return compare(a, b) === 0;
}

/** `.[k]` on a value: objects by string, arrays by number (negative from the end), null gives null. */
function index(of: J, key: J): J {
  if (of === null) {
    if (typeof key === 'string' || typeof key === 'number' || key === null) return null;
  }
  if (typeof key === 'string') {
    if (of && typeof of === 'object' && !Array.isArray(of)) return Object.hasOwn(of, key) ? of[key]! : null;
    throw new JqError(`Cannot index ${typeOf(of)} with "${key}"`);
  }
  if (typeof key === 'number') {
    if (Array.isArray(of)) {
      const i = Math.floor(key) < 0 ? of.length + Math.floor(key) : Math.floor(key);
      return of[i] ?? null;
    }
    throw new JqError(`Cannot index ${typeOf(of)} with number`);
  }
  throw new JqError(`Cannot index ${typeOf(of)} with ${typeOf(key)}`);
}

function arith(op: string, a: J, b: J): J {
  switch (op) {
    case '==':
      return compare(a, b) === 0;
    case '!=':
      return compare(a, b) !== 0;
    case '<':
      return compare(a, b) < 0;
    case '<=':
      return compare(a, b) <= 0;
    case '>':
      return compare(a, b) > 0;
    case '>=':
      return compare(a, b) >= 0;
    case '+':
      if (a === null) return b;
      if (b === null) return a;
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) return { ...a, ...b };
      break;
    case '-':
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => compare(x, y) === 0));
      break;
    case '*':
      if (typeof a === 'number' && typeof b === 'number') return a * b;
      if (typeof a === 'string' && typeof b === 'number') return b > 0 ? a.repeat(Math.min(b, 1 << 20)) : null;
      break;
    case '/':
      if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) throw new JqError(`${describe(a)} and ${describe(b)} cannot be divided because the divisor is zero`);
        return a / b;
      }
      if (typeof a === 'string' && typeof b === 'string') return a.split(b);
      break;
    case '%':
      if (typeof a === 'number' && typeof b === 'number') {
        if (Math.trunc(b) === 0) throw new JqError(`${describe(a)} and ${describe(b)} cannot be divided because the divisor is zero`);
        return Math.trunc(a) % Math.trunc(b);
      }
      break;
  }
  const verb = op === '+' ? 'added' : op === '-' ? 'subtracted' : op === '*' ? 'multiplied' : 'divided';
  throw new JqError(`${describe(a)} and ${describe(b)} cannot be ${verb}`);
}

/** `@base64`, `@base64d`, `@csv`, `@tsv`, `@json`, `@text`, `@sh`, `@uri`, `@html`. */
function format(name: string, v: J): string {
  switch (name) {
    case 'text':
      return toText(v);
    case 'json':
      return JSON.stringify(v);
    case 'base64':
      return Buffer.from(toText(v), 'utf8').toString('base64');
    case 'base64d':
      return Buffer.from(toText(v), 'base64').toString('utf8');
    case 'csv':
    case 'tsv': {
      if (!Array.isArray(v)) throw new JqError(`${describe(v)} cannot be ${name}-formatted, only an array can be`);
      return v.map((x) => (typeof x === 'string' ? (name === 'csv' ? `"${x.replace(/"/g, '""')}"` : x.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')) : x === null ? '' : String(x))).join(name === 'csv' ? ',' : '\t');
    }
    case 'sh':
      return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? `'${x.replace(/'/g, "'\\''")}'` : String(x))).join(' ');
    case 'uri':
      return encodeURIComponent(toText(v)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    case 'html':
      return toText(v).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!);
  }
  throw new NotSimulated(`@${name}`);
}

/** Every JSON value in a text (jq reads a stream of them). */
function parseStream(text: string): J[] {
  const out: J[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let depth = 0;
    let inStr = false;
    for (; i < n; i++) {
      const c = text[i]!;
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
        if (!inStr && depth === 0) {
          i++;
          break;
        }
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && /[\s{["]/.test(text[i + 1] ?? ' ')) {
        i++;
        break;
      }
    }
    const chunk = text.slice(start, i);
    try {
      out.push(JSON.parse(chunk) as J);
    } catch {
      const line = text.slice(0, i).split('\n').length;
      throw new JqSyntax(`parse error: Invalid numeric literal at line ${line}, column ${i - text.lastIndexOf('\n', i - 1)}`);
    }
  }
  return out;
}

function pretty(v: J, indent: number): string {
  return JSON.stringify(v, null, indent) ?? 'null';
}

export const jq: Program = (args, ctx) => {
  let filter: string | undefined;
  const files: string[] = [];
  const vars: Record<string, J> = {};
  let raw = false;
  let compact = false;
  let join = false;
  let nullInput = false;
  let slurp = false;
  let rawInput = false;
  let exitStatus = false;
  let sortKeys = false;
  let tab = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '--arg') {
      vars[args[k + 1] ?? ''] = args[k + 2] ?? '';
      k += 2;
    } else if (a === '--argjson') {
      try {
        vars[args[k + 1] ?? ''] = JSON.parse(args[k + 2] ?? '') as J;
      } catch {
        return result('', `jq: Invalid JSON text passed to --argjson\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n`, 2);
      }
      k += 2;
    } else if (a === '--raw-output') raw = true;
    else if (a === '--compact-output') compact = true;
    else if (a === '--join-output') ((raw = true), (join = true));
    else if (a === '--null-input') nullInput = true;
    else if (a === '--slurp') slurp = true;
    else if (a === '--raw-input') rawInput = true;
    else if (a === '--exit-status') exitStatus = true;
    else if (a === '--sort-keys') sortKeys = true;
    else if (a === '--tab') tab = true;
    else if (/^-[rcjnseSCMR]+$/.test(a) && !(filter === undefined && a === '-')) {
      for (const f of a.slice(1)) {
        if (f === 'r') raw = true;
        else if (f === 'c') compact = true;
        else if (f === 'j') ((raw = true), (join = true));
        else if (f === 'n') nullInput = true;
        else if (f === 's') slurp = true;
        else if (f === 'e') exitStatus = true;
        else if (f === 'S') sortKeys = true;
        else if (f === 'R') rawInput = true;
      }
    } else if (a.startsWith('-') && a !== '-' && filter === undefined) return notSimulated(ctx, 'jq', a);
    else if (filter === undefined) filter = a;
    else files.push(a);
  }
  if (filter === undefined) return result('', 'Usage:\tjq [OPTIONS] FILTER [FILES...]\n', 2);
  let ast: Node;
  try {
    ast = new Parser(lex(filter).toks).parseAll();
  } catch (e) {
    if (e instanceof NotSimulated) return notSimulated(ctx, 'jq', e.message);
    return result('', `jq: error: ${(e as Error).message}:\n${filter}\njq: 1 compile error\n`, 3);
  }
  const { text, err } = inputOf(files, ctx, 'jq');
  if (err) return result('', err.replace(/^jq: (.*): No such file or directory$/gm, 'jq: error: Could not open $1: No such file or directory'), 2);
  let inputs: J[];
  try {
    // -R: each line is a string (the whole text, with -s); a last line without its newline counts too.
    inputs = nullInput ? [null] : rawInput ? (slurp ? [text] : text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined)) : parseStream(text);
  } catch (e) {
    return result('', `jq: error (at <stdin>:${text.split('\n').length - 1}): ${(e as Error).message}\n`, 2);
  }
  if (slurp && !nullInput && !rawInput) inputs = [inputs];
  const engine = new Jq(vars);
  let out = '';
  let lastValue: J | undefined;
  const sortDeep = (v: J): J => (Array.isArray(v) ? v.map(sortDeep) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k]!)])) : v);
  for (const input of inputs) {
    let results: J[];
    try {
      results = engine.eval(ast, input);
    } catch (e) {
      if (e instanceof NotSimulated) return notSimulated(ctx, 'jq', e.message);
      if (e instanceof JqError || e instanceof JqSyntax) return result(out, `jq: error (at <stdin>:${Math.max(0, text.split('\n').length - 1)}): ${e.message}\n`, 5);
      throw e;
    }
    for (let v of results) {
      lastValue = v;
      if (sortKeys) v = sortDeep(v);
      out += raw && typeof v === 'string' ? v : compact ? JSON.stringify(v) : pretty(v, tab ? 1 : 2).replace(/^( +)/gm, (m) => (tab ? '\t'.repeat(m.length) : m));
      if (!join) out += '\n';
    }
  }
  const code = exitStatus ? (lastValue === undefined ? 4 : truthy(lastValue) ? 0 : 1) : 0;
  return result(out, '', code);
};
