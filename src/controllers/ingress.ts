/** The ingress controllers, in run order (owned by the ingress work): MetalLB's IP assignment first, so ingress-nginx can publish a LoadBalancer address in the same round. */
import type { Controller } from './index.js';
import { metallbController } from './metallb.js';
import { ingressStatusController } from './ingress-status.js';

export const ingressControllers: Controller[] = [metallbController, ingressStatusController];
