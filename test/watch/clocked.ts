/**
 * Watching commands in-process: a cluster on a wall clock that the test moves by hand (so ages and probe
 * times are exact), and commands started in the background that run until their condition holds or the
 * test interrupts them (io.signal, as Ctrl-C does in the bin). Changes come from other commands on the same
 * store, as from another process. Nothing waits for time to pass: a test waits for text to be printed.
 */
import { main } from '../../src/cli/main.js';
import { MemoryStore } from '../../src/store/store.js';
import type { RunResult } from '../../src/cli/io.js';
import { shellWords } from '../../src/util/shell-words.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class ClockedCluster {
  readonly store = new MemoryStore();
  readonly dir = mkdtempSync(join(tmpdir(), 'kube-sim-watch-'));
  /** The wall clock, in epoch ms: only the test moves it. */
  ms = Date.parse('2026-11-21T22:50:00Z');
  /** No KUBE_SIM_CLOCK: the wall clock (the injected one). */
  env: Record<string, string | undefined> = { NO_COLOR: '1' };

  /** Move the wall clock. */
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }

  /** Run a command to its end. */
  async run(line: string, stdin = ''): Promise<RunResult> {
    const b = this.start(line, stdin);
    const exitCode = await b.done;
    return { stdout: b.stdout, stderr: b.stderr, exitCode };
  }

  async ok(line: string): Promise<string> {
    const r = await this.run(line);
    if (r.exitCode !== 0) throw new Error(`"${line}" exited ${r.exitCode}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  file(name: string, text: string): string {
    writeFileSync(join(this.dir, name), text);
    return name;
  }

  /** Start a command; it runs in the background until it ends or is interrupted. */
  start(line: string, stdin = ''): Background {
    return new Background(this, shellWords(line), stdin);
  }
}

export class Background {
  stdout = '';
  stderr = '';
  /** stdout and stderr as a terminal shows them, interleaved. */
  screen = '';
  readonly done: Promise<number>;
  private readonly controller = new AbortController();
  private waiters: { text: string; done: () => void }[] = [];

  constructor(cluster: ClockedCluster, argv: string[], stdin: string) {
    const write = (err: boolean) => (s: string) => {
      if (err) this.stderr += s;
      else this.stdout += s;
      this.screen += s;
      const met = this.waiters.filter((w) => this.screen.includes(w.text));
      this.waiters = this.waiters.filter((w) => !met.includes(w));
      for (const w of met) w.done();
    };
    this.done = main(argv, {
      stdout: { write: write(false), isTTY: false },
      stderr: { write: write(true), isTTY: false },
      stdin: { isTTY: false, readAll: async () => stdin },
      env: cluster.env,
      cwd: cluster.dir,
      now: () => new Date(cluster.ms),
      store: cluster.store,
      signal: this.controller.signal,
    });
  }

  /** Resolves once `text` has been printed (the test's timeout catches a command that never prints it). */
  printed(text: string): Promise<void> {
    return new Promise((done, fail) => {
      if (this.screen.includes(text)) return done();
      this.waiters.push({ text, done });
      void this.done.then(() => {
        if (!this.screen.includes(text)) fail(new Error(`ended without printing ${JSON.stringify(text)}:\n${this.screen}`));
      });
    });
  }

  /**
   * Resolves once the command has had its first look at the cluster: everything up to its first pause is
   * synchronous or microtasks over the in-memory store, so one turn of the event loop is enough.
   */
  looked(): Promise<void> {
    return new Promise((done) => setImmediate(done));
  }

  /** Ctrl-C: the command ends as kubectl does after it; resolves to the exit code. */
  interrupt(): Promise<number> {
    this.controller.abort('SIGINT');
    return this.done;
  }
}
