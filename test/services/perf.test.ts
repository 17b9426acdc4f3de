/**
 * Scale: 10k pods and 1k services. The endpoint controllers index pods by label (one pass over the
 * pods, never services × pods), recompute only the Services whose inputs changed, and a round where
 * nothing changed reads no pod at all. Counted, not timed: the timings are bench/'s (controller rows).
 */
import { expect, test } from 'vitest';
import { freshCluster } from '../../src/store/bootstrap.js';
import { makeEnv } from '../../src/env.js';
import { insertObject } from '../../src/api/objects.js';
import type { KubeObject } from '../../src/api/types.js';
import { podObject } from './fixtures.js';
import { endpointControllers } from '../../src/controllers/services.js';
import { dnsQuery } from '../../src/network/dns.js';

const PODS = 10_000;
const SERVICES = 1000;

test('10k pods / 1k services: one pass over the pods, only changed Services rewritten, a quiet round reads nothing', () => {
  const state = freshCluster({ clock: 'virtual' });
  const env = makeEnv(state, 'virtual');
  for (let i = 0; i < PODS; i++) {
    const app = `app${i % SERVICES}`;
    insertObject(state, 'pods', podObject({ name: `p${i}`, labels: { app, tier: 'web' }, ip: `10.${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`, ready: i % 7 !== 0 }), env);
  }
  for (let i = 0; i < SERVICES; i++) {
    insertObject(state, 'services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc${i}`, namespace: 'default' },
      spec: { clusterIP: `10.96.${10 + Math.floor(i / 250)}.${i % 250}`, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: `app${i}`, tier: 'web' }, type: 'ClusterIP' },
    }, env);
  }
  // Every read of a pod out of the pods bucket is counted: one pass reads 10k (plus a lookup or so per
  // Service); a scan of the pods per Service would read 10M.
  let podReads = 0;
  state.objects.pods = new Proxy(state.objects.pods!, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in target) podReads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const round = () => {
    podReads = 0;
    const changed = endpointControllers.reconcile(state, env);
    return { changed, podReads };
  };
  const versions = (resource: string) => Object.fromEntries(Object.entries(state.objects[resource] ?? {}).map(([k, o]) => [k, (o as KubeObject).metadata.resourceVersion]));

  const first = round();
  expect(first.changed).toBe(true);
  expect(first.podReads).toBeLessThanOrEqual(PODS + SERVICES);
  expect(Object.keys(state.objects.endpoints!).length).toBe(1002);
  expect((state.objects.endpoints!['default/svc0']!.subsets as unknown[]).length).toBe(1);
  expect(dnsQuery(state, 'svc999.default.svc.cluster.local', 'A').kind).toBe('A');

  // Nothing changed: the round is skipped before it looks at a single pod.
  expect(round()).toEqual({ changed: false, podReads: 0 });

  // One pod changes: one pass over the pods again, and only its Service's Endpoints and slice are rewritten.
  const endpointsBefore = versions('endpoints');
  const slicesBefore = versions('endpointslices');
  (state.objects.pods!['default/p0']!.status as { conditions: { type: string; status: string }[] }).conditions = [{ type: 'Ready', status: 'True' }];
  state.meta.resourceVersion++;
  const again = round();
  expect(again.changed).toBe(true);
  expect(again.podReads).toBeLessThanOrEqual(PODS + SERVICES);
  const rewritten = (before: Record<string, string | undefined>, resource: string) =>
    Object.entries(versions(resource)).filter(([k, rv]) => before[k] !== rv).map(([k]) => k);
  expect(rewritten(endpointsBefore, 'endpoints')).toEqual(['default/svc0']);
  expect(rewritten(slicesBefore, 'endpointslices')).toEqual([expect.stringMatching(/^default\/svc0-[a-z0-9]{5}$/)]);
});
