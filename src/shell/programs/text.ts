/**
 * The text filters tutorials pipe output through, with the flags they use: grep, sort, uniq, head, tail,
 * wc, cut, tr, base64, tee. GNU's behaviour and wording (the host and Debian images); BusyBox's where it
 * differs visibly. A flag that is not simulated is reported as such, never silently ignored.
 */
import { resolvePath } from '../fs.js';
import { result, type ExecResult, type Program, type ProgramCtx } from '../types.js';
import { posixRegex } from './regex.js';

/** Lines of a text (a final newline ends the last line, it does not add an empty one). */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

const joinLines = (ls: string[]) => ls.map((l) => `${l}\n`).join('');

/** The concatenated text of the named files (or stdin when none, or for `-`). */
export function inputOf(files: string[], ctx: ProgramCtx, prog: string): { text: string; err: string } {
  if (!files.length) return { text: ctx.stdin, err: '' };
  let text = '';
  let err = '';
  for (const f of files) {
    if (f === '-') {
      text += ctx.stdin;
      continue;
    }
    const p = resolvePath(ctx.cwd, f);
    const t = ctx.sys.fs.read(p);
    if (t !== undefined) text += t;
    else if (ctx.sys.fs.isDir(p)) err += `${prog}: ${f}: Is a directory\n`;
    else err += `${prog}: ${f}: No such file or directory\n`;
  }
  return { text, err };
}

/** A flag the simulation does not have: said plainly (and reported to a walkthrough), exit 2. */
export function notSimulated(ctx: ProgramCtx, prog: string, what: string): ExecResult {
  ctx.sys.unsupported?.(`${prog} ${what} is not simulated`);
  return result('', `${prog}: ${what} is not simulated by kube-sim\n`, 2);
}

/**
 * GNU-style option parsing: clustered short flags (`-inA2`), short options with a value attached or next
 * (`-A 2`, `-A2`), long options (`--count`, `--after-context=2`), `--` and `-NUM` when allowed.
 */
export function parseOptions(
  args: string[],
  spec: { flags: string; withValue: string; long?: Record<string, string>; number?: string },
): { opts: Map<string, string[]>; rest: string[]; bad?: string } {
  const opts = new Map<string, string[]>();
  const rest: string[] = [];
  const add = (k: string, v = '') => opts.set(k, [...(opts.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const key = spec.long?.[name];
      if (key === undefined) return { opts, rest, bad: a };
      if (key === '') continue;
      if (spec.withValue.includes(key)) add(key, eq > 0 ? a.slice(eq + 1) : (args[++i] ?? ''));
      else add(key);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.number && /^-\d+$/.test(a)) {
        add(spec.number, a.slice(1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (spec.withValue.includes(f)) {
          add(f, j + 1 < a.length ? a.slice(j + 1) : (args[++i] ?? ''));
          break;
        }
        if (!spec.flags.includes(f)) return { opts, rest, bad: `-${f}` };
        add(f);
      }
      continue;
    }
    rest.push(a);
  }
  return { opts, rest };
}

const last = (opts: Map<string, string[]>, k: string) => opts.get(k)?.[opts.get(k)!.length - 1];

const grep: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, {
    flags: 'cEFGPHhilnoqsvwxr',
    withValue: 'ABCem',
    number: 'C',
    long: {
      count: 'c', 'extended-regexp': 'E', 'fixed-strings': 'F', 'ignore-case': 'i', 'invert-match': 'v', 'word-regexp': 'w', 'line-regexp': 'x',
      quiet: 'q', silent: 'q', 'line-number': 'n', 'only-matching': 'o', 'files-with-matches': 'l', 'after-context': 'A', 'before-context': 'B',
      context: 'C', regexp: 'e', color: '', colour: '', 'no-messages': 's', 'with-filename': 'H', 'no-filename': 'h', 'max-count': 'm',
    },
  });
  if (bad) return bad.startsWith('--') ? notSimulated(ctx, 'grep', bad) : result('', `grep: invalid option -- '${bad.slice(1)}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`, 2);
  if (opts.has('r')) return notSimulated(ctx, 'grep', '-r');
  const patterns = opts.get('e') ?? [];
  if (!patterns.length) {
    const p = rest.shift();
    if (p === undefined) return result('', "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2);
    patterns.push(p);
  }
  const extended = opts.has('E') || opts.has('P');
  let res: RegExp[];
  try {
    res = patterns.flatMap((p) => p.split('\n')).map((p) => posixRegex(p, { extended, fixed: opts.has('F'), icase: opts.has('i'), word: opts.has('w'), line: opts.has('x'), global: opts.has('o') }));
  } catch {
    return result('', `grep: Unmatched ( or \\(\n`, 2);
  }
  const invert = opts.has('v');
  const after = Number(last(opts, 'A') ?? last(opts, 'C') ?? 0);
  const before = Number(last(opts, 'B') ?? last(opts, 'C') ?? 0);
  const max = opts.has('m') ? Number(last(opts, 'm')) : Infinity;
  const files = rest.length ? rest : ['-'];
  const named = (files.length > 1 || opts.has('H')) && !opts.has('h');
  let out = '';
  let err = '';
  let any = false;
  for (const f of files) {
    const { text, err: e } = inputOf([f], ctx, 'grep');
    if (e) {
      if (!opts.has('s')) err += e;
      continue;
    }
    const ls = lines(text);
    const name = f === '-' ? '(standard input)' : f;
    const pre = (n: number, sep: string) => `${named ? name + sep : ''}${opts.has('n') ? `${n + 1}${sep}` : ''}`;
    const hit = ls.map((l) => res.some((re) => ((re.lastIndex = 0), re.test(l))) !== invert);
    let count = 0;
    let shownUpTo = -1;
    let pendingAfter = 0;
    for (let n = 0; n < ls.length && count < max; n++) {
      if (!hit[n]) {
        if (pendingAfter > 0 && !opts.has('c') && !opts.has('o')) {
          out += `${pre(n, '-')}${ls[n]}\n`;
          shownUpTo = n;
          pendingAfter--;
        }
        continue;
      }
      count++;
      any = true;
      if (opts.has('q') || opts.has('l') || opts.has('c')) continue;
      if (opts.has('o')) {
        if (invert) continue;
        for (const re of res) {
          re.lastIndex = 0;
          for (const m of ls[n]!.matchAll(re)) if (m[0]) out += `${pre(n, ':')}${m[0]}\n`;
        }
        continue;
      }
      const from = Math.max(shownUpTo + 1, n - before);
      if ((before || after) && shownUpTo >= 0 && from > shownUpTo + 1) out += '--\n';
      for (let b = from; b < n; b++) out += `${pre(b, '-')}${ls[b]}\n`;
      out += `${pre(n, ':')}${ls[n]}\n`;
      shownUpTo = n;
      pendingAfter = after;
    }
    if (opts.has('c')) out += `${named ? name + ':' : ''}${count}\n`;
    if (opts.has('l') && count) out += `${name}\n`;
  }
  if (opts.has('q')) return result('', any ? '' : err, any ? 0 : err ? 2 : 1);
  return result(out, err, err && !any ? 2 : any ? 0 : 1);
};

/** A sort key: fields start..end (1-based; end 0 = end of line) and its own ordering flags. */
interface SortKey {
  start: number;
  startChar: number;
  end: number;
  numeric: boolean;
  reverse: boolean;
  human: boolean;
  fold: boolean;
}

function parseKey(spec: string, global: SortKey): SortKey | undefined {
  const m = /^(\d+)(?:\.(\d+))?([bdfghnrMV]*)(?:,(\d+)(?:\.\d+)?([bdfghnrMV]*))?$/.exec(spec);
  if (!m) return undefined;
  const mods = (m[3] ?? '') + (m[5] ?? '');
  const own = mods.replace(/b/g, '') !== '';
  return {
    start: Number(m[1]),
    startChar: Number(m[2] ?? 1),
    end: m[4] ? Number(m[4]) : 0,
    numeric: own ? mods.includes('n') || mods.includes('g') : global.numeric,
    reverse: own ? mods.includes('r') : global.reverse,
    human: own ? mods.includes('h') : global.human,
    fold: own ? mods.includes('f') : global.fold,
  };
}

/** Fields of a line for sort: split on the separator, or at blank-to-nonblank transitions (leading blanks kept). */
function sortFields(line: string, sep: string | undefined): string[] {
  if (sep !== undefined) return line.split(sep);
  return line.match(/\s*\S+/g) ?? [''];
}

const HUMAN: Record<string, number> = { '': 1, K: 1e3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

function numericValue(s: string, human: boolean): number {
  const m = /^\s*(-?\d*\.?\d+)([KkMGTP]?)/.exec(s);
  if (!m) return 0;
  return Number(m[1]) * (human ? (HUMAN[m[2]!] ?? 1) : 1);
}

const sort: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, {
    flags: 'bfhnrusVgdM',
    withValue: 'kto',
    long: { numeric: 'n', 'numeric-sort': 'n', reverse: 'r', unique: 'u', key: 'k', 'field-separator': 't', 'ignore-case': 'f', 'human-numeric-sort': 'h', 'version-sort': 'V', 'ignore-leading-blanks': 'b', 'general-numeric-sort': 'g', stable: 's' },
  });
  if (bad) return bad.startsWith('--') ? notSimulated(ctx, 'sort', bad) : result('', `sort: invalid option -- '${bad.slice(1)}'\nTry 'sort --help' for more information.\n`, 2);
  if (opts.has('o')) return notSimulated(ctx, 'sort', '-o');
  const { text, err } = inputOf(rest, ctx, 'sort');
  if (err) return result('', err.replace(/^sort: (.*): No such file or directory$/m, 'sort: cannot read: $1: No such file or directory'), 2);
  const global: SortKey = { start: 1, startChar: 1, end: 0, numeric: opts.has('n') || opts.has('g'), reverse: opts.has('r'), human: opts.has('h'), fold: opts.has('f') };
  const keys: SortKey[] = [];
  for (const k of opts.get('k') ?? []) {
    const key = parseKey(k, global);
    if (!key) return result('', `sort: invalid number at field start: invalid count at start of '${k}'\n`, 2);
    keys.push(key);
  }
  let sep = last(opts, 't');
  if (sep === '\\t') sep = '\t';
  const keyText = (line: string, k: SortKey): string => {
    const f = sortFields(line, sep);
    const end = k.end || f.length;
    let s = f.slice(k.start - 1, end).join(sep ?? '');
    if (k.startChar > 1) s = s.slice(k.startChar - 1);
    return opts.has('b') ? s.trimStart() : s;
  };
  const cmp = (a: string, b: string, k: SortKey): number => {
    let r: number;
    if (k.numeric || k.human) r = numericValue(a, k.human) - numericValue(b, k.human);
    else if (opts.has('V')) r = a.localeCompare(b, 'en', { numeric: true });
    else {
      const x = k.fold ? a.toUpperCase() : a;
      const y = k.fold ? b.toUpperCase() : b;
      r = x < y ? -1 : x > y ? 1 : 0;
    }
    return k.reverse ? -r : r;
  };
  const all = keys.length ? keys : [global];
  const ls = lines(text).map((l, i) => ({ l, i }));
  ls.sort((a, b) => {
    for (const k of all) {
      const r = keys.length ? cmp(keyText(a.l, k), keyText(b.l, k), k) : cmp(a.l, b.l, k);
      if (r !== 0) return r;
    }
    if (opts.has('u') || opts.has('s')) return a.i - b.i;
    // The last-resort comparison of the whole line (GNU sort without -s).
    const r = a.l < b.l ? -1 : a.l > b.l ? 1 : 0;
    return global.reverse ? -r : r;
  });
  let out = ls.map((x) => x.l);
  if (opts.has('u')) {
    const seen: string[] = [];
    out = out.filter((l) => {
      const prev = seen[seen.length - 1];
      if (prev !== undefined && all.every((k) => (keys.length ? cmp(keyText(prev, k), keyText(l, k), k) : cmp(prev, l, k)) === 0)) return false;
      seen.push(l);
      return true;
    });
  }
  return result(joinLines(out));
};

const uniq: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 'cdui', withValue: 'fs', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } });
  if (bad) return notSimulated(ctx, 'uniq', bad);
  const { text, err } = inputOf(rest.slice(0, 1), ctx, 'uniq');
  if (err) return result('', err, 1);
  const skip = Number(last(opts, 'f') ?? 0);
  const key = (l: string) => {
    let k = skip ? l.replace(new RegExp(`^(\\s*\\S+){${skip}}`), '') : l;
    if (opts.has('i')) k = k.toLowerCase();
    return k;
  };
  const groups: { line: string; n: number }[] = [];
  for (const l of lines(text)) {
    const g = groups[groups.length - 1];
    if (g && key(g.line) === key(l)) g.n++;
    else groups.push({ line: l, n: 1 });
  }
  const kept = groups.filter((g) => (opts.has('d') ? g.n > 1 : opts.has('u') ? g.n === 1 : true));
  return result(kept.map((g) => (opts.has('c') ? `${String(g.n).padStart(7)} ${g.line}\n` : `${g.line}\n`)).join(''));
};

/** head/tail's count: `-n N`, `-N`, `-n +N` (tail: from line N), `-n -N` (head: all but the last N), `-c N` bytes. */
function countOf(args: string[]): { n: number; from: boolean; allBut: boolean; bytes: boolean; rest: string[]; bad?: string; follow: boolean; headers?: boolean } {
  let n = 10;
  let from = false;
  let allBut = false;
  let bytes = false;
  let follow = false;
  /** -q never prints the files' headers, -v always; the last one given wins (GNU and BusyBox alike). */
  let headers: boolean | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: string | undefined;
    if (a === '-n' || a === '--lines' || a === '-c' || a === '--bytes') {
      v = args[++i];
      bytes = a === '-c' || a === '--bytes';
    } else if (/^--lines=/.test(a)) v = a.slice(8);
    else if (/^-n[-+]?\d+$/.test(a)) v = a.slice(2);
    else if (/^-c[-+]?\d+$/.test(a)) ((v = a.slice(2)), (bytes = true));
    else if (/^-\d+$/.test(a)) v = a.slice(1);
    else if (a === '-f' || a === '-F' || a === '--follow') follow = true;
    else if (a === '-q' || a === '-s' || a === '--quiet' || a === '--silent') headers = false;
    else if (a === '-v' || a === '--verbose') headers = true;
    else if (a.startsWith('-') && a !== '-') return { n, from, allBut, bytes, rest, bad: a, follow };
    else rest.push(a);
    if (v !== undefined) {
      from = v.startsWith('+');
      allBut = v.startsWith('-');
      n = Math.abs(Number(v));
      if (Number.isNaN(n)) return { n: 10, from, allBut, bytes, rest, bad: `${a} ${v}`, follow };
    }
  }
  return { n, from, allBut, bytes, rest, follow, headers };
}

/**
 * head and tail over their files: each file on its own, and with several (or -v) each under
 * `==> NAME <==`, a blank line before every header but the first (GNU's and BusyBox's format; standard
 * input is `standard input`). A file that cannot be read is reported and skipped, in GNU's words where
 * they are its own (`cannot open 'F' for reading`; a directory is opened, so its header shows, and then
 * `error reading 'F'`); BusyBox says `F: No such file or directory` as the other tools do.
 */
function eachFile(c: ReturnType<typeof countOf>, ctx: ProgramCtx, prog: string, take: (text: string) => string): ExecResult {
  const files = c.rest.length ? c.rest : ['-'];
  const headers = c.headers ?? files.length > 1;
  const gnu = ctx.sys.image.family !== 'busybox';
  let out = '';
  let err = '';
  let shown = 0;
  const header = (f: string) => (headers ? `${shown++ ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n` : '');
  for (const f of files) {
    const { text, err: e } = inputOf(f === '-' ? [] : [f], ctx, prog);
    if (!e) {
      out += header(f) + take(text);
      continue;
    }
    if (!gnu) err += e;
    else if (e.endsWith(': Is a directory\n')) {
      out += header(f);
      err += `${prog}: error reading '${f}': Is a directory\n`;
    } else err += `${prog}: cannot open '${f}' for reading: No such file or directory\n`;
  }
  return result(out, err, err ? 1 : 0);
}

const head: Program = (args, ctx) => {
  const c = countOf(args);
  if (c.bad) return result('', `head: invalid number of lines: '${c.bad}'\n`, 1);
  return eachFile(c, ctx, 'head', (text) => {
    if (c.bytes) return c.allBut ? text.slice(0, Math.max(0, text.length - c.n)) : text.slice(0, c.n);
    const ls = lines(text);
    return joinLines(c.allBut ? ls.slice(0, Math.max(0, ls.length - c.n)) : ls.slice(0, c.n));
  });
};

const tail: Program = (args, ctx) => {
  const c = countOf(args);
  if (c.bad) return result('', `tail: invalid number of lines: '${c.bad}'\n`, 1);
  return eachFile(c, ctx, 'tail', (text) => {
    if (c.bytes) return c.from ? text.slice(Math.max(0, c.n - 1)) : text.slice(Math.max(0, text.length - c.n));
    const ls = lines(text);
    return joinLines(c.from ? ls.slice(Math.max(0, c.n - 1)) : ls.slice(Math.max(0, ls.length - c.n)));
  });
};

/**
 * wc: GNU's column widths (1 for a single count of a single file, 7 when reading stdin with several counts,
 * else the digits of the files' total size) and a `total` line for several files; BusyBox pads to 9.
 */
const wc: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 'lwcm', withValue: '', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' } });
  if (bad) return notSimulated(ctx, 'wc', bad);
  const counts = (text: string) => {
    const all = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, m: [...text].length, c: Buffer.byteLength(text) };
    return opts.size ? (['l', 'w', 'm', 'c'] as const).filter((k) => opts.has(k)).map((k) => all[k]) : [all.l, all.w, all.c];
  };
  const busybox = ctx.sys.image.family === 'busybox';
  let err = '';
  const rows: { n: number[]; name?: string }[] = [];
  let bytes = 0;
  for (const f of rest.length ? rest : ['-']) {
    const { text, err: e } = inputOf(f === '-' ? [] : [f], ctx, 'wc');
    if (e) {
      err += e;
      continue;
    }
    bytes += Buffer.byteLength(text);
    rows.push({ n: counts(text), name: f === '-' && !rest.length ? undefined : f });
  }
  if (rows.length > 1) rows.push({ n: rows[0]!.n.map((_x, i) => rows.reduce((s, r) => s + r.n[i]!, 0)), name: 'total' });
  const single = rows.length === 1 && rows[0]!.n.length === 1;
  const width = busybox ? 9 : single ? 1 : !rest.length ? 7 : Math.max(1, String(bytes).length);
  const out = rows.map((r) => (busybox ? `${r.n.map((x) => (single && !r.name ? String(x) : String(x).padStart(width))).join(busybox ? '' : ' ')}${r.name ? ` ${r.name}` : ''}\n` : `${r.n.map((x) => String(x).padStart(width)).join(' ')}${r.name ? ` ${r.name}` : ''}\n`)).join('');
  return result(out, err, err ? 1 : 0);
};

/** cut's LIST (`1,3`, `2-`, `-4`, `2-5`) as a membership test over 1-based positions. */
function cutList(spec: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a < 1) return undefined;
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

const cut: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 's', withValue: 'dfcb', long: { delimiter: 'd', fields: 'f', characters: 'c', bytes: 'b', 'only-delimited': 's', 'output-delimiter': 'O' } });
  if (bad) return notSimulated(ctx, 'cut', bad);
  const fields = last(opts, 'f');
  const chars = last(opts, 'c') ?? last(opts, 'b');
  if (!fields && !chars) return result('', "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n", 1);
  const pick = cutList((fields ?? chars)!);
  if (!pick) return result('', `cut: invalid field value '${fields ?? chars}'\nTry 'cut --help' for more information.\n`, 1);
  const delim = last(opts, 'd') ?? '\t';
  if (fields && delim.length !== 1) return result('', "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n", 1);
  const outDelim = last(opts, 'O') ?? delim;
  const { text, err } = inputOf(rest, ctx, 'cut');
  const out: string[] = [];
  for (const l of lines(text)) {
    if (chars) {
      out.push([...l].filter((_c, i) => pick(i + 1)).join(''));
      continue;
    }
    if (!l.includes(delim)) {
      if (!opts.has('s')) out.push(l);
      continue;
    }
    out.push(l.split(delim).filter((_f, i) => pick(i + 1)).join(outDelim));
  }
  return result(joinLines(out), err, err ? 1 : 0);
};

/** tr's SET: ranges, classes and escapes expanded to the characters, in order. */
function trSet(spec: string): string[] {
  const out: string[] = [];
  const classes: Record<string, string> = {
    upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    lower: 'abcdefghijklmnopqrstuvwxyz',
    digit: '0123456789',
    space: ' \t\n\r\f\v',
    blank: ' \t',
    alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  };
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v' };
  const chars: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    if (c === '[' && spec[i + 1] === ':') {
      const end = spec.indexOf(':]', i + 2);
      const cls = end > 0 ? classes[spec.slice(i + 2, end)] : undefined;
      if (cls) {
        chars.push(...cls.split('').map((x) => `\u0000${x}`));
        i = end + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < spec.length) chars.push(esc[spec[++i]!] ?? spec[i]!);
    else chars.push(c);
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!.replace(/^\u0000/, '');
    if (chars[i + 1] === '-' && i + 2 < chars.length && !chars[i]!.startsWith('\u0000')) {
      const a = c.charCodeAt(0);
      const b = chars[i + 2]!.replace(/^\u0000/, '').charCodeAt(0);
      for (let x = a; x <= b; x++) out.push(String.fromCharCode(x));
      i += 2;
    } else out.push(c);
  }
  return out;
}

const tr: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 'dscC', withValue: '', long: { delete: 'd', 'squeeze-repeats': 's', complement: 'c' } });
  if (bad) return notSimulated(ctx, 'tr', bad);
  if (opts.has('c') || opts.has('C')) return notSimulated(ctx, 'tr', '-c');
  const set1 = trSet(rest[0] ?? '');
  const set2 = rest[1] !== undefined ? trSet(rest[1]) : [];
  if (!rest.length || (!opts.has('d') && !opts.has('s') && rest.length < 2)) {
    return result('', `tr: missing operand${rest.length ? ` after '${rest[0]}'\nTwo strings must be given when translating.` : ''}\nTry 'tr --help' for more information.\n`, 1);
  }
  let text = ctx.stdin;
  if (opts.has('d')) {
    const del = new Set(set1);
    text = [...text].filter((c) => !del.has(c)).join('');
  } else if (set2.length) {
    const map = new Map<string, string>();
    set1.forEach((c, i) => map.set(c, set2[Math.min(i, set2.length - 1)]!));
    text = [...text].map((c) => map.get(c) ?? c).join('');
  }
  if (opts.has('s')) {
    const squeeze = new Set(opts.has('d') || set2.length ? set2 : set1);
    let out = '';
    for (const c of text) if (!(squeeze.has(c) && out.endsWith(c))) out += c;
    text = out;
  }
  return result(text);
};

const base64: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 'di', withValue: 'w', long: { decode: 'd', 'ignore-garbage': 'i', wrap: 'w' } });
  if (bad) return notSimulated(ctx, 'base64', bad);
  const { text, err } = inputOf(rest, ctx, 'base64');
  if (err) return result('', err, 1);
  if (opts.has('d')) {
    const clean = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
      const ok = Buffer.from(clean.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
      return result(ok, 'base64: invalid input\n', 1);
    }
    return result(Buffer.from(clean, 'base64').toString('utf8'));
  }
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const wrap = Number(last(opts, 'w') ?? 76);
  if (!encoded) return result('');
  return result(wrap > 0 ? encoded.replace(new RegExp(`(.{${wrap}})`, 'g'), '$1\n').replace(/\n$/, '') + '\n' : encoded);
};

const tee: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 'ai', withValue: '', long: { append: 'a' } });
  if (bad) return notSimulated(ctx, 'tee', bad);
  let err = '';
  for (const f of rest) {
    const p = resolvePath(ctx.cwd, f);
    const dir = p.slice(0, p.lastIndexOf('/')) || '/';
    if (!ctx.sys.fs.isDir(dir)) {
      err += `tee: ${f}: No such file or directory\n`;
      continue;
    }
    if (opts.has('a')) ctx.sys.fs.append(p, ctx.stdin);
    else ctx.sys.fs.write(p, ctx.stdin);
  }
  return result(ctx.stdin, err, err ? 1 : 0);
};

/** paste: files side by side (TAB-separated), or each file's lines joined into one with -s; -d delimiters. */
const paste: Program = (args, ctx) => {
  const { opts, rest, bad } = parseOptions(args, { flags: 's', withValue: 'd', long: { serial: 's', delimiters: 'd' } });
  if (bad) return notSimulated(ctx, 'paste', bad);
  const delims = [...(last(opts, 'd') ?? '\t').replace(/\\t/g, '\t').replace(/\\n/g, '\n')];
  const delim = (i: number) => delims[i % delims.length] ?? '';
  const files = rest.length ? rest : ['-'];
  let err = '';
  const columns = files.map((f) => {
    const { text, err: e } = inputOf(f === '-' ? [] : [f], ctx, 'paste');
    err += e;
    return lines(text);
  });
  let out = '';
  if (opts.has('s')) for (const col of columns) out += col.reduce((acc, l, i) => (i ? acc + delim(i - 1) + l : l), '') + '\n';
  else {
    const n = Math.max(0, ...columns.map((c) => c.length));
    for (let r = 0; r < n; r++) out += columns.map((c) => c[r] ?? '').reduce((acc, l, i) => (i ? acc + delim(i - 1) + l : l), '') + '\n';
  }
  return result(out, err, err ? 1 : 0);
};

export const textPrograms: Record<string, Program> = { grep, sort, uniq, head, tail, wc, cut, tr, base64, tee, paste };
