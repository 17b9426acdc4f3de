/**
 * The bridge to real clusters: run a walkthrough's commands through the real kubectl, against a kubeconfig
 * context (a kind cluster, say) or against `kube-sim serve` on the walkthrough's own isolated cluster, and
 * compare with the transcript as usual. kube-sim's own commands (advance, addons, curl, ssh, ...) have no
 * kubectl form: against kube-sim serve they run in-process on the same cluster; against a real cluster
 * they are skipped and reported.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk, Executor } from './session.js';
import { MemoryStore } from '../store/store.js';

/** Commands that exist only in kube-sim. */
export const KUBE_SIM_ONLY = new Set(['advance', 'addons', 'curl', 'ssh', 'proxy', 'external-host', 'reset', 'test', 'play', 'serve']);

export interface KubectlTarget {
  /** The kubectl binary. */
  kubectl: string;
  kubeconfig: string;
  /** A context of that kubeconfig (a real cluster); absent: kube-sim serve started by withServedCluster. */
  context?: string;
  /** HOME for kubectl (its discovery cache), fresh per walkthrough. */
  home: string;
}

/** An executor that sends kubectl commands to the real kubectl. */
export function kubectlExecutor(target: KubectlTarget): Executor {
  return async (argv, stdin, env, dir) => {
    // `exec --trace` is kube-sim's own too: kubectl has no such flag.
    const own = KUBE_SIM_ONLY.has(argv[0] ?? '') || (argv[0] === 'exec' && argv.includes('--trace'));
    if (own) return target.context ? { chunks: [], exitCode: 0, skipped: true } : undefined;
    const args = ['--kubeconfig', target.kubeconfig, ...(target.context ? ['--context', target.context] : []), ...argv];
    return new Promise((resolve) => {
      const child = spawn(target.kubectl, args, {
        cwd: dir,
        // The walkthrough's own variables (KUBE_EDITOR=... kubectl edit) pass through; an editor that would
        // wait for a person is never started.
        env: { ...env, PATH: process.env.PATH, HOME: target.home, NO_COLOR: '1', EDITOR: env.EDITOR ?? 'false', KUBE_EDITOR: env.KUBE_EDITOR ?? env.EDITOR ?? 'false' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const chunks: Chunk[] = [];
      child.stdout.on('data', (d: Buffer) => chunks.push({ err: false, text: d.toString('utf8') }));
      child.stderr.on('data', (d: Buffer) => chunks.push({ err: true, text: d.toString('utf8') }));
      child.on('error', (e) => resolve({ chunks: [{ err: true, text: `walkthrough error: cannot run ${target.kubectl}: ${e.message}\n` }], exitCode: 127 }));
      child.on('close', (code) => resolve({ chunks, exitCode: code ?? 1 }));
      child.stdin.end(stdin ?? '');
    });
  };
}

/**
 * Run `body` with a fresh isolated cluster served on 127.0.0.1 and a kubeconfig for it: the walkthrough's
 * kubectl commands go to the server and its kube-sim-only commands to the same store in-process.
 */
export async function withServedCluster<T>(
  env: Record<string, string | undefined>,
  body: (store: MemoryStore, target: Omit<KubectlTarget, 'kubectl'>) => Promise<T>,
): Promise<T> {
  const { startServer } = await import('../serve/server.js');
  const { kubeconfigText } = await import('../cli/commands/serve.js');
  const store = new MemoryStore();
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-bridge-'));
  const { server, port } = await startServer(
    { stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir, store },
    {},
    { port: 0 },
  );
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText(port));
    return await body(store, { kubeconfig, home: join(dir, 'home') });
  } finally {
    server.closeAllConnections?.();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
