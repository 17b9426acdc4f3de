/**
 * The API server's `proxy` subresource of pods and services (`/api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH`,
 * `.../services/[SCHEME:]NAME[:PORT]/proxy/PATH`): kube-apiserver resolves the target as its registry
 * does (a pod's IP and port, or one ready address of the service's Endpoints picked at random), dials it
 * from the control-plane node (it runs there with the host network) and hands back the application's
 * status, headers and body. Its failures are the Status errors kube-apiserver 1.32 answers.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { HttpResponse } from './contracts.js';
import { ApiError, notFound } from '../api/errors.js';
import { getObject, listObjects } from '../api/objects.js';
import { connect, nodeIP } from './client.js';

/** One request to a proxy subresource. */
export interface ProxyCall {
  resource: 'pods' | 'services';
  namespace: string;
  /** The object segment of the URL: `name`, `name:port` or `scheme:name:port`. */
  id: string;
  /** What follows `/proxy` in the URL path, as sent (`''`, `/`, `/healthz`). */
  path: string;
  /** The query string without its `?`. */
  query: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** apimachinery's SplitSchemeNamePort: `name`, `name:port`, `scheme:name:port` (scheme http, https or empty). */
function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  const [scheme, name, port] = parts.length === 1 ? ['', parts[0]!, ''] : parts.length === 2 ? ['', parts[0]!, parts[1]!] : parts.length === 3 ? parts : [];
  if (!name || !['', 'http', 'https'].includes(scheme!)) return undefined;
  return { scheme: scheme!, name, port: port! };
}

/** Where the API server runs: the control-plane node, on its host network. */
function apiserverNode(state: ClusterState): { node: string; ip: string } {
  const nodes = listObjects(state, 'nodes');
  const cp = nodes.find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0];
  const node = cp?.metadata.name ?? 'kind-control-plane';
  return { node, ip: nodeIP(state, node) ?? '172.18.0.2' };
}

/** The pod target: its IP and the port asked for, else its first declared container port (none: port 80). */
function podLocation(state: ClusterState, namespace: string, id: string): { scheme: string; ip: string; port: number } {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) throw new ApiError('BadRequest', `invalid pod request "${id}"`);
  const pod = getObject(state, 'pods', namespace, parsed.name);
  if (!pod) throw notFound('pods', parsed.name);
  let port = parsed.port;
  if (!port) {
    const containers = ((pod.spec as { containers?: { ports?: { containerPort: number }[] }[] } | undefined)?.containers ?? []);
    const declared = containers.find((c) => c.ports?.length)?.ports?.[0]?.containerPort;
    if (declared) port = String(declared);
  }
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP ?? '';
  // proxyutil.IsProxyableIP: a pod without an IP yet (Pending) has nothing to dial.
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) throw new ApiError('BadRequest', 'address not allowed');
  const scheme = parsed.scheme || 'http';
  return { scheme, ip, port: port ? portNumber(port) : scheme === 'https' ? 443 : 80 };
}

/** A port of the URL: a number (a named pod port is dialled as written, and fails as Go's dialer does). */
function portNumber(port: string): number {
  const n = Number(port);
  return /^\d+$/.test(port) && n > 0 && n < 65536 ? n : NaN;
}

interface SubsetPort {
  name?: string;
  port: number;
}

/** The service target: a ready address of its Endpoints with the named (or numbered) port, picked as the registry does. */
function serviceLocation(state: ClusterState, env: Env, namespace: string, id: string): { scheme: string; ip: string; port: number } {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) throw new ApiError('BadRequest', `invalid service request "${id}"`);
  const { name } = parsed;
  let portName = parsed.port;
  if (/^-?\d+$/.test(portName)) {
    // A port number names the service port it is the `port` of.
    const svc = getObject(state, 'services', namespace, name);
    if (!svc) throw notFound('services', name);
    const ports = ((svc.spec as { ports?: { name?: string; port: number }[] } | undefined)?.ports ?? []);
    const found = ports.find((p) => p.port === Number(portName));
    if (!found) throw new ApiError('ServiceUnavailable', `no service port ${Number(portName)} found for service "${name}"`);
    portName = found.name ?? '';
  }
  const eps = getObject(state, 'endpoints', namespace, name);
  if (!eps) throw notFound('endpoints', name);
  const subsets = ((eps as KubeObject & { subsets?: { addresses?: { ip: string }[]; ports?: SubsetPort[] }[] }).subsets ?? []);
  const unavailable = new ApiError('ServiceUnavailable', `no endpoints available for service "${name}"`);
  if (subsets.length === 0) throw unavailable;
  // The registry's rand.Intn, drawn from the namespace's run-time stream.
  const rng = env.runtimeRngFor(namespace);
  const start = rng.int(subsets.length);
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[(start + i) % subsets.length]!;
    const addresses = ss.addresses ?? [];
    if (!addresses.length) continue;
    const sp = (ss.ports ?? []).find((p) => (p.name ?? '') === portName);
    if (!sp) continue;
    const addr = addresses[rng.int(addresses.length)]!;
    return { scheme: parsed.scheme || 'http', ip: addr.ip, port: sp.port };
  }
  throw unavailable;
}

/** Hop-by-hop headers the proxy does not pass on (Go's httputil.ReverseProxy drops them). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * Answer one request to the proxy subresource through the simulated network (the application logs it
 * into `state`, so the caller saves it). Throws the API server's ApiError when it cannot proxy.
 */
export function apiserverProxy(state: ClusterState, env: Env, call: ProxyCall): HttpResponse {
  // Redirect requests with an empty path to one that ends with '/' (kubernetes issue 4958), as the API server does.
  if (call.path === '') {
    const base = `/api/v1/namespaces/${call.namespace}/${call.resource}/${call.id}/proxy/`;
    return { status: 301, statusText: 'Moved Permanently', headers: [['Location', base + (call.query ? `?${call.query}` : '')], ['Content-Length', '0']], body: '' };
  }
  const loc = call.resource === 'pods' ? podLocation(state, call.namespace, call.id) : serviceLocation(state, env, call.namespace, call.id);
  const dial = `dial tcp ${loc.ip}:${Number.isNaN(loc.port) ? '' : loc.port}`;
  if (Number.isNaN(loc.port)) throw new ApiError('ServiceUnavailable', `error trying to reach service: ${dial}: unknown port`);
  const origin = apiserverNode(state);
  const headers = { ...call.headers };
  for (const h of Object.keys(headers)) if (HOP_BY_HOP.has(h.toLowerCase()) || h.toLowerCase() === 'host') delete headers[h];
  const r = connect(
    { state, env, origin: { kind: 'node', node: origin.node, ip: origin.ip } },
    loc.ip,
    loc.port,
    { method: call.method, path: call.path + (call.query ? `?${call.query}` : ''), headers: { Host: `${loc.ip}:${loc.port}`, ...headers, 'X-Forwarded-For': '127.0.0.1' }, body: call.body, scheme: loc.scheme === 'https' ? 'https' : 'http' },
  );
  if (!r.ok) {
    const why = { refused: `${dial}: connect: connection refused`, timeout: `${dial}: i/o timeout`, unreachable: `${dial}: connect: no route to host`, reset: 'read: connection reset by peer', empty: 'EOF' }[r.error];
    throw new ApiError('ServiceUnavailable', `error trying to reach service: ${why}`);
  }
  const res = r.response;
  const passed = res.headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()) && k.toLowerCase() !== 'content-length');
  return { ...res, headers: [...passed, ['Content-Length', String(Buffer.byteLength(res.body))]] };
}
