/**
 * `-o go-template=...` as kubectl 1.32 runs it: Go's text/template (parsed by go-template-parse)
 * executed over the object as apimachinery decodes it (int64 and float64 numbers), with Go's
 * builtins (and, or, not, len, index, slice, print, printf, println, html, js, urlquery, call,
 * eq, ne, lt, le, gt, ge) and kubectl's own (base64decode, exists). Execution errors read as
 * Go's (`template: output:1:11: executing "output" at <.metadata.name.x>: can't evaluate field x
 * in type interface {}`) and kubectl prints what was written so far plus its debugging block.
 */
import { CliError, ErrorAfterOutput } from '../api/errors.js';
import { GoNum, type GoVal, goPrint, goQuote, goType, isGoMap, numType, sprint, sprintf, sprintln } from './go-fmt.js';
import { type AnyNode, type Arg, type Command, type Pipe, type TNode, type TemplateSet, TemplateParseError, nodeString, parseTemplateSet } from './go-template-parse.js';
import { goJson } from './jsonpath.js';
import { goJsonText } from '../util/go-json.js';

/**
 * A reflect.Value: INVALID is the zero Value (a missing key); `iface` marks a value whose static
 * type is interface {} (read out of a map or slice, not yet unwrapped by a pipeline).
 */
const INVALID = Symbol('invalid');
interface RV {
  v: GoVal | typeof INVALID;
  iface?: boolean;
}
const ZERO: RV = { v: INVALID };

/** The parsed template and its source (kubectl quotes the source in its errors). */
export interface GoTemplate {
  source: string;
  set: TemplateSet;
}

type ParamType = 'value' | 'any' | 'string';
interface Builtin {
  fixed: ParamType[];
  variadic?: ParamType;
  fn: (args: RV[], call: CallInfo) => RV;
}
interface CallInfo {
  args: Arg[];
}

class ExecError extends Error {}
/** A function's own error: execution wraps it as `error calling NAME: ...`. */
class FuncError extends Error {}
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

/** Parse a template (kubectl: `error parsing template <tpl>, template: output:LINE: <why>`). */
export function parseGoTemplate(source: string): GoTemplate {
  try {
    return { source, set: parseTemplateSet(source, new Set(Object.keys(FUNCS))) };
  } catch (e) {
    if (e instanceof TemplateParseError) throw new CliError(`error parsing template ${source}, ${e.message}`);
    throw e;
  }
}

/**
 * Execute over one object (or List). On an execution error kubectl prints the partial output and a
 * debugging block on stdout, then `error executing template "<tpl>": <err>` on stderr.
 */
export function executeGoTemplate(t: GoTemplate, doc: unknown, options: { allowMissingKeys?: boolean; typed?: boolean } = {}): string {
  const data = doc as GoVal;
  const s = new State(t.set, 'output', { v: data }, options.allowMissingKeys ?? true);
  try {
    s.walkList({ v: data }, t.set.trees.get('output')!);
    return s.out;
  } catch (e) {
    let message: string;
    if (e instanceof ExecError) message = e.message;
    // Go stops at 100000 nested template calls; JavaScript's stack ends first.
    else if (e instanceof RangeError && /call stack/.test(e.message)) message = s.errorText('exceeded maximum template depth (100000)');
    else throw e;
    const stdout =
      s.out +
      `Error executing template: ${message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${t.source}\n` +
      // json.Marshal of the object: a typed one in its struct order, an unstructured one's map sorted.
      `\traw data was:\n\t\t${options.typed ? goJsonText(doc) : goJson(doc as never)}\n` +
      `\tobject given to template engine was:\n\t\t${goPrint(data)}\n\n`;
    throw new ErrorAfterOutput(stdout, `error executing template ${goQuote(t.source)}: ${message}`);
  }
}

// ---- execution ----

const unbox = (x: RV): RV => (x.iface ? (x.v === null ? ZERO : { v: x.v }) : x);
const typeOf = (x: RV): string => (x.iface ? 'interface {}' : goType(x.v as GoVal));

/** reflect's Kind groups that comparisons use. */
function basicKind(x: RV): 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid' {
  const v = x.v;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || v instanceof GoNum) {
    const t = numType(v);
    return t === 'float64' ? 'float' : t === 'uint8' ? 'uint' : 'int';
  }
  return 'invalid';
}

const numOf = (x: RV) => (x.v instanceof GoNum ? x.v.n : (x.v as number));

function isTrue(x: RV): boolean {
  const v = x.v;
  if (v === INVALID || v === null) return false;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || v instanceof GoNum) return numOf(x) !== 0;
  return Object.keys(v).length > 0;
}

class State {
  out = '';
  private at: AnyNode | null = null;
  private vars: { name: string; value: RV }[];
  private depth = 0;

  constructor(
    private readonly set: TemplateSet,
    private name: string,
    data: RV,
    /** missingkey=default (kubectl's --allow-missing-template-keys=true) rather than missingkey=error. */
    private readonly allowMissingKeys: boolean,
  ) {
    this.vars = [{ name: '$', value: data }];
  }

  /** `template: output:L:C: executing "NAME" at <NODE>: MSG`. */
  errorText(msg: string): string {
    if (!this.at) return `template: output: ${msg}`;
    const pos = this.at.pos;
    const before = this.set.text.slice(0, pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const col = Buffer.byteLength(before.slice(lineStart));
    const context = nodeString(this.at);
    return `template: output:${line}:${col}: executing ${JSON.stringify(this.name)} at <${context}>: ${msg}`;
  }

  private errorf(msg: string): never {
    throw new ExecError(this.errorText(msg));
  }

  walkList(dot: RV, list: TNode[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: RV, n: TNode): void {
    this.at = n;
    switch (n.k) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (!n.pipe.decl.length) {
          this.at = n;
          this.out += v.v === INVALID ? '<no value>' : goPrint(v.v);
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        if (isTrue(v)) this.walkList(n.k === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(dot, n);
      case 'template':
        return this.walkTemplate(dot, n);
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private walkRange(dot: RV, r: Extract<TNode, { list: TNode[] }>): void {
    this.at = r;
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const one = (index: RV, elem: RV) => {
      if (r.pipe.decl.length) {
        // With two variables the index comes first; with one, it is the element.
        if (r.pipe.isAssign) this.setVar(r.pipe.decl[0]!, r.pipe.decl.length > 1 ? index : elem);
        else this.vars[this.vars.length - 1]!.value = elem;
      }
      if (r.pipe.decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(r.pipe.decl[1]!, elem);
        else this.vars[this.vars.length - 2]!.value = index;
      }
      try {
        this.walkList(elem, r.list);
      } catch (e) {
        if (e !== CONTINUE) throw e;
      } finally {
        this.vars.length = mark;
      }
    };
    const v = val.v;
    let iterated = false;
    try {
      if (Array.isArray(v)) {
        iterated = v.length > 0;
        v.forEach((x, i) => one({ v: new GoNum('int', i) }, { v: x, iface: true }));
      } else if (isGoMap(v)) {
        const keys = Object.keys(v).sort(byBytes);
        iterated = keys.length > 0;
        for (const k of keys) one({ v: k }, { v: v[k]!, iface: true });
      } else if (v !== INVALID) {
        this.errorf(`range can't iterate over ${goPrint(v)}`);
      }
    } catch (e) {
      if (e !== BREAK) throw e;
    }
    if (!iterated && r.elseList) this.walkList(dot, r.elseList);
    this.vars.length = outer;
  }

  private walkTemplate(dot: RV, t: Extract<TNode, { k: 'template' }>): void {
    this.at = t;
    const tree = this.set.trees.get(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth === 100000) this.errorf('exceeded maximum template depth (100000)');
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : ZERO;
    const saved = { vars: this.vars, name: this.name };
    this.vars = [{ name: '$', value: newDot }];
    this.name = t.name;
    this.depth++;
    this.walkList(newDot, tree!);
    this.depth--;
    this.vars = saved.vars;
    this.name = saved.name;
  }

  private setVar(name: string, value: RV) {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): RV {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: RV, pipe: Pipe): RV {
    this.at = pipe;
    let value: RV | undefined;
    for (const cmd of pipe.cmds) value = unbox(this.evalCommand(dot, cmd, value));
    const v = value ?? ZERO;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, v);
      else this.vars.push({ name, value: v });
    }
    return v;
  }

  private notAFunction(args: Arg[], final: RV | undefined) {
    if (args.length > 1 || final) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(dot: RV, cmd: Command, final: RV | undefined): RV {
    const first = cmd.args[0]!;
    switch (first.k) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at = first;
    this.notAFunction(cmd.args, final);
    switch (first.k) {
      case 'bool':
        return { v: first.v };
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return { v: first.text };
    }
  }

  private idealConstant(n: Extract<Arg, { k: 'number' }>): RV {
    this.at = n;
    if (n.isFloat) return { v: new GoNum('float64', n.v) };
    if (n.big! > 9223372036854775807n) this.errorf(`${n.text} overflows int`);
    return { v: new GoNum('int', n.v, n.big) };
  }

  private evalFieldNode(dot: RV, f: Extract<Arg, { k: 'field' }>, args: Arg[] | null, final: RV | undefined): RV {
    this.at = f;
    return this.evalFieldChain(dot, f.ident, args, final);
  }

  private evalChain(dot: RV, c: Extract<Arg, { k: 'chain' }>, args: Arg[] | null, final: RV | undefined): RV {
    this.at = c;
    const receiver = this.evalArg(dot, null, c.node);
    return this.evalFieldChain(receiver, c.field, args, final);
  }

  private evalVariable(dot: RV, v: Extract<Arg, { k: 'variable' }>, args: Arg[] | null, final: RV | undefined): RV {
    this.at = v;
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? [v], final);
      return value;
    }
    return this.evalFieldChain(value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(receiver: RV, ident: string[], args: Arg[] | null, final: RV | undefined): RV {
    let r = receiver;
    ident.forEach((name, i) => {
      const last = i === ident.length - 1;
      r = this.evalField(name, last ? args : null, last ? final : undefined, r);
    });
    return r;
  }

  private evalField(name: string, args: Arg[] | null, final: RV | undefined, receiver: RV): RV {
    if (receiver.v === INVALID) {
      if (!this.allowMissingKeys) this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return ZERO;
    }
    const typ = typeOf(receiver);
    if (receiver.iface && receiver.v === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const v = receiver.v;
    if (isGoMap(v)) {
      if ((args && args.length > 1) || final) this.errorf(`${name} is not a method but has arguments`);
      if (Object.hasOwn(v, name)) return { v: v[name]!, iface: true };
      if (!this.allowMissingKeys) this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      return ZERO;
    }
    return this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  private evalFunction(dot: RV, node: Extract<Arg, { k: 'identifier' }>, cmd: AnyNode, args: Arg[], final: RV | undefined): RV {
    this.at = node;
    const fn = FUNCS[node.name]!;
    return this.evalCall(dot, fn, cmd, node.name, args, final);
  }

  private evalCall(dot: RV, fn: Builtin, node: AnyNode, name: string, allArgs: Arg[], final: RV | undefined): RV {
    const args = allArgs.slice(1);
    const numIn = args.length + (final ? 1 : 0);
    const numFixed = fn.variadic ? fn.fixed.length : args.length;
    if (fn.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${fn.fixed.length} got ${args.length}`);
    } else if (numIn !== fn.fixed.length) this.errorf(`wrong number of args for ${name}: want ${fn.fixed.length} got ${numIn}`);
    // and/or evaluate their arguments only until the answer is known.
    if (name === 'and' || name === 'or') {
      let v: RV = ZERO;
      for (const a of args) {
        v = this.evalArg(dot, 'value', a);
        if (isTrue(unbox(v)) === (name === 'or')) return v;
      }
      if (final) v = final;
      return v;
    }
    const argv: RV[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fn.fixed[i]!, args[i]!));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i]!));
    if (final) {
      const t = numIn - 1 < fn.fixed.length ? fn.fixed[numIn - 1]! : fn.variadic!;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.fn(argv, { args });
    } catch (e) {
      if (!(e instanceof FuncError)) throw e;
      this.at = node;
      return this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  /** An argument evaluated for a parameter of the given type (null: the receiver of a chain). */
  private evalArg(dot: RV, typ: ParamType | null, n: Arg): RV {
    this.at = n;
    switch (n.k) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'string') this.errorf('cannot assign nil to string');
        return typ === 'any' ? { v: null, iface: true } : ZERO;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], undefined), typ);
      case 'variable':
        return this.validateType(this.evalVariable(dot, n, null, undefined), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [n], undefined), typ);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, null, undefined), typ);
    }
    if (typ === 'string') {
      if (n.k === 'string') return { v: n.text };
      return this.errorf(`expected string; found ${nodeString(n)}`);
    }
    this.at = n;
    if (n.k === 'number') return this.idealConstant(n);
    return { v: n.k === 'bool' ? n.v : n.text };
  }

  private validateType(value: RV, typ: ParamType | null): RV {
    if (value.v === INVALID) {
      if (typ === 'string') this.errorf('invalid value; expected string');
      return typ === 'any' ? { v: null, iface: true } : ZERO;
    }
    if (typ === 'string' && typeof value.v !== 'string') {
      const shown = value.iface && value.v !== null ? goType(value.v) : typeOf(value);
      this.errorf(`wrong type for value; expected string; got ${shown}`);
    }
    return value;
  }
}

/** Go sorts map keys by their bytes (fmtsort), not by UTF-16 code units. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// ---- builtins ----

const fail = (msg: string): never => {
  throw new FuncError(msg);
};

/** Arguments of interface {} parameters as fmt sees them (nil for a missing value). */
const plain = (args: RV[]): GoVal[] => args.map((a) => (a.v === INVALID ? null : a.v));

/** text/template's evalArgs for html/js/urlquery: a lone string as is, else Sprint (missing: <no value>). */
function argsText(args: RV[]): string {
  if (args.length === 1 && typeof args[0]!.v === 'string') return args[0]!.v;
  return sprint(args.map((a) => (a.v === INVALID || a.v === null ? '<no value>' : a.v)));
}

/** index/slice's integer argument. */
function indexArg(x: RV, cap: number): number {
  const k = basicKind(x);
  if (x.v === INVALID) fail('cannot index slice/array with nil');
  if (k !== 'int' && k !== 'uint') fail(`cannot index slice/array with type ${goType(x.v as GoVal)}`);
  const n = numOf(x);
  if (n < 0 || n > cap) fail(`index out of range: ${n}`);
  return n;
}

/** Go's append growth for a decoded JSON array: its capacity (what slice may reach beyond len). */
function capOf(a: GoVal[]): number {
  let c = a.length ? 1 : 0;
  while (c < a.length) c *= 2;
  return c;
}

function compareEq(a1: RV, a: RV): boolean {
  const k1 = basicKind(a1);
  const k2 = basicKind(a);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return numOf(a1) === numOf(a);
    if (a1.v !== INVALID && a.v !== INVALID) fail('incompatible types for comparison');
    return false;
  }
  if (k1 !== 'invalid') return k1 === 'int' || k1 === 'uint' || k1 === 'float' ? numOf(a1) === numOf(a) : a1.v === a.v;
  if (a1.v !== INVALID && a.v !== INVALID && Array.isArray(a1.v) !== Array.isArray(a.v)) {
    fail(`non-comparable types ${sprintf('%s', [a1.v as GoVal])}: ${goType(a1.v as GoVal)}, ${goType(a.v as GoVal)}: ${goPrint(a.v as GoVal)}`);
  }
  if (a1.v === INVALID || a.v === INVALID) return a1.v === a.v;
  return fail(`non-comparable type ${sprintf('%s', [a.v as GoVal])}: ${goType(a.v as GoVal)}`);
}

function lessThan(x: RV, y: RV): boolean {
  const a1 = unbox(x);
  const a2 = unbox(y);
  const k1 = basicKind(a1);
  if (k1 === 'invalid') fail('invalid type for comparison');
  const k2 = basicKind(a2);
  if (k2 === 'invalid') fail('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return numOf(a1) < numOf(a2);
    fail('incompatible types for comparison');
  }
  if (k1 === 'bool') fail('invalid type for comparison');
  if (k1 === 'string') return Buffer.compare(Buffer.from(a1.v as string), Buffer.from(a2.v as string)) < 0;
  return numOf(a1) < numOf(a2);
}

function eq(args: RV[]): boolean {
  const a1 = unbox(args[0]!);
  if (args.length < 2) fail('missing argument for comparison');
  return args.slice(1).some((a) => compareEq(a1, unbox(a)));
}

const B = (v: boolean): RV => ({ v });

/** Go's base64.StdEncoding.DecodeString, with its CorruptInputError offsets. */
function base64Decode(s: string): string {
  const src = Buffer.from(s, 'utf8');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: number[] = [];
  const corrupt = (at: number): never => fail(`base64 decode failed: illegal base64 data at input byte ${at}`);
  const nl = (c: number | undefined) => c === 10 || c === 13;
  let si = 0;
  for (;;) {
    const q: number[] = [];
    let dlen = 4;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out).toString('utf8');
        corrupt(si - j);
      }
      const c = src[si++]!;
      const d = alphabet.indexOf(String.fromCharCode(c));
      if (d >= 0 && c < 128) {
        q.push(d);
        continue;
      }
      if (nl(c)) {
        j--;
        continue;
      }
      if (c !== 61) corrupt(si - 1);
      if (j < 2) corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && nl(src[si])) si++;
        if (si === src.length) corrupt(src.length);
        if (src[si] !== 61) corrupt(si - 1);
        si++;
      }
      while (si < src.length && nl(src[si])) si++;
      if (si < src.length) corrupt(si);
      dlen = j;
      break;
    }
    const val = ((q[0] ?? 0) << 18) | ((q[1] ?? 0) << 12) | ((q[2] ?? 0) << 6) | (q[3] ?? 0);
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (dlen < 4) return Buffer.from(out).toString('utf8');
  }
}

const HTML_ESCAPES: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\ufffd' };
const JS_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

function jsEscape(s: string): string {
  return [...s]
    .map((c) => {
      if (JS_ESCAPES[c]) return JS_ESCAPES[c];
      const cp = c.codePointAt(0)!;
      if (cp < 0x20) return '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
      if (cp >= 0x80 && !/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(c)) return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
      return c;
    })
    .join('');
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === ' ') return '+';
      return '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

/** kubectl's exists: would index succeed with these keys (and find something not nil)? */
function exists(args: RV[]): boolean {
  let v: GoVal | typeof INVALID = args[0]!.v;
  // A nil item with nothing to index exists (reflect.ValueOf(nil) is not a nil pointer); a nil found by indexing does not.
  if (args.length === 1) return true;
  for (const idx of args.slice(1)) {
    if (v === null) return false;
    if (Array.isArray(v) || typeof v === 'string') {
      const k = basicKind({ v: idx.v });
      if (k !== 'int' && k !== 'uint') return false;
      const n = numOf(idx);
      if (n < 0 || n >= v.length) return false;
      v = typeof v === 'string' ? new GoNum('uint8', Buffer.from(v)[n]!) : v[n]!;
    } else if (isGoMap(v)) {
      if (idx.v !== null && idx.v !== INVALID && typeof idx.v !== 'string') return false;
      const key = typeof idx.v === 'string' ? idx.v : '';
      v = Object.hasOwn(v, key) ? v[key]! : null;
    } else return false;
  }
  return v !== null;
}

const FUNCS: Record<string, Builtin> = {
  and: { fixed: ['value'], variadic: 'value', fn: () => ZERO },
  or: { fixed: ['value'], variadic: 'value', fn: () => ZERO },
  not: { fixed: ['value'], fn: ([a]) => B(!isTrue(unbox(a!))) },
  call: {
    fixed: ['value'],
    variadic: 'value',
    fn: ([f], { args }) => {
      const v = unbox(f!);
      if (v.v === INVALID) return fail('call of nil');
      return fail(`non-function ${nodeString(args[0]!)} of type ${goType(v.v)}`);
    },
  },
  html: { fixed: [], variadic: 'any', fn: (a) => ({ v: argsText(a).replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c]!) }) },
  js: { fixed: [], variadic: 'any', fn: (a) => ({ v: jsEscape(argsText(a)) }) },
  urlquery: { fixed: [], variadic: 'any', fn: (a) => ({ v: queryEscape(argsText(a)) }) },
  print: { fixed: [], variadic: 'any', fn: (a) => ({ v: sprint(plain(a)) }) },
  println: { fixed: [], variadic: 'any', fn: (a) => ({ v: sprintln(plain(a)) }) },
  printf: { fixed: ['string'], variadic: 'any', fn: ([f, ...a]) => ({ v: sprintf(f!.v as string, plain(a)) }) },
  len: {
    fixed: ['value'],
    fn: ([a]) => {
      const x = a!;
      if (x.iface && x.v === null) return fail('len of nil pointer');
      if (x.v === INVALID) return fail('reflect: call of reflect.Value.Type on zero Value');
      const v = x.v;
      if (typeof v === 'string') return { v: new GoNum('int', Buffer.byteLength(v)) };
      if (Array.isArray(v)) return { v: new GoNum('int', v.length) };
      if (isGoMap(v)) return { v: new GoNum('int', Object.keys(v).length) };
      return fail(`len of type ${goType(v)}`);
    },
  },
  index: {
    fixed: ['value'],
    variadic: 'value',
    fn: ([item, ...indexes]) => {
      let cur = unbox(item!);
      if (cur.v === INVALID) return fail('index of untyped nil');
      for (const raw of indexes) {
        const idx = unbox(raw);
        if (cur.v === null) fail('index of nil pointer');
        const v = cur.v as GoVal;
        if (Array.isArray(v) || typeof v === 'string') {
          const len = typeof v === 'string' ? Buffer.byteLength(v) : v.length;
          const x = indexArg(idx, len);
          if (x === len) fail(`reflect: ${typeof v === 'string' ? 'string' : 'slice'} index out of range`);
          cur = typeof v === 'string' ? { v: new GoNum('uint8', Buffer.from(v)[x]!) } : { v: v[x]!, iface: true };
        } else if (isGoMap(v)) {
          if (idx.v === INVALID) fail('value is nil; should be of type string');
          if (typeof idx.v !== 'string') fail(`value has type ${goType(idx.v as GoVal)}; should be string`);
          const key = idx.v as string;
          cur = { v: Object.hasOwn(v, key) ? v[key]! : null, iface: true };
        } else fail(`can't index item of type ${goType(v)}`);
      }
      return cur;
    },
  },
  slice: {
    fixed: ['value'],
    variadic: 'value',
    fn: ([item, ...indexes]) => {
      const x = unbox(item!);
      if (x.v === INVALID) return fail('slice of untyped nil');
      if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`);
      const v = x.v;
      let cap: number;
      let len: number;
      if (typeof v === 'string') {
        if (indexes.length === 3) fail('cannot 3-index slice a string');
        cap = len = Buffer.byteLength(v);
      } else if (Array.isArray(v)) {
        cap = capOf(v);
        len = v.length;
      } else return fail(`can't slice item of type ${goType(v)}`);
      const idx = [0, len, cap];
      indexes.forEach((raw, i) => (idx[i] = indexArg(unbox(raw), cap)));
      if (idx[0]! > idx[1]!) fail(`invalid slice index: ${idx[0]} > ${idx[1]}`);
      if (indexes.length === 3 && idx[1]! > idx[2]!) fail(`invalid slice index: ${idx[1]} > ${idx[2]}`);
      if (typeof v === 'string') return { v: Buffer.from(v).subarray(idx[0], idx[1]).toString('utf8') };
      const out: GoVal[] = [];
      for (let k = idx[0]!; k < idx[1]!; k++) out.push(k < v.length ? v[k]! : null);
      return { v: out };
    },
  },
  eq: { fixed: ['value'], variadic: 'value', fn: (a) => B(eq(a)) },
  ne: { fixed: ['value', 'value'], fn: (a) => B(!eq(a)) },
  lt: { fixed: ['value', 'value'], fn: ([a, b]) => B(lessThan(a!, b!)) },
  le: { fixed: ['value', 'value'], fn: ([a, b]) => B(lessThan(a!, b!) || eq([a!, b!])) },
  gt: { fixed: ['value', 'value'], fn: ([a, b]) => B(!(lessThan(a!, b!) || eq([a!, b!]))) },
  ge: { fixed: ['value', 'value'], fn: ([a, b]) => B(!lessThan(a!, b!)) },
  base64decode: { fixed: ['string'], fn: ([a]) => ({ v: base64Decode(a!.v as string) }) },
  exists: { fixed: ['any'], variadic: 'any', fn: (a) => B(exists(a)) },
};
