/**
 * `kube-sim serve`: a Kubernetes-compatible HTTP API on 127.0.0.1 over the same state, registry,
 * controllers and printers as the CLI, so the real kubectl (>= 1.30) and client libraries can drive the
 * simulated cluster. Every request reads the state fresh and every write takes the same lock as the CLI,
 * so CLI invocations running beside the server never lose updates.
 */
import { ADMIN_GROUPS, rulesFor } from '../api/admin-access.js';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { KindInfo } from '../api/kind.js';
import type { Io } from '../cli/io.js';
import { CommandContext } from '../cli/context.js';
import { allKinds } from '../api/registry.js';
import { qualifiedResource, servesSubresource } from '../api/kind.js';
import { ApiError, notFound } from '../api/errors.js';
import { getObject, listObjects } from '../api/objects.js';
import { deletedEventObject } from '../api/deleted-object.js';
import { decodePatchBody } from '../api/patch-body.js';
import { goUnmarshalError } from '../api/json-stream.js';
import { goYamlSyntaxError } from '../api/goyaml-check.js';
import { resolveKind } from '../api/versions.js';
import { parseSelector, matches } from '../api/selectors.js';
import { parseFieldSelector, matchesFields, checkServedFields, type FieldRequirement } from '../api/field-selectors.js';
import { refusal } from './origin-guard.js';
import { listenOnLoopback } from './listen.js';
import { send, sendError, status } from './status.js';
import { toTable } from './tables.js';
import { toRequestedVersion } from './convert.js';
import * as discovery from './discovery.js';
import { attachUpgrades } from './upgrade.js';
import { serveWrite, scaleOf } from './writes.js';
import { serverVersionInfo } from '../api/server-version.js';
import { decodeProtobufBody, ProtobufBodyError } from './protobuf/body.js';
import { goJsonText } from '../util/go-json.js';

export interface ServeOptions {
  port: number;
  /** Log each request (method, path, status) through this function. */
  log?: (line: string) => void;
}

interface Route {
  info: KindInfo;
  /** The group-version of the request, which answers are given in. */
  apiVersion: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Start the server; resolves once it listens. */
export async function startServer(io: Io, globals: { state?: string; namespace?: string }, opts: ServeOptions): Promise<{ server: Server; port: number }> {
  // One context, so one store, for the life of the server: a store per request would leave the
  // descriptors of each load open until the garbage collector ran (500s after ~50 requests under
  // `ulimit -n 1024`). Every request still reads the state fresh through it.
  const ctx = new CommandContext({ ...io, stdout: { write: () => true }, stderr: io.stderr }, globals);
  let port = opts.port;
  const server = createServer((req, res) => {
    // A client that goes away mid-request must not take the server with it.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const refused = refusal(req.headers, port);
    const answer = refused ? Promise.resolve(send(res, 403, status(403, 'Forbidden', refused))) : handle(req, res, ctx, () => port);
    answer
      .catch((e) => sendError(res, e))
      .catch(() => res.destroy())
      .finally(() => opts.log?.(`${req.method} ${req.url} ${res.statusCode}`));
  });
  attachUpgrades(server, ctx, () => port);
  port = await listenOnLoopback(server, opts.port);
  return { server, port };
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 3 * 1024 * 1024) throw new ApiError('BadRequest', 'the request body is too large (limit 3 MiB)');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A request body as a JSON-shaped value: JSON, YAML, or Kubernetes protobuf (kubectl >= 1.32 typed clients). */
function parseJsonBody(raw: Buffer, type: string | undefined): unknown {
  if (type?.includes('protobuf')) {
    try {
      return decodeProtobufBody(raw);
    } catch (e) {
      if (!(e instanceof ProtobufBodyError)) throw e;
      if (!e.unsupportedKind) throw new ApiError('BadRequest', `error decoding request body: ${e.message}`);
      throw Object.assign(new ApiError('BadRequest', ''), {
        reason: 'UnsupportedMediaType',
        message: `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${e.message}: send it as JSON, e.g. \`--dry-run=client -o yaml | kubectl apply -f -\`)`,
      });
    }
  }
  const text = raw.toString('utf8');
  if (type?.includes('yaml')) {
    // Server-side apply's body, read by sigs.k8s.io/yaml.
    const problem = goYamlSyntaxError(text);
    if (problem) throw new ApiError('BadRequest', `error decoding YAML: error converting YAML to JSON: yaml: ${problem}`);
    try {
      return parseYaml(text);
    } catch (e) {
      throw new ApiError('BadRequest', `error decoding YAML: error converting YAML to JSON: yaml: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (type?.includes('patch')) return decodePatchBody(text, type.includes('merge-patch') && !type.includes('strategic') ? 'merge' : type.includes('json-patch') ? 'json' : 'strategic');
  // A created or replaced object: the JSON serializer first looks for its apiVersion and kind.
  const problem = goUnmarshalError(text);
  if (problem) throw new ApiError('BadRequest', `couldn't get version/kind; json parse error: ${problem}`);
  return JSON.parse(text);
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
  const info = allKinds().find((k) => k.resource === rest[0] && resolveKind(state, gv, k.kind));
  if (!info) return undefined;
  return { info, apiVersion: gv, namespace: info.namespaced ? namespace : undefined, name: rest[1], subresource: rest[2] };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: CommandContext, port: () => number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const accept = String(req.headers.accept ?? '');
  const method = req.method ?? 'GET';

  // Discovery, version, OpenAPI.
  if (method === 'GET') {
    if (path === '/version') {
      return send(res, 200, serverVersionInfo(ctx.read().state.settings.kubernetesVersion));
    }
    if (path === '/api' || path === '/apis') {
      const { state } = ctx.read();
      if (accept.includes('as=APIGroupDiscoveryList')) return send(res, 200, discovery.aggregated(state, path === '/api'), discovery.AGGREGATED_CONTENT_TYPE);
      return send(res, 200, path === '/api' ? discovery.apiVersions(port()) : discovery.apiGroupList(state));
    }
    if (path === '/openapi/v3') return send(res, 200, discovery.openapiRoot(ctx.read().state));
    if (path.startsWith('/openapi/v3/')) {
      const gv = path.slice('/openapi/v3/'.length).split('/');
      const { state } = ctx.read();
      const doc = gv[0] === 'api' ? discovery.openapiGroupVersion(state, '', gv[1]!) : discovery.openapiGroupVersion(state, gv[1]!, gv[2]!);
      if (doc) return send(res, 200, doc);
    }
    if (path === '/openapi/v2') return send(res, 200, '', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const parts = path.split('/').filter(Boolean);
    if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
      const { state } = ctx.read();
      const list = parts[0] === 'api' ? discovery.apiResourceList(state, '', parts[1]!) : discovery.apiResourceList(state, parts[1]!, parts[2]!);
      if (list) return send(res, 200, list);
    }
    if (path === '/healthz' || path === '/readyz' || path === '/livez') return send(res, 200, 'ok', 'text/plain');
  }
  if (method === 'POST' && /\/selfsubject(access|rules)reviews$/.test(path)) {
    // kind's admin user: allowed everything; its rules as kind's RBAC gives them (kubectl auth can-i --list).
    const rules = rulesFor(ADMIN_GROUPS);
    const resourceRules = rules.filter((r) => !r.nonResourceURLs).map(({ verbs, apiGroups, resources }) => ({ verbs, apiGroups, resources }));
    const nonResourceRules = rules.filter((r) => r.nonResourceURLs).map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceURLs }));
    return send(res, 201, { apiVersion: 'authorization.k8s.io/v1', kind: path.endsWith('accessreviews') ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview', status: { allowed: true, resourceRules, nonResourceRules, incomplete: false } });
  }

  if (method === 'GET') {
    const lease = nodeLease(path, ctx);
    if (lease) return send(res, 200, lease);
  }

  // One read serves routing and the GET answer; writes read fresh under the lock (ctx.mutate).
  const snapshot = ctx.read();
  const r = route(path, snapshot.state);
  if (!r) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  const { info } = r;

  // Subresources only where the API has them (a pod has no scale): anything else is a 404.
  if (r.subresource && !servesSubresource(info, r.subresource)) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));

  if (r.subresource === 'exec' || r.subresource === 'attach' || r.subresource === 'portforward') {
    // With an Upgrade header these are answered on 'upgrade' (upgrade.ts); a plain request is what the API server refuses.
    return send(res, 400, status(400, 'BadRequest', 'Upgrade request required'));
  }
  if (r.subresource === 'proxy' || r.subresource === 'binding' || r.subresource === 'eviction') {
    return send(res, 405, status(405, 'MethodNotAllowed', `kube-sim serve does not simulate the ${r.subresource} subresource`));
  }

  if (method === 'GET' && url.searchParams.get('watch') === 'true') return watch(req, res, ctx, r, url, accept);

  if (method === 'GET') {
    const { state, env } = snapshot;
    const pctx = { now: env.now(), state };
    if (r.name) {
      const obj = getObject(state, info.resource, r.namespace, r.name);
      if (!obj) throw notFound(qualifiedResource(info), r.name);
      if (r.subresource === 'log') return send(res, 200, podLog(state, obj, url), 'text/plain');
      if (r.subresource === 'scale') return send(res, 200, scaleOf(obj));
      if (accept.includes('as=Table')) return send(res, 200, toTable(info, [obj], pctx, url.searchParams.get('includeObject'), String(state.meta.resourceVersion)));
      return send(res, 200, toRequestedVersion(info, obj, r.apiVersion));
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
    if (accept.includes('as=Table')) return send(res, 200, toTable(info, objects, pctx, url.searchParams.get('includeObject'), rv));
    return send(res, 200, { kind: `${info.kind}List`, apiVersion: r.apiVersion, metadata: { resourceVersion: rv }, items: objects.map((o) => toRequestedVersion(info, o, r.apiVersion)) });
  }

  const contentType = String(req.headers['content-type'] ?? 'application/json');
  const raw = await body(req);
  // DELETE may carry DeleteOptions; an apply patch is YAML.
  const parsed = raw.length === 0 ? undefined : parseJsonBody(raw, contentType.includes('apply-patch') ? 'application/yaml' : contentType);
  const answer = serveWrite(ctx, snapshot, { method, route: r, url, userAgent: req.headers['user-agent'], contentType, body: parsed });
  if (answer.body !== undefined) return send(res, answer.code, answer.body);
  send(res, 405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
}


/**
 * A node's kubelet Lease (describe node reads it), renewed as of now: kube-sim's own describe derives the
 * renew time on read, while the stored Lease moves only when a command runs the controllers.
 */
function nodeLease(path: string, ctx: CommandContext): unknown | undefined {
  const lease = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-node-lease\/leases\/([^/]+)$/.exec(path);
  if (!lease) return undefined;
  const { state, env } = ctx.read();
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
function servedFieldSelector(info: KindInfo, url: URL): FieldRequirement[] {
  const reqs = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '');
  checkServedFields(info, reqs);
  return reqs;
}

function podLog(state: import('../api/types.js').ClusterState, pod: KubeObject, url: URL): string {
  const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
  const name = url.searchParams.get('container') ?? containers[0] ?? '';
  if (!containers.includes(name)) throw new ApiError('BadRequest', `container ${name} is not valid for pod ${pod.metadata.name}`);
  let lines = state.runtime[pod.metadata.uid!]?.[name]?.logs ?? [];
  const tail = url.searchParams.get('tailLines');
  if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  return lines.map((l) => (l.endsWith('\n') ? l : l + '\n')).join('');
}

/** Watch: poll the shared state and stream ADDED/MODIFIED/DELETED events (one-row Tables when asked). */
function watch(req: IncomingMessage, res: ServerResponse, ctx: CommandContext, r: Route, url: URL, accept: string): void {
  const asTable = accept.includes('as=Table');
  // Selectors first: a bad one is a 400, before the stream starts.
  const ls = url.searchParams.get('labelSelector');
  const sel = ls ? parseSelector(ls) : undefined;
  const fs = servedFieldSelector(r.info, url);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const since = Number(url.searchParams.get('resourceVersion') ?? '0');
  // Each object as last sent: a deletion's event carries it.
  const seen = new Map<string, KubeObject>();
  let first = true;
  const poll = () => {
    const { state, env } = ctx.read();
    const pctx = { now: env.now(), state };
    const current = listObjects(state, r.info.resource, r.namespace).filter(
      (o) => (!r.name || o.metadata.name === r.name) && (!sel || matches(sel, o.metadata.labels)) && matchesFields(fs, o),
    );
    const emit = (type: string, o: KubeObject) => {
      const object = asTable ? toTable(r.info, [o], pctx, url.searchParams.get('includeObject'), o.metadata.resourceVersion ?? '') : toRequestedVersion(r.info, o, r.apiVersion);
      res.write(goJsonText({ type, object }) + '\n');
    };
    const keys = new Set<string>();
    for (const o of current) {
      const key = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      keys.add(key);
      const rv = o.metadata.resourceVersion ?? '';
      const prev = seen.get(key);
      if (prev === undefined) {
        if (!first || since === 0 || Number(rv) > since) emit('ADDED', o);
      } else if (prev.metadata.resourceVersion !== rv) emit('MODIFIED', o);
      seen.set(key, o);
    }
    for (const [key, last] of seen) {
      if (!keys.has(key)) {
        emit('DELETED', deletedEventObject(state, r.info.resource, last, pctx.now));
        seen.delete(key);
      }
    }
    first = false;
  };
  // A timer callback that throws would end the whole process: a failed poll (a state being replaced
  // mid-read) is retried at the next tick.
  const tick = () => {
    try {
      poll();
    } catch {
      /* next tick */
    }
  };
  tick();
  const timer = setInterval(tick, 250);
  const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
  const stop = setTimeout(() => res.end(), (timeout > 0 ? timeout : 1800) * 1000);
  // Node >= 18: the request's 'close' fires once its body is read; the response's marks the client going away.
  res.on('close', () => {
    clearInterval(timer);
    clearTimeout(stop);
  });
  void req;
}
