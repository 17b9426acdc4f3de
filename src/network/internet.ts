/**
 * The few public web sites tutorials download files from (`wget https://kubernetes.io/examples/...`,
 * `curl -LO https://k8s.io/examples/...`), reachable from the host and from pods as on a kind cluster,
 * whose pods reach the internet. kube-sim has no network: what they serve is the bundled catalogue of
 * remote manifests and example files (src/addons/remote-manifests.ts); any other path is a 404, and every
 * other name on the internet stays unknown (a user adds more with `kube-sim external-host`).
 */
import type { ExternalHost } from '../api/types.js';
import { fetchBundled } from '../addons/remote-manifests.js';
import type { HttpRequest, HttpResponse } from './contracts.js';

/**
 * Each site's name and one address (real sites answer from many, varying by place and day; a fixed one keeps
 * output reproducible). k8s.io is the project's redirector to kubernetes.io.
 */
export const PUBLIC_SITES: readonly Required<Pick<ExternalHost, 'name' | 'ip'>>[] = [
  { name: 'kubernetes.io', ip: '147.75.40.148' },
  { name: 'k8s.io', ip: '34.107.204.206' },
  { name: 'raw.githubusercontent.com', ip: '185.199.108.133' },
  { name: 'kind.sigs.k8s.io', ip: '34.107.204.207' },
];

/** The public site with this name (case-insensitive, a trailing dot allowed), if kube-sim knows it. */
export function publicSiteByName(name: string): ExternalHost | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  return PUBLIC_SITES.find((s) => s.name === n);
}

/** The public site at this address, if any. */
export function publicSiteAt(ip: string): ExternalHost | undefined {
  return PUBLIC_SITES.find((s) => s.ip === ip);
}

/** Does the site listen on this port? Web sites take HTTP and HTTPS only. */
export function publicSiteListens(port: number): boolean {
  return port === 80 || port === 443;
}

function response(status: number, statusText: string, body: string, type: string, extra: [string, string][] = []): HttpResponse {
  return { status, statusText, headers: [['Content-Type', type], ['Content-Length', String(Buffer.byteLength(body))], ...extra], body };
}

function redirect(location: string): HttpResponse {
  return response(301, 'Moved Permanently', `<a href="${location}">Moved Permanently</a>.\n\n`, 'text/html; charset=utf-8', [['Location', location]]);
}

/**
 * What a site answers one request: plain HTTP is sent to HTTPS, k8s.io to kubernetes.io (as its
 * redirector does), and a file the catalogue has is served; anything else is the site's 404.
 */
export function publicSiteAnswer(site: ExternalHost, port: number, req: Omit<HttpRequest, 'clientIP'>): HttpResponse {
  const path = req.path || '/';
  if (port === 80) return redirect(`https://${site.name}${path}`);
  if (site.name === 'k8s.io') return redirect(`https://kubernetes.io${path}`);
  const got = fetchBundled(`https://${site.name}${path}`);
  if (got && 'text' in got) return response(200, 'OK', got.text, 'text/plain; charset=utf-8');
  return response(404, 'Not Found', site.name === 'raw.githubusercontent.com' ? '404: Not Found' : '404 page not found\n', 'text/plain; charset=utf-8');
}
