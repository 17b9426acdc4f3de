/**
 * kube-sim's kubeconfig: the current context's namespace is every command's default `-n`, each cluster
 * (a state file, an in-memory walkthrough cluster) has its own, and a context that leads nowhere fails
 * kubectl commands as kubectl does. And `diff -f`: kubectl's unified diff of live against merged.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';
import { createCluster } from '../../src/lib.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

describe('config: contexts and the default namespace', () => {
  it('set-context --current --namespace makes it the namespace of every command; -n still wins', async () => {
    const c = new TestCluster();
    expect(await c.ok('config set-context --current --namespace=kube-system')).toBe('Context "kind-kind" modified.\n');
    expect(await c.ok('get deploy')).toBe('NAME      READY   UP-TO-DATE   AVAILABLE   AGE\ncoredns   2/2     2            2           5m\n');
    expect(await c.run('get po -n default')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(await c.ok('create configmap here --from-literal=a=b')).toBe('configmap/here created\n');
    expect(await c.ok('get cm here -o jsonpath={.metadata.namespace}')).toBe('kube-system');
    expect(await c.ok('config get-contexts')).toBe('CURRENT   NAME        CLUSTER     AUTHINFO    NAMESPACE\n*         kind-kind   kind-kind   kind-kind   kube-system\n');
  });

  it('a context that does not exist, or leads to no cluster, fails kubectl commands as kubectl does', async () => {
    const c = new TestCluster();
    expect(await c.run('--context nope get po')).toEqual({ stdout: '', stderr: 'Error in configuration: context was not found for specified context: nope\n', exitCode: 1 });
    await c.ok('config set-context other --cluster=nope');
    await c.ok('config use-context other');
    const refused = { stdout: '', stderr: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n', exitCode: 1 };
    expect(await c.run('get po')).toEqual(refused);
    expect(await c.run('api-versions')).toEqual(refused);
    // kube-sim's own commands and the client-side ones need no context.
    expect((await c.run('advance 1s')).exitCode).toBe(0);
    expect(await c.ok('config use-context kind-kind')).toBe('Switched to context "kind-kind".\n');
    expect((await c.run('get po')).exitCode).toBe(0);
  });

  it('each in-memory cluster has its own kubeconfig; a state file keeps its own beside it', async () => {
    const one = createCluster();
    const two = createCluster();
    await one.run('kubectl config set-context --current --namespace=kube-system');
    expect((await one.run('kubectl get deploy -o name')).stdout).toBe('deployment.apps/coredns\n');
    expect(await two.run('kubectl get deploy')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubeconfig-'));
    const state = join(dir, 'cluster.json');
    const onDisk = () => ({ cwd: dir, store: new FileStore(state, () => undefined) });
    const r = await runCaptured(['config', 'set-context', '--current', '--namespace=dev'], onDisk());
    expect(r).toEqual({ stdout: 'Context "kind-kind" modified.\n', stderr: '', exitCode: 0 });
    expect(existsSync(join(dir, 'cluster.kubeconfig'))).toBe(true);
    expect(readFileSync(join(dir, 'cluster.kubeconfig'), 'utf8')).toContain('    namespace: dev\n');
    const deleted = await runCaptured(['config', 'delete-context', 'nope'], onDisk());
    expect(deleted.stderr).toBe(`error: cannot delete context nope, not in ${join(dir, 'cluster.kubeconfig')}\n`);
  });
});

describe('diff -f', () => {
  it('prints kubectl\'s unified diff of live and merged objects and exits 1; 0 when they agree', async () => {
    const c = new TestCluster();
    c.file('web.yaml', WEB);
    await c.ok('create deployment web --image=nginx');
    expect(await c.run('diff -f web.yaml')).toEqual({
      stdout: [
        'diff -u -N /tmp/LIVE-155299229/apps.v1.Deployment.default.web /tmp/MERGED-2384721289/apps.v1.Deployment.default.web',
        '--- /tmp/LIVE-155299229/apps.v1.Deployment.default.web\t2026-11-21 22:50:00.000000000 +0000',
        '+++ /tmp/MERGED-2384721289/apps.v1.Deployment.default.web\t2026-11-21 22:50:00.000000000 +0000',
        '@@ -4,7 +4,7 @@',
        '   annotations:',
        '     deployment.kubernetes.io/revision: "1"',
        '   creationTimestamp: "2026-11-21T22:50:00Z"',
        '-  generation: 1',
        '+  generation: 2',
        '   labels:',
        '     app: web',
        '   name: web',
        '@@ -13,7 +13,7 @@',
        '   uid: 1ee793bb-eb95-4569-88af-2114f246ffba',
        ' spec:',
        '   progressDeadlineSeconds: 600',
        '-  replicas: 1',
        '+  replicas: 2',
        '   revisionHistoryLimit: 10',
        '   selector:',
        '     matchLabels:',
        '@@ -30,7 +30,7 @@',
        '         app: web',
        '     spec:',
        '       containers:',
        '-      - image: nginx',
        '+      - image: nginx:1.27',
        '         imagePullPolicy: Always',
        '         name: nginx',
        '         resources: {}',
        '',
      ].join('\n'),
      stderr: '',
      exitCode: 1,
    });
    // Nothing was changed by the diff; applying makes them agree.
    expect(await c.ok('get deploy web -o jsonpath={.spec.replicas}')).toBe('1');
    await c.ok('apply -f web.yaml');
    expect(await c.run('diff -f web.yaml')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.run('diff -f web.yaml -n kube-system')).toEqual({
      stdout: '',
      stderr: `error: the namespace from the provided object "default" does not match the namespace "kube-system". You must pass '--namespace=default' to perform this operation.\n`,
      exitCode: 2,
    });
  });

  it('a new object diffs against an empty file; Secret data is masked', async () => {
    const c = new TestCluster();
    c.file('s.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n');
    const r = await c.run('diff -f s.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stdout.split('\n').slice(3).join('\n')).toBe(
      ['@@ -0,0 +1,10 @@', '+apiVersion: v1', '+data:', '+  password: \'***\'', '+kind: Secret', '+metadata:', '+  creationTimestamp: "2026-11-21T22:50:00Z"', '+  name: s', '+  namespace: default', '+  uid: 1ee793bb-eb95-4569-88af-2114f246ffba', '+type: Opaque', ''].join('\n'),
    );
    expect(await c.run('get secret s')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): secrets "s" not found\n', exitCode: 1 });
  });
});
