/**
 * The API server's proxy subresource and the commands that reach it: `get --raw` through main(),
 * `kube-sim proxy` (kubectl proxy) at a real port answering node's http client and ending on Ctrl-C,
 * and the real kubectl's `get --raw` through `kube-sim serve` (skipped, visibly, without a kubectl).
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, type Server } from 'node:http';
import { main, runCaptured } from '../../src/cli/main.js';
import { describeFailure, runTranscript } from '../../src/transcript/runner.js';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { FileStore } from '../../src/store/store.js';

const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const hasKubectl = kubectlPath !== '' && spawnSync(kubectlPath, ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('SKIPPED: the real-kubectl part of test/serve/api-proxy.test.ts needs a real kubectl on the PATH (none found)');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-apiproxy-'));
const statePath = join(dir, 'state.json');
const env: Record<string, string> = { KUBE_SIM_CLOCK: 'virtual' };
const store = () => new FileStore(statePath, () => undefined);
const sim = (line: string) => runCaptured(line.split(' '), { store: store(), env, cwd: dir });
const POD = 'kubernetes-bootcamp-684c8dd9d8-mzk82';
const HELLO = `Hello Kubernetes bootcamp! | Running on: ${POD} | v=1\n`;

function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  expect((await sim('create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1')).exitCode).toBe(0);
  expect((await sim('get po -o name')).stdout).toBe(`pod/${POD}\n`);
});

describe('get --raw', () => {
  const cases: [string, string, string, number][] = [
    ['/healthz', 'ok', '', 0],
    [`/api/v1/namespaces/default/pods/${POD}:8080/proxy/`, HELLO, '', 0],
    // The API server redirects `.../proxy` to `.../proxy/`; kubectl's client follows it.
    [`/api/v1/namespaces/default/pods/${POD}:8080/proxy`, HELLO, '', 0],
    [`/api/v1/namespaces/default/pods/${POD}:9999/proxy/`, '', 'Error from server (ServiceUnavailable): error trying to reach service: dial tcp 10.244.2.2:9999: connect: connection refused\n', 1],
    // No port and no declared containerPort: port 80, where the bootcamp app does not listen.
    [`/api/v1/namespaces/default/pods/${POD}/proxy/`, '', 'Error from server (ServiceUnavailable): error trying to reach service: dial tcp 10.244.2.2:80: connect: connection refused\n', 1],
    ['/api/v1/namespaces/default/pods/nope:8080/proxy/', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['/api/v1/namespaces/default/services/nope/proxy/', '', 'Error from server (NotFound): endpoints "nope" not found\n', 1],
    ['/api/v1/namespaces/default/services/a:b:c:d/proxy/', '', 'Error from server (BadRequest): invalid service request "a:b:c:d"\n', 1],
    ['/nope', '', 'Error from server (NotFound): the server could not find the requested resource\n', 1],
    ['version', '', `error: --raw must be a valid URL path: parse "version": invalid URI for request\n`, 1],
  ];
  it.each(cases)('get --raw %s', async (path, stdout, stderr, exitCode) => {
    expect(await sim(`get --raw ${path}`)).toEqual({ stdout, stderr, exitCode });
  });

  it('/version is indented as the API server writes it, without a final newline', async () => {
    const r = await sim('get --raw /version');
    expect(r.stdout).toBe(
      '{\n  "major": "1",\n  "minor": "32",\n  "gitVersion": "v1.32.0",\n  "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53",\n  "gitTreeState": "clean",\n  "buildDate": "2024-12-17T20:14:23Z",\n  "goVersion": "go1.23.4",\n  "compiler": "gc",\n  "platform": "linux/amd64"\n}',
    );
  });

  it('a service by port number and by name picks a ready endpoint; no endpoints is a 503', async () => {
    expect((await sim('expose deployment/kubernetes-bootcamp --type=NodePort --port 8080')).exitCode).toBe(0);
    expect(await sim('get --raw /api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/')).toEqual({ stdout: HELLO, stderr: '', exitCode: 0 });
    expect(await sim('get --raw /api/v1/namespaces/default/services/kubernetes-bootcamp:80/proxy/')).toEqual({ stdout: '', stderr: 'Error from server (ServiceUnavailable): no service port 80 found for service "kubernetes-bootcamp"\n', exitCode: 1 });
    expect((await sim('scale deployment kubernetes-bootcamp --replicas=0')).exitCode).toBe(0);
    expect(await sim('get --raw /api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/')).toEqual({ stdout: '', stderr: 'Error from server (ServiceUnavailable): no endpoints available for service "kubernetes-bootcamp"\n', exitCode: 1 });
    expect((await sim('scale deployment kubernetes-bootcamp --replicas=1')).exitCode).toBe(0);
    expect((await sim('delete service kubernetes-bootcamp')).exitCode).toBe(0);
  });

  it('the application logs each proxied request', async () => {
    const pod = (await sim('get po -o name')).stdout.trim().replace('pod/', '');
    await sim(`get --raw /api/v1/namespaces/default/pods/${pod}:8080/proxy/`);
    const logs = (await sim(`logs ${pod}`)).stdout.split('\n');
    expect(logs[0]).toBe(`Kubernetes Bootcamp App Started At: 2026-11-21T22:50:00.000Z | Running On:  ${pod} `);
    expect(logs.at(-2)).toMatch(new RegExp(`^Running On: ${pod} \\| Total Requests: \\d+ \\| App Uptime: 0 seconds \\| Log Time: 2026-11-21T22:50:00.000Z$`));
  });
});

describe('kube-sim proxy (kubectl proxy) at a real port', () => {
  it('prints where it serves, answers node http with the API and the pod, filters hosts, ends on Ctrl-C', async () => {
    let out = '';
    let stop: () => void = () => undefined;
    let ready: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (ready = resolve));
    const exit = main(['proxy', '--port=0'], {
      stdout: { write: (s: string) => ((out += s), ready(), true) },
      stderr: { write: () => true },
      env,
      cwd: dir,
      store: store(),
      onInterrupt: (fn) => ((stop = fn), () => (stop = () => undefined)),
    });
    await Promise.race([started, exit]);
    const m = /^Starting to serve on 127\.0\.0\.1:(\d+)\n$/.exec(out);
    expect(m, out).not.toBeNull();
    const base = `http://127.0.0.1:${m![1]}`;
    const pod = (await sim('get po -o name')).stdout.trim().replace('pod/', '');
    expect(await httpGet(`${base}/api/v1/namespaces/default/pods/${pod}:8080/proxy/`)).toEqual({ status: 200, body: `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`, type: 'text/plain' });
    expect(await httpGet(`${base}/healthz`)).toEqual({ status: 200, body: 'ok', type: 'text/plain' });
    // A 100 KB URL is served, as Go's 1 MiB header limit serves it (Node's 16 KiB answered 431).
    expect((await httpGet(`${base}/api/v1/namespaces/default/configmaps?limit=500&x=${'y'.repeat(100_000)}`)).status).toBe(200);
    // curl's user agent gets the API server's indented JSON.
    const ns = await httpGet(`${base}/api/v1/namespaces/default`, { 'User-Agent': 'curl/8.5.0' });
    expect(ns.body).toMatch(/^\{\n  "[a-zA-Z]+": /);
    expect(JSON.parse(ns.body)).toMatchObject({ kind: 'Namespace', metadata: { name: 'default' } });
    // kubectl proxy's filter: a Host it does not accept, and exec, are Forbidden.
    expect(await httpGet(`${base}/healthz`, { Host: 'evil.example:8001' })).toEqual({ status: 403, body: 'Forbidden\n', type: 'text/plain; charset=utf-8' });
    // What kubectl 1.32's proxy answers for these Host headers (its filter matches net.SplitHostPort's host).
    const hosts: [string, number][] = [['[::1]:8001', 403], ['[::1]', 200], ['127.0.0.1', 200], ['localhost:', 200], ['evil', 403], ['LOCALHOST:1', 403]];
    for (const [host, code] of hosts) expect([host, (await httpGet(`${base}/healthz`, { Host: host })).status]).toEqual([host, code]);
    expect(await httpGet(`${base}/api/v1/namespaces/default/pods/${pod}/exec?command=sh`)).toEqual({ status: 403, body: 'Forbidden\n', type: 'text/plain; charset=utf-8' });
    stop();
    expect(await exit).toBe(130);
    await expect(httpGet(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('kubectl proxy inside a walkthrough', () => {
  it("listens on the simulated host's port, where the walkthrough's curl reaches it (test/serve/walkthroughs/kubectl-proxy.md)", async () => {
    const r = await runTranscript(join(__dirname, 'walkthroughs', 'kubectl-proxy.md'));
    expect(r.error ?? '').toBe('');
    expect(r.failures.map((f) => describeFailure('kubectl-proxy.md', f)).join('\n\n')).toBe('');
    expect(r.commands.length).toBe(14);
  });
});

describe.skipIf(!hasKubectl)('the real kubectl get --raw through kube-sim serve', () => {
  let server: Server | undefined;
  let kubeconfig = '';
  beforeAll(async () => {
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
    return new Promise((resolve) => {
      const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH, HOME: join(dir, 'home'), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
    });
  }

  it.each(['/healthz', 'POD:8080/proxy/', 'POD:8080/proxy', 'POD:9999/proxy/', 'nope:8080/proxy/', '/nope', '/version'])('kubectl get --raw %s prints what kube-sim prints', async (path) => {
    const pod = (await sim('get po -o name')).stdout.trim().replace('pod/', '');
    const full = path.startsWith('/') ? path : `/api/v1/namespaces/default/pods/${path.replace('POD', pod)}`;
    const ours = await sim(`get --raw ${full}`);
    const theirs = await kubectl(['get', '--raw', full]);
    expect(theirs).toEqual(ours);
  });
});
