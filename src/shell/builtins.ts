/**
 * The shell's builtins: commands the shell runs itself whatever the image holds (cd, exit, export, set,
 * read, eval, functions' return, loops' break, echo, printf, test, `[[`, and on a walkthrough's host the
 * job commands kill, jobs and wait). Each is a generator step of the interpreter (shell.ts).
 */
import type { Shell, ShellIo } from './shell.js';
import type { ExecResult, Program, System } from './types.js';
import type { Gen } from './io.js';
import { resolvePath } from './fs.js';
import { dashEcho, doubleBracket, echo, printf, test } from './programs/core.js';
import { jobLine } from './jobs.js';
import { kill as killProgram } from './programs/kill.js';

export interface Builtin {
  /** Whether this shell has it (`[[` is not dash's; job control only exists on a walkthrough's host). */
  available(sh: Shell): boolean;
  run(sh: Shell, sys: System, args: string[], io: ShellIo, assigns: Record<string, string>): Gen<number>;
}

const always = () => true;

/** A builtin that neither waits nor runs other commands. */
function plain(run: (sh: Shell, sys: System, args: string[], io: ShellIo, assigns: Record<string, string>) => number, available: (sh: Shell) => boolean = always): Builtin {
  return {
    available,
    // eslint-disable-next-line require-yield
    *run(sh, sys, args, io, assigns) {
      return run(sh, sys, args, io, assigns);
    },
  };
}

/** A synchronous program function (echo, printf, test) used as a builtin; `pick` chooses it per shell flavour. */
function fromProgram(p: Program, available: (sh: Shell) => boolean = always, pick: (sh: Shell) => Program = () => p): Builtin {
  return plain((sh, sys, args, io, assigns) => {
    const r = pick(sh)(args, { sys, stdin: io.stdin.rest(), cwd: sh.cwd, vars: sh.environ(assigns), stdout: io.out, stderr: io.err }) as ExecResult;
    io.out.write(r.stdout);
    io.err.write(r.stderr);
    return r.exitCode;
  }, available);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `export`/`readonly`/`local` arguments: NAME or NAME=value. */
function assignArgs(sh: Shell, args: string[], exportThem: boolean): number {
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!NAME.test(name)) continue;
    if (eq > 0) sh.setVar(name, a.slice(eq + 1));
    if (exportThem) sh.exported.add(name);
  }
  return 0;
}

/** A job's number argument of kill/wait (`%1`, `%%`, a PID). */
function jobArgs(sh: Shell, args: string[], io: ShellIo, who: string): { jobs: NonNullable<ReturnType<NonNullable<Shell['jobs']>['find']>>[]; code: number } {
  const found = [];
  let code = 0;
  for (const a of args) {
    if (a.startsWith('-') && !/^-\d+$/.test(a)) continue;
    const job = sh.jobs!.find(a);
    if (job) found.push(job);
    else {
      io.err.write(`${sh.prefix()}${who}: ${a}: no such job\n`);
      code = 1;
    }
  }
  return { jobs: found, code };
}

export const BUILTINS: Record<string, Builtin> = {
  exit: plain((sh, _sys, args) => {
    const code = args[0] !== undefined ? Number(args[0]) & 255 : sh.lastExit;
    sh.exited = Number.isNaN(code) ? 2 : code;
    return sh.exited;
  }),
  cd: plain((sh, sys, args, io) => {
    const target = resolvePath(sh.cwd, args[0] === '-' ? (sh.vars.OLDPWD ?? sh.cwd) : (args[0] ?? sh.vars.HOME ?? '/'));
    if (!sys.fs.isDir(target)) {
      io.err.write(sh.flavor === 'bash' ? `${sh.prefix()}cd: ${args[0]}: No such file or directory\n` : `${sh.prefix()}cd: can't cd to ${args[0]}: No such file or directory\n`);
      return sh.flavor === 'bash' ? 1 : 2;
    }
    sh.vars.OLDPWD = sh.cwd;
    sh.cwd = target;
    sh.vars.PWD = target;
    return 0;
  }),
  pwd: plain((sh, _sys, _args, io) => {
    io.out.write(`${sh.cwd}\n`);
    return 0;
  }),
  export: plain((sh, _sys, args, io) => {
    if (!args.filter((a) => a !== '-p').length) {
      const names = [...sh.exported].filter((n) => Object.hasOwn(sh.vars, n)).sort();
      io.out.write(names.map((n) => (sh.flavor === 'bash' ? `declare -x ${n}="${sh.vars[n]}"\n` : `export ${n}='${sh.vars[n]}'\n`)).join(''));
      return 0;
    }
    return assignArgs(sh, args, true);
  }),
  readonly: plain((sh, _sys, args) => assignArgs(sh, args, false)),
  local: plain((sh, _sys, args) => assignArgs(sh, args, false)),
  unset: plain((sh, _sys, args) => {
    for (const a of args) {
      if (a === '-f' || a === '-v') continue;
      delete sh.vars[a];
      sh.exported.delete(a);
      if (args.includes('-f')) sh.functions.delete(a);
    }
    return 0;
  }),
  ':': plain(() => 0),
  true: plain(() => 0),
  false: plain(() => 1),
  echo: fromProgram(echo, always, (sh) => (sh.flavor === 'dash' ? dashEcho : echo)),
  printf: fromProgram(printf),
  test: fromProgram(test),
  '[': fromProgram(test),
  '[[': fromProgram(doubleBracket, (sh) => sh.flavor !== 'dash'),
  set: plain((sh, _sys, args, io) => {
    if (!args.length) {
      io.out.write(Object.keys(sh.vars).sort().map((n) => `${n}='${sh.vars[n]}'\n`).join(''));
      return 0;
    }
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      if (a === '--') {
        sh.positional = args.slice(k + 1);
        return 0;
      }
      const on = a.startsWith('-');
      if (!on && !a.startsWith('+')) {
        sh.positional = args.slice(k);
        return 0;
      }
      if (a.slice(1) === 'o') {
        const opt = args[++k];
        if (opt === 'pipefail') sh.options.pipefail = on;
        else if (opt === 'errexit') sh.options.errexit = on;
        else if (opt === 'xtrace') sh.options.xtrace = on;
        else if (opt === 'nounset') sh.options.nounset = on;
        continue;
      }
      for (const f of a.slice(1)) {
        if (f === 'e') sh.options.errexit = on;
        else if (f === 'x') sh.options.xtrace = on;
        else if (f === 'u') sh.options.nounset = on;
      }
    }
    return 0;
  }),
  shift: plain((sh, _sys, args) => {
    const n = args[0] === undefined ? 1 : Number(args[0]);
    if (!(n >= 0) || n > sh.positional.length) return 1;
    sh.positional = sh.positional.slice(n);
    return 0;
  }),
  return: plain((sh, _sys, args) => {
    sh.returning = args[0] === undefined ? sh.lastExit : Number(args[0]) & 255;
    return sh.returning;
  }),
  break: plain((sh, _sys, args) => {
    sh.breaking = Math.max(1, Number(args[0] ?? 1) || 1);
    return 0;
  }),
  continue: plain((sh, _sys, args) => {
    sh.continuing = Math.max(1, Number(args[0] ?? 1) || 1);
    return 0;
  }),
  eval: {
    available: always,
    *run(sh, sys, args, io) {
      if (!args.length) return 0;
      const budget = sh.budget!;
      budget.enter(sh.prefix());
      try {
        return yield* sh.script(sys, args.join(' '), io);
      } finally {
        budget.leave();
      }
    },
  },
  source: sourceBuiltin(),
  '.': sourceBuiltin(),
  read: plain((sh, _sys, args, io, assigns) => {
    const names = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-p');
    const line = io.stdin.readLine();
    if (line === null) {
      for (const n of names) sh.setVar(n, '');
      return 1;
    }
    const raw = args.includes('-r') ? line : line.replace(/\\(.)/g, '$1');
    const vars = names.length ? names : ['REPLY'];
    vars.forEach((n, i) => sh.setVar(n, splitIfs(raw, assigns.IFS ?? sh.vars.IFS ?? ' \t\n', vars.length)[i] ?? ''));
    return 0;
  }),
  alias: plain((sh, _sys, args, io) => {
    if (!args.length) {
      io.out.write([...sh.aliases].map(([n, v]) => `alias ${n}='${v}'\n`).join(''));
      return 0;
    }
    let code = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0) sh.aliases.set(a.slice(0, eq), a.slice(eq + 1));
      else if (sh.aliases.has(a)) io.out.write(`alias ${a}='${sh.aliases.get(a)}'\n`);
      else {
        io.err.write(`${sh.prefix()}alias: ${a}: not found\n`);
        code = 1;
      }
    }
    return code;
  }),
  unalias: plain((sh, _sys, args) => {
    for (const a of args) sh.aliases.delete(a);
    return 0;
  }),
  trap: plain(() => 0),
  umask: plain(() => 0),
  hash: plain(() => 0),
  type: plain((sh, sys, args, io) => {
    let code = 0;
    for (const a of args) {
      const d = describeCommand(sh, sys, a);
      if (d) io.out.write(`${a} is ${d.kind === 'file' ? d.path : d.kind === 'builtin' ? 'a shell builtin' : d.kind === 'alias' ? `aliased to \`${sh.aliases.get(a)}'` : 'a function'}\n`);
      else {
        io.err.write(`${sh.prefix()}type: ${a}: not found\n`);
        code = 1;
      }
    }
    return code;
  }),
  command: {
    available: always,
    *run(sh, sys, args, io, assigns) {
      if (args[0] === '-v' || args[0] === '-V') {
        let code = 0;
        for (const a of args.slice(1)) {
          const d = describeCommand(sh, sys, a);
          if (!d) code = 1;
          else io.out.write(`${d.kind === 'file' ? d.path : a}\n`);
        }
        return code;
      }
      if (!args.length) return 0;
      const saved = sh.functions;
      sh.functions = new Map();
      try {
        return yield* sh.exec(sys, args, io, assigns);
      } finally {
        sh.functions = saved;
      }
    },
  },
  kill: {
    // Every shell has kill; a walkthrough's host kills its jobs, a container's shell signals its processes.
    available: always,
    *run(sh, sys, args, io, assigns) {
      if (!sh.jobs) {
        const r = killProgram(args, { sys, stdin: '', cwd: sh.cwd, vars: sh.environ(assigns), stdout: io.out, stderr: io.err }) as ExecResult;
        // Each shell words a missing PID its own way: bash `kill: (7) - ...`, dash `kill: ...`, ash `can't kill pid 7: ...`.
        const words = (pid: string) => (sh.flavor === 'bash' ? `kill: (${pid}) - ` : sh.flavor === 'dash' ? 'kill: ' : `can't kill pid ${pid}: `);
        io.err.write(r.stderr.replace(/^kill: \((.*)\) - /gm, (_m, pid: string) => `${sh.prefix()}${words(pid)}`));
        return r.exitCode;
      }
      const specs = args.filter((a) => !/^-(\d+|[A-Z]+|s)$/.test(a) && a !== 'TERM' && a !== 'KILL' && a !== 'INT');
      if (!specs.length) {
        io.err.write('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
        return 2;
      }
      const { jobs, code } = jobArgs(sh, specs, io, 'kill');
      const marks = jobs.map((j) => sh.jobs!.marker(j));
      yield Promise.all(jobs.map((j) => sh.jobs!.stop(j)));
      jobs.forEach((j, i) => io.err.write(jobLine(j.id, marks[i]!, 'Terminated', j.text)));
      return code;
    },
  },
  jobs: plain(
    (sh, _sys, _args, io) => {
      for (const j of sh.jobs!.running()) io.out.write(jobLine(j.id, sh.jobs!.marker(j), 'Running', `${j.text} &`));
      return 0;
    },
    (sh) => !!sh.jobs,
  ),
  wait: {
    available: (sh) => !!sh.jobs,
    *run(sh, _sys, args, io) {
      const { jobs, code } = args.length ? jobArgs(sh, args, io, 'wait') : { jobs: sh.jobs!.running(), code: 0 };
      if (!jobs.length) return code;
      // A job that never ends by itself (port-forward) cannot hang the walkthrough: the line's budget decides.
      const budget = sh.budget!;
      const codes = (yield Promise.race([Promise.all(jobs.map((j) => j.done)), new Promise((r) => setTimeout(r, budget.remainingMs()).unref?.())])) as number[] | undefined;
      budget.checkTime();
      return codes?.[codes.length - 1] ?? code;
    },
  },
};

/**
 * `read`'s field splitting: IFS whitespace at the ends is trimmed and runs of it separate fields, other IFS
 * characters separate one field each; the last of `count` fields keeps the rest of the line.
 */
function splitIfs(line: string, ifs: string, count: number): string[] {
  if (ifs === '') return [line];
  const ws = [...ifs].filter((c) => ' \t\n'.includes(c)).join('');
  const esc = (s: string) => s.replace(/[\\\]^-]/g, '\\$&');
  let rest = ws ? line.replace(new RegExp(`^[${esc(ws)}]+|[${esc(ws)}]+$`, 'g'), '') : line;
  const sep = new RegExp(`[${esc(ws)}]*[${esc(ifs)}][${esc(ws)}]*|[${esc(ws || ' ')}]+`);
  const fields: string[] = [];
  while (fields.length < count - 1) {
    const m = sep.exec(rest);
    if (!m) break;
    fields.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  fields.push(rest);
  return fields;
}

/** `source FILE` / `. FILE`: run a file's commands in this shell. */
function sourceBuiltin(): Builtin {
  return {
    available: always,
    *run(sh, sys, args, io) {
      const file = args[0];
      if (!file) {
        io.err.write(`${sh.prefix()}source: filename argument required\n`);
        return 2;
      }
      const text = sys.fs.read(resolvePath(sh.cwd, file));
      if (text === undefined) {
        io.err.write(sh.flavor === 'bash' ? `${sh.prefix()}${file}: No such file or directory\n` : `${sh.prefix()}.: can't open ${file}: no such file\n`);
        return 1;
      }
      const budget = sh.budget!;
      budget.enter(sh.prefix());
      try {
        return yield* sh.script(sys, text, io);
      } finally {
        budget.leave();
      }
    },
  };
}

/** What a command name is for `type` and `command -v`. */
function describeCommand(sh: Shell, sys: System, name: string): { kind: 'alias' | 'function' | 'builtin' } | { kind: 'file'; path: string } | undefined {
  if (sh.aliases.has(name)) return { kind: 'alias' };
  if (sh.functions.has(name)) return { kind: 'function' };
  if (Object.hasOwn(BUILTINS, name) && BUILTINS[name]!.available(sh)) return { kind: 'builtin' };
  if (sys.programs && Object.hasOwn(sys.programs, name)) return { kind: 'file', path: `/usr/local/bin/${name}` };
  if (sys.image.programs.has(name)) return { kind: 'file', path: `${['sh', 'ls', 'cat', 'echo', 'mkdir', 'rm', 'touch', 'sleep'].includes(name) ? '/bin' : '/usr/bin'}/${name}` };
  return undefined;
}
