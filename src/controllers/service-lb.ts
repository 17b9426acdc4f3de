/**
 * The service controller's visible part: a LoadBalancer Service gets an `EnsuringLoadBalancer` event once
 * (when it is created as, or changed to, type LoadBalancer). Its address stays `<pending>` until a
 * load-balancer add-on (the ingress work's metallb controller) fills status.loadBalancer.ingress.
 */
import type { Controller } from './index.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import { recordEvent } from '../api/events.js';
import { nextResourceVersion } from '../api/objects.js';

const MEMORY = 'service-controller';

export const serviceLBController: Controller = {
  name: 'service-controller',
  // Only Services matter to it: it runs when one changed.
  watches: ['services'],
  reconcile(state, env) {
    const mem = ((state.memory[MEMORY] as { ensured?: Record<string, true> } | undefined) ?? {}) as { ensured?: Record<string, true> };
    const ensured = mem.ensured ?? {};
    const next: Record<string, true> = {};
    let changed = false;
    for (const svc of Object.values(state.objects.services ?? {})) {
      if (((svc.spec ?? {}) as ServiceSpec).type !== 'LoadBalancer') {
        // A Service that stopped being a LoadBalancer loses its load-balancer status.
        const lb = (svc.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer;
        if (lb?.ingress?.length) {
          svc.status = { loadBalancer: {} };
          svc.metadata.resourceVersion = nextResourceVersion(state);
          changed = true;
        }
        continue;
      }
      if (!svc.metadata.uid) continue;
      next[svc.metadata.uid] = true;
      if (ensured[svc.metadata.uid]) continue;
      recordEvent(state, env, svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', { component: 'service-controller' });
      changed = true;
    }
    if (changed || Object.keys(next).length !== Object.keys(ensured).length) {
      state.memory[MEMORY] = { ensured: next };
      nextResourceVersion(state);
      changed = true;
    }
    return changed;
  },
};
