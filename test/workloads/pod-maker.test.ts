/**
 * The replica controllers' pod maker (controllers/pod-factory.ts podMaker) copies the first pod of a run
 * instead of sending each through the API server's write path: every pod, and everything the state
 * carries after (generator positions, resourceVersion, refusals), must be byte for byte what the write path
 * makes, whatever the template and the namespace's admission objects, on a clock that ticks meanwhile.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { MemoryStore } from '../../src/store/store.js';
import { createPodFromTemplate, podMaker } from '../../src/controllers/pod-factory.js';
import { makeEnv } from '../../src/env.js';
import { ApiError } from '../../src/api/errors.js';
import type { ClusterState, KubeObject } from '../../src/api/types.js';
import type { PodTemplate } from '../../src/kinds/pod-template.js';

const PLAIN = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }] } };
const NO_TOKEN = { metadata: { labels: { app: 'web' } }, spec: { automountServiceAccountToken: false, containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const RICH = {
  metadata: { labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' } },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    containers: [
      { name: 'web', image: 'nginx:1.27', env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], readinessProbe: { httpGet: { path: '/', port: 80 } }, volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      { name: 'side', image: 'busybox', resources: { limits: { cpu: '100m' } } },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
};
const OWN_ACCESS_VOLUME = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'web', image: 'busybox', volumeMounts: [{ name: 'kube-api-access-mine1', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }],
    volumes: [{ name: 'kube-api-access-mine1', emptyDir: {} }],
  },
};

const LIMITS = `apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits:
  - type: Container
    default:
      memory: 64Mi
    defaultRequest:
      memory: 32Mi
`;
const QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: pods
spec:
  hard:
    pods: "12"
`;

/** A cluster with the ReplicaSet `web` at 0 replicas (and whatever `extra` adds to its namespace). */
async function cluster(extra: string[]): Promise<MemoryStore> {
  const c = new TestCluster();
  await c.ok(`create -f ${c.file('rs.json', JSON.stringify({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: PLAIN } }))}`);
  for (const [i, text] of extra.entries()) await c.ok(`create -f ${c.file(`extra-${i}.yaml`, text)}`);
  return c.store as MemoryStore;
}

/** Make `n` pods one way on a fresh load of the store, the clock moving `stepMs` per pod; what the state then holds. */
function make(store: MemoryStore, template: unknown, n: number, stepMs: number, fast: boolean) {
  const state = store.load() as ClusterState;
  let t = Date.parse(state.meta.virtualNow) + 700;
  const env = makeEnv(state, 'wall', () => new Date(t));
  const owner = state.objects.replicasets!['default/web']!;
  const id = { generateName: 'web-' };
  const next = fast ? podMaker(state, env, owner, template as PodTemplate, id) : () => createPodFromTemplate(state, env, owner, template as PodTemplate, id);
  const outcomes: string[] = [];
  for (let i = 0; i < n; i++, t += stepMs) {
    try {
      outcomes.push(next().metadata.name);
    } catch (e) {
      outcomes.push(e instanceof ApiError ? e.message : `unexpected: ${String(e)}`);
    }
  }
  const pods = Object.values(state.objects.pods ?? {}) as KubeObject[];
  return { outcomes, pods: pods.map((p) => JSON.stringify(p)), meta: JSON.stringify(state.meta), quotas: JSON.stringify(state.objects.resourcequotas ?? {}) };
}

describe('pods made by the pod maker are the write path\'s, byte for byte', () => {
  test.each([
    ['a plain template (service-account volume drawn for each pod)', PLAIN, []],
    ['automountServiceAccountToken: false (nothing drawn)', NO_TOKEN, []],
    ['init containers, env, probes, limits and volumes of its own', RICH, []],
    ['a template that names a kube-api-access volume itself', OWN_ACCESS_VOLUME, []],
    ['a LimitRange in the namespace (LimitRanger fills and annotates)', RICH, [LIMITS]],
    ['a ResourceQuota in the namespace (each pod charged, the 13th refused)', PLAIN, [QUOTA]],
  ])('%s', async (_name, template, extra) => {
    const store = await cluster(extra as string[]);
    // 20 pods at one instant, then 20 across second boundaries (the wall clock ticking mid-run).
    for (const stepMs of [0, 300]) {
      const slow = make(store, template, 20, stepMs, false);
      const fast = make(store, template, 20, stepMs, true);
      expect(fast.outcomes).toEqual(slow.outcomes);
      expect(fast.pods).toEqual(slow.pods);
      expect(fast.meta).toEqual(slow.meta);
      expect(fast.quotas).toEqual(slow.quotas);
    }
  });

  test('a run does make distinct pods (names, uids, volume names) with one shared managedFields list', async () => {
    const store = await cluster([]);
    const state = store.load() as ClusterState;
    const env = makeEnv(state, 'virtual');
    const owner = state.objects.replicasets!['default/web']!;
    const next = podMaker(state, env, owner, PLAIN as PodTemplate, { generateName: 'web-' });
    const pods = [next(), next(), next()];
    expect(new Set(pods.map((p) => p.metadata.name)).size).toBe(3);
    expect(new Set(pods.map((p) => p.metadata.uid)).size).toBe(3);
    const volumes = pods.map((p) => (p.spec as { volumes: { name: string }[] }).volumes[0]!.name);
    expect(new Set(volumes).size).toBe(3);
    for (const [i, p] of pods.entries()) expect((p.spec as { containers: { volumeMounts: { name: string }[] }[] }).containers[0]!.volumeMounts[0]!.name).toBe(volumes[i]);
    expect(pods[1]!.metadata.managedFields).toBe(pods[2]!.metadata.managedFields);
    // Copies are independent: changing one pod changes no other.
    (pods[1]!.spec as { containers: { image: string }[] }).containers[0]!.image = 'changed';
    expect((pods[2]!.spec as { containers: { image: string }[] }).containers[0]!.image).toBe('luksa/kubia');
  });
});
