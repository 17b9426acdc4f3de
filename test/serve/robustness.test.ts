/**
 * `kube-sim serve` stays up: a real server process under `ulimit -n 256` answers 1,000 sequential
 * requests without its descriptors growing, survives a malformed WebSocket frame and a simulated program
 * that throws inside an exec, refuses a foreign Host or Origin with 403, and answers an unsupported
 * field selector with the API server's 400.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { statusOf, INTERNAL_ERROR_MESSAGE } from '../../src/serve/status.js';
import { execSession } from '../../src/serve/exec.js';
import type { CommandContext } from '../../src/cli/context.js';
import { refusal } from '../../src/serve/origin-guard.js';
import { bundleCli, startServe, type ServeProcess } from './serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-serve-robust-'));
const statePath = join(dir, 'state.json');
const sim = (args: string[]) => runCaptured(args, { store: new FileStore(statePath, () => undefined), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
let serve: ServeProcess;
let pod = '';

interface Answer {
  status: number;
  body: string;
}

function call(method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, method, path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Open an exec WebSocket by hand and return the socket once the server has answered 101. */
function rawExecSocket(query: string): Promise<import('node:net').Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(serve.port, '127.0.0.1', () => {
      socket.write(
        `GET /api/v1/namespaces/default/pods/${pod}/exec?${query} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
      );
    });
    let head = '';
    socket.on('data', (d) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.removeAllListeners('data');
        if (head.startsWith('HTTP/1.1 101')) resolve(socket);
        else reject(new Error(head));
      }
    });
    socket.on('error', reject);
  });
}

/** Run a command over an exec WebSocket (client side by `ws`); resolves with the channel-3 Status. */
function execStatus(command: string[]): Promise<Record<string, unknown>> {
  const q = new URLSearchParams([...command.map((c) => ['command', c] as [string, string]), ['stdout', 'true'], ['stderr', 'true']]);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api/v1/namespaces/default/pods/${pod}/exec?${q}`, ['v5.channel.k8s.io']);
    ws.on('message', (data: Buffer) => {
      if (data[0] === 3) resolve(JSON.parse(data.subarray(1).toString('utf8')) as Record<string, unknown>);
    });
    ws.on('error', reject);
    ws.on('close', () => reject(new Error('closed without a status')));
  });
}

describe('kube-sim serve stays up', () => {
  beforeAll(async () => {
    expect((await sim(['create', 'deployment', 'kubia', '--image=luksa/kubia', '--replicas=1'])).exitCode).toBe(0);
    pod = (await sim(['get', 'po', '-o', 'name'])).stdout.trim().replace('pod/', '');
    serve = await startServe(await bundleCli(), statePath, { ulimit: 256 });
  });
  afterAll(async () => serve?.stop());

  it('answers 1,000 sequential requests under ulimit -n 256 without its descriptors growing', async () => {
    const fdDir = `/proc/${serve.child.pid}/fd`;
    const fds = () => (existsSync(fdDir) ? readdirSync(fdDir).length : 0);
    // The first requests open what stays open (the store's held loads, the listening socket's peers).
    for (let i = 0; i < 10; i++) expect((await call('GET', '/api/v1/namespaces/default/services')).status).toBe(200);
    const before = fds();
    const failures: string[] = [];
    for (let i = 0; i < 1000; i++) {
      let r: Answer;
      if (i % 10 === 0) {
        r = await call('POST', '/api/v1/namespaces/default/configmaps', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { n: String(i) } }) });
        if (r.status !== 201) failures.push(`POST cm-${i}: ${r.status} ${r.body}`);
        continue;
      }
      if (i % 10 === 5) r = await call('DELETE', `/api/v1/namespaces/default/configmaps/cm-${i - 5}`);
      else if (i % 3 === 0) r = await call('GET', `/api/v1/namespaces/default/pods/${pod}`);
      else if (i % 3 === 1) r = await call('GET', '/api/v1/pods?labelSelector=app%3Dkubia', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
      else r = await call('GET', '/version');
      if (r.status !== 200) failures.push(`request ${i}: ${r.status} ${r.body}`);
    }
    expect(failures).toEqual([]);
    if (before) expect(fds()).toBeLessThanOrEqual(before + 8);
    expect(JSON.parse((await call('GET', '/api/v1/namespaces/default/configmaps')).body).items.filter((c: { metadata: { name: string } }) => c.metadata.name.startsWith('cm-'))).toEqual([]);
  });

  it('survives a malformed WebSocket frame on an exec connection', async () => {
    const socket = await rawExecSocket('command=cat&stdin=true&stdout=true');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    // FIN + continuation opcode with nothing to continue, masked, empty: a protocol error.
    socket.write(Buffer.from([0x80, 0x80, 0x01, 0x02, 0x03, 0x04]));
    await closed;
    expect((await call('GET', '/version')).status).toBe(200);
    expect(serve.child.exitCode).toBeNull();
  });

  it('survives a simulated program that throws inside a WebSocket exec, ending it with a Status', async () => {
    const st = await execStatus(['sh', '-c', 'x=a; while true; do x=$x$x; done']);
    expect(st.status).toBe('Failure');
    // Whatever ends the program (a budget of the shell, or an exception turned into InternalError),
    // no JavaScript text reaches the client.
    expect(JSON.stringify(st)).not.toMatch(/RangeError|Invalid string length|TypeError|at .*\.js/);
    expect((await call('GET', '/version')).status).toBe(200);
    expect(serve.child.exitCode).toBeNull();
  });

  it('refuses a foreign Host or Origin with 403, and serves loopback names', async () => {
    const foreignHost = await call('GET', '/api/v1/namespaces/default/services', { headers: { Host: 'evil.example' } });
    expect(foreignHost.status).toBe(403);
    expect(JSON.parse(foreignHost.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    const crossSite = await call('POST', '/api/v1/namespaces/default/configmaps', {
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'planted' } }),
    });
    expect(crossSite.status).toBe(403);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/planted')).status).toBe(404);
    await expect(rawExecSocketWithOrigin('http://evil.example')).resolves.toMatch(/^HTTP\/1\.1 403 Forbidden/);
    for (const host of ['localhost', `localhost:${serve.port}`, `127.0.0.1:${serve.port}`, `[::1]:${serve.port}`]) {
      expect((await call('GET', '/version', { headers: { Host: host } })).status).toBe(200);
    }
    expect((await call('GET', '/version', { headers: { Origin: `http://127.0.0.1:${serve.port}` } })).status).toBe(200);
  });

  it('answers a field the resource cannot select on with the API server\'s 400', async () => {
    const r = await call('GET', '/api/v1/namespaces/default/services?fieldSelector=foo%3Dbar');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: foo', code: 400 });
    const watch = await call('GET', '/api/v1/namespaces/default/services?watch=true&fieldSelector=foo%3Dbar');
    expect(watch.status).toBe(400);
    const ok = await call('GET', '/api/v1/namespaces/default/services?fieldSelector=metadata.name%3Dkubernetes');
    expect(JSON.parse(ok.body).items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['kubernetes']);
  });

  it('a request line of 100 KB is served, as the API server serves up to 1 MiB of headers (an exec\'s long argument travels in its URL)', async () => {
    // Node's default limit (16 KiB) answered 431 with no body, which kubectl printed as "Error from server: ".
    const r = await call('GET', `/api/v1/namespaces/default/configmaps?labelSelector=${encodeURIComponent(`app notin (${Array.from({ length: 1600 }, (_, i) => `v${i}-${'x'.repeat(55)}`).join(',')})`)}`);
    expect([r.status, r.body.length > 0]).toEqual([200, true]);
  });
});

/** An exec upgrade carrying a foreign Origin: the raw answer's head. */
function rawExecSocketWithOrigin(origin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(serve.port, '127.0.0.1', () => {
      socket.write(
        `GET /api/v1/namespaces/default/pods/${pod}/exec?command=hostname&stdout=true HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nOrigin: ${origin}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
      );
    });
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('what reaches a client when a handler fails', () => {
  it('an exec whose simulated program throws ends with an InternalError Status on channel 3, the JavaScript text kept out', () => {
    // What the shell's budgets do not catch (they end `x=$x$x` with exit 137 now): the session still ends cleanly.
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'kind-worker', containers: [{ name: 'c', image: 'busybox' }] } };
    const ctx = {
      read: () => ({ state: { objects: { pods: { 'default/p': pod } } }, env: {} }),
      mutate: () => {
        throw new RangeError('Invalid string length');
      },
    } as unknown as CommandContext;
    const sent: Buffer[] = [];
    let closed = false;
    const ws = { OPEN: 1, readyState: 1, send: (b: Buffer) => void sent.push(b), close: () => void (closed = true), on: () => undefined };
    execSession(ws as never, ctx, 'default', 'p', new URL('http://127.0.0.1/api/v1/namespaces/default/pods/p/exec?command=sh&stdout=true'));
    expect(closed).toBe(true);
    expect(sent.map((b) => [b[0], b.subarray(1).toString()])).toEqual([[3, JSON.stringify({ metadata: {}, status: 'Failure', message: INTERNAL_ERROR_MESSAGE, reason: 'InternalError', code: 500 })]]);
  });

  it('an unexpected exception is an InternalError Status without the JavaScript message', () => {
    const st = statusOf(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(st).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: INTERNAL_ERROR_MESSAGE, reason: 'InternalError', details: undefined, code: 500 });
  });

  it.each([
    [{ host: '127.0.0.1:8001' }, undefined],
    [{ host: 'localhost' }, undefined],
    [{ host: '[::1]:8001' }, undefined],
    [{ host: 'LOCALHOST:8001' }, undefined],
    [{}, undefined],
    [{ host: 'evil.example' }, 'forbidden: kube-sim serve answers only requests addressed to 127.0.0.1, localhost or [::1], not to host "evil.example"'],
    [{ host: '127.0.0.1.evil.example' }, 'forbidden: kube-sim serve answers only requests addressed to 127.0.0.1, localhost or [::1], not to host "127.0.0.1.evil.example"'],
    [{ host: 'localhost:8001', origin: 'http://localhost:8001' }, undefined],
    [{ host: 'localhost:8001', origin: 'http://localhost:3000' }, 'forbidden: kube-sim serve refuses cross-origin requests (Origin "http://localhost:3000")'],
    [{ host: 'localhost:8001', origin: 'null' }, 'forbidden: kube-sim serve refuses cross-origin requests (Origin "null")'],
  ])('headers %j → %s', (headers, expected) => {
    expect(refusal(headers, 8001)).toBe(expected);
  });
});
