/**
 * The controllers in the order they run each round. Each module owns one job; work areas add theirs:
 * workloads (deployments, replicasets, replicationcontrollers, scheduler, kubelet/probes),
 * services (service status, endpoints, endpointslices), ingress (ingress status, load balancers), then
 * quota usage (after everything that creates or finishes objects).
 */
import type { Controller } from './index.js';
import { garbageCollector } from './garbage-collector.js';
import { eventTTL } from './event-ttl.js';
import { replicaControllers } from './replicas-list.js';
import { kubeletControllers } from './kubelet-list.js';
import { serviceControllers } from './services.js';
import { ingressControllers } from './ingress.js';
import { clusterControllers, volumeController } from './cluster-list.js';
import { batchControllers } from './batch-list.js';
import { statefulSetController } from './statefulset.js';
import { resourceQuotaController } from './resourcequota.js';
import { nodeLifecycle } from './node-lifecycle.js';
import { clusterRoleAggregation } from './clusterrole-aggregation.js';
import { horizontalPodAutoscalerController } from './horizontal-pod-autoscaler.js';
import { disruptionController } from './disruption.js';

// The volume controller runs after the scheduler, so a claim waiting for its first consumer is provisioned
// on the node just chosen, before the kubelet starts the pod.
// Batch owners and StatefulSets create pods before the replica owners and the scheduler run; quota usage
// is counted last, after everything that creates or finishes objects. The HPA controller scales its targets
// before their owners run, so a rescale's pods come in the same pass.
const controllers: Controller[] = [
  eventTTL, garbageCollector, nodeLifecycle, ...clusterControllers, ...batchControllers, horizontalPodAutoscalerController, statefulSetController, ...replicaControllers, volumeController,
  ...kubeletControllers, ...serviceControllers, ...ingressControllers, resourceQuotaController, clusterRoleAggregation,
  // After the kubelet: a budget counts the pods Ready now.
  disruptionController,
];

/**
 * The controllers in run order. A function, so that the loop (index.ts) initialises their ~40 modules on
 * the first run that needs a controller (scripts/build.mjs makes this module lazy there): a read of a
 * settled state, with nothing due, runs none and loads none.
 */
export function controllerList(): Controller[] {
  return controllers;
}
