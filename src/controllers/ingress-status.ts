/**
 * ingress-nginx's status sync and event recorder. Live fields: each Ingress the controller serves gets
 * status.loadBalancer.ingress from where the controller is published, recomputed every round:
 *   --publish-status-address=A,B  → those addresses (kind's deploy.yaml: `localhost`);
 *   --publish-service=ns/name     → that Service's LoadBalancer ingress (+ externalIPs), a NodePort's
 *                                   externalIPs or cluster IP (cloud's deploy.yaml);
 *   neither                       → the addresses of the nodes running controller pods (ExternalIP, else
 *                                   InternalIP), as baremetal installs and the `ingress` add-on do.
 * Only Running controller pods publish; with none the status is emptied (update-status-on-shutdown).
 * Each Ingress seen (or changed) by a running controller pod gets `Sync  Scheduled for sync` (again when a
 * new controller pod starts, as each pod syncs every Ingress at startup).
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { getObject, nextResourceVersion, saveIfChanged } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { QuietTracker } from './service-backends.js';
import { argValue, nginxView, servesIngress, type NginxView } from '../addons/ingress-nginx/view.js';

const MEMORY = 'ingress-nginx-sync';
const quiet = new QuietTracker();
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

type LbIngress = { ip?: string; hostname?: string };

function entry(addr: string): LbIngress {
  return IPV4.test(addr) || addr.includes(':') ? { ip: addr } : { hostname: addr };
}

/** The addresses the running controller publishes, sorted as ingress-nginx does (by IP/hostname). */
export function publishedAddresses(state: ClusterState, view: NginxView): LbIngress[] {
  if (!view.running.length) return [];
  const ns = view.running[0]!.metadata.namespace ?? 'ingress-nginx';
  const fixed = argValue(view.args, '--publish-status-address');
  let out: LbIngress[] = [];
  if (fixed) {
    out = fixed.split(',').map((a) => entry(a.trim())).filter((e) => e.ip || e.hostname);
  } else {
    const pub = argValue(view.args, '--publish-service')?.replace('$(POD_NAMESPACE)', ns);
    if (pub) {
      const [sns, sname] = pub.includes('/') ? pub.split('/') : [ns, pub];
      const svc = getObject(state, 'services', sns, sname!);
      if (!svc) return [];
      const spec = svc.spec as { type?: string; clusterIP?: string; externalIPs?: string[]; externalName?: string };
      const lb = ((svc.status as { loadBalancer?: { ingress?: LbIngress[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => (i.ip ? { ip: i.ip } : { hostname: i.hostname }));
      switch (spec.type) {
        case 'ExternalName':
          out = [{ hostname: spec.externalName }];
          break;
        case 'LoadBalancer':
          out = [...lb, ...(spec.externalIPs ?? []).filter((ip) => !lb.some((e) => e.ip === ip)).map((ip) => ({ ip }))];
          break;
        case 'NodePort':
          out = spec.externalIPs?.length ? spec.externalIPs.map((ip) => ({ ip })) : [{ ip: spec.clusterIP }];
          break;
        default:
          out = [{ ip: spec.clusterIP }];
      }
    } else {
      const seen = new Set<string>();
      for (const p of view.running) {
        const node = getObject(state, 'nodes', undefined, (p.spec as { nodeName?: string }).nodeName ?? '');
        const addrs = (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
        const a = addrs.find((x) => x.type === 'ExternalIP')?.address ?? addrs.find((x) => x.type === 'InternalIP')?.address;
        if (a && !seen.has(a)) {
          seen.add(a);
          out.push({ ip: a });
        }
      }
    }
  }
  return out.filter((e) => e.ip || e.hostname).sort((a, b) => ((a.ip ?? a.hostname)! < (b.ip ?? b.hostname)! ? -1 : 1));
}

export const ingressStatusController: Controller = {
  name: 'ingress-nginx-status',
  // What nginxView and the published addresses are made of.
  watches: ['ingresses', 'ingressclasses', 'deployments', 'pods', 'services', 'nodes'],
  reconcile(state, env) {
    if (quiet.quiet(state)) return false;
    const ingresses = Object.values(state.objects.ingresses ?? {});
    if (!ingresses.length) {
      quiet.mark(state);
      return false;
    }
    const view = nginxView(state);
    const addrs = publishedAddresses(state, view);
    // Per Ingress: the generation last synced and by which controller pods (a new pod syncs everything again).
    const mem = ((state.memory[MEMORY] as Record<string, string> | undefined) ?? {}) as Record<string, string>;
    const pods = view.running.map((p) => p.metadata.uid ?? p.metadata.name).sort().join(',');
    let changed = false;
    let memChanged = false;
    const live = new Set<string>();
    for (const ing of ingresses) {
      const served = view.pods.length > 0 && servesIngress(view, ing);
      const uid = ing.metadata.uid ?? '';
      live.add(uid);
      const synced = `${ing.metadata.generation ?? 1}/${pods}`;
      if (served && view.running.length && mem[uid] !== synced) {
        mem[uid] = synced;
        memChanged = true;
        recordEvent(state, env, ing, 'Normal', 'Sync', 'Scheduled for sync', { component: 'nginx-ingress-controller' });
      }
      if (setStatus(state, ing, served ? addrs : [])) changed = true;
    }
    for (const uid of Object.keys(mem)) {
      if (!live.has(uid)) {
        delete mem[uid];
        memChanged = true;
      }
    }
    if (memChanged) {
      state.memory[MEMORY] = mem;
      nextResourceVersion(state);
      changed = true;
    }
    quiet.mark(state);
    return changed;
  },
};

function setStatus(state: ClusterState, ing: KubeObject, addrs: LbIngress[]): boolean {
  const cur = (ing.status as { loadBalancer?: { ingress?: LbIngress[] } } | undefined)?.loadBalancer?.ingress ?? [];
  if (JSON.stringify(cur) === JSON.stringify(addrs)) return false;
  const before = JSON.stringify(ing);
  ing.status = { loadBalancer: addrs.length ? { ingress: addrs.map((a) => ({ ...a })) } : {} };
  return saveIfChanged(state, 'ingresses', ing, before);
}
