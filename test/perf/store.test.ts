/**
 * The split state store: PATH is a manifest naming one file per part in PATH.d/; reads parse only the
 * parts they touch, writes replace only changed parts and switch the manifest atomically.
 */
import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore, MemoryStore } from '../../src/store/store.js';
import { freshCluster } from '../../src/store/bootstrap.js';
import { runtimePart } from '../../src/store/parts.js';

let dir: string;
let path: string;
const run = (line: string) =>
  runCaptured(line.split(' '), { store: new FileStore(path, () => undefined), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
const manifest = () => JSON.parse(readFileSync(path, 'utf8')) as { generation: number; parts: Record<string, string>; index: Record<string, string[]> };
const partFile = (name: string) => join(`${path}.d`, manifest().parts[name]!);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-store-'));
  path = join(dir, 'state.json');
  writeFileSync(join(dir, 'kubia.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia\n  labels:\n    app: kubia\nspec:\n  containers:\n  - name: kubia\n    image: luksa/kubia\n');
});

describe('the split layout', () => {
  it('keeps a manifest at PATH and one file per part beside it', async () => {
    expect((await run('get svc')).exitCode).toBe(0);
    const m = manifest();
    expect(m.generation).toBe(1);
    expect(Object.keys(m.parts)).toEqual(expect.arrayContaining(['objects.pods', 'objects.services', 'memory.kubelet']));
    expect(readdirSync(`${path}.d`).sort()).toEqual(Object.values(m.parts).sort());
  });

  it('a read that changes nothing writes nothing', async () => {
    await run('get svc');
    const before = readFileSync(path, 'utf8');
    await run('get svc');
    await run('get po -A -o wide');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('a write replaces only the parts that changed', async () => {
    await run('get svc');
    const before = manifest().parts;
    expect((await run('create configmap c1 --from-literal=a=b')).stdout).toBe('configmap/c1 created\n');
    const after = manifest();
    expect(after.generation).toBe(2);
    expect(after.parts['objects.configmaps']).toBe('objects.configmaps.2.json');
    expect(after.parts['objects.pods']).toBe(before['objects.pods']);
    expect(after.parts['objects.services']).toBe(before['objects.services']);
    // Files of parts no longer named are gone.
    expect(readdirSync(`${path}.d`).sort()).toEqual(Object.values(after.parts).sort());
  });

  it('a command reads only the parts it prints: a broken pods part does not stop `get svc`', async () => {
    await run('get svc');
    writeFileSync(partFile('objects.pods'), '{ broken');
    const svc = await run('get svc');
    expect(svc.exitCode).toBe(0);
    expect(svc.stdout).toContain('kubernetes');
    const po = await run('get po -A');
    expect(po.exitCode).toBe(1);
    expect(po.stderr).toContain(`the kube-sim state file "${path}" cannot be read: ${partFile('objects.pods')}:`);
    expect(po.stderr).toContain(`kube-sim reset --state ${path}`);
    // reset recovers whatever the parts hold.
    expect((await run('reset')).exitCode).toBe(0);
    expect((await run('get po -A')).exitCode).toBe(0);
  });

  it('reset recovers a manifest edited into nonsense', async () => {
    writeFileSync(path, '{"kubeSim":"state-manifest","generation":"x"}');
    const r = await run('get svc');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('manifest: missing or invalid "generation"');
    expect((await run('reset')).exitCode).toBe(0);
    expect((await run('get svc')).exitCode).toBe(0);
  });

  it('reads a whole-state file (the first layout) and splits it on the next write', async () => {
    writeFileSync(path, JSON.stringify(freshCluster({ clock: 'virtual' })));
    expect((await run('get svc')).stdout).toContain('kubernetes');
    expect((await run('create configmap c1')).exitCode).toBe(0);
    expect(manifest().parts['objects.configmaps']).toBeDefined();
    expect((await run('get cm c1 -o name')).stdout).toBe('configmap/c1\n');
  });

  it('a writer killed before switching the manifest leaves the previous state, and its files are swept', async () => {
    await run('get svc');
    const before = readFileSync(path, 'utf8');
    // What a killed writer leaves: new parts of the next generation and its temp manifest.
    writeFileSync(join(`${path}.d`, 'objects.configmaps.2.json'), '{"default/half":');
    writeFileSync(`${path}.99999.tmp`, '{"kubeSim":');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect((await run('get cm -o name')).stdout).toBe('configmap/kube-root-ca.crt\n');
    expect((await run('create configmap c2')).exitCode).toBe(0);
    expect((await run('get cm -o name')).stdout).toBe('configmap/c2\nconfigmap/kube-root-ca.crt\n');
    expect(readdirSync(`${path}.d`).sort()).toEqual(Object.values(manifest().parts).sort());
  });

  it('container runtimes live in parts by pod uid, and what exec writes persists', async () => {
    expect((await run('create -f kubia.yaml')).exitCode).toBe(0);
    expect((await run('exec kubia -- touch /tmp/marker')).exitCode).toBe(0);
    expect((await run('exec kubia -- ls /tmp')).stdout).toBe('marker\n');
    const uid = new FileStore(path, () => undefined).load()!.objects.pods!['default/kubia']!.metadata.uid!;
    expect(manifest().index[runtimePart(uid)]).toContain(uid);
    expect(existsSync(partFile(runtimePart(uid)))).toBe(true);
  });
});

describe('descriptors', () => {
  it('stay bounded when one store loads in a loop, and a holder kept from an old load still reads', async () => {
    await run('get svc');
    const store = new FileStore(path, () => undefined);
    const kept = store.load()!.objects;
    const count = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);
    const before = count();
    for (let i = 0; i < 500; i++) store.load();
    expect(count() - before).toBeLessThan(100);
    expect(Object.keys(kept.services!)).toContain('default/kubernetes');
  });
});

describe('MemoryStore', () => {
  it('gives each load its own objects and keeps a failed change out', () => {
    const store = new MemoryStore(freshCluster({ clock: 'virtual' }));
    const a = store.load()!;
    a.objects.services!['default/kubernetes']!.metadata.name = 'changed';
    expect(store.load()!.objects.services!['default/kubernetes']!.metadata.name).toBe('kubernetes');
    expect(() =>
      store.transact((s) => {
        delete s!.objects.services;
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(Object.keys(store.load()!.objects.services!)).toContain('default/kubernetes');
  });
});
