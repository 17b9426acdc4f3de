/**
 * The simulated ingress-nginx data plane. Owned by the ingress work; used by the traffic work's clients.
 *
 * Like ingress-nginx, the Ingresses it serves are merged into one virtual server per host (exact host,
 * then a wildcard server, then the catch-all server built from rules without host and from default
 * backends). Within a server the longest path wins (Exact before Prefix on a tie). The request goes
 * straight to a ready endpoint of the backend Service (EndpointSlices, not the cluster IP), round-robin.
 * No match → the controller's 404; a backend without a Service, port or ready endpoint → 503; plain HTTP to
 * a host with TLS → 308 to https (ssl-redirect is on by default).
 */
import { X509Certificate } from 'node:crypto';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { ConnectResult, HttpRequest, HttpResponse } from './contracts.js';
import { getObject, listObjects, nextResourceVersion } from '../api/objects.js';
import { ingressSpec, type IngressBackend } from '../kinds/ingress.js';
import { nginxView, servesIngress, type NginxView } from '../addons/ingress-nginx/view.js';
import { bestPath, hostMatch, normaliseHost, type PathCandidate } from './ingress-match.js';

const STATUS_TEXT: Record<number, string> = {
  308: 'Permanent Redirect',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** Is ip:port served by the ingress controller (its pod IPs, its service's cluster/LB IPs, node ports, or the Ingress ADDRESS)? */
export function isIngressEntry(state: ClusterState, ip: string, port: number): boolean {
  const view = nginxView(state);
  // Nothing answers until a controller pod runs (kube-proxy has no endpoint for its Service either).
  if (!view.running.length) return false;
  const hostPorts = new Set<number>();
  for (const p of view.running) {
    const st = p.status as { podIP?: string; hostIP?: string };
    for (const c of ((p.spec as { containers?: { ports?: { containerPort?: number; hostPort?: number }[] }[] }).containers ?? [])) {
      for (const cp of c.ports ?? []) {
        if (st.podIP === ip && cp.containerPort === port) return true;
        if (cp.hostPort) {
          hostPorts.add(cp.hostPort);
          if (cp.hostPort === port && (st.hostIP === ip || nodeIPOf(state, p) === ip)) return true;
        }
      }
    }
  }
  // kind maps the host's 80/443 to the control plane's hostPorts (extraPortMappings): localhost reaches it.
  if ((ip === '127.0.0.1' || ip === 'localhost') && hostPorts.has(port)) return true;
  const nodeIPs = new Set(listObjects(state, 'nodes').map((n) => internalIP(n)));
  for (const s of view.services) {
    const spec = s.spec as { clusterIP?: string; externalIPs?: string[]; ports?: { port?: number; nodePort?: number }[] };
    const lb = ((s.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip);
    for (const sp of spec.ports ?? []) {
      if (sp.port === port && (spec.clusterIP === ip || spec.externalIPs?.includes(ip) || lb.includes(ip))) return true;
      if (sp.nodePort === port && nodeIPs.has(ip)) return true;
    }
  }
  return false;
}

function internalIP(node: KubeObject | undefined): string | undefined {
  return (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

function nodeIPOf(state: ClusterState, pod: KubeObject): string | undefined {
  const nodeName = (pod.spec as { nodeName?: string }).nodeName;
  return nodeName ? internalIP(getObject(state, 'nodes', undefined, nodeName)) : undefined;
}

/** One location of a virtual server. */
interface Location {
  ingress: KubeObject;
  backend: IngressBackend;
}

interface Server {
  /** Locations from the rules of this host. */
  paths: PathCandidate<Location>[];
  /** The `/` fallback: an Ingress's defaultBackend, if one of this host's Ingresses has it. */
  fallback?: Location;
  tls: boolean;
}

function servedIngresses(state: ClusterState, view: NginxView): KubeObject[] {
  return listObjects(state, 'ingresses').filter((i) => !i.metadata.deletionTimestamp && servesIngress(view, i));
}

function tlsCovers(ing: KubeObject, host: string): boolean {
  return (ingressSpec(ing).tls ?? []).some((t) => (t.hosts ?? []).some((h) => hostMatch(h, host) > 0));
}

/** Build the virtual server that answers `host`, as ingress-nginx's server selection does. */
function selectServer(ingresses: KubeObject[], host: string): Server | undefined {
  let best = -1;
  let bestHost = '';
  for (const ing of ingresses) {
    for (const r of ingressSpec(ing).rules ?? []) {
      const m = hostMatch(r.host, host);
      if (m > best) {
        best = m;
        bestHost = r.host ?? '';
      }
    }
  }
  const server: Server = { paths: [], tls: false };
  if (best <= 0) {
    // Catch-all server: rules without host, and Ingresses' default backends.
    for (const ing of ingresses) {
      const spec = ingressSpec(ing);
      for (const r of spec.rules ?? []) if (!r.host) for (const p of r.http?.paths ?? []) if (p.backend) server.paths.push({ pathType: p.pathType, path: p.path, value: { ingress: ing, backend: p.backend } });
      if (spec.defaultBackend && !server.fallback) server.fallback = { ingress: ing, backend: spec.defaultBackend };
    }
    return server.paths.length || server.fallback ? server : undefined;
  }
  for (const ing of ingresses) {
    const spec = ingressSpec(ing);
    let hasHost = false;
    for (const r of spec.rules ?? []) {
      if ((r.host ?? '') !== bestHost) continue;
      hasHost = true;
      for (const p of r.http?.paths ?? []) if (p.backend) server.paths.push({ pathType: p.pathType, path: p.path, value: { ingress: ing, backend: p.backend } });
    }
    if (hasHost) {
      if (spec.defaultBackend && !server.fallback) server.fallback = { ingress: ing, backend: spec.defaultBackend };
      if (tlsCovers(ing, host)) server.tls = true;
    }
  }
  return server;
}

/** ingress-nginx's (nginx's) own error page, CRLF line endings as nginx sends them. */
export function nginxPage(status: number, env: Env, extra: [string, string][] = []): HttpResponse {
  const title = `${status} ${STATUS_TEXT[status] ?? ''}`;
  const body = ['<html>', `<head><title>${title}</title></head>`, '<body>', `<center><h1>${title}</h1></center>`, '<hr><center>nginx</center>', '</body>', '</html>', ''].join('\r\n');
  return {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: [['Date', httpDate(env.now())], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive'], ...extra],
    body,
  };
}

/** IMF-fixdate, as the Date header. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

interface Endpoint {
  ip: string;
  port: number;
}

/** Ready endpoints of the backend's service port, or undefined when the Service or its port is missing. */
function backendEndpoints(state: ClusterState, namespace: string, b: IngressBackend): Endpoint[] | undefined {
  const svcName = b.service?.name;
  if (!svcName) return undefined;
  const svc = getObject(state, 'services', namespace, svcName);
  if (!svc) return undefined;
  const ports = (svc.spec as { ports?: { name?: string; port?: number }[] } | undefined)?.ports ?? [];
  const sp = ports.find((p) => (b.service!.port?.number ? p.port === b.service!.port.number : p.name === b.service!.port?.name));
  if (!sp) return undefined;
  const out: Endpoint[] = [];
  const seen = new Set<string>();
  for (const slice of listObjects(state, 'endpointslices', namespace)) {
    if (slice.metadata.labels?.['kubernetes.io/service-name'] !== svcName) continue;
    const s = slice as unknown as { ports?: { name?: string | null; port?: number }[]; endpoints?: { addresses?: string[]; conditions?: { ready?: boolean | null } }[] };
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (!port?.port) continue;
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      const ip = ep.addresses?.[0];
      if (!ip || seen.has(`${ip}:${port.port}`)) continue;
      seen.add(`${ip}:${port.port}`);
      out.push({ ip, port: port.port });
    }
  }
  return out;
}

/** Round-robin position per upstream, kept in state.memory like nginx's balancer state. */
function nextIndex(state: ClusterState, key: string, n: number): number {
  const mem = ((state.memory['ingress-nginx'] ??= { rr: {} }) as { rr: Record<string, number> });
  const i = (mem.rr[key] ?? 0) % n;
  mem.rr[key] = (i + 1) % n;
  nextResourceVersion(state);
  return i;
}

/** The controller makes request ids: they come from its namespace's stream, not the user's. */
function requestId(env: Env): string {
  return env.runtimeRngFor('ingress-nginx').hex(32);
}

/**
 * Handle a request that reached the ingress controller: match host and path, then `forward` it straight to
 * an endpoint of the backend service (ip:port of a pod), or answer 404/503/308 as ingress-nginx does.
 */
export function ingressHandle(
  state: ClusterState,
  env: Env,
  req: HttpRequest & { host: string },
  forward: (ip: string, port: number, req: HttpRequest) => ConnectResult,
): HttpResponse {
  const view = nginxView(state);
  const host = normaliseHost(req.host);
  const server = selectServer(servedIngresses(state, view), host);
  if (!server) return nginxPage(404, env);
  const qIndex = req.path.indexOf('?');
  const path = qIndex >= 0 ? req.path.slice(0, qIndex) : req.path;
  if (server.tls && req.scheme === 'http') {
    return nginxPage(308, env, [['Location', `https://${host}${req.path}`]]);
  }
  const hsts: [string, string][] = server.tls && req.scheme === 'https' ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] : [];
  const loc = bestPath(server.paths, path || '/')?.value ?? server.fallback;
  if (!loc) return nginxPage(404, env, hsts);
  const ns = loc.ingress.metadata.namespace ?? 'default';
  const eps = backendEndpoints(state, ns, loc.backend);
  if (!eps || eps.length === 0) return nginxPage(503, env, hsts);
  const controllerIP = (view.running[0]?.status as { podIP?: string } | undefined)?.podIP ?? req.clientIP;
  const port = req.scheme === 'https' ? '443' : '80';
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(req.headers).filter(([k]) => !/^(x-forwarded-|x-real-ip|x-request-id|x-scheme|connection$)/i.test(k))),
    Host: req.headers.Host ?? req.headers.host ?? req.host,
    'X-Request-ID': requestId(env),
    'X-Real-IP': req.clientIP,
    'X-Forwarded-For': req.clientIP,
    'X-Forwarded-Host': host,
    'X-Forwarded-Port': port,
    'X-Forwarded-Proto': req.scheme,
    'X-Forwarded-Scheme': req.scheme,
    'X-Scheme': req.scheme,
  };
  delete headers.host;
  const upstreamReq: HttpRequest = { method: req.method, path: req.path, headers, body: req.body, clientIP: controllerIP, scheme: 'http' };
  const key = `${ns}/${loc.backend.service?.name}:${loc.backend.service?.port?.number ?? loc.backend.service?.port?.name}`;
  // proxy_next_upstream "error timeout": up to 3 tries on different endpoints.
  const start = nextIndex(state, key, eps.length);
  let last: ConnectResult | undefined;
  for (let t = 0; t < Math.min(3, eps.length); t++) {
    const ep = eps[(start + t) % eps.length]!;
    last = forward(ep.ip, ep.port, upstreamReq);
    if (last.ok) return proxied(last.response, env, hsts);
  }
  return nginxPage(last && !last.ok && last.error === 'timeout' ? 504 : 502, env, hsts);
}

/** The upstream's response as nginx relays it: its own Date and Connection, upstream headers kept. */
function proxied(res: HttpResponse, env: Env, extra: [string, string][]): HttpResponse {
  const get = (name: string) => res.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const headers: [string, string][] = [['Date', httpDate(env.now())]];
  const ct = get('content-type');
  if (ct !== undefined) headers.push(['Content-Type', ct]);
  const cl = get('content-length');
  if (cl !== undefined) headers.push(['Content-Length', cl]);
  else if (get('transfer-encoding') !== undefined) headers.push(['Transfer-Encoding', 'chunked']);
  headers.push(['Connection', 'keep-alive']);
  for (const [k, v] of res.headers) {
    if (/^(date|content-type|content-length|connection|keep-alive|transfer-encoding|server)$/i.test(k)) continue;
    headers.push([k, v]);
  }
  headers.push(...extra);
  return { status: res.status, statusText: res.statusText, headers, body: res.body };
}

export const FAKE_CERT_SUBJECT = 'O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate';

/** The certificate the controller presents for an SNI host: from the Ingress's TLS secret, or its default fake one. */
export function ingressCertificate(
  state: ClusterState,
  host: string,
): { subject: string; issuer: string; selfSigned: boolean; fromSecret?: string; dnsNames?: string[] } {
  const fake = { subject: FAKE_CERT_SUBJECT, issuer: FAKE_CERT_SUBJECT, selfSigned: true, dnsNames: ['ingress.local'] };
  const h = normaliseHost(host);
  const view = nginxView(state);
  for (const ing of servedIngresses(state, view)) {
    for (const t of ingressSpec(ing).tls ?? []) {
      if (!t.secretName || !(t.hosts ?? []).some((x) => hostMatch(x, h) > 0)) continue;
      const secret = getObject(state, 'secrets', ing.metadata.namespace, t.secretName);
      const crt = (secret as { data?: Record<string, string> } | undefined)?.data?.['tls.crt'];
      if (!crt) continue;
      const parsed = parseCertificate(Buffer.from(crt, 'base64').toString('utf8'));
      // An unparsable certificate is skipped by the controller, which then serves its default one.
      if (parsed) return { ...parsed, fromSecret: `${ing.metadata.namespace}/${t.secretName}` };
    }
  }
  return fake;
}

/** Subject, issuer and DNS names of a PEM certificate (pure parsing: nothing leaves the process). */
export function parseCertificate(pem: string): { subject: string; issuer: string; selfSigned: boolean; dnsNames: string[] } | undefined {
  try {
    const c = new X509Certificate(pem);
    const oneLine = (s: string) => s.split('\n').filter(Boolean).join(', ');
    const dnsNames = (c.subjectAltName ?? '')
      .split(', ')
      .filter((x) => x.startsWith('DNS:'))
      .map((x) => x.slice(4));
    return { subject: oneLine(c.subject), issuer: oneLine(c.issuer), selfSigned: c.subject === c.issuer, dnsNames };
  } catch {
    return undefined;
  }
}
