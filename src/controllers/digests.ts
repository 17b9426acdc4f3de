/**
 * The digests controllers select by (store/tracker.ts): a small projection of each object, kept beside
 * its shards, so a controller finds the pods of a Service, the pods of a ReplicaSet, the pending pods or
 * the dependents of a deleted owner among 10,000 pods without parsing them, and parses only the pods it
 * then changes.
 * - Pods: everything the scheduler, the replica controllers, the endpoint controllers and the garbage
 *   collector filter on.
 * - Every other kind but Events: its owner references, only for objects that have some (a sparse digest:
 *   usually empty), for the garbage collector.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { allKinds } from '../api/registry.js';
import { registerDigest, trackerOf } from '../store/tracker.js';

/** What is kept of a pod. Absent fields are empty / false. */
export interface PodDigest {
  /** Namespace and name. */
  ns: string;
  name: string;
  uid?: string;
  labels?: Record<string, string>;
  /** uid of the controller owner reference. */
  owner?: string;
  /** uids of every owner reference. */
  refs?: string[];
  /** spec.nodeName. */
  node?: string;
  /** spec.schedulerName when not the default scheduler. */
  sched?: string;
  phase?: string;
  ip?: string;
  /** Ready condition is True, and since when. */
  ready?: true;
  readySince?: string;
  /** PodScheduled is False (found unschedulable). */
  unsched?: true;
  /** metadata.deletionTimestamp is set. */
  del?: true;
  created?: string;
  restarts?: number;
  hostname?: string;
  subdomain?: string;
  /** Some container port is named (a Service's named targetPort needs the pod itself). */
  namedPorts?: true;
}

interface PodShape {
  spec?: { nodeName?: string; schedulerName?: string; hostname?: string; subdomain?: string; containers?: { ports?: { name?: string }[] }[] };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string; lastTransitionTime?: string }[]; containerStatuses?: { restartCount?: number }[] };
}

/** The digest of one pod. */
export function podDigest(o: KubeObject): PodDigest {
  const p = o as KubeObject & PodShape;
  const md = o.metadata;
  const d: PodDigest = { ns: md.namespace ?? 'default', name: md.name };
  if (md.uid) d.uid = md.uid;
  if (md.labels && Object.keys(md.labels).length) d.labels = md.labels;
  const refs = md.ownerReferences ?? [];
  const ctl = refs.find((r) => r.controller);
  if (ctl) d.owner = ctl.uid;
  if (refs.length) d.refs = refs.map((r) => r.uid);
  const spec = p.spec ?? {};
  if (spec.nodeName) d.node = spec.nodeName;
  if (spec.schedulerName && spec.schedulerName !== 'default-scheduler') d.sched = spec.schedulerName;
  if (spec.hostname) d.hostname = spec.hostname;
  if (spec.subdomain) d.subdomain = spec.subdomain;
  if ((spec.containers ?? []).some((c) => (c.ports ?? []).some((x) => x.name))) d.namedPorts = true;
  const st = p.status ?? {};
  if (st.phase) d.phase = st.phase;
  const ip = st.podIP || st.podIPs?.[0]?.ip;
  if (ip) d.ip = ip;
  for (const c of st.conditions ?? []) {
    if (c.type === 'Ready' && c.status === 'True') {
      d.ready = true;
      if (c.lastTransitionTime) d.readySince = c.lastTransitionTime;
    } else if (c.type === 'PodScheduled' && c.status === 'False') d.unsched = true;
  }
  if (md.deletionTimestamp) d.del = true;
  if (md.creationTimestamp) d.created = md.creationTimestamp;
  const restarts = (st.containerStatuses ?? []).reduce((a, c) => a + (c.restartCount ?? 0), 0);
  if (restarts) d.restarts = restarts;
  return d;
}

/** The owner uids of an object that has owner references (sparse: none for the rest). */
export function refsDigest(o: KubeObject): string[] | undefined {
  const refs = o.metadata.ownerReferences;
  return refs?.length ? refs.map((r) => r.uid) : undefined;
}

registerDigest('pods', { version: 1, fn: podDigest });
for (const k of allKinds()) if (k.resource !== 'pods' && k.resource !== 'events') registerDigest(k.resource, { version: 1, fn: refsDigest });

/** The live digests of every pod, by storage key (read-only). */
export function podDigests(state: ClusterState): Map<string, PodDigest> {
  return trackerOf(state).digests('pods') as Map<string, PodDigest>;
}

/** The live owner-reference digests of a kind (objects with owner references only). */
export function refDigests(state: ClusterState, resource: string): Map<string, string[]> {
  if (resource === 'pods') {
    const out = new Map<string, string[]>();
    for (const [k, d] of podDigests(state)) if (d.refs) out.set(k, d.refs);
    return out;
  }
  return trackerOf(state).digests(resource) as Map<string, string[]>;
}

/** Terminating or finished pods do not count towards replicas. */
export function digestActive(d: PodDigest): boolean {
  return !d.del && d.phase !== 'Succeeded' && d.phase !== 'Failed';
}
