/**
 * Parser for the command lines the simulated shell runs: words with quotes and backslashes, `$VAR` /
 * `${VAR}` / `$?` and `$(...)` / backtick substitution (expanded later, at run time), `;`, `&&`, `||`,
 * `|`, newlines, `#` comments, redirections (`>`, `>>`, `<`, `2>`, `2>&1`), and the compound commands
 * tutorials use: `for NAME in WORDS; do ...; done`, `while`/`until LIST; do ...; done`, `if ... fi`.
 */

/** A piece of a word: literal text, a variable reference, or a command substitution. */
export type WordPart =
  | { lit: string; quoted: boolean }
  | { variable: string; quoted: boolean }
  | { subst: string; quoted: boolean }
  | { arith: string; quoted: boolean };
export type Word = WordPart[];

export interface Redirect {
  fd: 1 | 2 | 0;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  kind?: undefined;
  words: Word[];
  redirects: Redirect[];
}

export type CompoundCommand =
  | { kind: 'for'; name: string; words: Word[] | null; body: Script; redirects: Redirect[] }
  | { kind: 'while'; until: boolean; cond: Script; body: Script; redirects: Redirect[] }
  | { kind: 'if'; branches: { cond: Script; body: Script }[]; elseBody?: Script; redirects: Redirect[] };

export type Command = SimpleCommand | CompoundCommand;

export interface Pipeline {
  commands: Command[];
}

/** A command list: each pipeline runs depending on the previous exit code (`;` always, `&&` on 0, `||` otherwise). */
export interface Script {
  items: { pipeline: Pipeline; connector: ';' | '&&' | '||' }[];
}

export class ShellSyntaxError extends Error {}

type Token = { t: 'word'; w: Word } | { t: 'op'; op: string } | { t: 'redir'; fd: 0 | 1 | 2; op: Redirect['op'] };

/** The text of a `$(...)` starting at src[i] === '$' (i+1 === '('), and the index after it. */
function readSubst(src: string, i: number): { body: string; end: number } {
  let depth = 0;
  let j = i + 1;
  let quote: string | null = null;
  for (; j < src.length; j++) {
    const c = src[j]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') j++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { body: src.slice(i + 2, j), end: j + 1 };
  }
  throw new ShellSyntaxError("syntax error: unterminated '$('");
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let cur: Word | null = null;
  const lit = (s: string, quoted: boolean) => {
    cur ??= [];
    const last = cur[cur.length - 1];
    if (last && 'lit' in last && last.quoted === quoted) last.lit += s;
    else cur.push({ lit: s, quoted });
  };
  const flush = () => {
    if (cur) out.push({ t: 'word', w: cur });
    cur = null;
  };
  /** `$...` at src[i]: a variable or a substitution; false when `$` is literal. */
  const readDollar = (quoted: boolean): boolean => {
    if (src.startsWith('$((', i)) {
      const end = src.indexOf('))', i + 3);
      if (end < 0) throw new ShellSyntaxError("syntax error: unterminated '$(('");
      cur ??= [];
      cur.push({ arith: src.slice(i + 3, end), quoted });
      i = end + 2;
      return true;
    }
    if (src[i + 1] === '(') {
      const { body, end } = readSubst(src, i);
      cur ??= [];
      cur.push({ subst: body, quoted });
      i = end;
      return true;
    }
    const rest = src.slice(i + 1);
    const m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest) ?? /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(rest);
    if (!m) return false;
    cur ??= [];
    cur.push({ variable: m[1]!, quoted });
    i += 1 + m[0].length;
    return true;
  };
  const readBacktick = (quoted: boolean) => {
    const end = src.indexOf('`', i + 1);
    if (end < 0) throw new ShellSyntaxError('Unterminated quoted string');
    cur ??= [];
    cur.push({ subst: src.slice(i + 1, end), quoted });
    i = end + 1;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ t: 'op', op: ';' });
      i++;
      continue;
    }
    if (c === '#' && cur === null) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      if (src[i + 1] === '\n') i += 2;
      else {
        lit(src[i + 1] ?? '', true);
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('Unterminated quoted string');
      lit(src.slice(i + 1, end), true);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      cur ??= [];
      let closed = false;
      while (i < src.length) {
        const d = src[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && '"\\$`\n'.includes(src[i + 1] ?? '')) {
          lit(src[i + 1]!, true);
          i += 2;
          continue;
        }
        if (d === '$' && readDollar(true)) continue;
        if (d === '`') {
          readBacktick(true);
          continue;
        }
        lit(d, true);
        i++;
      }
      if (!closed) throw new ShellSyntaxError('Unterminated quoted string');
      continue;
    }
    if (c === '$' && readDollar(false)) continue;
    if (c === '`') {
      readBacktick(false);
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      flush();
      const two = src.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        out.push({ t: 'op', op: two });
        i += 2;
      } else if (two === '&>') {
        out.push({ t: 'redir', fd: 1, op: '>' }, { t: 'redir', fd: 2, op: '>&' }, { t: 'word', w: [{ lit: '1', quoted: false }] });
        i += 2;
      } else if (two === ';;') throw new ShellSyntaxError('syntax error: unexpected ";;"');
      else {
        out.push({ t: 'op', op: c === '&' ? ';' : c });
        i++;
      }
      continue;
    }
    if (c === '>' || c === '<') {
      // A bare 0/1/2 word right before the operator is its file descriptor.
      let fd: 0 | 1 | 2 = c === '<' ? 0 : 1;
      const w = cur as Word | null;
      if (w && w.length === 1 && 'lit' in w[0]! && !w[0].quoted && /^[012]$/.test(w[0].lit)) {
        fd = Number(w[0].lit) as 0 | 1 | 2;
        cur = null;
      } else flush();
      const two = src.slice(i, i + 2);
      out.push({ t: 'redir', fd, op: two === '>>' ? '>>' : two === '>&' ? '>&' : c === '<' ? '<' : '>' });
      i += two === '>>' || two === '>&' ? 2 : 1;
      continue;
    }
    if (c === '(' || c === ')') throw new ShellSyntaxError(`syntax error: unexpected "${c}"`);
    lit(c, false);
    i++;
  }
  flush();
  return out;
}

const RESERVED = new Set(['do', 'done', 'then', 'fi', 'else', 'elif', 'in', 'for', 'while', 'until', 'if']);

/** The unquoted literal text of a word, for reserved-word checks. */
function bare(w: Word): string | undefined {
  return w.length === 1 && 'lit' in w[0]! && !w[0].quoted ? w[0].lit : undefined;
}

class Parser {
  private k = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.k];
  }

  private peekWord(): string | undefined {
    const t = this.peek();
    return t?.t === 'word' ? bare(t.w) : undefined;
  }

  private skipSeparators(): void {
    while (this.peek()?.t === 'op' && (this.peek() as { op: string }).op === ';') this.k++;
  }

  private expectWord(word: string): void {
    this.skipSeparators();
    if (this.peekWord() !== word) {
      const t = this.peek();
      throw new ShellSyntaxError(`syntax error: unexpected ${t ? (t.t === 'word' ? `word` : `"${(t as { op?: string }).op ?? 'redirection'}"`) : 'end of file'} (expecting "${word}")`);
    }
    this.k++;
  }

  /** A list, ending at end of input or at one of `stops` in command position. */
  list(stops: Set<string>): Script {
    const script: Script = { items: [] };
    let connector: ';' | '&&' | '||' = ';';
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (!t) break;
      const w = this.peekWord();
      if (w !== undefined && stops.has(w)) break;
      const pipeline = this.pipeline(stops);
      script.items.push({ pipeline, connector });
      const next = this.peek();
      if (next?.t === 'op' && (next.op === '&&' || next.op === '||')) {
        this.k++;
        connector = next.op;
        this.skipSeparators();
        if (!this.peek()) throw new ShellSyntaxError('syntax error: unexpected end of file');
        continue;
      }
      connector = ';';
      if (next?.t === 'op' && next.op === ';') continue;
      if (!next) break;
      const nw = this.peekWord();
      if (nw !== undefined && stops.has(nw)) break;
    }
    return script;
  }

  private pipeline(stops: Set<string>): Pipeline {
    const commands: Command[] = [this.command(stops)];
    while (this.peek()?.t === 'op' && (this.peek() as { op: string }).op === '|') {
      this.k++;
      this.skipSeparators();
      commands.push(this.command(stops));
    }
    return { commands };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    while (this.peek()?.t === 'redir') {
      const r = this.peek() as { fd: 0 | 1 | 2; op: Redirect['op'] };
      const target = this.tokens[this.k + 1];
      if (!target || target.t !== 'word') throw new ShellSyntaxError('syntax error: unexpected newline');
      out.push({ fd: r.fd, op: r.op, target: target.w });
      this.k += 2;
    }
    return out;
  }

  private command(stops: Set<string>): Command {
    const w = this.peekWord();
    if (w === 'for') return this.forClause();
    if (w === 'while' || w === 'until') return this.whileClause(w === 'until');
    if (w === 'if') return this.ifClause();
    const cmd: SimpleCommand = { words: [], redirects: [] };
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'op') break;
      if (t.t === 'redir') {
        cmd.redirects.push(...this.redirects());
        continue;
      }
      // A reserved word ends the command only in command position (`echo done` prints "done").
      if (cmd.words.length === 0 && bare(t.w) !== undefined && stops.has(bare(t.w)!)) break;
      cmd.words.push(t.w);
      this.k++;
    }
    if (!cmd.words.length && !cmd.redirects.length) {
      const t = this.peek();
      throw new ShellSyntaxError(`syntax error: unexpected ${t ? (t.t === 'op' ? `"${t.op}"` : `"${bare((t as { w: Word }).w) ?? 'word'}"`) : 'end of file'}`);
    }
    return cmd;
  }

  private forClause(): Command {
    this.k++;
    const nameTok = this.peek();
    const name = nameTok?.t === 'word' ? bare(nameTok.w) : undefined;
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError('syntax error: bad for loop variable');
    this.k++;
    let words: Word[] | null = null;
    if (this.peekWord() === 'in') {
      this.k++;
      words = [];
      while (this.peek()?.t === 'word') words.push((this.tokens[this.k++] as { w: Word }).w);
    }
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { kind: 'for', name, words, body, redirects: this.redirects() };
  }

  private whileClause(until: boolean): Command {
    this.k++;
    const cond = this.list(new Set(['do']));
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { kind: 'while', until, cond, body, redirects: this.redirects() };
  }

  private ifClause(): Command {
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
      this.k++;
      if (w === 'elif') continue;
      if (w === 'else') {
        elseBody = this.list(new Set(['fi']));
        this.expectWord('fi');
      } else if (w !== 'fi') throw new ShellSyntaxError('syntax error: unexpected end of file (expecting "fi")');
      break;
    }
    return { kind: 'if', branches, elseBody, redirects: this.redirects() };
  }

  done(): boolean {
    this.skipSeparators();
    return this.k >= this.tokens.length;
  }

  rest(): string {
    const t = this.peek();
    return t?.t === 'word' ? (bare(t.w) ?? 'word') : (t as { op?: string } | undefined)?.op ?? 'end of file';
  }
}

/** Parse a command line into a script; throws ShellSyntaxError with the shell's words on bad input. */
export function parseScript(src: string): Script {
  const p = new Parser(tokenize(src));
  const script = p.list(new Set());
  if (!p.done()) throw new ShellSyntaxError(`syntax error: unexpected "${p.rest()}"`);
  return script;
}

/** Is this word a reserved word of the shell grammar? */
export function isReserved(word: string): boolean {
  return RESERVED.has(word);
}

/**
 * Expand one word into fields: variables and substitutions are looked up; unquoted expansions are split
 * on blanks (so `for i in $(seq 3)` sees three words); an unquoted expansion that is empty disappears.
 */
export function expandFields(w: Word, lookup: (name: string) => string | undefined, subst: (script: string) => string = () => ''): string[] {
  const fields: string[] = [];
  let cur: string | null = null;
  for (const p of w) {
    if ('lit' in p) {
      cur = (cur ?? '') + p.lit;
      continue;
    }
    let value = 'variable' in p ? (lookup(p.variable) ?? '') : 'arith' in p ? arithmetic(p.arith, lookup) : subst(p.subst).replace(/\n+$/, '');
    if (p.quoted) {
      cur = (cur ?? '') + value;
      continue;
    }
    const pieces = value.split(/[ \t\n]+/);
    if (value.trim() === '') {
      if (/^[ \t\n]+$/.test(value) && cur !== null) {
        fields.push(cur);
        cur = null;
      }
      continue;
    }
    if (pieces[0] === '') {
      if (cur !== null) fields.push(cur);
      cur = null;
      pieces.shift();
    }
    const trailing = pieces[pieces.length - 1] === '';
    if (trailing) pieces.pop();
    value = pieces.shift()!;
    cur = (cur ?? '') + value;
    for (const piece of pieces) {
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

/** Expand one word to a single string (redirection targets); `null` when an unquoted expansion left nothing. */
export function expandWord(w: Word, lookup: (name: string) => string | undefined, subst?: (script: string) => string): string | null {
  const f = expandFields(w, lookup, subst);
  return f.length ? f.join(' ') : null;
}

/** `$((expr))`: integer + - * / % with parentheses and comparisons; names are shell variables. */
export function arithmetic(expr: string, lookup: (name: string) => string | undefined): string {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|[-+*/%()<>]/g) ?? [];
  let k = 0;
  const atom = (): number => {
    const t = tokens[k++];
    if (t === '(') {
      const v = cmp();
      k++;
      return v;
    }
    if (t === '-') return -atom();
    if (t === '+') return atom();
    if (t === undefined) throw new ShellSyntaxError(`arithmetic syntax error: "${expr}"`);
    if (/^\d+$/.test(t)) return Number(t);
    return Number(lookup(t) ?? 0) || 0;
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
  return String(cmp());
}
