/**
 * Cluster DNS (CoreDNS with the kubernetes plugin) answers, each pod's /etc/resolv.conf and /etc/hosts,
 * all computed *on read* from the current state (reference §6). Nothing here is stored.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { DnsAnswer } from './contracts.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import { slicesOfService, type SliceEndpoint } from '../kinds/endpointslice.js';
import { ipToInt } from '../kinds/service-alloc.js';
import { publicSiteByName } from './internet.js';

export type DnsType = 'A' | 'SRV' | 'PTR' | 'AAAA' | 'CNAME' | 'ANY';

/** The kube-dns Service address pods use as their nameserver. */
export const CLUSTER_DNS_IP = '10.96.0.10';
/** A plausible kind node resolver (the docker network gateway); used for dnsPolicy Default and hostNetwork pods. */
export const NODE_NAMESERVER = '172.18.0.1';
export const NODE_OPTIONS = ['edns0', 'trust-ad', 'ndots:0'];

const nx = (name: string): DnsAnswer => ({ kind: 'NXDOMAIN', name });
/** An existing name without records of the asked type (NODATA): an A answer with no addresses. */
const nodata = (name: string): DnsAnswer => ({ kind: 'A', name, ips: [] });
const dashed = (ip: string) => ip.replace(/\./g, '-');

function service(state: ClusterState, ns: string, name: string): KubeObject | undefined {
  return state.objects.services?.[`${ns}/${name}`];
}

/** Endpoints of a Service as CoreDNS sees them (EndpointSlices): ready ones, or all with publishNotReadyAddresses. */
function dnsEndpoints(state: ClusterState, svc: KubeObject): { ep: SliceEndpoint; ports: { name?: string; port?: number; protocol?: string }[] }[] {
  const pna = ((svc.spec ?? {}) as ServiceSpec).publishNotReadyAddresses === true;
  const out: { ep: SliceEndpoint; ports: { name?: string; port?: number; protocol?: string }[] }[] = [];
  const seen = new Set<string>();
  for (const sl of slicesOfService(state, svc.metadata.namespace ?? 'default', svc.metadata.name)) {
    for (const ep of sl.endpoints ?? []) {
      if (!pna && ep.conditions?.ready === false) continue;
      const ip = ep.addresses[0]!;
      if (seen.has(ip)) continue;
      seen.add(ip);
      out.push({ ep, ports: sl.ports ?? [] });
    }
  }
  return out;
}

/** Simulated hosts outside the cluster with this name: the user's, else a public site (CoreDNS forwards upstream). */
function externalIPs(state: ClusterState, name: string): string[] {
  const ips = (state.settings.externalHosts ?? []).filter((h) => h.name?.toLowerCase().replace(/\.$/, '') === name).map((h) => h.ip);
  const site = ips.length ? undefined : publicSiteByName(name);
  return site ? [site.ip] : ips;
}

const isAddressType = (t: DnsType) => t === 'A' || t === 'ANY';

/** Answer one fully-qualified query (no search-list expansion: see resolveWithSearch). Case-insensitive. */
export function dnsQuery(state: ClusterState, fqdn: string, type: DnsType): DnsAnswer {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const domain = (state.settings.clusterDomain || 'cluster.local').toLowerCase();
  if (type === 'PTR' || name.endsWith('.in-addr.arpa')) return ptr(state, name, domain);
  if (name === domain || name.endsWith(`.${domain}`)) {
    const labels = name.slice(0, name.length - domain.length).replace(/\.$/, '').split('.').filter(Boolean);
    const zone = labels[labels.length - 1];
    if (zone === 'svc') return serviceRecord(state, name, labels.slice(0, -1), type, domain);
    if (zone === 'pod' && labels.length === 3) {
      const ip = labels[0]!.replace(/-/g, '.');
      if (ipToInt(ip) === undefined || !/^\d+-\d+-\d+-\d+$/.test(labels[0]!)) return nx(name);
      if (!state.objects.namespaces?.[labels[1]!]) return nx(name);
      return isAddressType(type) ? { kind: 'A', name, ips: [ip] } : nodata(name);
    }
    return nx(name);
  }
  // Outside the cluster: the simulated external hosts (forwarded upstream by CoreDNS).
  const ips = externalIPs(state, name);
  if (!ips.length) return nx(name);
  return isAddressType(type) ? { kind: 'A', name, ips } : nodata(name);
}

function serviceRecord(state: ClusterState, name: string, labels: string[], type: DnsType, domain: string): DnsAnswer {
  if (labels.length < 2) return labels.length === 1 && state.objects.namespaces?.[labels[0]!] ? nodata(name) : nx(name);
  const ns = labels[labels.length - 1]!;
  const svcName = labels[labels.length - 2]!;
  const svc = service(state, ns, svcName);
  if (!svc) return nx(name);
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const headless = spec.clusterIP === 'None';
  const base = `${svcName}.${ns}.svc.${domain}`;
  const rest = labels.slice(0, -2);

  if (rest.length === 0) {
    if (spec.type === 'ExternalName') {
      const target = (spec.externalName ?? '').toLowerCase().replace(/\.$/, '');
      return { kind: 'CNAME', name, target, ips: type === 'CNAME' ? [] : cnameTargetIPs(state, target, domain) };
    }
    if (type === 'SRV') return srv(state, svc, name, base, undefined, undefined, domain);
    if (!isAddressType(type)) return nodata(name);
    if (!headless) return { kind: 'A', name, ips: spec.clusterIP ? [spec.clusterIP] : [] };
    const eps = dnsEndpoints(state, svc);
    if (!eps.length) return nx(name);
    return { kind: 'A', name, ips: eps.map((e) => e.ep.addresses[0]!) };
  }
  if (rest.length === 2 && rest[0]!.startsWith('_') && rest[1]!.startsWith('_')) {
    if (type !== 'SRV' && type !== 'ANY') return nodata(name);
    return srv(state, svc, name, base, rest[0]!.slice(1), rest[1]!.slice(1), domain);
  }
  if (rest.length === 1 && headless) {
    // <hostname>.<svc>.<ns>.svc: the endpoint with that hostname, or with that dashed IP.
    const hit = dnsEndpoints(state, svc).filter((e) => (e.ep.hostname ?? dashed(e.ep.addresses[0]!)) === rest[0] || dashed(e.ep.addresses[0]!) === rest[0]);
    if (!hit.length) return nx(name);
    return isAddressType(type) ? { kind: 'A', name, ips: hit.map((e) => e.ep.addresses[0]!) } : nodata(name);
  }
  return nx(name);
}

/** A records behind a CNAME target: in-zone names are answered by the cluster DNS itself (one hop), others by the simulated external hosts. */
function cnameTargetIPs(state: ClusterState, target: string, domain: string): string[] {
  if (target === domain || target.endsWith(`.${domain}`)) {
    const a = dnsQuery(state, target, 'A');
    return a.kind === 'A' ? a.ips : [];
  }
  return externalIPs(state, target);
}

/** SRV records of a Service's ports; `port`/`proto` select one named port (`_http._tcp`). */
function srv(state: ClusterState, svc: KubeObject, name: string, base: string, port: string | undefined, proto: string | undefined, domain: string): DnsAnswer {
  void domain;
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const ports = (spec.ports ?? []).filter((p) => p.name && (port === undefined || (p.name === port && (p.protocol ?? 'TCP').toLowerCase() === proto)));
  if (!ports.length) return nx(name);
  const records: { priority: number; weight: number; port: number; target: string }[] = [];
  if (spec.clusterIP !== 'None') {
    for (const p of ports) records.push({ priority: 0, weight: Math.floor(100 / ports.length), port: p.port!, target: `${base}.` });
  } else {
    const eps = dnsEndpoints(state, svc);
    const all: { port: number; target: string }[] = [];
    for (const p of ports) {
      for (const e of eps) {
        const sp = e.ports.find((x) => (x.name ?? '') === p.name);
        if (!sp?.port) continue;
        all.push({ port: sp.port, target: `${e.ep.hostname ?? dashed(e.ep.addresses[0]!)}.${base}.` });
      }
    }
    for (const r of all) records.push({ priority: 0, weight: Math.floor(100 / all.length), ...r });
  }
  if (!records.length) return nx(name);
  return { kind: 'SRV', name, records };
}

function ptr(state: ClusterState, name: string, domain: string): DnsAnswer {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return nx(name);
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  for (const svc of Object.values(state.objects.services ?? {})) {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    if (spec.clusterIP === ip || spec.clusterIPs?.includes(ip)) return { kind: 'PTR', name, target: `${svc.metadata.name}.${svc.metadata.namespace}.svc.${domain}.` };
  }
  // Endpoint IPs of headless services resolve back to their per-endpoint names.
  for (const svc of Object.values(state.objects.services ?? {})) {
    if (((svc.spec ?? {}) as ServiceSpec).clusterIP !== 'None') continue;
    for (const e of dnsEndpoints(state, svc)) {
      if (e.ep.addresses[0] === ip) {
        return { kind: 'PTR', name, target: `${e.ep.hostname ?? dashed(ip)}.${svc.metadata.name}.${svc.metadata.namespace}.svc.${domain}.` };
      }
    }
  }
  return nx(name);
}

interface PodDns {
  spec?: {
    dnsPolicy?: string;
    hostNetwork?: boolean;
    hostname?: string;
    subdomain?: string;
    dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
    hostAliases?: { ip: string; hostnames?: string[] }[];
  };
  status?: { podIP?: string; podIPs?: { ip: string }[]; hostIP?: string };
}

/** The resolver configuration of a pod per its dnsPolicy and dnsConfig (what containerd writes). */
export function podResolver(state: ClusterState, pod: KubeObject): { nameservers: string[]; searches: string[]; options: string[] } {
  const spec = (pod as PodDns).spec ?? {};
  const domain = state.settings.clusterDomain || 'cluster.local';
  const ns = pod.metadata.namespace ?? 'default';
  let policy = spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && spec.hostNetwork) policy = 'Default';
  let nameservers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    nameservers = [CLUSTER_DNS_IP];
    searches = [`${ns}.svc.${domain}`, `svc.${domain}`, domain];
    options = ['ndots:5'];
  } else if (policy === 'Default') {
    nameservers = [NODE_NAMESERVER];
    options = [...NODE_OPTIONS];
  }
  const cfg = spec.dnsConfig;
  if (cfg) {
    for (const n of cfg.nameservers ?? []) if (!nameservers.includes(n)) nameservers.push(n);
    for (const s of cfg.searches ?? []) if (!searches.includes(s)) searches.push(s);
    for (const o of cfg.options ?? []) {
      const text = o.value !== undefined ? `${o.name}:${o.value}` : o.name;
      const i = options.findIndex((x) => x.split(':')[0] === o.name);
      if (i >= 0) options[i] = text;
      else options.push(text);
    }
  }
  return { nameservers: nameservers.slice(0, 3), searches: searches.slice(0, 32), options };
}

/**
 * Whether the pod's resolver asks the cluster DNS: not with dnsPolicy Default (or a host-network pod's
 * ClusterFirst), whose resolv.conf is the node's, pointing at kind's docker DNS, which knows node names
 * but no cluster names.
 */
export function queriesClusterDns(state: ClusterState, pod: KubeObject): boolean {
  return podResolver(state, pod).nameservers[0] === CLUSTER_DNS_IP;
}

/** The pod's /etc/resolv.conf text: search, nameserver lines, options. */
export function resolvConf(state: ClusterState, pod: KubeObject): string {
  const r = podResolver(state, pod);
  let out = '';
  if (r.searches.length) out += `search ${r.searches.join(' ')}\n`;
  for (const n of r.nameservers) out += `nameserver ${n}\n`;
  if (r.options.length) out += `options ${r.options.join(' ')}\n`;
  return out;
}

/**
 * A pod's hostname as the kubelet sets it: spec.hostname, else the pod name cut to 63 characters without
 * trailing '-' or '.'.
 */
export function podHostname(pod: KubeObject): string {
  const spec = (pod.spec ?? {}) as { hostname?: string };
  return spec.hostname || pod.metadata.name.slice(0, 63).replace(/[-.]+$/, '');
}

/**
 * The pod's /etc/hosts as the kubelet writes it (reference §6.1). `podIP` is given by the kubelet when it
 * writes the file at container start, before the pod's status carries the IP.
 */
export function hostsFile(state: ClusterState, pod: KubeObject, podIP?: string): string {
  const p = pod as PodDns;
  const spec = p.spec ?? {};
  const domain = state.settings.clusterDomain || 'cluster.local';
  if (spec.hostNetwork) {
    const node = ((pod.spec ?? {}) as { nodeName?: string }).nodeName ?? 'kind-worker';
    const ip = p.status?.hostIP ?? podIP ?? p.status?.podIP ?? '';
    return (
      '# Kubernetes-managed hosts file (host network).\n' +
      '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' +
      (ip ? `${ip}\t${node}\n` : '') +
      aliases(spec.hostAliases)
    );
  }
  const hostname = podHostname(pod);
  const ips = podIP ? [podIP] : p.status?.podIPs?.length ? p.status.podIPs.map((x) => x.ip) : p.status?.podIP ? [p.status.podIP] : [];
  let out =
    '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n';
  for (const ip of ips) {
    out += spec.subdomain ? `${ip}\t${hostname}.${spec.subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  }
  return out + aliases(spec.hostAliases);
}

function aliases(list: { ip: string; hostnames?: string[] }[] | undefined): string {
  if (!list?.length) return '';
  return '\n# Entries added by HostAliases.\n' + list.map((a) => `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`).join('');
}

/**
 * The names a pod's stub resolver tries for `name`, in order: with fewer dots than ndots the search
 * suffixes first, then the name as given (or the reverse); a trailing dot means absolute.
 */
export function searchCandidates(state: ClusterState, pod: KubeObject, name: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const r = podResolver(state, pod);
  const ndotsOpt = r.options.find((o) => o.startsWith('ndots:'));
  const ndots = ndotsOpt ? Number(ndotsOpt.slice(6)) : 1;
  const dots = (name.match(/\./g) ?? []).length;
  const searched = r.searches.map((s) => `${name}.${s}`);
  return dots >= ndots ? [name, ...searched] : [...searched, name];
}

/**
 * Resolve a name as the pod's stub resolver does: with fewer dots than ndots the search suffixes are tried
 * first, then the name as given (or the reverse); a trailing dot means absolute. Returns the first answer
 * that is not NXDOMAIN (or the last NXDOMAIN) and every name tried, in order.
 */
export function resolveWithSearch(state: ClusterState, pod: KubeObject, name: string, type: DnsType): { answer: DnsAnswer; tried: string[] } {
  const candidates = searchCandidates(state, pod, name);
  const tried: string[] = [];
  let last: DnsAnswer = nx(name);
  for (const c of candidates) {
    tried.push(c);
    last = dnsQuery(state, c, type);
    if (last.kind !== 'NXDOMAIN') return { answer: last, tried };
  }
  return { answer: last, tried };
}
