/**
 * The real kubectl's port-forward through `kube-sim serve`: SPDY/3.1 tunnelled in a WebSocket (kubectl
 * 1.32's default) and over a plain SPDY upgrade (its fallback), answered by the simulated application;
 * a refused connection reads exactly as `kube-sim port-forward` prints it. Skipped, visibly, where no
 * kubectl is installed.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { main, runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';

const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const hasKubectl = kubectlPath !== '' && spawnSync(kubectlPath, ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('SKIPPED: test/serve/port-forward-kubectl.test.ts needs a real kubectl on the PATH (none found)');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-pf-'));
const statePath = join(dir, 'state.json');
const env = { KUBE_SIM_CLOCK: 'virtual' };
const store = () => new FileStore(statePath, () => undefined);
const sim = (args: string[]) => runCaptured(args, { store: store(), env, cwd: dir });
let server: Server | undefined;
let kubeconfig = '';
let pod = '';

interface Running {
  child: ChildProcess;
  port: number;
  out(): string;
  err(): string;
  exit: Promise<number | null>;
}

/** Start `kubectl port-forward ARGS` and wait for its `Forwarding from` lines. */
function kubectlPortForward(args: string[], extraEnv: Record<string, string> = {}): Promise<Running> {
  const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, 'port-forward', ...args], {
    env: { PATH: process.env.PATH, HOME: join(dir, 'home'), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Forwarding from 127\.0\.0\.1:(\d+) -> \d+\nForwarding from \[::1\]:\d+ -> \d+\n/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), out: () => out, err: () => err, exit });
    });
    void exit.then((code) => reject(new Error(`kubectl exited ${code}: ${err}`)));
  });
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`http://127.0.0.1:${port}/`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
    }).on('error', reject);
  });
}

/** Connect, send a request, read until the other side closes. */
function rawHttp(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

/** kube-sim's own port-forward on the same state, until its first connection ends it. */
async function simPortForwardRefused(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  let connected = false;
  const exit = main(['port-forward', ...args], {
    stdout: {
      write: (s: string) => {
        stdout += s;
        const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m && !connected && /\[::1\]/.test(stdout)) {
          connected = true;
          void rawHttp(Number(m[1]));
        }
        return true;
      },
    },
    stderr: { write: (s: string) => ((stderr += s), true) },
    env,
    cwd: dir,
    store: store(),
  });
  const code = await exit;
  return { stdout, stderr, code };
}

/** klog's header and the random local port are the only bytes that may differ. */
const normalise = (text: string, port: number) =>
  text.replace(/^E\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ /gm, 'E<date> <pid> ').replaceAll(String(port), '<port>');

describe.skipIf(!hasKubectl)('the real kubectl port-forward through kube-sim serve', () => {
  beforeAll(async () => {
    expect((await sim(['create', 'deployment', 'kubia', '--image=luksa/kubia', '--replicas=2'])).exitCode).toBe(0);
    expect((await sim(['expose', 'deployment', 'kubia', '--port=80', '--target-port=8080'])).exitCode).toBe(0);
    pod = (await sim(['get', 'po', '-o', 'name'])).stdout.split('\n')[0]!.replace('pod/', '');
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  it('svc/kubia :80 over the WebSocket tunnel: a real HTTP client gets the simulated pod\'s answer; Ctrl-C ends it', async () => {
    const pf = await kubectlPortForward(['svc/kubia', ':80']);
    expect(await httpGet(pf.port)).toMatch(/^200 You've hit kubia-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(await httpGet(pf.port)).toMatch(/^200 You've hit kubia-/);
    pf.child.kill('SIGINT');
    expect(await pf.exit).toBe(0);
    expect(pf.out()).toBe(`Forwarding from 127.0.0.1:${pf.port} -> 8080\nForwarding from [::1]:${pf.port} -> 8080\nHandling connection for ${pf.port}\nHandling connection for ${pf.port}\n`);
    expect(pf.err()).toBe('');
  });

  it('the SPDY fallback (KUBECTL_PORT_FORWARD_WEBSOCKETS=false) forwards too', async () => {
    const pf = await kubectlPortForward([`pod/${pod}`, ':8080'], { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    expect(await httpGet(pf.port)).toBe(`200 You've hit ${pod}\n`);
    pf.child.kill('SIGINT');
    expect(await pf.exit).toBe(0);
  });

  it('a port the pod does not listen on: kubectl prints the kubelet\'s error as kube-sim port-forward does', async () => {
    const pf = await kubectlPortForward([pod, ':9999']);
    expect(await rawHttp(pf.port)).toBe('');
    expect(await pf.exit).toBe(1);
    const theirs = { stdout: normalise(pf.out(), pf.port), stderr: normalise(pf.err(), pf.port) };
    const own = await simPortForwardRefused([pod, ':9999']);
    const ownPort = Number(/127\.0\.0\.1:(\d+)/.exec(own.stdout)![1]);
    expect(own.code).toBe(1);
    expect({ stdout: normalise(own.stdout, ownPort), stderr: normalise(own.stderr, ownPort) }).toEqual(theirs);
    expect(theirs.stderr).toMatch(/^E<date> <pid> portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding <port> -> 9999: error forwarding port 9999 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace .*"\nerror: lost connection to pod\n$/);
  });

  it('a missing pod is refused before the upgrade, with the server\'s NotFound', async () => {
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, 'port-forward', 'pod/nosuchpod', '8080:8080'], { env: { PATH: process.env.PATH, HOME: join(dir, 'home') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('Error from server (NotFound): pods "nosuchpod" not found\n');
    expect(code).toBe(1);
  });
});
