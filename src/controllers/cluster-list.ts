/**
 * The cluster's own controllers beyond workloads and services: what every namespace gets (default
 * ServiceAccount, root CA), node leases, DaemonSets, and persistent volumes with kind's local-path provisioner.
 */
import type { Controller } from './index.js';
import { namespaceDefaults } from './namespace-defaults.js';
import { nodeLeases } from './node-leases.js';
import { daemonSetController } from './daemonset.js';
import { volumeController } from './volumes.js';
import { kubeProxyConfig } from './kube-proxy-config.js';

/** Run before the workload controllers; the volume controller again after the scheduler (see list.ts). */
export const clusterControllers: Controller[] = [namespaceDefaults, nodeLeases, daemonSetController, kubeProxyConfig];
export { volumeController };
