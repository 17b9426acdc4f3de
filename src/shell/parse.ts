/**
 * Parser for the command lines the simulated shell runs (in containers, on nodes and on the walkthrough's
 * host): words with quotes and backslashes, `$VAR` / `${VAR}` (with the `:-`, `:=`, `:+`, `#`, `%`, `/`
 * operators) / `$?` / `$@` and `$(...)` / backtick substitution (expanded later, at run time), `;`, `&`,
 * `&&`, `||`, `|`, `!`, newlines, `#` comments, redirections (`>`, `>>`, `<`, `2>`, `2>&1`, `&>`, `<<EOF`
 * heredocs, `<<<` here-strings), and the compound commands tutorials use: `for NAME in WORDS; do ...; done`,
 * `while`/`until LIST; do ...; done`, `if ... fi`, `{ ...; }`, `( ... )`, `name() { ...; }` and `[[ ... ]]`.
 */

import { leftAssoc } from './programs/precedence.js';

/** A piece of a word: literal text, a variable reference, or a command substitution. */
export type WordPart =
  | { lit: string; quoted: boolean }
  | { variable: string; quoted: boolean; op?: ParamOp; arg?: string }
  | { subst: string; quoted: boolean }
  | { arith: string; quoted: boolean };
export type Word = WordPart[];

/** `${NAME<op><arg>}` operators; `len` is `${#NAME}`. */
export type ParamOp = 'len' | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '%' | '%%' | '#' | '##' | '/' | '//';

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<<' | '<<<';
  target: Word;
  /** For `<<`: the heredoc body as a word (unquoted delimiters expand `$VAR` and `$(...)`). */
  heredoc?: Word;
}

export interface SimpleCommand {
  kind?: undefined;
  words: Word[];
  redirects: Redirect[];
}

export type CompoundCommand =
  | { kind: 'for'; name: string; words: Word[] | null; body: Script; redirects: Redirect[] }
  | { kind: 'while'; until: boolean; cond: Script; body: Script; redirects: Redirect[] }
  | { kind: 'if'; branches: { cond: Script; body: Script }[]; elseBody?: Script; redirects: Redirect[] }
  /** `{ LIST; }` runs in this shell; `( LIST )` in a copy of it (a subshell). */
  | { kind: 'group'; subshell: boolean; body: Script; redirects: Redirect[] }
  /** `name() BODY`: defines a function. */
  | { kind: 'function'; name: string; body: Command; redirects: Redirect[] };

export type Command = SimpleCommand | CompoundCommand;

export interface Pipeline {
  commands: Command[];
  /** `! PIPELINE`: the exit status is inverted. */
  negate?: boolean;
}

/** A command list: each pipeline runs depending on the previous exit code (`;` always, `&&` on 0, `||` otherwise). */
export interface Script {
  items: { pipeline: Pipeline; connector: ';' | '&&' | '||'; background?: boolean }[];
}

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    /** The input ended too early: more lines would complete it (an interactive shell reads on). */
    readonly incomplete = false,
  ) {
    super(message);
  }
}

/** Compound commands, `$((` parentheses and `${` braces nest at most this deep in one script. */
export const MAX_PARSE_DEPTH = 200;

type Token =
  | { t: 'word'; w: Word }
  | { t: 'op'; op: string }
  | { t: 'redir'; fd: number; op: Redirect['op']; heredoc?: { word?: Word }; both?: boolean };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Turns source text into words, operators and redirections. */
class Tokenizer {
  private i = 0;
  private cur: Word | null = null;
  private readonly out: Token[] = [];
  /** Heredocs whose bodies start at the next newline. */
  private pending: { token: { heredoc?: { word?: Word } }; delim: string; expand: boolean; strip: boolean }[] = [];

  constructor(private readonly src: string) {}

  private lit(s: string, quoted: boolean): void {
    this.cur ??= [];
    const last = this.cur[this.cur.length - 1];
    if (last && 'lit' in last && last.quoted === quoted) last.lit += s;
    else this.cur.push({ lit: s, quoted });
  }

  private flush(): void {
    if (this.cur) this.out.push({ t: 'word', w: this.cur });
    this.cur = null;
  }

  /**
   * The index of the bracket closing the one at src[at] (`(` or `{`), nested ones counted, quotes and
   * backslashes respected; -1 when the text ends first.
   */
  private closing(at: number): number {
    const src = this.src;
    const open = src[at]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let quote: string | null = null;
    for (let j = at; j < src.length; j++) {
      const c = src[j]!;
      if (quote) {
        if (c === quote) quote = null;
        else if (c === '\\' && quote === '"') j++;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\') j++;
      else if (c === open) {
        if (open === '{' && depth >= MAX_PARSE_DEPTH) throw new ShellSyntaxError('syntax error: ${...} nested too deeply');
        depth++;
      } else if (c === close && --depth === 0) return j;
    }
    return -1;
  }

  /** The text of a `$(...)` starting at src[i] === '$' (i+1 === '('), and the index after it. */
  private readSubst(i: number): { body: string; end: number } {
    const j = this.closing(i + 1);
    if (j < 0) throw new ShellSyntaxError("syntax error: unterminated '$('", true);
    return { body: this.src.slice(i + 2, j), end: j + 1 };
  }

  /** `${...}` at src[i] === '$': the closing brace's index. */
  private braceEnd(i: number): number {
    const j = this.closing(i + 1);
    if (j < 0) throw new ShellSyntaxError("syntax error: missing '}'", true);
    return j;
  }

  /** `$...` at src[i]: a variable or a substitution; false when `$` is literal. */
  private readDollar(quoted: boolean): boolean {
    const src = this.src;
    const i = this.i;
    if (src.startsWith('$((', i)) {
      const end = arithEnd(src, i + 3);
      this.cur ??= [];
      this.cur.push({ arith: src.slice(i + 3, end), quoted });
      this.i = end + 2;
      return true;
    }
    if (src[i + 1] === '(') {
      const { body, end } = this.readSubst(i);
      this.cur ??= [];
      this.cur.push({ subst: body, quoted });
      this.i = end;
      return true;
    }
    if (src[i + 1] === '{') {
      const end = this.braceEnd(i);
      this.cur ??= [];
      this.cur.push({ ...parseParam(src.slice(i + 2, end)), quoted });
      this.i = end + 1;
      return true;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#@*0-9!])/.exec(src.slice(i + 1, i + 65));
    if (!m) return false;
    let name = m[1]!;
    // Long names: the 64-character window above may have cut one short.
    if (name.length === 64) name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1))![0];
    this.cur ??= [];
    this.cur.push({ variable: name, quoted });
    this.i += 1 + name.length;
    return true;
  }

  private readBacktick(quoted: boolean): void {
    const end = this.src.indexOf('`', this.i + 1);
    if (end < 0) throw new ShellSyntaxError('Unterminated quoted string', true);
    this.cur ??= [];
    this.cur.push({ subst: this.src.slice(this.i + 1, end), quoted });
    this.i = end + 1;
  }

  /** Inside double quotes (or a heredoc body when `close` is null): `$`, backticks and `\` escapes. */
  private readQuoted(close: '"' | null): void {
    const src = this.src;
    this.cur ??= [];
    while (this.i < src.length) {
      const d = src[this.i]!;
      if (close && d === close) {
        this.i++;
        return;
      }
      if (d === '\\' && (close ? '"\\$`\n' : '\\$`').includes(src[this.i + 1] ?? '')) {
        if (src[this.i + 1] !== '\n') this.lit(src[this.i + 1]!, true);
        this.i += 2;
        continue;
      }
      if (d === '$' && this.readDollar(true)) continue;
      if (d === '`') {
        this.readBacktick(true);
        continue;
      }
      this.lit(d, true);
      this.i++;
    }
    if (close) throw new ShellSyntaxError('Unterminated quoted string', true);
  }

  /** After a newline: read the bodies of the heredocs opened on the line just ended. */
  private readHeredocs(): void {
    for (const h of this.pending) {
      const lines: string[] = [];
      let found = false;
      while (this.i < this.src.length) {
        const nl = this.src.indexOf('\n', this.i);
        const raw = this.src.slice(this.i, nl < 0 ? this.src.length : nl);
        this.i = nl < 0 ? this.src.length : nl + 1;
        const line = h.strip ? raw.replace(/^\t+/, '') : raw;
        if (line === h.delim) {
          found = true;
          break;
        }
        lines.push(line);
      }
      if (!found) throw new ShellSyntaxError(`syntax error: here-document delimited by end-of-file (wanted '${h.delim}')`, true);
      const body = lines.length ? lines.join('\n') + '\n' : '';
      h.token.heredoc = { word: h.expand ? heredocWord(body) : [{ lit: body, quoted: true }] };
    }
    this.pending = [];
  }

  /** `<<[-]DELIM` at src[i]: remember the heredoc; its body follows the next newline. */
  private readHeredocOperator(fd: number): void {
    const src = this.src;
    this.i += 2;
    const strip = src[this.i] === '-';
    if (strip) this.i++;
    while (src[this.i] === ' ' || src[this.i] === '\t') this.i++;
    let delim = '';
    let expand = true;
    while (this.i < src.length && !/[\s;&|<>()]/.test(src[this.i]!)) {
      const c = src[this.i]!;
      if (c === "'" || c === '"') {
        const end = src.indexOf(c, this.i + 1);
        if (end < 0) throw new ShellSyntaxError('Unterminated quoted string', true);
        delim += src.slice(this.i + 1, end);
        expand = false;
        this.i = end + 1;
      } else if (c === '\\') {
        delim += src[this.i + 1] ?? '';
        expand = false;
        this.i += 2;
      } else {
        delim += c;
        this.i++;
      }
    }
    if (!delim) throw new ShellSyntaxError('syntax error: unexpected redirection');
    const token: Token & { t: 'redir' } = { t: 'redir', fd, op: '<<', heredoc: {} };
    this.out.push(token, { t: 'word', w: [{ lit: delim, quoted: true }] });
    this.pending.push({ token, delim, expand, strip });
  }

  tokens(): Token[] {
    const src = this.src;
    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        this.flush();
        this.i++;
        continue;
      }
      if (c === '\n') {
        this.flush();
        this.out.push({ t: 'op', op: '\n' });
        this.i++;
        if (this.pending.length) this.readHeredocs();
        continue;
      }
      if (c === '#' && this.cur === null) {
        while (this.i < src.length && src[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '\\') {
        if (src[this.i + 1] === '\n') this.i += 2;
        else if (this.i + 1 >= src.length) throw new ShellSyntaxError('syntax error: unexpected end of file', true);
        else {
          this.lit(src[this.i + 1]!, true);
          this.i += 2;
        }
        continue;
      }
      if (c === "'") {
        const end = src.indexOf("'", this.i + 1);
        if (end < 0) throw new ShellSyntaxError('Unterminated quoted string', true);
        this.lit(src.slice(this.i + 1, end), true);
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        this.i++;
        this.readQuoted('"');
        continue;
      }
      if (c === '$' && this.readDollar(false)) continue;
      if (c === '`') {
        this.readBacktick(false);
        continue;
      }
      if (c === ';' || c === '&' || c === '|') {
        this.flush();
        const two = src.slice(this.i, this.i + 2);
        if (two === '&&' || two === '||') {
          this.out.push({ t: 'op', op: two });
          this.i += 2;
        } else if (two === '&>') {
          // `&> FILE` is `> FILE 2>&1`.
          this.out.push({ t: 'redir', fd: 1, op: '>', both: true });
          this.i += 2;
        } else if (two === ';;') throw new ShellSyntaxError('syntax error: unexpected ";;"');
        else {
          this.out.push({ t: 'op', op: c });
          this.i++;
        }
        continue;
      }
      if (c === '>' || c === '<') {
        // A bare number right before the operator is its file descriptor.
        let fd = c === '<' ? 0 : 1;
        const w = this.cur as Word | null;
        if (w && w.length === 1 && 'lit' in w[0]! && !w[0].quoted && /^\d$/.test(w[0].lit)) {
          fd = Number(w[0].lit);
          this.cur = null;
        } else this.flush();
        if (src.startsWith('<<<', this.i)) {
          this.out.push({ t: 'redir', fd, op: '<<<' });
          this.i += 3;
        } else if (src.startsWith('<<', this.i)) this.readHeredocOperator(fd);
        else {
          const two = src.slice(this.i, this.i + 2);
          this.out.push({ t: 'redir', fd, op: two === '>>' ? '>>' : two === '>&' ? '>&' : c === '<' ? '<' : '>' });
          this.i += two === '>>' || two === '>&' ? 2 : two === '>|' ? 2 : 1;
        }
        continue;
      }
      if (c === '(' || c === ')') {
        this.flush();
        this.out.push({ t: 'op', op: c });
        this.i++;
        continue;
      }
      this.lit(c, false);
      this.i++;
    }
    this.flush();
    if (this.pending.length) {
      const h = this.pending[0]!;
      throw new ShellSyntaxError(`syntax error: here-document delimited by end-of-file (wanted '${h.delim}')`, true);
    }
    return this.out;
  }
}

/** The index of the `))` closing a `$((` whose body starts at `from`, counting nested parentheses. */
function arithEnd(src: string, from: number): number {
  let depth = 0;
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (c === '(') {
      if (++depth > MAX_PARSE_DEPTH) throw new ShellSyntaxError('arithmetic expression nested too deeply');
    } else if (c === ')') {
      if (depth === 0) {
        if (src[j + 1] === ')') return j;
        throw new ShellSyntaxError("syntax error: missing '))'");
      }
      depth--;
    }
  }
  throw new ShellSyntaxError("syntax error: unterminated '$(('", true);
}

/** The inside of `${...}`: a name and an optional operator with its (unexpanded) argument. */
function parseParam(inner: string): { variable: string; op?: ParamOp; arg?: string } {
  if (inner.startsWith('#') && inner.length > 1) {
    const name = inner.slice(1);
    if (!NAME.test(name) && !/^[0-9@*#?]$/.test(name)) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
    return { variable: name, op: 'len' };
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!])(.*)$/s.exec(inner);
  if (!m) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
  const [, name, rest] = m as unknown as [string, string, string];
  if (!rest) return { variable: name };
  const op = (['//', ':-', ':=', ':+', ':?', '%%', '##', '-', '=', '+', '?', '%', '#', '/'] as ParamOp[]).find((o) => rest.startsWith(o));
  if (!op) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
  return { variable: name, op, arg: rest.slice(op.length) };
}

/** Text in which `$VAR`, `$(...)` and backticks expand and quotes are plain characters (a heredoc body, `$((...))`). */
export function heredocWord(body: string): Word {
  const t = new Tokenizer(body);
  (t as unknown as { readQuoted(close: null): void }).readQuoted(null);
  return (t as unknown as { cur: Word | null }).cur ?? [];
}

/** Split source text into tokens. */
function tokenize(src: string): Token[] {
  return new Tokenizer(src).tokens();
}

const RESERVED = new Set(['do', 'done', 'then', 'fi', 'else', 'elif', 'in', 'for', 'while', 'until', 'if', '{', '}', '!', 'function']);

/** The unquoted literal text of a word, for reserved-word checks. */
function bare(w: Word): string | undefined {
  return w.length === 1 && 'lit' in w[0]! && !w[0].quoted ? w[0].lit : undefined;
}

function isOp(t: Token | undefined, ...ops: string[]): boolean {
  return t?.t === 'op' && ops.includes(t.op);
}

class Parser {
  private k = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.k];
  }

  private peekWord(): string | undefined {
    const t = this.peek();
    return t?.t === 'word' ? bare(t.w) : undefined;
  }

  private skipNewlines(): void {
    while (isOp(this.peek(), '\n')) this.k++;
  }

  private skipSeparators(): void {
    while (isOp(this.peek(), '\n', ';')) this.k++;
  }

  private describe(t: Token | undefined): string {
    if (!t) return 'end of file';
    if (t.t === 'word') return 'word';
    if (t.t === 'op') return t.op === '\n' ? 'newline' : `"${t.op}"`;
    return 'redirection';
  }

  private expectWord(word: string): void {
    this.skipSeparators();
    if (this.peekWord() !== word) {
      const t = this.peek();
      throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(t)} (expecting "${word}")`, !t);
    }
    this.k++;
  }

  private enter(): void {
    if (++this.depth > MAX_PARSE_DEPTH) throw new ShellSyntaxError('syntax error: commands nested too deeply');
  }

  /** A list, ending at end of input, at `)` or at one of `stops` in command position. */
  list(stops: Set<string>, closeParen = false): Script {
    const script: Script = { items: [] };
    let connector: ';' | '&&' | '||' = ';';
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (!t) break;
      if (closeParen && isOp(t, ')')) break;
      const w = this.peekWord();
      if (w !== undefined && stops.has(w)) break;
      const pipeline = this.pipeline(stops);
      const item: Script['items'][number] = { pipeline, connector };
      script.items.push(item);
      const next = this.peek();
      if (next?.t === 'op' && (next.op === '&&' || next.op === '||')) {
        this.k++;
        connector = next.op;
        this.skipNewlines();
        if (!this.peek()) throw new ShellSyntaxError('syntax error: unexpected end of file', true);
        continue;
      }
      connector = ';';
      if (isOp(next, '&')) {
        item.background = true;
        this.k++;
        continue;
      }
      if (isOp(next, ';', '\n')) continue;
      if (!next) break;
      if (closeParen && isOp(next, ')')) break;
      const nw = this.peekWord();
      if (nw !== undefined && stops.has(nw)) break;
      throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(next)}`);
    }
    return script;
  }

  private pipeline(stops: Set<string>): Pipeline {
    let negate = false;
    while (this.peekWord() === '!') {
      negate = !negate;
      this.k++;
    }
    const commands: Command[] = [this.command(stops)];
    while (isOp(this.peek(), '|')) {
      this.k++;
      this.skipNewlines();
      if (!this.peek()) throw new ShellSyntaxError('syntax error: unexpected end of file', true);
      commands.push(this.command(stops));
    }
    return negate ? { commands, negate } : { commands };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    while (this.peek()?.t === 'redir') out.push(...this.redirect());
    return out;
  }

  private redirect(): Redirect[] {
    const r = this.peek() as Token & { t: 'redir' };
    const target = this.tokens[this.k + 1];
    if (!target || target.t !== 'word') throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(target)}`, !target);
    this.k += 2;
    const red: Redirect = { fd: r.fd, op: r.op, target: target.w };
    // The heredoc body was read by the tokenizer at the end of the operator's line.
    if (r.op === '<<') red.heredoc = r.heredoc?.word ?? [];
    return r.both ? [red, { fd: 2, op: '>&', target: [{ lit: '1', quoted: false }] }] : [red];
  }

  private command(stops: Set<string>): Command {
    const w = this.peekWord();
    if (w === 'for') return this.compound(() => this.forClause());
    if (w === 'while' || w === 'until') return this.compound(() => this.whileClause(w === 'until'));
    if (w === 'if') return this.compound(() => this.ifClause());
    if (w === '{') return this.compound(() => this.braceGroup());
    if (isOp(this.peek(), '(')) return this.compound(() => this.subshell());
    if (w === 'function') return this.compound(() => this.functionDef(true));
    if (w !== undefined && NAME.test(w) && isOp(this.tokens[this.k + 1], '(') && isOp(this.tokens[this.k + 2], ')')) return this.compound(() => this.functionDef(false));
    if (w === '[[') return this.doubleBracket();
    const cmd: SimpleCommand = { words: [], redirects: [] };
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'op') break;
      if (t.t === 'redir') {
        cmd.redirects.push(...this.redirect());
        continue;
      }
      // A reserved word ends the command only in command position (`echo done` prints "done").
      if (cmd.words.length === 0 && bare(t.w) !== undefined && (stops.has(bare(t.w)!) || bare(t.w) === '}')) break;
      cmd.words.push(t.w);
      this.k++;
    }
    if (!cmd.words.length && !cmd.redirects.length) {
      const t = this.peek();
      throw new ShellSyntaxError(`syntax error: unexpected ${t ? (t.t === 'word' ? `"${bare(t.w) ?? 'word'}"` : this.describe(t)) : 'end of file'}`, !t);
    }
    return cmd;
  }

  private compound(parse: () => CompoundCommand): CompoundCommand {
    this.enter();
    const c = parse();
    this.depth--;
    if (c.kind !== 'function') c.redirects.push(...this.redirects());
    return c;
  }

  /** `[[ EXPR ]]`: its words, with `&&`, `||`, `(`, `)`, `<` and `>` kept as words for the test. */
  private doubleBracket(): SimpleCommand {
    const words: Word[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) throw new ShellSyntaxError("syntax error: unexpected end of file (expecting \"]]\")", true);
      this.k++;
      if (t.t === 'word') {
        words.push(t.w);
        if (bare(t.w) === ']]') break;
      } else if (t.t === 'op' && t.op !== '\n' && t.op !== ';') words.push([{ lit: t.op, quoted: true }]);
      else if (t.t === 'redir' && (t.op === '<' || t.op === '>')) words.push([{ lit: t.op, quoted: true }]);
      else throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(t)} in [[ ]]`);
    }
    return { words, redirects: this.redirects() };
  }

  private forClause(): CompoundCommand {
    this.k++;
    const nameTok = this.peek();
    const name = nameTok?.t === 'word' ? bare(nameTok.w) : undefined;
    if (!name || !NAME.test(name)) throw new ShellSyntaxError('syntax error: bad for loop variable', !nameTok);
    this.k++;
    let words: Word[] | null = null;
    this.skipNewlines();
    if (this.peekWord() === 'in') {
      this.k++;
      words = [];
      while (this.peek()?.t === 'word') words.push((this.tokens[this.k++] as { w: Word }).w);
    }
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { kind: 'for', name, words, body, redirects: [] };
  }

  private whileClause(until: boolean): CompoundCommand {
    this.k++;
    const cond = this.list(new Set(['do']));
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { kind: 'while', until, cond, body, redirects: [] };
  }

  private ifClause(): CompoundCommand {
    this.k++;
    const branches: { cond: Script; body: Script }[] = [];
    let elseBody: Script | undefined;
    const stops = new Set(['then']);
    const bodyStops = new Set(['elif', 'else', 'fi']);
    for (;;) {
      const cond = this.list(stops);
      this.expectWord('then');
      const body = this.list(bodyStops);
      branches.push({ cond, body });
      this.skipSeparators();
      const w = this.peekWord();
      const t = this.peek();
      this.k++;
      if (w === 'elif') continue;
      if (w === 'else') {
        elseBody = this.list(new Set(['fi']));
        this.expectWord('fi');
      } else if (w !== 'fi') throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(t)} (expecting "fi")`, !t);
      break;
    }
    return { kind: 'if', branches, elseBody, redirects: [] };
  }

  private braceGroup(): CompoundCommand {
    this.k++;
    const body = this.list(new Set(['}']));
    this.expectWord('}');
    return { kind: 'group', subshell: false, body, redirects: [] };
  }

  private subshell(): CompoundCommand {
    this.k++;
    const body = this.list(new Set(), true);
    this.skipSeparators();
    const t = this.peek();
    if (!isOp(t, ')')) throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(t)} (expecting ")")`, !t);
    this.k++;
    return { kind: 'group', subshell: true, body, redirects: [] };
  }

  /** `name() BODY` or `function name [()] BODY`. */
  private functionDef(keyword: boolean): CompoundCommand {
    if (keyword) this.k++;
    const name = this.peekWord();
    if (!name || !NAME.test(name)) throw new ShellSyntaxError('syntax error: bad function name', !this.peek());
    this.k++;
    if (isOp(this.peek(), '(')) {
      this.k++;
      if (!isOp(this.peek(), ')')) throw new ShellSyntaxError(`syntax error: unexpected ${this.describe(this.peek())} (expecting ")")`, !this.peek());
      this.k++;
    }
    this.skipNewlines();
    if (!this.peek()) throw new ShellSyntaxError('syntax error: unexpected end of file', true);
    const body = this.command(new Set());
    if (!body.kind) throw new ShellSyntaxError('syntax error: a function body must be a compound command such as { ...; }');
    return { kind: 'function', name, body, redirects: [] };
  }

  done(): boolean {
    this.skipSeparators();
    return this.k >= this.tokens.length;
  }

  rest(): string {
    const t = this.peek();
    return t?.t === 'word' ? (bare(t.w) ?? 'word') : t?.t === 'op' ? (t.op === '\n' ? 'newline' : t.op) : 'end of file';
  }
}

/** Parse a command line into a script; throws ShellSyntaxError with the shell's words on bad input. */
export function parseScript(src: string): Script {
  const p = new Parser(tokenize(src));
  const script = p.list(new Set());
  if (!p.done()) throw new ShellSyntaxError(`syntax error: unexpected "${p.rest()}"`);
  return script;
}

/**
 * Does this text stop in the middle of a command (an open quote, `do` without `done`, a trailing `|` or
 * `&&`, a heredoc without its end)? An interactive shell then reads another line before running it.
 */
export function needsMoreInput(src: string): boolean {
  try {
    parseScript(src);
    return false;
  } catch (e) {
    return e instanceof ShellSyntaxError && e.incomplete;
  }
}

/** Is this word a reserved word of the shell grammar? */
export function isReserved(word: string): boolean {
  return RESERVED.has(word);
}

/** One expanded piece of a word: its text, whether it was quoted, and whether it came from an expansion. */
export interface Piece {
  text: string;
  quoted: boolean;
  expanded: boolean;
  /** `"$@"`: each element is its own field. */
  fields?: string[];
}

/**
 * Fields of one word from its expanded pieces: unquoted expansions are split on blanks (so `for i in
 * $(seq 3)` sees three words); an unquoted expansion that is empty disappears.
 */
export function splitPieces(pieces: Piece[]): string[] {
  const fields: string[] = [];
  let cur: string | null = null;
  for (const p of pieces) {
    if (p.fields) {
      if (!p.fields.length) continue;
      cur = (cur ?? '') + p.fields[0]!;
      for (const f of p.fields.slice(1)) {
        fields.push(cur);
        cur = f;
      }
      continue;
    }
    if (!p.expanded || p.quoted) {
      cur = (cur ?? '') + p.text;
      continue;
    }
    const value = p.text;
    if (value.trim() === '') {
      if (/^[ \t\n]+$/.test(value) && cur !== null) {
        fields.push(cur);
        cur = null;
      }
      continue;
    }
    const parts = value.split(/[ \t\n]+/);
    if (parts[0] === '') {
      if (cur !== null) fields.push(cur);
      cur = null;
      parts.shift();
    }
    const trailing = parts[parts.length - 1] === '';
    if (trailing) parts.pop();
    cur = (cur ?? '') + parts.shift()!;
    for (const piece of parts) {
      fields.push(cur);
      cur = piece;
    }
    if (trailing) {
      fields.push(cur);
      cur = null;
    }
  }
  if (cur !== null) fields.push(cur);
  return fields;
}

/**
 * Expand one word into fields with plain lookups (no operators beyond the defaults, substitutions through
 * `subst`): for callers outside the interpreter, such as tests of the parser.
 */
export function expandFields(w: Word, lookup: (name: string) => string | undefined, subst: (script: string) => string = () => ''): string[] {
  return splitPieces(
    w.map((p) => {
      if ('lit' in p) return { text: p.lit, quoted: p.quoted, expanded: false };
      const text = 'variable' in p ? (lookup(p.variable) ?? '') : 'arith' in p ? arithmetic(p.arith, lookup) : subst(p.subst).replace(/\n+$/, '');
      return { text, quoted: p.quoted, expanded: true };
    }),
  );
}

/** `$((expr))`: integer + - * / % with parentheses, comparisons, `&&`, `||` and `!`; names are shell variables. */
export function arithmetic(expr: string, lookup: (name: string) => string | undefined): string {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|&&|\|\||[-+*/%()<>!]|\S/g) ?? [];
  let k = 0;
  let depth = 0;
  const fail = (): never => {
    throw new ShellSyntaxError(`arithmetic syntax error: "${expr.trim()}"`);
  };
  const atom = (): number => {
    const t = tokens[k++];
    if (t === '(') {
      if (++depth > MAX_PARSE_DEPTH) throw new ShellSyntaxError('arithmetic expression nested too deeply');
      const v = or();
      if (tokens[k++] !== ')') fail();
      depth--;
      return v;
    }
    if (t === '-' || t === '+' || t === '!') {
      if (++depth > MAX_PARSE_DEPTH) throw new ShellSyntaxError('arithmetic expression nested too deeply');
      const v = atom();
      depth--;
      return t === '-' ? -v : t === '!' ? Number(!v) : v;
    }
    if (t === undefined) return fail();
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const v = (lookup(t) ?? '').trim();
      return /^-?\d+$/.test(v) ? Number(v) : 0;
    }
    return fail();
  };
  const mul = (): number => {
    let v = atom();
    while (tokens[k] === '*' || tokens[k] === '/' || tokens[k] === '%') {
      const op = tokens[k++];
      const r = atom();
      if ((op === '/' || op === '%') && r === 0) throw new ShellSyntaxError('arithmetic: division by zero');
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const add = (): number => {
    let v = mul();
    while (tokens[k] === '+' || tokens[k] === '-') v = tokens[k++] === '+' ? v + mul() : v - mul();
    return v;
  };
  const cmp = (): number => {
    let v = add();
    while (['<', '>', '<=', '>=', '==', '!='].includes(tokens[k] ?? '')) {
      const op = tokens[k++];
      const r = add();
      v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
    }
    return v;
  };
  const takeOp = (op: string) => (tokens[k] === op ? tokens[k++] : undefined);
  const and = (): number => leftAssoc(cmp, () => takeOp('&&'), (_op, a, b) => Number(!!a && !!b));
  const or = (): number => leftAssoc(and, () => takeOp('||'), (_op, a, b) => Number(!!a || !!b));
  if (!tokens.length) return '0';
  const v = or();
  if (k < tokens.length) fail();
  return String(v);
}
