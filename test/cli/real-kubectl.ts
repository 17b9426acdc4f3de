/**
 * The real kubectl beside kube-sim for the tests of issue 16's commands: a kubectl 1.32 binary, and
 * twin clusters (one state served to the real kubectl by `kube-sim serve`, an identical copy driven by
 * kube-sim in-process) so that commands which change the cluster can be compared step by step.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { shellWords } from '../../src/util/shell-words.js';
import type { RunResult } from '../../src/cli/io.js';

/** `kubectl` on the PATH (possibly a dispatcher that picks a binary by the server's version). */
export const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();

/**
 * A kubectl 1.32 that parses by itself: $KUBECTL_132, else the `kubectl.1.32` beside gcloud's dispatcher
 * (the dispatcher itself parses flags before it dispatches, and words their errors its own way).
 */
export const kubectl132: string | undefined = (() => {
  if (process.env.KUBECTL_132) return process.env.KUBECTL_132;
  if (!kubectlPath) return undefined;
  const sibling = join(dirname(realpathSync(kubectlPath)), 'kubectl.1.32');
  if (existsSync(sibling)) return sibling;
  const v = spawnSync(kubectlPath, ['version', '--client'], { encoding: 'utf8' }).stdout;
  return /Client Version: v1\.32\.\d+\n/.test(v) ? kubectlPath : undefined;
})();

export interface Ran {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Run a kubectl binary asynchronously (a server in this process must keep answering meanwhile). */
export function runKubectl(binary: string, args: string[], env: Record<string, string>, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

/** Twin clusters: `a` served to the real kubectl, `b` driven by kube-sim; both start from `setup`. */
export class Twins {
  readonly dir = mkdtempSync(join(tmpdir(), 'kube-sim-twins-'));
  private server?: Server;
  private kubeconfig = '';
  /**
   * The virtual clock, the same instant on both twins (so events happen at the same times on both);
   * kubectl computes ages from its own clock, so comparisons of age columns normalise them (`ages`).
   */
  readonly env: Record<string, string | undefined> = { KUBE_SIM_CLOCK: 'virtual' };

  private state(which: 'a' | 'b'): string {
    return join(this.dir, `${which}.json`);
  }

  /** kube-sim on one twin (`a` only for setting up). */
  sim(line: string, which: 'a' | 'b' = 'b', stdin?: string): Promise<RunResult> {
    let argv = shellWords(line);
    if (argv[0] === 'kubectl' || argv[0] === 'kube-sim') argv = argv.slice(1);
    return runCaptured(argv, { store: new FileStore(this.state(which), () => undefined), env: this.env, cwd: this.dir, stdin });
  }

  /** Set both twins up with the same commands, then serve twin `a`. */
  async start(setup: string[]): Promise<void> {
    mkdirSync(join(this.dir, 'home'), { recursive: true });
    for (const line of setup) {
      const r = await this.sim(line, 'a');
      if (r.exitCode !== 0) throw new Error(`setup "${line}" failed: ${r.stderr}`);
    }
    cpSync(this.state('a'), this.state('b'));
    cpSync(`${this.state('a')}.d`, `${this.state('b')}.d`, { recursive: true });
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env: this.env, cwd: this.dir }, { state: this.state('a') }, { port: 0 });
    this.server = started.server;
    this.kubeconfig = join(this.dir, 'kubeconfig.yaml');
    writeFileSync(this.kubeconfig, kubeconfigText(started.port));
  }

  /** The real kubectl (through the dispatcher on the PATH, which picks 1.32 for this server) on twin `a`. */
  kubectl(line: string): Promise<Ran> {
    let argv = shellWords(line);
    if (argv[0] === 'kubectl') argv = argv.slice(1);
    return runKubectl(kubectlPath, argv, { HOME: join(this.dir, 'home'), KUBECONFIG: this.kubeconfig });
  }

  stop(): void {
    this.server?.close();
  }
}

/** Durations as kubectl and kube-sim print them (`5m`, `15d`, `3m20s`) and the padding after them, made `AGE `. */
export function ages(text: string): string {
  return text.replace(/(?<=^|\s)\d+[smhdy](\d+[smh])?(?=\s|$) */gm, 'AGE ');
}
