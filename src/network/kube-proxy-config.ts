/**
 * kube-proxy's configuration as kubeadm stores it: the `config.conf` key (a KubeProxyConfiguration) of
 * the kube-system/kube-proxy ConfigMap. That ConfigMap is the one source of truth for the proxy mode:
 * kube-proxy reads it when it starts, so an edit takes effect when the kube-proxy pods restart (the
 * kube-proxy-config controller then latches the mode into settings.proxyMode, which the data plane reads).
 */
import { parse } from 'yaml';
import type { ClusterState, KubeObject } from '../api/types.js';
import { getObject } from '../api/objects.js';

export const KUBE_PROXY_CONFIGMAP = 'kube-proxy';
export const KUBE_PROXY_CONFIG_KEY = 'config.conf';

/** kubeadm's KubeProxyConfiguration as kind sets it (v1alpha1 with every default printed). */
export function proxyConfigText(clusterCIDR: string, mode: string, scheduler: string): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${clusterCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: "${scheduler === 'rr' ? '' : scheduler}"
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ${mode}
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;
}

/** The kube-proxy ConfigMap, if the cluster has one (states made before kube-sim created it have none). */
export function kubeProxyConfigMap(state: ClusterState): KubeObject | undefined {
  return getObject(state, 'configmaps', 'kube-system', KUBE_PROXY_CONFIGMAP);
}

/** Mode and IPVS scheduler a kube-proxy starting now would run with ('' mode means iptables on Linux; '' scheduler means rr). */
export function readProxyConfig(cm: KubeObject): { mode: string; scheduler: string } | undefined {
  const text = (cm.data as Record<string, string> | undefined)?.[KUBE_PROXY_CONFIG_KEY];
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as { mode?: unknown; ipvs?: { scheduler?: unknown } };
  return { mode: typeof d.mode === 'string' && d.mode ? d.mode : 'iptables', scheduler: typeof d.ipvs?.scheduler === 'string' && d.ipvs.scheduler ? d.ipvs.scheduler : 'rr' };
}

/** config.conf with `mode:` (and ipvs `scheduler:`) replaced, the rest of the text kept as it is. */
export function withProxyMode(text: string, mode: string | undefined, scheduler: string | undefined): string {
  let out = text;
  if (mode !== undefined) out = /^mode:.*$/m.test(out) ? out.replace(/^mode:.*$/m, `mode: ${mode}`) : `${out}\nmode: ${mode}`;
  if (scheduler !== undefined) {
    const value = `"${scheduler === 'rr' ? '' : scheduler}"`;
    out = /^ipvs:\n((?:  .*\n)*?)  scheduler:.*$/m.test(out)
      ? out.replace(/^(ipvs:\n(?:  .*\n)*?)  scheduler:.*$/m, `$1  scheduler: ${value}`)
      : `${out}\nipvs:\n  scheduler: ${value}`;
  }
  return out;
}
