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
import { registerDigest, registerIndex, trackerOf } from '../store/tracker.js';
import { podRowFacts, podRowStub, type PodRowFacts } from '../kinds/pod.js';
import { compareObjects, ownerUids } from '../api/objects.js';
import { parseQuantity } from '../printers/quantity.js';

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
  /** spec.hostNetwork: the pod uses its node's address. */
  hostNet?: true;
  /** Some container port is named (a Service's named targetPort needs the pod itself). */
  namedPorts?: true;
  /** The CPU (millicores) and memory (bytes) it requests, when it requests any (the scheduler's fit). */
  req?: [number, number];
  /** What `get po` prints of it (kinds/pod.ts). */
  row: PodRowFacts;
}

interface ContainerShape {
  ports?: { name?: string }[];
  resources?: { requests?: Record<string, string> };
  restartPolicy?: string;
}
interface PodShape {
  spec?: { nodeName?: string; schedulerName?: string; hostname?: string; subdomain?: string; hostNetwork?: boolean; containers?: ContainerShape[]; initContainers?: ContainerShape[] };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string; lastTransitionTime?: string }[]; containerStatuses?: { restartCount?: number }[] };
}

/** The digest of one pod. */
export function podDigest(o: KubeObject): PodDigest {
  const p = o as KubeObject & PodShape;
  const md = o.metadata;
  const d: PodDigest = { ns: md.namespace ?? 'default', name: md.name, row: podRowFacts(o) };
  if (md.uid) d.uid = md.uid;
  if (md.labels && Object.keys(md.labels).length) d.labels = md.labels;
  const refs = md.ownerReferences ?? [];
  const ctl = refs.find((r) => r.controller);
  if (ctl) d.owner = ctl.uid;
  const uids = ownerUids(o);
  if (uids) d.refs = uids;
  const spec = p.spec ?? {};
  if (spec.nodeName) d.node = spec.nodeName;
  if (spec.schedulerName && spec.schedulerName !== 'default-scheduler') d.sched = spec.schedulerName;
  if (spec.hostname) d.hostname = spec.hostname;
  if (spec.subdomain) d.subdomain = spec.subdomain;
  if (spec.hostNetwork) d.hostNet = true;
  if (namedPort(spec.containers)) d.namedPorts = true;
  const req = podRequests(p);
  if (req) d.req = req;
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

/**
 * The CPU (millicores) and memory (bytes) a pod requests, as the scheduler counts them: its containers'
 * and sidecars' requests together, or an init container's when that is more (they run one at a time).
 * Undefined when it requests neither.
 */
function podRequests(p: PodShape): [number, number] | undefined {
  // Most pods request nothing: then nothing is summed (no lists made for each of 10,000 pods).
  if (!requestsAny(p.spec?.containers) && !requestsAny(p.spec?.initContainers)) return undefined;
  const of = (c: ContainerShape): [number, number] => {
    const r = c.resources?.requests;
    return r ? [Number(parseQuantity(r.cpu).milli), Number(parseQuantity(r.memory).milli / 1000n)] : [0, 0];
  };
  const sum: [number, number] = [0, 0];
  for (const c of [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')]) {
    const [cpu, mem] = of(c);
    sum[0] += cpu;
    sum[1] += mem;
  }
  for (const c of p.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') continue;
    const [cpu, mem] = of(c);
    sum[0] = Math.max(sum[0], cpu);
    sum[1] = Math.max(sum[1], mem);
  }
  return sum[0] || sum[1] ? sum : undefined;
}

function requestsAny(containers: ContainerShape[] | undefined): boolean {
  if (containers) for (const c of containers) if (c.resources?.requests) return true;
  return false;
}

/** Whether some container port is named. */
function namedPort(containers: ContainerShape[] | undefined): boolean {
  if (containers) for (const c of containers) if (c.ports) for (const x of c.ports) if (x.name) return true;
  return false;
}

registerDigest('pods', { version: 4, fn: podDigest });

/** The label index of pods: each pod under `namespace\0key=value` for each of its labels. */
const POD_LABELS = 'pods.labels';
registerIndex(POD_LABELS, { resource: 'pods', version: 1, keysOf: (d: unknown) => labelPairs(d as PodDigest) });

/** The address index of pods: each pod with an IP of its own (not the node's), not finished, under that IP. */
const POD_IPS = 'pods.ip';
registerIndex(POD_IPS, {
  resource: 'pods',
  version: 1,
  keysOf: (x: unknown) => {
    const d = x as PodDigest;
    return d.ip && !d.hostNet && d.phase !== 'Succeeded' && d.phase !== 'Failed' ? [d.ip] : [];
  },
});

/** The pod that has `ip` (its own, not its node's; not finished), if any. */
export function podByIP(state: ClusterState, ip: string): KubeObject | undefined {
  const keys = trackerOf(state).lookup(POD_IPS, ip);
  // Two pods with one address (an IP reused while the old pod lingers): the one filed last, as a map by IP keeps.
  const key = keys[keys.length - 1];
  return key === undefined ? undefined : state.objects.pods?.[key];
}

/** A pod's index values in the label index. */
function labelPairs(d: PodDigest): string[] {
  const out: string[] = [];
  for (const k in d.labels ?? {}) out.push(`${d.ns}\u0000${k}=${d.labels![k]}`);
  return out;
}

/** Keys of the pods of `namespace` carrying label `key=value` (from the label index: no pod parsed). */
export function podsWithLabel(state: ClusterState, namespace: string, key: string, value: string): string[] {
  return trackerOf(state).lookup(POD_LABELS, `${namespace}\u0000${key}=${value}`);
}

/** The live digest of one pod. */
export function podDigestOf(state: ClusterState, key: string): PodDigest | undefined {
  return trackerOf(state).digestOf('pods', key) as PodDigest | undefined;
}

// Services' and EndpointSlices' digests (their owners, addresses and Service) are registered by
// kinds/service-index.ts and kinds/endpointslice.ts, which read them.
// Every other kind but Events keeps its owner uids alone (a sparse digest: usually empty).
for (const k of allKinds()) if (!['pods', 'events', 'services', 'endpointslices'].includes(k.resource)) registerDigest(k.resource, { version: 1, fn: ownerUids });

/** The owner uids a digest carries: the digest itself (the uids alone), or its `refs` (pods, Services, slices). */
function digestOwners(d: unknown): string[] {
  if (Array.isArray(d)) return d as string[];
  return (d as { refs?: string[] } | undefined)?.refs ?? [];
}

/** The owner index of each kind: each object with owner references under each owner uid. */
const ownersIndex = (resource: string) => `${resource}.owners`;
for (const k of allKinds()) {
  if (k.resource === 'events') continue;
  // A stored index is rebuilt whenever its kind's digest version changes (store/parts.ts indexValid).
  registerIndex(ownersIndex(k.resource), { resource: k.resource, version: 1, keysOf: digestOwners });
}

/** Keys of the objects of `resource` with an owner reference to `uid` (from its owner index). */
export function dependentsOf(state: ClusterState, resource: string, uid: string): string[] {
  return trackerOf(state).lookup(ownersIndex(resource), uid);
}

/** The live digests of every pod if a controller has assembled them this command, else undefined (read-only). */
export function podDigestsIfBuilt(state: ClusterState): Map<string, PodDigest> | undefined {
  return trackerOf(state).digestsIfBuilt('pods') as Map<string, PodDigest> | undefined;
}

/** The live digests of every pod, by storage key (read-only). */
export function podDigests(state: ClusterState): Map<string, PodDigest> {
  return trackerOf(state).digests('pods') as Map<string, PodDigest>;
}

/**
 * The pods of `namespace` (all namespaces when undefined) for a `get po` table, sorted as listObjects
 * sorts: stand-ins made from the live digests, so 10,000 pods print without parsing one.
 */
export function podTableStubs(state: ClusterState, namespace?: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const d of podDigests(state).values()) {
    if (namespace !== undefined && d.ns !== namespace) continue;
    out.push(podRowStub({ namespace: d.ns, name: d.name, labels: d.labels, creationTimestamp: d.created }, d.row));
  }
  return out.sort(compareObjects);
}

/** Terminating or finished pods do not count towards replicas. */
export function digestActive(d: PodDigest): boolean {
  return !d.del && d.phase !== 'Succeeded' && d.phase !== 'Failed';
}
