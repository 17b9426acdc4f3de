/**
 * Parser for the simple command lines the simulated shell runs: words with quotes and backslashes,
 * `$VAR` / `${VAR}` / `$?` expansion (done later, at run time, against the shell's variables), `;`,
 * `&&`, `||`, `|`, newlines, `#` comments and redirections (`>`, `>>`, `<`, `2>`, `2>&1`).
 */

/** A piece of a word: literal text, or a variable reference; `quoted` pieces are never split or dropped. */
export type WordPart = { lit: string; quoted: boolean } | { variable: string; quoted: boolean };
export type Word = WordPart[];

export interface Redirect {
  fd: 1 | 2 | 0;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  commands: SimpleCommand[];
}

/** A command list: each pipeline runs depending on the previous exit code (`;` always, `&&` on 0, `||` otherwise). */
export interface Script {
  items: { pipeline: Pipeline; connector: ';' | '&&' | '||' }[];
}

export class ShellSyntaxError extends Error {}

type Token = { t: 'word'; w: Word } | { t: 'op'; op: string } | { t: 'redir'; fd: 0 | 1 | 2; op: Redirect['op'] };

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
  const readVar = (quoted: boolean): boolean => {
    // at src[i] === '$'
    const rest = src.slice(i + 1);
    let m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    if (m) {
      cur ??= [];
      cur.push({ variable: m[1]!, quoted });
      i += 1 + m[0].length;
      return true;
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(rest);
    if (m) {
      cur ??= [];
      cur.push({ variable: m[1]!, quoted });
      i += 1 + m[0].length;
      return true;
    }
    return false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
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
        if (d === '$' && readVar(true)) continue;
        lit(d, true);
        i++;
      }
      if (!closed) throw new ShellSyntaxError('Unterminated quoted string');
      continue;
    }
    if (c === '$' && readVar(false)) continue;
    if (c === ';' || c === '&' || c === '|') {
      flush();
      const two = src.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        out.push({ t: 'op', op: two });
        i += 2;
      } else if (two === '&>') {
        out.push({ t: 'redir', fd: 1, op: '>' });
        out.push({ t: 'redir', fd: 2, op: '>&' });
        out.push({ t: 'word', w: [{ lit: '1', quoted: false }] });
        i += 2;
      } else {
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
      if (src.slice(i, i + 2) === '>>') {
        out.push({ t: 'redir', fd, op: '>>' });
        i += 2;
      } else if (src.slice(i, i + 2) === '>&') {
        out.push({ t: 'redir', fd, op: '>&' });
        i += 2;
      } else {
        out.push({ t: 'redir', fd, op: c === '<' ? '<' : '>' });
        i++;
      }
      continue;
    }
    lit(c, false);
    i++;
  }
  flush();
  return out;
}

/** Parse a command line into a script; throws ShellSyntaxError with the shell's words on bad input. */
export function parseScript(src: string): Script {
  const tokens = tokenize(src);
  const script: Script = { items: [] };
  let connector: ';' | '&&' | '||' = ';';
  let pipeline: Pipeline = { commands: [] };
  let cmd: SimpleCommand = { words: [], redirects: [] };
  const endCommand = (op: string) => {
    if (cmd.words.length === 0 && cmd.redirects.length === 0) {
      if (op === ';' && pipeline.commands.length === 0) return false;
      throw new ShellSyntaxError(`syntax error: unexpected "${op}"`);
    }
    pipeline.commands.push(cmd);
    cmd = { words: [], redirects: [] };
    return true;
  };
  for (let k = 0; k < tokens.length; k++) {
    const tk = tokens[k]!;
    if (tk.t === 'word') cmd.words.push(tk.w);
    else if (tk.t === 'redir') {
      const target = tokens[k + 1];
      if (!target || target.t !== 'word') throw new ShellSyntaxError('syntax error: unexpected newline');
      cmd.redirects.push({ fd: tk.fd, op: tk.op, target: target.w });
      k++;
    } else if (tk.op === '|') {
      endCommand('|');
    } else {
      if (!endCommand(tk.op)) continue;
      script.items.push({ pipeline, connector });
      pipeline = { commands: [] };
      connector = tk.op === '&&' ? '&&' : tk.op === '||' ? '||' : ';';
    }
  }
  if (cmd.words.length || cmd.redirects.length) pipeline.commands.push(cmd);
  else if (pipeline.commands.length) throw new ShellSyntaxError('syntax error: unexpected end of file');
  if (pipeline.commands.length) script.items.push({ pipeline, connector });
  else if (connector !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
  return script;
}

/** Expand one word against the variables; `null` when an unquoted expansion left nothing (the word disappears). */
export function expandWord(w: Word, lookup: (name: string) => string | undefined): string | null {
  let s = '';
  let quoted = false;
  for (const p of w) {
    if (p.quoted) quoted = true;
    s += 'lit' in p ? p.lit : (lookup(p.variable) ?? '');
  }
  return s === '' && !quoted && w.every((p) => 'variable' in p) ? null : s;
}
