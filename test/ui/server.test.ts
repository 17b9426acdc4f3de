/**
 * The ui server without a browser: serve's Host and Origin rule (another site can neither read the
 * cluster nor send requests through it), the page drawn before any script runs, the details and request
 * endpoints, and what it answers to a path it does not know.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { startUi, type UiServer } from '../../src/ui/server.js';

const CHAPTER = resolve(__dirname, '..', '..', 'examples', 'chapter');
const env = { KUBE_SIM_CLOCK: 'virtual' };
const quiet = { write: () => true };

/** One HTTP request with exactly these headers: status and body. */
function ask(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end(opts.body);
  });
}

describe('kube-sim ui server', () => {
  let ui: UiServer;
  let host: string;

  beforeAll(async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'kube-sim-ui-server-')), 'cluster.json');
    for (const f of ['kubia-rc.yaml', 'kubia-svc.yaml']) expect(await main(['--state', state, 'create', '-f', join(CHAPTER, f)], { stdout: quiet, stderr: quiet, env, cwd: tmpdir() })).toBe(0);
    ui = await startUi({ stdout: quiet, stderr: quiet, env, cwd: tmpdir() }, { state }, { port: 0 });
    host = `127.0.0.1:${ui.port}`;
  });

  afterAll(async () => {
    await ui?.close();
  });

  test('a foreign Host or Origin gets 403, as from serve', async () => {
    expect(await ask(ui.port, '/', { headers: { Host: 'evil.example' } })).toEqual({
      status: 403,
      body: 'forbidden: kube-sim ui answers only requests addressed to 127.0.0.1, localhost or [::1], not to host "evil.example"\n',
    });
    const post = await ask(ui.port, '/api/request', { method: 'POST', headers: { Host: host, Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '{"from":"outside","url":"http://kubia"}' });
    expect(post).toEqual({ status: 403, body: 'forbidden: kube-sim ui refuses cross-origin requests (Origin "http://evil.example")\n' });
  });

  test('the page holds the picture before any script runs', async () => {
    const page = await ask(ui.port, '/', { headers: { Host: host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="picture"><svg xmlns="http://www.w3.org/2000/svg" class="cluster-map"');
    expect(page.body).toContain('<g class="box service" data-id="svc:default/kubia">');
    expect(page.body.match(/<g class="edge endpoint" data-from="svc:default\/kubia"/g)).toHaveLength(3);
    expect(page.body).toContain('<option value="pod:default/kubia-9jvtb">pod default/kubia-9jvtb</option>');
  });

  test('a request from the page, from its own origin, runs and returns its trace', async () => {
    const r = await ask(ui.port, '/api/request', {
      method: 'POST',
      headers: { Host: host, Origin: `http://${host}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: 'pod:default/kubia-9jvtb', url: 'http://kubia' }),
    });
    expect(r.status).toBe(200);
    const reply = JSON.parse(r.body) as { stdout: string; exitCode: number; traces: { hops: { kind: string }[] }[] };
    expect(reply.exitCode).toBe(0);
    expect(reply.stdout).toMatch(/^You've hit kubia-\w{5}\n$/);
    expect(reply.traces[0]!.hops.map((h) => h.kind)).toEqual(['dns', 'kube-proxy', 'rule', 'dnat', 'answer', 'response']);
    expect((await ask(ui.port, '/api/request', { method: 'POST', headers: { Host: host }, body: 'not json' })).status).toBe(400);
  });

  test('details of an unknown object and an unknown path are plain 404s', async () => {
    expect(await ask(ui.port, '/api/details?id=svc:default/nope', { headers: { Host: host } })).toEqual({ status: 404, body: '{"error":"no such Service or pod"}' });
    expect(await ask(ui.port, '/nope', { headers: { Host: host } })).toEqual({ status: 404, body: 'not found\n' });
  });
});
