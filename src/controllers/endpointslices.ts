/**
 * The EndpointSlice controller and the EndpointSlice mirroring controller (reference §7).
 * - Selector Services: slices named `<svc>-<5 chars>` holding every selected pod with an IP (ready or not,
 *   with conditions), grouped by resolved port set, at most 100 endpoints each; an empty placeholder slice
 *   when nothing matches. Existing slices are updated in place (identity kept), extra ones deleted.
 * - Selector-less Services with a hand-made Endpoints object: one mirrored slice per subset.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import type { Endpoints } from '../kinds/endpoints.js';
import { SERVICE_NAME_LABEL, type EndpointSlice, type SliceEndpoint, type SlicePort } from '../kinds/endpointslice.js';
import { rfc3339 } from '../env.js';
import { insertObject, saveIfChanged, nextResourceVersion, objectKey, removeObject } from '../api/objects.js';
import { targetRef, type Backend } from './service-backends.js';
import { HEADLESS_LABEL, TRIGGER_TIME, defaultHelpers, servicesToVisit, type SyncHelpers } from './endpoints.js';

export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
const MAX_PER_SLICE = 100;

interface DesiredSlice {
  ports: SlicePort[] | null;
  endpoints: SliceEndpoint[] | null;
}

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sliceEndpoint(b: Backend): SliceEndpoint {
  return {
    addresses: [b.ip],
    conditions: { ready: b.ready, serving: b.serving, terminating: b.terminating },
    ...(b.hostname ? { hostname: b.hostname } : {}),
    ...(b.pod.spec?.nodeName ? { nodeName: b.pod.spec.nodeName } : {}),
    targetRef: targetRef(b.pod),
  };
}

/** Desired slices of a selector Service: grouped by resolved port set, chunked, or one empty placeholder. */
function desiredForService(svc: KubeObject, backends: Backend[]): DesiredSlice[] {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const svcPorts = spec.ports ?? [];
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  for (const b of backends) {
    const ports: SlicePort[] = [];
    svcPorts.forEach((sp, i) => {
      const n = b.ports[i];
      if (n === undefined) return;
      ports.push({ name: sp.name ?? '', port: n, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    });
    if (svcPorts.length && !ports.length) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(sliceEndpoint(b));
  }
  const out: DesiredSlice[] = [];
  for (const g of groups.values()) {
    // Ready endpoints first (then by IP): a pod that is not ready sits after the serving ones, which is
    // what makes kubectl's describe print `+ 0 more...` for 3 ready + 1 not-ready pods.
    g.endpoints.sort((a, b) => Number(b.conditions?.ready === true) - Number(a.conditions?.ready === true) || cmpStr(a.addresses[0]!, b.addresses[0]!));
    for (let i = 0; i < g.endpoints.length; i += MAX_PER_SLICE) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_PER_SLICE) });
  }
  if (!out.length) out.push({ ports: null, endpoints: null });
  return out;
}

function sliceLabels(base: Record<string, string> | undefined, service: string, managedBy: string, headless: boolean): Record<string, string> {
  const labels: Record<string, string> = { ...(base ?? {}) };
  if (headless) labels[HEADLESS_LABEL] = '';
  labels[MANAGED_BY] = managedBy;
  labels[SERVICE_NAME_LABEL] = service;
  return labels;
}

/** Make the live slices of one owner match `desired`: update in place in name order, create or delete the rest. */
function syncSlices(
  state: ClusterState,
  env: Env,
  owner: KubeObject,
  live: EndpointSlice[],
  desired: DesiredSlice[],
  labels: Record<string, string>,
  ownerRef: { apiVersion: string; kind: string } | undefined,
): boolean {
  let changed = false;
  const now = rfc3339(env.now());
  const sorted = [...live].sort((a, b) => cmpStr(a.metadata.name, b.metadata.name));
  desired.forEach((d, i) => {
    const cur = sorted[i];
    if (cur) {
      const sameBody = JSON.stringify(cur.endpoints ?? null) === JSON.stringify(d.endpoints) && JSON.stringify(cur.ports ?? null) === JSON.stringify(d.ports);
      const sameLabels = JSON.stringify(cur.metadata.labels ?? {}) === JSON.stringify(labels);
      if (sameBody && sameLabels) return;
      const before = JSON.stringify(cur);
      cur.endpoints = d.endpoints;
      cur.ports = d.ports;
      cur.metadata.labels = { ...labels };
      // The API server moves a slice's generation when its endpoints, ports or labels change: they did.
      cur.metadata.generation = (cur.metadata.generation ?? 1) + 1;
      if (!sameBody) cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
      if (saveIfChanged(state, 'endpointslices', cur, before)) changed = true;
      return;
    }
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: '',
        generateName: `${owner.metadata.name}-`,
        namespace: owner.metadata.namespace,
        labels: { ...labels },
        annotations: { [TRIGGER_TIME]: now },
        ...(ownerRef
          ? { ownerReferences: [{ apiVersion: ownerRef.apiVersion, kind: ownerRef.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }] }
          : {}),
      },
      addressType: 'IPv4',
      endpoints: d.endpoints,
      ports: d.ports,
    };
    insertObject(state, 'endpointslices', slice, env);
    changed = true;
  });
  for (const extra of sorted.slice(desired.length)) {
    removeObject(state, 'endpointslices', extra.metadata.namespace, extra.metadata.name);
    changed = true;
  }
  return changed;
}

/** Slices grouped by `<namespace>/<service>` and managing controller, built once per reconcile. */
export function slicesByOwner(state: ClusterState, managedBy: string): Map<string, EndpointSlice[]> {
  const m = new Map<string, EndpointSlice[]>();
  for (const s of Object.values(state.objects.endpointslices ?? {}) as EndpointSlice[]) {
    const l = s.metadata.labels ?? {};
    if (l[MANAGED_BY] !== managedBy || !l[SERVICE_NAME_LABEL]) continue;
    const key = `${s.metadata.namespace}/${l[SERVICE_NAME_LABEL]}`;
    const list = m.get(key);
    if (list) list.push(s);
    else m.set(key, [s]);
  }
  return m;
}

const hasSelector = (svc: KubeObject) => Object.keys(((svc.spec ?? {}) as ServiceSpec).selector ?? {}).length > 0;

/** One pass of the EndpointSlice controller. */
export function reconcileSlices(state: ClusterState, env: Env, h: SyncHelpers = defaultHelpers(state)): boolean {
  let changed = false;
  const owned = h.slicesOf ? new Map<string, EndpointSlice[]>() : slicesByOwner(state, SLICE_CONTROLLER);
  const services = state.objects.services ?? {};
  for (const [key, svc] of servicesToVisit(services, h.slicesOf ? h.only : undefined)) {
    if (h.slicesOf && h.skip?.(key, svc)) continue;
    const live = h.slicesOf ? (h.slicesOf(svc, SLICE_CONTROLLER) as EndpointSlice[]) : owned.get(key) ?? [];
    owned.delete(key);
    if (!hasSelector(svc)) {
      // Management stops with the selector: the controller's slices go away (mirroring may take over).
      if (live.length && syncSlices(state, env, svc, live, [], {}, undefined)) changed = true;
      continue;
    }
    if (h.skip?.(key, svc)) continue;
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const desired = desiredForService(svc, h.backends(svc));
    const labels = sliceLabels(svc.metadata.labels, svc.metadata.name, SLICE_CONTROLLER, spec.clusterIP === 'None');
    if (syncSlices(state, env, svc, live, desired, labels, { apiVersion: 'v1', kind: 'Service' })) changed = true;
  }
  // Slices whose Service is gone (normally the garbage collector's job; kept for slices without owner refs).
  for (const list of owned.values()) for (const s of list) {
    removeObject(state, 'endpointslices', s.metadata.namespace, s.metadata.name);
    changed = true;
  }
  if (changed) nextResourceVersion(state);
  return changed;
}

export const endpointSliceController: Controller = {
  name: 'endpointslice-controller',
  reconcile: (state, env) => reconcileSlices(state, env),
};

/** Mirrored slices of a hand-made Endpoints object: one per subset, ready = listed in `addresses`. */
function desiredMirror(ep: Endpoints): DesiredSlice[] {
  const out: DesiredSlice[] = [];
  for (const ss of ep.subsets ?? []) {
    const endpoints: SliceEndpoint[] = [
      ...(ss.addresses ?? []).map((a) => ({ addresses: [a.ip], conditions: { ready: true }, ...(a.hostname ? { hostname: a.hostname } : {}), ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(a.targetRef ? { targetRef: a.targetRef } : {}) })),
      ...(ss.notReadyAddresses ?? []).map((a) => ({ addresses: [a.ip], conditions: { ready: false }, ...(a.hostname ? { hostname: a.hostname } : {}), ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(a.targetRef ? { targetRef: a.targetRef } : {}) })),
    ];
    const ports: SlicePort[] = (ss.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    for (let i = 0; i < endpoints.length; i += MAX_PER_SLICE) out.push({ ports: ports.length ? ports : null, endpoints: endpoints.slice(i, i + MAX_PER_SLICE) });
  }
  return out;
}


/** One pass of the EndpointSlice mirroring controller (over `h.endpoints` only, when `h.slicesOf` is given). */
export function reconcileMirroring(state: ClusterState, env: Env, h: Pick<SyncHelpers, 'slicesOf' | 'endpoints'> = {}): boolean {
    let changed = false;
    const owned = h.slicesOf ? new Map<string, EndpointSlice[]>() : slicesByOwner(state, MIRROR_CONTROLLER);
    const services = state.objects.services ?? {};
    const all = state.objects.endpoints ?? {};
    const keys = h.slicesOf ? [...(h.endpoints ?? [])].filter((k) => all[k]) : Object.keys(all);
    for (const key of keys) {
      const ep = all[key] as Endpoints;
      const svc = services[key];
      const live = h.slicesOf ? (h.slicesOf(ep, MIRROR_CONTROLLER) as EndpointSlice[]) : owned.get(key) ?? [];
      owned.delete(key);
      const mirror = svc && !hasSelector(svc) && ep.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'] !== 'true';
      const desired = mirror ? desiredMirror(ep) : [];
      const base = { ...(ep.metadata.labels ?? {}) };
      const labels = sliceLabels(base, ep.metadata.name, MIRROR_CONTROLLER, false);
      if ((desired.length || live.length) && syncSlices(state, env, ep, live, desired, labels, { apiVersion: 'v1', kind: 'Endpoints' })) changed = true;
    }
    for (const list of owned.values()) for (const s of list) {
      removeObject(state, 'endpointslices', s.metadata.namespace, s.metadata.name);
      changed = true;
    }
    if (changed) nextResourceVersion(state);
    return changed;
}

export const endpointSliceMirroringController: Controller = {
  name: 'endpointslicemirroring-controller',
  reconcile: (state, env) => reconcileMirroring(state, env),
};
