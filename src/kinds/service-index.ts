/**
 * Services by the addresses they hold, from the store's indexes (store/tracker.ts): the ClusterIP
 * allocator asks whether an address or a node port is taken, and the simulated network which Service
 * answers on an address, without parsing every Service (1.1 MB at 1,000 Services, ~90 M instructions of
 * JSON.parse for each `create` of a Service or `exec -- curl`).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { registerDigest, registerIndex, trackerOf } from '../store/tracker.js';
import { inMapOrder } from '../store/shards.js';
import { ownerUids } from '../api/objects.js';

/**
 * What the store keeps of a Service: its owner uids (the garbage collector's owner index,
 * controllers/digests.ts) and its addresses. Sparse: undefined when it has none of them.
 */
export interface ServiceDigest {
  refs?: string[];
  /** spec.clusterIPs (or spec.clusterIP), without `None`. */
  ips?: string[];
  /** Load-balancer ingress IPs, then spec.externalIPs (network/proxy.ts externalAddresses). */
  ext?: string[];
  /** Node ports of its ports and its healthCheckNodePort, whatever its type. */
  np?: number[];
}

interface ServiceShape {
  spec?: { clusterIP?: string; clusterIPs?: string[]; externalIPs?: string[]; type?: string; ports?: { nodePort?: number; protocol?: string }[]; healthCheckNodePort?: number };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

const specOf = (svc: KubeObject) => ((svc as KubeObject & ServiceShape).spec ?? {}) as NonNullable<ServiceShape['spec']>;

function serviceDigest(o: KubeObject): ServiceDigest | undefined {
  const spec = specOf(o);
  const d: ServiceDigest = {};
  const refs = ownerUids(o);
  if (refs) d.refs = refs;
  const ips = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip !== 'None');
  if (ips.length) d.ips = ips;
  const lb = (o as KubeObject & ServiceShape).status?.loadBalancer?.ingress ?? [];
  const ext = [...lb.flatMap((i) => (i.ip ? [i.ip] : [])), ...(spec.externalIPs ?? [])];
  if (ext.length) d.ext = ext;
  const np = (spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
  if (spec.healthCheckNodePort) np.push(spec.healthCheckNodePort);
  if (np.length) d.np = np;
  return Object.keys(d).length ? d : undefined;
}

// Version 2: version 1 kept only the owner uids.
registerDigest('services', { version: 2, fn: serviceDigest });

const CLUSTER_IPS = 'services.clusterip';
const EXTERNAL_IPS = 'services.external';
const NODE_PORTS = 'services.nodeport';
const distinct = (values: string[] | undefined) => [...new Set(values ?? [])];
registerIndex(CLUSTER_IPS, { resource: 'services', version: 1, keysOf: (d: unknown) => distinct((d as ServiceDigest | undefined)?.ips) });
registerIndex(EXTERNAL_IPS, { resource: 'services', version: 1, keysOf: (d: unknown) => distinct((d as ServiceDigest | undefined)?.ext) });
registerIndex(NODE_PORTS, { resource: 'services', version: 1, keysOf: (d: unknown) => distinct((d as ServiceDigest | undefined)?.np?.map(String)) });

/** The Services filed under `value` in index `name`, in the Services map's order (its insertion order). */
function filed(state: ClusterState, name: string, value: string): KubeObject[] {
  const services = state.objects.services ?? {};
  const keys = trackerOf(state).lookup(name, value).filter((k) => Object.hasOwn(services, k));
  return inMapOrder(services, keys).map((k) => services[k]!);
}

/** The Services holding ClusterIP `ip`, in the map's order. */
export function servicesWithClusterIP(state: ClusterState, ip: string): KubeObject[] {
  return filed(state, CLUSTER_IPS, ip);
}

/** The Service with ClusterIP `ip` (the last in the map's order, should two claim it). */
export function serviceByClusterIP(state: ClusterState, ip: string): KubeObject | undefined {
  return servicesWithClusterIP(state, ip).at(-1);
}

/** The Services answering on external address `ip` (load-balancer ingress or externalIP), in the map's order. */
export function servicesByExternalIP(state: ClusterState, ip: string): KubeObject[] {
  return filed(state, EXTERNAL_IPS, ip);
}

/** The Services that hold node port `port` (a port's nodePort or the healthCheckNodePort), in the map's order. */
export function servicesWithNodePort(state: ClusterState, port: number): KubeObject[] {
  return filed(state, NODE_PORTS, String(port));
}

/** The NodePort or LoadBalancer Service that a node's port `port` forwards to (the last in the map's order). */
export function serviceByNodePort(state: ClusterState, port: number): KubeObject | undefined {
  return servicesWithNodePort(state, port)
    .filter((svc) => {
      const spec = specOf(svc);
      return (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && (spec.ports ?? []).some((p) => p.nodePort === port);
    })
    .at(-1);
}
