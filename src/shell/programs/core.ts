/** The small userland programs: env, cat, ls, touch, rm, mkdir, echo, printf, test, hostname, sleep, date... */
import { resolvePath } from '../fs.js';
import { busyboxBanner } from '../images.js';
import { result, type Program, type ProgramCtx } from '../types.js';
import { globMatches } from '../expand.js';
import { CONTAINER_LIMITS, outOfMemory } from '../budget.js';
import { longFileLine, longListing, subdirectories } from './ls-long.js';
import { id } from './identity.js';

function flagsAndArgs(args: string[]): { flags: Set<string>; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === '--') done = true;
    else if (!done && a.startsWith('-') && a.length > 1) for (const c of a.slice(1)) flags.add(c);
    else rest.push(a);
  }
  return { flags, rest };
}

const env: Program = (args, ctx) => {
  if (args.length && !args[0]!.startsWith('-')) {
    // `env VAR=x cmd` is rare in the chapter; print the variable set for the plain form only.
    const assigns = args.filter((a) => a.includes('='));
    const vars = { ...ctx.vars };
    for (const a of assigns) vars[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    if (assigns.length === args.length) return result(Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''));
  }
  return result(Object.entries(ctx.vars).map(([k, v]) => `${k}=${v}\n`).join(''));
};

const printenv: Program = (args, ctx) => {
  if (!args.length) return env([], ctx);
  let out = '';
  let code = 0;
  for (const a of args) {
    if (a in ctx.vars) out += `${ctx.vars[a]}\n`;
    else code = 1;
  }
  return result(out, '', code);
};

const cat: Program = (args, ctx) => {
  const { rest } = flagsAndArgs(args);
  if (!rest.length) return result(ctx.stdin);
  let out = '';
  let err = '';
  for (const f of rest) {
    if (f === '-') {
      out += ctx.stdin;
      continue;
    }
    const p = resolvePath(ctx.cwd, f);
    const text = ctx.sys.fs.read(p);
    if (text !== undefined) out += text;
    else if (ctx.sys.fs.isDir(p)) err += ctx.sys.image.family === 'busybox' ? `cat: read error: Is a directory\n` : `cat: ${f}: Is a directory\n`;
    else err += ctx.sys.image.family === 'busybox' ? `cat: can't open '${f}': No such file or directory\n` : `cat: ${f}: No such file or directory\n`;
  }
  return result(out, err, err ? 1 : 0);
};

const ls: Program = (args, ctx) => {
  const { flags, rest } = flagsAndArgs(args);
  const targets = rest.length ? rest : ['.'];
  const busybox = ctx.sys.image.family === 'busybox';
  let out = '';
  let err = '';
  const fileLine = (name: string) => (flags.has('l') ? `-rw-r--r--    1 root     root             0 Nov 21 22:50 ${name}\n` : `${name}\n`);
  const dirs: string[] = [];
  for (const t of targets) {
    const p = resolvePath(ctx.cwd, t);
    if (ctx.sys.fs.isFile(p)) out += busybox && flags.has('l') ? longFileLine(ctx.sys.fs, ctx.cwd, t, ctx.sys.env.now()) : fileLine(t);
    else if (ctx.sys.fs.isDir(p)) dirs.push(t);
    else err += busybox ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`;
  }
  // BusyBox's long listing is simulated in full (ls-long.ts), with -R; GNU ls -l keeps the short form above.
  const long = busybox && flags.has('l');
  const now = ctx.sys.env.now();
  const listDir = (t: string, p: string): void => {
    let names = ctx.sys.fs.list(p).sort();
    if (!flags.has('a')) names = names.filter((n) => !n.startsWith('.'));
    else names = ['.', '..', ...names];
    if (targets.length > 1 || (long && flags.has('R'))) out += `${out ? '\n' : ''}${t}:\n`;
    out += long ? longListing(ctx.sys.fs, p, names, now) : flags.has('l') ? names.map((n) => fileLine(n)).join('') : names.map((n) => `${n}\n`).join('');
    if (long && flags.has('R')) for (const sub of subdirectories(ctx.sys.fs, p, names)) listDir(`${t.replace(/\/$/, '')}/${sub}`, `${p === '/' ? '' : p}/${sub}`);
  };
  for (const t of dirs) listDir(t, resolvePath(ctx.cwd, t));
  return result(out, err, err ? (busybox ? 1 : 2) : 0);
};

const touch: Program = (args, ctx) => {
  const { rest } = flagsAndArgs(args);
  if (!rest.length) return result('', ctx.sys.image.family === 'busybox' ? `${busyboxBanner(ctx.sys.image)}\n\nUsage: touch [-c] [-d DATE] [-t DATE] [-r FILE] FILE...\n` : "touch: missing file operand\nTry 'touch --help' for more information.\n", 1);
  let err = '';
  for (const f of rest) {
    const p = resolvePath(ctx.cwd, f);
    const dir = p.slice(0, p.lastIndexOf('/')) || '/';
    if (!ctx.sys.fs.isDir(dir)) {
      err += ctx.sys.image.family === 'busybox' ? `touch: ${f}: No such file or directory\n` : `touch: cannot touch '${f}': No such file or directory\n`;
      continue;
    }
    if (!ctx.sys.fs.exists(p)) ctx.sys.fs.write(p, '');
  }
  return result('', err, err ? 1 : 0);
};

const rm: Program = (args, ctx) => {
  const { flags, rest } = flagsAndArgs(args);
  const busybox = ctx.sys.image.family === 'busybox';
  const recursive = flags.has('r') || flags.has('R');
  const force = flags.has('f');
  if (!rest.length) return result('', busybox ? `${busyboxBanner(ctx.sys.image)}\n\nUsage: rm [-irf] FILE...\n` : "rm: missing operand\nTry 'rm --help' for more information.\n", 1);
  let err = '';
  for (const f of rest) {
    const p = resolvePath(ctx.cwd, f);
    if (p === '/' && recursive && !busybox && !args.includes('--no-preserve-root')) {
      err += "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n";
      continue;
    }
    if (ctx.sys.fs.isDir(p)) {
      if (!recursive) {
        err += busybox ? `rm: '${f}' is a directory\n` : `rm: cannot remove '${f}': Is a directory\n`;
        continue;
      }
      ctx.sys.fs.remove(p);
    } else if (ctx.sys.fs.isFile(p)) ctx.sys.fs.remove(p);
    else if (!force) err += busybox ? `rm: can't remove '${f}': No such file or directory\n` : `rm: cannot remove '${f}': No such file or directory\n`;
  }
  return result('', err, err ? 1 : 0);
};

const mkdir: Program = (args, ctx) => {
  const { flags, rest } = flagsAndArgs(args);
  let err = '';
  for (const f of rest) {
    const p = resolvePath(ctx.cwd, f);
    if (ctx.sys.fs.exists(p)) {
      if (!flags.has('p')) err += ctx.sys.image.family === 'busybox' ? `mkdir: can't create directory '${f}': File exists\n` : `mkdir: cannot create directory '${f}': File exists\n`;
      continue;
    }
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    if (!flags.has('p') && !ctx.sys.fs.isDir(parent)) {
      err += ctx.sys.image.family === 'busybox' ? `mkdir: can't create directory '${f}': No such file or directory\n` : `mkdir: cannot create directory '${f}': No such file or directory\n`;
      continue;
    }
    ctx.sys.fs.mkdir(p);
  }
  return result('', err, err ? 1 : 0);
};

/** echo as sh's builtin: -n drops the newline, -e interprets escapes. */
export const echo: Program = (args) => {
  let newline = true;
  let escapes = false;
  while (args.length && /^-[ne]+$/.test(args[0]!)) {
    if (args[0]!.includes('n')) newline = false;
    if (args[0]!.includes('e')) escapes = true;
    args = args.slice(1);
  }
  let s = args.join(' ');
  if (escapes) s = unescapeAll(s);
  return result(s + (newline ? '\n' : ''));
};

/**
 * echo as dash's builtin (Debian's /bin/sh): backslash escapes are always interpreted and `\c` ends the
 * output; only `-n` is an option (`echo -e x` prints `-e x`), so the Secrets page's
 * `echo "username: $username\npassword: $password\n"` prints two lines and an empty one.
 */
export const dashEcho: Program = (args) => {
  const newline = args[0] !== '-n';
  const text = unescapeAll((newline ? args : args.slice(1)).join(' '));
  const cut = text.indexOf('\\c');
  return result(cut >= 0 ? text.slice(0, cut) : text + (newline ? '\n' : ''));
};

const hostname: Program = (args, ctx) => {
  // `hostname -i` prints the addresses the host name resolves to (/etc/hosts): the pod or node IP.
  if (args.includes('-i')) return result(`${ctx.sys.net.origin.ip}\n`);
  // `hostname -f` prints the canonical name getaddrinfo finds for it: the first name of its /etc/hosts
  // line (a pod with a subdomain has `web-0.nginx.default.svc.cluster.local web-0` there).
  if (args.some((a) => a === '-f' || a === '--fqdn' || a === '--long')) return result(`${canonicalName(ctx.sys.fs.read('/etc/hosts') ?? '', ctx.sys.hostname)}\n`);
  return result(`${ctx.sys.hostname}\n`);
};

/** The first name on the hosts-file line that lists `name` (the name itself when no line does). */
function canonicalName(hosts: string, name: string): string {
  for (const line of hosts.split('\n')) {
    const fields = line.replace(/#.*$/, '').trim().split(/\s+/).slice(1);
    if (fields.includes(name)) return fields[0]!;
  }
  return name;
}
const sleep: Program = (args, ctx) => {
  if (!args.length) return result('', ctx.sys.image.family === 'busybox' ? `${busyboxBanner(ctx.sys.image)}\n\nUsage: sleep [N]...\n` : "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1);
  // Virtual: the simulated shell never waits.
  return result();
};

const whoami: Program = () => result('root\n');
const uname: Program = (args) => result(args.includes('-a') ? 'Linux simulated 6.8.0-49-generic #49-Ubuntu SMP x86_64 GNU/Linux\n' : 'Linux\n');
const date: Program = (_a, ctx) => result(`${ctx.sys.env.now().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_m, d, day, mon, y, t) => `${d} ${mon} ${String(Number(day)).padStart(2, ' ')} ${t} UTC ${y}`)}\n`);

const seq: Program = (args, ctx) => {
  const n = args.map(Number);
  if (!n.length || n.some((x) => Number.isNaN(x))) return result('', args.length ? `seq: invalid floating point argument: '${args.find((a) => Number.isNaN(Number(a)))}'\n` : "seq: missing operand\nTry 'seq --help' for more information.\n", 1);
  const [first, step, last] = n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : [n[0]!, n[1]!, n[2]!];
  // BusyBox's loop runs while the step moves toward LAST, so a zero step prints nothing; GNU refuses it.
  if (step === 0) return ctx.sys.image.family === 'busybox' ? result('') : result('', `seq: invalid Zero increment value: '${args[1]}'\nTry 'seq --help' for more information.\n`, 1);
  // A long sequence ends as any program that writes too much does (killed by the output budget), never
  // cut short in silence with exit 0: \`seq 1 100000000 > f\` must not look like it succeeded.
  const limit = ctx.budget?.limits.outputBytes ?? CONTAINER_LIMITS.outputBytes;
  let out = '';
  for (let i = first; step > 0 ? i <= last : i >= last; i += step) {
    out += `${i}\n`;
    if (out.length > limit) ctx.budget?.wrote(out.length);
    if (out.length > limit) throw outOfMemory(`seq wrote more than ${limit / (1 << 20)} MiB`);
  }
  return result(out);
};

/** The primaries shared by test, `[` and `[[`: file checks, string and integer comparisons. */
function primary(ctx: ProgramCtx, a: string[], patterns: boolean): boolean {
  const file = (p: string) => resolvePath(ctx.cwd, p);
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    const [op, v] = a as [string, string];
    switch (op) {
      case '-n': return v !== '';
      case '-z': return v === '';
      case '-e': case '-a': return ctx.sys.fs.exists(file(v));
      case '-f': return ctx.sys.fs.isFile(file(v));
      case '-d': return ctx.sys.fs.isDir(file(v));
      case '-s': return (ctx.sys.fs.read(file(v)) ?? '') !== '';
      case '-r': case '-w': case '-x': return ctx.sys.fs.exists(file(v));
      case '-L': case '-h': return false;
      default: return false;
    }
  }
  const [l, op, r] = a as [string, string, string];
  switch (op) {
    case '=': case '==': return patterns ? globMatches(r, l) : l === r;
    case '!=': return patterns ? !globMatches(r, l) : l !== r;
    case '=~': try { return new RegExp(r).test(l); } catch { return false; }
    case '<': return l < r;
    case '>': return l > r;
    case '-eq': return Number(l) === Number(r);
    case '-ne': return Number(l) !== Number(r);
    case '-lt': return Number(l) < Number(r);
    case '-le': return Number(l) <= Number(r);
    case '-gt': return Number(l) > Number(r);
    case '-ge': return Number(l) >= Number(r);
    default: return false;
  }
}

const BINARY = new Set(['=', '==', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const UNARY = new Set(['-n', '-z', '-e', '-a', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h']);

/** An expression of test / `[[`: `!`, parentheses, and `-a`/`-o` (test) or `&&`/`||` (`[[`). */
function evaluate(ctx: ProgramCtx, tokens: string[], and: string, or: string, patterns: boolean): boolean {
  let k = 0;
  let depth = 0;
  const orExpr = (): boolean => {
    let v = andExpr();
    while (tokens[k] === or) {
      k++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  const andExpr = (): boolean => {
    let v = notExpr();
    while (tokens[k] === and) {
      k++;
      const r = notExpr();
      v = v && r;
    }
    return v;
  };
  const notExpr = (): boolean => {
    if (tokens[k] === '!' && k + 1 < tokens.length) {
      k++;
      return !notExpr();
    }
    if (tokens[k] === '(' && depth < 100) {
      k++;
      depth++;
      const v = orExpr();
      depth--;
      if (tokens[k] === ')') k++;
      return v;
    }
    if (k + 2 < tokens.length && BINARY.has(tokens[k + 1]!)) {
      const v = primary(ctx, tokens.slice(k, k + 3), patterns);
      k += 3;
      return v;
    }
    if (UNARY.has(tokens[k]!) && k + 1 < tokens.length) {
      const v = primary(ctx, tokens.slice(k, k + 2), patterns);
      k += 2;
      return v;
    }
    return primary(ctx, tokens[k++] === undefined ? [] : [tokens[k - 1]!], patterns);
  };
  if (!tokens.length) return false;
  return orExpr();
}

/** test / [ : the file, string and integer checks scripts use in if/while conditions. */
export const test: Program = (argsIn, ctx) => {
  let args = argsIn;
  if (args[args.length - 1] === ']') args = args.slice(0, -1);
  // The common short forms are decided by their length, as POSIX test does.
  if (args.length <= 3 && !(args.length === 3 && (args[1] === '-a' || args[1] === '-o'))) {
    const neg = args[0] === '!' && args.length > 1;
    return result('', '', primary(ctx, neg ? args.slice(1) : args, false) !== neg ? 0 : 1);
  }
  return result('', '', evaluate(ctx, args, '-a', '-o', false) ? 0 : 1);
};

/** `[[ EXPR ]]` (bash, BusyBox ash): patterns on the right of `==`, `=~` regular expressions, `&&` and `||`. */
export const doubleBracket: Program = (argsIn, ctx) => {
  const args = argsIn[argsIn.length - 1] === ']]' ? argsIn.slice(0, -1) : argsIn;
  return result('', '', evaluate(ctx, args, '&&', '||', true) ? 0 : 1);
};

/** printf FORMAT [ARGS...]: %s %d %i %u %x %X %o %c %f %e %g %b %q and %%, widths and precisions; the format repeats for extra arguments. */
export const printf: Program = (args) => {
  if (!args.length) return result('', 'printf: usage: printf format [arguments]\n', 2);
  const format = args[0]!;
  const rest = args.slice(1);
  let out = '';
  let err = '';
  let used = 0;
  let code = 0;
  const next = (): string | undefined => (used < rest.length ? rest[used++] : undefined);
  const number = (v: string | undefined): number => {
    if (v === undefined || v === '') return 0;
    if (/^['"]./.test(v)) return v.codePointAt(1)!;
    const n = Number(v);
    if (Number.isNaN(n)) {
      err += `printf: ${v}: invalid number\n`;
      code = 1;
      return 0;
    }
    return n;
  };
  do {
    const before = used;
    out += format.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sdiuxXocfeEgGbq%])|\\(0[0-7]{0,3}|[\\abfnrtv"'])/g, (m, flags: string, w: string, p: string, conv: string, esc: string) => {
      if (esc !== undefined) return unescape(esc);
      if (conv === '%') return '%';
      const width = w === '*' ? number(next()) : w ? Number(w) : 0;
      const prec = p === '*' ? number(next()) : p !== undefined ? Number(p) : undefined;
      if (width > 1 << 20 || (prec ?? 0) > 1 << 20) throw outOfMemory('a printf field wider than 1 MiB');
      const arg = next();
      let s: string;
      switch (conv) {
        case 's': s = arg ?? ''; if (prec !== undefined) s = s.slice(0, prec); break;
        case 'b': s = unescapeAll(arg ?? ''); break;
        case 'q': s = /^[\w@%+=:,./-]+$/.test(arg ?? '') ? arg! : `'${(arg ?? '').replace(/'/g, `'\\''`)}'`; break;
        case 'c': s = (arg ?? '').slice(0, 1); break;
        case 'd': case 'i': case 'u': s = String(Math.trunc(number(arg))); if (prec !== undefined) s = s.padStart(prec, '0'); if (flags.includes('+') && !s.startsWith('-')) s = '+' + s; break;
        case 'x': s = Math.trunc(number(arg)).toString(16); break;
        case 'X': s = Math.trunc(number(arg)).toString(16).toUpperCase(); break;
        case 'o': s = Math.trunc(number(arg)).toString(8); break;
        case 'f': s = number(arg).toFixed(prec ?? 6); break;
        case 'e': case 'E': s = number(arg).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2'); if (conv === 'E') s = s.toUpperCase(); break;
        default: s = String(Number(number(arg).toPrecision(prec || 6)));
      }
      if (s.length >= width) return s;
      if (flags.includes('-')) return s.padEnd(width);
      return flags.includes('0') && conv !== 's' && !/^[-+]/.test(s) ? s.padStart(width, '0') : s.padStart(width);
    });
    if (used === before) break;
  } while (used < rest.length);
  void err;
  return result(out, err, code);
};

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', "'": "'" };

function unescape(esc: string): string {
  if (esc.startsWith('0')) return String.fromCharCode(parseInt(esc.slice(1) || '0', 8));
  return SIMPLE_ESCAPES[esc] ?? esc;
}

/** `%b` and `echo -e`: backslash escapes in an argument. */
function unescapeAll(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|[\\abfnrtv])/g, (_m, e: string) => unescape(e));
}

export const corePrograms: Record<string, Program> = {
  seq,
  test,
  '[': test,
  printf,
  env,
  printenv,
  cat,
  ls,
  touch,
  rm,
  mkdir,
  echo,
  hostname,
  sleep,
  id,
  whoami,
  uname,
  date,
  basename: (args) => {
    const [p, suffix] = args.filter((a) => !a.startsWith('-'));
    if (p === undefined) return result('', 'basename: missing operand\n', 1);
    let b = p.replace(/\/+$/, '').split('/').pop() || '/';
    if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
    return result(`${b}\n`);
  },
  dirname: (args) => {
    const p = args.find((a) => !a.startsWith('-'));
    if (p === undefined) return result('', 'dirname: missing operand\n', 1);
    const t = p.replace(/\/+$/, '');
    const i = t.lastIndexOf('/');
    return result(`${i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i)}\n`);
  },
  true: () => result(),
  false: () => result('', '', 1),
};
