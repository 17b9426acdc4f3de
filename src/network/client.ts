/**
 * The connection path of the simulated network: a client (a pod, a node, or the host outside the
 * cluster) resolves a name and opens ip:port; the packet goes through the node's kube-proxy (cluster
 * IPs, node ports, load-balancer and external IPs), is DNATed to an endpoint, and the application there
 * answers. Every hop can be recorded for `--trace`.
 */
import type { ClusterState, ExternalHost, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { ConnectResult, DnsAnswer, HttpRequest, HttpResponse } from './contracts.js';
import { getObject, listObjects } from '../api/objects.js';
import { appRequest, appTls, httpDate } from './apps.js';
import { dnsQuery, podResolver, queriesClusterDns, searchCandidates } from './dns.js';
import { ingressCertificate, ingressHandle, isIngressEntry } from './ingress-router.js';
import { chooseEndpoint, localReadyEndpoints, serviceEndpoints, type ServicePort } from './proxy.js';
import { kubeProxyAnswer } from './kube-proxy-server.js';
import type { HostPorts } from './host-ports.js';
import { podByIP } from '../controllers/digests.js';
import { serviceByClusterIP, serviceByNodePort, servicesByExternalIP } from '../kinds/service-index.js';
import { hop, type ObjRef, type TraceHop } from './trace.js';
import { judge, type Peer } from './policy.js';
import { publicSiteAnswer, publicSiteAt, publicSiteByName, publicSiteListens } from './internet.js';

/** The host network's address on kind's docker network (what pods see for outside clients). */
export const HOST_IP = '172.18.0.1';

/** Who opens the connection. */
export type Origin =
  | { kind: 'pod'; pod: KubeObject; ip: string; node?: string }
  | { kind: 'node'; node: string; ip: string }
  | { kind: 'host'; ip: string };

export interface NetCtx {
  state: ClusterState;
  env: Env;
  origin: Origin;
  /** The hops for --trace and `kube-sim ui`, when asked for. */
  trace?: TraceHop[];
  /** For the host origin: what the simulated host listens on (a walkthrough's port-forward jobs). */
  hostPorts?: HostPorts;
}

type Dest =
  | { kind: 'pod'; pod: KubeObject }
  | { kind: 'clusterIP'; svc: KubeObject }
  | { kind: 'node'; node: string }
  | { kind: 'external-svc'; svcs: KubeObject[] }
  | { kind: 'none' };

interface NodeIndex {
  rv: number;
  nodes: Map<string, string>;
  nodeIPs: Map<string, string>;
}

const indexes = new WeakMap<ClusterState, NodeIndex>();

/**
 * The nodes' addresses, indexed once per state revision (a cluster has a handful of nodes). Pods and
 * Services are found by address through the store's indexes (controllers/digests.ts, kinds/service-index.ts), not here:
 * indexing every pod or Service would parse them all.
 */
function nodeIndex(state: ClusterState): NodeIndex {
  const cached = indexes.get(state);
  if (cached && cached.rv === state.meta.resourceVersion) return cached;
  const idx: NodeIndex = { rv: state.meta.resourceVersion, nodes: new Map(), nodeIPs: new Map() };
  for (const n of Object.values(state.objects.nodes ?? {})) {
    const ip = (((n.status as any)?.addresses ?? []) as { type: string; address: string }[]).find((a) => a.type === 'InternalIP')?.address;
    if (ip) {
      idx.nodes.set(ip, n.metadata.name);
      idx.nodeIPs.set(n.metadata.name, ip);
    }
  }
  indexes.set(state, idx);
  return idx;
}

/** A node's InternalIP. */
export function nodeIP(state: ClusterState, node: string): string | undefined {
  return nodeIndex(state).nodeIPs.get(node);
}

/** Node names in registration order. */
export function nodeNames(state: ClusterState): string[] {
  return listObjects(state, 'nodes').map((n) => n.metadata.name);
}

function classify(state: ClusterState, ip: string): Dest {
  const pod = podByIP(state, ip);
  if (pod) return { kind: 'pod', pod };
  const svc = serviceByClusterIP(state, ip);
  if (svc) return { kind: 'clusterIP', svc };
  const node = nodeIndex(state).nodes.get(ip);
  if (node) return { kind: 'node', node };
  const ext = servicesByExternalIP(state, ip);
  if (ext.length) return { kind: 'external-svc', svcs: ext };
  return { kind: 'none' };
}

/** Record a hop (a bare string is a text-only note). */
function note(net: NetCtx, line: TraceHop | string): void {
  net.trace?.push(typeof line === 'string' ? hop.note(line) : line);
}

/** A Pod or Service as a trace names it. */
function ref(o: KubeObject): ObjRef {
  return { namespace: o.metadata.namespace ?? 'default', name: o.metadata.name };
}

/** The node a client's packets are handled on (its kube-proxy). */
function clientNode(net: NetCtx): string | undefined {
  const o = net.origin;
  return o.kind === 'pod' ? (o.node ?? ((o.pod.spec as { nodeName?: string } | undefined)?.nodeName)) : o.kind === 'node' ? o.node : undefined;
}

/** Can this origin reach the address at all (routing), before any port is considered? */
function routable(net: NetCtx, dest: Dest, ip?: string): boolean {
  if (net.origin.kind !== 'host') return true;
  // The host is the user's machine: it reaches the public sites tutorials download from.
  return dest.kind === 'node' || dest.kind === 'external-svc' || (dest.kind === 'none' && ip !== undefined && publicSiteAt(ip) !== undefined);
}

export type Resolution = { ok: true; ips: string[]; fqdn: string; cname?: string } | { ok: false };

/** The names a resolver tries for `name`, in order: a pod's resolv.conf search list and ndots; nodes and the host have none. */
export function candidateNames(net: NetCtx, name: string): string[] {
  if (net.origin.kind === 'pod') return searchCandidates(net.state, net.origin.pod, name);
  return [name.endsWith('.') ? name.slice(0, -1) : name];
}

/** A simulated host outside the cluster known by name: the user's (`kube-sim external-host`), else a public site. */
export function externalHostByName(state: ClusterState, name: string): ExternalHost | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  return (state.settings.externalHosts ?? []).find((h) => h.name?.toLowerCase() === n) ?? publicSiteByName(n);
}

/** The simulated host outside the cluster at this address: the user's, else a public site. */
function externalHostAt(state: ClusterState, ip: string): ExternalHost | undefined {
  return (state.settings.externalHosts ?? []).find((h) => h.ip === ip) ?? publicSiteAt(ip);
}

/** One DNS lookup of a fully-qualified name as the origin's resolver would ask it. */
export function lookup(net: NetCtx, fqdn: string, type: 'A' | 'SRV' | 'PTR' | 'AAAA' | 'CNAME' | 'ANY' = 'A'): DnsAnswer {
  const domain = net.state.settings.clusterDomain || 'cluster.local';
  const lower = fqdn.toLowerCase().replace(/\.$/, '');
  const inCluster = lower === domain || lower.endsWith(`.${domain}`) || lower.endsWith('.in-addr.arpa');
  // Nodes, the host and pods whose resolver is the node's (dnsPolicy Default) do not use the cluster
  // DNS; they only know the outside world's names.
  const clusterDns = net.origin.kind === 'pod' && queriesClusterDns(net.state, net.origin.pod);
  if (inCluster && clusterDns) return dnsQuery(net.state, lower, type);
  if (inCluster) return { kind: 'NXDOMAIN', name: lower };
  if (clusterDns) {
    const a = dnsQuery(net.state, lower, type);
    if (a.kind !== 'NXDOMAIN') return a;
  }
  const host = externalHostByName(net.state, lower);
  if (host && (type === 'A' || type === 'ANY')) return { kind: 'A', name: lower, ips: [host.ip] };
  if (net.origin.kind === 'node' || !clusterDns) {
    // Nodes (and pods using the node's resolver) share kind's docker network, whose DNS knows the node
    // containers by name.
    const nodeIp = nodeIndex(net.state).nodeIPs.get(lower);
    if (nodeIp && type === 'A') return { kind: 'A', name: lower, ips: [nodeIp] };
  }
  return { kind: 'NXDOMAIN', name: lower };
}

/**
 * Can the origin pod's resolver reach its nameserver (UDP 53)? For the cluster DNS that is a CoreDNS pod
 * behind kube-dns, so NetworkPolicy egress of the pod (and ingress of CoreDNS) decides; nodes and the
 * host always reach theirs. Notes the deciding policy for --trace.
 */
export function nameserverReachable(net: NetCtx): boolean {
  if (net.origin.kind !== 'pod' || !Object.keys(net.state.objects.networkpolicies ?? {}).length) return true;
  const src: Peer = { ip: net.origin.ip, pod: net.origin.pod };
  const server = podResolver(net.state, net.origin.pod).nameservers[0] ?? '';
  const dest = classify(net.state, server);
  if (dest.kind !== 'clusterIP') return policyAllows(net, src, { ip: server }, 53, 'UDP');
  const ns = dest.svc.metadata.namespace;
  const selector = ((dest.svc.spec ?? {}) as { selector?: Record<string, string> }).selector ?? {};
  const backends = Object.values(net.state.objects.pods ?? {}).filter(
    (p) => p.metadata.namespace === ns && Object.keys(selector).length && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
  );
  const verdicts = backends.map((p) => judge(net.state, src, { ip: (p.status as { podIP?: string } | undefined)?.podIP ?? '', pod: p }, 53, 'UDP'));
  const ok = verdicts.find((v) => v.allowed);
  for (const n of (ok ?? verdicts[0])?.notes ?? []) note(net, n);
  if (!ok) note(net, `DNS: no answer from ${server}:53 (the query is dropped): connection timed out`);
  return !!ok || !backends.length;
}

/** Resolve a host name to addresses as getaddrinfo does (IP literals as is; search list; CNAMEs followed). */
export function resolveHost(net: NetCtx, name: string): Resolution {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { ok: true, ips: [name], fqdn: name };
  if (name === 'localhost') return { ok: true, ips: ['127.0.0.1'], fqdn: 'localhost' };
  if (net.origin.kind === 'pod' && name === net.origin.pod.metadata.name) return { ok: true, ips: [net.origin.ip], fqdn: name };
  if (!nameserverReachable(net)) return { ok: false };
  for (const cand of candidateNames(net, name)) {
    const a = lookup(net, cand, 'A');
    if (a.kind === 'A' && a.ips.length) {
      note(net, hop.dnsA(name, a.name, a.ips));
      return { ok: true, ips: a.ips, fqdn: a.name };
    }
    if (a.kind === 'CNAME') {
      const ips = a.ips.length ? a.ips : externalHostByName(net.state, a.target) ? [externalHostByName(net.state, a.target)!.ip] : [];
      note(net, hop.dnsCname(name, a.name, a.target, ips));
      if (ips.length) return { ok: true, ips, fqdn: a.target, cname: a.target };
      return { ok: false };
    }
  }
  note(net, hop.dnsNone(name, candidateNames(net, name)));
  return { ok: false };
}

/** Does ip answer ICMP echo from this origin? */
export function pingable(net: NetCtx, ip: string): boolean {
  if (ip.startsWith('127.')) return true;
  const dest = classify(net.state, ip);
  if (!routable(net, dest, ip)) return false;
  if (net.origin.kind === 'pod' && dest.kind !== 'clusterIP' && !policyAllows(net, { ip: net.origin.ip, pod: net.origin.pod }, { ip, pod: dest.kind === 'pod' ? dest.pod : undefined }, undefined, 'ICMP')) return false;
  switch (dest.kind) {
    case 'pod':
    case 'node':
      return true;
    case 'clusterIP':
      // IPVS binds cluster IPs to the kube-ipvs0 dummy interface, so they answer; iptables rules only DNAT ports.
      return net.state.settings.proxyMode === 'ipvs';
    case 'external-svc':
      return false;
    default:
      return externalHostAt(net.state, ip) !== undefined;
  }
}

function failed(error: 'refused' | 'timeout' | 'unreachable' | 'reset'): ConnectResult {
  return { ok: false, error };
}

/** Open ip:port from the origin and send one HTTP request. */
export function connect(net: NetCtx, ip: string, port: number, req: Omit<HttpRequest, 'clientIP'>): ConnectResult {
  const { state } = net;
  const dest = classify(state, ip);
  if (ip.startsWith('127.')) {
    const forwarded = net.origin.kind === 'host' ? net.hostPorts?.handler(port) : undefined;
    if (forwarded) {
      note(net, hop.portForward(ip, port));
      return forwarded(net, req);
    }
    // On the host, kind maps localhost:80/443 to the ingress controller's hostPorts.
    if (net.origin.kind === 'host' && isIngressEntry(state, ip, port)) return viaIngress(net, ip, port, req, net.origin.ip);
    if (net.origin.kind === 'pod') {
      // Inside the ingress controller's pod, its own ports are nginx routing the request.
      if (isIngressEntry(state, net.origin.ip, port)) return viaIngress(net, ip, port, req, '127.0.0.1');
      return deliverToPod(net, net.origin.pod, port, { ...req, clientIP: '127.0.0.1' });
    }
    if (net.origin.kind === 'node') {
      // kube-proxy in iptables mode accepts NodePorts on localhost too (it sets route_localnet=1 and matches
      // --dst-type LOCAL); the userspace proxy listens on every address. IPVS does not.
      const mode = state.settings.proxyMode;
      if (mode !== 'ipvs' && serviceByNodePort(state, port) !== undefined) {
        note(net, `${ip}:${port} on node ${net.origin.node}: kube-proxy (${mode}) accepts node ports on localhost${mode === 'iptables' ? ' (route_localnet=1)' : ''}`);
        return toNode(net, net.origin.node, ip, port, req);
      }
      // A node's own loopback: what listens on the node itself (kube-proxy's 127.0.0.1:10249 among them).
      return nodeService(net, net.origin.node, ip, port, { ...req, clientIP: '127.0.0.1' }, true);
    }
    note(net, hop.nothingListens(ip, port));
    return failed('refused');
  }
  if (!routable(net, dest, ip)) {
    note(net, hop.notRoutable(ip, originText(net)));
    return failed('timeout');
  }
  if (isIngressEntry(state, ip, port)) return viaIngress(net, ip, port, req, net.origin.ip);
  switch (dest.kind) {
    case 'pod':
      note(net, hop.direct(ip, ref(dest.pod)));
      return deliverToPod(net, dest.pod, port, { ...req, clientIP: net.origin.ip });
    case 'clusterIP':
      return viaService(net, dest.svc, ip, port, req, { node: clientNode(net), clientIP: net.origin.ip, entry: false });
    case 'node':
      return toNode(net, dest.node, ip, port, req);
    case 'external-svc': {
      const svc = dest.svcs.find((s) => svcPort(s, port));
      if (!svc) {
        note(net, hop.noServicePort(ip, port));
        return failed('timeout');
      }
      const node = entryNode(net, svc);
      if (!node) {
        note(net, hop.noLocalAnnouncer(ip));
        return failed('timeout');
      }
      note(net, hop.loadBalancer(ip, port, ref(svc), node));
      return viaService(net, svc, ip, port, req, { node, clientIP: net.origin.ip, entry: true });
    }
    default:
      return toExternalHost(net, ip, port, req);
  }
}

function originText(net: NetCtx): string {
  const o = net.origin;
  return o.kind === 'pod' ? `pod ${o.pod.metadata.namespace}/${o.pod.metadata.name}` : o.kind === 'node' ? `node ${o.node}` : 'the host';
}

function svcPort(svc: KubeObject, port: number): ServicePort | undefined {
  return (((svc.spec as any)?.ports ?? []) as ServicePort[]).find((p) => p.port === port);
}

/** The node a load-balancer IP lands on: with Local policy one whose kube-proxy health check passes (ready local endpoints). */
function entryNode(net: NetCtx, svc: KubeObject): string | undefined {
  const nodes = nodeNames(net.state);
  const s = (svc.spec ?? {}) as Record<string, any>;
  if (s.externalTrafficPolicy !== 'Local') return nodes.find((n) => n !== 'kind-control-plane') ?? nodes[0];
  return nodes.find((n) => localReadyEndpoints(net.state, svc, n) > 0);
}

function viaService(
  net: NetCtx,
  svc: KubeObject,
  ip: string,
  port: number,
  req: Omit<HttpRequest, 'clientIP'>,
  opts: { node?: string; clientIP: string; entry: boolean },
): ConnectResult {
  const sp = svcPort(svc, port);
  if (!sp) {
    if (net.state.settings.proxyMode === 'ipvs') {
      note(net, hop.ipvsNoPort(ip, port, ref(svc)));
      return failed('refused');
    }
    note(net, hop.noRule(ip, port, ref(svc)));
    return failed('timeout');
  }
  // Traffic entering through a node port, load-balancer or external IP goes through KUBE-EXT: pod traffic
  // and the node's own traffic skip the Local policy; Cluster policy masquerades everything to the node IP.
  const localPolicy = (svc.spec as { externalTrafficPolicy?: string } | undefined)?.externalTrafficPolicy === 'Local';
  const fromPod = net.origin.kind === 'pod';
  const fromEntryNode = net.origin.kind === 'node' && net.origin.node === opts.node;
  const external = opts.entry && localPolicy && !fromPod && !fromEntryNode;
  const masquerade = opts.entry && (!localPolicy || fromEntryNode);
  const choice = chooseEndpoint(net.state, net.env, svc, sp, { node: opts.node, clientIP: opts.clientIP, external });
  const mode = net.state.settings.proxyMode;
  note(net, hop.kubeProxy(`${mode}${mode === 'ipvs' ? `/${net.state.settings.ipvsScheduler || 'rr'}` : ''}`, opts.node, ip, port, ref(svc), sp.name));
  note(net, hop.rule(choice.rule, choice.kind, ref(svc)));
  if (choice.kind === 'reject') return failed('refused');
  if (choice.kind === 'drop') return failed('timeout');
  const ep = choice.ep;
  const snat = masquerade && opts.node ? masqueradeSource(net.state, opts.node, ep.nodeName) ?? opts.clientIP : opts.clientIP;
  note(net, hop.dnat({ ip, port }, { ip: ep.ip, port: ep.port }, ep.pod, snat !== opts.clientIP ? { snat: { from: opts.clientIP, to: snat } } : external ? { preserved: opts.clientIP } : {}));
  return deliverToIP(net, ep.ip, ep.port, { ...req, clientIP: snat });
}

/**
 * The source address a masqueraded packet leaves the entry node with: toward another node, the entry
 * node's own IP; toward a pod on the entry node, the node's side of the pod's veth (kindnet's ptp plugin
 * gives it the first address of the node's pod CIDR), which is what the pod sees as its client.
 */
function masqueradeSource(state: ClusterState, node: string, endpointNode: string | undefined): string | undefined {
  if (endpointNode !== node) return nodeIP(state, node);
  const cidr = ((state.objects.nodes?.[node]?.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '').split('/')[0];
  const parts = cidr?.split('.') ?? [];
  return parts.length === 4 ? `${parts[0]}.${parts[1]}.${parts[2]}.1` : nodeIP(state, node);
}

/** A packet already DNATed to an endpoint address. */
function deliverToIP(net: NetCtx, ip: string, port: number, req: HttpRequest): ConnectResult {
  const dest = classify(net.state, ip);
  if (dest.kind === 'pod') return deliverToPod(net, dest.pod, port, req);
  if (dest.kind === 'node') return nodeService(net, dest.node, ip, port, req);
  return toExternalHost(net, ip, port, req);
}

/** The pod a packet comes from: the origin pod while its address is the source, else whichever pod has that address. */
function sourcePeer(net: NetCtx, clientIP: string): Peer {
  if (net.origin.kind === 'pod' && clientIP === net.origin.ip) return { ip: clientIP, pod: net.origin.pod };
  const d = classify(net.state, clientIP);
  return d.kind === 'pod' ? { ip: clientIP, pod: d.pod } : { ip: clientIP };
}

/** NetworkPolicy on one hop (egress of the source pod, ingress of the destination pod); notes the deciding policies. */
function policyAllows(net: NetCtx, src: Peer, dst: Peer, port: number | undefined, protocol: string): boolean {
  const v = judge(net.state, src, dst, port, protocol);
  for (const n of v.notes) note(net, n);
  return v.allowed;
}

function deliverToPod(net: NetCtx, pod: KubeObject, port: number, req: HttpRequest): ConnectResult {
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP ?? '';
  if (req.clientIP !== '127.0.0.1' && !policyAllows(net, sourcePeer(net, req.clientIP), { ip, pod }, port, 'TCP')) return failed('timeout');
  const res = appRequest(net.state, net.env, pod, port, req);
  if (res === 'refused') {
    note(net, hop.podRefused(ref(pod), ip, port));
    return failed('refused');
  }
  note(net, hop.podAnswered(ref(pod), ip, port, (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '?', req.clientIP));
  note(net, hop.response(res.status, res.statusText, res.body.length));
  return { ok: true, response: res, servedBy: { pod: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default', ip, port } };
}

function toNode(net: NetCtx, node: string, ip: string, port: number, req: Omit<HttpRequest, 'clientIP'>): ConnectResult {
  const svc = serviceByNodePort(net.state, port);
  if (svc) {
    const sp = (((svc.spec as any)?.ports ?? []) as ServicePort[]).find((p) => p.nodePort === port)!;
    note(net, hop.nodePort(ip, port, node, ref(svc), sp.port));
    return viaService(net, svc, (svc.spec as any).clusterIP, sp.port, req, { node, clientIP: net.origin.ip, entry: true });
  }
  return nodeService(net, node, ip, port, { ...req, clientIP: net.origin.ip });
}

/** What a node itself serves: kube-proxy's servers, the API server on the control plane, the kubelet; nothing else. */
function nodeService(net: NetCtx, node: string, ip: string, port: number, req: HttpRequest, loopback = false): ConnectResult {
  // A pod's egress policies apply to what it sends a node (a node is no pod: no ingress policy selects it).
  if (!loopback && !policyAllows(net, sourcePeer(net, req.clientIP), { ip }, port, 'TCP')) return failed('timeout');
  const proxy = kubeProxyAnswer(net.state, net.env, node, port, req.path, loopback);
  if (proxy) {
    note(net, hop.nodeAnswered(proxy.what, node, { ip, port }));
    return { ok: true, response: proxy.response };
  }
  const controlPlane = node === nodeNames(net.state)[0];
  if (port === 6443 && controlPlane) {
    note(net, hop.nodeAnswered(`the API server on ${node} (${ip}:6443)`, node, { ip, port }));
    if (req.scheme === 'http') return ok(400, 'Bad Request', 'Client sent an HTTP request to an HTTPS server.\n', 'text/plain; charset=utf-8');
    return ok(403, 'Forbidden', apiForbidden(req.path), 'application/json');
  }
  if (port === 10250) {
    note(net, hop.nodeAnswered(`the kubelet on ${node}`, node, { ip, port }));
    if (req.scheme === 'http') return ok(400, 'Bad Request', 'Client sent an HTTP request to an HTTPS server.\n', 'text/plain; charset=utf-8');
    return ok(401, 'Unauthorized', 'Unauthorized', 'text/plain; charset=utf-8');
  }
  note(net, hop.nodeRefused(node, ip, port));
  return failed('refused');
}

function apiForbidden(path: string): string {
  return `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
}

function ok(status: number, statusText: string, body: string, type: string): ConnectResult {
  return { ok: true, response: { status, statusText, headers: [['Content-Type', type], ['Content-Length', String(Buffer.byteLength(body))]], body } };
}

/** Addresses outside the cluster: only simulated external hosts exist; the rest of the world is silent. */
function toExternalHost(net: NetCtx, ip: string, port: number, req: Omit<HttpRequest, 'clientIP'>): ConnectResult {
  if (net.origin.kind === 'pod' && !policyAllows(net, { ip: net.origin.ip, pod: net.origin.pod }, { ip }, port, 'TCP')) return failed('timeout');
  const host = (net.state.settings.externalHosts ?? []).find((h) => h.ip === ip);
  const site = host ? undefined : publicSiteAt(ip);
  if (site) {
    // A web site drops what is not HTTP(S) (no RST from a firewall): the connection times out.
    if (!publicSiteListens(port)) return failed('timeout');
    note(net, hop.externalAnswered(site.name!, ip, port));
    return { ok: true, response: publicSiteAnswer(site, port, req) };
  }
  if (!host) {
    note(net, hop.noSuchHost(ip));
    return failed('timeout');
  }
  if (host.port !== undefined && host.port !== port) {
    note(net, hop.externalRefused(host.name ?? ip, ip, port));
    return failed('refused');
  }
  const body = host.response ?? `Hello from ${host.name ?? ip}\n`;
  note(net, hop.externalAnswered(host.name ?? ip, ip, port));
  void req;
  return ok(200, 'OK', body.endsWith('\n') ? body : `${body}\n`, 'text/plain; charset=utf-8');
}

function viaIngress(net: NetCtx, ip: string, port: number, req: Omit<HttpRequest, 'clientIP'>, clientIP: string): ConnectResult {
  if (req.connectOnly) {
    note(net, `${ip}:${port} is the ingress controller: the connection is accepted`);
    return { ok: true, response: { status: 0, statusText: '', headers: [], body: '' } };
  }
  const host = (req.headers.Host ?? req.headers.host ?? ip).replace(/:\d+$/, '');
  note(net, hop.ingress(ip, port, host, req.path));
  let forwarded = false;
  const forward = (fip: string, fport: number, freq: HttpRequest): ConnectResult => {
    forwarded = true;
    note(net, hop.ingressForward(fip, fport));
    return deliverToIP(net, fip, fport, freq);
  };
  const response: HttpResponse = ingressHandle(net.state, net.env, { ...req, clientIP, host }, forward);
  if (!forwarded) note(net, hop.ingressAnswers(response.status, response.statusText, response.body.length));
  return { ok: true, response };
}

/** The pod and port a connection to ip:port reaches, for a look at what listens there (no endpoint is chosen). */
function peekTarget(net: NetCtx, dest: Dest, port: number): { pod: KubeObject; port: number } | undefined {
  const viaSvc = (svc: KubeObject, sp: ServicePort | undefined) => {
    if (!sp) return undefined;
    const ep = serviceEndpoints(net.state, svc, sp).find((e) => e.pod);
    const pod = ep?.pod && getObject<KubeObject>(net.state, 'pods', ep.pod.namespace, ep.pod.name);
    return pod ? { pod, port: ep.port } : undefined;
  };
  switch (dest.kind) {
    case 'pod':
      return { pod: dest.pod, port };
    case 'clusterIP':
      return viaSvc(dest.svc, svcPort(dest.svc, port));
    case 'external-svc': {
      const svc = dest.svcs.find((x) => svcPort(x, port));
      return svc && viaSvc(svc, svcPort(svc, port));
    }
    case 'node': {
      const svc = serviceByNodePort(net.state, port);
      return svc && viaSvc(svc, (((svc.spec as any)?.ports ?? []) as ServicePort[]).find((p) => p.nodePort === port));
    }
    default:
      return undefined;
  }
}

/**
 * What answers a TLS handshake on ip:port: the ingress controller's certificate, the API server's, an
 * application's self-signed one (with its PEM when known, for `--cacert`), or a plain-HTTP app.
 */
export function tlsPeer(net: NetCtx, ip: string, port: number, sni?: string): { kind: 'plain' } | { kind: 'tls'; trusted: boolean; selfSigned: boolean; cert?: string } {
  const { state } = net;
  // Nothing to handshake with when the packets never arrive: the connect attempt will time out.
  if (!ip.startsWith('127.') && !routable(net, classify(state, ip), ip)) return { kind: 'plain' };
  if (isIngressEntry(state, ip, port)) {
    const cert = ingressCertificate(state, sni ?? '');
    return { kind: 'tls', trusted: false, selfSigned: cert.selfSigned };
  }
  const dest = classify(state, ip);
  if (dest.kind === 'clusterIP') {
    const svc = dest.svc;
    if (svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes') return { kind: 'tls', trusted: false, selfSigned: false };
  }
  if (dest.kind === 'node' && (port === 6443 || port === 10250)) return { kind: 'tls', trusted: false, selfSigned: false };
  if (dest.kind === 'none' && port === 443 && externalHostAt(state, ip)) return { kind: 'tls', trusted: true, selfSigned: false };
  const target = ip.startsWith('127.') && net.origin.kind === 'pod' ? { pod: net.origin.pod, port } : peekTarget(net, dest, port);
  const app = target && appTls(state, net.env, target.pod, target.port);
  if (app) return { kind: 'tls', trusted: false, selfSigned: true, cert: app.cert };
  return { kind: 'plain' };
}
