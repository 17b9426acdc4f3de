/**
 * The bridge to real clusters: run a walkthrough's commands through the real kubectl, against a kubeconfig
 * context (a kind cluster, say) or against `kube-sim serve` on the walkthrough's own isolated cluster, and
 * compare with the transcript as usual. kube-sim's own commands (advance, addons, curl, ssh, ...) have no
 * kubectl form: against kube-sim serve they run in-process on the same cluster; against a real cluster
 * they are skipped and reported.
 *
 * The walkthrough stays untrusted here too: the real kubectl gets a fixed environment (none of the
 * walkthrough's variables can pick a program for it to run), its editor is kube-sim's simulated one (the
 * hidden `kube-sim simulated-editor` command, which edits only the file kubectl hands it), its diff program
 * is kube-sim's (`kube-sim simulated-diff`, GNU `diff -u -N` computed in-process, never the host's diff), and
 * without --allow-host a flag naming a host file outside the walkthrough's directory or a plugin is refused
 * before kubectl starts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chunk, Executor } from './session.js';
import { MemoryStore } from '../store/store.js';
import { fetchBundled } from '../addons/remote-manifests.js';
import { websiteExamplePath } from '../addons/website-examples.js';

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
  /** The walkthrough is trusted with host files (--allow-host). */
  allowHost?: boolean;
}

/** kubectl 1.32's own commands; any other word is a plugin (a host program found on the PATH). */
const KUBECTL_COMMANDS = new Set(
  'annotate api-resources api-versions apply attach auth autoscale certificate cluster-info completion config cordon cp create debug delete describe diff drain edit events exec explain expose get kustomize label logs options patch plugin port-forward proxy replace rollout run scale set taint top uncordon version wait help'.split(' '),
);

/** Flags whose value names a host file or directory kubectl reads or writes. */
const FILE_FLAGS = new Set(['-f', '--filename', '-k', '--kustomize', '--from-file', '--from-env-file', '--cert', '--key', '--patch-file', '--kubeconfig', '--certificate-authority', '--client-certificate', '--client-key', '--cache-dir', '--log-file', '--output-directory', '--template']);
/** Flags with a value (so the word after them is not a command or a file). */
const VALUE_FLAGS = new Set([...FILE_FLAGS, '-n', '--namespace', '-o', '--output', '-l', '--selector', '-c', '--container', '--context', '--cluster', '--user', '--field-selector', '-p', '--patch', '--type', '--image', '--port', '--replicas', '--sort-by']);

/**
 * Is `value` a path outside the walkthrough's directory (absolute, home-relative, or climbing with `..`)?
 * An absolute path inside one of `inside` (the walkthrough's private /tmp, the bundled manifests) is not.
 */
function escapes(value: string, inside: (string | undefined)[] = []): boolean {
  if (/^[a-z]+:\/\//i.test(value)) return false;
  const path = value.includes('=') && !value.startsWith('/') && !value.startsWith('.') ? value.slice(value.indexOf('=') + 1) : value;
  if (isAbsolute(path) && !normalize(path).split(/[\\/]/).includes('..')) {
    if (inside.some((d) => d && !relative(d, path).startsWith('..') && !isAbsolute(relative(d, path)))) return false;
  }
  return isAbsolute(path) || path.startsWith('~') || normalize(path).split(/[\\/]/).includes('..');
}

/**
 * Why the real kubectl may not run these arguments for an untrusted walkthrough, if it may not. `inside`:
 * directories of the run besides the working directory whose absolute paths are allowed.
 */
export function bridgeRefusal(argv: string[], inside: (string | undefined)[] = []): string | undefined {
  const command = argv.find((a, i) => !a.startsWith('-') && !VALUE_FLAGS.has(argv[i - 1] ?? ''));
  if (command && !KUBECTL_COMMANDS.has(command)) return `"kubectl ${command}" would run a kubectl plugin (a host program)`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : /^-[fk]./.test(a) ? a.slice(0, 2) : a;
    const value = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : /^-[fk]./.test(a) ? a.slice(2) : FILE_FLAGS.has(a) || a === '-o' || a === '--output' ? argv[i + 1] : undefined;
    if (value === undefined) continue;
    if (flag === '--kubeconfig') return 'a walkthrough cannot choose the kubeconfig the real kubectl uses';
    if (FILE_FLAGS.has(flag) && value !== '-' && escapes(value, inside)) return `${value}: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)`;
    if ((flag === '-o' || flag === '--output') && /-file=|^templatefile=/.test(value) && escapes(value.slice(value.indexOf('=') + 1), inside)) {
      return `${value.slice(value.indexOf('=') + 1)}: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)`;
    }
  }
  return undefined;
}

/** The kube-sim executable (bin/kube-sim.cjs), found from this module's place in the package. */
function kubeSimBin(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 5; k++) {
    const bin = join(dir, 'bin', 'kube-sim.cjs');
    if (existsSync(bin)) return bin;
    dir = dirname(dir);
  }
  return undefined;
}

/** KUBE_EDITOR for the real kubectl: kube-sim's simulated editor, running the walkthrough's editor command. */
function editorShim(): string {
  const bin = kubeSimBin();
  if (!bin) return 'false';
  const parts = [process.execPath, bin, 'simulated-editor'];
  return parts.some((p) => /\s/.test(p)) ? parts.map((p) => `'${p.replace(/'/g, `'\\''`)}'`).join(' ') : parts.join(' ');
}

/**
 * KUBECTL_EXTERNAL_DIFF for the real kubectl: a script in `home` running kube-sim's simulated diff. kubectl
 * splits the variable on spaces and keeps only plain words as arguments (pkg/cmd/diff/diff.go), so a
 * `node kube-sim.cjs ...` line cannot be given directly.
 */
function diffShim(home: string): string {
  const bin = kubeSimBin();
  const script = join(home, 'kube-sim-diff');
  const quote = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;
  mkdirSync(home, { recursive: true });
  writeFileSync(script, bin ? `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(bin)} simulated-diff "$@"\n` : '#!/bin/sh\nexit 2\n', { mode: 0o700 });
  return script;
}

/**
 * The arguments as the real kubectl must get them: a file flag's `/tmp/...` is the walkthrough's private
 * /tmp (the simulated shell wrote it there); against kube-sim serve, a bundled kubernetes.io example is its
 * manifest saved in the directory `bundled`, as kube-sim serves it offline (a real cluster's kubectl fetches
 * the real one; ingress-nginx's manifest holds kinds only the in-process reader acknowledges). Each saved
 * file's path is recorded in `fetched` with its URL, which kubectl would have named in its messages.
 */
function localArgs(argv: string[], tmp: string | undefined, bundled: string | undefined, fetched: Map<string, string>): string[] {
  const fileValue = (flag: string, value: string): string => {
    if (!FILE_FLAGS.has(flag)) return value;
    if (tmp && (value === '/tmp' || value.startsWith('/tmp/'))) return join(tmp, value.slice('/tmp'.length));
    if (bundled && (flag === '-f' || flag === '--filename') && websiteExamplePath(value) !== undefined) {
      const got = fetchBundled(value);
      if (got && 'text' in got) {
        const file = join(bundled, `${createHash('sha256').update(value).digest('hex').slice(0, 16)}-${basename(new URL(value).pathname)}`);
        writeFileSync(file, got.text);
        fetched.set(file, value);
        return file;
      }
    }
    return value;
  };
  return argv.map((a, i) => {
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) return `${a.slice(0, eq)}=${fileValue(a.slice(0, eq), a.slice(eq + 1))}`;
    const prev = argv[i - 1] ?? '';
    return FILE_FLAGS.has(prev) ? fileValue(prev, a) : a;
  });
}

/** An executor that sends kubectl commands to the real kubectl. */
export function kubectlExecutor(target: KubectlTarget): Executor {
  const shim = editorShim();
  const diff = diffShim(target.home);
  // kube-sim serve's cluster lives in a temporary directory (its HOME is there), removed after the run.
  const bundled = target.context ? undefined : join(target.home, 'bundled-manifests');
  return async (rawArgv, stdin, env, dir, tmp) => {
    // `exec --trace` is kube-sim's own too: kubectl has no such flag.
    const own = KUBE_SIM_ONLY.has(rawArgv[0] ?? '') || (rawArgv[0] === 'exec' && rawArgv.includes('--trace'));
    if (own) return target.context ? { chunks: [], exitCode: 0, skipped: true } : undefined;
    // Paths are judged as the walkthrough wrote them (its /tmp is its own), then made the real ones.
    const refusal = target.allowHost ? undefined : bridgeRefusal(rawArgv, [dir, tmp && '/tmp']);
    if (bundled) mkdirSync(bundled, { recursive: true });
    const fetched = new Map<string, string>();
    const argv = target.allowHost ? rawArgv : localArgs(rawArgv, tmp, bundled, fetched);
    // kubectl names its source in errors (`error when creating "URL"`): the URL it would have fetched.
    const shown = (text: string) => {
      for (const [file, url] of fetched) text = text.split(file).join(url);
      return text;
    };
    if (refusal) return { chunks: [{ err: true, text: `error: ${refusal}\n` }], exitCode: 1, problem: refusal };
    const args = ['--kubeconfig', target.kubeconfig, ...(target.context ? ['--context', target.context] : []), ...argv];
    return new Promise((resolve) => {
      const child = spawn(target.kubectl, args, {
        cwd: dir,
        // A fixed environment: the walkthrough's variables never reach kubectl, except its editor command,
        // which kube-sim's simulated editor runs (never the host's editor or shell); diff is kube-sim's too.
        env: { PATH: process.env.PATH, HOME: target.home, NO_COLOR: '1', EDITOR: shim, KUBE_EDITOR: shim, KUBE_SIM_EDITOR: env.KUBE_EDITOR || env.EDITOR || '', KUBECTL_EXTERNAL_DIFF: diff },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const chunks: Chunk[] = [];
      child.stdout.on('data', (d: Buffer) => chunks.push({ err: false, text: shown(d.toString('utf8')) }));
      child.stderr.on('data', (d: Buffer) => chunks.push({ err: true, text: shown(d.toString('utf8')) }));
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
