/** Workload controllers in run order: batch owners, StatefulSets and replica owners, the scheduler (controllers work), then the kubelet (kubelet work). */
import type { Controller } from './index.js';
import { replicaControllers } from './replicas-list.js';
import { kubeletControllers } from './kubelet-list.js';
import { batchControllers } from './batch-list.js';
import { statefulSetController } from './statefulset.js';

export const workloadControllers: Controller[] = [...batchControllers, statefulSetController, ...replicaControllers, ...kubeletControllers];
