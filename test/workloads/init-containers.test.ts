/**
 * Init containers as the kubelet runs them: one at a time, in order, each to completion before the app
 * containers start; a failure restarts it with the back-off or (restartPolicy Never) fails the pod; a
 * sidecar (restartPolicy Always) only has to start. The status kubectl prints is derived from that
 * (printers.go printPod's Init:N/M, Init:Error, Init:CrashLoopBackOff, sidecars counted in READY).
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const WAITING = `apiVersion: v1
kind: Pod
metadata:
  name: waits
spec:
  initContainers:
  - name: first
    image: busybox
    command: ['sh', '-c', 'until [ -f /work/go ]; do echo waiting; sleep 5; done; echo first done']
    volumeMounts: [{name: work, mountPath: /work}]
  - name: second
    image: busybox
    command: ['sh', '-c', 'echo second done > /work/second']
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - name: app
    image: busybox
    command: ['sh', '-c', 'cat /work/second; sleep 3600']
    volumeMounts: [{name: work, mountPath: /work}]
  volumes:
  - name: work
    emptyDir: {}
`;

const SIDECAR = `apiVersion: v1
kind: Pod
metadata:
  name: with-sidecar
spec:
  initContainers:
  - name: shipper
    image: alpine
    restartPolicy: Always
    command: ['sh', '-c', 'tail -F /opt/logs.txt']
    volumeMounts: [{name: data, mountPath: /opt}]
  containers:
  - name: app
    image: alpine
    command: ['sh', '-c', 'while true; do echo logging >> /opt/logs.txt; sleep 1; done']
    volumeMounts: [{name: data, mountPath: /opt}]
  volumes:
  - name: data
    emptyDir: {}
`;

describe('init containers', () => {
  test('run in order, each to completion; the app containers wait with PodInitializing', async () => {
    const c = new TestCluster();
    c.file('waits.yaml', WAITING);
    await c.ok('create -f waits.yaml');
    await c.ok('advance 12s');
    expect(await c.ok('get pod waits')).toBe('NAME    READY   STATUS     RESTARTS   AGE\nwaits   0/1     Init:0/2   0          12s\n');
    expect(await c.ok('logs waits -c first')).toBe('waiting\nwaiting\nwaiting\n');
    expect(await c.ok("get pod waits -o jsonpath='{range .status.initContainerStatuses[*]}{.name} {.ready} {.state}{\"\\n\"}{end}'")).toBe(
      'first false {"running":{"startedAt":"2026-11-21T22:50:00Z"}}\nsecond false {"waiting":{"reason":"PodInitializing"}}\n',
    );
    expect(await c.ok("get pod waits -o jsonpath='{.status.conditions[?(@.type==\"Initialized\")]}'")).toBe(
      '{"lastProbeTime":null,"lastTransitionTime":"2026-11-21T22:50:00Z","message":"containers with incomplete status: [first second]","reason":"ContainersNotInitialized","status":"False","type":"Initialized"}',
    );
    expect((await c.run('logs waits')).stderr).toBe('Defaulted container "app" out of: app, first (init), second (init)\nError from server (BadRequest): container "app" in pod "waits" is waiting to start: PodInitializing\n');
    // The file the first one waits for: at its next wake it completes, the second runs, then the app.
    await c.ok('exec waits -c first -- touch /work/go');
    await c.ok('advance 5s');
    expect(await c.ok('get pod waits')).toBe('NAME    READY   STATUS    RESTARTS   AGE\nwaits   1/1     Running   0          17s\n');
    expect(await c.ok('logs waits -c first')).toBe('waiting\nwaiting\nwaiting\nfirst done\n');
    expect(await c.ok('logs waits -c app')).toBe('second done\n');
    expect(await c.ok("get pod waits -o jsonpath='{range .status.initContainerStatuses[*]}{.name} {.ready} {.state.terminated.reason}{\"\\n\"}{end}'")).toBe('first true Completed\nsecond true Completed\n');
    expect(await c.ok("get pod waits -o jsonpath='{.status.conditions[?(@.type==\"Initialized\")].lastTransitionTime}'")).toBe('2026-11-21T22:50:15Z');
  });

  test('a failing one fails the pod (restartPolicy Never) or crash-loops', async () => {
    const c = new TestCluster();
    const init = `--overrides='{"spec":{"initContainers":[{"name":"check","image":"busybox","command":["sh","-c","echo config missing; exit 1"]}]}}'`;
    await c.ok(`run once --image=busybox --restart=Never ${init}`);
    await c.ok(`run again --image=busybox ${init} -- sleep 3600`);
    await c.ok('advance 15s');
    expect(await c.ok('get pods')).toBe(
      'NAME    READY   STATUS                  RESTARTS     AGE\nagain   0/1     Init:CrashLoopBackOff   2 (5s ago)   15s\nonce    0/1     Init:Error              0            15s\n',
    );
    expect(await c.ok("get pod once -o jsonpath='{.status.phase}'")).toBe('Failed');
    expect(await c.ok('logs once -c check')).toBe('config missing\n');
  });

  test('a sidecar starts, keeps running beside the app and counts in READY', async () => {
    const c = new TestCluster();
    c.file('sidecar.yaml', SIDECAR);
    await c.ok('create -f sidecar.yaml');
    await c.ok('advance 3s');
    expect(await c.ok('get pod with-sidecar')).toBe('NAME           READY   STATUS    RESTARTS   AGE\nwith-sidecar   2/2     Running   0          3s\n');
    expect(await c.ok('exec with-sidecar -c app -- cat /opt/logs.txt')).toBe('logging\nlogging\nlogging\nlogging\n');
  });
});
