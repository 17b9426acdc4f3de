/**
 * The importable entry point: `main(argv, io)` runs one kube-sim command and returns its exit code.
 * It never calls process.exit and writes only to the injected streams, so tests and the walkthrough
 * runner drive it in-process.
 */
import { CommanderError } from 'commander';
import type { Io, RunResult } from './io.js';
import { Harness } from './harness.js';
import { buildProgram, kubectlParseError } from './program.js';
import { MemoryStore, type StateStore } from '../store/store.js';
import { CliError } from '../api/errors.js';

/** Commands a walkthrough may not run, and why: they recurse into walkthroughs or never return. */
const REFUSED_IN_WALKTHROUGH: Record<string, string> = {
  test: 'it runs walkthroughs, and a walkthrough must not run itself',
  play: 'it runs walkthroughs, and a walkthrough must not run itself',
  serve: 'it never returns',
  ui: 'it never returns',
};

/** Run one command. `argv` excludes the node binary and script: `['get', 'svc']`. */
export async function main(argv: string[], io: Io): Promise<number> {
  const h = new Harness(io);
  const args = normaliseArgv(argv);
  const program = buildProgram(h, args[0]);
  if (args.length === 0) {
    io.stdout.write(program.helpInformation());
    return 0;
  }
  const walkthrough = io.walkthrough;
  if (walkthrough) {
    program.hook('preAction', (_program, action) => {
      let top = action;
      while (top.parent && top.parent !== program) top = top.parent;
      const why = REFUSED_IN_WALKTHROUGH[top.name()];
      if (!why) return;
      const message = `kube-sim ${top.name()} cannot run inside a walkthrough: ${why}`;
      walkthrough.unsupported(message);
      throw new CliError(message);
    });
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      const text = kubectlParseError(e, args);
      if (e.code === 'commander.unknownCommand') walkthrough?.unsupported(`${text.replace(/^error: /, '')}: kube-sim does not have this command`);
      io.stderr.write(text + '\n');
      return 1;
    }
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  return h.exitCode;
}

/**
 * pflag accepts `-o=yaml` and `-n=foo`; commander would keep the `=`. Split such short flags.
 * Everything after `--` is left alone (it belongs to the command run in the container).
 */
function normaliseArgv(argv: string[]): string[] {
  const out: string[] = [];
  let passthrough = false;
  for (const a of argv) {
    if (passthrough || a === '--') {
      passthrough = true;
      out.push(a);
      continue;
    }
    const m = /^-([a-zA-Z])=(.*)$/.exec(a);
    if (m) out.push(`-${m[1]}`, m[2]!);
    else out.push(a);
  }
  return out;
}

/** Convenience for tests and the library: run a command line against a store, capturing output. */
export async function runCaptured(argv: string[], opts: { store?: StateStore; env?: Record<string, string | undefined>; stdin?: string; now?: () => Date; cwd?: string } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const stdinText = opts.stdin ?? '';
  const exitCode = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: {
      isTTY: false,
      readAll: async () => stdinText,
      async *lines() {
        for (const l of stdinText.split('\n')) yield l;
      },
    },
    env: opts.env ?? { KUBE_SIM_CLOCK: 'virtual' },
    cwd: opts.cwd ?? process.cwd(),
    now: opts.now,
    store: opts.store ?? new MemoryStore(),
  });
  return { stdout, stderr, exitCode };
}
