/** Process entry: wires real streams into main() and sets the exit code. The only place that touches process.*. */
// Loaded on first use in the bundle (scripts/build.mjs), as is test-jobs.js (the walkthrough runner and
// the simulated shell behind it): only `test --jobs` workers need them.
import workerThreads from 'node:worker_threads';
import { fstatSync, writeSync } from 'node:fs';
import { main } from './main.js';
import { formatError } from './format-error.js';
import { WORKER_ARG } from './worker-arg.js';
import { serveJobs } from './commands/test-jobs.js';

/** Signals that end the process: a raw terminal is given back first (kubectl's interrupt handler's list). */
const TERMINATION: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** Whether this run opened stdin: it must be let go when main() returns, or the process never exits. */
let stdinOpened = false;

async function readAllStdin(): Promise<string> {
  stdinOpened = true;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function* stdinLines(): AsyncGenerator<string> {
  stdinOpened = true;
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}

/**
 * The terminal's keystrokes in raw mode, as kubectl reads them for a TTY session. Raw mode starts at the
 * call (before the session prints its first prompt, so nothing typed is echoed twice); the terminal is put
 * back in its mode when the iteration ends, when the process exits, and when a termination signal arrives
 * (which is then delivered again, to end the process as it would have).
 */
function terminalKeys(): AsyncIterable<string> {
  stdinOpened = true;
  const stdin = process.stdin;
  const wasRaw = stdin.isRaw;
  const restore = () => {
    if (stdin.isTTY && !stdin.destroyed) stdin.setRawMode(wasRaw);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, sig);
  };
  stdin.setRawMode(true);
  process.on('exit', restore);
  for (const sig of TERMINATION) process.once(sig, onSignal);
  stdin.setEncoding('utf8');
  return (async function* () {
    try {
      for await (const chunk of stdin) yield chunk as string;
    } finally {
      restore();
      process.off('exit', restore);
      for (const sig of TERMINATION) process.off(sig, onSignal);
    }
  })();
}

/**
 * `kube-sim ... | head` closes the pipe early: stop quietly as a shell tool does, not with a stack trace.
 * A terminal that went away (its window closed under `exec -it`: writes fail with EIO) ends the process
 * as the hangup that comes with it ends kubectl; rethrown, the error printed a JavaScript stack and Node
 * then aborted (SIGABRT) restoring the dead terminal.
 */
function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (e.code === 'EIO' && stream.isTTY) hangUp();
    throw e;
  });
}

/** Die of SIGHUP, its default action (no handler restoring a terminal that is no longer there). */
function hangUp(): never {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
  // The signal is delivered at once; should it not be, exit as a shell reports a hung-up process.
  process.exit(129);
}

/**
 * Standard output. To a pipe or a file it is written with writeSync on fd 1: process.stdout would cost
 * ~3 ms at start-up (a pipe loads net and the streams) for the same synchronous writes (Node's stdout is
 * synchronous on pipes and files on Linux). Any write error (EPIPE, EAGAIN from a non-blocking pipe) hands
 * the rest to process.stdout, opened then and used from then on, which handles it as it always has. A
 * terminal (or another device) gets process.stdout itself. `fd` tells a command that a program it spawns
 * may inherit this output (edit's editor).
 */
function hostStdout(): { write(s: string): unknown; isTTY?: boolean; fd: number } {
  let direct = false;
  try {
    const st = fstatSync(1);
    direct = st.isFIFO() || st.isFile();
  } catch {
    direct = false;
  }
  if (!direct) {
    quietOnBrokenPipe(process.stdout);
    return process.stdout;
  }
  let stream: NodeJS.WriteStream | undefined;
  return {
    fd: 1,
    write(s: string) {
      if (stream) return stream.write(s);
      const bytes = Buffer.from(s, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(1, bytes, done);
        return true;
      } catch {
        stream = process.stdout;
        quietOnBrokenPipe(stream);
        return stream.write(bytes.subarray(done));
      }
    },
  };
}

/** Whether process.stderr has its error handler (given on first use, as it is opened then). */
let stderrWatched = false;
/**
 * process.stderr opened on first use: creating it costs ~2 ms at start-up (a pipe loads net and the
 * streams) and most commands never write to it; an empty write (exec of a program that wrote nothing on
 * its stderr) does not open it.
 */
const lazyStderr = {
  write: (s: string) => {
    if (s === '') return true;
    // Its failures end the process as stdout's do (a closed terminal or pipe), not with a stack trace.
    if (!stderrWatched) quietOnBrokenPipe(process.stderr);
    stderrWatched = true;
    return process.stderr.write(s);
  },
  get isTTY() {
    return process.stderr.isTTY;
  },
};

/** The hooks bin/kube-sim.cjs puts on the bundle's module object (scripts/build.mjs names it); absent when run otherwise. */
declare const __ksModule: { ksSkipCodeCache?: () => void } | undefined;

/** Tell the bin not to keep a code cache of this run (it did set-up work its command does not usually do). */
function skipCodeCache(): void {
  if (typeof __ksModule === 'object') __ksModule?.ksSkipCodeCache?.();
}

/** Run the command line this process was started with, on the real streams; sets the exit code. */
export async function runBin(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    // Only a command that asks (port-forward, the watching commands) turns Ctrl-C into a clean stop; the
    // rest end at once.
    onInterrupt(stop) {
      process.once('SIGINT', stop);
      return () => process.removeListener('SIGINT', stop);
    },
    stdout: hostStdout(),
    stderr: lazyStderr,
    // A getter: opening process.stdin costs ~2 ms at start-up and most commands never look at it.
    stdin: {
      get isTTY() {
        return !!process.stdin.isTTY;
      },
      readAll: readAllStdin,
      lines: stdinLines,
      get keys() {
        return process.stdin.isTTY ? terminalKeys : undefined;
      },
    },
    env: process.env,
    cwd: process.cwd(),
    onFreshCluster: skipCodeCache,
  });
  if (stdinOpened) process.stdin.destroy();
  process.exitCode = code;
}

if (process.argv[2] === WORKER_ARG) serveJobs(workerThreads.parentPort!);
else {
  // A fault that escaped main() is worded as main() words one: no JavaScript message reaches the user.
  runBin().catch((e) => {
    const { text } = formatError(e);
    if (text) process.stderr.write(text + '\n');
    process.exitCode = 1;
  });
}
