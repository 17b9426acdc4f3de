/**
 * The services controllers, in run order. The endpoints, EndpointSlice and mirroring controllers run as
 * one unit, driven by what changed (watch-style, as their informers drive the real ones):
 * - a Service that changed is synced, and so is every Service whose selector matched a changed pod
 *   before or after the change (found through the pod digests and an index of selectors by label pair,
 *   never services × pods), when a field the endpoints show changed (IP, phase, readiness, node,
 *   hostname, labels, termination);
 * - an Endpoints object or an EndpointSlice changed by someone else is put back by syncing its Service;
 * - a Service's slices are found by owner through the slice digests, so no other slice is read.
 * A first pass on a state not left at a fixed point syncs everything.
 * Then the service (LB) controller.
 */
import type { Controller } from './index.js';
import { changesFor, type Changes } from './changes.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import { reconcileEndpoints } from './endpoints.js';
import { reconcileSlices, reconcileMirroring } from './endpointslices.js';
import { serviceLBController } from './service-lb.js';
import { backendsOf, buildPodIndex, type Backend, type PodIndex } from './service-backends.js';
import { dependentsOf, type PodDigest } from './digests.js';
import { MANAGED_BY } from './endpointslices.js';

const NAME = 'endpoint-controllers';

/**
 * Pod fields the endpoints and slices show: a change elsewhere (a restart count) syncs no Service. A pod
 * that is no backend (no IP yet, or finished: backendsOf skips it) shows nothing, so the 10,000 Pending
 * pods of a scale-up sync no Service.
 */
function endpointsView(d: PodDigest | undefined): string {
  if (!d || !d.ip || d.phase === 'Succeeded' || d.phase === 'Failed') return '';
  return JSON.stringify([d.ns, d.name, d.uid, d.labels ?? null, d.ip, d.phase, d.ready ?? false, d.del ?? false, d.node, d.hostname, d.subdomain, d.namedPorts ?? false]);
}

/** Services by namespace and selector label pair: the candidates for a pod with given labels. */
function selectorIndex(services: Record<string, KubeObject>): Map<string, { key: string; selector: [string, string][] }[]> {
  const index = new Map<string, { key: string; selector: [string, string][] }[]>();
  for (const [key, svc] of Object.entries(services)) {
    const sel = Object.entries(((svc.spec ?? {}) as ServiceSpec).selector ?? {});
    if (!sel.length) continue;
    // Indexed by its first pair; a pod must carry every pair anyway.
    const [k, v] = sel[0]!;
    const id = `${svc.metadata.namespace ?? 'default'}\u0000${k}=${v}`;
    const list = index.get(id);
    if (list) list.push({ key, selector: sel });
    else index.set(id, [{ key, selector: sel }]);
  }
  return index;
}

/** Service keys to sync, and Endpoints keys to mirror, after the given changes. */
function affected(state: ClusterState, changes: Changes): { services: Set<string>; endpoints: Set<string> } {
  const services = new Set<string>();
  const endpoints = new Set<string>();
  let bySelector: ReturnType<typeof selectorIndex> | undefined;
  const matchPod = (d: PodDigest | undefined) => {
    if (!d?.labels) return;
    bySelector ??= selectorIndex(state.objects.services ?? {});
    for (const [k, v] of Object.entries(d.labels)) {
      for (const s of bySelector.get(`${d.ns}\u0000${k}=${v}`) ?? []) if (s.selector.every(([sk, sv]) => d.labels![sk] === sv)) services.add(s.key);
    }
  };
  for (const c of changes.entries) {
    switch (c.resource) {
      case 'services':
        services.add(c.key);
        endpoints.add(c.key);
        break;
      case 'endpoints':
        services.add(c.key);
        endpoints.add(c.key);
        break;
      case 'endpointslices': {
        const s = (c.gone ?? state.objects.endpointslices?.[c.key]) as KubeObject | undefined;
        const svc = s?.metadata.labels?.['kubernetes.io/service-name'];
        if (s && svc) {
          services.add(`${s.metadata.namespace}/${svc}`);
          endpoints.add(`${s.metadata.namespace}/${svc}`);
        }
        break;
      }
      case 'pods': {
        const before = c.before as PodDigest | undefined;
        const after = c.after as PodDigest | undefined;
        if (endpointsView(before) === endpointsView(after)) break;
        matchPod(before);
        matchPod(after);
        break;
      }
    }
  }
  return { services, endpoints };
}

/** The slices an owner (by uid) owns, from the slice owner index (parsing only the slices asked for). */
function sliceFinder(state: ClusterState): (owner: KubeObject, managedBy: string) => KubeObject[] {
  return (owner, managedBy) => {
    const out: KubeObject[] = [];
    for (const key of dependentsOf(state, 'endpointslices', owner.metadata.uid ?? '')) {
      const s = state.objects.endpointslices?.[key];
      if (s && s.metadata.labels?.[MANAGED_BY] === managedBy) out.push(s);
    }
    return out;
  };
}

export const endpointControllers: Controller = {
  name: NAME,
  watches: ['services', 'pods', 'endpoints', 'endpointslices'],
  reconcile(state: ClusterState, env) {
    const changes = changesFor(state);
    let index: PodIndex | undefined;
    const cache = new Map<KubeObject, Backend[]>();
    const backends = (svc: KubeObject) => {
      let b = cache.get(svc);
      if (!b) cache.set(svc, (b = backendsOf((index ??= buildPodIndex(state)), svc)));
      return b;
    };
    if (changes.full) {
      let changed = reconcileEndpoints(state, env, { backends });
      if (reconcileSlices(state, env, { backends })) changed = true;
      if (reconcileMirroring(state, env)) changed = true;
      return changed;
    }
    const { services, endpoints } = affected(state, changes);
    if (!services.size && !endpoints.size) return false;
    const helpers = { backends, skip: (key: string) => !services.has(key), slicesOf: sliceFinder(state), endpoints, only: services };
    let changed = reconcileEndpoints(state, env, helpers);
    if (reconcileSlices(state, env, helpers)) changed = true;
    if (reconcileMirroring(state, env, helpers)) changed = true;
    return changed;
  },
};

export const serviceControllers: Controller[] = [endpointControllers, serviceLBController];
