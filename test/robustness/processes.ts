/**
 * Spawning the real bundled CLI for the few tests that must cross process boundaries (locking, crash
 * safety). Builds dist/ once if it is missing (npm ci builds it through `prepare`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'kube-sim.cjs');

export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli.cjs'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ProcOptions {
  cwd?: string;
  killAfterMs?: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** A running kube-sim child process and its outcome. */
export interface Running {
  pid: number;
  signal(sig: NodeJS.Signals): void;
  done: Promise<ProcResult>;
}

/** Start kube-sim in a child process against a state file. */
export function startProcess(args: string[], statePath: string, opts: ProcOptions = {}): Running {
  return startNode([BIN, ...args], statePath, opts);
}

/** Start `node ARGS` (a kube-sim bin, or a script) with kube-sim's environment. */
export function startNode(args: string[], statePath: string, opts: ProcOptions = {}): Running {
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, KUBE_SIM_STATE: statePath, KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (opts.killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
  const done = new Promise<ProcResult>((resolvePromise) => child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr })));
  return { pid: child.pid!, signal: (sig) => child.kill(sig), done };
}

/** Run kube-sim in a child process against a state file. */
export function runProcess(args: string[], statePath: string, opts: ProcOptions = {}): Promise<ProcResult> {
  return startProcess(args, statePath, opts).done;
}
