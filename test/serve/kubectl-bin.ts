/** The real kubectl for the tests that compare with it: its path, or '' (those tests skip, saying so). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();

/** The kubectl on the PATH, when it runs (`kubectl version --client`); '' otherwise. */
export const kubectlPath = found !== '' && spawnSync(found, ['version', '--client'], { encoding: 'utf8' }).status === 0 ? found : '';

/** Whether `file` can run: warns visibly when it cannot. */
export function kubectlFor(file: string): boolean {
  if (!kubectlPath) console.warn(`SKIPPED: ${file} needs a real kubectl on the PATH (none found)`);
  return kubectlPath !== '';
}

/** What a kubectl run printed, and its exit code. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Start the real kubectl on `kubeconfig` (asynchronously: a server in the test's process must keep
 * answering) with `stdin` piped, or none; `result` fills as it prints, `done` resolves when it exits.
 */
export function startKubectl(kubeconfig: string, home: string, args: string[], stdin?: string): { child: ChildProcess; result: KubectlResult; done: Promise<KubectlResult> } {
  const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], {
    env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin !== undefined) child.stdin!.end(stdin);
  const result: KubectlResult = { stdout: '', stderr: '', exitCode: null };
  child.stdout!.on('data', (d) => (result.stdout += d));
  child.stderr!.on('data', (d) => (result.stderr += d));
  const done = new Promise<KubectlResult>((resolve) => child.on('close', (exitCode) => resolve({ ...result, exitCode })));
  return { child, result, done };
}
