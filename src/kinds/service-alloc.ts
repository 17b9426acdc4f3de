/**
 * ClusterIP and NodePort allocation as a v1.32 apiserver does it (reference §4.2). Values are *latched*:
 * decided once at create (or at a type change) from the seeded rng and stored in the Service spec.
 */
import type { ClusterState, FieldError, KubeObject } from '../api/types.js';
import type { Env, Rng } from '../env.js';
import { invalid } from '../api/errors.js';
import { servicesWithClusterIP, servicesWithNodePort } from './service-index.js';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** IPv4 dotted text → uint32, or undefined when it is not an IPv4 address. */
export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** validation.IsValidIP's message (v1.32). */
export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** True for anything that parses as an IP address (v4 or a plausible v6). */
export function isIP(s: string): boolean {
  return ipToInt(s) !== undefined || (/^[0-9a-fA-F:]+$/.test(s) && s.includes(':'));
}

interface Cidr {
  base: number;
  size: number;
  text: string;
}

function parseCidr(text: string): Cidr {
  const [ip, bits] = text.split('/');
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  const base = (ipToInt(ip!)! & ~(size - 1)) >>> 0;
  return { base, size, text };
}

interface SvcSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { name?: string; port?: number; protocol?: string; nodePort?: number }[];
  healthCheckNodePort?: number;
}

const specOf = (o: KubeObject) => (o.spec ?? {}) as SvcSpec;

/**
 * Whether another Service than `self` holds cluster IP `ip`: asked of the store's address index, so an
 * allocation next to 1,000 Services parses none of them (only a candidate already taken is looked at).
 */
function clusterIPTaken(state: ClusterState, self: KubeObject, ip: string): boolean {
  return servicesWithClusterIP(state, ip).some((s) => !(self.metadata.uid && s.metadata.uid === self.metadata.uid));
}

/**
 * Allocate (or honour) the cluster IP of a Service. Random offsets are drawn from the upper band first
 * (the lowest min(max(16, size/16), 256) addresses are kept for user-chosen IPs), scanning forward from
 * the random start as the apiserver's bitmap allocator does.
 */
export function allocateClusterIP(state: ClusterState, env: Env, svc: KubeObject, requested: string | undefined): string {
  const cidr = parseCidr(state.settings.serviceCIDR);
  const name = svc.metadata.name;
  if (requested) {
    const n = ipToInt(requested);
    const fail = (detail: string): never => {
      throw invalid('Service', name, [{ field: 'spec.clusterIPs', type: 'Invalid', valueText: `[]string{"${requested}"}`, detail }]);
    };
    if (n === undefined || n <= cidr.base || n >= cidr.base + cidr.size - 1) {
      fail(`failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${cidr.text}`);
    }
    if (clusterIPTaken(state, svc, requested)) fail(`failed to allocate IP ${requested}: provided IP is already allocated`);
    return requested;
  }
  const max = cidr.size - 2; // usable offsets 1..size-2
  const reserved = Math.min(Math.max(16, Math.floor(cidr.size / 16)), 256);
  const pick = (lo: number, hi: number): string | undefined => {
    const span = hi - lo + 1;
    if (span <= 0) return undefined;
    const start = env.rngFor(svc.metadata.namespace).int(span);
    for (let i = 0; i < span; i++) {
      const ip = intToIp(cidr.base + lo + ((start + i) % span));
      if (!clusterIPTaken(state, svc, ip)) return ip;
    }
    return undefined;
  };
  const ip = pick(reserved, max) ?? pick(1, Math.min(reserved - 1, max));
  if (!ip) throw invalid('Service', name, [{ field: 'spec.clusterIPs', type: 'Invalid', valueText: '[]string{}', detail: 'failed to allocate IP: range is full' }]);
  return ip;
}

/**
 * Whether another Service than `self` holds node port `port` for `proto` (a port's nodePort, or its
 * healthCheckNodePort for TCP): asked of the store's node-port index, so only the Services holding that
 * port are looked at.
 */
function nodePortTaken(state: ClusterState, self: KubeObject, port: number, proto: string): boolean {
  return servicesWithNodePort(state, port).some((s) => {
    if (s.metadata.uid && s.metadata.uid === self.metadata.uid) return false;
    const sp = specOf(s);
    return (sp.ports ?? []).some((p) => p.nodePort === port && (p.protocol ?? 'TCP') === proto) || (sp.healthCheckNodePort === port && proto === 'TCP');
  });
}

/** A random free node port: the upper band (30086-32767) first, then the low band kept for explicit requests. */
export function randomNodePort(rng: Rng, taken: (port: number) => boolean): number | undefined {
  const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  const reserved = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  const pick = (lo: number, hi: number): number | undefined => {
    const span = hi - lo + 1;
    const start = rng.int(span);
    for (let i = 0; i < span; i++) {
      const p = lo + ((start + i) % span);
      if (!taken(p)) return p;
    }
    return undefined;
  };
  return pick(NODE_PORT_MIN + reserved, NODE_PORT_MAX) ?? pick(NODE_PORT_MIN, NODE_PORT_MIN + reserved - 1);
}

/**
 * Give every port of a NodePort/LoadBalancer Service a nodePort: explicit ones are checked (range,
 * already allocated), missing ones drawn at random. Also the healthCheckNodePort for LB + Local.
 * `keep` holds ports this Service already owned (an update keeps them without a conflict check).
 */
export function allocateNodePorts(state: ClusterState, env: Env, svc: KubeObject, needsNodePorts: boolean, needsHealthCheck: boolean, keep: Set<number> = new Set()): void {
  const spec = specOf(svc);
  const used = (port: number, proto = 'TCP') => nodePortTaken(state, svc, port, proto);
  const mine = new Set<string>();
  const errors: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (needsNodePorts) {
    ports.forEach((p, i) => {
      if (!p.nodePort) return;
      const key = `${p.nodePort}/${p.protocol ?? 'TCP'}`;
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        errors.push({ field: `spec.ports[${i}].nodePort`, type: 'Invalid', value: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` });
      } else if (used(p.nodePort, p.protocol) && !keep.has(p.nodePort)) {
        errors.push({ field: `spec.ports[${i}].nodePort`, type: 'Invalid', value: p.nodePort, detail: 'provided port is already allocated' });
      } else if (mine.has(key)) {
        // Same nodePort twice in one Service is caught by validation (Duplicate value).
      }
      mine.add(key);
    });
    if (errors.length) throw invalid('Service', svc.metadata.name, errors);
    // Ports sharing a port number but differing protocol get the same nodePort, as the apiserver does.
    const byNumber = new Map<number, number>();
    for (const p of ports) if (p.nodePort && p.port) byNumber.set(p.port, p.nodePort);
    for (const p of ports) {
      if (p.nodePort) continue;
      const shared = p.port ? byNumber.get(p.port) : undefined;
      if (shared && !used(shared, p.protocol) && !mine.has(`${shared}/${p.protocol ?? 'TCP'}`)) {
        p.nodePort = shared;
      } else {
        const got = randomNodePort(env.rngFor(svc.metadata.namespace), (n) => used(n, p.protocol) || mine.has(`${n}/${p.protocol ?? 'TCP'}`));
        if (got === undefined) throw invalid('Service', svc.metadata.name, [{ field: 'spec.ports[0].nodePort', type: 'Invalid', value: 0, detail: 'range is full' }]);
        p.nodePort = got;
      }
      mine.add(`${p.nodePort}/${p.protocol ?? 'TCP'}`);
      if (p.port) byNumber.set(p.port, p.nodePort!);
    }
  }
  if (needsHealthCheck) {
    if (spec.healthCheckNodePort) {
      const h = spec.healthCheckNodePort;
      if (h < NODE_PORT_MIN || h > NODE_PORT_MAX) {
        throw invalid('Service', svc.metadata.name, [{ field: 'spec.healthCheckNodePort', type: 'Invalid', value: h, detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` }]);
      }
      if ((used(h) || mine.has(`${h}/TCP`)) && !keep.has(h)) {
        throw invalid('Service', svc.metadata.name, [{ field: 'spec.healthCheckNodePort', type: 'Invalid', value: h, detail: 'provided port is already allocated' }]);
      }
    } else {
      const got = randomNodePort(env.rngFor(svc.metadata.namespace), (n) => used(n) || mine.has(`${n}/TCP`));
      if (got !== undefined) spec.healthCheckNodePort = got;
    }
  }
}
