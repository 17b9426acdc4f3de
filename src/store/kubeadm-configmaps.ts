/**
 * The ConfigMaps kubeadm and the API server leave in a kind cluster besides the add-ons': the public
 * `cluster-info` (how `kubeadm join` finds the API server), `kubeadm-config` (the ClusterConfiguration),
 * `kubelet-config`, the API server's `extension-apiserver-authentication` and its legacy token
 * tracking marker. Contents follow kubeadm v1.32 on kind; certificates are the cluster's CA text.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.js';

interface ClusterFacts {
  version: string;
  minor: number;
  ca: string;
  podCIDR: string;
  serviceCIDR: string;
  domain: string;
  /** The day the cluster was made (YYYY-MM-DD). */
  day: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function cm(namespace: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

function clusterConfiguration(f: ClusterFacts): string {
  return `apiServer:
  certSANs:
  - localhost
  - 127.0.0.1
  extraArgs:
  - name: runtime-config
    value: ""
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: kind
controlPlaneEndpoint: kind-control-plane:6443
controllerManager:
  extraArgs:
  - name: enable-hostpath-provisioner
    value: "true"
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${f.version}
networking:
  dnsDomain: ${f.domain}
  podSubnet: ${f.podCIDR}
  serviceSubnet: ${f.serviceCIDR}
proxy: {}
scheduler: {}
`;
}

function kubeletConfiguration(f: ClusterFacts): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
cgroupRoot: /kubelet
clusterDNS:
- 10.96.0.10
clusterDomain: ${f.domain}
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionHard:
  imagefs.available: 0%
  nodefs.available: 0%
  nodefs.inodesFree: 0%
evictionPressureTransitionPeriod: 0s
failSwapOn: false
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageGCHighThresholdPercent: 100
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;
}

/** The ConfigMaps above for a cluster of this version (the token tracking marker is 1.26+; kubeadm-config wording of its era is not modelled). */
export function kubeadmConfigMaps(f: ClusterFacts): KubeObject[] {
  const kubeconfig = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(f.ca)}
    server: https://kind-control-plane:6443
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
`;
  const out = [
    // kind bootstraps with the token abcdef.*: the bootstrap signer adds its detached JWS of the kubeconfig.
    cm('kube-public', 'cluster-info', { 'jws-kubeconfig-abcdef': `eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..${createHash('sha256').update(kubeconfig).digest('base64url')}`, kubeconfig }),
    cm('kube-system', 'extension-apiserver-authentication', {
      'client-ca-file': f.ca,
      'requestheader-allowed-names': '["front-proxy-client"]',
      'requestheader-client-ca-file': f.ca,
      'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
      'requestheader-group-headers': '["X-Remote-Group"]',
      'requestheader-username-headers': '["X-Remote-User"]',
    }),
    cm('kube-system', 'kubeadm-config', { ClusterConfiguration: clusterConfiguration(f) }),
    // Before 1.24 kubeadm named it per minor version.
    cm('kube-system', f.minor >= 24 ? 'kubelet-config' : `kubelet-config-1.${f.minor}`, { kubelet: kubeletConfiguration(f) }),
  ];
  if (f.minor >= 26) out.push(cm('kube-system', 'kube-apiserver-legacy-service-account-token-tracking', { since: f.day }));
  return out;
}
