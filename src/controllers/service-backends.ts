/**
 * Which pods back a Service, computed the way the endpoints and EndpointSlice controllers do (reference
 * §7), from a pod index built once per reconcile from the pod digests (namespace → label `k=v` → pods),
 * so a round parses no pod and costs O(pods + matched pods), never services × pods.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { ServicePort, ServiceSpec } from '../kinds/service-admit.js';
import { podDigestOf, podDigestsIfBuilt, podsWithLabel, type PodDigest } from './digests.js';

interface PodShape {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string }[] };
}

export type Pod = KubeObject & PodShape;

/**
 * How the endpoint controllers find pods: through the pod label index and digests, so selecting the
 * pods of a Service parses the index entries of its selector and those pods' digests, not every pod.
 */
export interface PodIndex {
  /**
   * Pods of `namespace` carrying every pair of a (non-empty) selector map that have an address (a pod
   * without one backs no Service: backendsOf would skip it).
   */
  select(namespace: string, selector: Record<string, string>): Pod[];
  /**
   * Backends already computed in this pass, by selector and ports (Services alike share them), unless a
   * selected pod's hostname makes them depend on the Service's name (`own`).
   */
  backends?: Map<string, { own: boolean; list: Backend[] }>;
}

/**
 * A pod as the endpoint controllers need it, made from its digest: name, namespace, uid, labels, node,
 * hostname and subdomain, phase, IP and readiness. Its containers are read from the pod itself (parsing
 * its shard) only when some container port is named, which a named targetPort needs.
 */
function podView(state: ClusterState, key: string, d: PodDigest): Pod {
  // One shape for every view (absent fields undefined), so the hot loops over thousands stay monomorphic.
  const spec = { nodeName: d.node, hostname: d.hostname, subdomain: d.subdomain, containers: [] as unknown };
  // A getter (slow to define) only where the containers matter: a pod with a named port.
  if (d.namedPorts) {
    Object.defineProperty(spec, 'containers', {
      enumerable: true,
      get: () => (state.objects.pods?.[key] as Pod | undefined)?.spec?.containers ?? [],
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: d.name, namespace: d.ns, uid: d.uid, labels: d.labels ?? {}, deletionTimestamp: d.del ? 'set' : undefined },
    spec: spec as NonNullable<Pod['spec']>,
    status: { phase: d.phase, podIP: d.ip, conditions: d.ready ? READY : NOT_READY },
  };
}

const READY = [{ type: 'Ready', status: 'True' }];
const NOT_READY: { type: string; status: string }[] = [];

export function buildPodIndex(state: ClusterState): PodIndex {
  const views = new Map<string, Pod>();
  const view = (key: string, d: PodDigest) => {
    let v = views.get(key);
    if (v === undefined) views.set(key, (v = podView(state, key, d)));
    return v;
  };
  return {
    backends: new Map(),
    select(namespace, selector) {
      const pairs = Object.entries(selector);
      if (!pairs.length) return [];
      // The keys filed under the first pair, checked against the rest on each pod.
      const [k, v] = pairs[0]!;
      const out: Pod[] = [];
      // Thousands of pods under one label (a scale-up) are looked up in the digests the replica
      // controllers and the scheduler assembled; a few, one by one (reading no other digest).
      const all = podDigestsIfBuilt(state);
      for (const key of podsWithLabel(state, namespace, k, v)) {
        const d = all ? all.get(key) : podDigestOf(state, key);
        // No address yet (the Pending pods of a scale-up): no view, as it backs no Service.
        if (!d?.ip) continue;
        const p = view(key, d);
        if (pairs.every(([pk, pv]) => p.metadata.labels?.[pk] === pv)) out.push(p);
      }
      return out;
    },
  };
}

/** Pods of `namespace` with an address whose labels match every pair of a (non-empty) selector map. */
export function selectPods(index: PodIndex, namespace: string, selector: Record<string, string>): Pod[] {
  return index.select(namespace, selector);
}

export const podIP = (p: Pod) => p.status?.podIP || p.status?.podIPs?.[0]?.ip || '';
export const podReady = (p: Pod) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** FindPort: a number is used as-is; a name is looked up in the pod's container ports with the same protocol. */
export function resolveTargetPort(pod: Pod, sp: ServicePort): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (typeof tp === 'string' && /^\d+$/.test(tp)) return Number(tp);
  const proto = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === tp && (cp.protocol ?? 'TCP') === proto) return cp.containerPort;
  }
  return undefined;
}

/** One backend of a Service: a pod with an IP, its readiness, and each service port resolved for it. */
export interface Backend {
  pod: Pod;
  ip: string;
  /** Counts as ready for Endpoints `addresses` and slice `conditions.ready`. */
  ready: boolean;
  /** Pod Ready condition (slice `serving`). */
  serving: boolean;
  terminating: boolean;
  hostname?: string;
  /** Resolved port per service port index; undefined when the pod lacks a named port. */
  ports: (number | undefined)[];
}

/** The backends of a selector Service, in IP order (read-only: Services with the same selector and ports share them). */
export function backendsOf(index: PodIndex, svc: KubeObject): Backend[] {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const pna = spec.publishNotReadyAddresses === true;
  const ns = svc.metadata.namespace ?? 'default';
  const key = `${ns}\u0000${JSON.stringify(spec.selector ?? {})}\u0000${JSON.stringify(spec.ports ?? [])}\u0000${pna}`;
  const shared = index.backends?.get(key);
  if (shared && !shared.own) return shared.list;
  const pods = selectPods(index, ns, spec.selector ?? {});
  // A pod's hostname shows only for the Service its subdomain names: then the backends are this Service's own.
  const own = pods.some((p) => p.spec?.hostname && p.spec.subdomain);
  const out: Backend[] = [];
  for (const pod of pods) {
    const ip = podIP(pod);
    if (!ip) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    // Terminating pods stay here: EndpointSlices keep them (terminating: true); Endpoints drops them.
    const terminating = !!pod.metadata.deletionTimestamp;
    const serving = podReady(pod);
    const hostname = pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name ? pod.spec.hostname : undefined;
    out.push({
      pod,
      ip,
      ready: pna || (serving && !terminating),
      serving,
      terminating,
      ...(hostname ? { hostname } : {}),
      ports: (spec.ports ?? []).map((sp) => resolveTargetPort(pod, sp)),
    });
  }
  out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  if (!shared) index.backends?.set(key, { own, list: out });
  return out;
}

/** targetRef of a pod as endpoints carry it. */
export function targetRef(pod: Pod): { kind: string; name: string; namespace: string; uid?: string } {
  return { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default', uid: pod.metadata.uid };
}

/**
 * Skip a controller round when nothing has changed since it last ran. Every change to the state bumps
 * `meta.resourceVersion`, so remembering the version seen after a run (in `state.memory`, so it holds
 * across commands too) tells whether anything could have changed. Writing the mark does not bump the
 * version itself: it is bookkeeping about the version, saved along with whatever change moved it.
 */
export class QuietTracker {
  /** Without a name the mark lives only in memory for this state object (one command). */
  private seen = new WeakMap<ClusterState, number>();
  constructor(private readonly name?: string) {}
  quiet(state: ClusterState): boolean {
    const seen = this.name ? (state.memory[this.name] as { seen?: number } | undefined)?.seen : this.seen.get(state);
    return seen === state.meta.resourceVersion;
  }
  mark(state: ClusterState): void {
    if (!this.name) {
      this.seen.set(state, state.meta.resourceVersion);
      return;
    }
    const m = ((state.memory[this.name] as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
    m.seen = state.meta.resourceVersion;
    state.memory[this.name] = m;
  }
}
