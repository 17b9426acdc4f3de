/**
 * The endpoints controller (reference §7): for every Service with a selector, an Endpoints object of the
 * same name listing the selected pods (ready ones in `addresses`, the others in `notReadyAddresses`),
 * target ports resolved per pod, subsets repacked by identical port sets. Level-triggered: desired is
 * computed from scratch, only differences are written, object identity is kept. Selector-less Services
 * are left alone (their Endpoints are the user's); deleting a Service deletes its Endpoints.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints } from '../kinds/endpoints.js';
import { rfc3339 } from '../env.js';
import { getObject, insertObject, saveIfChanged, nextResourceVersion, removeObject } from '../api/objects.js';
import { backendsOf, buildPodIndex, targetRef, type Backend, type PodIndex } from './service-backends.js';
import { inMapOrder } from '../store/shards.js';

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
const MAX_ADDRESSES = 1000;

const hasSelector = (svc: KubeObject) => Object.keys(((svc.spec ?? {}) as ServiceSpec).selector ?? {}).length > 0;

function address(b: Backend): EndpointAddress {
  return { ...(b.hostname ? { hostname: b.hostname } : {}), ip: b.ip, ...(b.pod.spec?.nodeName ? { nodeName: b.pod.spec.nodeName } : {}), targetRef: targetRef(b.pod) };
}

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type PortGroup = { ports: EndpointPort[]; addresses: EndpointAddress[]; notReady: EndpointAddress[] };

/** The group (by identical port set) of a backend's resolved ports, made on first use; null: the backend is left out. */
function portGroup(spec: ServiceSpec, svcPorts: NonNullable<ServiceSpec['ports']>, b: Backend, groups: Map<string, PortGroup>): PortGroup | null {
  let ports: EndpointPort[] = [];
  if (svcPorts.length === 0) {
    if (spec.clusterIP !== 'None') return null;
  } else {
    svcPorts.forEach((sp, i) => {
      const n = b.ports[i];
      if (n === undefined) return;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port: n, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    });
    if (!ports.length) return null;
  }
  ports = ports.sort((x, y) => cmpStr(x.name ?? '', y.name ?? '') || x.port - y.port || cmpStr(x.protocol ?? '', y.protocol ?? ''));
  const key = JSON.stringify(ports);
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { ports, addresses: [], notReady: [] }));
  return g;
}

/** Subsets as RepackSubsets leaves them: addresses grouped by identical port sets, sorted. */
export function desiredSubsets(svc: KubeObject, backends: Backend[]): EndpointSubset[] {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const svcPorts = spec.ports ?? [];
  const groups = new Map<string, PortGroup>();
  const pna = spec.publishNotReadyAddresses === true;
  // The group of each resolved port list: backends resolve alike (one target port for thousands of pods).
  const groupOf = new Map<string, PortGroup | null>();
  for (const b of backends) {
    if (b.terminating && !pna) continue;
    const resolved = b.ports.join(',');
    let g = groupOf.get(resolved);
    if (g === undefined) {
      g = portGroup(spec, svcPorts, b, groups);
      groupOf.set(resolved, g);
    }
    if (g) (b.ready ? g.addresses : g.notReady).push(address(b));
  }
  const subsets: EndpointSubset[] = [];
  let budget = MAX_ADDRESSES;
  for (const g of groups.values()) {
    const byIP = (x: EndpointAddress, y: EndpointAddress) => cmpStr(x.ip, y.ip) || cmpStr(x.targetRef?.uid ?? '', y.targetRef?.uid ?? '');
    const addresses = g.addresses.sort(byIP).slice(0, Math.max(0, budget));
    budget -= addresses.length;
    const notReady = g.notReady.sort(byIP).slice(0, Math.max(0, budget));
    budget -= notReady.length;
    const ss: EndpointSubset = {};
    if (addresses.length) ss.addresses = addresses;
    if (notReady.length) ss.notReadyAddresses = notReady;
    if (g.ports.length) ss.ports = g.ports;
    if (addresses.length || notReady.length) subsets.push(ss);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  return subsets.sort((a, b) => cmpStr(first(a), first(b)));
}

/** Labels an Endpoints object gets: the Service's, plus the headless marker. */
export function endpointLabels(svc: KubeObject): Record<string, string> | undefined {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (((svc.spec ?? {}) as ServiceSpec).clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  return Object.keys(labels).length ? labels : undefined;
}

function syncOne(state: ClusterState, env: Env, backends: Backend[], svc: KubeObject): boolean {
  const ns = svc.metadata.namespace ?? 'default';
  const subsets = desiredSubsets(svc, backends);
  const labels = endpointLabels(svc);
  const live = getObject<Endpoints>(state, 'endpoints', ns, svc.metadata.name);
  const now = rfc3339(env.now());
  if (!live) {
    const ep: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: svc.metadata.name, namespace: ns, ...(labels ? { labels } : {}), annotations: { [TRIGGER_TIME]: now } },
      ...(subsets.length ? { subsets } : {}),
    };
    insertObject(state, 'endpoints', ep, env);
    return true;
  }
  const sameSubsets = JSON.stringify(live.subsets ?? []) === JSON.stringify(subsets);
  const sameLabels = JSON.stringify(live.metadata.labels ?? {}) === JSON.stringify(labels ?? {});
  if (sameSubsets && sameLabels) return false;
  const before = JSON.stringify(live);
  if (subsets.length) live.subsets = subsets;
  else delete live.subsets;
  if (labels) live.metadata.labels = labels;
  else delete live.metadata.labels;
  if (!sameSubsets) live.metadata.annotations = { ...(live.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
  return saveIfChanged(state, 'endpoints', live, before);
}

const KNOWN = 'endpoints-controller';

/** Whether two sets of keys (objects of `true`) hold the same keys. */
function sameKeys(a: Record<string, true>, b: Record<string, true>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k]);
}

/** How a reconcile pass gets each Service's backends, and which Services it may skip as unchanged. */
export interface SyncHelpers {
  backends(svc: KubeObject): Backend[];
  skip?(key: string, svc: KubeObject): boolean;
  /**
   * The live slices an owner (a Service, or an Endpoints object for mirroring) manages, found without
   * reading every slice; when given, a pass looks only at the owners not skipped and leaves slices
   * without a live owner to the garbage collector.
   */
  slicesOf?(owner: KubeObject, managedBy: string): KubeObject[];
  /** For mirroring with `slicesOf`: the Endpoints keys to look at. */
  endpoints?: Set<string>;
  /**
   * The Services a change touched (every other one `skip`s): a pass visits only these, so a one-Service
   * change parses that Service's shard rather than every Service's (1.1 MB at 1,000 Services).
   */
  only?: Set<string>;
}

/**
 * The Services a pass visits, as [key, Service] in the map's order (the order every pass has always used,
 * so the resourceVersions the writes take do not move): all of them, or those of `only` that still exist.
 */
export function servicesToVisit(services: Record<string, KubeObject>, only: Set<string> | undefined): [string, KubeObject][] {
  if (!only) return Object.entries(services);
  const present = [...only].filter((key) => services[key]);
  return inMapOrder(services, present).map((key) => [key, services[key]!]);
}

export function defaultHelpers(state: ClusterState): SyncHelpers {
  const index: PodIndex = buildPodIndex(state);
  return { backends: (svc) => backendsOf(index, svc) };
}

/** One pass of the endpoints controller. */
export function reconcileEndpoints(state: ClusterState, env: Env, h: SyncHelpers = defaultHelpers(state)): boolean {
  let changed = false;
  const services = state.objects.services ?? {};
  const known = ((state.memory[KNOWN] as { services?: Record<string, true> } | undefined)?.services ?? {}) as Record<string, true>;
  // Every Service key there is now: from all of them, or the known ones updated with the touched ones.
  // Updated, the copy is made only when a key comes or goes (a copy of 1,000 keys is ~0.5 ms, and most
  // passes change none).
  let nowKnown: Record<string, true> | undefined = h.only ? undefined : {};
  for (const [key, svc] of servicesToVisit(services, h.only)) {
    if (!h.only) nowKnown![key] = true;
    else if (!known[key]) (nowKnown ??= { ...known })[key] = true;
    if (!hasSelector(svc) || h.skip?.(key, svc)) continue;
    if (syncOne(state, env, h.backends(svc), svc)) changed = true;
  }
  // A deleted Service takes its Endpoints with it (the controller's "service not found" path).
  for (const key of h.only ? [...h.only].filter((k) => known[k]) : Object.keys(known)) {
    if (services[key]) continue;
    if (h.only) nowKnown ??= { ...known };
    delete nowKnown![key];
    const gone = state.objects.endpoints?.[key];
    if (gone && removeObject(state, 'endpoints', gone.metadata.namespace, gone.metadata.name)) changed = true;
  }
  // Updated: a copy means a key came or went. From scratch: compared with what was known.
  if (h.only ? nowKnown !== undefined : !sameKeys(known, nowKnown!)) {
    state.memory[KNOWN] = { services: nowKnown! };
    changed = true;
  }
  if (changed) nextResourceVersion(state);
  return changed;
}

export const endpointsController: Controller = {
  name: 'endpoints-controller',
  reconcile: (state, env) => reconcileEndpoints(state, env),
};
