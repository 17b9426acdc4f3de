/** The kubelet: pod sandboxes and IPs, container start (env latched), status, probes and restarts (kubelet work). */
import type { Controller } from './index.js';
import { kubelet } from './kubelet.js';

export const kubeletControllers: Controller[] = [kubelet];
