/**
 * serve's watch stream as the API server writes it: a DELETED event carries the object as it was last
 * seen, with the deletion's resourceVersion (newer than the one it had), not a bare name; changes come in
 * the order they were written, deletions each with its own version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ClientRequest, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/serve/server.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-watch-events-'));
const state = join(dir, 'state.json');
const env = { KUBE_SIM_CLOCK: 'virtual' };
const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(state, () => undefined), env, cwd: dir });

/** A watch request: the events as they come, one parsed line each. */
function openWatch(port: number, path: string): { events: { type: string; object: { metadata: Record<string, unknown>; data?: unknown } }[]; req: ClientRequest } {
  const events: { type: string; object: { metadata: Record<string, unknown> } }[] = [];
  let buffer = '';
  const req = request({ host: '127.0.0.1', port, path }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { events, req };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('serve: watch events', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    expect((await sim('create configmap settings --from-literal=mode=fast')).exitCode).toBe(0);
    expect((await sim('run bb --image=busybox -- sleep 3600')).exitCode).toBe(0);
    ({ server, port } = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state }, { port: 0 }));
  });
  afterAll(() => server.close());

  it('DELETED carries the object as last seen, with a newer resourceVersion', async () => {
    const w = openWatch(port, '/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dsettings');
    await until(() => w.events.length === 1);
    const added = w.events[0]!;
    expect(added.type).toBe('ADDED');
    expect((await sim('delete configmap settings')).exitCode).toBe(0);
    await until(() => w.events.length === 2);
    w.req.destroy();
    const deleted = w.events[1]!;
    expect(deleted.type).toBe('DELETED');
    const { resourceVersion: before, ...addedMeta } = added.object.metadata;
    const { resourceVersion: after, ...deletedMeta } = deleted.object.metadata;
    expect(Number(after)).toBeGreaterThan(Number(before));
    expect({ ...deleted.object, metadata: deletedMeta }).toEqual({ ...added.object, metadata: addedMeta });
    expect(deleted.object.data).toEqual({ mode: 'fast' });
  });

  it('changes found in one look come in the order they were written, not in the order of the names', async () => {
    expect((await sim('create configmap aa')).exitCode).toBe(0);
    expect((await sim('create configmap zz')).exitCode).toBe(0);
    const w = openWatch(port, '/api/v1/namespaces/default/configmaps?watch=true');
    await until(() => w.events.some((e) => e.object.metadata.name === 'zz'));
    const listed = w.events.length;
    // One command writes zz, then aa: both changes are in the next look.
    expect((await sim('label configmap zz aa mark=1')).exitCode).toBe(0);
    await until(() => w.events.length === listed + 2);
    w.req.destroy();
    const changes = w.events.slice(listed).map((e) => `${e.type} ${e.object.metadata.name as string}`);
    const versions = w.events.slice(listed).map((e) => Number(e.object.metadata.resourceVersion));
    expect(changes).toEqual(['MODIFIED zz', 'MODIFIED aa']);
    expect(versions[1]).toBeGreaterThan(versions[0]!);
  });

  it('deletions found in one look carry each its own resourceVersion, in the order they were made', async () => {
    expect((await sim('create configmap d1')).exitCode).toBe(0);
    expect((await sim('create configmap d2')).exitCode).toBe(0);
    const w = openWatch(port, '/api/v1/namespaces/default/configmaps?watch=true');
    await until(() => w.events.some((e) => e.object.metadata.name === 'd2'));
    const listed = w.events.length;
    // One command deletes d2, then d1: both deletions are in the next look.
    expect((await sim('delete configmap d2 d1')).exitCode).toBe(0);
    await until(() => w.events.length === listed + 2);
    w.req.destroy();
    const [first, second] = w.events.slice(listed).map((e) => ({ event: `${e.type} ${e.object.metadata.name as string}`, rv: Number(e.object.metadata.resourceVersion) }));
    // Both carried the counter after the second deletion (the same version twice), d1 first.
    expect([first!.event, second!.event, second!.rv - first!.rv]).toEqual(['DELETED d2', 'DELETED d1', 1]);
  });

  it("a deleted pod's last state comes marked as being deleted", async () => {
    const w = openWatch(port, '/api/v1/namespaces/default/pods?watch=true');
    await until(() => w.events.length === 1);
    expect((await sim('delete pod bb')).exitCode).toBe(0);
    await until(() => w.events.length === 2);
    w.req.destroy();
    const [added, deleted] = w.events;
    expect(deleted!.type).toBe('DELETED');
    expect(deleted!.object.metadata.name).toBe('bb');
    expect(deleted!.object.metadata.deletionTimestamp).toBe('2026-11-21T22:50:00Z');
    expect((deleted!.object as { status?: unknown }).status).toEqual((added!.object as { status?: unknown }).status);
  });
});
