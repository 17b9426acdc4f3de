/**
 * A state made before kube-sim had PriorityClasses has none stored, while its system pods name
 * system-node-critical and system-cluster-critical. The API server recreates those two at every start, so
 * such a state must still admit their pods (a coredns pod recreated after a delete), with their values.
 */
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../../src/store/bootstrap.js';
import { createObject } from '../../src/api/server.js';
import { KINDS } from '../../src/api/registry.js';
import { ApiError } from '../../src/api/errors.js';
import { makeEnv } from '../../src/env.js';
import type { KubeObject } from '../../src/api/types.js';

const pod = (name: string, priorityClassName: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'kube-system' }, spec: { priorityClassName, containers: [{ name: 'c', image: 'nginx' }] } }) as KubeObject;

describe('a state without stored PriorityClasses (made before they existed)', () => {
  const state = freshCluster({ clock: 'virtual' });
  delete (state.objects as Record<string, unknown>).priorityclasses;
  const env = makeEnv(state, 'virtual');

  it('admits pods of the system classes with their values', () => {
    const node = createObject(state, env, KINDS.Pod, pod('a', 'system-node-critical'));
    const cluster = createObject(state, env, KINDS.Pod, pod('b', 'system-cluster-critical'));
    const spec = (o: KubeObject) => o.spec as { priority?: number; preemptionPolicy?: string };
    expect([spec(node).priority, spec(node).preemptionPolicy]).toEqual([2000001000, 'PreemptLowerPriority']);
    expect(spec(cluster).priority).toBe(2000000000);
  });

  it('still refuses a class that does not exist', () => {
    let error: unknown;
    try {
      createObject(state, env, KINDS.Pod, pod('c', 'system-other'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('pods "c" is forbidden: no PriorityClass with name system-other was found');
  });
});
