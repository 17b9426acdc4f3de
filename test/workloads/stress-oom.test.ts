/**
 * kubernetes.io's "Assign Memory Resources to Containers": polinux/stress allocating within its memory
 * limit runs; allocating past it is killed by the OOM killer (exit 137, OOMKilled) and crash-loops.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const stressPod = (name: string, limit: string, bytes: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: ${name}-ctr
    image: polinux/stress
    resources:
      requests:
        memory: "50Mi"
      limits:
        memory: "${limit}"
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "${bytes}", "--vm-hang", "1"]
`;

describe('stress against a memory limit', () => {
  test('within the limit it runs; past it, OOMKilled and CrashLoopBackOff', async () => {
    const c = new TestCluster();
    c.file('ok.yaml', stressPod('memory-demo', '200Mi', '150M'));
    c.file('oom.yaml', stressPod('memory-demo-2', '100Mi', '250M'));
    await c.ok('create -f ok.yaml');
    await c.ok('create -f oom.yaml');
    await c.ok('advance 5s');
    expect(await c.ok('get pods')).toBe(
      'NAME            READY   STATUS             RESTARTS     AGE\nmemory-demo     1/1     Running            0            5s\nmemory-demo-2   0/1     CrashLoopBackOff   1 (5s ago)   5s\n',
    );
    expect(await c.ok("get pod memory-demo-2 -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}'")).toBe('OOMKilled 137');
    expect(await c.ok('logs memory-demo')).toBe('stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n');
    expect(await c.ok('logs memory-demo-2 --previous')).toBe('stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n');
  });
});
