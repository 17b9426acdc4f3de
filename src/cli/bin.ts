/** Process entry: wires real streams into main() and sets the exit code. The only place that touches process.*. */
import { main } from './main.js';

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function* stdinLines(): AsyncIterable<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) yield line;
}

/** `kube-sim ... | head` closes the pipe early: stop quietly as a shell tool does, not with a stack trace. */
function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

export async function runBin(): Promise<void> {
  quietOnBrokenPipe(process.stdout);
  const code = await main(process.argv.slice(2), {
    // Only a command that asks (port-forward) turns Ctrl-C into a clean stop; the rest end at once.
    onInterrupt(stop) {
      process.once('SIGINT', stop);
      return () => process.removeListener('SIGINT', stop);
    },
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: opening process.stdin costs ~2 ms at start-up and most commands never look at it.
    stdin: {
      get isTTY() {
        return !!process.stdin.isTTY;
      },
      readAll: readAllStdin,
      lines: stdinLines,
    },
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}

runBin().catch((e) => {
  process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
