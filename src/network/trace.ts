/**
 * The hops of a traced connection as data: what `--trace` prints (each hop's `text`) and what
 * `kube-sim ui` draws (the objects and addresses a hop names). Every hop is made by one of the builders
 * below, so the text is always derived from the same fields the picture uses.
 */
import type { Origin } from './client.js';

/** An object a hop names: a Service or a Pod. */
export interface ObjRef {
  namespace: string;
  name: string;
}

/** An address and port. */
export interface Endpoint {
  ip: string;
  port: number;
}

/**
 * What a hop is, for drawing: `dns` an answer (or none), `entry` the way in (node port, load balancer,
 * ingress controller, port-forward), `kube-proxy` the service port matched, `rule` the rule chosen,
 * `dnat` the rewrite to an endpoint, `route` straight to a pod IP, `answer` who answered, `response`
 * its status, `drop` the packet went nowhere (the client times out), `refused` nothing listens or a
 * REJECT rule, `note` anything else (text only).
 */
export type HopKind = 'dns' | 'entry' | 'kube-proxy' | 'rule' | 'dnat' | 'route' | 'answer' | 'response' | 'drop' | 'refused' | 'note';

/** One hop of a traced connection. */
export interface TraceHop {
  kind: HopKind;
  /** The `--trace` line (without the `[trace] ` prefix). */
  text: string;
  /** The Service the hop is about. */
  service?: ObjRef;
  /** The Pod the hop is about (the one routed to, refused by or answering). */
  pod?: ObjRef;
  /** The node the hop happens on (kube-proxy's, the entry node, the answering pod's). */
  node?: string;
  /** The destination address at this hop. */
  to?: Endpoint;
  /** DNS: the addresses answered; dnat: the endpoint chosen. */
  ips?: string[];
  /** entry: how the packet came in. */
  via?: 'nodeport' | 'loadbalancer' | 'ingress' | 'port-forward';
  /** rule: what kube-proxy's rule does with the packet. */
  verdict?: 'endpoint' | 'reject' | 'drop';
  /** response: the HTTP status. */
  status?: number;
}

/** Who sent a traced request. */
export type TraceOrigin = { kind: 'pod'; pod: ObjRef; ip: string } | { kind: 'node'; node: string; ip: string } | { kind: 'host'; ip: string };

/** A whole traced request: where from, the URL, each hop, and how it ended. */
export interface Trace {
  origin: TraceOrigin;
  url: string;
  hops: TraceHop[];
  /** `ok` with the status, or the failure (`refused`, `timeout`, `dns`, ...). */
  outcome: { ok: true; status: number } | { ok: false; error: string };
}

/** The origin of a connection as a trace names it. */
export function traceOrigin(o: Origin): TraceOrigin {
  if (o.kind === 'pod') return { kind: 'pod', pod: { namespace: o.pod.metadata.namespace ?? 'default', name: o.pod.metadata.name }, ip: o.ip };
  return o.kind === 'node' ? { kind: 'node', node: o.node, ip: o.ip } : { kind: 'host', ip: o.ip };
}

/** `ns/name`. */
export function refText(r: ObjRef): string {
  return `${r.namespace}/${r.name}`;
}

/** A trace as `--trace` prints it on stderr. */
export function traceText(hops: readonly TraceHop[]): string {
  return hops.map((h) => `[trace] ${h.text}\n`).join('');
}

/** The hop builders: one per kind of line the network path records. */
export const hop = {
  note: (text: string): TraceHop => ({ kind: 'note', text }),
  dnsA: (name: string, fqdn: string, ips: string[]): TraceHop => ({ kind: 'dns', text: `DNS ${name} -> ${fqdn} A ${ips.join(', ')}`, ips }),
  dnsCname: (name: string, fqdn: string, target: string, ips: string[]): TraceHop => ({
    kind: 'dns',
    text: `DNS ${name} -> ${fqdn} CNAME ${target}${ips.length ? ` A ${ips.join(', ')}` : ' (no address known for the target)'}`,
    ips,
  }),
  dnsNone: (name: string, tried: string[]): TraceHop => ({ kind: 'dns', text: `DNS ${name}: no answer (NXDOMAIN for ${tried.join(', ')})`, ips: [] }),
  dnsFlag: (host: string, port: number, ip: string): TraceHop => ({ kind: 'dns', text: `--resolve ${host}:${port} -> ${ip}`, ips: [ip] }),
  portForward: (ip: string, port: number): TraceHop => ({ kind: 'entry', via: 'port-forward', text: `${ip}:${port} is a port-forward listening on the host`, to: { ip, port } }),
  nothingListens: (ip: string, port: number): TraceHop => ({ kind: 'refused', text: `nothing listens on ${ip}:${port}`, to: { ip, port } }),
  notRoutable: (ip: string, from: string): TraceHop => ({
    kind: 'drop',
    text: `${ip} is not routable from ${from}: packets are dropped (cluster and pod IPs exist only inside the cluster)`,
    to: { ip, port: 0 },
  }),
  noServicePort: (ip: string, port: number): TraceHop => ({ kind: 'drop', text: `no service port ${port} on ${ip}`, to: { ip, port } }),
  noLocalAnnouncer: (ip: string): TraceHop => ({ kind: 'drop', text: `no node announces ${ip} with a local endpoint (externalTrafficPolicy Local): dropped`, to: { ip, port: 0 } }),
  loadBalancer: (ip: string, port: number, service: ObjRef, node: string): TraceHop => ({
    kind: 'entry',
    via: 'loadbalancer',
    text: `${ip}:${port} (load balancer / external IP of ${refText(service)}) enters node ${node}`,
    to: { ip, port },
    service,
    node,
  }),
  nodePort: (ip: string, port: number, node: string, service: ObjRef, servicePort: number): TraceHop => ({
    kind: 'entry',
    via: 'nodeport',
    text: `${ip}:${port} is node ${node}, node port of ${refText(service)} (service port ${servicePort})`,
    to: { ip, port },
    service,
    node,
  }),
  ingress: (ip: string, port: number, host: string, path: string): TraceHop => ({
    kind: 'entry',
    via: 'ingress',
    text: `${ip}:${port} is the ingress controller: routing Host "${host}" path "${path}"`,
    to: { ip, port },
  }),
  ingressForward: (ip: string, port: number): TraceHop => ({ kind: 'dnat', text: `ingress-nginx proxies to endpoint ${ip}:${port}`, to: { ip, port }, ips: [ip] }),
  ingressAnswers: (status: number, statusText: string, bytes: number): TraceHop => ({
    kind: 'answer',
    text: `ingress-nginx answers itself: HTTP/1.1 ${status} ${statusText} (${bytes} bytes)`,
    status,
  }),
  direct: (ip: string, pod: ObjRef): TraceHop => ({ kind: 'route', text: `${ip} is pod ${refText(pod)}: routed straight to it`, pod, to: { ip, port: 0 } }),
  ipvsNoPort: (ip: string, port: number, service: ObjRef): TraceHop => ({
    kind: 'refused',
    text: `${ip} is bound to kube-ipvs0 but ${refText(service)} has no port ${port}: connection refused`,
    service,
    to: { ip, port },
  }),
  noRule: (ip: string, port: number, service: ObjRef): TraceHop => ({
    kind: 'drop',
    text: `${ip} is the cluster IP of ${refText(service)}, but no rule matches port ${port}: the packet goes nowhere`,
    service,
    to: { ip, port },
  }),
  kubeProxy: (mode: string, node: string | undefined, ip: string, port: number, service: ObjRef, portName: string | undefined): TraceHop => ({
    kind: 'kube-proxy',
    text: `kube-proxy (${mode}) on ${node ?? 'the client node'}: ${ip}:${port} is ${refText(service)}${portName ? `:${portName}` : ''}`,
    service,
    node,
    to: { ip, port },
  }),
  rule: (rule: string, verdict: 'endpoint' | 'reject' | 'drop', service: ObjRef): TraceHop => ({ kind: 'rule', text: `rule: ${rule}`, verdict, service }),
  dnat: (from: Endpoint, to: Endpoint, pod: ObjRef | undefined, nat: { snat?: { from: string; to: string }; preserved?: string }): TraceHop => ({
    kind: 'dnat',
    text: `DNAT ${from.ip}:${from.port} -> ${to.ip}:${to.port}${nat.snat ? `, SNAT ${nat.snat.from} -> ${nat.snat.to} (masquerade)` : nat.preserved ? ` (externalTrafficPolicy Local: client IP ${nat.preserved} preserved)` : ''}`,
    to,
    ips: [to.ip],
    ...(pod ? { pod } : {}),
  }),
  podRefused: (pod: ObjRef, ip: string, port: number): TraceHop => ({ kind: 'refused', text: `pod ${refText(pod)} (${ip}): nothing listens on port ${port}: connection refused`, pod, to: { ip, port } }),
  podAnswered: (pod: ObjRef, ip: string, port: number, node: string, client: string): TraceHop => ({
    kind: 'answer',
    text: `answered by pod ${refText(pod)} (${ip}:${port}) on node ${node}; it saw client ${client}`,
    pod,
    node,
    to: { ip, port },
  }),
  response: (status: number, statusText: string, bytes: number): TraceHop => ({ kind: 'response', text: `response: HTTP/1.1 ${status} ${statusText} (${bytes} bytes)`, status }),
  nodeAnswered: (what: string, node: string, to?: Endpoint): TraceHop => ({ kind: 'answer', text: `answered by ${what}`, node, to }),
  nodeRefused: (node: string, ip: string, port: number): TraceHop => ({ kind: 'refused', text: `node ${node} (${ip}): nothing listens on port ${port}: connection refused`, node, to: { ip, port } }),
  noSuchHost: (ip: string): TraceHop => ({
    kind: 'drop',
    text: `${ip} is outside the cluster and no simulated external host has it: no answer (define one with \`kube-sim external-host add\`)`,
    to: { ip, port: 0 },
  }),
  externalRefused: (host: string, ip: string, port: number): TraceHop => ({ kind: 'refused', text: `external host ${host}: nothing listens on port ${port}`, to: { ip, port } }),
  externalAnswered: (host: string, ip: string, port: number): TraceHop => ({ kind: 'answer', text: `answered by external host ${host} (${ip}:${port})`, to: { ip, port } }),
};
