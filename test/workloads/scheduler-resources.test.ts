/**
 * The scheduler's NodeResourcesFit: a pod's CPU and memory requests must fit in what a node has left of
 * its allocatable (kind's workers: 2 CPUs, ~23.5 GiB, minus kindnet's 100m/50Mi), as kubernetes.io's
 * "Assign Memory Resources" task shows with a 1000Gi request; a pod that does not fit waits Pending with
 * the scheduler's FailedScheduling message, and is placed once room is freed.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const requesting = (name: string, resources: string) =>
  `run ${name} --image=nginx --overrides='{"spec":{"containers":[{"name":"${name}","image":"nginx","resources":{"requests":${resources}}}]}}'`;
const preemption = '. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

describe('requests must fit', () => {
  test('a request larger than any node stays Pending: Insufficient memory', async () => {
    const c = new TestCluster();
    await c.ok(requesting('huge', '{"memory":"1000Gi"}'));
    expect(await c.ok('get pod huge')).toBe('NAME   READY   STATUS    RESTARTS   AGE\nhuge   0/1     Pending   0          0s\n');
    expect(await c.ok("get pod huge -o jsonpath='{.status.conditions[0].message}'")).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory${preemption}`,
    );
  });

  test('what is requested on a node counts; deleting a pod makes room for a pending one', async () => {
    const c = new TestCluster();
    await c.ok(requesting('a', '{"cpu":"1500m"}'));
    await c.ok(requesting('b', '{"cpu":"1500m"}'));
    await c.ok(requesting('c', '{"cpu":"1500m","memory":"30Gi"}'));
    expect(await c.ok("get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase")).toBe(
      'NAME   NODE           PHASE\na      kind-worker2   Running\nb      kind-worker    Running\nc      <none>         Pending\n',
    );
    // Short of both on both workers: each reason counts the nodes, preemption counts each node once.
    expect(await c.ok("get pod c -o jsonpath='{.status.conditions[0].message}'")).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 2 Insufficient memory${preemption}`,
    );
    await c.ok(requesting('d', '{"cpu":"1500m"}'));
    await c.ok('delete pod a');
    // The oldest pending pod that fits goes first: d (c asks for more memory than any node has).
    expect(await c.ok("get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName")).toBe('NAME   NODE\nb      kind-worker\nc      <none>\nd      kind-worker2\n');
    expect(await c.ok('describe node kind-worker2')).toContain('  cpu                1600m (80%)  100m (5%)\n');
  });
});
