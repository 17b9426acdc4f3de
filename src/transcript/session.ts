/**
 * Where a walkthrough's lines run: a cluster, a working directory for its files, and a simulated host
 * whose shell (src/shell, bash with `set -o pipefail`) runs each line: variables, `$(...)`, loops, pipes
 * through the text tools, redirections into the working directory, background jobs, and `kubectl` /
 * `kube-sim` as in-process calls to main() whose stdout and stderr are captured interleaved as a terminal
 * shows them. The default is an isolated in-memory cluster on the virtual clock, so every run prints the
 * same bytes. The walkthrough is sandboxed: host files outside its directory, host programs, editors and
 * recursive or never-ending commands are refused (`allowHost` lifts the file part for trusted walkthroughs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { main } from '../cli/main.js';
import { MemoryStore, type StateStore } from '../store/store.js';
import { freshCluster } from '../store/bootstrap.js';
import { clockMode, makeEnv } from '../env.js';
import { Shell } from '../shell/shell.js';
import { Jobs } from '../shell/jobs.js';
import { simulatedEditor } from '../shell/editor.js';
import type { ProgramCtx, System } from '../shell/types.js';
import { confinedFiles, realFiles, type HostFiles } from '../util/host-files.js';
import { hostPrograms, walkthroughHost } from './host.js';
import { hostShellFs } from '../shell/host-fs.js';
import { hostPortTable } from '../network/host-ports.js';

/** What one line printed (stdout and stderr in the order written) and how it ended. */
export interface CommandOutput {
  output: string;
  /** The stdout and stderr parts of `output`. */
  stdout: string;
  stderr: string;
  exitCode: number;
  /**
   * Why the line is a walkthrough error (something kube-sim cannot or will not do here: an unknown
   * program, a host file outside the walkthrough, a refused command); empty when it is not one.
   */
  problems: string[];
  /** A kube-sim-only command was skipped by the executor (a real cluster). */
  skipped: boolean;
}

export interface SessionOptions {
  /** The cluster to run against; default a fresh in-memory one. */
  store?: StateStore;
  /** Environment of every command; default `KUBE_SIM_CLOCK=virtual` and `NO_COLOR=1`. */
  env?: Record<string, string | undefined>;
  /** Working directory for files and `-f`; default a new temporary directory (removed by dispose()). */
  dir?: string;
  /**
   * Runs a command somewhere else instead (the real kubectl: see kubectl-bridge.ts). Returning undefined
   * runs it in-process as usual.
   */
  executor?: Executor;
  /** Trusted walkthroughs only: let commands read and write host files outside the working directory. */
  allowHost?: boolean;
}

/** Another place to run a walkthrough command (argv without the program name); `tmp` is the walkthrough's /tmp. */
export type Executor = (
  argv: string[],
  stdin: string | undefined,
  env: Record<string, string | undefined>,
  dir: string,
  tmp?: string,
) => Promise<{ chunks: Chunk[]; exitCode: number; skipped?: boolean; problem?: string } | undefined>;

export interface Chunk {
  err: boolean;
  text: string;
}

/** A place to run walkthrough commands. */
export class Session {
  readonly store: StateStore;
  readonly dir: string;
  readonly env: Record<string, string | undefined>;
  /** Host files as the walkthrough's commands see them. */
  readonly files: HostFiles;
  /** The private directory that is the walkthrough's `/tmp` (none with --allow-host: the host's own). */
  readonly tmpDir?: string;
  private readonly ownDir: boolean;
  private readonly executor?: Executor;
  private readonly shell: Shell;
  private readonly host: System;
  private readonly editor: ReturnType<typeof simulatedEditor>;
  /** The walkthrough host's listening ports (its port-forward jobs), which its curl reaches. */
  private readonly hostPorts = hostPortTable();
  /** What the current line has printed so far (background jobs write here too). */
  private chunks: Chunk[] = [];
  private problems: string[] = [];
  private skipped = false;
  /** Set when the last command was skipped by the executor (a kube-sim-only command against a real cluster). */
  lastSkipped = false;

  constructor(opts: SessionOptions = {}) {
    this.store = opts.store ?? new MemoryStore();
    this.env = opts.env ?? { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
    this.ownDir = !opts.dir;
    this.executor = opts.executor;
    this.dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kube-sim-walkthrough-'));
    const report = (m: string) => void this.problems.push(m);
    // A pasted page's /tmp is a private directory of its own, removed with the session.
    this.tmpDir = opts.allowHost ? undefined : mkdtempSync(join(tmpdir(), 'kube-sim-walkthrough-tmp-'));
    this.files = opts.allowHost ? realFiles : confinedFiles(this.dir, { onRefusal: report, tmp: this.tmpDir });
    this.editor = simulatedEditor(hostShellFs(this.files));
    this.host = walkthroughHost({
      files: this.files,
      programs: hostPrograms((argv, ctx, quiet) => this.kubeSim(argv, ctx, quiet)),
      cluster: () => {
        const state = this.store.load() ?? freshCluster({ clock: clockMode(this.env) });
        return { state, env: makeEnv(state, clockMode(this.env)) };
      },
      unsupported: report,
    });
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.env)) if (v !== undefined) vars[k] = v;
    Object.assign(vars, { HOME: this.dir, PWD: this.dir, PATH: '/usr/local/bin:/usr/bin:/bin' });
    this.shell = new Shell('bash', vars, 'bash');
    this.shell.cwd = this.dir;
    this.shell.options.pipefail = true;
    this.shell.jobs = new Jobs();
    // A foreground line: a command that would wait for events (port-forward, get -w) stops at once.
    this.shell.signal = AbortSignal.abort();
  }

  /** Write a walkthrough file into the working directory (relative names only). */
  writeFile(name: string, content: string): void {
    const rel = normalize(name);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`file name "${name}" must stay inside the walkthrough's directory`);
    const path = join(this.dir, rel);
    this.files.mkdir(dirname(path));
    this.files.write(path, content);
  }

  /** Run one line of the walkthrough through the host's shell. */
  async run(line: string, stdin?: string): Promise<CommandOutput> {
    this.chunks = [];
    this.problems = [];
    this.skipped = false;
    const chunks = this.chunks;
    const exitCode = await this.shell.runLine(this.host, line, {
      stdin,
      out: { write: (s) => void this.chunks.push({ err: false, text: s }) },
      err: { write: (s) => void this.chunks.push({ err: true, text: s }) },
    });
    // `exit` (or a budget that ran out) ends that line's shell only; the next line gets it back.
    this.shell.exited = null;
    this.lastSkipped = this.skipped;
    return {
      output: chunks.map((c) => c.text).join(''),
      stdout: chunks.filter((c) => !c.err).map((c) => c.text).join(''),
      stderr: chunks.filter((c) => c.err).map((c) => c.text).join(''),
      exitCode,
      problems: [...new Set(this.problems)],
      skipped: this.skipped,
    };
  }

  /** kube-sim in-process (or the executor) for the host's kubectl, kube-sim, curl and sleep. */
  private async kubeSim(argv: string[], ctx: ProgramCtx, quiet = false): Promise<{ exitCode: number; skipped: boolean }> {
    const env: Record<string, string | undefined> = { ...ctx.vars };
    const out = quiet ? undefined : ctx.stdout;
    const err = quiet ? undefined : ctx.stderr;
    const elsewhere = await this.executor?.(argv, ctx.stdin, env, ctx.cwd, this.tmpDir);
    if (elsewhere) {
      if (elsewhere.skipped) this.skipped = true;
      if (elsewhere.problem) this.problems.push(elsewhere.problem);
      for (const c of elsewhere.chunks) (c.err ? err : out)?.write(c.text);
      return { exitCode: elsewhere.exitCode, skipped: !!elsewhere.skipped };
    }
    const stdinText = ctx.stdin;
    const exitCode = await main(argv, {
      stdout: { write: (s: string) => out?.write(String(s)), isTTY: false },
      stderr: { write: (s: string) => err?.write(String(s)), isTTY: false },
      stdin: {
        isTTY: false,
        readAll: async () => stdinText,
        async *lines() {
          const ls = stdinText.split('\n');
          if (ls[ls.length - 1] === '') ls.pop();
          for (const l of ls) yield l;
        },
      },
      env,
      cwd: ctx.cwd,
      store: this.store,
      files: this.files,
      editor: this.editor,
      hostPorts: this.hostPorts,
      signal: ctx.signal,
      walkthrough: { unsupported: (m) => void this.problems.push(m) },
    });
    return { exitCode, skipped: false };
  }

  /** Stop the background jobs and remove the working directory if this session created it. */
  async close(): Promise<void> {
    await this.shell.jobs?.stopAll();
    this.removeDir();
  }

  /** Like close(), without waiting for background jobs to wind down. */
  dispose(): void {
    for (const j of this.shell.jobs?.running() ?? []) j.controller.abort();
    this.removeDir();
  }

  private removeDir(): void {
    if (this.ownDir) rmSync(this.dir, { recursive: true, force: true });
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

/**
 * Output text as the lines a transcript shows: a final newline ends the last line (it adds no empty line),
 * and a carriage return before a newline (nginx's CRLF pages) shows as nothing on a terminal.
 */
export function outputLines(output: string): string[] {
  if (output === '') return [];
  const ls = output.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}
