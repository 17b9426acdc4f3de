/**
 * POST serviceaccounts/NAME/token through `kube-sim serve` in-process: the protobuf body the real kubectl
 * 1.32 sent for `kubectl create token default` (captured with -v=8) and a JSON one with a duration and
 * audiences, answered 201 with the TokenRequest kube-sim's own command prints for the same state, and the
 * server's Status errors (no real kubectl needed: test/serve/token-kubectl.test.ts has that side).
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { runCaptured } from '../../src/cli/main.js';
import { startServer } from '../../src/serve/server.js';
import { FileStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-token-'));
const statePath = join(dir, 'cluster.json');
const twinPath = join(dir, 'twin.json');
const env = { KUBE_SIM_CLOCK: 'virtual', HOME: dir };
const cli = (path: string, args: string[]) => runCaptured(args, { store: new FileStore(path, () => undefined), env, cwd: dir });

/** kubectl 1.32's body: magic, TypeMeta authentication.k8s.io/v1 TokenRequest, an empty metadata, spec and status. */
const KUBECTL_BODY = Buffer.from(
  '6b 38 73 00 0a 28 0a 18 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e 2e 6b 38 73 2e 69 6f 2f 76 31 12 0c 54 6f 6b 65 6e 52 65 71 75 65 73 74 12 1a 0a 10 0a 00 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 04 0a 00 12 00 1a 00 22 00'.replace(/ /g, ''),
  'hex',
);

async function post(port: number, path: string, body: Buffer | string, type: string): Promise<{ code: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { code: r.status, body: await r.text() };
}

describe('POST serviceaccounts/NAME/token through kube-sim serve', () => {
  let server: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    expect((await cli(statePath, ['create', 'serviceaccount', 'robot'])).exitCode).toBe(0);
    cpSync(statePath, twinPath);
    cpSync(`${statePath}.d`, `${twinPath}.d`, { recursive: true });
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    port = started.port;
  });
  afterAll(() => server?.close());

  it('answers kubectl\'s protobuf TokenRequest and a JSON one with what kube-sim create token prints', async () => {
    expect(KUBECTL_BODY.length).toBe(4 + 2 + 40 + 2 + 26 + 4);
    const first = await post(port, '/api/v1/namespaces/default/serviceaccounts/default/token', KUBECTL_BODY, 'application/vnd.kubernetes.protobuf');
    expect(first.code).toBe(201);
    const own = await cli(twinPath, ['create', 'token', 'default', '-o', 'json']);
    expect(JSON.stringify(JSON.parse(first.body), null, 4) + '\n').toBe(own.stdout);
    expect(first.body).toMatch(/^\{"kind":"TokenRequest","apiVersion":"authentication.k8s.io\/v1","metadata":\{"name":"default","namespace":"default","creationTimestamp":"2026-11-21T22:50:00Z"\},"spec":\{"audiences":\["https:\/\/kubernetes.default.svc.cluster.local"\],"expirationSeconds":3600,"boundObjectRef":null\},"status":\{"token":"eyJ[\w.-]+","expirationTimestamp":"2026-11-21T23:50:00Z"\}\}$/);

    const json = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['vault'], expirationSeconds: 7200 } });
    const second = await post(port, '/api/v1/namespaces/default/serviceaccounts/robot/token', json, 'application/json');
    const ownSecond = await cli(twinPath, ['create', 'token', 'robot', '--audience=vault', '--duration=2h', '-o', 'json']);
    expect(second.code).toBe(201);
    expect(JSON.stringify(JSON.parse(second.body), null, 4) + '\n').toBe(ownSecond.stdout);
  });

  it('answers the API server\'s Status errors', async () => {
    const tooShort = await post(port, '/api/v1/namespaces/default/serviceaccounts/default/token', JSON.stringify({ spec: { expirationSeconds: 60 } }), 'application/json');
    expect(tooShort).toEqual({
      code: 422,
      body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"TokenRequest.authentication.k8s.io \\"\\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes","reason":"Invalid","details":{"name":"","kind":"TokenRequest","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: 60: may not specify a duration less than 10 minutes","field":"spec.expirationSeconds"}]},"code":422}',
    });
    const otherName = await post(port, '/api/v1/namespaces/default/serviceaccounts/default/token', JSON.stringify({ metadata: { name: 'robot' } }), 'application/json');
    expect([otherName.code, JSON.parse(otherName.body).message]).toEqual([422, 'TokenRequest.authentication.k8s.io "default" is invalid: metadata.name: Invalid value: "robot": must match the service account name if specified']);
    const missing = await post(port, '/api/v1/namespaces/default/serviceaccounts/nosuch/token', '{}', 'application/json');
    expect([missing.code, JSON.parse(missing.body).message]).toEqual([404, 'serviceaccounts "nosuch" not found']);
    // The subresource is create-only: a GET is the API server's 405, not the ServiceAccount.
    const get = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/default/serviceaccounts/default/token`);
    expect([get.status, JSON.parse(await get.text()).reason]).toEqual([405, 'MethodNotAllowed']);
  });
});
