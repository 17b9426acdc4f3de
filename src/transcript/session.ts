/**
 * Where a walkthrough's commands run: a cluster, a working directory for its files, and an in-process
 * call to main() that captures stdout and stderr interleaved as a terminal shows them. The default is an
 * isolated in-memory cluster on the virtual clock, so every run of a walkthrough prints the same bytes.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { main } from '../cli/main.js';
import { MemoryStore, type StateStore } from '../store/store.js';
import { shellWords } from '../util/shell-words.js';
import { parseFilter, splitPipeline, type Filter } from './filters.js';

/** What one command printed (stdout and stderr in the order written) and its exit code. */
export interface CommandOutput {
  output: string;
  exitCode: number;
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
}

/** Another place to run a walkthrough command (argv without the program name). */
export type Executor = (
  argv: string[],
  stdin: string | undefined,
  env: Record<string, string | undefined>,
  dir: string,
) => Promise<{ chunks: Chunk[]; exitCode: number; skipped?: boolean } | undefined>;

/** A place to run walkthrough commands. */
export class Session {
  readonly store: StateStore;
  readonly dir: string;
  readonly env: Record<string, string | undefined>;
  private readonly ownDir: boolean;
  private readonly executor?: Executor;
  /** Set when the last command was skipped by the executor (a kube-sim-only command against a real cluster). */
  lastSkipped = false;

  constructor(opts: SessionOptions = {}) {
    this.store = opts.store ?? new MemoryStore();
    this.env = opts.env ?? { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
    this.ownDir = !opts.dir;
    this.executor = opts.executor;
    this.dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kube-sim-walkthrough-'));
  }

  /** Write a walkthrough file into the working directory (relative names only). */
  writeFile(name: string, content: string): void {
    const rel = normalize(name);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`file name "${name}" must stay inside the walkthrough's directory`);
    const path = join(this.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  /**
   * Run one command line: `kube-sim ARGS` or `kubectl ARGS` (a leading `NAME=value` sets a variable for
   * that command), optionally piped through host filters (see filters.ts).
   */
  async run(line: string, stdin?: string): Promise<CommandOutput> {
    const segments = splitPipeline(line);
    this.truncated.clear();
    let argv: string[];
    let filters: Filter[];
    let first: Redirects;
    let last: Redirects = {};
    try {
      ({ words: argv, redirects: first } = takeRedirects(shellWords(segments[0]!)));
      const rest = segments.slice(1).map((seg) => shellWords(seg));
      if (rest.length) ({ words: rest[rest.length - 1]!, redirects: last } = takeRedirects(rest[rest.length - 1]!));
      filters = rest.map(parseFilter);
    } catch (e) {
      return { output: `walkthrough error: ${(e as Error).message}\n`, exitCode: 127 };
    }
    const env = { ...this.env };
    while (argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!)) {
      const a = argv.shift()!;
      const eq = a.indexOf('=');
      env[a.slice(0, eq)] = a.slice(eq + 1);
    }
    if (argv[0] !== 'kube-sim' && argv[0] !== 'kubectl') {
      return { output: `walkthrough error: only kube-sim and kubectl commands can run here, not "${argv[0] ?? ''}"\n`, exitCode: 127 };
    }
    const { chunks, exitCode } = await this.capture(argv.slice(1), stdin, env);
    // Redirections of the kube-sim command: 2>&1 sends stderr down the same path as stdout.
    const toOut = (c: Chunk) => !c.err || first.err === 'stdout';
    const shown: Chunk[] = [];
    let piped = '';
    for (const c of chunks) {
      if (toOut(c)) {
        if (first.out) this.redirect(first.out, c.text);
        else if (filters.length) piped += c.text;
        else shown.push(c);
      } else if (first.err && first.err !== 'stdout') this.redirect(first.err, c.text);
      else shown.push(c);
    }
    if (filters.length === 0) return { output: shown.map((c) => c.text).join(''), exitCode };
    // A pipe: stderr reaches the terminal as written, stdout only after the filters have read it all.
    for (const f of filters) piped = f(piped);
    if (last.out) {
      this.redirect(last.out, piped);
      piped = '';
    }
    return { output: shown.map((c) => c.text).join('') + piped, exitCode };
  }

  /** Run kube-sim with these arguments (no program name); stdout and stderr interleaved as printed. */
  async runArgv(argv: string[], stdin?: string, env = this.env): Promise<CommandOutput> {
    const { chunks, exitCode } = await this.capture(argv, stdin, env);
    return { output: chunks.map((c) => c.text).join(''), exitCode };
  }

  private async capture(argv: string[], stdin: string | undefined, env: Record<string, string | undefined>): Promise<{ chunks: Chunk[]; exitCode: number }> {
    this.lastSkipped = false;
    const elsewhere = await this.executor?.(argv, stdin, env, this.dir);
    if (elsewhere) {
      this.lastSkipped = !!elsewhere.skipped;
      return elsewhere;
    }
    const chunks: Chunk[] = [];
    const stdinText = stdin ?? '';
    const exitCode = await main(argv, {
      stdout: { write: (s: string) => chunks.push({ err: false, text: String(s) }), isTTY: false },
      stderr: { write: (s: string) => chunks.push({ err: true, text: String(s) }), isTTY: false },
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
      cwd: this.dir,
      store: this.store,
    });
    return { chunks, exitCode };
  }

  /** Write redirected output into the working directory (`/dev/null` discards it). */
  private redirect(target: { file: string; append: boolean }, text: string): void {
    if (target.file === '/dev/null') return;
    const rel = normalize(target.file);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`redirect target "${target.file}" must stay inside the walkthrough's directory`);
    const path = join(this.dir, rel);
    const key = `${path}\0`;
    // The first write of a `>` truncates; later chunks of the same command append.
    if (!target.append && !this.truncated.has(key)) {
      this.truncated.add(key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } else appendFileSync(path, text);
  }
  private truncated = new Set<string>();

  /** Remove the working directory if this session created it. */
  dispose(): void {
    if (this.ownDir) rmSync(this.dir, { recursive: true, force: true });
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

export interface Chunk {
  err: boolean;
  text: string;
}

/** Where a command's stdout / stderr go: a file, or (stderr only) the same place as stdout. */
interface Redirects {
  out?: { file: string; append: boolean };
  err?: { file: string; append: boolean } | 'stdout';
}

/** Take `> F`, `>> F`, `2> F`, `2>&1`, `&> F` (attached forms too) off the end of a command's words. */
export function takeRedirects(words: string[]): { words: string[]; redirects: Redirects } {
  const out: string[] = [];
  const r: Redirects = {};
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (w === '2>&1') {
      r.err = 'stdout';
      continue;
    }
    const m = /^(1|2|&)?(>>?)(.*)$/.exec(w);
    if (!m) {
      out.push(w);
      continue;
    }
    const file = m[3] || words[++k];
    if (!file) throw new Error(`redirection "${w}" needs a file name`);
    const target = { file, append: m[2] === '>>' };
    if (m[1] === '2') r.err = target;
    else if (m[1] === '&') {
      r.out = target;
      r.err = 'stdout';
    } else r.out = target;
  }
  return { words: out, redirects: r };
}
