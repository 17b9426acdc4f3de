/**
 * Garbage collector: objects whose controller owner no longer exists are deleted (background cascade),
 * so deleting a ReplicaSet deletes its pods and deleting a Deployment its ReplicaSets. Kubernetes keeps
 * an object while any of its owners remains.
 *
 * Driven by what changed, as the real collector is by its informers: the dependents of each deleted
 * object are found through the owner-reference digests (digests.ts) without reading any other object,
 * and an object created or re-owned is checked against its owners by kind and name. A first pass on a
 * state not left at a fixed point looks at every object (events excepted: they neither own nor are owned).
 */
import type { Controller } from './index.js';
import { changesFor } from './changes.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { getObject, removeObject } from '../api/objects.js';
import { kindByKind } from '../api/registry.js';
import { dependentsOf } from './digests.js';
import { digesterOf } from '../store/tracker.js';

/** Delete a dependent: removeObject gives the deletion its own resourceVersion. */
function deleteObject(state: ClusterState, resource: string, o: KubeObject): void {
  removeObject(state, resource, o.metadata.namespace, o.metadata.name);
  if (resource === 'pods' && o.metadata.uid) delete state.runtime[o.metadata.uid];
}

/** Whether an owner reference's object exists (looked up by kind and name, matched by uid). */
function ownerExists(state: ClusterState, dependent: KubeObject, ref: { kind: string; name: string; uid: string }): boolean {
  const kind = kindByKind(ref.kind);
  if (!kind) return false;
  const owner = getObject(state, kind.resource, kind.namespaced ? dependent.metadata.namespace : undefined, ref.name);
  return owner?.metadata.uid === ref.uid;
}

function fullPass(state: ClusterState): boolean {
  const resources = Object.keys(state.objects).filter((r) => r !== 'events');
  const uids = new Set<string>();
  for (const r of resources) for (const o of Object.values(state.objects[r]!)) if (o.metadata.uid) uids.add(o.metadata.uid);
  let changed = false;
  for (const resource of resources) {
    const items = state.objects[resource]!;
    for (const [key, o] of Object.entries(items)) {
      const owners = o.metadata.ownerReferences;
      if (!owners?.length) continue;
      if (owners.every((r) => !uids.has(r.uid))) {
        deleteObject(state, resource, o);
        changed = true;
      }
    }
  }
  return changed;
}

export const garbageCollector: Controller = {
  name: 'garbage-collector',
  reconcile(state: ClusterState): boolean {
    const changes = changesFor(state);
    let changed = false;
    if (changes.full) changed = fullPass(state);
    else {
      const gone = new Set<string>();
      const check: [string, string][] = [];
      for (const c of changes.entries) {
        if (c.resource === 'events') continue;
        if (c.gone) {
          if (c.gone.metadata.uid) gone.add(c.gone.metadata.uid);
        } else check.push([c.resource, c.key]);
      }
      // Dependents of what was deleted.
      if (gone.size) {
        for (const resource of Object.keys(state.objects)) {
          if (resource === 'events' || !digesterOf(resource)) continue;
          for (const uid of gone) for (const key of dependentsOf(state, resource, uid)) check.push([resource, key]);
        }
      }
      // Objects created, re-owned, or whose owner went: deleted when no owner remains.
      // Each object once, by kind then key (the log holds a scale-up's pods two or three times each).
      const seen = new Map<string, Set<string>>();
      // Owners found, by kind, namespace, name and uid (10,000 new pods have one owner): forgotten at each
      // deletion, since the one deleted may be an owner.
      const exists = new Map<string, boolean>();
      const ownerGone = (o: KubeObject, r: { kind: string; name: string; uid: string }) => {
        if (gone.has(r.uid)) return true;
        const id = `${r.kind}\u0000${o.metadata.namespace ?? ''}\u0000${r.name}\u0000${r.uid}`;
        let found = exists.get(id);
        if (found === undefined) exists.set(id, (found = ownerExists(state, o, r)));
        return !found;
      };
      for (const [resource, key] of check) {
        let keys = seen.get(resource);
        if (!keys) seen.set(resource, (keys = new Set()));
        if (keys.has(key)) continue;
        keys.add(key);
        const o = state.objects[resource]?.[key];
        const owners = o?.metadata.ownerReferences;
        if (!o || !owners?.length) continue;
        if (owners.every((r) => ownerGone(o, r))) {
          deleteObject(state, resource, o);
          exists.clear();
          changed = true;
        }
      }
    }
    return changed;
  },
};
