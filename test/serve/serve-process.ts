/**
 * `kube-sim serve` as a real process, built from the current source (dist/ may be stale in a
 * worktree): the CLI is bundled once per test file into a temporary directory, then started under a
 * shell so a test can set `ulimit -n` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(__dirname, '..', '..');

/** Bundle src/cli/bin.ts into a temporary CommonJS file; returns its path. */
export async function bundleCli(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'kube-sim-bundle-')), 'cli.cjs');
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'silent',
    define: { 'import.meta.url': '__ksImportMetaUrl' },
    banner: { js: "const __ksImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  return outfile;
}

export interface ServeProcess {
  port: number;
  child: ChildProcess;
  /** What the server wrote to stderr so far (its request log). */
  stderr(): string;
  /** Stop the server (SIGTERM) and wait for it to end. */
  stop(): Promise<void>;
}

/** Start `serve --port 0` on a state file, optionally under `ulimit -n N`; resolves once it listens. */
export function startServe(cli: string, statePath: string, opts: { ulimit?: number } = {}): Promise<ServeProcess> {
  const command = `${opts.ulimit ? `ulimit -n ${opts.ulimit} && ` : ''}exec "${process.execPath}" "${cli}" serve --port 0 --quiet --state "${statePath}"`;
  const child = spawn('sh', ['-c', command], { env: { ...process.env, KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        resolvePromise({
          port: Number(m[1]),
          child,
          stderr: () => err,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}
