/** The small userland programs: env, cat, ls, touch, rm, mkdir, echo, hostname, sleep, sort, grep, head, wc... */
import { resolvePath } from '../fs.js';
import { result, type Program, type ProgramCtx } from '../types.js';

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
    if (ctx.sys.fs.isFile(p)) out += fileLine(t);
    else if (ctx.sys.fs.isDir(p)) dirs.push(t);
    else err += busybox ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`;
  }
  for (const t of dirs) {
    const p = resolvePath(ctx.cwd, t);
    let names = ctx.sys.fs.list(p);
    if (!flags.has('a')) names = names.filter((n) => !n.startsWith('.'));
    else names = ['.', '..', ...names];
    if (targets.length > 1) out += `${out ? '\n' : ''}${t}:\n`;
    out += flags.has('l') ? names.map((n) => fileLine(n)).join('') : names.map((n) => `${n}\n`).join('');
  }
  return result(out, err, err ? (busybox ? 1 : 2) : 0);
};

const touch: Program = (args, ctx) => {
  const { rest } = flagsAndArgs(args);
  if (!rest.length) return result('', ctx.sys.image.family === 'busybox' ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: touch [-c] [-d DATE] [-t DATE] [-r FILE] FILE...\n' : "touch: missing file operand\nTry 'touch --help' for more information.\n", 1);
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
  if (!rest.length) return result('', busybox ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: rm [-irf] FILE...\n' : "rm: missing operand\nTry 'rm --help' for more information.\n", 1);
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
  if (escapes) s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return result(s + (newline ? '\n' : ''));
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
  if (!args.length) return result('', ctx.sys.image.family === 'busybox' ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n' : "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1);
  // Virtual: the simulated shell never waits.
  return result();
};

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

function inputOf(rest: string[], ctx: ProgramCtx, prog: string): { text: string; err: string } {
  if (!rest.length) return { text: ctx.stdin, err: '' };
  let text = '';
  let err = '';
  for (const f of rest) {
    const t = ctx.sys.fs.read(resolvePath(ctx.cwd, f));
    if (t === undefined) err += `${prog}: ${f}: No such file or directory\n`;
    else text += t;
  }
  return { text, err };
}

const sort: Program = (args, ctx) => {
  const { flags, rest } = flagsAndArgs(args);
  const { text, err } = inputOf(rest, ctx, 'sort');
  let l = lines(text).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (flags.has('n')) l = l.sort((a, b) => parseFloat(a) - parseFloat(b));
  if (flags.has('r')) l.reverse();
  if (flags.has('u')) l = [...new Set(l)];
  return result(l.map((x) => `${x}\n`).join(''), err, err ? 2 : 0);
};

const grep: Program = (args, ctx) => {
  const { flags, rest } = flagsAndArgs(args);
  const pattern = rest.shift();
  if (pattern === undefined) return result('', 'Usage: grep [OPTION]... PATTERNS [FILE]...\n', 2);
  const { text, err } = inputOf(rest, ctx, 'grep');
  let re: RegExp;
  try {
    re = new RegExp(flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern.replace(/\\\|/g, '|'), flags.has('i') ? 'i' : '');
  } catch {
    return result('', `grep: Invalid regular expression\n`, 2);
  }
  const hits = lines(text).filter((l) => re.test(l) !== flags.has('v'));
  const out = flags.has('c') ? `${hits.length}\n` : flags.has('q') ? '' : hits.map((h) => `${h}\n`).join('');
  return result(out, err, err ? 2 : hits.length ? 0 : 1);
};

function countArg(args: string[]): { n: number; rest: string[] } {
  let n = 10;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') n = Number(args[++i]);
    else if (/^-n?\d+$/.test(a)) n = Number(a.replace(/^-n?/, ''));
    else rest.push(a);
  }
  return { n, rest };
}

const head: Program = (args, ctx) => {
  const { n, rest } = countArg(args);
  const { text, err } = inputOf(rest, ctx, 'head');
  return result(lines(text).slice(0, n).map((l) => `${l}\n`).join(''), err, err ? 1 : 0);
};

const tail: Program = (args, ctx) => {
  const { n, rest } = countArg(args);
  const { text, err } = inputOf(rest, ctx, 'tail');
  const l = lines(text);
  return result(l.slice(Math.max(0, l.length - n)).map((x) => `${x}\n`).join(''), err, err ? 1 : 0);
};

const wc: Program = (args, ctx) => {
  const { flags, rest } = flagsAndArgs(args);
  const { text, err } = inputOf(rest, ctx, 'wc');
  const l = (text.match(/\n/g) ?? []).length;
  const w = text.split(/\s+/).filter(Boolean).length;
  const c = Buffer.byteLength(text);
  const busybox = ctx.sys.image.family === 'busybox';
  const picked = flags.size ? [flags.has('l') ? l : null, flags.has('w') ? w : null, flags.has('c') ? c : null].filter((x): x is number => x !== null) : [l, w, c];
  const name = rest[0] ? ` ${rest[0]}` : '';
  const out = picked.length === 1 && !rest.length ? `${picked[0]}\n` : busybox ? `${picked.map((x) => String(x).padStart(9)).join('')}${name}\n` : `${picked.map((x) => String(x).padStart(String(c).length)).join(' ')}${name}\n`;
  return result(out, err, err ? 1 : 0);
};

const id: Program = () => result('uid=0(root) gid=0(root) groups=0(root)\n');
const whoami: Program = () => result('root\n');
const uname: Program = (args) => result(args.includes('-a') ? 'Linux simulated 6.8.0-49-generic #49-Ubuntu SMP x86_64 GNU/Linux\n' : 'Linux\n');
const date: Program = (_a, ctx) => result(`${ctx.sys.env.now().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_m, d, day, mon, y, t) => `${d} ${mon} ${String(Number(day)).padStart(2, ' ')} ${t} UTC ${y}`)}\n`);

const seq: Program = (args) => {
  const n = args.map(Number);
  if (!n.length || n.some((x) => Number.isNaN(x))) return result('', args.length ? `seq: invalid floating point argument: '${args.find((a) => Number.isNaN(Number(a)))}'\n` : "seq: missing operand\nTry 'seq --help' for more information.\n", 1);
  const [first, step, last] = n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : [n[0]!, n[1]!, n[2]!];
  let out = '';
  for (let i = first, k = 0; step > 0 ? i <= last : i >= last; i += step, k++) {
    if (k > 100000 || step === 0) break;
    out += `${i}\n`;
  }
  return result(out);
};

/** test / [ : the file, string and integer checks scripts use in if/while conditions. */
const test: Program = (argsIn, ctx) => {
  let args = argsIn;
  if (args[args.length - 1] === ']') args = args.slice(0, -1);
  const file = (p: string) => resolvePath(ctx.cwd, p);
  const evalOne = (a: string[]): boolean => {
    if (a[0] === '!') return !evalOne(a.slice(1));
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== '';
    if (a.length === 2) {
      const [op, v] = a as [string, string];
      switch (op) {
        case '-n': return v !== '';
        case '-z': return v === '';
        case '-e': return ctx.sys.fs.exists(file(v));
        case '-f': return ctx.sys.fs.isFile(file(v));
        case '-d': return ctx.sys.fs.isDir(file(v));
        case '-s': return (ctx.sys.fs.read(file(v)) ?? '') !== '';
        case '-r': case '-w': case '-x': return ctx.sys.fs.exists(file(v));
        default: return false;
      }
    }
    const [l, op, r] = a as [string, string, string];
    switch (op) {
      case '=': case '==': return l === r;
      case '!=': return l !== r;
      case '-eq': return Number(l) === Number(r);
      case '-ne': return Number(l) !== Number(r);
      case '-lt': return Number(l) < Number(r);
      case '-le': return Number(l) <= Number(r);
      case '-gt': return Number(l) > Number(r);
      case '-ge': return Number(l) >= Number(r);
      default: return false;
    }
  };
  return result('', '', evalOne(args) ? 0 : 1);
};

export const corePrograms: Record<string, Program> = {
  seq,
  test,
  '[': test,
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
  sort,
  grep,
  head,
  tail,
  wc,
  id,
  whoami,
  uname,
  date,
  true: () => result(),
  false: () => result('', '', 1),
};
