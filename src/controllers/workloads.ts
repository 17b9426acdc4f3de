/** Workload controllers in run order: replica owners and the scheduler (controllers work), then the kubelet (kubelet work). */
import type { Controller } from './index.js';
import { replicaControllers } from './replicas-list.js';
import { kubeletControllers } from './kubelet-list.js';

export const workloadControllers: Controller[] = [...replicaControllers, ...kubeletControllers];
