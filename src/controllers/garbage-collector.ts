/**
 * Garbage collector: objects whose controller owner no longer exists are deleted (background cascade),
 * so deleting a ReplicaSet deletes its pods and deleting a Deployment its ReplicaSets.
 */
import type { Controller } from './index.js';
import type { ClusterState } from '../api/types.js';

export const garbageCollector: Controller = {
  name: 'garbage-collector',
  reconcile(state: ClusterState): boolean {
    // Events neither own nor are owned (they name their object in involvedObject): skipping them keeps a
    // pass from parsing every event (17 MB at 10k pods).
    const resources = Object.keys(state.objects).filter((r) => r !== 'events');
    const uids = new Set<string>();
    for (const r of resources) for (const o of Object.values(state.objects[r]!)) if (o.metadata.uid) uids.add(o.metadata.uid);
    let changed = false;
    for (const resource of resources) {
      const items = state.objects[resource]!;
      for (const [key, o] of Object.entries(items)) {
        const owners = o.metadata.ownerReferences;
        if (!owners?.length) continue;
        // Deleted when every owner is gone (Kubernetes keeps an object while any owner remains).
        if (owners.every((r) => !uids.has(r.uid))) {
          delete state.objects[resource]![key];
          if (resource === 'pods' && o.metadata.uid) delete state.runtime[o.metadata.uid];
          changed = true;
        }
      }
    }
    if (changed) state.meta.resourceVersion += 1;
    return changed;
  },
};
