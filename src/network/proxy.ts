/**
 * kube-proxy: which endpoint a connection to a service port goes to (iptables random rules, IPVS
 * schedulers, userspace round robin, ClientIP affinity, traffic policies), and the rules a node holds,
 * rendered as `iptables-save` / `ipvsadm -Ln` would show them. Rules are computed on read from the
 * Services and EndpointSlices; only the scheduler memory (round-robin positions, affinity entries) is
 * stored, in state.memory['kube-proxy'].
 */
import { createHash } from '../util/sha256.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import { listObjects, nextResourceVersion } from '../api/objects.js';
import { slicesOfService } from '../kinds/endpointslice.js';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

/** One backend of a service port as kube-proxy sees it (from the Service's EndpointSlices). */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
  pod?: { namespace: string; name: string };
}

interface Memory {
  /** Position per service port for rr/userspace. */
  rr: Record<string, number>;
  /** Connections handed to each endpoint (lc/sed/nq keep spreading with it). */
  conns: Record<string, number>;
  /** ClientIP affinity: key `svcport|clientIP` → endpoint `ip:port` and expiry (ms on the cluster clock). */
  affinity: Record<string, { ep: string; until: number }>;
}

function memory(state: ClusterState): Memory {
  const m = (state.memory['kube-proxy'] ??= { rr: {}, conns: {}, affinity: {} }) as Memory;
  m.rr ??= {};
  m.conns ??= {};
  m.affinity ??= {};
  return m;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** kube-proxy's chain-name hash: SHA-256 → base32 (RFC 4648) → first 16 characters. */
export function chainHash(s: string): string {
  const bytes = createHash('sha256').update(s).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= 16) break;
  }
  return out;
}

/** `ns/svc[:port]` as kube-proxy's ServicePortName prints it. */
export function servicePortName(svc: KubeObject, sp: ServicePort): string {
  return `${svc.metadata.namespace}/${svc.metadata.name}${sp.name ? `:${sp.name}` : ''}`;
}

/** KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- chain of a service port. */
export function serviceChain(prefix: 'SVC' | 'SVL' | 'EXT' | 'FW', svc: KubeObject, sp: ServicePort): string {
  return `KUBE-${prefix}-${chainHash(servicePortName(svc, sp) + (sp.protocol ?? 'TCP').toLowerCase())}`;
}

/** KUBE-SEP- chain of one endpoint of a service port. */
export function endpointChain(svc: KubeObject, sp: ServicePort, ep: ProxyEndpoint): string {
  return `KUBE-SEP-${chainHash(servicePortName(svc, sp) + (sp.protocol ?? 'TCP').toLowerCase() + `${ep.ip}:${ep.port}`)}`;
}

/**
 * The probability iptables-save shows for rule i of n: kube-proxy writes 1/(n-i) with 10 decimals, the
 * kernel keeps it as a 31-bit fixed-point number, iptables-save prints that with 11 decimals.
 */
export function iptablesProbability(i: number, n: number): string {
  const written = Number((1 / (n - i)).toFixed(10));
  const fixed = Math.round(written * 0x80000000);
  return (fixed / 0x80000000).toFixed(11);
}

function spec(svc: KubeObject): Record<string, any> {
  return (svc.spec ?? {}) as Record<string, any>;
}

/**
 * Ready endpoints of a service port as kube-proxy's EndpointSliceCache builds them: from every IPv4
 * EndpointSlice labelled for the Service, whoever made it (the controllers or a user), the slice port
 * named as the service port, the first address of each endpoint, ready unless `conditions.ready` is
 * false; one entry per `ip:port`, sorted by it.
 */
export function serviceEndpoints(state: ClusterState, svc: KubeObject, sp: ServicePort): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>();
  for (const slice of slicesOfService(state, svc.metadata.namespace ?? 'default', svc.metadata.name)) {
    if ((slice.addressType ?? 'IPv4') !== 'IPv4') continue;
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (port?.port === undefined || port.port === null) continue;
    for (const e of slice.endpoints ?? []) {
      const ip = e.addresses?.[0];
      if (!ip || e.conditions?.ready === false) continue;
      const key = `${ip}:${port.port}`;
      if (byKey.has(key)) continue;
      const ref = e.targetRef;
      byKey.set(key, {
        ip,
        port: port.port,
        nodeName: e.nodeName,
        pod: ref?.kind === 'Pod' && ref.name ? { namespace: ref.namespace || svc.metadata.namespace || 'default', name: ref.name } : undefined,
      });
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** How many distinct ready endpoint IPs of the Service are on `node` (kube-proxy's LocalReadyEndpoints, for health checks). */
export function localReadyEndpoints(state: ClusterState, svc: KubeObject, node: string): number {
  const ips = new Set<string>();
  for (const sp of (spec(svc).ports ?? []) as ServicePort[]) for (const e of serviceEndpoints(state, svc, sp)) if (e.nodeName === node) ips.add(e.ip);
  return ips.size;
}

/** The outcome of kube-proxy's decision for one connection. */
export type ProxyChoice =
  | { kind: 'endpoint'; ep: ProxyEndpoint; rule: string; endpoints: ProxyEndpoint[] }
  /** No endpoints at all: the filter table REJECTs (connection refused). */
  | { kind: 'reject'; rule: string }
  /** Local policy without a local endpoint: dropped (the client times out). */
  | { kind: 'drop'; rule: string };

export interface ChooseOptions {
  clientIP: string;
  /** The node whose kube-proxy handles the packet. */
  node?: string;
  /** Came in from outside (NodePort, load balancer, external IP): externalTrafficPolicy applies. */
  external: boolean;
}

/** Pick the endpoint for one new connection to a service port, as the node's kube-proxy would. */
export function chooseEndpoint(state: ClusterState, env: Env, svc: KubeObject, sp: ServicePort, opts: ChooseOptions): ProxyChoice {
  const s = spec(svc);
  const all = serviceEndpoints(state, svc, sp);
  const name = servicePortName(svc, sp);
  if (all.length === 0) return { kind: 'reject', rule: `REJECT: "${name} has no endpoints"` };
  const localOnly = opts.external ? s.externalTrafficPolicy === 'Local' : s.internalTrafficPolicy === 'Local';
  const candidates = localOnly ? all.filter((e) => e.nodeName === opts.node) : all;
  if (candidates.length === 0) return { kind: 'drop', rule: `DROP: "${name} has no local endpoints" on ${opts.node ?? 'this node'}` };
  const mem = memory(state);
  const now = env.now().getTime();
  const keyOf = (e: ProxyEndpoint) => `${e.ip}:${e.port}`;

  if (s.sessionAffinity === 'ClientIP') {
    const timeout = Number(s.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800);
    const akey = `${name}|${opts.clientIP}`;
    const held = mem.affinity[akey];
    const ep = held && held.until > now ? candidates.find((e) => keyOf(e) === held.ep) : undefined;
    if (ep) {
      mem.affinity[akey] = { ep: held!.ep, until: now + timeout * 1000 };
      nextResourceVersion(state);
      return { kind: 'endpoint', ep, endpoints: candidates, rule: `affinity: -m recent --name ${endpointChain(svc, sp, ep)} --rcheck --seconds ${timeout} --reap (client ${opts.clientIP})` };
    }
    const picked = pick(state, env, svc, sp, candidates, opts, mem);
    mem.affinity[akey] = { ep: keyOf(picked.ep), until: now + timeout * 1000 };
    nextResourceVersion(state);
    return { ...picked, rule: `${picked.rule}; affinity recorded for ${opts.clientIP} (${timeout}s)` };
  }
  return pick(state, env, svc, sp, candidates, opts, mem);
}

function pick(state: ClusterState, env: Env, svc: KubeObject, sp: ServicePort, eps: ProxyEndpoint[], opts: ChooseOptions, mem: Memory): ProxyChoice & { kind: 'endpoint' } {
  const mode = state.settings.proxyMode;
  const name = servicePortName(svc, sp);
  const keyOf = (e: ProxyEndpoint) => `${e.ip}:${e.port}`;
  if (mode === 'iptables') {
    // Walk the rules as the kernel does: rule i matches with probability 1/(n-i); the last always matches.
    const n = eps.length;
    for (let i = 0; i < n; i++) {
      if (i === n - 1 || env.runtimeRngFor(svc.metadata.namespace).next() < 1 / (n - i)) {
        const chain = serviceChain(spec(svc).externalTrafficPolicy === 'Local' && opts.external ? 'SVL' : 'SVC', svc, sp);
        const prob = i === n - 1 ? 'last rule, no statistic match' : `--probability ${iptablesProbability(i, n)}`;
        return { kind: 'endpoint', ep: eps[i]!, endpoints: eps, rule: `${chain} rule ${i + 1}/${n} (${prob}) -> ${endpointChain(svc, sp, eps[i]!)}` };
      }
    }
  }
  const rrKey = `${name}@${opts.node ?? ''}`;
  if (mode === 'userspace') {
    const i = (mem.rr[rrKey] ?? 0) % eps.length;
    mem.rr[rrKey] = i + 1;
    nextResourceVersion(state);
    return { kind: 'endpoint', ep: eps[i]!, endpoints: eps, rule: `userspace proxy round robin ${i + 1}/${eps.length}` };
  }
  const sched = state.settings.ipvsScheduler || 'rr';
  let i = 0;
  if (sched === 'sh' || sched === 'dh' || sched === 'mh') {
    const source = sched === 'dh' ? `${spec(svc).clusterIP}` : opts.clientIP;
    i = parseInt(createHash('sha256').update(source).digest('hex').slice(0, 8), 16) % eps.length;
  } else if (sched === 'lc' || sched === 'wlc' || sched === 'sed' || sched === 'nq' || sched === 'lblc' || sched === 'lblcr') {
    // Short-lived connections linger as inactive ones, so the least loaded backend moves on each time.
    let best = Infinity;
    eps.forEach((e, j) => {
      const c = mem.conns[`${name}|${keyOf(e)}`] ?? 0;
      if (c < best) {
        best = c;
        i = j;
      }
    });
  } else {
    i = (mem.rr[rrKey] ?? 0) % eps.length;
    mem.rr[rrKey] = i + 1;
  }
  mem.conns[`${name}|${keyOf(eps[i]!)}`] = (mem.conns[`${name}|${keyOf(eps[i]!)}`] ?? 0) + 1;
  nextResourceVersion(state);
  return { kind: 'endpoint', ep: eps[i]!, endpoints: eps, rule: `IPVS ${(sp.protocol ?? 'TCP')} ${spec(svc).clusterIP}:${sp.port} ${sched} -> ${keyOf(eps[i]!)}` };
}

/** Service ports, with the cluster IP etc., of every service that kube-proxy programs. */
export function proxiedServices(state: ClusterState): { svc: KubeObject; sp: ServicePort }[] {
  const out: { svc: KubeObject; sp: ServicePort }[] = [];
  for (const svc of listObjects(state, 'services')) {
    const s = spec(svc);
    if (s.type === 'ExternalName' || !s.clusterIP || s.clusterIP === 'None') continue;
    for (const sp of (s.ports ?? []) as ServicePort[]) out.push({ svc, sp });
  }
  return out;
}

function nodeIPs(state: ClusterState): { name: string; ip: string }[] {
  return listObjects(state, 'nodes').map((n) => ({
    name: n.metadata.name,
    ip: (((n.status as any)?.addresses ?? []) as { type: string; address: string }[]).find((a) => a.type === 'InternalIP')?.address ?? '',
  }));
}

/** Load-balancer ingress IPs and externalIPs of a service. */
export function externalAddresses(svc: KubeObject): { ip: string; kind: 'loadbalancer IP' | 'external IP' }[] {
  const s = spec(svc);
  const lb = (((svc.status as any)?.loadBalancer?.ingress ?? []) as { ip?: string }[]).filter((i) => i.ip).map((i) => ({ ip: i.ip!, kind: 'loadbalancer IP' as const }));
  const ext = ((s.externalIPs ?? []) as string[]).map((ip) => ({ ip, kind: 'external IP' as const }));
  return [...lb, ...ext];
}

/** `iptables-save` of the kube-proxy parts of a node's filter and nat tables. */
export function renderIptablesSave(state: ClusterState, env: Env, node: string | undefined): string {
  const stamp = env.now().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_m, d, day, mon, y, t) => `${d} ${mon} ${String(Number(day)).padStart(2, ' ')} ${t} ${y}`);
  const cidr = state.settings.podCIDR;
  const filter: string[] = [];
  const nat: string[] = [];
  const natChains = new Set<string>();
  const svcRules: string[] = [];
  const nodePortRules: string[] = [];
  const chainRules: string[] = [];
  for (const { svc, sp } of proxiedServices(state)) {
    const s = spec(svc);
    const name = servicePortName(svc, sp);
    const proto = (sp.protocol ?? 'TCP').toLowerCase();
    const eps = serviceEndpoints(state, svc, sp);
    const ext = externalAddresses(svc);
    const hasNodePort = !!sp.nodePort && (s.type === 'NodePort' || s.type === 'LoadBalancer');
    if (eps.length === 0) {
      filter.push(`-A KUBE-SERVICES -d ${s.clusterIP}/32 -p ${proto} -m comment --comment "${name} has no endpoints" -m ${proto} --dport ${sp.port} -j REJECT --reject-with icmp-port-unreachable`);
      for (const e of ext) filter.push(`-A KUBE-EXTERNAL-SERVICES -d ${e.ip}/32 -p ${proto} -m comment --comment "${name} has no endpoints" -m ${proto} --dport ${sp.port} -j REJECT --reject-with icmp-port-unreachable`);
      if (hasNodePort) filter.push(`-A KUBE-EXTERNAL-SERVICES -p ${proto} -m comment --comment "${name} has no endpoints" -m addrtype --dst-type LOCAL -m ${proto} --dport ${sp.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
      continue;
    }
    if (s.healthCheckNodePort && sp === (s.ports as ServicePort[])[0]) {
      filter.push(`-A KUBE-NODEPORTS -m comment --comment "${svc.metadata.namespace}/${svc.metadata.name} health check node port" -m tcp -p tcp --dport ${s.healthCheckNodePort} -j ACCEPT`);
    }
    const svcChain = serviceChain('SVC', svc, sp);
    const local = s.externalTrafficPolicy === 'Local' && (hasNodePort || ext.length > 0);
    const svlChain = serviceChain('SVL', svc, sp);
    const extChain = serviceChain('EXT', svc, sp);
    const internalLocal = s.internalTrafficPolicy === 'Local';
    const clusterTarget = internalLocal ? svlChain : svcChain;
    natChains.add(svcChain);
    svcRules.push(`-A KUBE-SERVICES -d ${s.clusterIP}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${sp.port} -j ${clusterTarget}`);
    for (const e of ext) svcRules.push(`-A KUBE-SERVICES -d ${e.ip}/32 -p ${proto} -m comment --comment "${name} ${e.kind}" -m ${proto} --dport ${sp.port} -j ${extChain}`);
    if (hasNodePort || ext.length) {
      natChains.add(extChain);
      if (hasNodePort) nodePortRules.push(`-A KUBE-NODEPORTS -p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${sp.nodePort} -j ${extChain}`);
      if (local) {
        chainRules.push(`-A ${extChain} -s ${cidr} -m comment --comment "pod traffic for ${name} external destinations" -j ${svcChain}`);
        chainRules.push(`-A ${extChain} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
        chainRules.push(`-A ${extChain} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${svcChain}`);
        chainRules.push(`-A ${extChain} -j ${svlChain}`);
      } else {
        chainRules.push(`-A ${extChain} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
        chainRules.push(`-A ${extChain} -j ${svcChain}`);
      }
    }
    const lb = (chain: string, list: ProxyEndpoint[], masq: boolean) => {
      natChains.add(chain);
      if (masq) chainRules.push(`-A ${chain} ! -s ${cidr} -d ${s.clusterIP}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${sp.port} -j KUBE-MARK-MASQ`);
      if (list.length === 0) {
        chainRules.push(`-A ${chain} -m comment --comment "${name} has no local endpoints" -j KUBE-MARK-DROP`);
        return;
      }
      if (s.sessionAffinity === 'ClientIP') {
        const timeout = Number(s.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800);
        for (const ep of list) chainRules.push(`-A ${chain} -m comment --comment "${name} -> ${ep.ip}:${ep.port}" -m recent --rcheck --seconds ${timeout} --reap --name ${endpointChain(svc, sp, ep)} --mask 255.255.255.255 --rsource -j ${endpointChain(svc, sp, ep)}`);
      }
      list.forEach((ep, i) => {
        const stat = i === list.length - 1 ? '' : ` -m statistic --mode random --probability ${iptablesProbability(i, list.length)}`;
        chainRules.push(`-A ${chain} -m comment --comment "${name} -> ${ep.ip}:${ep.port}"${stat} -j ${endpointChain(svc, sp, ep)}`);
      });
    };
    lb(svcChain, eps, true);
    if (local || internalLocal) lb(svlChain, eps.filter((e) => e.nodeName === node), internalLocal);
    for (const ep of eps) {
      const sep = endpointChain(svc, sp, ep);
      natChains.add(sep);
      chainRules.push(`-A ${sep} -s ${ep.ip}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      const recent = s.sessionAffinity === 'ClientIP' ? ` -m recent --set --name ${sep} --mask 255.255.255.255 --rsource` : '';
      chainRules.push(`-A ${sep} -p ${proto} -m comment --comment "${name}" -m ${proto}${recent} -j DNAT --to-destination ${ep.ip}:${ep.port}`);
    }
  }
  const head = `# Generated by iptables-save v1.8.9 (nf_tables) on ${stamp}`;
  const tail = `# Completed on ${stamp}`;
  const lines: string[] = [head, '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  lines.push(':KUBE-EXTERNAL-SERVICES - [0:0]', ':KUBE-FIREWALL - [0:0]', ':KUBE-FORWARD - [0:0]', ':KUBE-KUBELET-CANARY - [0:0]', ':KUBE-NODEPORTS - [0:0]', ':KUBE-PROXY-CANARY - [0:0]', ':KUBE-PROXY-FIREWALL - [0:0]', ':KUBE-SERVICES - [0:0]');
  lines.push(
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A INPUT -j KUBE-FIREWALL',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -j KUBE-FIREWALL',
    ...filter.filter((l) => l.startsWith('-A KUBE-EXTERNAL-SERVICES')),
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ...filter.filter((l) => l.startsWith('-A KUBE-NODEPORTS')),
    ...filter.filter((l) => l.startsWith('-A KUBE-SERVICES')),
    'COMMIT',
    tail,
    head,
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-SERVICES - [0:0]',
  );
  for (const c of [...natChains].sort()) lines.push(`:${c} - [0:0]`);
  lines.push(
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    ...nodePortRules,
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ...chainRules.filter((l) => / KUBE-SEP-/.test(l.slice(0, 30))),
    ...svcRules,
    `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
    ...chainRules.filter((l) => !/ KUBE-SEP-/.test(l.slice(0, 30))),
    'COMMIT',
    tail,
  );
  return lines.join('\n') + '\n';
}

/** What `proxy rules` shows for a node: iptables-save, ipvsadm -Ln or the userspace portals, per the proxy mode. */
export function proxyRules(state: ClusterState, env: Env, node: string | undefined): string {
  const mode = state.settings.proxyMode;
  return mode === 'ipvs' ? renderIpvsadm(state, node) : mode === 'userspace' ? renderUserspace(state, env) : renderIptablesSave(state, env, node);
}

/** `ipvsadm -Ln`: one virtual server per cluster IP, node IP (node ports), LB and external IP. */
export function renderIpvsadm(state: ClusterState, node: string | undefined): string {
  const sched = state.settings.ipvsScheduler || 'rr';
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
  const mem = memory(state);
  const entries: { key: string; text: string[] }[] = [];
  const nodes = nodeIPs(state);
  for (const { svc, sp } of proxiedServices(state)) {
    const s = spec(svc);
    const name = servicePortName(svc, sp);
    const eps = serviceEndpoints(state, svc, sp);
    const proto = (sp.protocol ?? 'TCP').toUpperCase();
    const flags = s.sessionAffinity === 'ClientIP' ? ` persistent ${Number(s.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800)}` : '';
    const rs = (list: ProxyEndpoint[]) =>
      // ipvsadm pads every column, the last one included (its lines end in spaces).
      list.map((e) => `  -> ${`${e.ip}:${e.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${'0'.padEnd(10)} ${String(mem.conns[`${name}|${e.ip}:${e.port}`] ?? 0).padEnd(10)}`);
    const vs = (ip: string, port: number, list: ProxyEndpoint[]) => entries.push({ key: `${proto} ${ip}:${port}`, text: [`${proto}  ${ip}:${port} ${sched}${flags}`, ...rs(list)] });
    vs(s.clusterIP, sp.port, s.internalTrafficPolicy === 'Local' ? eps.filter((e) => e.nodeName === node) : eps);
    const extList = s.externalTrafficPolicy === 'Local' ? eps.filter((e) => e.nodeName === node) : eps;
    for (const e of externalAddresses(svc)) vs(e.ip, sp.port, extList);
    if (sp.nodePort && (s.type === 'NodePort' || s.type === 'LoadBalancer')) {
      const own = nodes.find((n) => n.name === node);
      for (const n of own ? [own] : nodes) vs(n.ip, sp.nodePort, extList);
    }
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const e of entries) lines.push(...e.text);
  return lines.join('\n') + '\n';
}

/** The userspace proxy's portals: each service port REDIRECTed to a local proxy port kube-proxy listens on. */
export function renderUserspace(state: ClusterState, env: Env): string {
  const lines = ['*nat', ':KUBE-PORTALS-CONTAINER - [0:0]', ':KUBE-PORTALS-HOST - [0:0]', ':KUBE-NODEPORT-CONTAINER - [0:0]', ':KUBE-NODEPORT-HOST - [0:0]'];
  const proxyPort = (svc: KubeObject, sp: ServicePort) => 30000 + (parseInt(createHash('sha256').update(servicePortName(svc, sp)).digest('hex').slice(0, 6), 16) % 35000);
  for (const { svc, sp } of proxiedServices(state)) {
    const name = `${servicePortName(svc, sp)}${sp.name ? '' : ':'}`;
    const proto = (sp.protocol ?? 'TCP').toLowerCase();
    lines.push(`-A KUBE-PORTALS-CONTAINER -d ${spec(svc).clusterIP}/32 -p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${sp.port} -j REDIRECT --to-ports ${proxyPort(svc, sp)}`);
    if (sp.nodePort) lines.push(`-A KUBE-NODEPORT-CONTAINER -p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${sp.nodePort} -j REDIRECT --to-ports ${proxyPort(svc, sp)}`);
  }
  lines.push('COMMIT');
  void env;
  return lines.join('\n') + '\n';
}
