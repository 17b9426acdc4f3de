/**
 * The sharded state store: PATH is a manifest naming one file per shard and part in PATH.d/; reads parse
 * only the shards they touch, writes replace only what changed and switch the manifest atomically, files
 * leave the directory only after they have been out of every manifest for a grace period, and a missing
 * or broken file is named in the error while the commands that do not need it keep working.
 */
import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync, unlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore, MemoryStore } from '../../src/store/store.js';
import { freshCluster } from '../../src/store/bootstrap.js';
import type { Manifest } from '../../src/store/file-adapter.js';

let dir: string;
let path: string;
let grace = 120_000;
const run = (line: string) =>
  runCaptured(line.split(' '), { store: new FileStore(path, () => undefined, { graceMs: grace }), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
const manifest = () => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const named = (m: Manifest) => [...Object.values(m.maps).flatMap((x) => Object.values(x.shards).map((s) => s.file)), ...Object.values(m.parts).map((p) => p.file)].sort();
const shardFiles = (name: string) => Object.values(manifest().maps[name]!.shards).map((s) => join(`${path}.d`, s.file));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-store-'));
  path = join(dir, 'state.json');
  grace = 120_000;
  writeFileSync(join(dir, 'kubia.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia\n  labels:\n    app: kubia\nspec:\n  containers:\n  - name: kubia\n    image: luksa/kubia\n');
});

describe('the sharded layout', () => {
  it('keeps a manifest at PATH and one file per shard and part beside it', async () => {
    expect((await run('get svc')).exitCode).toBe(0);
    const m = manifest();
    expect(m.generation).toBe(1);
    expect(m.layout).toBe(2);
    expect(Object.keys(m.maps)).toEqual(expect.arrayContaining(['objects.pods', 'objects.services', 'objects.events', 'runtime']));
    expect(Object.keys(m.parts)).toEqual(expect.arrayContaining(['memory.kubelet', 'memory.reconcile-gate']));
    expect(readdirSync(`${path}.d`).sort()).toEqual(named(m));
    // A shard is plain JSON: insertion numbers and the objects by key.
    const shard = JSON.parse(readFileSync(shardFiles('objects.services')[0]!, 'utf8'));
    expect(Object.keys(shard)).toEqual(['seq', 'items']);
    expect(Object.keys(shard.items)).toEqual(['default/kubernetes', 'kube-system/kube-dns']);
  });

  it('a read writes nothing', async () => {
    await run('get svc');
    const before = readFileSync(path, 'utf8');
    await run('get svc');
    await run('get po -A -o wide');
    await run('describe po -n kube-system');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('a write replaces only the shards that changed, and retires (does not delete) what it replaced', async () => {
    await run('get svc');
    const before = manifest();
    expect((await run('create configmap c1 --from-literal=a=b')).stdout).toBe('configmap/c1 created\n');
    const after = manifest();
    expect(after.generation).toBe(2);
    expect(Object.values(after.maps['objects.configmaps']!.shards).map((s) => s.file)).toEqual(['objects.configmaps.0.2.json']);
    expect(after.maps['objects.pods']).toEqual(before.maps['objects.pods']);
    expect(after.maps['objects.services']).toEqual(before.maps['objects.services']);
    expect(after.maps['runtime']).toEqual(before.maps['runtime']);
    // Nothing was deleted: what the new manifest does not name is listed as retired and still there.
    const files = readdirSync(`${path}.d`).sort();
    expect(files).toEqual([...named(after), ...after.retired.map(([f]) => f)].sort());
    for (const [f] of after.retired) expect(named(before)).toContain(f);
  });

  it('retired files are deleted by a later save once the grace period is over', async () => {
    await run('get svc');
    await run('create configmap c1');
    await run('create configmap c2');
    const retired = manifest().retired.map(([f]) => f);
    expect(retired.length).toBeGreaterThan(0);
    for (const f of retired) expect(existsSync(join(`${path}.d`, f))).toBe(true);
    grace = 0;
    await run('create configmap c3');
    for (const f of retired) expect(existsSync(join(`${path}.d`, f))).toBe(false);
    expect(readdirSync(`${path}.d`).sort()).toEqual(named(manifest()));
  });

  it('a broken pods shard stops only the commands that need the pods, and the error says what it held', async () => {
    await run('create -f kubia.yaml');
    const [file] = shardFiles('objects.pods');
    writeFileSync(file!, '{ broken');
    const svc = await run('get svc');
    expect(svc.exitCode).toBe(0);
    expect(svc.stdout).toContain('kubernetes');
    expect((await run('create configmap still-works')).exitCode).toBe(0);
    // The `get po` table comes from the pod digests; the pods themselves are what is lost.
    expect((await run('get po -A')).stdout).toContain('kubia');
    const po = await run('get po -A -o yaml');
    expect(po.exitCode).toBe(1);
    expect(po.stderr).toMatch(new RegExp(`^error: the kube-sim state "${path}" cannot be read: ${file} \\(\\d+ of the pods\\) is not valid JSON \\(invalid character 'b' looking for beginning of object key string\\)\n`));
    expect(po.stderr).toContain('Commands that do not need the pods still work. Restore that file from a backup');
    expect(po.stderr.indexOf('Restore')).toBeLessThan(po.stderr.indexOf('reset'));
    // reset recovers whatever the files hold.
    expect((await run('reset')).exitCode).toBe(0);
    expect((await run('get po -A')).exitCode).toBe(0);
  });

  it('a derived file (digests, an index) that is gone is rebuilt from the objects; a broken one says to remove it', async () => {
    await run('create -f kubia.yaml');
    const before = (await run('get po -A -o wide')).stdout;
    for (const name of ['digest.pods', 'index.pods.labels']) for (const f of shardFiles(name)) unlinkSync(f);
    // Nothing is refused meanwhile, and the next write stores them again.
    expect((await run('get po -A -o wide')).stdout).toBe(before);
    expect((await run('get svc kubernetes -o name')).stdout).toBe('service/kubernetes\n');
    expect((await run('create configmap after')).exitCode).toBe(0);
    for (const name of ['digest.pods', 'index.pods.labels']) for (const f of shardFiles(name)) expect(existsSync(f)).toBe(true);
    const [digest] = shardFiles('digest.pods');
    writeFileSync(digest!, '{ broken');
    const r = await run('get po -A');
    expect(r).toEqual({
      stdout: '',
      stderr:
        `error: the kube-sim state "${path}" cannot be read: ${digest} (${/\((\d+ of the digests of the pods)\)/.exec(r.stderr)?.[1]}) is not valid JSON (invalid character 'b' looking for beginning of object key string)\n` +
        'It holds only what kube-sim derives from the pods: remove that file and the next command rebuilds it.\n',
      exitCode: 1,
    });
    unlinkSync(digest!);
    expect((await run('get po -A -o wide')).stdout).toBe(before);
  });

  it('client dry runs work on a state file, whose parts are read lazily (nothing clones the whole state)', async () => {
    await run('create deployment web --image=nginx');
    for (const [line, out] of [
      ['create deployment y --image=nginx -r 2 --dry-run=client -o jsonpath={.spec.replicas}', '2'],
      ['run p --image=nginx --dry-run=client -o name', 'pod/p\n'],
      ['expose deployment web --port=80 --dry-run=client -o name', 'service/web\n'],
      ['scale deployment web --replicas=3 --dry-run=client', 'deployment.apps/web scaled (dry run)\n'],
      ['drain kind-worker --ignore-daemonsets --dry-run=client', 'node/kind-worker cordoned (dry run)\nnode/kind-worker drained (dry run)\n'],
    ]) {
      expect(await run(line)).toEqual({ stdout: out, stderr: expect.any(String), exitCode: 0 });
    }
    expect((await run('get deploy -o name')).stdout).toBe('deployment.apps/web\n');
  });

  it('reset recovers a manifest edited into nonsense', async () => {
    writeFileSync(path, '{"kubeSim":"state-manifest","layout":2,"generation":"x"}');
    const r = await run('get svc');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('manifest: missing or invalid "generation"');
    expect(r.stderr).toContain(`Restore it from a backup (copy ${path} and ${path}.d together); only as a last resort, 'kube-sim reset --state ${path}'`);
    expect((await run('reset')).exitCode).toBe(0);
    expect((await run('get svc')).exitCode).toBe(0);
  });

  it('reads a whole-state file (the first layout) and converts it on the next write', async () => {
    writeFileSync(path, JSON.stringify(freshCluster({ clock: 'virtual' })));
    expect((await run('get svc')).stdout).toContain('kubernetes');
    expect((await run('create configmap c1')).exitCode).toBe(0);
    expect(manifest().layout).toBe(2);
    expect((await run('get cm c1 -o name')).stdout).toBe('configmap/c1\n');
    expect((await run('get po -A -o name')).stdout.split('\n').filter((l) => l.startsWith('pod/coredns-'))).toHaveLength(2);
  });

  it('reads the first split layout (one file per kind, runtimes in buckets) and converts it on the next write', async () => {
    const state = freshCluster({ clock: 'virtual' });
    const d = `${path}.d`;
    mkdirSync(d);
    const parts: Record<string, string> = {};
    const put = (name: string, value: unknown) => {
      const file = `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.1.json`;
      writeFileSync(join(d, file), JSON.stringify(value));
      parts[name] = file;
    };
    for (const [r, m] of Object.entries(state.objects)) put(`objects.${r}`, m);
    for (const [k, v] of Object.entries(state.memory)) put(`memory.${k}`, v);
    const uids = Object.keys(state.runtime);
    put('runtime.3', state.runtime);
    const { objects: _o, runtime: _r, memory: _m, ...head } = state;
    writeFileSync(path, JSON.stringify({ kubeSim: 'state-manifest', generation: 1, head, parts, index: { 'runtime.3': uids } }));
    const before = (await run('get po -A -o wide')).stdout;
    expect(before).toContain('coredns-');
    const pod = /^kube-system\s+(coredns-\S+)/m.exec(before)![1]!;
    // Logs come from the container runtime, which was in the bucket file.
    const logs = (await run(`logs -n kube-system ${pod}`)).stdout;
    expect(logs).toContain('CoreDNS-1.11.3');
    expect((await run('create configmap c1')).exitCode).toBe(0);
    expect(manifest().layout).toBe(2);
    expect(Object.values(manifest().maps).every((m) => m.scheme !== 'legacy')).toBe(true);
    expect((await run('get po -A -o wide')).stdout).toBe(before);
    expect((await run(`logs -n kube-system ${pod}`)).stdout).toBe(logs);
  });

  it('what a writer killed before switching the manifest left is swept after the grace period', async () => {
    grace = 0;
    await run('get svc');
    const before = readFileSync(path, 'utf8');
    // What a killed writer leaves: new files of the next generation and its temp manifest.
    writeFileSync(join(`${path}.d`, 'objects.configmaps.0.2.json'), '{"seq":[1],"items":{"default/half":');
    writeFileSync(`${path}.99999.tmp`, '{"kubeSim":');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect((await run('get cm -o name')).stdout).toBe('configmap/kube-root-ca.crt\n');
    expect((await run('create configmap c2')).exitCode).toBe(0);
    expect((await run('get cm -o name')).stdout).toBe('configmap/c2\nconfigmap/kube-root-ca.crt\n');
    await run('create configmap c3');
    expect(readdirSync(`${path}.d`).sort()).toEqual([...named(manifest()), ...manifest().retired.map(([f]) => f)].sort());
  });

  it('container runtimes live in shards by pod uid, and what exec writes persists', async () => {
    expect((await run('create -f kubia.yaml')).exitCode).toBe(0);
    expect((await run('exec kubia -- touch /tmp/marker')).exitCode).toBe(0);
    expect((await run('exec kubia -- ls /tmp')).stdout).toBe('marker\n');
    const uid = new FileStore(path, () => undefined).load()!.objects.pods!['default/kubia']!.metadata.uid!;
    const holder = shardFiles('runtime').find((f) => uid in JSON.parse(readFileSync(f, 'utf8')).items);
    expect(holder).toBeDefined();
  });

  it('a kind outgrowing one shard is split, and a one-object write then writes one shard', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}` }, data: { payload: 'x'.repeat(400) } }));
    writeFileSync(join(dir, 'bulk.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    expect((await run('create -f bulk.json')).exitCode).toBe(0);
    const shards = manifest().maps['objects.configmaps']!;
    expect(Object.keys(shards.shards).length).toBeGreaterThan(2);
    for (const s of Object.values(shards.shards)) expect(s.bytes).toBeLessThan(2 * 256 * 1024);
    await run('create configmap one-more');
    const after = manifest().maps['objects.configmaps']!;
    const changed = Object.keys(after.shards).filter((id) => after.shards[id]!.file !== shards.shards[id]?.file);
    expect(changed).toHaveLength(1);
    // With the namespace's kube-root-ca.crt.
    expect((await run('get cm -o name')).stdout.split('\n').filter(Boolean)).toHaveLength(3002);
  });

  it('a shard beyond ASCII is stored as the UTF-8 of its JSON text, byte for byte, however many bytes a character takes', async () => {
    // Two-, three- and four-byte characters, and a value of 940 KB in 420,000 code units (the buffer a
    // shard is assembled in, as large as its code units, grows in the middle of it).
    const values = { small: 'café ✓ 😀 日本', large: `${'é'.repeat(200_000)}${'😀'.repeat(60_000)}${'✓'.repeat(100_000)}` };
    const items = Object.entries(values).map(([name, v]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } }));
    writeFileSync(join(dir, 'wide.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    expect((await run('create -f wide.json')).stdout).toBe('configmap/small created\nconfigmap/large created\n');
    for (const meta of Object.values(manifest().maps['objects.configmaps']!.shards)) {
      const bytes = readFileSync(join(`${path}.d`, meta.file));
      const shard = JSON.parse(bytes.toString('utf8')) as { seq: number[]; items: Record<string, unknown> };
      const text = `{"seq":[${shard.seq.join(',')}],"items":{${Object.entries(shard.items).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}}`;
      expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
      // The manifest gives a shard's size in code units, as it always has.
      expect(meta.bytes).toBe(text.length);
    }
    for (const [name, v] of Object.entries(values)) expect((await run(`get cm ${name} -o jsonpath={.data.v}`)).stdout).toBe(v);
  });

  it('a missing pods shard: the error names it and what it held, other kinds still read', async () => {
    await run('create -f kubia.yaml');
    const [file] = shardFiles('objects.pods');
    unlinkSync(file!);
    const po = await run('get po -o yaml');
    expect(po.exitCode).toBe(1);
    expect(po.stderr).toMatch(new RegExp(`^error: the kube-sim state "${path}" cannot be read: ${file} \\(\\d+ of the pods\\) is missing\\n`));
    expect((await run('get svc -A -o name')).stdout).toBe('service/kubernetes\nservice/kube-dns\n');
    expect((await run('get ns -o name')).exitCode).toBe(0);
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

  it('refuses (under test) a change that bypassed the resourceVersion rule, which the file store would lose', () => {
    const store = new MemoryStore(freshCluster({ clock: 'virtual' }));
    expect(() =>
      store.transact((s) => {
        s!.objects.services!['default/kubernetes']!.metadata.labels = { sneaky: 'yes' };
        return { state: s!, result: undefined };
      }),
    ).toThrow('objects changed without a resourceVersion bump (the file store would lose them): objects.services/default/kubernetes');
  });
});
