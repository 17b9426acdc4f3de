/**
 * awk as tutorials use it: `-F`, `-v`, BEGIN/END, /regex/ and expression patterns (`NR>1`, `$3 == "Running"`),
 * ranges, `print` and `printf`, fields (`$1`, `$NF`, assignment), variables and arrays (`c[$1]++`,
 * `for (k in c)`), if/while/for, `next`, `exit`, and the string and number builtins (length, substr, index,
 * split, sub, gsub, match, sprintf, tolower, toupper, int...). Values follow awk's string/number rules.
 * Statements count against a step limit, so `BEGIN { while (1) ; }` ends like any runaway program.
 * Anything else (getline, system(), output redirection, user functions) is reported as not simulated.
 */
import { ProgramKilled } from '../budget.js';
import { result, type Program } from '../types.js';
import { inputOf, notSimulated } from './text.js';
import { posixSource } from './regex.js';
import { leftAssoc } from './precedence.js';

/** A field or -v value: a string that compares as a number when it looks like one. */
class StrNum {
  constructor(readonly s: string) {}
}
type Val = number | string | StrNum;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)\s*$/;

function toNum(v: Val): number {
  if (typeof v === 'number') return v;
  const s = v instanceof StrNum ? v.s : v;
  const m = /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(s);
  return m ? Number(m[0]) : 0;
}

function numStr(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(6)));
}

function toStr(v: Val): string {
  if (typeof v === 'number') return numStr(v);
  return v instanceof StrNum ? v.s : v;
}

function isNumeric(v: Val): boolean {
  return typeof v === 'number' || (v instanceof StrNum && NUMERIC.test(v.s));
}

function truthy(v: Val): boolean {
  if (typeof v === 'number') return v !== 0;
  if (v instanceof StrNum) return NUMERIC.test(v.s) ? toNum(v) !== 0 : v.s !== '';
  return v !== '';
}

class AwkError extends Error {}
class NotSimulated extends Error {}

// ---------------------------------------------------------------------------------------------------
// Lexer

type Tok = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 're'; v: string } | { k: 'name'; v: string } | { k: 'func'; v: string } | { k: 'op'; v: string } | { k: 'nl' } | { k: 'eof' };

const KEYWORDS = new Set(['BEGIN', 'END', 'if', 'else', 'while', 'for', 'in', 'print', 'printf', 'next', 'exit', 'delete', 'do', 'break', 'continue', 'getline', 'function', 'return']);
const BUILTIN_FUNCS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'system', 'rand', 'srand']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '!~', '&&', '||', '++', '--', '>>', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', ',', ';', '{', '}', '(', ')', '[', ']', '=', '$'];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  /** A `/` starts a regex where an operand is expected. */
  const operandExpected = () => {
    const t = out[out.length - 1];
    if (!t) return true;
    if (t.k === 'num' || t.k === 'str' || t.k === 're' || t.k === 'name') return false;
    if (t.k === 'op') return !(t.v === ')' || t.v === ']' || t.v === '$' || t.v === '++' || t.v === '--');
    return true;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      out.push({ k: 'nl' });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (/[0-9.]/.test(c) && /^(\d+\.?\d*([eE][-+]?\d+)?|\.\d+)/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*([eE][-+]?\d+)?|\.\d+)/.exec(src.slice(i))![0];
      out.push({ k: 'num', v: Number(m) });
      i += m.length;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      for (; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const d = src[++i]!;
          s += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[d] ?? `\\${d}`;
        } else s += src[i];
      }
      if (src[i] !== '"') throw new AwkError('unterminated string');
      i++;
      out.push({ k: 'str', v: s });
      continue;
    }
    if (c === '/' && operandExpected()) {
      let s = '';
      i++;
      for (; i < src.length && src[i] !== '/'; i++) {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/';
          i++;
        } else if (src[i] === '\n') throw new AwkError('newline in regex');
        else s += src[i];
      }
      i++;
      out.push({ k: 're', v: s });
      continue;
    }
    const w = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (w) {
      const v = w[0];
      i += v.length;
      out.push(BUILTIN_FUNCS.has(v) ? { k: 'func', v } : KEYWORDS.has(v) ? { k: 'op', v } : { k: 'name', v });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkError(`syntax error at source line 1: unexpected character '${c}'`);
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  out.push({ k: 'eof' });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// AST and parser

type Expr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 're'; v: string }
  | { t: 'var'; name: string }
  | { t: 'field'; e: Expr }
  | { t: 'index'; name: string; keys: Expr[] }
  | { t: 'assign'; op: string; target: Expr; e: Expr }
  | { t: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { t: 'bin'; op: string; a: Expr; b: Expr }
  | { t: 'un'; op: string; e: Expr }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'in'; keys: Expr[]; name: string }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'group'; e: Expr };

type Stmt =
  | { t: 'expr'; e: Expr }
  | { t: 'print'; args: Expr[] }
  | { t: 'printf'; args: Expr[] }
  | { t: 'if'; c: Expr; a: Stmt; b?: Stmt }
  | { t: 'while'; c: Expr; body: Stmt; doWhile?: boolean }
  | { t: 'for'; init?: Stmt; c?: Expr; step?: Stmt; body: Stmt }
  | { t: 'forin'; v: string; arr: string; body: Stmt }
  | { t: 'block'; body: Stmt[] }
  | { t: 'next' }
  | { t: 'exit'; e?: Expr }
  | { t: 'break' }
  | { t: 'continue' }
  | { t: 'delete'; name: string; keys?: Expr[] };

interface Rule {
  kind: 'begin' | 'end' | 'main';
  pattern?: Expr;
  range?: Expr;
  inRange?: boolean;
  action?: Stmt[];
}

class Parser {
  private k = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.k]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.k === 'op' && t.v === v;
  }
  private eat(v: string): void {
    if (!this.isOp(v)) throw new AwkError(`syntax error: expected '${v}'`);
    this.k++;
  }
  private skipNl(): void {
    while (this.peek().k === 'nl') this.k++;
  }
  private skipTerms(): void {
    while (this.peek().k === 'nl' || this.isOp(';')) this.k++;
  }

  program(): Rule[] {
    const rules: Rule[] = [];
    this.skipTerms();
    while (this.peek().k !== 'eof') {
      if (this.isOp('function')) throw new NotSimulated('user-defined functions');
      if (this.isOp('BEGIN') || this.isOp('END')) {
        const kind = this.isOp('BEGIN') ? 'begin' : 'end';
        this.k++;
        this.skipNl();
        rules.push({ kind, action: this.block() });
      } else if (this.isOp('{')) rules.push({ kind: 'main', action: this.block() });
      else {
        const pattern = this.expr();
        let range: Expr | undefined;
        if (this.isOp(',')) {
          this.k++;
          this.skipNl();
          range = this.expr();
        }
        rules.push({ kind: 'main', pattern, range, action: this.isOp('{') ? this.block() : undefined });
      }
      this.skipTerms();
    }
    return rules;
  }

  private block(): Stmt[] {
    this.eat('{');
    const body: Stmt[] = [];
    this.skipTerms();
    while (!this.isOp('}')) {
      if (this.peek().k === 'eof') throw new AwkError("syntax error: missing '}'");
      body.push(this.statement());
      this.skipTerms();
    }
    this.k++;
    return body;
  }

  private simpleOrBlock(): Stmt {
    this.skipNl();
    if (this.isOp('{')) return { t: 'block', body: this.block() };
    if (this.isOp(';')) {
      this.k++;
      return { t: 'block', body: [] };
    }
    return this.statement();
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t.k === 'op') {
      switch (t.v) {
        case '{':
          return { t: 'block', body: this.block() };
        case 'if': {
          this.k++;
          this.eat('(');
          const c = this.expr();
          this.eat(')');
          const a = this.simpleOrBlock();
          const save = this.k;
          this.skipTerms();
          if (this.isOp('else')) {
            this.k++;
            return { t: 'if', c, a, b: this.simpleOrBlock() };
          }
          this.k = save;
          return { t: 'if', c, a };
        }
        case 'while': {
          this.k++;
          this.eat('(');
          const c = this.expr();
          this.eat(')');
          return { t: 'while', c, body: this.simpleOrBlock() };
        }
        case 'do': {
          this.k++;
          const body = this.simpleOrBlock();
          this.skipTerms();
          this.eat('while');
          this.eat('(');
          const c = this.expr();
          this.eat(')');
          return { t: 'while', c, body, doWhile: true };
        }
        case 'for': {
          this.k++;
          this.eat('(');
          const a = this.toks[this.k];
          const b = this.toks[this.k + 1];
          const c = this.toks[this.k + 2];
          if (a?.k === 'name' && b?.k === 'op' && b.v === 'in' && c?.k === 'name' && this.toks[this.k + 3]?.k === 'op') {
            this.k += 3;
            this.eat(')');
            return { t: 'forin', v: a.v, arr: c.v, body: this.simpleOrBlock() };
          }
          const init = this.isOp(';') ? undefined : { t: 'expr' as const, e: this.expr() };
          this.eat(';');
          this.skipNl();
          const cond = this.isOp(';') ? undefined : this.expr();
          this.eat(';');
          this.skipNl();
          const step = this.isOp(')') ? undefined : { t: 'expr' as const, e: this.expr() };
          this.eat(')');
          return { t: 'for', init, c: cond, step, body: this.simpleOrBlock() };
        }
        case 'print':
        case 'printf': {
          this.k++;
          const args: Expr[] = [];
          const parens = this.isOp('(') && this.printParens();
          if (parens) this.k++;
          if (!this.endOfSimple() && !(parens && this.isOp(')'))) {
            args.push(this.expr(!parens));
            while (this.isOp(',')) {
              this.k++;
              this.skipNl();
              args.push(this.expr(!parens));
            }
          }
          if (parens) this.eat(')');
          if (this.isOp('>') || this.isOp('>>') || this.isOp('|')) throw new NotSimulated('output redirection in print');
          return { t: t.v, args };
        }
        case 'next':
          this.k++;
          return { t: 'next' };
        case 'break':
          this.k++;
          return { t: 'break' };
        case 'continue':
          this.k++;
          return { t: 'continue' };
        case 'exit': {
          this.k++;
          return { t: 'exit', e: this.endOfSimple() ? undefined : this.expr() };
        }
        case 'delete': {
          this.k++;
          const n = this.peek();
          if (n.k !== 'name') throw new AwkError('syntax error: delete needs an array');
          this.k++;
          if (!this.isOp('[')) return { t: 'delete', name: n.v };
          return { t: 'delete', name: n.v, keys: this.subscripts() };
        }
        case 'getline':
          throw new NotSimulated('getline');
      }
    }
    return { t: 'expr', e: this.expr() };
  }

  /** `[EXPR, ...]` after an array's name. */
  private subscripts(): Expr[] {
    this.eat('[');
    const keys = [this.expr()];
    while (this.isOp(',')) {
      this.k++;
      keys.push(this.expr());
    }
    this.eat(']');
    return keys;
  }

  /** Is `print (` a parenthesised argument list (`print ("a", "b")`) rather than an expression? */
  private printParens(): boolean {
    let depth = 0;
    for (let j = this.k; j < this.toks.length; j++) {
      const t = this.toks[j]!;
      if (t.k === 'op' && (t.v === '(' || t.v === '[')) depth++;
      else if (t.k === 'op' && (t.v === ')' || t.v === ']')) {
        if (--depth === 0) {
          const n = this.toks[j + 1]!;
          return n.k === 'nl' || n.k === 'eof' || (n.k === 'op' && [';', '}', '>', '>>', '|'].includes(n.v));
        }
      } else if (t.k === 'eof') return false;
    }
    return false;
  }

  private endOfSimple(): boolean {
    const t = this.peek();
    return t.k === 'nl' || t.k === 'eof' || (t.k === 'op' && (t.v === ';' || t.v === '}'));
  }

  /** An expression; `noGt` when `>` would be print's redirection. */
  expr(noGt = false): Expr {
    return this.ternary(noGt);
  }

  private ternary(noGt: boolean): Expr {
    const c = this.or(noGt);
    if (this.isOp('?')) {
      this.k++;
      this.skipNl();
      const a = this.ternary(noGt);
      this.skipNl();
      this.eat(':');
      this.skipNl();
      const b = this.ternary(noGt);
      return { t: 'cond', c, a, b };
    }
    const t = this.peek();
    if (t.k === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v)) {
      if (c.t !== 'var' && c.t !== 'field' && c.t !== 'index') throw new AwkError('syntax error: assignment to a non-variable');
      this.k++;
      this.skipNl();
      return { t: 'assign', op: t.v, target: c, e: this.ternary(noGt) };
    }
    return c;
  }

  /** The next token when it is one of `ops` (consumed, and a newline after `&&`/`||` with it). */
  private takeOp(ops: string[]): string | undefined {
    const t = this.peek();
    if (t.k !== 'op' || !ops.includes(t.v)) return undefined;
    this.k++;
    if (t.v === '&&' || t.v === '||') this.skipNl();
    return t.v;
  }

  /** A level of left-associative binary operators. */
  private binary(ops: string[], next: () => Expr): Expr {
    return leftAssoc(next, () => this.takeOp(ops), (op, a, b) => ({ t: 'bin', op, a, b }));
  }

  private or(noGt: boolean): Expr {
    return this.binary(['||'], () => this.and(noGt));
  }

  private and(noGt: boolean): Expr {
    return this.binary(['&&'], () => this.inExpr(noGt));
  }

  private inExpr(noGt: boolean): Expr {
    let a = this.match(noGt);
    while (this.isOp('in')) {
      this.k++;
      const n = this.peek();
      if (n.k !== 'name') throw new AwkError('syntax error: `in` needs an array');
      this.k++;
      a = { t: 'in', keys: a.t === 'group' ? [a.e] : [a], name: n.v };
    }
    return a;
  }

  private match(noGt: boolean): Expr {
    return this.binary(['~', '!~'], () => this.compare(noGt));
  }

  private compare(noGt: boolean): Expr {
    const a = this.concat();
    const t = this.peek();
    if (t.k === 'op' && ['<', '<=', '==', '!=', '>=', ...(noGt ? [] : ['>'])].includes(t.v)) {
      this.k++;
      return { t: 'bin', op: t.v, a, b: this.concat() };
    }
    return a;
  }

  private startsOperand(): boolean {
    const t = this.peek();
    if (t.k === 'num' || t.k === 'str' || t.k === 're' || t.k === 'name' || t.k === 'func') return true;
    return t.k === 'op' && (t.v === '$' || t.v === '(' || t.v === '!' || t.v === '++' || t.v === '--' || t.v === '-');
  }

  private concat(): Expr {
    let a = this.additive();
    while (this.startsOperand() && !this.isOp('-') && !this.isOp('!')) a = { t: 'bin', op: 'concat', a, b: this.additive() };
    return a;
  }

  private additive(): Expr {
    return this.binary(['+', '-'], () => this.mult());
  }

  private mult(): Expr {
    return this.binary(['*', '/', '%'], () => this.unary());
  }

  private unary(): Expr {
    if (this.isOp('!') || this.isOp('-') || this.isOp('+')) {
      const op = (this.peek() as { v: string }).v;
      this.k++;
      return { t: 'un', op, e: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const a = this.postfix();
    if (this.isOp('^')) {
      this.k++;
      return { t: 'bin', op: '^', a, b: this.unary() };
    }
    return a;
  }

  private postfix(): Expr {
    if (this.isOp('++') || this.isOp('--')) {
      const op = (this.peek() as { v: '++' | '--' }).v;
      this.k++;
      return { t: 'incdec', op, prefix: true, target: this.primary() };
    }
    const e = this.primary();
    if ((this.isOp('++') || this.isOp('--')) && (e.t === 'var' || e.t === 'field' || e.t === 'index')) {
      const op = (this.peek() as { v: '++' | '--' }).v;
      this.k++;
      return { t: 'incdec', op, prefix: false, target: e };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.peek();
    this.k++;
    switch (t.k) {
      case 'num':
        return { t: 'num', v: t.v };
      case 'str':
        return { t: 'str', v: t.v };
      case 're':
        return { t: 're', v: t.v };
      case 'name':
        return this.isOp('[') ? { t: 'index', name: t.v, keys: this.subscripts() } : { t: 'var', name: t.v };
      case 'func': {
        if (t.v === 'system') throw new NotSimulated('system()');
        const args: Expr[] = [];
        if (this.isOp('(')) {
          this.k++;
          this.skipNl();
          if (!this.isOp(')')) {
            args.push(this.expr());
            while (this.isOp(',')) {
              this.k++;
              this.skipNl();
              args.push(this.expr());
            }
          }
          this.eat(')');
        } else if (t.v !== 'length') throw new AwkError(`syntax error: ${t.v} needs arguments`);
        return { t: 'call', name: t.v, args };
      }
      case 'op':
        if (t.v === '$') return { t: 'field', e: this.postfixFieldOperand() };
        if (t.v === '(') {
          const e = this.expr();
          if (this.isOp(',')) {
            // `(a, b) in arr`
            const keys = [e];
            while (this.isOp(',')) {
              this.k++;
              keys.push(this.expr());
            }
            this.eat(')');
            if (!this.isOp('in')) throw new AwkError('syntax error: a list needs `in`');
            this.k++;
            const n = this.peek();
            if (n.k !== 'name') throw new AwkError('syntax error');
            this.k++;
            return { t: 'in', keys, name: n.v };
          }
          this.eat(')');
          return { t: 'group', e };
        }
        if (t.v === '-' || t.v === '!' || t.v === '+') return { t: 'un', op: t.v, e: this.primary() };
        if (t.v === 'getline') throw new NotSimulated('getline');
    }
    throw new AwkError('syntax error');
  }

  /** The operand of `$`: a primary, `$NF`, `$(i+1)`, or `$i++`-free forms. */
  private postfixFieldOperand(): Expr {
    if (this.isOp('++') || this.isOp('--') || this.isOp('-')) return this.unary();
    return this.primary();
  }
}

// ---------------------------------------------------------------------------------------------------
// Interpreter

const MAX_STATEMENTS = 1_000_000;

class Next extends Error {}
class Exit extends Error {
  constructor(readonly code: number) {
    super('exit');
  }
}
class Break extends Error {}
class Continue extends Error {}

class Awk {
  vars = new Map<string, Val>();
  arrays = new Map<string, Map<string, Val>>();
  fields: string[] = [''];
  out = '';
  private steps = 0;
  private reCache = new Map<string, RegExp>();

  constructor() {
    for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', NR: 0, NF: 0, FNR: 0, SUBSEP: '\x1c', RSTART: 0, RLENGTH: -1, FILENAME: '', CONVFMT: '%.6g', OFMT: '%.6g' })) this.vars.set(k, v);
  }

  step(): void {
    if (++this.steps > MAX_STATEMENTS) throw new ProgramKilled(137, `kube-sim: program killed: awk ran ${MAX_STATEMENTS.toLocaleString('en-US')} statements (the step budget of a simulated program)`);
  }

  regex(src: string): RegExp {
    let re = this.reCache.get(src);
    if (!re) {
      re = new RegExp(posixSource(src, true));
      this.reCache.set(src, re);
    }
    return re;
  }

  setRecord(line: string): void {
    this.fields = [line, ...this.split(line, toStr(this.vars.get('FS')!))];
    this.vars.set('NF', this.fields.length - 1);
  }

  split(text: string, fs: string): string[] {
    if (fs === ' ') return text.split(/[ \t\n]+/).filter(Boolean);
    if (text === '') return [];
    if (fs.length === 1 && fs !== '\\') return text.split(fs);
    return text.split(this.regex(fs));
  }

  getField(i: number): Val {
    if (i < 0) throw new AwkError(`trying to access out of range field ${i}`);
    return new StrNum(this.fields[i] ?? '');
  }

  setField(i: number, v: string): void {
    if (i === 0) {
      this.setRecord(v);
      return;
    }
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = v;
    this.vars.set('NF', this.fields.length - 1);
    this.fields[0] = this.fields.slice(1).join(toStr(this.vars.get('OFS')!));
  }

  array(name: string): Map<string, Val> {
    let a = this.arrays.get(name);
    if (!a) {
      a = new Map();
      this.arrays.set(name, a);
    }
    return a;
  }

  key(keys: Expr[]): string {
    return keys.map((k) => toStr(this.eval(k))).join(toStr(this.vars.get('SUBSEP')!));
  }

  get(target: Expr): Val {
    if (target.t === 'var') {
      if (target.name === 'NF') return this.fields.length - 1;
      return this.vars.get(target.name) ?? '';
    }
    if (target.t === 'field') return this.getField(Math.trunc(toNum(this.eval(target.e))));
    if (target.t === 'index') return this.array(target.name).get(this.key(target.keys)) ?? '';
    throw new AwkError('not an lvalue');
  }

  set(target: Expr, v: Val): Val {
    if (target.t === 'var') {
      if (target.name === 'NF') {
        const n = Math.max(0, Math.trunc(toNum(v)));
        this.fields = this.fields.slice(0, n + 1);
        while (this.fields.length <= n) this.fields.push('');
        this.fields[0] = this.fields.slice(1).join(toStr(this.vars.get('OFS')!));
      }
      this.vars.set(target.name, v);
    } else if (target.t === 'field') this.setField(Math.trunc(toNum(this.eval(target.e))), toStr(v));
    else if (target.t === 'index') this.array(target.name).set(this.key(target.keys), v);
    return v;
  }

  matchRe(e: Expr, s: string): boolean {
    const src = e.t === 're' ? e.v : toStr(this.eval(e));
    return this.regex(src).test(s);
  }

  eval(e: Expr): Val {
    switch (e.t) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return this.regex(e.v).test(this.fields[0]!) ? 1 : 0;
      case 'group':
        return this.eval(e.e);
      case 'var':
      case 'field':
      case 'index':
        return this.get(e);
      case 'assign': {
        if (e.op === '=') return this.set(e.target, this.eval(e.e));
        const a = toNum(this.get(e.target));
        const b = toNum(this.eval(e.e));
        return this.set(e.target, arith(e.op.slice(0, -1), a, b));
      }
      case 'incdec': {
        const old = toNum(this.get(e.target));
        const v = e.op === '++' ? old + 1 : old - 1;
        this.set(e.target, v);
        return e.prefix ? v : old;
      }
      case 'cond':
        return truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'in':
        return this.array(e.name).has(this.key(e.keys)) ? 1 : 0;
      case 'un': {
        const v = this.eval(e.e);
        return e.op === '!' ? (truthy(v) ? 0 : 1) : e.op === '-' ? -toNum(v) : toNum(v);
      }
      case 'bin': {
        if (e.op === '&&') return truthy(this.eval(e.a)) && truthy(this.eval(e.b)) ? 1 : 0;
        if (e.op === '||') return truthy(this.eval(e.a)) || truthy(this.eval(e.b)) ? 1 : 0;
        if (e.op === '~' || e.op === '!~') return this.matchRe(e.b, toStr(this.eval(e.a))) === (e.op === '~') ? 1 : 0;
        const a = this.eval(e.a);
        const b = this.eval(e.b);
        if (e.op === 'concat') return toStr(a) + toStr(b);
        if (['<', '<=', '==', '!=', '>=', '>'].includes(e.op)) {
          const numeric = isNumeric(a) && isNumeric(b);
          const x = numeric ? toNum(a) : toStr(a);
          const y = numeric ? toNum(b) : toStr(b);
          const r = e.op === '<' ? x < y : e.op === '<=' ? x <= y : e.op === '==' ? x === y : e.op === '!=' ? x !== y : e.op === '>=' ? x >= y : x > y;
          return r ? 1 : 0;
        }
        return arith(e.op, toNum(a), toNum(b));
      }
      case 'call':
        return this.call(e.name, e.args);
    }
  }

  call(name: string, args: Expr[]): Val {
    const str = (i: number) => toStr(this.eval(args[i]!));
    const num = (i: number) => toNum(this.eval(args[i]!));
    switch (name) {
      case 'length': {
        if (!args.length) return this.fields[0]!.length;
        const a = args[0]!;
        if (a.t === 'var' && this.arrays.has(a.name)) return this.arrays.get(a.name)!.size;
        return str(0).length;
      }
      case 'substr': {
        const s = str(0);
        const m = Math.round(num(1));
        const n = args.length > 2 ? Math.round(num(2)) : Infinity;
        const start = Math.max(m, 1);
        const end = n === Infinity ? s.length + 1 : m + n;
        return end <= start ? '' : s.slice(start - 1, end - 1);
      }
      case 'index':
        return str(0).indexOf(str(1)) + 1;
      case 'split': {
        const target = args[1];
        if (target?.t !== 'var') throw new AwkError('split: second argument must be an array');
        const parts = args.length > 2 ? (args[2]!.t === 're' ? str(0).split(this.regex((args[2] as { v: string }).v)) : this.split(str(0), str(2))) : this.split(str(0), toStr(this.vars.get('FS')!));
        const arr = new Map<string, Val>();
        parts.forEach((p, i) => arr.set(String(i + 1), new StrNum(p)));
        this.arrays.set(target.name, arr);
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const target = args[2] ?? ({ t: 'field', e: { t: 'num', v: 0 } } as Expr);
        const reSrc = args[0]!.t === 're' ? (args[0] as { v: string }).v : str(0);
        const repl = str(1);
        const re = new RegExp(this.regex(reSrc).source, name === 'gsub' ? 'g' : '');
        let n = 0;
        const s = toStr(this.get(target)).replace(re, (m) => {
          n++;
          return repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'));
        });
        if (n) this.set(target, s);
        return n;
      }
      case 'match': {
        const m = this.regex(args[1]!.t === 're' ? (args[1] as { v: string }).v : str(1)).exec(str(0));
        this.vars.set('RSTART', m ? m.index + 1 : 0);
        this.vars.set('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sprintf':
        return sprintf(str(0), args.slice(1).map((a) => this.eval(a)));
      case 'tolower':
        return str(0).toLowerCase();
      case 'toupper':
        return str(0).toUpperCase();
      case 'int':
        return Math.trunc(num(0));
      case 'sqrt':
        return Math.sqrt(num(0));
      case 'exp':
        return Math.exp(num(0));
      case 'log':
        return Math.log(num(0));
      case 'sin':
        return Math.sin(num(0));
      case 'cos':
        return Math.cos(num(0));
      case 'atan2':
        return Math.atan2(num(0), num(1));
      case 'rand':
        // Deterministic, as every run of a walkthrough must print the same bytes.
        return 0.237788;
      case 'srand':
        return 0;
    }
    throw new AwkError(`function ${name} is not defined`);
  }

  exec(s: Stmt): void {
    this.step();
    switch (s.t) {
      case 'expr':
        this.eval(s.e);
        return;
      case 'print': {
        const ofs = toStr(this.vars.get('OFS')!);
        const text = s.args.length ? s.args.map((a) => outStr(this.eval(a))).join(ofs) : this.fields[0]!;
        this.out += text + toStr(this.vars.get('ORS')!);
        if (this.out.length > 64 * 1024 * 1024) throw new ProgramKilled(137, 'kube-sim: program killed: awk wrote more than 64 MiB');
        return;
      }
      case 'printf':
        if (!s.args.length) throw new AwkError('printf: no format');
        this.out += sprintf(toStr(this.eval(s.args[0]!)), s.args.slice(1).map((a) => this.eval(a)));
        return;
      case 'if':
        if (truthy(this.eval(s.c))) this.exec(s.a);
        else if (s.b) this.exec(s.b);
        return;
      case 'while':
        if (s.doWhile) {
          do {
            if (this.loopBody(s.body)) break;
          } while (truthy(this.eval(s.c)));
        } else while (truthy(this.eval(s.c))) if (this.loopBody(s.body)) break;
        return;
      case 'for':
        if (s.init) this.exec(s.init);
        while (!s.c || truthy(this.eval(s.c))) {
          if (this.loopBody(s.body)) break;
          if (s.step) this.exec(s.step);
        }
        return;
      case 'forin':
        for (const k of [...this.array(s.arr).keys()]) {
          this.vars.set(s.v, new StrNum(k));
          if (this.loopBody(s.body)) break;
        }
        return;
      case 'block':
        for (const x of s.body) this.exec(x);
        return;
      case 'next':
        throw new Next();
      case 'exit':
        throw new Exit(s.e ? Math.trunc(toNum(this.eval(s.e))) : 0);
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'delete':
        if (s.keys) this.array(s.name).delete(this.key(s.keys));
        else this.array(s.name).clear();
        return;
    }
  }

  /** One loop round; true when `break` ended the loop. */
  private loopBody(body: Stmt): boolean {
    this.step();
    try {
      this.exec(body);
    } catch (e) {
      if (e instanceof Break) return true;
      if (!(e instanceof Continue)) throw e;
    }
    return false;
  }
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new AwkError('division by zero');
      return a / b;
    case '%':
      if (b === 0) throw new AwkError('division by zero in %');
      return a % b;
    case '^':
      return a ** b;
  }
  throw new AwkError(`unknown operator ${op}`);
}

/** A value as `print` shows it (OFMT for non-integral numbers). */
function outStr(v: Val): string {
  return typeof v === 'number' ? numStr(v) : toStr(v);
}

/** awk's printf/sprintf: %s %d %i %c %f %e %g %x %o %u %%, flags, widths and precisions. */
function sprintf(fmt: string, args: Val[]): string {
  let k = 0;
  return fmt.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sdicfeEgGxXou%])/g, (_m, flags: string, w: string, p: string, conv: string) => {
    if (conv === '%') return '%';
    const width = w === '*' ? toNum(args[k++] ?? 0) : w ? Number(w) : 0;
    const prec = p === '*' ? toNum(args[k++] ?? 0) : p !== undefined ? Number(p) : undefined;
    if (width > 1 << 20) throw new ProgramKilled(137, 'kube-sim: program killed: out of memory (a printf field wider than 1 MiB)');
    const v = args[k++] ?? '';
    let s: string;
    switch (conv) {
      case 's':
        s = toStr(v);
        if (prec !== undefined) s = s.slice(0, prec);
        break;
      case 'c':
        s = typeof v === 'number' ? String.fromCharCode(v) : toStr(v).slice(0, 1);
        break;
      case 'd':
      case 'i':
      case 'u':
        s = String(Math.trunc(toNum(v)));
        if (flags.includes('+') && !s.startsWith('-')) s = '+' + s;
        break;
      case 'x':
        s = Math.trunc(toNum(v)).toString(16);
        break;
      case 'X':
        s = Math.trunc(toNum(v)).toString(16).toUpperCase();
        break;
      case 'o':
        s = Math.trunc(toNum(v)).toString(8);
        break;
      case 'f':
        s = toNum(v).toFixed(prec ?? 6);
        break;
      case 'e':
      case 'E':
        s = toNum(v).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') s = s.toUpperCase();
        break;
      default:
        s = String(Number(toNum(v).toPrecision(prec || 6)));
    }
    if (s.length >= width) return s;
    if (flags.includes('-')) return s.padEnd(width);
    return flags.includes('0') && conv !== 's' ? s.padStart(width, '0') : s.padStart(width);
  });
}

/** `-F` values: `\t` and the like are escapes; a single space means the default splitting. */
function fieldSeparator(v: string): string {
  if (v === 't' || v === '\\t') return '\t';
  return v.replace(/\\t/g, '\t');
}

export const awk: Program = (args, ctx) => {
  let program: string | undefined;
  const files: string[] = [];
  const assigns: [string, string][] = [];
  let fs: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (program === undefined && a === '-F') fs = fieldSeparator(args[++k] ?? ' ');
    else if (program === undefined && a.startsWith('-F')) fs = fieldSeparator(a.slice(2));
    else if (program === undefined && a === '-v') {
      const v = args[++k] ?? '';
      assigns.push([v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]);
    } else if (program === undefined && a.startsWith('-v')) assigns.push([a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
    else if (program === undefined && a === '--') continue;
    else if (program === undefined && (a === '-f' || a.startsWith('--'))) return notSimulated(ctx, 'awk', a);
    else if (program === undefined) program = a;
    else files.push(a);
  }
  if (program === undefined) return result('', 'usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n', 2);
  let rules: Rule[];
  try {
    rules = new Parser(lex(program)).program();
  } catch (e) {
    if (e instanceof NotSimulated) return notSimulated(ctx, 'awk', e.message);
    return result('', `awk: cmd. line:1: ${program.split('\n')[0]}\nawk: cmd. line:1: ${e instanceof AwkError ? e.message : 'syntax error'}\n`, 2);
  }
  const a = new Awk();
  if (fs !== undefined) a.vars.set('FS', fs);
  for (const [n, v] of assigns) a.vars.set(n, new StrNum(v.replace(/\\n/g, '\n').replace(/\\t/g, '\t')));
  let code = 0;
  const runRules = (kind: Rule['kind']) => {
    for (const r of rules) {
      if (r.kind !== kind) continue;
      if (kind === 'main') {
        let hit: boolean;
        if (!r.pattern) hit = true;
        else if (r.range) {
          if (r.inRange) {
            hit = true;
            if (truthy(a.eval(r.range))) r.inRange = false;
          } else if (truthy(a.eval(r.pattern))) {
            hit = true;
            r.inRange = !truthy(a.eval(r.range));
          } else hit = false;
        } else hit = truthy(a.eval(r.pattern));
        if (!hit) continue;
      }
      if (!r.action) a.out += a.fields[0] + toStr(a.vars.get('ORS')!);
      else for (const s of r.action) a.exec(s);
    }
  };
  let err = '';
  try {
    try {
      runRules('begin');
      if (rules.some((r) => r.kind !== 'begin')) {
        const { text, err: e } = inputOf(files, ctx, 'awk');
        err = e.replace(/^awk: (.*): No such file or directory$/gm, "awk: fatal: cannot open file `$1' for reading: No such file or directory");
        const records = text === '' ? [] : text.replace(/\n$/, '').split('\n');
        for (const line of records) {
          a.vars.set('NR', toNum(a.vars.get('NR')!) + 1);
          a.vars.set('FNR', toNum(a.vars.get('FNR')!) + 1);
          a.setRecord(line);
          try {
            runRules('main');
          } catch (e) {
            if (!(e instanceof Next)) throw e;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      code = e.code;
    }
    runRules('end');
  } catch (e) {
    if (e instanceof Exit) code = e.code;
    else if (e instanceof AwkError) return result(a.out, `awk: cmd. line:1: fatal: ${e.message}\n`, 2);
    else throw e;
  }
  return result(a.out, err, err ? 2 : code);
};
