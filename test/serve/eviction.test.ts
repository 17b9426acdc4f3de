/**
 * The eviction subresource through `kube-sim serve`, as the API server's EvictionREST answers it
 * (pkg/registry/core/pod/storage/eviction.go): the Status bodies a client reads (kubectl drain only
 * shows their messages; walkthrough 38 replays that part through the real kubectl), and discovery's
 * `pods/eviction` entry that makes kubectl evict rather than delete.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { runCaptured } from '../../src/cli/main.js';
import { startServer } from '../../src/serve/server.js';
import { FileStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-eviction-'));
const statePath = join(dir, 'cluster.json');
const env = { KUBE_SIM_CLOCK: 'virtual', HOME: dir, KUBE_SIM_STATE: statePath };
/** kube-sim on the same state file the server reads. */
const cli = (args: string[]) => runCaptured(args, { store: new FileStore(statePath, () => undefined), env, cwd: dir });

async function post(port: number, path: string, body: unknown): Promise<{ code: number; body: unknown }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { code: r.status, body: await r.json() };
}

const eviction = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, ...extra });

describe('POST pods/NAME/eviction through kube-sim serve', () => {
  let server: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    port = started.port;
  });
  afterAll(() => server?.close());

  it('answers 201 Success, the budget\'s 429 with its DisruptionBudget cause, 500 for two budgets, 400 for another name', async () => {
    expect((await cli(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).exitCode).toBe(0);
    expect((await cli(['create', 'pdb', 'web', '--selector=app=web', '--min-available=1'])).exitCode).toBe(0);
    const pods = JSON.parse((await cli(['get', 'pods', '-o', 'json'])).stdout).items.map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(pods).toEqual(['web-6dc5cd68db-9jvtb', 'web-6dc5cd68db-mzk82']);

    expect(await post(port, '/api/v1/namespaces/default/pods/web-6dc5cd68db-9jvtb/eviction', eviction('web-6dc5cd68db-9jvtb', { deleteOptions: { dryRun: ['All'] } }))).toEqual({
      code: 201,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
    });
    expect((await cli(['get', 'pdb', 'web', '-o', 'jsonpath={.status.disruptionsAllowed}'])).stdout).toBe('1');
    expect(await post(port, '/api/v1/namespaces/default/pods/web-6dc5cd68db-9jvtb/eviction', eviction('web-6dc5cd68db-9jvtb'))).toEqual({
      code: 201,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
    });
    // The replacement is Ready at once here; a budget of 2 allows nothing more.
    expect((await cli(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":2}}'])).exitCode).toBe(0);
    expect(await post(port, '/api/v1/namespaces/default/pods/web-6dc5cd68db-mzk82/eviction', eviction('web-6dc5cd68db-mzk82'))).toEqual({
      code: 429,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        reason: 'TooManyRequests',
        details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
        code: 429,
      },
    });
    expect((await cli(['create', 'pdb', 'web2', '--selector=app=web', '--min-available=1'])).exitCode).toBe(0);
    expect(await post(port, '/api/v1/namespaces/default/pods/web-6dc5cd68db-mzk82/eviction', eviction('web-6dc5cd68db-mzk82'))).toEqual({
      code: 500,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 },
    });
    expect(await post(port, '/api/v1/namespaces/default/pods/web-6dc5cd68db-mzk82/eviction', eviction('other'))).toMatchObject({
      code: 400,
      body: { message: 'name in URL does not match name in Eviction object', reason: 'BadRequest' },
    });
    expect(await post(port, '/api/v1/namespaces/default/pods/gone/eviction', eviction('gone'))).toMatchObject({ code: 404, body: { message: 'pods "gone" not found', reason: 'NotFound' } });
  });

  it('lists pods/eviction in discovery, as kubectl drain looks for it', async () => {
    const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1`)).json()) as { resources: { name: string }[] };
    expect(list.resources.find((r) => r.name === 'pods/eviction')).toEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  });
});
