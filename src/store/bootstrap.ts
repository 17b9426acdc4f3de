/**
 * A fresh cluster shaped like `kind` at v1.32: one control-plane node and workers, the four system
 * namespaces, the `kubernetes` service with its endpoints, and `kube-dns` backed by a `coredns`
 * deployment (whose pods the workload controllers create).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { asSystem, makeEnv, rfc3339, VIRTUAL_EPOCH, type ClockMode } from '../env.js';
import { insertObject } from '../api/objects.js';
import { reconcileAll } from '../controllers/index.js';
import { kindByResource } from '../api/registry.js';

export interface BootstrapOptions {
  seed?: number;
  /** Total nodes including the control plane (default 3). */
  nodes?: number;
  /** Kubernetes version, e.g. "1.32" or "v1.17.0" (default v1.32.0). */
  kubernetesVersion?: string;
  clock: ClockMode;
  wallNow?: () => Date;
}

export const DEFAULT_SEED = 42;

/** Normalise "1.17", "v1.17", "1.17.3" to "v1.17.x". */
export function normaliseVersion(v: string | undefined): string {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec((v ?? '1.32').trim());
  if (!m) throw new Error(`invalid Kubernetes version "${v}": use MAJOR.MINOR such as 1.32 or 1.17`);
  return `v${m[1]}.${m[2]}.${m[3] ?? '0'}`;
}

export function freshCluster(opts: BootstrapOptions): ClusterState {
  const seed = opts.seed ?? DEFAULT_SEED;
  const nodeCount = Math.max(1, Math.min(opts.nodes ?? 3, 50));
  const state: ClusterState = {
    format: 1,
    meta: { seed, rng: seed >>> 0, resourceVersion: 100, virtualNow: VIRTUAL_EPOCH, wallOffsetMs: 0 },
    settings: {
      kubernetesVersion: normaliseVersion(opts.kubernetesVersion),
      serviceCIDR: '10.96.0.0/16',
      podCIDR: '10.244.0.0/16',
      clusterDomain: 'cluster.local',
      proxyMode: 'iptables',
      ipvsScheduler: 'rr',
      addons: {},
      externalHosts: [],
    },
    objects: {},
    runtime: {},
    memory: {},
  };
  // Everything bootstrap creates is the cluster's own: it draws from the system streams (see asSystem).
  const env = asSystem(makeEnv(state, opts.clock, opts.wallNow), state);
  // System objects are a few minutes older than anything the learner creates.
  const created = rfc3339(new Date(env.now().getTime() - 5 * 60_000));
  const put = (resource: string, obj: Omit<KubeObject, 'metadata'> & { metadata: KubeObject['metadata'] }) => {
    obj.metadata.creationTimestamp ??= created;
    insertObject(state, resource, obj as KubeObject, env);
  };

  const putDefaulted = (resource: string, obj: Omit<KubeObject, 'metadata'> & { metadata: KubeObject['metadata'] }) => {
    kindByResource(resource).admit?.(obj as KubeObject, { state, env, operation: 'create' });
    put(resource, obj);
  };

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    put('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  const kubelet = state.settings.kubernetesVersion;
  const nodeNames: string[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const name = i === 0 ? 'kind-control-plane' : i === 1 ? 'kind-worker' : `kind-worker${i}`;
    nodeNames.push(name);
    const ip = `172.18.0.${i + 2}`;
    const cidr = `10.244.${i}.0/24`;
    put('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
        },
        annotations: {
          'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        podCIDR: cidr,
        podCIDRs: [cidr],
        providerID: `kind://docker/kind/${name}`,
        ...(i === 0 && nodeCount > 1 ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
      },
      status: {
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: name },
        ],
        allocatable: { cpu: '2', 'ephemeral-storage': '263174212Ki', memory: '24597320Ki', pods: '110' },
        capacity: { cpu: '2', 'ephemeral-storage': '263174212Ki', memory: '24597320Ki', pods: '110' },
        conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
          type,
          status: type === 'Ready' ? 'True' : 'False',
          lastHeartbeatTime: created,
          lastTransitionTime: created,
          reason: type === 'Ready' ? 'KubeletReady' : `KubeletHasSufficient${type.replace('Pressure', '')}`.replace('Disk', 'Disk').replace('PID', 'PID'),
          message: type === 'Ready' ? 'kubelet is posting ready status' : `kubelet has ${type === 'MemoryPressure' ? 'sufficient memory available' : type === 'DiskPressure' ? 'no disk pressure' : 'sufficient PID available'}`,
        })),
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: env.rngFor(undefined).uuid(),
          containerRuntimeVersion: 'containerd://1.7.24',
          kernelVersion: '6.8.0-49-generic',
          kubeProxyVersion: kubelet,
          kubeletVersion: kubelet,
          machineID: env.rngFor(undefined).hex(32),
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          systemUUID: env.rngFor(undefined).uuid(),
        },
      },
    });
  }

  const apiserverIP = '172.18.0.2';
  put('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  put('endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  put('endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
  put('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  // The API server's defaults (template pull policy, probe periods, ...) as a created Deployment has them.
  putDefaulted('deployments', {
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
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.11.3',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
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
        },
      },
    },
  });
  // Let the controllers build what a running cluster has (coredns pods, endpoints) before anyone looks.
  reconcileAll(state, env);
  return state;
}
