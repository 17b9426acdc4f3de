/**
 * `kube-sim ui` as a real process on a state file, and kube-sim commands as real processes beside it,
 * built from the current source: the CLI bundle and the page script go into one temporary directory,
 * where the ui finds its script as it does in dist/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleCli } from '../serve/serve-process.js';

const ROOT = resolve(__dirname, '..', '..');
const ENV = { ...process.env, KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };

/** The CLI bundle with the page script beside it; returns the CLI's path. */
export async function bundleUi(): Promise<string> {
  const cli = await bundleCli();
  await build({ entryPoints: [join(ROOT, 'src', 'ui', 'front', 'app.ts')], outfile: join(dirname(cli), 'ui-app.js'), bundle: true, platform: 'browser', format: 'iife', logLevel: 'silent' });
  return cli;
}

/** Run one kube-sim command that must succeed on the state, as its own process: what it printed. */
export function kubeSimOutput(cli: string, state: string, args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, '--state', state, ...args], { env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kube-sim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The stdout of kubeSimOutput. */
export function kubeSim(cli: string, state: string, args: string[]): string {
  return kubeSimOutput(cli, state, args).stdout;
}

export interface UiProcess {
  url: string;
  stdout(): string;
  /** Ctrl-C, as a user stops it; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/** Start `kube-sim ui --port 0` on the state; resolves once it listens. */
export function startUi(cli: string, state: string): Promise<UiProcess> {
  const child = spawn(process.execPath, [cli, '--state', state, 'ui', '--port', '0'], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        resolvePromise({
          url: m[1]!,
          stdout: () => out,
          interrupt: async () => {
            if (child.exitCode === null) child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`kube-sim ui exited ${code}: ${err}`)));
  });
}
