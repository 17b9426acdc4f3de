/**
 * The API server's answers to requests that only read (GET of version, discovery, OpenAPI, health,
 * objects and lists, pod logs, scale) and its `proxy` subresource, as pure functions over one state:
 * `serve` answers HTTP with them, `kubectl get --raw` prints them, and `kubectl proxy` inside a
 * walkthrough answers the simulated host's curl with them, so all three give the same bytes.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { KindInfo } from '../api/kind.js';
import { allKinds } from '../api/registry.js';
import { pluralOf, qualifiedResource, servesSubresource } from '../api/kind.js';
import { containerLogs } from '../controllers/container-logs.js';
import { podContainerNames } from './channel.js';
import { ApiError, notFound } from '../api/errors.js';
import { getObject, listObjects } from '../api/objects.js';
import { resolveKind } from '../api/versions.js';
import { parseSelector, matches } from '../api/selectors.js';
import { parseFieldSelector, matchesFields, checkServedFields, type FieldRequirement } from '../api/field-selectors.js';
import { serverVersionInfo } from '../api/server-version.js';
import { apiserverProxy } from '../network/apiserver-proxy.js';
import { status, wantsPretty } from './status.js';
import { toTable } from './tables.js';
import { toRequestedVersion } from './convert.js';
import { scaleOf } from './writes.js';
import * as discovery from './discovery.js';
import * as openapi from './openapi.js';
import { goJsonText } from '../util/go-json.js';

/** An answer: a JSON value (sent as Go's encoding/json writes it) or text, with its status code. */
export interface Reply {
  code: number;
  body: unknown;
  contentType?: string;
  /** Headers passed through as they are (a proxied application's). */
  headers?: [string, string][];
  /** Written by WriteRawJSON (`/version`): always indented, whoever asks. */
  indented?: boolean;
}

/**
 * A reply's bytes as kube-apiserver writes them: text as it is; JSON compact with the encoder's newline,
 * or indented without one for `?pretty=true`, curl and Wget (its isPrettyPrint) and for `/version`.
 */
export function replyText(reply: Reply, req: { url: URL; headers: Record<string, string> }): string {
  if (typeof reply.body === 'string') return reply.body;
  const pretty = reply.indented || wantsPretty(req.url, req.headers['user-agent'] ?? req.headers['User-Agent']);
  return pretty ? goJsonText(reply.body, 2) : goJsonText(reply.body) + '\n';
}

/** A request as the read path sees it. */
export interface ReadRequest {
  method: string;
  url: URL;
  accept: string;
  headers: Record<string, string>;
  body?: string;
  /** The port the API is served on (discovery's serverAddressByClientCIDRs names it). */
  port: number;
}

/** The URL path of a request to an object: kind, namespace, name and subresource. */
export interface Route {
  info: KindInfo;
  /** The group-version of the request, which answers are given in. */
  apiVersion: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Map a URL path to a kind, namespace, name and subresource, for the group-versions this cluster serves. */
export function route(path: string, state: ClusterState): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const gv = group ? `${group}/${version}` : version;
  const info = allKinds().find((k) => pluralOf(k) === rest[0] && resolveKind(state, gv, k.kind));
  if (!info) return undefined;
  return { info, apiVersion: gv, namespace: info.namespaced ? namespace : undefined, name: rest[1], subresource: rest[2] };
}

const NOT_FOUND: Reply = { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };

/** `/api/v1/namespaces/NS/(pods|services)/ID/proxy[/PATH]`, split; undefined for other paths. */
export function proxyTarget(rawPath: string): { resource: 'pods' | 'services'; namespace: string; id: string; path: string } | undefined {
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/.exec(rawPath);
  if (!m) return undefined;
  return { namespace: decodeURIComponent(m[1]!), resource: m[2] as 'pods' | 'services', id: decodeURIComponent(m[3]!), path: m[4] ?? '' };
}

/**
 * A proxy subresource request answered by the application behind it (which logs it into `state`: the
 * caller saves it), or undefined for any other path.
 */
export function proxyReply(state: ClusterState, env: Env, req: ReadRequest): Reply | undefined {
  const target = proxyTarget(req.url.pathname);
  if (!target) return undefined;
  const res = apiserverProxy(state, env, { ...target, query: req.url.search.replace(/^\?/, ''), method: req.method, headers: req.headers, body: req.body });
  return { code: res.status, body: res.body, headers: res.headers };
}

/** The answer to a GET that reads (not a watch), or undefined when the path is not one the server reads. */
export function readReply(state: ClusterState, env: Env, req: ReadRequest): Reply | undefined {
  const { url, accept } = req;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/version') return { code: 200, body: serverVersionInfo(state.settings.kubernetesVersion), indented: true };
  if (path === '/api' || path === '/apis') {
    if (accept.includes('as=APIGroupDiscoveryList')) return { code: 200, body: discovery.aggregated(state, path === '/api'), contentType: discovery.AGGREGATED_CONTENT_TYPE };
    return { code: 200, body: path === '/api' ? discovery.apiVersions(req.port) : discovery.apiGroupList(state) };
  }
  // The OpenAPI documents are built on request only, by a module the rest of serve never loads.
  if (path === '/openapi/v3') return openapi.openapiRootReply(state);
  if (path.startsWith('/openapi/v3/')) {
    const doc = openapi.openapiGroupVersionReply(state, env, path.slice('/openapi/v3/'.length), url.searchParams.get('hash'));
    if (doc) return doc;
  }
  if (path === '/openapi/v2') return { code: 200, body: '', contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };
  const parts = path.split('/').filter(Boolean);
  if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
    const list = parts[0] === 'api' ? discovery.apiResourceList(state, '', parts[1]!) : discovery.apiResourceList(state, parts[1]!, parts[2]!);
    if (list) return { code: 200, body: list };
  }
  if (path === '/healthz' || path === '/readyz' || path === '/livez') return { code: 200, body: 'ok', contentType: 'text/plain' };
  const lease = nodeLease(path, state, env);
  if (lease) return { code: 200, body: lease };

  const r = route(path, state);
  if (!r) return NOT_FOUND;
  const { info } = r;
  if (r.subresource && !servesSubresource(info, r.subresource)) return NOT_FOUND;
  // exec, attach, portforward, binding, eviction, token: not reads; the caller answers them (a GET of token or eviction is a 405).
  if (r.subresource && ['exec', 'attach', 'portforward', 'proxy', 'binding', 'eviction', 'token'].includes(r.subresource)) return undefined;
  const pctx = { now: env.now(), state };
  if (r.name) {
    const obj = getObject(state, info.resource, r.namespace, r.name);
    if (!obj) throw notFound(qualifiedResource(info), r.name);
    if (r.subresource === 'log') return { code: 200, body: podLog(state, obj, url), contentType: 'text/plain' };
    if (r.subresource === 'scale') return { code: 200, body: scaleOf(obj, info) };
    if (accept.includes('as=Table')) return { code: 200, body: toTable(info, [obj], pctx, url.searchParams.get('includeObject'), String(state.meta.resourceVersion)) };
    return { code: 200, body: toRequestedVersion(info, obj, r.apiVersion) };
  }
  let objects = listObjects(state, info.resource, r.namespace);
  const ls = url.searchParams.get('labelSelector');
  if (ls) {
    const sel = parseSelector(ls);
    objects = objects.filter((o) => matches(sel, o.metadata.labels));
  }
  const fs = servedFieldSelector(info, url);
  if (fs.length) objects = objects.filter((o) => matchesFields(fs, o));
  const rv = String(state.meta.resourceVersion);
  if (accept.includes('as=Table')) return { code: 200, body: toTable(info, objects, pctx, url.searchParams.get('includeObject'), rv) };
  return { code: 200, body: { kind: `${info.kind}List`, apiVersion: r.apiVersion, metadata: { resourceVersion: rv }, items: objects.map((o) => toRequestedVersion(info, o, r.apiVersion)) } };
}

/**
 * A node's kubelet Lease (describe node reads it), renewed as of now: kube-sim's own describe derives the
 * renew time on read, while the stored Lease moves only when a command runs the controllers.
 */
function nodeLease(path: string, state: ClusterState, env: Env): unknown | undefined {
  const lease = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-node-lease\/leases\/([^/]+)$/.exec(path);
  if (!lease) return undefined;
  const node = getObject(state, 'nodes', undefined, lease[1]!);
  if (!node) throw new ApiError('NotFound', `leases.coordination.k8s.io "${lease[1]}" not found`);
  const renew = new Date(Math.floor(env.now().getTime() / 10_000) * 10_000).toISOString().replace(/\.\d{3}Z$/, '.000000Z');
  return {
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name: node.metadata.name, namespace: 'kube-node-lease', uid: node.metadata.uid, creationTimestamp: node.metadata.creationTimestamp },
    spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: renew },
  };
}

/** The request's field selector, refused as the API server refuses fields the resource cannot select on. */
export function servedFieldSelector(info: KindInfo, url: URL): FieldRequirement[] {
  const reqs = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '');
  checkServedFields(info, reqs);
  return reqs;
}

/** pods/log: the kubelet's answer for the container (an init or ephemeral one too), `tailLines` and `previous` as asked. */
function podLog(state: ClusterState, pod: KubeObject, url: URL): string {
  const containers = podContainerNames(pod);
  const name = url.searchParams.get('container') ?? containers[0] ?? '';
  if (!containers.includes(name)) throw new ApiError('BadRequest', `container ${name} is not valid for pod ${pod.metadata.name}`);
  let lines = containerLogs(state, pod, name, url.searchParams.get('previous') === 'true');
  const tail = url.searchParams.get('tailLines');
  if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  return lines.map((l) => (l.endsWith('\n') ? l : l + '\n')).join('');
}
