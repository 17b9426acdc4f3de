/** Scale: 10k pods and 1k services; the endpoint controllers index pods by label, never services × pods. */
import { expect, test } from 'vitest';
import { freshCluster } from '../../src/store/bootstrap.js';
import { makeEnv } from '../../src/env.js';
import { insertObject } from '../../src/api/objects.js';
import { podObject } from './fixtures.js';
import { endpointControllers } from '../../src/controllers/services.js';
import { dnsQuery } from '../../src/network/dns.js';

test('10k pods / 1k services reconcile quickly, and a quiet round is nearly free', () => {
  const state = freshCluster({ clock: 'virtual' });
  const env = makeEnv(state, 'virtual');
  for (let i = 0; i < 10_000; i++) {
    const app = `app${i % 1000}`;
    insertObject(state, 'pods', podObject({ name: `p${i}`, labels: { app, tier: 'web' }, ip: `10.${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`, ready: i % 7 !== 0 }), env);
  }
  for (let i = 0; i < 1000; i++) {
    insertObject(state, 'services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc${i}`, namespace: 'default' },
      spec: { clusterIP: `10.96.${10 + Math.floor(i / 250)}.${i % 250}`, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: `app${i}`, tier: 'web' }, type: 'ClusterIP' },
    }, env);
  }
  const run = () => {
    return endpointControllers.reconcile(state, env);
  };
  const t0 = performance.now();
  expect(run()).toBe(true);
  const first = performance.now() - t0;
  const t1 = performance.now();
  expect(run()).toBe(false);
  const quiet = performance.now() - t1;
  // A pod change forces a full recompute: still one pass over pods plus the matched ones.
  (state.objects.pods!['default/p0']!.status as { conditions: { type: string; status: string }[] }).conditions = [{ type: 'Ready', status: 'True' }];
  state.meta.resourceVersion++;
  const t2 = performance.now();
  expect(run()).toBe(true);
  const again = performance.now() - t2;
  expect(Object.keys(state.objects.endpoints!).length).toBe(1002);
  expect((state.objects.endpoints!['default/svc0']!.subsets as unknown[]).length).toBe(1);
  expect(dnsQuery(state, 'svc999.default.svc.cluster.local', 'A').kind).toBe('A');
  process.stdout.write(`endpoint controllers: first ${first.toFixed(0)} ms, quiet ${quiet.toFixed(2)} ms, after a pod change ${again.toFixed(0)} ms\n`);
  expect(first).toBeLessThan(3000);
  expect(quiet).toBeLessThan(5);
  expect(again).toBeLessThan(2000);
});
