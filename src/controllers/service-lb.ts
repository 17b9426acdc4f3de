/**
 * What becomes of LoadBalancer Services on a cluster that, like kind, runs no cloud provider and so no
 * service controller: nothing announces them (no `EnsuringLoadBalancer` event) and their address stays
 * `<pending>` until a load-balancer add-on (the metallb controller, with its own IPAllocated and
 * nodeAssigned events) fills status.loadBalancer.ingress. A Service that stops being a LoadBalancer
 * loses that status, as the API server's strategy clears it.
 */
import type { Controller } from './index.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import { nextResourceVersion } from '../api/objects.js';
import { QuietTracker } from './service-backends.js';

const MEMORY = 'service-controller';
const quiet = new QuietTracker('service-controller-quiet');

export const serviceLBController: Controller = {
  name: 'service-controller',
  reconcile(state, env) {
    if (quiet.quiet(state)) return false;
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
      // Earlier kube-sim versions recorded an EnsuringLoadBalancer event here, whose uid came from the
      // namespace's stream: the draw is kept so the names a user pinned after it stay what they were.
      env.rngFor(svc.metadata.namespace).uuid();
      changed = true;
    }
    if (changed || Object.keys(next).length !== Object.keys(ensured).length) {
      state.memory[MEMORY] = { ensured: next };
      nextResourceVersion(state);
      changed = true;
    }
    quiet.mark(state);
    return changed;
  },
};
