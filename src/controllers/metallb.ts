/**
 * MetalLB's controller (the `metallb` add-on): while enabled, every LoadBalancer Service without another
 * loadBalancerClass gets an address from the pool in status.loadBalancer.ingress ({ip, ipMode: VIP}).
 * The assignment is latched (stable for the Service's life, kept in memory by uid); it is released when
 * the Service is deleted or stops being a LoadBalancer, and all are withdrawn when the add-on is disabled
 * (the Services go back to `<pending>`).
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { nextResourceVersion, saveIfChanged } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { QuietTracker } from './service-backends.js';
import { DEFAULT_POOL, firstFree, inPool, parsePool } from '../addons/metallb/pool.js';

const MEMORY = 'metallb';
const quiet = new QuietTracker();

interface Memory {
  /** Service uid → assigned IP (latched). */
  assigned: Record<string, string>;
  /** Service uids already told that the pool is exhausted. */
  failed?: Record<string, true>;
  /** Service uid → node whose speaker announces its address (layer 2). */
  announced?: Record<string, string>;
}

/** Nodes of the ready endpoints of each Service ("ns/name" → node names, sorted), from the EndpointSlices. */
function endpointNodes(state: ClusterState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sl of Object.values(state.objects.endpointslices ?? {})) {
    const svc = sl.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${sl.metadata.namespace}/${svc}`;
    const nodes = out.get(key) ?? [];
    for (const ep of ((sl as { endpoints?: { nodeName?: string; conditions?: { ready?: boolean | null } }[] }).endpoints ?? []))
      if (ep.nodeName && ep.conditions?.ready !== false && !nodes.includes(ep.nodeName)) nodes.push(ep.nodeName);
    out.set(key, nodes.sort());
  }
  return out;
}

interface SvcShape {
  spec?: { type?: string; loadBalancerClass?: string; loadBalancerIP?: string };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } };
}

/** The pool the add-on is configured with. */
export function metallbPool(state: ClusterState): string {
  const cfg = state.settings.addons?.metallb?.config as { pool?: string } | undefined;
  return cfg?.pool ?? DEFAULT_POOL;
}

function requestedIP(svc: KubeObject): string | undefined {
  const a = svc.metadata.annotations?.['metallb.universe.tf/loadBalancerIPs'] ?? svc.metadata.annotations?.['metallb.io/loadBalancerIPs'];
  return a?.split(',')[0]?.trim() || (svc as SvcShape).spec?.loadBalancerIP || undefined;
}

export const metallbController: Controller = {
  name: 'metallb-controller',
  // Services to serve, and their slices' nodes to announce from (the pool lives in the settings).
  watches: ['services', 'endpointslices'],
  reconcile(state, env) {
    if (quiet.quiet(state)) return false;
    const enabled = state.settings.addons?.metallb?.enabled === true;
    const existing = state.memory[MEMORY] as Memory | undefined;
    if (!enabled && !existing) {
      quiet.mark(state);
      return false;
    }
    const mem: Memory = existing ?? { assigned: {} };
    const parsed = parsePool(metallbPool(state));
    const ranges = 'ranges' in parsed ? parsed.ranges : [];
    let changed = false;
    let memChanged = false;
    const live = new Set<string>();
    const services = Object.values(state.objects.services ?? {});
    const used = new Set(Object.values(mem.assigned));
    let nodesOf: Map<string, string[]> | undefined;
    for (const svc of services) {
      const uid = svc.metadata.uid;
      if (!uid) continue;
      live.add(uid);
      const s = svc as SvcShape;
      const wantsLB = enabled && s.spec?.type === 'LoadBalancer' && !s.spec.loadBalancerClass;
      let ip: string | undefined = mem.assigned[uid];
      if (ip && (!wantsLB || !inPool(ranges, ip))) {
        delete mem.assigned[uid];
        used.delete(ip);
        ip = undefined;
        memChanged = true;
      }
      if (wantsLB && !ip) {
        const asked = requestedIP(svc);
        const pick = asked ? (inPool(ranges, asked) && !used.has(asked) ? asked : undefined) : firstFree(ranges, used);
        if (pick) {
          ip = mem.assigned[uid] = pick;
          used.add(pick);
          delete mem.failed?.[uid];
          memChanged = true;
          recordEvent(state, env, svc, 'Normal', 'IPAllocated', `Assigned IP ["${pick}"]`, { component: 'metallb-controller' });
        } else if (!mem.failed?.[uid]) {
          (mem.failed ??= {})[uid] = true;
          memChanged = true;
          const why = asked ? `requested IP "${asked}" is not available in any pool` : 'no available IPs';
          recordEvent(state, env, svc, 'Warning', 'AllocationFailed', `Failed to allocate IP for "${svc.metadata.namespace}/${svc.metadata.name}": ${why}`, { component: 'metallb-controller' });
        }
      }
      // The speaker on one node answers ARP for the address once the Service has a ready endpoint.
      const node = ip ? (nodesOf ??= endpointNodes(state)).get(`${svc.metadata.namespace}/${svc.metadata.name}`)?.[0] : undefined;
      if ((mem.announced?.[uid] ?? '') !== (node ?? '')) {
        if (node) {
          (mem.announced ??= {})[uid] = node;
          recordEvent(state, env, svc, 'Normal', 'nodeAssigned', `announcing from node "${node}" with protocol "layer2"`, { component: 'metallb-speaker' });
        } else delete mem.announced?.[uid];
        memChanged = true;
      }
      if (!ip && !(s.status?.loadBalancer?.ingress ?? []).length) continue;
      const before = JSON.stringify(svc);
      const st = (svc.status ??= {}) as NonNullable<SvcShape['status']>;
      const others = (st.loadBalancer?.ingress ?? []).filter((i) => !(i.ip && (i.ip === ip || inPool(ranges, i.ip) || Object.values(existing?.assigned ?? {}).includes(i.ip))));
      const entries = ip ? [{ ip, ipMode: 'VIP' }, ...others] : others;
      st.loadBalancer = entries.length ? { ingress: entries } : {};
      if (saveIfChanged(state, 'services', svc, before)) changed = true;
    }
    for (const uid of Object.keys(mem.assigned)) {
      if (!live.has(uid)) {
        delete mem.assigned[uid];
        delete mem.announced?.[uid];
        memChanged = true;
      }
    }
    if (!enabled && Object.keys(mem.assigned).length === 0) {
      delete state.memory[MEMORY];
      nextResourceVersion(state);
      changed = true;
    } else if (memChanged || !existing) {
      state.memory[MEMORY] = mem;
      nextResourceVersion(state);
      changed = true;
    }
    // A release this round frees an address for a Service already passed over: run again before going quiet.
    if (!changed) quiet.mark(state);
    return changed;
  },
};
