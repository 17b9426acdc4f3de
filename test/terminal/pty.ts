/**
 * The real bin in a pseudo-terminal, driven as a user at a keyboard drives it: util-linux `script` (every
 * Linux has it; node-pty would need a native build) runs the command on a new pty, copies the keystrokes
 * written to its stdin to the terminal, and everything the terminal shows to its stdout. Nothing here
 * waits for time to pass: a test waits for text to appear or for the process to end, and a session that
 * never ends fails by the test's timeout.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN } from '../robustness/processes.js';

/** Whether `script` is available (the terminal tests skip, saying so, where it is not). */
export const HAVE_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAVE_SCRIPT) console.warn('test/terminal: util-linux `script` is not installed; the pseudo-terminal tests are skipped');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `kube-sim ARGS` as a shell command line (for `script -c`, or to chain with other commands). */
export function kubeSim(...args: string[]): string {
  return [process.execPath, BIN, ...args].map(quote).join(' ');
}

export class Terminal {
  private raw = '';
  /** Where the last text waited for ended: the next wait looks after it, as `expect` does. */
  private cursor = 0;
  private waiters: { text: string; done: () => void; fail: (e: Error) => void }[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  /** How the command (as seen through `script -e`) ended: its exit code, or 128+N when a signal ended it. */
  readonly exited: Promise<number | null>;

  /** Run `commandLine` (a sh command line) on a new terminal. */
  constructor(commandLine: string, env: Record<string, string>) {
    this.child = spawn('script', ['-q', '-e', '-c', commandLine, '/dev/null'], { env: { ...process.env, ...env, SHELL: '/bin/sh' } });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (d: string) => {
      this.raw += d;
      this.check();
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.raw += `[script stderr: ${d}]`;
    });
    this.exited = new Promise((done) =>
      this.child.on('close', (code) => {
        for (const w of this.waiters.splice(0)) w.fail(new Error(`the session ended without printing ${JSON.stringify(w.text)}; the screen:\n${this.screen}`));
        done(code);
      }),
    );
  }

  /** What the terminal has shown so far, with the terminal's CRLF line ends as plain newlines. */
  get screen(): string {
    return this.raw.replace(/\r\n/g, '\n');
  }

  /** Type keys (`\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D). */
  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Resolves once `text` appears on the screen after the text the previous wait found. */
  waitFor(text: string): Promise<void> {
    return new Promise((done, fail) => {
      this.waiters.push({ text, done, fail });
      this.check();
    });
  }

  /** End a session a failed test left running: closing the terminal hangs up everything on it. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private check(): void {
    const screen = this.screen;
    while (this.waiters.length) {
      const w = this.waiters[0]!;
      const at = screen.indexOf(w.text, this.cursor);
      if (at < 0) return;
      this.cursor = at + w.text.length;
      this.waiters.shift();
      w.done();
    }
  }
}
