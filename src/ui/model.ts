/**
 * What `kube-sim ui` and `play --html` draw, computed from the state on read: nodes with their pods,
 * Services with their endpoints (from the EndpointSlices kube-proxy reads), Ingress rules, the ways in
 * (node ports, load-balancer IPs) and NetworkPolicies when the cluster serves that kind. Plain JSON,
 * ordered by name, so the same state always gives the same model (and the same picture).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { listObjects } from '../api/objects.js';
import { allKinds } from '../api/registry.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { podRowState } from '../kinds/pod.js';
import { portsCell, externalIPCell } from '../kinds/service.js';
import { slicesOfService } from '../kinds/endpointslice.js';
import { ingressAddresses, ingressSpec, type IngressBackend } from '../kinds/ingress.js';
import { externalAddresses } from '../network/proxy.js';

/** How a pod is drawn. */
export type PodState = 'ready' | 'not-ready' | 'pending' | 'terminating' | 'done' | 'failed';

export interface ModelPod {
  id: string;
  namespace: string;
  name: string;
  node?: string;
  ip?: string;
  state: PodState;
  /** The STATUS and READY cells of `get pods`. */
  status: string;
  ready: string;
}

export interface ModelEndpoint {
  ip: string;
  /** The pod behind the address, when it is drawn. */
  pod?: string;
  /** The node behind the address (the `kubernetes` service's API server). */
  node?: string;
  ready: boolean;
}

export interface ModelService {
  id: string;
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  /** The PORT(S) cell of `get svc`. */
  ports: string;
  /** The EXTERNAL-IP cell of `get svc`. */
  external: string;
  endpoints: ModelEndpoint[];
}

export interface ModelIngressRule {
  host: string;
  path: string;
  /** The backend Service's id (it may not exist). */
  service: string;
  port: string;
}

export interface ModelIngress {
  id: string;
  namespace: string;
  name: string;
  address: string;
  rules: ModelIngressRule[];
}

/** A way into the cluster: a node port on every node, or a load-balancer / external IP. */
export interface ModelEntry {
  id: string;
  kind: 'nodeport' | 'loadbalancer';
  /** `:30080` for a node port, `172.18.255.200:80` for a load balancer. */
  address: string;
  service: string;
}

export interface ModelNode {
  id: string;
  name: string;
  ip: string;
  ready: boolean;
  /** Node ports open on this node (kube-proxy opens each on every node). */
  nodePorts: string[];
}

export interface ModelPolicy {
  id: string;
  namespace: string;
  name: string;
  /** `ingress`, `egress` or both. */
  types: string;
  /** The pods it selects. */
  pods: string[];
}

export interface ClusterModel {
  nodes: ModelNode[];
  pods: ModelPod[];
  services: ModelService[];
  ingresses: ModelIngress[];
  entries: ModelEntry[];
  policies: ModelPolicy[];
  /** Pods left out so the picture stays readable (per node beyond MAX_PODS_PER_NODE). */
  hiddenPods: Record<string, number>;
}

/**
 * Namespaces of the cluster's own machinery, not drawn: their pods use the host network or are add-on
 * internals (the ingress controller is drawn as the Ingress objects it serves).
 */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'metallb-system', 'ingress-nginx']);
/** Beyond this many pods on one node the rest are counted, not drawn. */
export const MAX_PODS_PER_NODE = 24;

/** The id of an object in the model (and in the picture's `data-id`). */
export function modelId(kind: 'pod' | 'svc' | 'ing' | 'node' | 'netpol', namespace: string | undefined, name: string): string {
  return `${kind}:${namespace ? `${namespace}/` : ''}${name}`;
}

function drawn(o: KubeObject): boolean {
  return !SYSTEM_NAMESPACES.has(o.metadata.namespace ?? '');
}

function podState(p: KubeObject, status: string): PodState {
  if (p.metadata.deletionTimestamp) return 'terminating';
  const st = (p.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
  if (st.phase === 'Succeeded') return 'done';
  if (st.phase === 'Failed') return 'failed';
  if (st.phase !== 'Running') return 'pending';
  if (/Error|CrashLoopBackOff|OOMKilled/.test(status)) return 'failed';
  return st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'ready' : 'not-ready';
}

function internalIP(n: KubeObject): string {
  return (((n.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address) ?? '';
}

/** The model of the cluster as it is now. */
export function clusterModel(state: ClusterState, now: Date): ClusterModel {
  const nodes: ModelNode[] = listObjects(state, 'nodes').map((n) => ({
    id: modelId('node', undefined, n.metadata.name),
    name: n.metadata.name,
    ip: internalIP(n),
    ready: ((n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    nodePorts: [],
  }));
  const nodeByIP = new Map(nodes.map((n) => [n.ip, n]));

  const pods: ModelPod[] = [];
  const perNode = new Map<string, number>();
  const hiddenPods: Record<string, number> = {};
  const podByIP = new Map<string, ModelPod>();
  for (const p of listObjects(state, 'pods')) {
    if (!drawn(p)) continue;
    const spec = (p.spec ?? {}) as { nodeName?: string; hostNetwork?: boolean };
    const node = spec.nodeName;
    const key = node ?? '';
    const count = (perNode.get(key) ?? 0) + 1;
    perNode.set(key, count);
    if (count > MAX_PODS_PER_NODE) {
      hiddenPods[key] = (hiddenPods[key] ?? 0) + 1;
      continue;
    }
    const row = podRowState(p, now);
    const ip = (p.status as { podIP?: string } | undefined)?.podIP;
    const mp: ModelPod = { id: modelId('pod', p.metadata.namespace, p.metadata.name), namespace: p.metadata.namespace ?? 'default', name: p.metadata.name, state: podState(p, row.status), status: row.status, ready: row.ready };
    if (node) mp.node = node;
    if (ip) mp.ip = ip;
    pods.push(mp);
    if (ip && !spec.hostNetwork) podByIP.set(ip, mp);
  }

  const services: ModelService[] = [];
  const entries: ModelEntry[] = [];
  for (const svc of listObjects(state, 'services')) {
    if (!drawn(svc)) continue;
    const spec = (svc.spec ?? {}) as { type?: string; clusterIP?: string; ports?: { port: number; nodePort?: number; protocol?: string }[] };
    const id = modelId('svc', svc.metadata.namespace, svc.metadata.name);
    const endpoints = new Map<string, ModelEndpoint>();
    for (const slice of slicesOfService(state, svc.metadata.namespace ?? 'default', svc.metadata.name)) {
      for (const e of slice.endpoints ?? []) {
        const ip = e.addresses?.[0];
        if (!ip || endpoints.has(ip)) continue;
        const ep: ModelEndpoint = { ip, ready: e.conditions?.ready !== false };
        const pod = podByIP.get(ip);
        if (pod) ep.pod = pod.id;
        else if (nodeByIP.has(ip)) ep.node = nodeByIP.get(ip)!.id;
        endpoints.set(ip, ep);
      }
    }
    const type = spec.type ?? 'ClusterIP';
    services.push({
      id,
      namespace: svc.metadata.namespace ?? 'default',
      name: svc.metadata.name,
      type,
      clusterIP: spec.clusterIP ?? '',
      ports: portsCell(svc),
      external: externalIPCell(svc),
      endpoints: [...endpoints.values()].sort((a, b) => compareIP(a.ip, b.ip)),
    });
    if (type === 'NodePort' || type === 'LoadBalancer') {
      for (const p of spec.ports ?? []) {
        if (!p.nodePort) continue;
        entries.push({ id: `entry:nodeport:${p.nodePort}`, kind: 'nodeport', address: `:${p.nodePort}`, service: id });
        for (const n of nodes) n.nodePorts.push(`${p.nodePort}/${p.protocol ?? 'TCP'}`);
      }
    }
    for (const e of externalAddresses(svc)) {
      for (const p of spec.ports ?? []) entries.push({ id: `entry:lb:${e.ip}:${p.port}`, kind: 'loadbalancer', address: `${e.ip}:${p.port}`, service: id });
    }
  }
  for (const n of nodes) n.nodePorts.sort((a, b) => parseInt(a) - parseInt(b));

  const ingresses: ModelIngress[] = listObjects(state, 'ingresses')
    .filter(drawn)
    .map((ing) => {
      const ns = ing.metadata.namespace ?? 'default';
      const spec = ingressSpec(ing);
      const rules: ModelIngressRule[] = [];
      const add = (host: string, path: string, b: IngressBackend | undefined) => {
        const s = b?.service;
        if (!s?.name) return;
        rules.push({ host, path, service: modelId('svc', ns, s.name), port: s.port?.number ? String(s.port.number) : (s.port?.name ?? '') });
      };
      if (spec.defaultBackend) add('*', '(default)', spec.defaultBackend);
      for (const r of spec.rules ?? []) for (const p of r.http?.paths ?? []) add(r.host ?? '*', p.path ?? '/', p.backend);
      return { id: modelId('ing', ns, ing.metadata.name), namespace: ns, name: ing.metadata.name, address: ingressAddresses(ing).join(','), rules };
    });

  return { nodes, pods, services, ingresses, entries, policies: networkPolicies(state, pods), hiddenPods };
}

/** NetworkPolicies, when the registry serves the kind (drawn with the pods each selects). */
function networkPolicies(state: ClusterState, pods: ModelPod[]): ModelPolicy[] {
  const info = allKinds().find((k) => k.kind === 'NetworkPolicy');
  if (!info) return [];
  const labels = new Map<string, Record<string, string>>();
  for (const p of listObjects(state, 'pods')) labels.set(modelId('pod', p.metadata.namespace, p.metadata.name), p.metadata.labels ?? {});
  return listObjects(state, info.resource)
    .filter(drawn)
    .map((np) => {
      const ns = np.metadata.namespace ?? 'default';
      const spec = (np.spec ?? {}) as { podSelector?: Parameters<typeof fromLabelSelector>[0]; policyTypes?: string[]; egress?: unknown };
      const reqs = fromLabelSelector(spec.podSelector) ?? [];
      const types = spec.policyTypes?.length ? spec.policyTypes : spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
      const selected = pods.filter((p) => p.namespace === ns && matches(reqs, labels.get(p.id) ?? {})).map((p) => p.id);
      return { id: modelId('netpol', ns, np.metadata.name), namespace: ns, name: np.metadata.name, types: types.map((t) => t.toLowerCase()).join('+'), pods: selected };
    });
}

/** IPv4 addresses in numeric order. */
function compareIP(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
