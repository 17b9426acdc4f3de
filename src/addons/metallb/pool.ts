/**
 * MetalLB's address pool: a range `A.B.C.D-E.F.G.H` or a CIDR, as in its IPAddressPool / the minikube
 * add-on's config. Parsing and iteration only; the controller decides who gets which address.
 */

export const DEFAULT_POOL = '172.18.255.200-172.18.255.250';

function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Inclusive [first, last] integer ranges of a pool spec (comma-separated ranges/CIDRs), or an error text. */
export function parsePool(spec: string): { ranges: [number, number][] } | { error: string } {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(part);
    if (cidr) {
      const base = ipToInt(cidr[1]!);
      const bits = Number(cidr[2]);
      if (base === undefined || bits > 32) return { error: `invalid CIDR "${part}"` };
      const size = 2 ** (32 - bits);
      const start = Math.floor(base / size) * size;
      ranges.push([start, start + size - 1]);
      continue;
    }
    const [a, b] = part.split('-');
    const from = a !== undefined ? ipToInt(a) : undefined;
    const to = b !== undefined ? ipToInt(b) : from;
    if (from === undefined || to === undefined || to < from) return { error: `invalid IP range "${part}": use FIRST-LAST (e.g. ${DEFAULT_POOL}) or a CIDR` };
    ranges.push([from, to]);
  }
  if (!ranges.length) return { error: 'the address pool is empty' };
  return { ranges };
}

/** Is `ip` inside the pool? */
export function inPool(ranges: [number, number][], ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && ranges.some(([a, b]) => n >= a && n <= b);
}

/** The lowest address of the pool not in `used` (MetalLB hands out the first free one), or undefined. */
export function firstFree(ranges: [number, number][], used: Set<string>): string | undefined {
  for (const [a, b] of ranges) {
    for (let n = a; n <= b; n++) {
      const ip = intToIp(n);
      if (!used.has(ip)) return ip;
    }
  }
  return undefined;
}
