/**
 * The API server's guarantees on the write path, through the CLI (issue 13): resourceVersion
 * preconditions (C3), server-side dry run on every verb (C7), cascade policies (C4), the namespaces a
 * cluster cannot lose (C5), the patch handler's errors (C6), and the CLI items: no kind change, no
 * replica count kube-sim cannot simulate, strict edits, prototype keys as ordinary keys, no JavaScript
 * text in any error.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';

const CONFLICT = 'Error from server (Conflict): Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again\n';

describe('resourceVersion preconditions', () => {
  it('a stale resourceVersion is a 409 Conflict on label, annotate, patch, replace and apply; the current one passes', async () => {
    const c = new TestCluster();
    await c.ok('create configmap cfg --from-literal=a=1');
    const rv = await c.ok('get cm cfg -o jsonpath={.metadata.resourceVersion}');
    expect(await c.run('label cm cfg x=1 --resource-version=1')).toEqual({ stdout: '', stderr: CONFLICT, exitCode: 1 });
    expect(await c.run('annotate cm cfg x=1 --resource-version=1')).toEqual({ stdout: '', stderr: CONFLICT, exitCode: 1 });
    expect(await c.run(`patch cm cfg -p '{"metadata":{"resourceVersion":"1"},"data":{"a":"2"}}'`)).toEqual({ stdout: '', stderr: CONFLICT, exitCode: 1 });
    c.file('cfg.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  resourceVersion: "1"\ndata:\n  a: "3"\n');
    expect(await c.run('replace -f cfg.yaml')).toEqual({ stdout: '', stderr: CONFLICT.replace('(Conflict): ', '(Conflict): error when replacing "cfg.yaml": '), exitCode: 1 });
    expect(await c.run(`label cm cfg x=1 --resource-version=${rv}`)).toEqual({ stdout: 'configmap/cfg labeled\n', stderr: '', exitCode: 0 });
    expect(await c.run('label cm cfg y=1 --resource-version=abc')).toEqual({
      stdout: '',
      stderr: 'The configmaps "cfg" is invalid: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax\n',
      exitCode: 1,
    });
    expect(await c.ok('get cm cfg -o jsonpath={.data.a}')).toBe('1');
  });

  it("kubectl apply's patcher reports the conflict with the patch and the object", async () => {
    const c = new TestCluster();
    c.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n');
    await c.ok('apply -f cm.yaml');
    c.file('cm2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  resourceVersion: "99"\ndata:\n  a: "2"\n');
    const r = await c.run('apply -f cm2.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n').slice(0, 1)).toEqual(['Error from server (Conflict): error when applying patch:']);
    expect(r.stderr.split('\n').slice(2)).toEqual([
      'to:',
      'Resource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"',
      'Name: "cfg", Namespace: "default"',
      'for: "cm2.yaml": error when patching "cm2.yaml": Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
      '',
    ]);
    expect(JSON.parse(r.stderr.split('\n')[1]!).metadata.resourceVersion).toBe('99');
  });
});

describe('updates', () => {
  it('an update that changes nothing is not written; metadata.generation follows the spec only', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx');
    const rv = await c.ok('get deploy web -o jsonpath={.metadata.resourceVersion}');
    expect(await c.ok(`patch deploy web -p '{"spec":{"replicas":1}}'`)).toBe('deployment.apps/web patched (no change)\n');
    expect(await c.ok('get deploy web -o jsonpath={.metadata.resourceVersion}')).toBe(rv);
    await c.ok('label deploy web tier=web');
    expect(await c.ok('get deploy web -o jsonpath={.metadata.generation}')).toBe('1');
    await c.ok('scale deploy web --replicas=2');
    expect(await c.ok('get deploy web -o jsonpath={.metadata.generation}')).toBe('2');
  });
});

describe('server-side dry run', () => {
  it('every verb answers as the server would and stores nothing', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx --replicas=2');
    await c.ok('create configmap cfg --from-literal=a=1');
    c.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n');
    const lines = [
      ['delete cm cfg --dry-run=server', 'configmap "cfg" deleted (server dry run)\n'],
      ['delete cm cfg --dry-run=client', 'configmap "cfg" deleted (dry run)\n'],
      ['label cm cfg x=1 --dry-run=server', 'configmap/cfg labeled (server dry run)\n'],
      ['annotate cm cfg x=1 --dry-run=server', 'configmap/cfg annotated (server dry run)\n'],
      [`patch cm cfg -p '{"data":{"a":"2"}}' --dry-run=server`, 'configmap/cfg patched (server dry run)\n'],
      ['scale deploy web --replicas=5 --dry-run=server', 'deployment.apps/web scaled (server dry run)\n'],
      ['create -f cm.yaml --dry-run=server', 'configmap/other created (server dry run)\n'],
      ['apply -f cm.yaml --dry-run=server', 'configmap/other created (server dry run)\n'],
      ['run p --image=nginx --dry-run=server', 'pod/p created (server dry run)\n'],
      ['expose deploy web --port=80 --dry-run=server', 'service/web exposed (server dry run)\n'],
      ['create configmap dry --dry-run=server', 'configmap/dry created (server dry run)\n'],
      ['replace -f cfg.yaml --dry-run=server', 'configmap/cfg replaced (server dry run)\n'],
    ];
    c.file('cfg.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "9"\n');
    const before = await c.ok('get cm,deploy,pods,svc -o name');
    for (const [line, out] of lines) expect(await c.run(line!)).toEqual({ stdout: out, stderr: '', exitCode: 0 });
    expect(await c.ok('get cm,deploy,pods,svc -o name')).toBe(before);
    expect(await c.ok('get cm cfg -o jsonpath={.data.a}{.metadata.labels}{.metadata.annotations}')).toBe('1');
    expect(await c.ok('get deploy web -o jsonpath={.spec.replicas}')).toBe('2');
  });

  it('a dry-run create is answered as stored: uid and creationTimestamp, no resourceVersion', async () => {
    const c = new TestCluster();
    const shown = await c.ok('create configmap dry --dry-run=server -o yaml');
    const uid = /\n  uid: (\S+)\n$/.exec(shown)?.[1];
    expect(shown).toBe(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  creationTimestamp: "2026-11-21T22:50:00Z"\n  name: dry\n  namespace: default\n  uid: ${uid}\n`);
    // Nothing moved: the next real create gets the uid the dry run showed.
    expect(await c.ok('create configmap dry -o jsonpath={.metadata.uid}')).toBe(uid);
  });

  it('a dry run still refuses what the server refuses', async () => {
    const c = new TestCluster();
    expect(await c.run('delete ns default --dry-run=server')).toEqual({
      stdout: '',
      stderr: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
      exitCode: 1,
    });
  });
});

describe('cascade', () => {
  it('orphan keeps the dependents and takes away their owner references; background and foreground delete them', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx --replicas=2');
    expect(await c.ok('delete deploy web --cascade=orphan')).toBe('deployment.apps "web" deleted\n');
    const rs = (await c.ok('get rs -l app=web -o name')).trim();
    expect(rs).toMatch(/^replicaset.apps\/web-/);
    expect(await c.ok('get rs -l app=web -o jsonpath={.items[*].metadata.ownerReferences}')).toBe('');
    expect((await c.ok('get pods -l app=web -o name')).split('\n').filter(Boolean)).toHaveLength(2);
    expect(await c.ok(`delete ${rs} --cascade=foreground`)).toBe(`replicaset.apps "${rs.split('/')[1]}" deleted\n`);
    expect(await c.run('get pods -l app=web')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    await c.ok('create deployment api --image=nginx');
    expect(await c.ok('delete deploy api --cascade')).toBe('deployment.apps "api" deleted\n');
    expect(await c.run('get rs,pods -l app=api')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  it('--cascade=false is orphan with kubectl\'s deprecation warning; an unknown value is refused', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx');
    expect(await c.run('delete deploy web --cascade=false')).toEqual({
      stdout: 'deployment.apps "web" deleted\n',
      stderr: 'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n',
      exitCode: 0,
    });
    expect((await c.ok('get rs -o name')).trim()).toMatch(/^replicaset.apps\/web-/);
    expect(await c.run('delete rs --all --cascade=bogus')).toEqual({ stdout: '', stderr: 'error: invalid cascade value (bogus). Must be "background", "foreground", or "orphan"\n', exitCode: 1 });
  });
});

describe('namespaces a cluster cannot lose', () => {
  it('default, kube-system and kube-public are refused; delete ns --all leaves them and what is in them', async () => {
    const c = new TestCluster();
    await c.ok('create ns scratch');
    expect(await c.run('delete ns --all')).toEqual({
      stdout: 'namespace "kube-node-lease" deleted\nnamespace "local-path-storage" deleted\nnamespace "scratch" deleted\n',
      stderr: [
        'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted',
        'Error from server (Forbidden): namespaces "kube-public" is forbidden: this namespace may not be deleted',
        'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted',
        '',
      ].join('\n'),
      exitCode: 1,
    });
    expect(await c.ok('get ns -o name')).toBe('namespace/default\nnamespace/kube-public\nnamespace/kube-system\n');
    expect(await c.ok('get svc -A -o name')).toBe('service/kubernetes\nservice/kube-dns\n');
    expect(await c.run('delete ns default -n scratch')).toEqual({
      stdout: '',
      stderr: 'Warning: deleting cluster-scoped resources, not scoped to the provided namespace\nError from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
      exitCode: 1,
    });
  });
});

describe("the patch handler's errors", () => {
  it('a value of the wrong type, an unknown field, a kind or name that changes', async () => {
    const c = new TestCluster();
    await c.ok('run p --image=nginx');
    await c.ok('create deployment d --image=nginx');
    await c.ok('create configmap cfg');
    expect(await c.run(`patch pod p -p '{"metadata":{"labels":"invalid"}}'`)).toEqual({
      stdout: '',
      stderr: 'The request is invalid: patch: Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string\n',
      exitCode: 1,
    });
    expect((await c.run(`patch deploy d -p '{"spec":{"replicas":"lots"}}'`)).stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[spec:map[replicas:lots]]": unrecognized type: int32\n',
    );
    expect((await c.run(`patch pod p -p '{"spec":{"bogus":1}}'`)).stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[spec:map[bogus:1]]": strict decoding error: unknown field "spec.bogus"\n',
    );
    const kind = await c.run(`patch deploy d --type=merge -p '{"kind":"Service"}'`);
    expect(kind.exitCode).toBe(1);
    expect(kind.stderr).toMatch(/^The request is invalid: patch: Invalid value: ".*": no kind "Service" is registered for version "apps\/v1" in scheme "pkg\/api\/legacyscheme\/scheme.go:30"\n$/);
    const version = await c.run(`patch deploy d --type=merge -p '{"apiVersion":"v1"}'`);
    expect(version.stderr).toMatch(/: no kind "Deployment" is registered for version "v1" in scheme "pkg\/api\/legacyscheme\/scheme.go:30"\n$/);
    expect(await c.run(`patch cm cfg -p '{"metadata":{"name":"other"}}'`)).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): the name of the object (other) does not match the name on the URL (cfg)\n',
      exitCode: 1,
    });
    expect(await c.run(`patch cm cfg --type=json -p '[{"op":"remove","path":"/data/nope"}]'`)).toEqual({
      stdout: '',
      stderr: 'The request is invalid: the server rejected our request due to an error in our request\n',
      exitCode: 1,
    });
    expect(await c.ok('get deploy d -o jsonpath={.kind}')).toBe('Deployment');
  });
});

describe('what the CLI must not let through', () => {
  it('a replica count kube-sim cannot simulate is refused through patch and edit too, at once', async () => {
    const c = new TestCluster();
    await c.ok('create deployment d --image=nginx');
    const refused = 'The Deployment "d" is invalid: spec.replicas: Invalid value: 1000000000: must be no more than 20000 (the most pods a kube-sim workload simulates)\n';
    expect((await c.run(`patch deploy d -p '{"spec":{"replicas":1000000000}}'`)).stderr).toBe(refused);
    expect((await c.run(`patch deploy d --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1000000000}]'`)).stderr).toBe(refused);
  });

  it('edit decodes strictly: an unknown field or a __proto__ key is refused, never stored', async () => {
    const c = new TestCluster();
    c.env = { ...c.env, TMPDIR: c.dir };
    await c.ok('create configmap cfg --from-literal=a=1');
    const path = join(c.dir, 'editor.sh');
    c.file('editor.sh', `#!/bin/sh\nsed -i 's/^  name: cfg$/  name: cfg\\n  bogusField: x\\n  __proto__:\\n    polluted: y/' "$1"\n`);
    chmodSync(path, 0o755);
    c.env = { ...c.env, KUBE_EDITOR: path };
    const r = await c.run('edit cm cfg');
    expect(r.exitCode).toBe(1);
    expect(await c.ok('get cm cfg -o json')).not.toMatch(/bogusField|__proto__|polluted/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('label and annotate keys named like Object members are ordinary keys', async () => {
    const c = new TestCluster();
    await c.ok('create configmap c');
    expect(await c.run('label cm c constructor=x')).toEqual({ stdout: 'configmap/c labeled\n', stderr: '', exitCode: 0 });
    expect(await c.run('annotate cm c toString=y hasOwnProperty=z')).toEqual({ stdout: 'configmap/c annotated\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get cm c -o jsonpath={.metadata.labels}{.metadata.annotations}')).toBe('{"constructor":"x"}{"hasOwnProperty":"z","toString":"y"}');
    expect(await c.run('label cm c constructor-')).toEqual({ stdout: 'configmap/c unlabeled\n', stderr: '', exitCode: 0 });
  });

  it('a manifest with a duplicate key is taken as kubectl 1.32 takes it: the last value wins', async () => {
    const c = new TestCluster();
    c.file('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n  a: "2"\n');
    expect(await c.run('create -f dup.yaml')).toEqual({ stdout: 'configmap/dup created\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get cm dup -o jsonpath={.data.a}')).toBe('2');
  });

  it('no error shows JavaScript text, whatever the write path is fed', async () => {
    const c = new TestCluster();
    for (const s of ['create configmap cm --from-literal=a=b', 'run p --image=nginx', 'create deployment d --image=nginx']) await c.ok(s);
    const patches = ['null', '[]', '1', '"x"', 'true', '{"metadata":null}', '{"metadata":[]}', '{"metadata":{"labels":[1]}}', '{"metadata":{"labels":{"a":1}}}',
      '{"spec":null}', '{"spec":{"containers":[null]}}', '{"spec":{"containers":[1]}}', '{"spec":{"containers":{"a":1}}}', '{"kind":null}', '{"apiVersion":null}',
      '{"metadata":{"name":null}}', '{"metadata":{"resourceVersion":1}}', '{"metadata":{"managedFields":[{}]}}', '{"metadata":{"managedFields":[{"manager":1}]}}',
      '{"metadata":{"ownerReferences":[{}]}}', '{"__proto__":{"x":1}}', '{"constructor":{"x":1}}', '{"spec":{"replicas":1.5}}', '{"data":{"a":{}}}',
      '{"$patch":"delete"}', '{"spec":{"containers":[{"$patch":"delete"}]}}', '{"$retainKeys":[1]}'];
    const jsonPatches = ['{}', '[null]', '[1]', '[{}]', '[{"op":"add","path":1}]', '[{"op":"move","from":1,"path":"/a"}]', '[{"op":"remove","path":"/metadata/labels/constructor"}]', '[{"op":"add","path":"/spec/containers/99","value":{}}]', '[{"op":"remove","path":""}]'];
    const lines: string[][] = [];
    for (const t of [['pod', 'p'], ['cm', 'cm'], ['deploy', 'd'], ['node', 'kind-worker']]) {
      for (const p of patches) for (const type of ['strategic', 'merge']) lines.push(['patch', ...t, '--type', type, '-p', p]);
      for (const p of jsonPatches) lines.push(['patch', ...t, '--type', 'json', '-p', p]);
      for (const l of ['__proto__=x', 'toString-', 'a=b=c', 'x/y=z']) lines.push(['label', ...t, l, '--overwrite'], ['annotate', ...t, l, '--overwrite']);
      lines.push(['label', ...t, 'a=b', '--resource-version=99999999999999999999999'], ['delete', ...t, '--dry-run=server']);
    }
    for (const argv of lines) {
      const r = await c.runArgv(argv);
      expect(r.stdout + r.stderr, argv.join(' ')).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError|Cannot read|is not a function|\[object Object\]|\n\s+at /);
    }
  });
});
