/**
 * Where a walkthrough's commands run: a cluster, a working directory for its files, and an in-process
 * call to main() that captures stdout and stderr interleaved as a terminal shows them. The default is an
 * isolated in-memory cluster on the virtual clock, so every run of a walkthrough prints the same bytes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { main } from '../cli/main.js';
import { MemoryStore, type StateStore } from '../store/store.js';
import { shellWords } from '../util/shell-words.js';
import { parseFilter, splitPipeline } from './filters.js';

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
}

/** A place to run walkthrough commands. */
export class Session {
  readonly store: StateStore;
  readonly dir: string;
  readonly env: Record<string, string | undefined>;
  private readonly ownDir: boolean;

  constructor(opts: SessionOptions = {}) {
    this.store = opts.store ?? new MemoryStore();
    this.env = opts.env ?? { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
    this.ownDir = !opts.dir;
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
    let argv: string[];
    let filters;
    try {
      argv = shellWords(segments[0]!);
      filters = segments.slice(1).map(parseFilter);
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
    return this.runArgv(argv.slice(1), stdin, env, filters);
  }

  /** Run kube-sim with these arguments (no program name). */
  async runArgv(argv: string[], stdin?: string, env = this.env, filters: ((t: string) => string)[] = []): Promise<CommandOutput> {
    const chunks: { err: boolean; text: string }[] = [];
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
    if (filters.length === 0) return { output: chunks.map((c) => c.text).join(''), exitCode };
    // A pipe: stderr reaches the terminal as written, stdout only after the filters have read it all.
    let out = chunks.filter((c) => !c.err).map((c) => c.text).join('');
    for (const f of filters) out = f(out);
    return { output: chunks.filter((c) => c.err).map((c) => c.text).join('') + out, exitCode };
  }

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
