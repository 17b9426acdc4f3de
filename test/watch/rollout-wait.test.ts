/**
 * `rollout status` and `wait` wait for the cluster to get there as the (test-moved) wall clock passes and
 * other commands change it: kubectl's lines as they happen, `--timeout` with kubectl's errors, Ctrl-C with
 * exit 1; on the virtual clock they answer at once.
 */
import { describe, expect, test } from 'vitest';
import { ClockedCluster } from './clocked.js';
import { TestCluster } from '../helpers.js';

/** Two replicas whose pods become ready 10 s after they start. */
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
spec:
  replicas: 2
  selector:
    matchLabels: {app: kubia}
  template:
    metadata:
      labels: {app: kubia}
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        readinessProbe:
          httpGet: {path: /, port: 8080}
          initialDelaySeconds: 10
`;

async function deployed(): Promise<ClockedCluster> {
  const c = new ClockedCluster();
  c.file('d.yaml', DEPLOY);
  await c.ok('apply -f d.yaml');
  return c;
}

describe('rollout status', () => {
  test('waits for the rollout as time passes, then reports it done', async () => {
    const c = await deployed();
    const r = c.start('rollout status deploy/kubia');
    await r.printed('Waiting');
    c.advance(11);
    expect(await r.done).toBe(0);
    expect(r.screen).toBe('Waiting for deployment "kubia" rollout to finish: 0 of 2 updated replicas are available...\ndeployment "kubia" successfully rolled out\n');
  });

  test('--timeout: kubectl\'s timeout error; -w=false: the status once; Ctrl-C: exit 1', async () => {
    const c = await deployed();
    const r = c.start('rollout status deploy/kubia --timeout=5s');
    await r.printed('Waiting');
    c.advance(6);
    expect(await r.done).toBe(1);
    expect(r.screen).toBe('Waiting for deployment "kubia" rollout to finish: 0 of 2 updated replicas are available...\nerror: timed out waiting for the condition\n');
    expect(await c.run('rollout status deploy/kubia -w=false')).toEqual({ stdout: 'Waiting for deployment "kubia" rollout to finish: 0 of 2 updated replicas are available...\n', stderr: '', exitCode: 0 });
    const i = c.start('rollout status deploy/kubia');
    await i.printed('Waiting');
    expect(await i.interrupt()).toBe(1);
    expect(i.screen).toBe('Waiting for deployment "kubia" rollout to finish: 0 of 2 updated replicas are available...\n');
    expect(await c.run('rollout status deploy/kubia --timeout=5')).toEqual({ stdout: '', stderr: 'error: invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"\nSee \'kubectl rollout status --help\' for usage.\n', exitCode: 1 });
  });

  test('a deployment deleted while watched', async () => {
    const c = await deployed();
    const r = c.start('rollout status deploy/kubia');
    await r.printed('Waiting');
    await c.ok('delete deploy kubia');
    expect(await r.done).toBe(1);
    expect(r.stderr).toBe('error: object has been deleted\n');
  });
});

describe('wait', () => {
  test('--for=condition=Ready on the pods of a selector: one line each as they get there', async () => {
    const c = await deployed();
    const names = (await c.ok('get po -o name')).trim().split('\n');
    const w = c.start('wait --for=condition=Ready pod -l app=kubia --timeout=60s');
    await w.looked();
    c.advance(11);
    expect(await w.done).toBe(0);
    expect(w.screen).toBe(names.map((n) => `${n} condition met\n`).join(''));
  });

  test('--timeout: kubectl\'s error names the object; --timeout=0 checks once', async () => {
    const c = await deployed();
    const pod = (await c.ok('get po -o name')).trim().split('\n')[0]!;
    const w = c.start(`wait --for=condition=Ready ${pod} --timeout=5s`);
    await w.looked();
    c.advance(6);
    expect(await w.done).toBe(1);
    expect(w.screen).toBe(`error: timed out waiting for the condition on pods/${pod.slice(4)}\n`);
    expect(await c.run(`wait --for=condition=Ready ${pod} --timeout=0`)).toEqual({ stdout: '', stderr: `error: condition not met for pods/${pod.slice(4)}\n`, exitCode: 1 });
  });

  test('--for=delete, --for=create and --for=jsonpath follow other commands', async () => {
    const c = new ClockedCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    const gone = c.start('wait --for=delete pod/bb');
    await gone.looked();
    await c.ok('delete pod bb');
    expect(await gone.done).toBe(0);
    expect(gone.screen).toBe('pod/bb condition met\n');

    const born = c.start('wait --for=create configmap/later');
    await born.looked();
    await c.ok('create configmap later --from-literal=a=b');
    expect(await born.done).toBe(0);
    expect(born.screen).toBe('configmap/later condition met\n');

    const data = c.start("wait --for=jsonpath={.data.a}=c configmap/later");
    await data.looked();
    await c.ok(`patch configmap later -p '{"data":{"a":"c"}}'`);
    expect(await data.done).toBe(0);
    expect(data.screen).toBe('configmap/later condition met\n');
    // Already true: at once.
    expect(await c.run('wait --for=jsonpath=.data.a configmap/later -o name')).toEqual({ stdout: 'configmap/later\n', stderr: '', exitCode: 0 });
    // A missing object is already deleted.
    expect(await c.run('wait --for=delete pod/bb')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  test.each([
    ['wait --for=condition=Ready pod/nope', 'Error from server (NotFound): pods "nope" not found\n'],
    ['wait --for=condition=Ready pod', 'error: resource(s) were provided, but no name was specified\n'],
    ['wait --for=condition=Ready', "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"],
    ['wait --for=ready pod/bb', 'error: unrecognized condition: "ready"\n'],
    ['wait --for=condition=Ready pod -l app=none', 'error: no matching resources found\n'],
    ['wait --for=jsonpath={.a}=1=2 pod/bb', "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n"],
    ['wait --for=jsonpath={.status}=x pod/bb --timeout=0', 'error: jsonpath leads to a nested object or list which is not supported\n'],
  ])('%s', async (line, stderr) => {
    const c = new TestCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  test('on the virtual clock: met at once, or the timeout error at once', async () => {
    const c = new TestCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    expect(await c.run('wait --for=condition=Ready pod/bb')).toEqual({ stdout: 'pod/bb condition met\n', stderr: '', exitCode: 0 });
    expect(await c.run('wait --for=delete pod/bb --timeout=1h')).toEqual({ stdout: '', stderr: 'error: timed out waiting for the condition on pods/bb\n', exitCode: 1 });
  });
});
