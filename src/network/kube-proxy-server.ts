/**
 * kube-proxy's own HTTP servers on every node (kind's defaults, v1.32): the metrics server on
 * 127.0.0.1:10249 (`/proxyMode`, `/healthz`, `/metrics`), the proxier health server on 0.0.0.0:10256
 * (`/healthz`, `/livez`), and, for each Service with `externalTrafficPolicy: Local` and a
 * `healthCheckNodePort`, a health check on that port: 200 where the node has ready local endpoints,
 * 503 elsewhere, so a load balancer only sends to nodes that keep the client IP and have a backend.
 * Answers are computed on read; headers are in the order Go's net/http writes them.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { HttpResponse } from './contracts.js';
import { getObject, listObjects } from '../api/objects.js';
import { httpDate } from './apps.js';
import { localReadyEndpoints, renderIptablesSave } from './proxy.js';

/** kube-proxy's --metrics-bind-address port (127.0.0.1 only). */
export const METRICS_PORT = 10249;
/** kube-proxy's --healthz-bind-address port (all addresses). */
export const HEALTHZ_PORT = 10256;

const TEXT = 'text/plain; charset=utf-8';

function answer(env: Env, status: number, statusText: string, contentType: string, body: string): HttpResponse {
  return {
    status,
    statusText,
    headers: [['Content-Type', contentType], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(env.now())], ['Content-Length', String(Buffer.byteLength(body))]],
    body,
  };
}

const notFound = (env: Env) => answer(env, 404, 'Not Found', TEXT, '404 page not found\n');

/** Go's time.Time String() with its monotonic reading: `2026-11-21 22:50:30.25 +0000 UTC m=+1830.250000000`. */
function goTime(now: Date, since: Date): string {
  const iso = now.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  const mono = (now.getTime() - since.getTime()) / 1000;
  const monoText = `${Math.trunc(mono)}.${String(Math.round((mono % 1) * 1e9)).padStart(9, '0')}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC m=+${monoText}`;
}

/** The proxier health server: always healthy (rules are computed on read, never late); a deleted node is not eligible. */
function proxierHealth(state: ClusterState, env: Env, nodeName: string, path: string): HttpResponse {
  const node = getObject(state, 'nodes', undefined, nodeName);
  const started = new Date(node?.metadata.creationTimestamp ?? env.now().toISOString());
  const now = goTime(env.now(), started);
  if (path === '/healthz') {
    const eligible = !node?.metadata.deletionTimestamp && !((node?.spec as { taints?: { key: string }[] } | undefined)?.taints ?? []).some((t) => t.key === 'ToBeDeletedByClusterAutoscaler');
    return answer(env, eligible ? 200 : 503, eligible ? 'OK' : 'Service Unavailable', 'application/json', `{"lastUpdated": "${now}","currentTime": "${now}", "nodeEligible": ${eligible}}`);
  }
  if (path === '/livez') return answer(env, 200, 'OK', 'application/json', `{"lastUpdated": "${now}","currentTime": "${now}"}`);
  return notFound(env);
}

/** The few kube-proxy metrics the simulation knows exactly: how many rules it holds per table. */
function metrics(state: ClusterState, env: Env, node: string): string {
  const lines = ['# HELP kubeproxy_sync_proxy_rules_iptables_total [ALPHA] Total number of iptables rules owned by kube-proxy', '# TYPE kubeproxy_sync_proxy_rules_iptables_total gauge'];
  if (state.settings.proxyMode === 'iptables') {
    let table = '';
    const counts: Record<string, number> = {};
    for (const l of renderIptablesSave(state, env, node).split('\n')) {
      if (l.startsWith('*')) table = l.slice(1);
      else if (l.startsWith('-A KUBE-')) counts[table] = (counts[table] ?? 0) + 1;
    }
    for (const t of ['filter', 'nat']) lines.push(`kubeproxy_sync_proxy_rules_iptables_total{table="${t}"} ${counts[t] ?? 0}`);
  }
  return lines.join('\n') + '\n';
}

/** The metrics server (Go's PathRecorderMux: exact paths, 404 elsewhere). */
function metricsServer(state: ClusterState, env: Env, node: string, path: string): HttpResponse {
  switch (path) {
    case '/proxyMode':
      return answer(env, 200, 'OK', TEXT, state.settings.proxyMode);
    case '/healthz':
    case '/healthz/ping':
      return answer(env, 200, 'OK', TEXT, 'ok');
    case '/metrics':
      return answer(env, 200, 'OK', 'text/plain; version=0.0.4; charset=utf-8', metrics(state, env, node));
    default:
      return notFound(env);
  }
}

/** The Service whose health check node port this is, if any. */
function healthCheckService(state: ClusterState, port: number): KubeObject | undefined {
  return listObjects(state, 'services').find((s) => (s.spec as { healthCheckNodePort?: number } | undefined)?.healthCheckNodePort === port);
}

/** kube-proxy's per-Service health check (every path answers the same). */
function serviceHealth(env: Env, svc: KubeObject, count: number): HttpResponse {
  const body = `{\n\t"service": {\n\t\t"namespace": "${svc.metadata.namespace}",\n\t\t"name": "${svc.metadata.name}"\n\t},\n\t"localEndpoints": ${count},\n\t"serviceProxyHealthy": true\n}`;
  return {
    status: count ? 200 : 503,
    statusText: count ? 'OK' : 'Service Unavailable',
    headers: [['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff'], ['X-Load-Balancing-Endpoint-Weight', String(count)], ['Date', httpDate(env.now())], ['Content-Length', String(body.length)]],
    body,
  };
}

/** What kube-proxy answers on `node`:`port` (`loopback`: the request came to 127.0.0.1 on the node itself); undefined when it does not listen there. */
export function kubeProxyAnswer(state: ClusterState, env: Env, node: string, port: number, path: string, loopback: boolean): { response: HttpResponse; what: string } | undefined {
  const bare = path.split('?')[0] || '/';
  if (port === METRICS_PORT && loopback) return { response: metricsServer(state, env, node, bare), what: `kube-proxy's metrics server on ${node} (127.0.0.1:${port})` };
  if (port === HEALTHZ_PORT) return { response: proxierHealth(state, env, node, bare), what: `kube-proxy's health server on ${node} (:${port})` };
  const svc = healthCheckService(state, port);
  if (svc) {
    const count = localReadyEndpoints(state, svc, node);
    return { response: serviceHealth(env, svc, count), what: `node ${node}:${port} is the health-check node port of ${svc.metadata.namespace}/${svc.metadata.name}: ${count} local endpoint(s)` };
  }
  return undefined;
}
