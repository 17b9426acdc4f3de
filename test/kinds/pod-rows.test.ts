/**
 * `get po` prints its table from the pod digests (stand-ins carrying each pod's row facts), not from the
 * pods: for pods in the STATUS cells the simulator produces, the table is the one the pods themselves give
 * (a field selector makes get read the pods).
 */
import { expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: init-wait
  labels: {app: a}
spec:
  initContainers:
  - name: wait
    image: busybox
    command: ['sh', '-c', 'sleep 3600']
  containers:
  - name: main
    image: busybox
    command: ['sleep', '3600']
---
apiVersion: v1
kind: Pod
metadata:
  name: gated
spec:
  readinessGates:
  - conditionType: example.com/ready
  containers:
  - name: main
    image: busybox
    command: ['sleep', '3600']
---
apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  containers:
  - name: main
    image: busybox
    command: ['sh', '-c', 'exit 3']
---
apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    command: ['true']
---
apiVersion: v1
kind: Pod
metadata:
  name: nowhere
spec:
  nodeSelector: {disk: none}
  containers:
  - name: main
    image: busybox
    command: ['sleep', '3600']
`;

test('the digest table is the pods table, whatever the pod status', async () => {
  const c = new TestCluster();
  c.file('pods.yaml', PODS);
  await c.ok('create -f pods.yaml');
  const tables: string[] = [];
  for (const wait of ['0s', '45s', '3m']) {
    if (wait !== '0s') await c.ok(`advance ${wait}`);
    for (const flags of ['-A -o wide --show-labels', '-L app', '-l app=a']) {
      const fromDigests = await c.ok(`get po ${flags}`);
      expect(await c.ok(`get po ${flags} --field-selector=metadata.name!=none`)).toBe(fromDigests);
      tables.push(fromDigests);
    }
  }
  // Every STATUS the pods above go through was printed.
  const all = tables.join('');
  for (const status of [' Running ', ' CrashLoopBackOff ', ' 3 (15s ago) ', ' Completed ', ' Pending ']) expect(all).toContain(status);
  // The readiness gate column, and -L's label.
  expect(all).toMatch(/ gated .* 0\/1 +<none>\n/);
  expect(all).toMatch(/\ninit-wait .* a\n/);
});
