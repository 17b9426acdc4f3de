/**
 * Ingress host and path matching, as the Ingress spec and ingress-nginx define it: exact hosts beat a
 * wildcard covering exactly one leading label, which beats rules without host; paths by Exact, Prefix
 * (element-wise) and ImplementationSpecific (ingress-nginx treats it as a prefix location, so it is
 * matched as Prefix here); the longest path wins and Exact beats Prefix on a tie.
 */

/** How a rule host covers a request host: 2 exact, 1 wildcard, 0 catch-all (no host), -1 no match. */
export function hostMatch(ruleHost: string | undefined, requestHost: string): number {
  const host = normaliseHost(requestHost);
  if (!ruleHost) return 0;
  if (ruleHost === host) return 2;
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1); // ".foo.com"
    if (!host.endsWith(suffix)) return -1;
    const first = host.slice(0, host.length - suffix.length);
    return first.length > 0 && !first.includes('.') ? 1 : -1;
  }
  return -1;
}

/** Host header without port, lower-cased, trailing dot removed. */
export function normaliseHost(h: string): string {
  let host = h.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && /^\d*$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** Does `path` (of `pathType`) match the request path (query already removed)? */
export function pathMatches(pathType: string | undefined, path: string | undefined, requestPath: string): boolean {
  const p = path || '/';
  if (pathType === 'Exact') return p === requestPath;
  // Prefix and ImplementationSpecific: element-wise, trailing slashes ignored on both sides.
  const want = p.split('/').filter((x) => x !== '');
  const got = requestPath.split('/').filter((x) => x !== '');
  if (want.length > got.length) return false;
  return want.every((seg, i) => got[i] === seg);
}

export interface PathCandidate<T> {
  pathType?: string;
  path?: string;
  value: T;
}

/** The winning path among candidates: longest matching path, Exact before Prefix on equal length. */
export function bestPath<T>(candidates: PathCandidate<T>[], requestPath: string): PathCandidate<T> | undefined {
  let best: PathCandidate<T> | undefined;
  let bestLen = -1;
  let bestExact = false;
  for (const c of candidates) {
    if (!pathMatches(c.pathType, c.path, requestPath)) continue;
    const len = (c.path || '/').length;
    const exact = c.pathType === 'Exact';
    if (len > bestLen || (len === bestLen && exact && !bestExact)) {
      best = c;
      bestLen = len;
      bestExact = exact;
    }
  }
  return best;
}
