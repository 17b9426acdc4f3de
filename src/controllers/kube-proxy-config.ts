/**
 * kube-proxy reads its configuration when it starts: whenever a kube-proxy pod starts (a pod uid not
 * seen before), the mode and IPVS scheduler of the kube-system/kube-proxy ConfigMap become the cluster's
 * running proxy mode (settings.proxyMode, latched; the data plane reads it). Editing the ConfigMap alone
 * changes nothing until the pods restart, as on a real cluster (`kubectl -n kube-system rollout restart
 * ds kube-proxy`); `kube-sim proxy mode` does both.
 */
import type { Controller } from './index.js';
import type { ClusterState } from '../api/types.js';
import { kubeProxyConfigMap, readProxyConfig } from '../network/kube-proxy-config.js';

const MEMORY = 'kube-proxy-config';
const MODES = ['iptables', 'ipvs', 'userspace'];

/** Per loaded state: the resourceVersion already looked at (nothing can have started since). */
const looked = new WeakMap<ClusterState, number>();

export const kubeProxyConfig: Controller = {
  name: 'kube-proxy-config',
  reconcile(state) {
    if (looked.get(state) === state.meta.resourceVersion) return false;
    looked.set(state, state.meta.resourceVersion);
    const pods = Object.values(state.objects.pods ?? {}).filter((p) => p.metadata.namespace === 'kube-system' && p.metadata.labels?.['k8s-app'] === 'kube-proxy');
    const uids = pods.map((p) => p.metadata.uid ?? '').sort();
    const mem = (state.memory[MEMORY] ?? { pods: [] }) as { pods: string[] };
    const started = uids.some((u) => !mem.pods.includes(u));
    if (uids.join(',') === mem.pods.join(',')) return false;
    state.memory[MEMORY] = { pods: uids };
    if (!started) return false;
    const cm = kubeProxyConfigMap(state);
    const cfg = cm && readProxyConfig(cm);
    if (!cfg) return false;
    const mode = MODES.includes(cfg.mode) ? (cfg.mode as 'iptables' | 'ipvs' | 'userspace') : state.settings.proxyMode;
    if (mode === state.settings.proxyMode && cfg.scheduler === state.settings.ipvsScheduler) return false;
    state.settings.proxyMode = mode;
    state.settings.ipvsScheduler = cfg.scheduler;
    // Scheduler memory (round-robin positions, affinity) belongs to the old rules.
    delete state.memory['kube-proxy'];
    return true;
  },
};
