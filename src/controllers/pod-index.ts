/**
 * Objects by their controller (the Deployment controller's ReplicaSets by Deployment), and the stable
 * order controllers walk a kind in. The ReplicaSet controller finds its pods through their digests (digests.ts).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { shardedOf } from '../store/shards.js';
import { dependentsOf } from './digests.js';

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

/** The pods of each controller, looked up per owner uid. */
export interface OwnedPods {
  /** The pods whose controller ownerReference is `uid`, in the order they were created (stored). */
  get(uid: string): KubeObject[];
}

/**
 * The pods by controller, found through the pods' owner index: asking for one owner parses only its
 * pods (the DaemonSet, Job and StatefulSet controllers next to 10,000 pods of Deployments).
 */
export function ownedPods(state: ClusterState): OwnedPods {
  const cache = new Map<string, KubeObject[]>();
  return {
    get(uid) {
      let list = cache.get(uid);
      if (!list) cache.set(uid, (list = podsOf(state, uid)));
      return list;
    },
  };
}

function podsOf(state: ClusterState, uid: string): KubeObject[] {
  const pods = state.objects.pods;
  if (!pods || !uid) return [];
  const found: [string, KubeObject][] = [];
  for (const key of dependentsOf(state, 'pods', uid)) {
    const p = pods[key];
    if (p && controllerRef(p)?.uid === uid) found.push([key, p]);
  }
  if (found.length < 2) return found.map(([, p]) => p);
  // The order of the pods map (creation order), as a walk over every pod would give.
  const sharded = shardedOf(pods);
  let pos: (key: string) => number;
  if (sharded) pos = (key) => sharded.seqOf.get(key) ?? Infinity;
  else {
    const at = new Map(Object.keys(pods).map((k, i) => [k, i]));
    pos = (key) => at.get(key) ?? Infinity;
  }
  return found.sort((a, b) => pos(a[0]) - pos(b[0])).map(([, p]) => p);
}

/** Terminating or finished pods do not count towards replicas. */
export function isActivePod(p: KubeObject): boolean {
  if (p.metadata.deletionTimestamp) return false;
  const phase = (p.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** The pod's Ready condition (set by the kubelet). */
export function readyCondition(p: KubeObject): { status: string; lastTransitionTime?: string } | undefined {
  const conds = (p.status as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] } | undefined)?.conditions;
  return conds?.find((c) => c.type === 'Ready');
}

export function isPodReady(p: KubeObject): boolean {
  return readyCondition(p)?.status === 'True';
}

/** Ready for at least minReadySeconds at `now`. */
export function isPodAvailable(p: KubeObject, minReadySeconds: number, now: Date): boolean {
  const c = readyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds || !c.lastTransitionTime) return true;
  return Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 <= now.getTime();
}

/** Stable order of a resource's objects by storage key (namespace/name): controllers act deterministically. */
export function sortedObjects(state: ClusterState, resource: string): KubeObject[] {
  const b = state.objects[resource];
  if (!b) return [];
  return Object.keys(b).sort().map((k) => b[k]!);
}
