/**
 * What kubeadm and kind install into a new cluster besides the control plane: kube-proxy (DaemonSet,
 * ConfigMap, ServiceAccount), kindnet (DaemonSet, ServiceAccount), CoreDNS (Deployment, Corefile
 * ConfigMap, ServiceAccount; its Service lives in bootstrap.ts), and the local-path provisioner with the
 * default `standard` StorageClass. Manifests follow kubeadm v1.32 and kind v0.27 (node image v1.32).
 */
import type { KubeObject } from '../api/types.js';
import { proxyConfigText } from '../network/kube-proxy-config.js';

type Manifest = { resource: string; obj: KubeObject };

const KINDNETD_IMAGE = 'docker.io/kindest/kindnetd:v20250214-acbabc1a';
const LOCAL_PATH_IMAGE = 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a';
const LOCAL_PATH_HELPER_IMAGE = 'docker.io/kindest/local-path-helper:v20241212-8ac705d0';

/** CoreDNS image kubeadm deploys for a Kubernetes minor. */
function corednsImage(minor: number): string {
  if (minor >= 31) return 'registry.k8s.io/coredns/coredns:v1.11.3';
  if (minor >= 29) return 'registry.k8s.io/coredns/coredns:v1.11.1';
  if (minor >= 25) return 'registry.k8s.io/coredns/coredns:v1.9.3';
  return 'k8s.gcr.io/coredns:1.6.5';
}

/** The Corefile kubeadm writes (1.31 added the cache exceptions for the cluster domain). */
export function corefile(minor: number, domain: string): string {
  const cache = minor >= 31 ? `    cache 30 {\n       disable success ${domain}\n       disable denial ${domain}\n    }\n` : '    cache 30\n';
  return `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes ${domain} in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n${cache}    loop\n    reload\n    loadbalance\n}\n`;
}

const KUBE_PROXY_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://kind-control-plane:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;

function sa(name: string, namespace: string): Manifest {
  return { resource: 'serviceaccounts', obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } } };
}

function kubeProxy(version: string, minor: number, podCIDR: string, mode: string, scheduler: string): Manifest[] {
  const registry = minor >= 25 ? 'registry.k8s.io' : 'k8s.gcr.io';
  return [
    sa('kube-proxy', 'kube-system'),
    {
      resource: 'configmaps',
      obj: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
        data: { 'config.conf': proxyConfigText(podCIDR, mode, scheduler), 'kubeconfig.conf': KUBE_PROXY_KUBECONFIG },
      },
    },
    {
      resource: 'daemonsets',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
          updateStrategy: { type: 'RollingUpdate' },
          template: {
            metadata: { labels: { 'k8s-app': 'kube-proxy' } },
            spec: {
              priorityClassName: 'system-node-critical',
              containers: [
                {
                  name: 'kube-proxy',
                  image: `${registry}/kube-proxy:${version}`,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
                  securityContext: { privileged: true },
                  volumeMounts: [
                    { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                    { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                    { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                  ],
                  env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
                },
              ],
              hostNetwork: true,
              serviceAccountName: 'kube-proxy',
              volumes: [
                { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
                { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
                { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
              ],
              tolerations: [{ operator: 'Exists' }],
              nodeSelector: { 'kubernetes.io/os': 'linux' },
            },
          },
        },
      },
    },
  ];
}

function kindnet(podCIDR: string): Manifest[] {
  const labels = { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' };
  return [
    sa('kindnet', 'kube-system'),
    {
      resource: 'daemonsets',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kindnet', namespace: 'kube-system', labels },
        spec: {
          selector: { matchLabels: { app: 'kindnet' } },
          template: {
            metadata: { labels },
            spec: {
              hostNetwork: true,
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              tolerations: [{ operator: 'Exists' }],
              serviceAccountName: 'kindnet',
              containers: [
                {
                  name: 'kindnet-cni',
                  image: KINDNETD_IMAGE,
                  env: [
                    { name: 'HOST_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } } },
                    { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
                    { name: 'POD_SUBNET', value: podCIDR },
                  ],
                  volumeMounts: [
                    { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
                    { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                    { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
                  ],
                  resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } },
                  securityContext: { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } },
                },
              ],
              volumes: [
                { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d', type: '' } },
                { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
                { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
              ],
            },
          },
        },
      },
    },
  ];
}

function coredns(minor: number, domain: string): Manifest[] {
  return [
    sa('coredns', 'kube-system'),
    {
      resource: 'configmaps',
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile(minor, domain) } },
    },
    {
      resource: 'deployments',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
          template: {
            metadata: { labels: { 'k8s-app': 'kube-dns' } },
            spec: {
              affinity: {
                podAntiAffinity: {
                  preferredDuringSchedulingIgnoredDuringExecution: [
                    { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
                  ],
                },
              },
              containers: [
                {
                  name: 'coredns',
                  image: corednsImage(minor),
                  imagePullPolicy: 'IfNotPresent',
                  args: ['-conf', '/etc/coredns/Corefile'],
                  resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
                  volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
                  ports: [
                    { containerPort: 53, name: 'dns', protocol: 'UDP' },
                    { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                    { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                  ],
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
                  livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
                  readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
                },
              ],
              dnsPolicy: 'Default',
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              priorityClassName: 'system-cluster-critical',
              serviceAccountName: 'coredns',
              tolerations: [
                { key: 'CriticalAddonsOnly', operator: 'Exists' },
                { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
              ],
              volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
            },
          },
        },
      },
    },
  ];
}

const LOCAL_PATH_CONFIG = `{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}`;

function localPath(): Manifest[] {
  const ns = 'local-path-storage';
  return [
    { resource: 'namespaces', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } },
    sa('local-path-provisioner-service-account', ns),
    {
      resource: 'configmaps',
      obj: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'local-path-config', namespace: ns },
        data: {
          'config.json': LOCAL_PATH_CONFIG,
          'helperPod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  priorityClassName: system-node-critical\n  tolerations:\n    - key: node.kubernetes.io/disk-pressure\n      operator: Exists\n      effect: NoSchedule\n  containers:\n  - name: helper-pod\n    image: ${LOCAL_PATH_HELPER_IMAGE}\n    imagePullPolicy: IfNotPresent`,
          setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
          teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
        },
      },
    },
    {
      resource: 'deployments',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'local-path-provisioner', namespace: ns },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'local-path-provisioner' } },
          template: {
            metadata: { labels: { app: 'local-path-provisioner' } },
            spec: {
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              tolerations: [
                { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' },
                { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
              ],
              serviceAccountName: 'local-path-provisioner-service-account',
              containers: [
                {
                  name: 'local-path-provisioner',
                  image: LOCAL_PATH_IMAGE,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['local-path-provisioner', '--debug', 'start', '--helper-image', LOCAL_PATH_HELPER_IMAGE, '--config', '/etc/config/config.json'],
                  volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
                  env: [
                    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
                    { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
                  ],
                },
              ],
              volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
            },
          },
        },
      },
    },
    {
      resource: 'storageclasses',
      obj: {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: 'rancher.io/local-path',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
    },
  ];
}

/**
 * The ServiceAccounts kube-controller-manager makes for its controllers (kubeadm runs it with
 * --use-service-account-credentials), with the minor each first appeared in.
 */
const CONTROLLER_ACCOUNTS: [string, number][] = [
  ['attachdetach-controller', 0], ['bootstrap-signer', 0], ['certificate-controller', 0], ['clusterrole-aggregation-controller', 0],
  ['cronjob-controller', 0], ['daemon-set-controller', 0], ['deployment-controller', 0], ['disruption-controller', 0],
  ['endpoint-controller', 0], ['endpointslice-controller', 17], ['endpointslicemirroring-controller', 19], ['ephemeral-volume-controller', 23],
  ['expand-controller', 0], ['generic-garbage-collector', 0], ['horizontal-pod-autoscaler', 0], ['job-controller', 0],
  ['legacy-service-account-token-cleaner', 28], ['namespace-controller', 0], ['node-controller', 0], ['persistent-volume-binder', 0],
  ['pod-garbage-collector', 0], ['pv-protection-controller', 0], ['pvc-protection-controller', 0], ['replicaset-controller', 0],
  ['replication-controller', 0], ['resourcequota-controller', 0], ['root-ca-cert-publisher', 0], ['service-account-controller', 0],
  ['statefulset-controller', 0], ['token-cleaner', 0], ['ttl-after-finished-controller', 0], ['ttl-controller', 0],
  ['validatingadmissionpolicy-status-controller', 28],
];

/** Everything above, in the order kubeadm and kind apply it. */
export function kindAddons(opts: { version: string; minor: number; podCIDR: string; domain: string; proxyMode: string; ipvsScheduler: string }): Manifest[] {
  const controllers = CONTROLLER_ACCOUNTS.filter(([, since]) => opts.minor >= since).map(([name]) => sa(name, 'kube-system'));
  return [...controllers, ...coredns(opts.minor, opts.domain), ...kubeProxy(opts.version, opts.minor, opts.podCIDR, opts.proxyMode, opts.ipvsScheduler), ...kindnet(opts.podCIDR), ...localPath()];
}
