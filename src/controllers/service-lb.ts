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
import { changesFor } from './changes.js';
import { servicesToVisit } from './endpoints.js';

/** Where earlier versions kept the LoadBalancer Services they had seen; nothing needs it now. */
const OLD_MEMORY = 'service-controller';

export const serviceLBController: Controller = {
  name: 'service-controller',
  // Only Services matter to it: it runs when one changed.
  watches: ['services'],
  reconcile(state) {
    let changed = false;
    if (state.memory[OLD_MEMORY]) {
      delete state.memory[OLD_MEMORY];
      changed = true;
    }
    // The Services changed since it last looked (all of them when it must look at everything): a
    // one-Service change reads that Service's shard, not all 1,000 Services of a big cluster.
    const changes = changesFor(state);
    for (const [, svc] of servicesToVisit(state.objects.services ?? {}, changes.full ? undefined : changes.keys('services'))) {
      if (((svc.spec ?? {}) as ServiceSpec).type === 'LoadBalancer') continue;
      // A Service that stopped being a LoadBalancer loses its load-balancer status.
      const lb = (svc.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer;
      if (lb?.ingress?.length) {
        svc.status = { loadBalancer: {} };
        svc.metadata.resourceVersion = nextResourceVersion(state);
        changed = true;
      }
    }
    return changed;
  },
};
