/**
 * A command costs what it changes: on a cluster of 2,000 pods and 200 Services, a single-object write
 * (create, label, delete, one `exec -- curl`) and a read parse no pod they do not need, read a handful of
 * shards and write a handful of files. Measured by what the store reads and writes, not by time.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import type { Manifest } from '../../src/store/file-adapter.js';

let dir: string;
let path: string;
let reads: string[] = [];
const run = async (line: string) => {
  const r = await runCaptured(line.split(' '), { store: new FileStore(path, () => undefined, { onRead: (n, s) => reads.push(s === null ? n : `${n}/${s}`) }), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
  if (r.exitCode !== 0) throw new Error(`${line}: ${r.stderr}`);
  return r.stdout;
};
const files = () => {
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  return new Set([...Object.values(m.maps).flatMap((x) => Object.values(x.shards).map((s) => s.file)), ...Object.values(m.parts).map((p) => p.file)]);
};

/** What one command read (shards and parts) and wrote (files). */
async function cost(line: string): Promise<{ reads: string[]; written: string[]; out: string }> {
  const before = files();
  reads = [];
  const out = await run(line);
  const written = [...files()].filter((f) => !before.has(f));
  return { reads: [...reads], written, out };
}

const podShards = (r: string[]) => r.filter((x) => x.startsWith('objects.pods/'));
/** The Services shards read (distinct: label reads its target, as kubectl's GET does, before it writes). */
const serviceShards = (r: string[]) => [...new Set(r.filter((x) => x.startsWith('objects.services/')))];
const sliceShards = (r: string[]) => r.filter((x) => x.startsWith('objects.endpointslices/'));
const storedShards = (map: string) => Object.keys((JSON.parse(readFileSync(path, 'utf8')) as Manifest).maps[map]!.shards).length;
const digestShards = (r: string[]) => r.filter((x) => x.startsWith('digest.pods/'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-cost-'));
  path = join(dir, 'state.json');
  const items = Array.from({ length: 200 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { selector: { app: `app-${i % 20}` }, ports: [{ port: 80, targetPort: 8080 }] } }));
  writeFileSync(join(dir, 'svcs.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  writeFileSync(join(dir, 'rs.yaml'), 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: kubia\nspec:\n  replicas: 2000\n  selector:\n    matchLabels:\n      app: app-7\n  template:\n    metadata:\n      labels:\n        app: app-7\n    spec:\n      containers:\n      - name: kubia\n        image: luksa/kubia\n        ports:\n        - containerPort: 8080\n');
  for (const name of ['one', 'two', 'three']) writeFileSync(join(dir, `${name}.yaml`), `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: nothing-here\n  ports:\n  - port: 80\n`);
  await run('create -f svcs.json');
  await run('create -f rs.yaml');
  // The pods are spread over many shards.
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  expect(Object.keys(m.maps['objects.pods']!.shards).length).toBeGreaterThanOrEqual(8);
}, 120_000);

describe('on 2,000 pods and 200 Services', () => {
  // One object written: no pod nor pod digest parsed, a few files written.
  it.each([
    ['create configmap one-more', 'configmap/one-more created\n', 4],
    ['create -f one.yaml', 'service/one created\n', 12],
    ['label svc svc-3 tier=x', 'service/svc-3 labeled\n', 12],
    ['delete svc svc-4', 'service "svc-4" deleted\n', 12],
  ])('%s: no pod read', async (line, out, files) => {
    const c = await cost(line);
    expect(c.out).toBe(out);
    expect(podShards(c.reads)).toEqual([]);
    expect(digestShards(c.reads)).toEqual([]);
    expect(c.written.length).toBeLessThanOrEqual(files);
  });

  // The Services are in several shards; one named Service is in one of them.
  it.each([
    ['create -f three.yaml', 'service/three created\n'],
    ['label svc svc-6 tier=y', 'service/svc-6 labeled\n'],
    ['delete svc svc-8', 'service "svc-8" deleted\n'],
  ])('%s: reads the one Services shard that holds it (its ClusterIP found free in the address index)', async (line, out) => {
    expect(storedShards('objects.services')).toBeGreaterThanOrEqual(2);
    const c = await cost(line);
    expect(c.out).toBe(out);
    expect(serviceShards(c.reads)).toHaveLength(1);
  });

  it('create -f a Service looks its selector up in the label index', async () => {
    const c = await cost('create -f two.yaml');
    expect(c.reads.filter((r) => r.startsWith('index.pods.labels/'))).toHaveLength(1);
  });

  it('delete a Service: its Endpoints and slices go, found by owner', async () => {
    const c = await cost('delete svc svc-5');
    expect(podShards(c.reads)).toEqual([]);
    expect(await run('get endpointslices -l kubernetes.io/service-name=svc-5 -o name')).toBe('');
  });

  it('exec -- curl through a Service of 2,000 pods: the pod it runs in and the one that answers', async () => {
    const pod = (await run('get po --field-selector=status.phase=Running -o name')).split('\n')[0]!.replace('pod/', '');
    const c = await cost(`exec ${pod} -- curl -s http://svc-7`);
    expect(c.out).toMatch(/^You've hit kubia-\w{5}\n$/);
    expect(podShards(c.reads).length).toBeLessThanOrEqual(2);
    expect(digestShards(c.reads).length).toBeLessThanOrEqual(2);
    expect(c.written.length).toBeLessThanOrEqual(4);
    // The Service by its name (DNS) and by its ClusterIP (the address index), its slices by the
    // service-name index: no other Service's shard, not every slice shard.
    expect(serviceShards(c.reads)).toHaveLength(1);
    expect(sliceShards(c.reads).length).toBeLessThan(storedShards('objects.endpointslices'));
  });

  it('get svc reads the Services alone, and writes nothing', async () => {
    const c = await cost('get svc');
    // 200 Services, svc-4 deleted, `one` and `kubernetes` added: 201 rows, the header and the final newline.
    expect(c.out.split('\n')).toHaveLength(201 + 1 + 1);
    expect(c.reads.every((r) => r.startsWith('objects.services/') || r.startsWith('memory.'))).toBe(true);
    expect(c.written).toEqual([]);
  });

  it('get po prints its table from the pod digests, parsing no pod, the rows the pods themselves give', async () => {
    const c = await cost('get po -A -o wide --show-labels');
    expect(podShards(c.reads)).toEqual([]);
    expect(c.written).toEqual([]);
    // A field selector makes get read the pods themselves: the same table.
    const full = await cost('get po -A -o wide --show-labels --field-selector=metadata.namespace!=none');
    expect(podShards(full.reads).length).toBeGreaterThanOrEqual(8);
    expect(c.out.split('\n')).toHaveLength(2000 + 13 + 1 + 1);
    expect(c.out).toBe(full.out);
  });
});
