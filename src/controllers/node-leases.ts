/**
 * Each node's kubelet keeps a Lease named after the node in kube-node-lease (owned by the Node) and renews
 * it every 10 seconds of cluster time (a quarter of its 40 s duration): renewTime is live, moved to the
 * last renewal instant whenever the clock passed one.
 */
import type { Controller } from './index.js';
import type { KubeObject } from '../api/types.js';
import { asSystem } from '../env.js';
import { getObject, insertObject, saveIfChanged } from '../api/objects.js';

const NAMESPACE = 'kube-node-lease';
const DURATION_SECONDS = 40;
const RENEW_MS = 10_000;

/** metav1.MicroTime as the API server writes it: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

interface LeaseSpec { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string }

/** The last renewal instant at or before `now` of a lease first acquired at `created`. */
function lastRenewal(created: number, now: number): number {
  return now < created ? created : created + Math.floor((now - created) / RENEW_MS) * RENEW_MS;
}

export const nodeLeases: Controller = {
  name: 'node-lease',
  reconcile(state, env) {
    const nodes = Object.values(state.objects.nodes ?? {});
    if (!nodes.length || !getObject(state, 'namespaces', undefined, NAMESPACE)) return false;
    const now = env.now().getTime();
    let changed = false;
    for (const node of nodes) {
      const name = node.metadata.name;
      let lease = getObject(state, 'leases', NAMESPACE, name);
      if (!lease) {
        const fresh: KubeObject = {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name,
            namespace: NAMESPACE,
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
          },
          spec: { holderIdentity: name, leaseDurationSeconds: DURATION_SECONDS, renewTime: microTime(now) },
        };
        lease = insertObject(state, 'leases', fresh, asSystem(env, state));
        changed = true;
        continue;
      }
      const spec = (lease.spec ??= {}) as LeaseSpec;
      const created = Date.parse(lease.metadata.creationTimestamp ?? '') || now;
      const due = microTime(lastRenewal(created, now));
      if (spec.renewTime !== undefined && Date.parse(spec.renewTime) >= Date.parse(due)) continue;
      const before = JSON.stringify(lease);
      spec.renewTime = due;
      if (saveIfChanged(state, 'leases', lease, before)) changed = true;
    }
    return changed;
  },
  nextDue(state, now) {
    let due: number | null = null;
    for (const lease of Object.values(state.objects.leases ?? {})) {
      if (lease.metadata.namespace !== NAMESPACE) continue;
      const renewed = Date.parse((lease.spec as LeaseSpec | undefined)?.renewTime ?? '');
      if (!Number.isNaN(renewed)) {
        const t = renewed + RENEW_MS;
        if (due === null || t < due) due = t;
      }
    }
    return due === null ? null : Math.max(due, now);
  },
};
