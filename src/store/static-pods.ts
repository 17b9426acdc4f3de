/**
 * The control plane's static pods as kubeadm writes them on kind's control-plane node (etcd, apiserver,
 * controller-manager, scheduler) and the mirror pods the kubelet posts for them: owned by the Node, with
 * the kubernetes.io/config.* annotations, host network, already bound. kube-sim leaves out their probes
 * (the simulated kubelet would probe endpoints no catalogued image serves).
 */
import type { KubeObject } from '../api/types.js';
import type { Rng } from '../env.js';

interface HostVolume { name: string; path: string; type: string; mountPath?: string; readOnly?: boolean }

/** kubeadm's image tag of etcd for a Kubernetes minor. */
function etcdImage(minor: number): string {
  if (minor >= 32) return 'registry.k8s.io/etcd:3.5.16-0';
  if (minor >= 31) return 'registry.k8s.io/etcd:3.5.15-0';
  if (minor >= 29) return 'registry.k8s.io/etcd:3.5.10-0';
  if (minor >= 26) return 'registry.k8s.io/etcd:3.5.6-0';
  if (minor >= 22) return 'k8s.gcr.io/etcd:3.5.0-0';
  return 'k8s.gcr.io/etcd:3.4.3-0';
}

const CA_DIRS: HostVolume[] = [
  { name: 'ca-certs', path: '/etc/ssl/certs', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'etc-ca-certificates', path: '/etc/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
];
const USR_CA_DIRS: HostVolume[] = [
  { name: 'usr-local-share-ca-certificates', path: '/usr/local/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'usr-share-ca-certificates', path: '/usr/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
];

interface StaticPodDef {
  component: string;
  image: string;
  command: string[];
  cpu: string;
  memory?: string;
  volumes: HostVolume[];
  annotations?: Record<string, string>;
}

function definitions(ip: string, version: string, minor: number, podCIDR: string, serviceCIDR: string): StaticPodDef[] {
  const registry = minor >= 25 ? 'registry.k8s.io' : 'k8s.gcr.io';
  return [
    {
      component: 'etcd',
      image: etcdImage(minor),
      command: [
        'etcd', `--advertise-client-urls=https://${ip}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd', '--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`, `--initial-cluster=kind-control-plane=https://${ip}:2380`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381', `--listen-peer-urls=https://${ip}:2380`, '--name=kind-control-plane',
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--snapshot-count=10000', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      cpu: '100m',
      memory: '100Mi',
      volumes: [
        { name: 'etcd-certs', path: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate' },
        { name: 'etcd-data', path: '/var/lib/etcd', type: 'DirectoryOrCreate' },
      ],
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
    },
    {
      component: 'kube-apiserver',
      image: `${registry}/kube-apiserver:${version}`,
      command: [
        'kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '--etcd-servers=https://127.0.0.1:2379',
        '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
        '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key', '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt', '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group', '--requestheader-username-headers=X-Remote-User', '--runtime-config=',
        '--secure-port=6443', '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key', `--service-cluster-ip-range=${serviceCIDR}`,
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      cpu: '250m',
      volumes: [...CA_DIRS, { name: 'k8s-certs', path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate', readOnly: true }, ...USR_CA_DIRS],
      annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
    },
    {
      component: 'kube-controller-manager',
      image: `${registry}/kube-controller-manager:${version}`,
      command: [
        'kube-controller-manager', '--allocate-node-cidrs=true', '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf', '--bind-address=127.0.0.1', '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        `--cluster-cidr=${podCIDR}`, '--cluster-name=kind', '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key', '--controllers=*,bootstrapsigner,tokencleaner', '--enable-hostpath-provisioner=true',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--root-ca-file=/etc/kubernetes/pki/ca.crt', '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
        `--service-cluster-ip-range=${serviceCIDR}`, '--use-service-account-credentials=true',
      ],
      cpu: '200m',
      volumes: [
        ...CA_DIRS,
        { name: 'flexvolume-dir', path: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', type: 'DirectoryOrCreate', mountPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec' },
        { name: 'k8s-certs', path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate', readOnly: true },
        { name: 'kubeconfig', path: '/etc/kubernetes/controller-manager.conf', type: 'FileOrCreate', readOnly: true },
        ...USR_CA_DIRS,
      ],
    },
    {
      component: 'kube-scheduler',
      image: `${registry}/kube-scheduler:${version}`,
      command: [
        'kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true',
      ],
      cpu: '100m',
      volumes: [{ name: 'kubeconfig', path: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate', readOnly: true }],
    },
  ];
}

/**
 * The four mirror pods of a control-plane node (`node` is the stored Node: its uid owns them), fully
 * defaulted as the API server stores them. `seen` is the kubelet's config.seen instant (RFC 3339 with
 * nanoseconds); hashes come from `rng` (the system stream).
 */
export function staticPods(node: KubeObject, ip: string, version: string, minor: number, settings: { podCIDR: string; serviceCIDR: string }, seen: string, rng: Rng): KubeObject[] {
  return definitions(ip, version, minor, settings.podCIDR, settings.serviceCIDR).map((d) => {
    const hash = rng.hex(32);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${d.component}-${node.metadata.name}`,
        namespace: 'kube-system',
        labels: { component: d.component, tier: 'control-plane' },
        annotations: {
          ...(d.annotations ?? {}),
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': seen,
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: node.metadata.name, uid: node.metadata.uid! }],
      },
      spec: {
        containers: [
          {
            command: d.command,
            image: d.image,
            imagePullPolicy: 'IfNotPresent',
            name: d.component,
            resources: { requests: { cpu: d.cpu, ...(d.memory ? { memory: d.memory } : {}) } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            volumeMounts: d.volumes.map((v) => ({ mountPath: v.mountPath ?? v.path, name: v.name, ...(v.readOnly ? { readOnly: true } : {}) })),
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        hostNetwork: true,
        nodeName: node.metadata.name,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        terminationGracePeriodSeconds: 30,
        tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
        volumes: d.volumes.map((v) => ({ hostPath: { path: v.path, type: v.type }, name: v.name })),
      },
      // The kubelet reports its own pods scheduled to itself.
      status: { conditions: [{ lastProbeTime: null, lastTransitionTime: seen.replace(/\.\d+Z$/, 'Z'), status: 'True', type: 'PodScheduled' }], phase: 'Pending', qosClass: 'Burstable' },
    };
  });
}
