/**
 * serve's watch stream as the API server writes it: a DELETED event carries the object as it was last
 * seen, with the deletion's resourceVersion (newer than the one it had), not a bare name; changes come in
 * the order they were written, deletions each with its own version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ClientRequest, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/serve/server.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { REPLICASET } from '../helpers.js';

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

  /**
   * Create configmaps `first` and `second`, watch them listed, then run `command` (one command, so its
   * two changes are in one look of the watch); returns those two events as `TYPE NAME` and their versions.
   */
  async function twoChangesInOneLook(first: string, second: string, command: string): Promise<{ events: string[]; step: number }> {
    expect((await sim(`create configmap ${first}`)).exitCode).toBe(0);
    expect((await sim(`create configmap ${second}`)).exitCode).toBe(0);
    const w = openWatch(port, '/api/v1/namespaces/default/configmaps?watch=true');
    await until(() => w.events.some((e) => e.object.metadata.name === second));
    const listed = w.events.length;
    expect((await sim(command)).exitCode).toBe(0);
    await until(() => w.events.length === listed + 2);
    w.req.destroy();
    const changes = w.events.slice(listed);
    const versions = changes.map((e) => Number(e.object.metadata.resourceVersion));
    return { events: changes.map((e) => `${e.type} ${e.object.metadata.name as string}`), step: versions[1]! - versions[0]! };
  }

  it('changes found in one look come in the order they were written, not in the order of the names', async () => {
    // zz is written first, then aa.
    expect(await twoChangesInOneLook('aa', 'zz', 'label configmap zz aa mark=1')).toEqual({ events: ['MODIFIED zz', 'MODIFIED aa'], step: 1 });
  });

  it('deletions found in one look carry each its own resourceVersion, in the order they were made', async () => {
    // Both carried the counter after the second deletion (the same version twice, step 0), d1 first.
    expect(await twoChangesInOneLook('d1', 'd2', 'delete configmap d2 d1')).toEqual({ events: ['DELETED d2', 'DELETED d1'], step: 1 });
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

  /** GET a path; the parsed JSON body. */
  async function getJson(path: string): Promise<{ metadata: { resourceVersion: string } }> {
    return new Promise((done, fail) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => done(JSON.parse(text)));
      })
        .on('error', fail)
        .end();
    });
  }

  const line = (e: { type: string; object: { metadata: Record<string, unknown> } }, base: number) => `${e.type} ${e.object.metadata.name as string} +${Number(e.object.metadata.resourceVersion) - base}`;

  it('a watch from resourceVersion N: exactly the changes after N, in write order, each version once; a deletion moves the list version', async () => {
    expect((await sim('create namespace from-n')).exitCode).toBe(0);
    writeFileSync(join(dir, 'rs.yaml'), REPLICASET(1));
    expect((await sim('create -n from-n -f rs.yaml')).exitCode).toBe(0);
    const n = Number((await getJson('/api/v1/namespaces/from-n/pods')).metadata.resourceVersion);
    // Written after N: two more pods (the one before N is not sent).
    expect((await sim('scale -n from-n rs web --replicas=3')).exitCode).toBe(0);
    const w = openWatch(port, `/api/v1/namespaces/from-n/pods?watch=true&resourceVersion=${n}`);
    await until(() => w.events.length === 2);
    expect((await sim('scale -n from-n rs web --replicas=0')).exitCode).toBe(0);
    await until(() => w.events.length === 5);
    w.req.destroy();
    // Each new pod as the watch first finds it (created, scheduled, started: its latest version), then each
    // deletion with its own version (each followed by the controller's SuccessfulDelete Event, a write too).
    expect(w.events.map((e) => line(e, n))).toEqual(['ADDED web-b7nqt +16', 'ADDED web-z4z9p +22', 'DELETED web-z4z9p +26', 'DELETED web-b7nqt +28', 'DELETED web-khcn4 +30']);
    const versions = w.events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(new Set(versions).size).toBe(versions.length);
    // The list's version is the cluster's last write: a configmap's deletion, the newest write.
    expect((await sim('create configmap -n from-n last')).exitCode).toBe(0);
    expect((await sim('delete configmap -n from-n last')).exitCode).toBe(0);
    const after = Number((await getJson('/api/v1/namespaces/from-n/configmaps')).metadata.resourceVersion);
    expect(after).toBe(Number((await getJson('/api/v1/namespaces/from-n/pods')).metadata.resourceVersion));
    expect(after).toBeGreaterThan(versions[versions.length - 1]!);
  });

  it('resourceVersion=0 or none: the objects there are, ADDED in key order, then the changes', async () => {
    expect((await sim('create namespace from-0')).exitCode).toBe(0);
    for (const name of ['zz', 'aa']) expect((await sim(`create configmap -n from-0 ${name}`)).exitCode).toBe(0);
    for (const query of ['&resourceVersion=0', '']) {
      const w = openWatch(port, `/api/v1/namespaces/from-0/configmaps?watch=true${query}`);
      await until(() => w.events.length === 3);
      w.req.destroy();
      expect(w.events.map((e) => `${e.type} ${e.object.metadata.name as string}`)).toEqual(['ADDED aa', 'ADDED kube-root-ca.crt', 'ADDED zz']);
    }
  });

  it('a version older than the deletions remembered: one ERROR event, 410 Expired, too old resource version', async () => {
    expect((await sim('create namespace expired')).exitCode).toBe(0);
    writeFileSync(join(dir, 'rs.yaml'), REPLICASET(0));
    expect((await sim('create -n expired -f rs.yaml')).exitCode).toBe(0);
    const n = Number((await getJson('/api/v1/namespaces/expired/pods')).metadata.resourceVersion);
    // 2,000 pod deletions: the log keeps the newest 1,000 (deletion-log.ts REMEMBERED).
    expect((await sim('scale -n expired rs web --replicas=2000')).exitCode).toBe(0);
    expect((await sim('scale -n expired rs web --replicas=0')).exitCode).toBe(0);
    const w = openWatch(port, `/api/v1/namespaces/expired/pods?watch=true&resourceVersion=${n}`);
    await until(() => w.events.length === 1);
    const error = w.events[0]!;
    const oldest = /^too old resource version: (\d+) \((\d+)\)$/.exec((error.object as unknown as { message: string }).message);
    expect(oldest?.[1]).toBe(String(n));
    expect(error).toEqual({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${n} (${oldest![2]})`, reason: 'Expired', code: 410 } });
    // From that version on, the deletions are all known: the watch starts.
    const from = openWatch(port, `/api/v1/namespaces/expired/pods?watch=true&resourceVersion=${oldest![2]}`);
    await new Promise((r) => setTimeout(r, 300));
    from.req.destroy();
    expect(from.events).toEqual([]);
  }, 60_000);
});
