/**
 * The importable entry point: `main(argv, io)` runs one kube-sim command and returns its exit code.
 * It never calls process.exit and writes only to the injected streams, so tests and the walkthrough
 * runner drive it in-process.
 */
import { CommanderError, type Command } from 'commander';
import type { Io, RunResult } from './io.js';
import type { HostFiles } from '../util/host-files.js';
import type { Harness } from './harness.js';
import { acquireProgram, kubectlParseError } from './program.js';
import { MemoryStore, type StateStore } from '../store/store.js';
import { FlagValueError, commandPath, normaliseArgv } from './argv.js';
import { NOT_SIMULATED, notSimulatedText } from './kubectl-commands.js';
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
  const { program, h, release } = acquireProgram(io, argv[0], refuseInWalkthrough);
  try {
    return await run(argv, io, program, h);
  } finally {
    release();
  }
}

/**
 * In a walkthrough, the commands that recurse into walkthroughs or never return are refused (the hook
 * asks the harness's current io: a program serves many runs).
 */
function refuseInWalkthrough(program: Command, h: Harness): void {
  program.hook('preAction', (_program, action) => {
    const walkthrough = h.io.walkthrough;
    if (!walkthrough) return;
    let top = action;
    while (top.parent && top.parent !== program) top = top.parent;
    const why = REFUSED_IN_WALKTHROUGH[top.name()];
    if (!why) return;
    const message = `kube-sim ${top.name()} cannot run inside a walkthrough: ${why}`;
    walkthrough.unsupported(message);
    throw new CliError(message);
  });
}

async function run(argv: string[], io: Io, program: Command, h: Harness): Promise<number> {
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return 0;
  }
  // A kubectl command kube-sim does not simulate is answered so even with --help or any flags (unless a
  // module has come to simulate it since).
  if (Object.hasOwn(NOT_SIMULATED, argv[0]!) && !program.commands.some((c) => c.name() === argv[0])) return refuseUnsimulated(io, argv[0]!);
  let parsed: { args: string[]; command: Command };
  try {
    // `__complete ARGS...` (shell completion) takes the words being completed as they are.
    parsed = argv[0]?.startsWith('__complete') ? { args: [argv[0], '--', ...argv.slice(1)], command: program } : normaliseArgv(argv, program);
  } catch (e) {
    if (!(e instanceof FlagValueError)) throw e;
    io.stderr.write(`error: ${e.message}\nSee 'kubectl ${commandPath(e.command)} --help' for usage.\n`);
    return 1;
  }
  const walkthrough = io.walkthrough;
  try {
    await program.parseAsync(parsed.args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help asked for exits 0; help shown because a subcommand is missing (`kubectl config`) exits 1.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return e.exitCode;
      // kubectl's commands kube-sim does not simulate are not registered (no name to clash with a
      // command another module adds later): they are answered here, whatever their flags.
      const typed = /unknown command '([^']+)'/.exec(e.message)?.[1];
      if (e.code === 'commander.unknownCommand' && !parsed.command.parent && typed && Object.hasOwn(NOT_SIMULATED, typed)) return refuseUnsimulated(io, typed);
      let text = kubectlParseError(e, parsed.command, parsed.args);
      if (e.code === 'commander.unknownCommand') walkthrough?.unsupported(`${text.split('\n')[0]!.replace(/^error: /, '')}: kube-sim does not have this command`);
      // kubectl diff reports flag errors as usage errors with exit code 2 (1 means "differences found").
      const diff = commandPath(parsed.command) === 'diff';
      if (diff) text = text.replace("See 'kubectl diff --help' for usage.", "See 'kubectl diff -h' for help and examples");
      io.stderr.write(text + '\n');
      return diff ? 2 : 1;
    }
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  return h.exitCode;
}

/** `error: kube-sim does not simulate "kubectl X": ...`, exit 1, reported to a walkthrough as unsupported. */
function refuseUnsimulated(io: Io, command: string): number {
  const refusal = notSimulatedText(command);
  io.walkthrough?.unsupported(refusal.replace(/^error: /, ''));
  io.stderr.write(refusal + '\n');
  return 1;
}

/** Convenience for tests and the library: run a command line against a store, capturing output. */
export async function runCaptured(argv: string[], opts: { store?: StateStore; env?: Record<string, string | undefined>; stdin?: string; now?: () => Date; cwd?: string; files?: HostFiles } = {}): Promise<RunResult> {
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
    files: opts.files,
  });
  return { stdout, stderr, exitCode };
}
