/**
 * `kube-sim port-forward`: real listening ports on the host, answered by the simulated application.
 * A real HTTP client (raw TCP, Node's http client, and curl when installed) on 127.0.0.1 gets the
 * pod's answer; kubectl's lines, its errors, Ctrl-C and a refused connection end it as kubectl does.
 * Inside a walkthrough it listens on the simulated host's ports instead.
 */
import { describe, expect, test } from 'vitest';
import { connect } from 'node:net';
import { get } from 'node:http';
import { spawnSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { describeFailure, runTranscript } from '../../src/transcript/runner.js';
import type { TestCluster } from '../helpers.js';
import { kubiaCluster, podNames } from './fixtures.js';

interface Forwarding {
  stdout(): string;
  stderr(): string;
  /** The local port of the first `Forwarding from` line. */
  port: number;
  /** Ctrl-C. */
  interrupt(): void;
  exit: Promise<number>;
}

/** Start `port-forward ARGS` in process and wait until it printed `listeners` Forwarding lines (or ended). */
async function portForward(c: TestCluster, args: string[], listeners = 2): Promise<Forwarding> {
  let out = '';
  let err = '';
  let stop: () => void = () => undefined;
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const exit = main(['port-forward', ...args], {
    stdout: { write: (s: string) => ((out += s), (out.match(/Forwarding from/g) ?? []).length >= listeners && listening(), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    env: c.env,
    cwd: c.dir,
    store: c.store,
    onInterrupt: (fn) => ((stop = fn), () => (stop = () => undefined)),
  });
  await Promise.race([ready, exit]);
  const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
  return { stdout: () => out, stderr: () => err, port: m ? Number(m[1]) : 0, interrupt: () => stop(), exit };
}

/** One raw HTTP exchange on a fresh TCP connection: every byte the server sent until it closed. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const hasCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim() !== '';

describe('port-forward to a simulated pod', () => {
  test('svc/kubia :80 listens on a free port of 127.0.0.1 and ::1 and a real client gets the pod\'s answer', async () => {
    const c = await kubiaCluster();
    const [first] = await podNames(c, 'kubia-');
    const pf = await portForward(c, ['svc/kubia', ':80']);
    const p = pf.port;
    expect(p).toBeGreaterThan(0);
    expect(pf.stdout()).toBe(`Forwarding from 127.0.0.1:${p} -> 8080\nForwarding from [::1]:${p} -> 8080\n`);

    // Keep-alive: two requests on one connection; the kubia app answers chunked, as node's http does.
    const raw = await rawHttp(p, `GET / HTTP/1.1\r\nHost: localhost:${p}\r\n\r\nGET /again HTTP/1.1\r\nHost: localhost:${p}\r\nConnection: close\r\n\r\n`);
    const body = `You've hit ${first}\n`;
    const answer = `HTTP/1.1 200 OK\r\nDate: Sat, 21 Nov 2026 22:50:30 GMT\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    expect(raw).toBe(answer + answer);
    expect(await httpGet(`http://127.0.0.1:${p}/`)).toEqual({ status: 200, body: `You've hit ${first}\n` });
    expect(await httpGet(`http://[::1]:${p}/`)).toEqual({ status: 200, body: `You've hit ${first}\n` });
    expect(pf.stdout()).toBe(`Forwarding from 127.0.0.1:${p} -> 8080\nForwarding from [::1]:${p} -> 8080\n${`Handling connection for ${p}\n`.repeat(3)}`);

    pf.interrupt();
    expect(await pf.exit).toBe(0);
    expect(pf.stderr()).toBe('');
    await expect(rawHttp(p, 'GET / HTTP/1.1\r\n\r\n')).rejects.toThrow(/ECONNREFUSED/);
    // The application logged each request, from localhost inside the pod.
    expect((await c.ok(`logs ${first}`)).split('\n').filter((l) => l.startsWith('Received')).slice(-4)).toEqual(Array(4).fill('Received request from ::ffff:127.0.0.1'));
  });

  test.skipIf(!hasCurl)('a real curl on the host reaches the pod (skipped without curl)', async () => {
    const c = await kubiaCluster();
    const [first] = await podNames(c, 'kubia-');
    const pf = await portForward(c, [`pod/${first}`, ':8080', '--address', '127.0.0.1'], 1);
    expect(pf.stdout()).toBe(`Forwarding from 127.0.0.1:${pf.port} -> 8080\n`);
    const curl = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('curl', ['-sS', `http://127.0.0.1:${pf.port}/`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(curl).toEqual({ code: 0, out: `You've hit ${first}\n` });
    pf.interrupt();
    expect(await pf.exit).toBe(0);
  });

  test('several port pairs, deploy/NAME and a named port: the most active pod of the selector', async () => {
    const c = await kubiaCluster();
    const pf = await portForward(c, ['deploy/kubia', ':http', ':8080', '--address', '127.0.0.1'], 2);
    const lines = pf.stdout().split('\n');
    expect(lines.map((l) => l.replace(/:\d+ ->/, ':PORT ->'))).toEqual(['Forwarding from 127.0.0.1:PORT -> 8080', 'Forwarding from 127.0.0.1:PORT -> 8080', '']);
    const second = Number(/:(\d+) ->/.exec(lines[1]!)![1]);
    expect(second).not.toBe(pf.port);
    expect((await httpGet(`http://127.0.0.1:${second}/`)).body).toMatch(/^You've hit kubia-/);
    pf.interrupt();
    expect(await pf.exit).toBe(0);
  });

  test('a port the pod does not listen on: the kubelet\'s error, then kubectl\'s lost connection', async () => {
    const c = await kubiaCluster();
    const [first] = await podNames(c, 'kubia-');
    const pf = await portForward(c, [first!, ':9999']);
    const p = pf.port;
    expect(await rawHttp(p, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('');
    expect(await pf.exit).toBe(1);
    expect(pf.stdout()).toBe(`Forwarding from 127.0.0.1:${p} -> 9999\nForwarding from [::1]:${p} -> 9999\nHandling connection for ${p}\n`);
    const sandbox = /to pod ([0-9a-f]{64}), uid/.exec(pf.stderr())?.[1] ?? '';
    const netns = /network namespace \\"(\/var\/run\/netns\/cni-[0-9a-f-]{36})\\"/.exec(pf.stderr())?.[1] ?? '';
    expect(pf.stderr()).toBe(
      `E1121 22:50:30.000000   48213 portforward.go:424] "Unhandled Error" err="an error occurred forwarding ${p} -> 9999: error forwarding port 9999 to pod ${sandbox}, uid : ` +
        `failed to execute portforward in network namespace \\"${netns}\\": failed to connect to localhost:9999 inside namespace \\"${sandbox}\\", ` +
        'IPv4: dial tcp4 127.0.0.1:9999: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found "\n' +
        'error: lost connection to pod\n',
    );
    expect(sandbox).toHaveLength(64);
  });

  test('the pod deleted meanwhile: the kubelet no longer finds its sandbox', async () => {
    const c = await kubiaCluster();
    const [first] = await podNames(c, 'kubia-');
    const pf = await portForward(c, [first!, ':8080', '--address', '127.0.0.1'], 1);
    await c.ok(`delete pod ${first}`);
    expect(await rawHttp(pf.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('');
    expect(await pf.exit).toBe(1);
    expect(pf.stderr()).toMatch(/err="an error occurred forwarding \d+ -> 8080: error forwarding port 8080 to pod ([0-9a-f]{64}), uid : failed to find sandbox \\"\1\\" in store: not found"\nerror: lost connection to pod\n$/);
  });

  test('a taken port: kubectl\'s listener errors', async () => {
    const c = await kubiaCluster();
    const first = await portForward(c, ['svc/kubia', ':80', '--address', '127.0.0.1'], 1);
    const taken = first.port;
    const second = await portForward(c, ['svc/kubia', `${taken}:80`, '--address', '127.0.0.1'], 1);
    expect(await second.exit).toBe(1);
    expect(second.stdout()).toBe('');
    expect(second.stderr()).toBe(
      `Unable to listen on port ${taken}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${taken}: bind: address already in use]\n` +
        `error: unable to listen on any of the requested ports: [{${taken} 8080}]\n`,
    );
    first.interrupt();
    expect(await first.exit).toBe(0);
  });

  const NOSEL = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nosel\nspec:\n  ports:\n  - port: 80\n';
  const PENDING = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pending\nspec:\n  nodeSelector:\n    disk: ssd\n  containers:\n  - name: c\n    image: nginx\n';
  const DNS = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: dns\nspec:\n  selector:\n    app: kubia\n  ports:\n  - name: dns\n    port: 53\n    protocol: UDP\n';
  test.each([
    ['svc/kubia', "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n"],
    ['svc/nope 80', 'Error from server (NotFound): services "nope" not found\n'],
    ['nopod 80', 'Error from server (NotFound): pods "nopod" not found\n'],
    ['svc/nosel 80', "error: cannot attach to *v1.Service: invalid service 'nosel': Service is defined without a selector\n"],
    ['svc/kubia 81', 'error: Service kubia does not have a service port 81\n'],
    ['svc/kubia 8080:web', "error: Service 'kubia' does not have a named port 'web'\n"],
    ['svc/dns 53', 'error: UDP protocol is not supported for 53\n'],
    ['configmap/settings 80', 'error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n'],
    ['pending 80', 'error: unable to forward port because pod is not running. Current status=Pending\n'],
    ['deploy/kubia 0', 'error: remote port must be > 0\n'],
    ['deploy/kubia 70000:8080', 'error: error parsing local port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n'],
    ['deploy/kubia 8080 --address foo', 'error: foo is not a valid IP\n'],
  ])('port-forward %s', async (args, stderr) => {
    const c = await kubiaCluster();
    c.file('extra.yaml', [NOSEL, PENDING, DNS].join('---\n'));
    await c.ok('apply -f extra.yaml');
    await c.ok('create configmap settings');
    const r = await c.run(`port-forward ${args}`);
    expect(r).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});

describe('port-forward inside a walkthrough', () => {
  test('listens on the simulated host\'s ports, where the walkthrough\'s curl reaches it (test/traffic/walkthroughs/port-forward.md)', async () => {
    const file = join(__dirname, 'walkthroughs', 'port-forward.md');
    const r = await runTranscript(file);
    expect(r.error ?? '').toBe('');
    expect(r.failures.map((f) => describeFailure('port-forward.md', f)).join('\n\n')).toBe('');
    expect(r.commands.length).toBe(12);
  });
});
