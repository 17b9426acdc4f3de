/**
 * src/store/text-stamps.ts: the pods and Events of a scale-up are stored from texts stamped when they
 * were made, never serialised again. What is stored must be byte for byte the JSON of the objects (the
 * MemoryStore checks every stamp it uses under test), a stamp must not outlive a change, and the scale
 * must really use them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore, MemoryStore } from '../../src/store/store.js';
import { freshCluster } from '../../src/store/bootstrap.js';
import { checkingStamps, fillTemplate, holeMark, stampText, stampedText, templateOf } from '../../src/store/text-stamps.js';
import type { Manifest } from '../../src/store/file-adapter.js';
import { TestCluster } from '../helpers.js';
import { KUBIA_RS as RS } from '../fixtures/kubia.js';

afterEach(() => vi.restoreAllMocks());

describe('stamped texts', () => {
  it('a scale past what the nodes hold stores its pods and FailedScheduling Events as their JSON (checked stamp by stamp)', async () => {
    const c = new TestCluster();
    await c.ok(`create -f ${c.file('rs.yaml', RS)}`);
    expect(await c.ok('scale rs kubia --replicas=400')).toBe('replicaset.apps/kubia scaled\n');
    // Two workers of 110 pods, 2 of them kindnet and kube-proxy (the control plane is tainted): 216
    // run, the rest wait, each with its Event.
    const pods = JSON.parse(await c.ok('get po -l app=kubia -o json')) as { items: { status: { phase: string } }[] };
    expect(pods.items.filter((p) => p.status.phase === 'Pending')).toHaveLength(184);
    const events = (await c.ok('get events --field-selector reason=FailedScheduling -o name')).split('\n').filter(Boolean);
    expect(events).toHaveLength(184);
    // Down and up again: new pods and Events stamped anew next to the stored ones of the first run.
    await c.ok('scale rs kubia --replicas=0');
    await c.ok('scale rs kubia --replicas=400');
    expect((await c.ok('get po -l app=kubia -o name')).split('\n').filter(Boolean)).toHaveLength(400);
  });

  it('the file store writes a scale-up with few serialisations of pods, every shard as its JSON text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-stamps-'));
    const path = join(dir, 'state.json');
    writeFileSync(join(dir, 'rs.yaml'), RS);
    const run = (line: string) => runCaptured(line.split(' '), { store: new FileStore(path, () => undefined), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
    expect((await run('create -f rs.yaml')).exitCode).toBe(0);
    const stringify = JSON.stringify;
    let podTexts = 0;
    vi.spyOn(JSON, 'stringify').mockImplementation(function (this: unknown, value: unknown, ...rest: unknown[]) {
      if ((value as { kind?: string } | null)?.kind === 'Pod') podTexts++;
      return (stringify as (...a: unknown[]) => string).call(this, value, ...rest);
    } as typeof JSON.stringify);
    expect((await run('scale rs kubia --replicas=400')).stdout).toBe('replicaset.apps/kubia scaled\n');
    vi.restoreAllMocks();
    // The first pod of the run goes through the API server's write path (and its prototype is made
    // from it); the 216 bound pods change beyond their status and are serialised again; the 184 that
    // wait are not.
    expect(podTexts).toBeLessThan(260);
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    for (const name of ['objects.pods', 'objects.events']) {
      for (const s of Object.values(m.maps[name]!.shards)) {
        const text = readFileSync(join(`${path}.d`, s.file), 'utf8');
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
      }
    }
  });

  it('a stamp holds for its resourceVersion only, and a change behind its back is caught under test', () => {
    const obj = { metadata: { name: 'a', resourceVersion: '5' }, data: { k: 'v' } };
    const t = templateOf(JSON.stringify({ ...obj, metadata: { name: holeMark(0), resourceVersion: holeMark(1) } }), 2)!;
    stampText(obj, fillTemplate(t, ['"a"', '"5"']), 3);
    expect(stampedText(obj)!.join('')).toBe(JSON.stringify(obj));
    obj.data.k = 'changed';
    expect(() => checkingStamps(true, () => stampedText(obj))).toThrow('kube-sim store: the stamped text of /a is not its JSON (changed without a resourceVersion bump)');
    obj.metadata.resourceVersion = '6';
    expect(stampedText(obj)).toBeUndefined();
    // A mark that is really there in the data spoils the template.
    expect(templateOf(JSON.stringify({ a: holeMark(0), b: holeMark(0) }), 1)).toBeNull();
  });

  it('the MemoryStore refuses a save using a stale stamp', () => {
    const store = new MemoryStore(freshCluster({ clock: 'virtual' }));
    expect(() =>
      store.transact((s) => {
        const svc = s!.objects.services!['default/kubernetes']!;
        svc.metadata.resourceVersion = String(++s!.meta.resourceVersion);
        stampText(svc, [JSON.stringify(svc)], 0);
        svc.metadata.labels = { sneaky: 'yes' };
        return { state: s!, result: undefined };
      }),
    ).toThrow('the stamped text of default/kubernetes is not its JSON');
  });
});
