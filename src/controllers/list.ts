/**
 * The controllers in the order they run each round. Each module owns one job; work areas add theirs:
 * workloads (deployments, replicasets, replicationcontrollers, scheduler, kubelet/probes),
 * services (service status, endpoints, endpointslices), ingress (ingress status, load balancers).
 */
import type { Controller } from './index.js';
import { garbageCollector } from './garbage-collector.js';
import { workloadControllers } from './workloads.js';
import { serviceControllers } from './services.js';
import { ingressControllers } from './ingress.js';
import { nodeLifecycle } from './node-lifecycle.js';

export const controllers: Controller[] = [garbageCollector, nodeLifecycle, ...workloadControllers, ...serviceControllers, ...ingressControllers];
