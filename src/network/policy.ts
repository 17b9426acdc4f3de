/**
 * NetworkPolicy in the simulated data plane (kind's kindnet enforces it since v0.24): a pod selected by a
 * policy of a given type is isolated in that direction, and then only traffic some rule of some selecting
 * policy admits passes (peers by podSelector, namespaceSelector, both, or ipBlock; ports by number, name
 * or range, TCP by default). Ingress is judged at the destination pod, egress at the source pod, both after
 * kube-proxy's DNAT. Denied packets are dropped, so clients time out. Every verdict names the policy that
 * decided it, for `--trace`. Computed on read; nothing is stored.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { ipToInt } from '../kinds/service-alloc.js';

/** One end of a connection: a pod (with its address) or a bare address (a node, the host, the outside). */
export interface Peer { ip: string; pod?: KubeObject }

export interface PolicyPort { protocol?: string; port?: number | string; endPort?: number }
export interface PolicyPeerSpec { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } }
export interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: { from?: PolicyPeerSpec[]; ports?: PolicyPort[] }[];
  egress?: { to?: PolicyPeerSpec[]; ports?: PolicyPort[] }[];
}

export interface Verdict {
  allowed: boolean;
  /** What --trace prints about it. */
  note: string;
}

const specOf = (p: KubeObject) => (p.spec ?? {}) as NetworkPolicySpec;
const podName = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;
const policyName = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;

/** The policy types a policy has: as written, else Ingress plus Egress when it has egress rules (the API default). */
export function policyTypes(p: KubeObject): string[] {
  const s = specOf(p);
  return s.policyTypes?.length ? s.policyTypes : s.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

function selects(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const reqs = fromLabelSelector(sel ?? {});
  return !!reqs && matches(reqs, labels ?? {});
}

/** Is `ip` inside `cidr` (IPv4)? */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = ipToInt(ip);
  const b = ipToInt(base ?? '');
  const bits = Number(bitsText ?? 32);
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function peerMatches(state: ClusterState, policy: KubeObject, spec: PolicyPeerSpec, peer: Peer): boolean {
  if (spec.ipBlock) return inCidr(peer.ip, spec.ipBlock.cidr) && !(spec.ipBlock.except ?? []).some((c) => inCidr(peer.ip, c));
  if (!peer.pod) return false;
  const ns = peer.pod.metadata.namespace ?? 'default';
  if (spec.namespaceSelector) {
    const nsObj = state.objects.namespaces?.[ns];
    if (!selects(spec.namespaceSelector, nsObj?.metadata.labels)) return false;
  } else if (ns !== policy.metadata.namespace) return false;
  return spec.podSelector ? selects(spec.podSelector, peer.pod.metadata.labels) : true;
}

/** Does a rule's port list admit `port`/`protocol` on `target` (named ports resolve on the destination pod)? */
function portMatches(ports: PolicyPort[] | undefined, port: number | undefined, protocol: string, target: KubeObject | undefined): boolean {
  if (!ports?.length) return true;
  if (port === undefined) return false;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    const containers = ((target?.spec ?? {}) as { containers?: { ports?: { name?: string; containerPort?: number; protocol?: string }[] }[] }).containers ?? [];
    return containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol));
  });
}

function policiesFor(state: ClusterState, pod: KubeObject, type: 'Ingress' | 'Egress'): KubeObject[] {
  return Object.values(state.objects.networkpolicies ?? {})
    .filter((p) => p.metadata.namespace === pod.metadata.namespace && policyTypes(p).includes(type) && selects(specOf(p).podSelector, pod.metadata.labels))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

function describeTraffic(port: number | undefined, protocol: string): string {
  return port === undefined ? protocol : `${port}/${protocol}`;
}

/**
 * The verdict of the policies isolating pod `subject` in one direction, for traffic with `peer` (ingress:
 * from the peer into the subject; egress: from the subject to the peer); undefined when none isolates it.
 */
function verdict(state: ClusterState, direction: 'Ingress' | 'Egress', subject: KubeObject, peer: Peer, port: number | undefined, protocol: string): Verdict | undefined {
  const policies = policiesFor(state, subject, direction);
  if (!policies.length) return undefined;
  const ingress = direction === 'Ingress';
  const other = peer.pod ? `pod ${podName(peer.pod)}` : peer.ip;
  const traffic = describeTraffic(port, protocol);
  for (const p of policies) {
    const rules = ingress ? (specOf(p).ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })) : (specOf(p).egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
    const i = rules.findIndex((r) => {
      const peers = r.peers;
      return portMatches(r.ports, port, protocol, ingress ? subject : peer.pod) && (!peers?.length || peers.some((f) => peerMatches(state, p, f, peer)));
    });
    if (i < 0) continue;
    const path = ingress ? `from ${other} into pod ${podName(subject)}` : `from pod ${podName(subject)} to ${other}`;
    return { allowed: true, note: `NetworkPolicy ${policyName(p)} admits ${traffic} ${path} (${direction.toLowerCase()} rule ${i + 1})` };
  }
  const rest = ingress ? `from ${other}` : `to ${other}`;
  return { allowed: false, note: `NetworkPolicy ${policies.map(policyName).join(', ')} isolates pod ${podName(subject)} for ${direction.toLowerCase()} and no rule admits ${traffic} ${rest}: dropped` };
}

/**
 * Both directions for one packet: the source pod's egress (when the source is a pod) and the destination
 * pod's ingress (when it is a pod). Returns the notes to trace and whether the packet passes.
 */
export function judge(state: ClusterState, src: Peer, dst: Peer, port: number | undefined, protocol: string): { allowed: boolean; notes: string[] } {
  if (!state.objects.networkpolicies || !Object.keys(state.objects.networkpolicies).length) return { allowed: true, notes: [] };
  const notes: string[] = [];
  const hostNet = (p: KubeObject | undefined) => !!(p?.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork;
  if (src.pod && !hostNet(src.pod)) {
    const v = verdict(state, 'Egress', src.pod, dst, port, protocol);
    if (v) {
      notes.push(v.note);
      if (!v.allowed) return { allowed: false, notes };
    }
  }
  if (dst.pod && !hostNet(dst.pod)) {
    const v = verdict(state, 'Ingress', dst.pod, src, port, protocol);
    if (v) {
      notes.push(v.note);
      if (!v.allowed) return { allowed: false, notes };
    }
  }
  return { allowed: true, notes };
}
