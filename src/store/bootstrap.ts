/**
 * A fresh cluster shaped like `kind` at v1.32: one control-plane node and workers, the four system
 * namespaces, the `kubernetes` service with its endpoints, the control plane's static pods, and what
 * kubeadm and kind install (CoreDNS behind `kube-dns`, kube-proxy and kindnet DaemonSets, the local-path
 * provisioner and the default `standard` StorageClass: src/store/kind-addons.ts). The cluster is made
 * five minutes before the learner's first command: bootstrap runs on a clock set to that instant, so
 * every system object (pods, events, leases) is as old as the nodes.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { asSystem, makeEnv, rfc3339, VIRTUAL_EPOCH, type ClockMode, type Env } from '../env.js';
import { insertObject } from '../api/objects.js';
import { reconcileAll } from '../controllers/index.js';
import { kindByResource } from '../api/registry.js';
import { clusterMinor } from '../api/versions.js';
import { staticPods } from './static-pods.js';
import { kindAddons } from './kind-addons.js';
import { microTime } from '../controllers/node-leases.js';
import { kubeletMemory } from '../controllers/kubelet-state.js';
import { clusterCA } from '../controllers/namespace-defaults.js';
import { kubeadmConfigMaps } from './kubeadm-configmaps.js';
import { putBootstrapRbac } from './rbac-bootstrap.js';
import { putSystemPriorityClasses } from './priority-bootstrap.js';

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
  // Everything bootstrap creates is the cluster's own: it draws from the system streams (see asSystem),
  // on a clock stopped five minutes before the learner's first command.
  const base = asSystem(makeEnv(state, opts.clock, opts.wallNow), state);
  const createdAt = new Date(Math.floor((base.now().getTime() - 5 * 60_000) / 1000) * 1000);
  const env: Env = { ...base, now: () => new Date(createdAt) };
  const created = rfc3339(createdAt);
  const put = (resource: string, obj: Omit<KubeObject, 'metadata'> & { metadata: KubeObject['metadata'] }) => {
    obj.metadata.creationTimestamp ??= created;
    insertObject(state, resource, obj as KubeObject, env);
  };

  const putDefaulted = (resource: string, obj: Omit<KubeObject, 'metadata'> & { metadata: KubeObject['metadata'] }) => {
    kindByResource(resource).admit?.(obj as KubeObject, { state, env, operation: 'create' });
    put(resource, obj);
  };

  putSystemPriorityClasses(state, env, created);
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
  const minor = clusterMinor(state);
  const controlPlane = state.objects.nodes![nodeNames[0]!]!;
  const seen = `${created.slice(0, -1)}.${String(env.rngFor('kube-system').int(1e9)).padStart(9, '0')}Z`;
  for (const pod of staticPods(controlPlane, apiserverIP, kubelet, minor, state.settings, seen, env.rngFor('kube-system'))) put('pods', pod);
  const addons = kindAddons({ version: kubelet, minor, podCIDR: state.settings.podCIDR, domain: state.settings.clusterDomain, proxyMode: state.settings.proxyMode, ipvsScheduler: state.settings.ipvsScheduler });
  // The API server's defaults (template pull policy, probe periods, ...) as created objects have them.
  for (const { resource, obj } of addons) putDefaulted(resource, obj);
  for (const lease of controlPlaneLeases(env, nodeNames[0]!, createdAt.getTime(), minor)) put('leases', lease);
  // kind's node image ships the images of its own system pods: they are already present on every node.
  const preloaded = [...new Set([...Object.values(state.objects.pods ?? {}), ...addons.map((a) => a.obj)].flatMap(imagesOf))];
  const images = kubeletMemory(state).images;
  for (const n of nodeNames) images[n] = [...preloaded];
  // Let the controllers build what a running cluster has (coredns pods, endpoints) before anyone looks.
  reconcileAll(state, env);
  // kubeadm's own ConfigMaps, written after the controllers ran: they take no draw that names a system pod.
  const ca = clusterCA(state, env);
  for (const obj of kubeadmConfigMaps({ version: kubelet, minor, ca, podCIDR: state.settings.podCIDR, serviceCIDR: state.settings.serviceCIDR, domain: state.settings.clusterDomain, day: created.slice(0, 10) })) put('configmaps', obj);
  putBootstrapRbac(state, env, created);
  return state;
}

/** The leader-election leases of the control plane in kube-system, and the API server's identity lease. */
function controlPlaneLeases(env: Env, node: string, at: number, minor: number): KubeObject[] {
  const rng = env.rngFor('kube-system');
  const lease = (name: string, holder: string, duration: number, labels?: Record<string, string>): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'kube-system', ...(labels ? { labels } : {}) },
    spec: { holderIdentity: holder, leaseDurationSeconds: duration, ...(duration === 15 ? { acquireTime: microTime(at), leaseTransitions: 0 } : {}), renewTime: microTime(at) },
  });
  const apiserver = `apiserver-${rng.string(26, 'abcdefghijklmnopqrstuvwxyz234567')}`;
  const leases = [
    lease(apiserver, `${apiserver}_${rng.uuid()}`, 3600, { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': node }),
    lease('kube-controller-manager', `${node}_${rng.uuid()}`, 15),
    lease('kube-scheduler', `${node}_${rng.uuid()}`, 15),
  ];
  // Leader election moved to leases in 1.20 (endpointsleases); API server identity leases came with 1.26.
  return leases.filter((l) => (l.metadata.name === apiserver ? minor >= 26 : minor >= 20));
}

/** Container images of a pod or of a workload's pod template. */
function imagesOf(o: KubeObject): string[] {
  const spec = ((o.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec ?? o.spec) as { containers?: { image?: string }[] } | undefined;
  return (spec?.containers ?? []).map((c) => c.image ?? '').filter(Boolean);
}
