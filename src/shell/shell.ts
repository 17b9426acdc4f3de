/**
 * The interpreter of the simulated shell: runs a parsed script against a System (a container, a node, the
 * host outside the cluster, a walkthrough's host), with builtins (builtins.ts), functions, pipes,
 * redirections into the system's filesystem and the programs the system has. A program the system lacks
 * fails as the shell says it.
 *
 * One interpreter serves both worlds: its steps are generators that yield only when a program returns a
 * promise. Inside a container everything is synchronous (it runs under the state lock, inside controllers)
 * and `run()` drives it to the end at once; on a walkthrough's host `kubectl` is an in-process `main()`,
 * and `runLine()` awaits it. Every run carries a Budget (budget.ts), so no program can loop, nest or grow
 * without end.
 */
import { parseScript, ShellSyntaxError, splitPieces, arithmetic, heredocWord, type Command, type CompoundCommand, type Piece, type Redirect, type Script, type SimpleCommand, type Word } from './parse.js';
import { NoSpaceError, resolvePath } from './fs.js';
import { result, type ExecResult, type Program, type ProgramCtx, type System } from './types.js';
import { Budget, CONTAINER_LIMITS, outOfMemory, ProgramKilled } from './budget.js';
import { AsyncInSyncError, counted, FileSink, Input, NULL_SINK, runAsync, runSync, settle, TextSink, type Gen, type Sink } from './io.js';
import { applyParamOp } from './expand.js';
import { BUILTINS, type Builtin } from './builtins.js';
import { Jobs } from './jobs.js';
import { PROGRAMS } from './programs/index.js';
import { make } from './programs/make.js';
import { chrootSystem } from './system.js';

/** Which shell is interpreting: BusyBox ash, bash, or Debian's dash as /bin/sh. */
export type ShellFlavor = 'ash' | 'bash' | 'dash';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

const programs: Record<string, Program> = Object.fromEntries(PROGRAMS.map((p) => [p.name, p.run]));

/** The standard streams of one command. */
export interface ShellIo {
  stdin: Input;
  out: Sink;
  err: Sink;
}

/** The flavour a shell name gets on this image (sh is ash on BusyBox, dash on Debian). */
export function flavorOf(sys: System, name: string): ShellFlavor {
  // zsh (netshoot's shell) is read as bash: close enough for the commands tutorials type into it.
  if (name === 'bash' || name === 'zsh') return 'bash';
  if (name === 'ash' || sys.image.family === 'busybox') return 'ash';
  return 'dash';
}

/** The program name a path or name refers to, if the system has it. */
export function programName(sys: System, word: string): string | undefined {
  const base = word.includes('/') ? word.slice(word.lastIndexOf('/') + 1) : word;
  if (word.includes('/') && !/^\/(usr\/)?(local\/)?s?bin\/[^/]+$/.test(word) && !sys.image.paths?.has(word)) return undefined;
  return sys.image.programs.has(base) || (sys.programs && Object.hasOwn(sys.programs, base)) ? base : undefined;
}

/** Assignment words (`NAME=value`) are recognised before expansion: their value is never split. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

export class Shell {
  cwd = '/';
  lastExit = 0;
  /** Set by `exit` (or a budget running out): the shell stops. */
  exited: number | null = null;
  readonly vars: Record<string, string>;
  /** Names whose values programs see in their environment. */
  readonly exported: Set<string>;
  functions = new Map<string, Command>();
  aliases = new Map<string, string>();
  positional: string[] = [];
  /** `$0` when the script was given its own: `sh -c SCRIPT NAME ARGS...` or `sh FILE`; else the shell's name. */
  arg0?: string;
  readonly options = { errexit: false, xtrace: false, pipefail: false, nounset: false };
  /** Background jobs: only a walkthrough's host shell has them (elsewhere `&` runs in the foreground). */
  jobs?: Jobs;
  /** Aborted when this shell's job is stopped. */
  signal?: AbortSignal;
  /** The terminal of a host shell: background jobs write here. */
  terminal?: { out: Sink; err: Sink };
  /** Set by `return`, `break N` and `continue N` while they unwind. */
  returning: number | null = null;
  breaking = 0;
  continuing = 0;
  /** Inside an `if`/`while` condition or a `&&`/`||` list: `set -e` does not apply. */
  conditional = 0;
  budget?: Budget;
  lineNo = 0;
  /** Exit status of the last `$(...)`, for a command that is only assignments. */
  private substExit: number | null = null;

  constructor(
    readonly flavor: ShellFlavor,
    vars: Record<string, string>,
    readonly name = flavor === 'bash' ? 'bash' : 'sh',
    exported?: Iterable<string>,
  ) {
    this.vars = { ...vars };
    this.exported = new Set(exported ?? Object.keys(vars));
  }

  // ---------------------------------------------------------------------------------------------------
  // Entry points

  /** Run a script synchronously (containers, nodes); returns its output and exit code. */
  run(sys: System, script: string, stdin = ''): ExecResult {
    const out = new TextSink();
    const err = new TextSink();
    const code = this.guarded(sys, err, (budget) => runSync(this.script(sys, script, { stdin: new Input(stdin), out: counted(out, budget), err: counted(err, budget) })));
    return result(out.text, err.text, code);
  }

  /** Run argv directly (no parsing), as a container runtime's exec does. */
  runArgv(sys: System, argv: string[], stdin = ''): ExecResult {
    const out = new TextSink();
    const err = new TextSink();
    const code = this.guarded(sys, err, (budget) => runSync(this.exec(sys, argv, { stdin: new Input(stdin), out: counted(out, budget), err: counted(err, budget) }, {})));
    return result(out.text, err.text, code);
  }

  /**
   * Start argv as a process the caller drives step by step (a container's main process on the cluster
   * clock, shell/timed.ts): the interpreter's generator, spending `budget`.
   */
  start(sys: System, argv: string[], io: ShellIo, budget: Budget): Gen<number> {
    this.budget = budget;
    return this.exec(sys, argv, io, {});
  }

  /** Run one line on a walkthrough's host: output streams to `out`/`err` as it is written. */
  async runLine(sys: System, script: string, io: { stdin?: string; out: Sink; err: Sink }): Promise<number> {
    this.terminal = { out: io.out, err: io.err };
    const budget = new Budget(sys.limits ?? CONTAINER_LIMITS);
    this.budget = budget;
    try {
      return await runAsync(this.script(sys, script, { stdin: new Input(io.stdin ?? ''), out: counted(io.out, budget), err: counted(io.err, budget) }));
    } catch (e) {
      return this.killed(e, io.err);
    } finally {
      this.budget = undefined;
    }
  }

  /** A synchronous top-level run with a fresh budget (or the budget of the run this one is nested in). */
  private guarded(sys: System, err: Sink, body: (budget: Budget) => number): number {
    const outer = this.budget;
    const budget = outer ?? new Budget(sys.limits ?? CONTAINER_LIMITS);
    this.budget = budget;
    try {
      return body(budget);
    } catch (e) {
      if (outer) throw e;
      return this.killed(e, err);
    } finally {
      this.budget = outer;
    }
  }

  /** A program ended by its budget (or by running out of JavaScript memory): the shell is gone. */
  private killed(e: unknown, err: Sink): number {
    const k = asKilled(e);
    if (!k) throw e;
    err.write(k.message + '\n');
    this.exited = k.exitCode;
    this.lastExit = k.exitCode;
    return k.exitCode;
  }

  // ---------------------------------------------------------------------------------------------------
  // Scripts, lists, pipelines

  /** The prefix of the shell's own error messages. */
  prefix(): string {
    return this.flavor === 'bash' ? `${this.name}: ` : this.flavor === 'dash' ? `${this.name}: ${this.lineNo}: ` : `${this.name}: `;
  }

  /** Parse and run a script text. */
  *script(sys: System, text: string, io: ShellIo): Gen<number> {
    this.lineNo++;
    let parsed: Script;
    try {
      parsed = parseScript(text);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.err.write(this.syntaxMessage(e));
      sys.unsupported?.(`a shell syntax error: ${e.message}`);
      this.lastExit = 2;
      return 2;
    }
    try {
      return yield* this.list(sys, parsed, io);
    } catch (e) {
      // Expansion errors ($((1/0)), ${X:?}) end the script as the shell does.
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.err.write(`${this.prefix()}${e.message}\n`);
      this.lastExit = 2;
      return 2;
    }
  }

  private syntaxMessage(e: ShellSyntaxError): string {
    const unterminated = /Unterminated/.test(e.message);
    if (this.flavor === 'bash') return `${this.name}: -c: line ${this.lineNo}: ${unterminated ? 'unexpected EOF while looking for matching quote' : e.message}\n`;
    if (this.flavor === 'dash') return `${this.name}: ${this.lineNo}: ${unterminated ? 'Syntax error: Unterminated quoted string' : e.message}\n`;
    return `${this.name}: ${unterminated ? 'syntax error: unterminated quoted string' : e.message}\n`;
  }

  /** Is the shell unwinding (exit, return, break, continue)? */
  private unwinding(): boolean {
    return this.exited !== null || this.returning !== null || this.breaking > 0 || this.continuing > 0;
  }

  /** Run a list; stops early when `exit`, `return`, `break` or `continue` ran. */
  *list(sys: System, s: Script, io: ShellIo): Gen<number> {
    for (let n = 0; n < s.items.length; n++) {
      const item = s.items[n]!;
      if (this.unwinding()) break;
      if (item.connector === '&&' && this.lastExit !== 0) continue;
      if (item.connector === '||' && this.lastExit === 0) continue;
      if (item.connector === ';' && this.jobs) {
        // `a && b &` puts the whole and-or list in the background.
        let end = n;
        while (s.items[end + 1] && s.items[end + 1]!.connector !== ';') end++;
        if (s.items[end]!.background) {
          this.background(sys, { items: s.items.slice(n, end + 1).map((it, k) => ({ ...it, background: false, connector: k ? it.connector : ';' })) }, io);
          this.lastExit = 0;
          n = end;
          continue;
        }
      }
      // In `a && b || c` only the last command's failure can trigger `set -e`.
      const next = s.items[n + 1];
      const guarded = next !== undefined && next.connector !== ';';
      if (guarded || item.connector !== ';') this.conditional++;
      let code: number;
      try {
        code = yield* this.pipeline(sys, item.pipeline, io);
      } finally {
        if (guarded || item.connector !== ';') this.conditional--;
      }
      this.lastExit = code;
      if (this.options.errexit && code !== 0 && !guarded && !this.conditional && !item.pipeline.negate && this.exited === null) this.exited = code;
    }
    return this.exited ?? this.lastExit;
  }

  /** `LIST &`: a job that runs on while the next lines run. */
  private background(sys: System, list: Script, io: ShellIo): void {
    const jobs = this.jobs!;
    const controller = new AbortController();
    const sub = this.subshell();
    sub.signal = controller.signal;
    const budget = new Budget(sys.limits ?? CONTAINER_LIMITS);
    sub.budget = budget;
    const terminal = this.terminal ?? { out: io.out, err: io.err };
    const out = counted(terminal.out, budget);
    const err = counted(terminal.err, budget);
    jobs.add(
      listText(list),
      controller,
      (job) => io.err.write(`[${job.id}] ${job.pid}\n`),
      () => runAsync(sub.list(sys, list, { stdin: new Input(''), out, err })).catch((e) => sub.killed(e, terminal.err)),
    );
  }

  *pipeline(sys: System, p: Script['items'][number]['pipeline'], io: ShellIo): Gen<number> {
    const codes: number[] = [];
    let input = io.stdin;
    for (let k = 0; k < p.commands.length; k++) {
      const last = k === p.commands.length - 1;
      const out = last ? io.out : new TextSink(this.budget);
      codes.push(yield* this.command(sys, p.commands[k]!, { stdin: input, out, err: io.err }));
      if (!last) input = new Input((out as TextSink).text);
      if (this.exited !== null) break;
    }
    let code = codes[codes.length - 1]!;
    // pipefail: the rightmost command that failed decides (`kubectl get po | grep nope` fails).
    if (this.options.pipefail) code = [...codes].reverse().find((c) => c !== 0) ?? 0;
    if (p.negate) code = code === 0 ? 1 : 0;
    return code;
  }

  *command(sys: System, cmd: Command, io: ShellIo): Gen<number> {
    try {
      if (cmd.kind) return yield* this.redirected(sys, cmd.redirects, io, (rio) => this.compound(sys, cmd, rio));
      return yield* this.simple(sys, cmd, io);
    } catch (e) {
      // A confined host refused a path (cd, a redirection, a script file): that command fails, the shell goes on.
      if (!isHostAccessError(e)) throw e;
      io.err.write(`${this.prefix()}${(e as Error).message}\n`);
      return 1;
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Compound commands

  private *compound(sys: System, cmd: CompoundCommand, io: ShellIo): Gen<number> {
    switch (cmd.kind) {
      case 'for': {
        const items = cmd.words ? yield* this.expandWords(sys, cmd.words, io) : [...this.positional];
        let code = 0;
        for (const item of items) {
          this.budget!.step();
          this.setVar(cmd.name, item);
          code = yield* this.list(sys, cmd.body, io);
          if (this.loopControl()) break;
        }
        return code;
      }
      case 'while': {
        let code = 0;
        for (;;) {
          this.budget!.step();
          const c = yield* this.condition(sys, cmd.cond, io);
          if (this.unwinding()) {
            if (this.loopControl()) break;
            continue;
          }
          if ((c === 0) === cmd.until) break;
          code = yield* this.list(sys, cmd.body, io);
          if (this.loopControl()) break;
        }
        return code;
      }
      case 'if': {
        for (const b of cmd.branches) {
          const c = yield* this.condition(sys, b.cond, io);
          if (this.unwinding()) return c;
          if (c === 0) return yield* this.list(sys, b.body, io);
        }
        return cmd.elseBody ? yield* this.list(sys, cmd.elseBody, io) : 0;
      }
      case 'group': {
        if (!cmd.subshell) return yield* this.list(sys, cmd.body, io);
        const sub = this.subshell();
        this.budget!.enter(this.prefix());
        try {
          return yield* sub.list(sys, cmd.body, io);
        } finally {
          this.budget!.leave();
        }
      }
      case 'function':
        this.functions.set(cmd.name, cmd.body);
        return 0;
    }
  }

  /** An `if`/`while` condition: `set -e` does not apply inside it. */
  private *condition(sys: System, cond: Script, io: ShellIo): Gen<number> {
    this.conditional++;
    try {
      return yield* this.list(sys, cond, io);
    } finally {
      this.conditional--;
    }
  }

  /** After a loop round: consume a pending `break`/`continue`; true when the loop must end. */
  private loopControl(): boolean {
    if (this.breaking > 0) {
      this.breaking--;
      return true;
    }
    if (this.continuing > 0) {
      this.continuing--;
      // `continue 2` ends this loop and continues the enclosing one.
      return this.continuing > 0;
    }
    return this.exited !== null || this.returning !== null;
  }

  // ---------------------------------------------------------------------------------------------------
  // Simple commands, redirections

  private *simple(sys: System, cmd: SimpleCommand, io: ShellIo): Gen<number> {
    this.budget!.step();
    const assigns: Record<string, string> = {};
    let k = 0;
    this.substExit = null;
    for (; k < cmd.words.length; k++) {
      const w = cmd.words[k]!;
      const first = w[0];
      if (!first || !('lit' in first) || first.quoted) break;
      const m = ASSIGNMENT.exec(first.lit);
      if (!m) break;
      const valueWord: Word = [{ lit: first.lit.slice(m[0].length), quoted: false }, ...w.slice(1)];
      const value = (yield* this.expandWord(sys, valueWord, io)).map((p) => p.text).join('');
      assigns[m[1]!] = m[2] ? (this.vars[m[1]!] ?? '') + value : value;
    }
    const rest = cmd.words.slice(k);
    const first = rest[0]?.[0];
    // Inside `[[ ]]` words are not split (`[[ $x == "a b" ]]` compares whole values).
    let words =
      first && 'lit' in first && !first.quoted && first.lit === '[[' && rest[0]!.length === 1
        ? yield* this.expandUnsplit(sys, rest, io)
        : yield* this.expandWords(sys, rest, io);
    // An alias is replaced by its text (only a plain, unquoted command word).
    const head = cmd.words[k]?.[0];
    if (words.length && this.aliases.has(words[0]!) && cmd.words[k]!.length === 1 && head && 'lit' in head && !head.quoted) {
      words = [...this.aliases.get(words[0]!)!.split(/\s+/).filter(Boolean), ...words.slice(1)];
    }
    if (this.options.xtrace) io.err.write(`+ ${[...Object.entries(assigns).map(([n, v]) => `${n}=${v}`), ...words].join(' ')}\n`);
    if (!words.length) {
      for (const [n, v] of Object.entries(assigns)) this.setVar(n, v);
      const status = this.substExit ?? 0;
      return yield* this.redirected(sys, cmd.redirects, io, function* () {
        return status;
      });
    }
    return yield* this.redirected(sys, cmd.redirects, io, (rio) => this.exec(sys, words, rio, assigns));
  }

  /**
   * Apply redirections left to right (so `> f 2>&1` and `2>&1 > f` differ as in a shell), run `body`, then
   * write the files it produced. A file that cannot be opened fails the command without running it.
   */
  private *redirected(sys: System, redirects: Redirect[], io: ShellIo, body: (io: ShellIo) => Gen<number>): Gen<number> {
    if (!redirects.length) return yield* body(io);
    const fds: Record<number, Sink> = { 1: io.out, 2: io.err };
    let stdin = io.stdin;
    const files: { path: string; shown: string; sink: FileSink; append: boolean }[] = [];
    for (const r of redirects) {
      if (r.op === '<<') {
        stdin = new Input((yield* this.expandWord(sys, r.heredoc ?? [], io)).map((p) => p.text).join(''));
        continue;
      }
      const target = (yield* this.expandWord(sys, r.target, io)).map((p) => p.text).join('');
      if (r.op === '<<<') {
        if (r.fd === 0) stdin = new Input(target + '\n');
        continue;
      }
      if (r.op === '<') {
        const text = sys.fs.read(resolvePath(this.cwd, target));
        if (text === undefined) {
          io.err.write(this.flavor === 'bash' ? `${this.prefix()}${target}: No such file or directory\n` : `${this.prefix()}can't open ${target}: no such file\n`);
          return 1;
        }
        if (r.fd === 0) stdin = new Input(text);
        continue;
      }
      if (r.op === '>&') {
        if (target === '-') fds[r.fd] = NULL_SINK;
        else if (/^\d+$/.test(target)) fds[r.fd] = fds[Number(target)] ?? NULL_SINK;
        continue;
      }
      if (target === '/dev/null') fds[r.fd] = NULL_SINK;
      else if (target === '/dev/stdout') fds[r.fd] = io.out;
      else if (target === '/dev/stderr') fds[r.fd] = io.err;
      else {
        const path = resolvePath(this.cwd, target);
        const dir = path.slice(0, path.lastIndexOf('/')) || '/';
        const isDir = sys.fs.isDir(path);
        if (isDir || !sys.fs.isDir(dir)) {
          const why = isDir ? 'Is a directory' : this.flavor === 'bash' ? 'No such file or directory' : 'nonexistent directory';
          io.err.write(this.flavor === 'bash' ? `${this.prefix()}${target}: ${why}\n` : `${this.prefix()}can't create ${target}: ${why}\n`);
          return 1;
        }
        const sink = new FileSink(this.budget!.limits.outputBytes);
        const append = r.op === '>>';
        // `>` truncates (or creates) the file when it is opened, before the command runs.
        if (!append) {
          try {
            sys.fs.write(path, '');
          } catch (e) {
            if (!(e instanceof NoSpaceError)) throw e;
          }
        }
        files.push({ path, shown: target, sink, append });
        fds[r.fd] = sink;
      }
    }
    let code = yield* body({ stdin, out: fds[1] ?? NULL_SINK, err: fds[2] ?? NULL_SINK });
    for (const f of files) {
      try {
        if (f.append) sys.fs.append(f.path, f.sink.text);
        else sys.fs.write(f.path, f.sink.text);
        if (f.sink.overflow) throw new NoSpaceError(f.path);
      } catch (e) {
        if (!(e instanceof NoSpaceError)) throw e;
        io.err.write(`${this.prefix()}write error: No space left on device\n`);
        code = 1;
      }
    }
    return code;
  }

  // ---------------------------------------------------------------------------------------------------
  // Running a command

  /** Run one expanded command: a builtin, a function, a nested shell or a program of the system. */
  *exec(sys: System, words: string[], io: ShellIo, assigns: Record<string, string>): Gen<number> {
    const [cmd, ...args] = words as [string, ...string[]];
    const builtin: Builtin | undefined = Object.hasOwn(BUILTINS, cmd) ? BUILTINS[cmd] : undefined;
    if (builtin && builtin.available(this)) return yield* builtin.run(this, sys, args, io, assigns);
    const fn = this.functions.get(cmd);
    if (fn) return yield* this.callFunction(sys, fn, args, io);
    const name = programName(sys, cmd);
    if (!name) return this.notFound(sys, cmd, io);
    const own = sys.programs && Object.hasOwn(sys.programs, name) ? sys.programs[name] : undefined;
    if (!own && SHELLS.has(name)) return yield* this.nestedShell(sys, name, args, io, this.environ(assigns));
    const interpreted = !own && Object.hasOwn(INTERPRETED, name) ? INTERPRETED[name] : undefined;
    if (interpreted) return yield* interpreted(this, sys, args, io, assigns);
    const program = own ?? (Object.hasOwn(programs, name) ? programs[name] : undefined);
    if (!program) {
      io.err.write(`${name}: this simulated program is not available\n`);
      sys.unsupported?.(`the program "${name}" is not simulated`);
      return 126;
    }
    return yield* this.callProgram(sys, name, program, args, io, assigns);
  }

  /** Call a program; its errors become what a real process would show (or a kill when memory runs out). */
  *callProgram(sys: System, name: string, program: Program, args: string[], io: ShellIo, assigns: Record<string, string>): Gen<number> {
    const ctx: ProgramCtx = { sys, stdin: io.stdin.rest(), cwd: this.cwd, vars: this.environ(assigns), stdout: io.out, stderr: io.err, signal: this.signal, budget: this.budget };
    let r: ExecResult;
    try {
      r = yield* settle(program(args, ctx));
    } catch (e) {
      if (e instanceof NoSpaceError) {
        io.err.write(`${name}: write error: No space left on device\n`);
        return 1;
      }
      if (isHostAccessError(e)) {
        io.err.write(`${name}: ${(e as Error).message}\n`);
        return 1;
      }
      const k = asKilled(e);
      if (k) throw k;
      throw e;
    }
    io.out.write(r.stdout);
    io.err.write(r.stderr);
    return r.exitCode;
  }

  /** A function call: its own positional parameters, `return` ends it. */
  private *callFunction(sys: System, body: Command, args: string[], io: ShellIo): Gen<number> {
    const budget = this.budget!;
    budget.enter(this.prefix());
    const saved = this.positional;
    this.positional = args;
    try {
      let code = yield* this.command(sys, body, io);
      if (this.returning !== null) {
        code = this.returning;
        this.returning = null;
      }
      return code;
    } finally {
      this.positional = saved;
      budget.leave();
    }
  }

  /** `sh -c SCRIPT`, `sh FILE`, `sh` reading its script from stdin: a new shell process. */
  *nestedShell(sys: System, name: string, args: string[], io: ShellIo, vars: Record<string, string>): Gen<number> {
    const sh = new Shell(flavorOf(sys, name), vars, name);
    sh.cwd = this.cwd;
    sh.budget = this.budget;
    sh.jobs = undefined;
    sh.signal = this.signal;
    const budget = this.budget!;
    budget.enter(this.prefix());
    try {
      const c = args.indexOf('-c');
      if (c >= 0) {
        const script = args[c + 1];
        if (script === undefined) {
          io.err.write(name === 'bash' ? 'bash: -c: option requires an argument\n' : `${name}: -c requires an argument\n`);
          return 2;
        }
        sh.arg0 = args[c + 2];
        sh.positional = args.slice(c + 3);
        return yield* sh.script(sys, script, io);
      }
      const file = args.find((a) => !a.startsWith('-'));
      if (file) {
        const text = sys.fs.read(resolvePath(this.cwd, file));
        if (text === undefined) {
          io.err.write(`${name}: can't open '${file}': No such file or directory\n`);
          return 2;
        }
        sh.arg0 = file;
        sh.positional = args.slice(args.indexOf(file) + 1);
        return yield* sh.script(sys, text, io);
      }
      const text = io.stdin.rest();
      io.stdin.pos = io.stdin.text.length;
      return yield* sh.script(sys, text, { ...io, stdin: new Input('') });
    } finally {
      budget.leave();
    }
  }

  notFound(sys: System, cmd: string, io: ShellIo): number {
    sys.unsupported?.(`"${cmd}" is not a program of kube-sim's simulated host`);
    if (this.name === 'zsh') io.err.write(`zsh: command not found: ${cmd}\n`);
    else if (this.flavor === 'bash') io.err.write(`${this.name}: ${cmd}: command not found\n`);
    else if (this.flavor === 'dash') io.err.write(`${this.name}: ${this.lineNo}: ${cmd}: not found\n`);
    else io.err.write(`${this.name}: ${cmd}: not found\n`);
    return 127;
  }

  // ---------------------------------------------------------------------------------------------------
  // Variables and expansion

  /** A copy of this shell for `( ... )`, `$(...)` and background jobs. */
  subshell(): Shell {
    const sub = new Shell(this.flavor, this.vars, this.name, this.exported);
    sub.cwd = this.cwd;
    sub.lastExit = this.lastExit;
    sub.lineNo = this.lineNo;
    sub.functions = new Map(this.functions);
    sub.aliases = new Map(this.aliases);
    sub.positional = [...this.positional];
    Object.assign(sub.options, this.options);
    sub.budget = this.budget;
    sub.signal = this.signal;
    sub.terminal = this.terminal;
    return sub;
  }

  /** The environment a program gets: exported variables and the command's assignments. */
  environ(assigns: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const n of this.exported) if (Object.hasOwn(this.vars, n)) env[n] = this.vars[n]!;
    return Object.assign(env, assigns);
  }

  setVar(name: string, value: string): void {
    this.vars[name] = value;
    let total = 0;
    for (const v of Object.values(this.vars)) total += v.length;
    this.budget?.variables(total);
  }

  lookup(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.lastExit);
      case '$':
        return '1';
      case '!':
        return '';
      case '#':
        return String(this.positional.length);
      case '0':
        return this.arg0 ?? this.name;
      case '@':
      case '*':
        return this.positional.join(' ');
    }
    if (/^[1-9][0-9]*$/.test(name)) return this.positional[Number(name) - 1];
    return Object.hasOwn(this.vars, name) ? this.vars[name] : undefined;
  }

  /** Expand words into fields. */
  *expandWords(sys: System, words: Word[], io: ShellIo): Gen<string[]> {
    const out: string[] = [];
    for (const w of words) out.push(...splitPieces(yield* this.expandWord(sys, w, io)));
    return out;
  }

  /** Expand words without field splitting (one field per word). */
  private *expandUnsplit(sys: System, words: Word[], io: ShellIo): Gen<string[]> {
    const out: string[] = [];
    for (const w of words) out.push((yield* this.expandWord(sys, w, io)).map((p) => p.text).join(''));
    return out;
  }

  /** Expand one word into its pieces (splitting is left to the caller). */
  *expandWord(sys: System, w: Word, io: ShellIo): Gen<Piece[]> {
    const pieces: Piece[] = [];
    for (let k = 0; k < w.length; k++) {
      const p = w[k]!;
      if ('lit' in p) {
        // `~` at the start of an unquoted word is $HOME.
        const text = k === 0 && !p.quoted && (p.lit === '~' || p.lit.startsWith('~/')) ? (this.lookup('HOME') ?? '~') + p.lit.slice(1) : p.lit;
        pieces.push({ text, quoted: p.quoted, expanded: false });
      } else if ('variable' in p) {
        if (p.quoted && p.variable === '@' && !p.op) {
          pieces.push({ text: '', quoted: true, expanded: true, fields: [...this.positional] });
          continue;
        }
        let value = this.lookup(p.variable);
        if (p.op) {
          const arg = p.arg === undefined || p.op === 'len' ? '' : (yield* this.expandWord(sys, argWord(p.arg), io)).map((x) => x.text).join('');
          const r = applyParamOp(p.op, value, arg, (msg) => {
            throw new ShellSyntaxError(`${p.variable}: ${msg}`);
          });
          if (r.assign !== undefined) this.setVar(p.variable, r.assign);
          value = r.text;
        } else if (value === undefined && this.options.nounset && !/^[?$#0@*!]$/.test(p.variable)) {
          throw new ShellSyntaxError(`${p.variable}: parameter not set`);
        }
        pieces.push({ text: value ?? '', quoted: p.quoted, expanded: true });
      } else if ('arith' in p) {
        // `$VAR` and `$(...)` inside `$((...))` expand first; bare names are looked up by the evaluator.
        const expr = p.arith.includes('$') || p.arith.includes('`') ? (yield* this.expandWord(sys, heredocWord(p.arith), io)).map((x) => x.text).join('') : p.arith;
        pieces.push({ text: arithmetic(expr, (n) => this.lookup(n)), quoted: p.quoted, expanded: true });
      } else {
        const text = yield* this.substitute(sys, p.subst, io);
        pieces.push({ text: text.replace(/\n+$/, ''), quoted: p.quoted, expanded: true });
      }
    }
    return pieces;
  }

  /** `$(...)`: run in a subshell, its stdout is the value; stderr passes through. */
  private *substitute(sys: System, script: string, io: ShellIo): Gen<string> {
    const budget = this.budget!;
    budget.enter(this.prefix());
    try {
      const sub = this.subshell();
      sub.jobs = undefined;
      const out = new TextSink(budget);
      const code = yield* sub.script(sys, script, { stdin: new Input(''), out, err: io.err });
      this.substExit = code;
      this.lastExit = code;
      return out.text;
    } finally {
      budget.leave();
    }
  }
}

/** The text of a `${NAME op ARG}` argument as a word (it is expanded like a double-quoted string). */
function argWord(arg: string): Word {
  // Quotes inside the argument group text; `$` forms expand. A light reading is enough for tutorials.
  const parts: Word = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*|[0-9?#@])|'([^']*)'|"([^"]*)"|([^$'"]+|\$)/g;
  for (const m of arg.matchAll(re)) {
    if (m[1] ?? m[2]) parts.push({ variable: (m[1] ?? m[2])!, quoted: true });
    else if (m[3] !== undefined) parts.push({ lit: m[3], quoted: true });
    else if (m[4] !== undefined) parts.push(...argWord(m[4]));
    else parts.push({ lit: m[5]!, quoted: true });
  }
  return parts;
}

/** A background list as typed, near enough (for `jobs` and job notices). */
function listText(list: Script): string {
  const word = (w: Word) => w.map((x) => ('lit' in x ? x.lit : 'variable' in x ? `$${x.variable}` : 'subst' in x ? `$(${x.subst})` : `$((${x.arith}))`)).join('');
  const pipeline = (p: Script['items'][number]['pipeline']) => `${p.negate ? '! ' : ''}${p.commands.map((c) => (c.kind ? c.kind : c.words.map(word).join(' '))).join(' | ')}`;
  return list.items.map((it, k) => (k ? ` ${it.connector} ` : '') + pipeline(it.pipeline)).join('');
}

/** A budget kill, or a JavaScript resource error that means the same (string too long, stack exhausted). */
export function asKilled(e: unknown): ProgramKilled | undefined {
  if (e instanceof ProgramKilled) return e;
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return new ProgramKilled(137, 'kube-sim: program killed: nesting too deep (the call stack of the simulation ran out)');
    return outOfMemory('a value grew past what the simulation can hold');
  }
  if (e instanceof AsyncInSyncError) return new ProgramKilled(126, `kube-sim: ${e.message}`);
  return undefined;
}

/** Errors of a confined host filesystem (a walkthrough reaching outside its directory) carry this name. */
function isHostAccessError(e: unknown): boolean {
  return e instanceof Error && e.name === 'HostAccessError';
}

/** Programs the interpreter itself runs because they run other commands (xargs, env CMD). */
type Interpreted = (sh: Shell, sys: System, args: string[], io: ShellIo, assigns: Record<string, string>) => Gen<number>;

const INTERPRETED: Record<string, Interpreted> = {
  make,

  /** `env [-i] [NAME=VALUE...] [CMD ARGS...]`: without a command it is the plain program. */
  *env(sh, sys, args, io, assigns) {
    let k = 0;
    let clear = false;
    const extra: Record<string, string> = {};
    for (; k < args.length; k++) {
      const a = args[k]!;
      if (a === '-i' || a === '-') clear = true;
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) extra[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
      else break;
    }
    const env = { ...(clear ? {} : sh.environ(assigns)), ...extra };
    if (k >= args.length) {
      io.out.write(Object.entries(env).map(([n, v]) => `${n}=${v}\n`).join(''));
      return 0;
    }
    const sub = new Shell(sh.flavor, env, sh.name);
    sub.cwd = sh.cwd;
    sub.budget = sh.budget;
    sub.signal = sh.signal;
    return yield* sub.exec(sys, args.slice(k), io, {});
  },

  /**
   * `chroot DIR [CMD ARGS...]` (GNU coreutils'): CMD, else `/bin/sh -i`, with DIR as the root. Only a
   * node's root mounted in the pod (`kubectl debug node/NAME`'s /host) has programs to run: there they
   * are the node's (chrootSystem); any other directory has none, as an empty one would.
   */
  *chroot(sh, sys, args, io, assigns) {
    const [dir, ...cmd] = args;
    if (dir === undefined) {
      io.err.write("chroot: missing operand\nTry 'chroot --help' for more information.\n");
      return 125;
    }
    const root = resolvePath(sh.cwd, dir);
    if (!sys.fs.isDir(root)) {
      io.err.write(`chroot: cannot change root directory to '${dir}': No such file or directory\n`);
      return 125;
    }
    const argv = cmd.length ? cmd : ['/bin/sh', '-i'];
    const inner = root === '/' ? sys : chrootSystem(sys, root);
    if (!inner || !programName(inner, argv[0]!)) {
      io.err.write(`chroot: failed to run command '${argv[0]}': No such file or directory\n`);
      return 127;
    }
    const sub = new Shell(flavorOf(inner, 'sh'), sh.environ(assigns), sh.name);
    sub.budget = sh.budget;
    sub.signal = sh.signal;
    return yield* sub.exec(inner, argv, io, {});
  },

  /** `xargs [-n N] [-I R] [-r] [-t] CMD...`: run CMD with the words of stdin as arguments. */
  *xargs(sh, sys, args, io, assigns) {
    let k = 0;
    let per = Infinity;
    let replace: string | undefined;
    let trace = false;
    let lines = false;
    for (; k < args.length && args[k]!.startsWith('-'); k++) {
      const a = args[k]!;
      if (a === '-n') per = Number(args[++k]);
      else if (/^-n\d+$/.test(a)) per = Number(a.slice(2));
      else if (a === '-I') replace = args[++k];
      else if (a.startsWith('-I')) replace = a.slice(2);
      else if (a === '-L' || a === '-l') ((lines = true), k++);
      else if (a === '-r' || a === '--no-run-if-empty') continue;
      else if (a === '-t') trace = true;
      else if (a === '--') {
        k++;
        break;
      } else {
        io.err.write(`xargs: unrecognized option '${a}'\n`);
        sys.unsupported?.(`xargs ${a} is not simulated`);
        return 1;
      }
    }
    const command = args.slice(k).length ? args.slice(k) : ['echo'];
    const text = io.stdin.rest();
    const items = replace !== undefined || lines ? text.split('\n').filter((l) => l.trim()) : text.split(/\s+/).filter(Boolean);
    if (!items.length) return 0;
    const batches: string[][] = [];
    if (replace !== undefined) for (const it of items) batches.push(command.map((c) => c.split(replace!).join(it)));
    else {
      const n = Number.isFinite(per) && per > 0 ? per : items.length;
      for (let i = 0; i < items.length; i += n) batches.push([...command, ...items.slice(i, i + n)]);
    }
    let status = 0;
    for (const argv of batches) {
      sh.budget!.step();
      if (trace) io.err.write(argv.join(' ') + '\n');
      const code = yield* sh.exec(sys, argv, { ...io, stdin: new Input('') }, assigns);
      if (code === 255) return 124;
      if (code !== 0) status = code >= 1 && code <= 125 ? 123 : code;
    }
    return status;
  },
};

/** `sh -c`, `sh FILE`, `sh` with a stdin script, as a separate process (synchronous: containers). */
export function runShellProgram(sys: System, name: string, args: string[], stdin: string, vars: Record<string, string>, cwd = '/'): ExecResult {
  const sh = new Shell(flavorOf(sys, name), vars, name);
  sh.cwd = cwd;
  return sh.runArgv(sys, [name, ...args], stdin);
}

/** Run argv directly (no shell), as the container runtime's exec does. `null` when the binary is missing. */
export function execDirect(sys: System, argv: string[], stdin: string, cwd = '/'): ExecResult | null {
  const [cmd] = argv;
  if (!cmd) return null;
  const name = programName(sys, cmd);
  if (!name) return null;
  const sh = new Shell(flavorOf(sys, 'sh'), sys.vars);
  sh.cwd = cwd;
  return sh.runArgv(sys, [name, ...argv.slice(1)], stdin);
}
