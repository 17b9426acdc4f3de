/**
 * A kind node's root filesystem, small but faithful where a learner looks (`kubectl debug node/NAME`
 * mounts it at /host): the top-level directories of a kindest/node image (Debian 12 with kind's `/kind`),
 * its os-release and hostname, the kubelet's and kubeadm's configuration places, the Kubernetes binaries.
 * The files of a hostPath volume of `/` start as these; what a pod writes there stays on that node.
 */
import type { ClusterState } from '../api/types.js';

/** Debian bookworm's /etc/os-release, which kindest/node images are built on. */
const OS_RELEASE =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n';

const TOP = ['bin', 'boot', 'dev', 'etc', 'home', 'kind', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];

const DIRS = [
  'etc/containerd/', 'etc/kubernetes/', 'etc/kubernetes/manifests/', 'etc/kubernetes/pki/', 'usr/bin/', 'usr/local/', 'usr/local/bin/', 'usr/local/sbin/',
  'var/lib/', 'var/lib/kubelet/', 'var/lib/containerd/', 'var/log/', 'var/log/containers/', 'var/log/pods/',
];

/** The node's Kubernetes version as kind writes it in /kind/version (`v1.32.0`). */
function versionOf(state: ClusterState): string {
  const v = state.settings.kubernetesVersion || 'v1.32.0';
  return v.startsWith('v') ? v : `v${v}${/^\d+\.\d+$/.test(v) ? '.0' : ''}`;
}

/** The files (path relative to the root, directories ending in `/`) of node `node`'s root. */
export function nodeRootFiles(state: ClusterState, node: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const d of TOP) files[`${d}/`] = '';
  for (const d of DIRS) files[d] = '';
  files['etc/hostname'] = `${node}\n`;
  files['etc/os-release'] = OS_RELEASE;
  files['kind/version'] = `${versionOf(state)}\n`;
  files['etc/kubernetes/kubelet.conf'] = '';
  files['etc/kubernetes/pki/ca.crt'] = '';
  files['var/lib/kubelet/config.yaml'] = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
  for (const b of ['kubeadm', 'kubectl', 'kubelet']) files[`usr/bin/${b}`] = '';
  for (const b of ['containerd', 'containerd-shim-runc-v2', 'crictl', 'ctr', 'runc']) files[`usr/local/bin/${b}`] = '';
  return files;
}
