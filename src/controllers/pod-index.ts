/**
 * Objects by their controller (the Deployment controller's ReplicaSets by Deployment), and the stable
 * order controllers walk a kind in. Pods are found through their digests instead (digests.ts).
 */
import type { ClusterState, KubeObject } from '../api/types.js';

/** Objects of one kind by controller. */
export interface PodIndex {
  /** Objects by the uid of their controller ownerReference. */
  byController: Map<string, KubeObject[]>;
  /** Objects without a controller ownerReference, by namespace (adoption candidates). */
  orphansByNamespace: Map<string, KubeObject[]>;
}

/** The controller ownerReference of an object, if any. */
export function controllerRef(o: KubeObject): { uid: string; kind: string; name: string } | undefined {
  const r = o.metadata.ownerReferences?.find((x) => x.controller);
  return r ? { uid: r.uid, kind: r.kind, name: r.name } : undefined;
}

/** Index objects of one resource by controller uid and namespace. */
export function indexByController(items: Iterable<KubeObject>): PodIndex {
  const byController = new Map<string, KubeObject[]>();
  const orphansByNamespace = new Map<string, KubeObject[]>();
  for (const p of items) {
    const ref = controllerRef(p);
    if (ref) {
      let list = byController.get(ref.uid);
      if (!list) byController.set(ref.uid, (list = []));
      list.push(p);
    } else {
      const ns = p.metadata.namespace ?? '';
      let list = orphansByNamespace.get(ns);
      if (!list) orphansByNamespace.set(ns, (list = []));
      list.push(p);
    }
  }
  return { byController, orphansByNamespace };
}

/** Stable order of a resource's objects by storage key (namespace/name): controllers act deterministically. */
export function sortedObjects(state: ClusterState, resource: string): KubeObject[] {
  const b = state.objects[resource];
  if (!b) return [];
  return Object.keys(b).sort().map((k) => b[k]!);
}
