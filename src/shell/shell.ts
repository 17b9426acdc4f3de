/**
 * The interpreter of the simulated shell: runs a parsed script against a System (a container, a node,
 * the host), with builtins (cd, exit, export, echo, pwd, :, exec), pipes, redirections into the
 * simulated filesystem and the image's programs. A program the image lacks fails as the shell says it.
 */
import { expandFields, expandWord, parseScript, ShellSyntaxError, type Command, type CompoundCommand, type Script, type SimpleCommand } from './parse.js';
import { resolvePath } from './fs.js';
import { result, type ExecResult, type Program, type ProgramCtx, type System } from './types.js';
import { echo } from './programs/core.js';
import { PROGRAMS } from './programs/index.js';

/** Which shell is interpreting: BusyBox ash, bash, or Debian's dash as /bin/sh. */
export type ShellFlavor = 'ash' | 'bash' | 'dash';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

const programs: Record<string, Program> = Object.fromEntries(PROGRAMS.map((p) => [p.name, p.run]));

/** The flavour a shell name gets on this image (sh is ash on BusyBox, dash on Debian). */
export function flavorOf(sys: System, name: string): ShellFlavor {
  if (name === 'bash') return 'bash';
  if (name === 'ash' || sys.image.family === 'busybox') return 'ash';
  return 'dash';
}

/** The program name a path or name refers to, if the image has it. */
export function programName(sys: System, word: string): string | undefined {
  const base = word.includes('/') ? word.slice(word.lastIndexOf('/') + 1) : word;
  if (word.includes('/') && !/^\/(usr\/)?(local\/)?s?bin\/[^/]+$/.test(word) && !sys.image.paths?.has(word)) return undefined;
  return sys.image.programs.has(base) ? base : undefined;
}

export class Shell {
  cwd = '/';
  lastExit = 0;
  /** Set by `exit`: the shell stops. */
  exited: number | null = null;
  readonly vars: Record<string, string>;
  private lineNo = 0;

  constructor(
    readonly flavor: ShellFlavor,
    vars: Record<string, string>,
    readonly name = flavor === 'bash' ? 'bash' : 'sh',
  ) {
    this.vars = { ...vars };
  }

  private lookup = (name: string): string | undefined => {
    if (name === '?') return String(this.lastExit);
    if (name === '$') return '1';
    if (name === '#') return '0';
    if (name === '0') return this.name;
    return this.vars[name];
  };

  /** Run a script text; returns the combined output and the last exit code. */
  run(sys: System, script: string, stdin = ''): ExecResult {
    this.lineNo++;
    let parsed;
    try {
      parsed = parseScript(script);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      const unterminated = /Unterminated/.test(e.message);
      const msg =
        this.flavor === 'bash'
          ? `bash: -c: line ${this.lineNo}: ${unterminated ? 'unexpected EOF while looking for matching quote' : e.message}\n`
          : this.flavor === 'dash'
            ? `sh: ${this.lineNo}: ${unterminated ? 'Syntax error: Unterminated quoted string' : e.message}\n`
            : `sh: ${unterminated ? 'syntax error: unterminated quoted string' : e.message}\n`;
      this.lastExit = 2;
      return result('', msg, 2);
    }
    try {
      return this.runParsed(sys, parsed, stdin);
    } catch (e) {
      // Expansion errors ($((1/0))) end the script as the shell does.
      if (!(e instanceof ShellSyntaxError)) throw e;
      this.lastExit = 2;
      return result('', `${this.prefix()}${e.message}\n`, 2);
    }
  }

  /** Run a parsed list; stops early when `exit` ran. */
  runParsed(sys: System, parsed: Script, stdin: string): ExecResult {
    let stdout = '';
    let stderr = '';
    for (const item of parsed.items) {
      if (this.exited !== null) break;
      if (item.connector === '&&' && this.lastExit !== 0) continue;
      if (item.connector === '||' && this.lastExit === 0) continue;
      let input = stdin;
      let code = 0;
      let out = '';
      for (const cmd of item.pipeline.commands) {
        const r = this.runCommand(sys, cmd, input);
        stderr += r.stderr;
        out = r.stdout;
        input = r.stdout;
        code = r.exitCode;
        if (this.exited !== null) break;
      }
      stdout += out;
      this.lastExit = code;
    }
    return result(stdout, stderr, this.exited ?? this.lastExit);
  }

  /** `$(...)`: run in a subshell (a copy of the variables), its stdout is the value; stderr passes through. */
  private substitute(sys: System, script: string): string {
    const sub = new Shell(this.flavor, this.vars, this.name);
    sub.cwd = this.cwd;
    sub.lastExit = this.lastExit;
    const r = sub.run(sys, script);
    this.pendingErr += r.stderr;
    this.lastExit = r.exitCode;
    return r.stdout;
  }

  private pendingErr = '';

  private expand(sys: System, words: SimpleCommand['words']): string[] {
    return words.flatMap((w) => expandFields(w, this.lookup, (script) => this.substitute(sys, script)));
  }

  /** Loops stop after this many rounds: there is no Ctrl-C in the simulation. */
  static readonly MAX_LOOP = 1000;

  private runCompound(sys: System, cmd: CompoundCommand, stdin: string): ExecResult {
    let stdout = '';
    let stderr = '';
    let code = 0;
    const add = (r: ExecResult) => {
      stdout += r.stdout;
      stderr += r.stderr;
      code = r.exitCode;
    };
    if (cmd.kind === 'for') {
      const items = cmd.words ? this.expand(sys, cmd.words) : [];
      for (const item of items) {
        if (this.exited !== null) break;
        this.vars[cmd.name] = item;
        add(this.runParsed(sys, cmd.body, stdin));
      }
    } else if (cmd.kind === 'while') {
      for (let round = 0; round < Shell.MAX_LOOP && this.exited === null; round++) {
        const c = this.runParsed(sys, cmd.cond, stdin);
        stdout += c.stdout;
        stderr += c.stderr;
        if ((c.exitCode === 0) === cmd.until) break;
        add(this.runParsed(sys, cmd.body, stdin));
      }
    } else {
      let ran = false;
      for (const b of cmd.branches) {
        const c = this.runParsed(sys, b.cond, stdin);
        stdout += c.stdout;
        stderr += c.stderr;
        if (c.exitCode === 0) {
          add(this.runParsed(sys, b.body, stdin));
          ran = true;
          break;
        }
      }
      if (!ran && cmd.elseBody) add(this.runParsed(sys, cmd.elseBody, stdin));
      else if (!ran) code = 0;
    }
    return this.redirect(sys, cmd, result(stdout, stderr, this.exited ?? code));
  }

  private notFound(cmd: string): ExecResult {
    if (this.flavor === 'bash') return result('', `bash: ${cmd}: command not found\n`, 127);
    if (this.flavor === 'dash') return result('', `sh: ${this.lineNo}: ${cmd}: not found\n`, 127);
    return result('', `sh: ${cmd}: not found\n`, 127);
  }

  private runCommand(sys: System, cmd: Command, stdin: string): ExecResult {
    if (cmd.kind) return this.runCompound(sys, cmd, stdin);
    this.pendingErr = '';
    const words = this.expand(sys, cmd.words);
    const substErr = this.pendingErr;
    this.pendingErr = '';
    const r = this.runSimple(sys, cmd, words, stdin);
    return substErr ? result(r.stdout, substErr + r.stderr, r.exitCode) : r;
  }

  private runSimple(sys: System, cmd: SimpleCommand, words: string[], stdin: string): ExecResult {
    const assigns: Record<string, string> = {};
    while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
      const w = words.shift()!;
      assigns[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    }
    if (!words.length) {
      Object.assign(this.vars, assigns);
      return result();
    }
    // Redirections: input first, then the command, then where its output goes.
    let input = stdin;
    for (const r of cmd.redirects) {
      if (r.op !== '<') continue;
      const target = expandWord(r.target, this.lookup, (sc) => this.substitute(sys, sc)) ?? '';
      const text = sys.fs.read(resolvePath(this.cwd, target));
      if (text === undefined) return result('', `${this.prefix()}can't open ${target}: no such file\n`, 1);
      input = text;
    }
    const out = this.exec(sys, words, input, assigns);
    return this.redirect(sys, cmd, out);
  }

  private prefix(): string {
    return this.flavor === 'bash' ? 'bash: ' : this.flavor === 'dash' ? `sh: ${this.lineNo}: ` : 'sh: ';
  }

  private redirect(sys: System, cmd: Command, r: ExecResult): ExecResult {
    let { stdout, stderr } = r;
    for (const red of cmd.redirects) {
      if (red.op === '<') continue;
      const target = expandWord(red.target, this.lookup, (sc) => this.substitute(sys, sc)) ?? '';
      if (red.op === '>&') {
        if (red.fd === 2 && target === '1') {
          stdout += stderr;
          stderr = '';
        } else if (red.fd === 1 && target === '2') {
          stderr += stdout;
          stdout = '';
        }
        continue;
      }
      const text = red.fd === 2 ? stderr : stdout;
      if (red.fd === 2) stderr = '';
      else stdout = '';
      if (target === '/dev/null') continue;
      if (target === '/dev/stderr') {
        stderr += text;
        continue;
      }
      if (target === '/dev/stdout') {
        stdout += text;
        continue;
      }
      const path = resolvePath(this.cwd, target);
      const dir = path.slice(0, path.lastIndexOf('/')) || '/';
      if (!sys.fs.isDir(dir) || sys.fs.isDir(path)) {
        stderr += `${this.prefix()}can't create ${target}: ${sys.fs.isDir(path) ? 'Is a directory' : 'nonexistent directory'}\n`;
        return result(stdout, stderr, 1);
      }
      sys.fs.write(path, red.op === '>>' ? (sys.fs.read(path) ?? '') + text : text);
    }
    return result(stdout, stderr, r.exitCode);
  }

  /** Run one expanded command: a builtin, a nested shell, or a program of the image. */
  exec(sys: System, words: string[], stdin: string, assigns: Record<string, string> = {}): ExecResult {
    const [cmd, ...args] = words as [string, ...string[]];
    switch (cmd) {
      case 'exit': {
        const code = args[0] !== undefined ? Number(args[0]) & 255 : this.lastExit;
        this.exited = Number.isNaN(code) ? 2 : code;
        return result('', '', this.exited);
      }
      case 'cd': {
        const target = resolvePath(this.cwd, args[0] ?? this.vars.HOME ?? '/');
        if (!sys.fs.isDir(target)) return result('', `${this.prefix()}cd: can't cd to ${args[0]}: No such file or directory\n`, this.flavor === 'bash' ? 1 : 2);
        this.cwd = target;
        this.vars.PWD = target;
        return result();
      }
      case 'pwd':
        return result(`${this.cwd}\n`);
      case 'export':
      case 'unset':
        for (const a of args) {
          const i = a.indexOf('=');
          if (cmd === 'unset') delete this.vars[a];
          else if (i > 0) this.vars[a.slice(0, i)] = a.slice(i + 1);
        }
        return result();
      case ':':
        return result();
      case 'echo':
        return echo(args, this.ctx(sys, stdin, assigns));
      case 'exec':
        return args.length ? this.exec(sys, args, stdin, assigns) : result();
    }
    const name = programName(sys, cmd);
    if (!name) return this.notFound(cmd);
    if (SHELLS.has(name)) return runShellProgram(sys, name, args, stdin, { ...this.vars, ...assigns }, this.cwd);
    const program = programs[name];
    if (!program) return result('', `${name}: this simulated program is not available\n`, 126);
    return program(args, this.ctx(sys, stdin, assigns));
  }

  private ctx(sys: System, stdin: string, assigns: Record<string, string>): ProgramCtx {
    return {
      sys,
      stdin,
      cwd: this.cwd,
      vars: { ...this.vars, ...assigns },
      runScript: (script, shellName, input) => new Shell(flavorOf(sys, shellName), { ...this.vars, ...assigns }, shellName).run(sys, script, input),
    };
  }
}

/** `sh -c SCRIPT`, `sh` reading a script from stdin, `bash -c ...`. */
export function runShellProgram(sys: System, name: string, args: string[], stdin: string, vars: Record<string, string>, cwd = '/'): ExecResult {
  const sh = new Shell(flavorOf(sys, name), vars, name);
  sh.cwd = cwd;
  const c = args.indexOf('-c');
  if (c >= 0) {
    const script = args[c + 1];
    if (script === undefined) return result('', name === 'bash' ? 'bash: -c: option requires an argument\n' : `${name}: -c requires an argument\n`, 2);
    return sh.run(sys, script, stdin);
  }
  const file = args.find((a) => !a.startsWith('-'));
  if (file) {
    const text = sys.fs.read(resolvePath(cwd, file));
    if (text === undefined) return result('', `${name}: can't open '${file}': No such file or directory\n`, 2);
    return sh.run(sys, text, stdin);
  }
  return sh.run(sys, stdin, '');
}

/** Run argv directly (no shell), as the container runtime's exec does. `null` when the binary is missing. */
export function execDirect(sys: System, argv: string[], stdin: string): ExecResult | null {
  const [cmd, ...args] = argv;
  if (!cmd) return null;
  const name = programName(sys, cmd);
  if (!name) return null;
  if (SHELLS.has(name)) return runShellProgram(sys, name, args, stdin, sys.vars);
  const sh = new Shell(flavorOf(sys, 'sh'), sys.vars);
  return sh.exec(sys, [name, ...args], stdin);
}
