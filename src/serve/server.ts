/**
 * `kube-sim serve`: a Kubernetes-compatible HTTP API on 127.0.0.1 over the same state, registry,
 * controllers and printers as the CLI, so the real kubectl (>= 1.30) and client libraries can drive the
 * simulated cluster. Every request reads the state fresh and every write takes the same lock as the CLI,
 * so CLI invocations running beside the server never lose updates.
 */
import { REVIEW_PATH, answerReview, requestUser } from './access-review.js';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../api/types.js';
import type { Io } from '../cli/io.js';
import { CommandContext } from '../cli/context.js';
import { servesSubresource } from '../api/kind.js';
import { ApiError } from '../api/errors.js';
import { listObjects } from '../api/objects.js';
import { deletedEventObject } from '../api/deleted-object.js';
import { forgottenBefore } from '../api/deletion-log.js';
import { inWriteOrder } from '../api/watch-order.js';
import { decodePatchBody } from '../api/patch-body.js';
import { goUnmarshalError } from '../api/json-stream.js';
import { goYamlSyntaxError } from '../api/goyaml-check.js';
import { parseSelector, matches } from '../api/selectors.js';
import { matchesFields } from '../api/field-selectors.js';
import { refusal } from './origin-guard.js';
import { proxyReply, proxyTarget, readReply, route, servedFieldSelector, replyText, type Reply, type Route } from './reads.js';
import { listenOnLoopback } from './listen.js';
import { send, sendError, status, wantsPretty } from './status.js';
import { toTable } from './tables.js';
import { toRequestedVersion } from './convert.js';
import { attachUpgrades } from './upgrade.js';
import { serveWrite } from './writes.js';
import { answerEviction } from './eviction.js';
import { answerTokenRequest } from './token.js';
import { decodeProtobufBody, ProtobufBodyError } from './protobuf/body.js';
import { goJsonText } from '../util/go-json.js';

export interface ServeOptions {
  port: number;
  /** Log each request (method, path, status) through this function. */
  log?: (line: string) => void;
}

/** Go's http.DefaultMaxHeaderBytes: what the API server (and kubectl proxy) take of a request line and headers. */
export const MAX_HEADER_BYTES = 1 << 20;

/** Start the server; resolves once it listens. */
export async function startServer(io: Io, globals: { state?: string; namespace?: string }, opts: ServeOptions): Promise<{ server: Server; port: number }> {
  // One context, so one store, for the life of the server: a store per request would leave the
  // descriptors of each load open until the garbage collector ran (500s after ~50 requests under
  // `ulimit -n 1024`). Every request still reads the state fresh through it.
  const ctx = new CommandContext({ ...io, stdout: { write: () => true }, stderr: io.stderr }, globals);
  let port = opts.port;
  // Headers and request line up to Go's http.DefaultMaxHeaderBytes (1 MiB), as the API server takes
  // them: at Node's 16 KiB, an exec with a long argument (its command is in the URL) got a bare 431 and
  // the real kubectl printed "Error from server: " with nothing after it.
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    // A client that goes away mid-request must not take the server with it.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const refused = refusal(req.headers, port);
    const answer = refused ? Promise.resolve(send(res, 403, status(403, 'Forbidden', refused))) : handle(req, res, ctx, () => port);
    answer
      .catch((e) => sendError(res, e, prettyRequest(req)))
      .catch(() => res.destroy())
      .finally(() => opts.log?.(`${req.method} ${req.url} ${res.statusCode}`));
  });
  attachUpgrades(server, ctx, () => port);
  port = await listenOnLoopback(server, opts.port);
  return { server, port };
}

/**
 * Answer one HTTP request to the API (no Host/Origin guard: the caller has its own), errors as Status
 * responses: what `kubectl proxy` hands the requests it accepts to.
 */
export function answerApiRequest(req: IncomingMessage, res: ServerResponse, ctx: CommandContext, port: () => number): Promise<void> {
  req.on('error', () => undefined);
  res.on('error', () => undefined);
  return handle(req, res, ctx, port)
    .catch((e) => sendError(res, e, prettyRequest(req)))
    .catch(() => void res.destroy());
}

/** Does the client get indented JSON (curl through `kubectl proxy`, `?pretty=true`)? */
function prettyRequest(req: IncomingMessage): boolean {
  return wantsPretty(new URL(req.url ?? '/', 'http://127.0.0.1'), req.headers['user-agent']);
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

async function handle(req: IncomingMessage, res: ServerResponse, ctx: CommandContext, port: () => number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const accept = String(req.headers.accept ?? '');
  const method = req.method ?? 'GET';
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));

  if (method === 'POST' && REVIEW_PATH.test(path)) {
    const review = parseJsonBody(await body(req), req.headers['content-type']);
    return send(res, 201, answerReview(path, review, ctx.read().state, requestUser(req.headers, req.headersDistinct)));
  }

  // The proxy subresource, any verb: the application answers (and logs the request, so it is a write).
  if (proxyTarget(url.pathname)) {
    const raw = method === 'GET' || method === 'HEAD' ? undefined : (await body(req)).toString('utf8');
    const reply = ctx.mutate((state, env) => proxyReply(state, env, { method, url, accept, headers, body: raw, port: port() })).result!;
    return sendReply(res, reply, { url, headers });
  }

  // One read serves routing and the GET answer; writes read fresh under the lock (ctx.mutate).
  const snapshot = ctx.read();
  if (method === 'GET' && url.searchParams.get('watch') !== 'true') {
    const reply = readReply(snapshot.state, snapshot.env, { method, url, accept, headers, port: port() });
    if (reply) return sendReply(res, reply, { url, headers });
  }
  const r = route(path, snapshot.state);
  if (!r) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  const { info } = r;

  // Subresources only where the API has them (a pod has no scale): anything else is a 404.
  if (r.subresource && !servesSubresource(info, r.subresource)) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));

  if (r.subresource === 'exec' || r.subresource === 'attach' || r.subresource === 'portforward') {
    // With an Upgrade header these are answered on 'upgrade' (upgrade.ts); a plain request is what the API server refuses.
    return send(res, 400, status(400, 'BadRequest', 'Upgrade request required'));
  }
  if (r.subresource === 'eviction') {
    const raw = await body(req);
    const answer = answerEviction(ctx, r, method, raw.length ? parseJsonBody(raw, req.headers['content-type']) : undefined, url);
    return send(res, answer.code, answer.body);
  }
  if (r.subresource === 'token') {
    const raw = await body(req);
    const answer = answerTokenRequest(ctx, r, method, raw.length ? parseJsonBody(raw, req.headers['content-type']) : undefined);
    return send(res, answer.code, answer.body);
  }
  if (r.subresource === 'binding') {
    return send(res, 405, status(405, 'MethodNotAllowed', `kube-sim serve does not simulate the ${r.subresource} subresource`));
  }

  if (method === 'GET' && url.searchParams.get('watch') === 'true') return watch(req, res, ctx, r, url, accept);

  const contentType = String(req.headers['content-type'] ?? 'application/json');
  const raw = await body(req);
  // DELETE may carry DeleteOptions; an apply patch is YAML.
  const parsed = raw.length === 0 ? undefined : parseJsonBody(raw, contentType.includes('apply-patch') ? 'application/yaml' : contentType);
  const answer = serveWrite(ctx, snapshot, { method, route: r, url, userAgent: req.headers['user-agent'], contentType, body: parsed });
  // The API server's warnings (an unknown field under fieldValidation=Warn): kubectl prints `Warning: <text>`.
  for (const w of answer.warnings ?? []) res.appendHeader('Warning', `299 - ${JSON.stringify(w)}`);
  if (answer.body !== undefined) return send(res, answer.code, answer.body);
  send(res, 405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
}

/** Send a reply: a proxied application's own headers and body, or JSON/text with its length. */
function sendReply(res: ServerResponse, reply: Reply, req: { url: URL; headers: Record<string, string> }): void {
  if (!reply.headers) return send(res, reply.code, replyText(reply, req), reply.contentType ?? 'application/json');
  res.writeHead(reply.code, reply.headers.flat());
  res.end(reply.body as string);
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
  // A version older than the deletions still remembered: the changes after it cannot all be told, as with a
  // version older than the API server's watch cache, which answers one ERROR event, 410 Expired, with
  // "too old resource version: N (oldest-1)" (apiserver storage/cacher watch_cache.go, getAllEventsSinceLocked).
  const forgotten = forgottenBefore(ctx.read().state, r.info.resource);
  if (since > 0 && since < forgotten) {
    res.end(goJsonText({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${since} (${forgotten})`) }) + '\n');
    return;
  }
  // Each object as last sent: a deletion's event carries it.
  const seen = new Map<string, KubeObject>();
  let first = true;
  const poll = () => {
    const { state, env } = ctx.read();
    const pctx = { now: env.now(), state };
    const current = listObjects(state, r.info.resource, r.namespace).filter(
      (o) => (!r.name || o.metadata.name === r.name) && (!sel || matches(sel, o.metadata.labels)) && matchesFields(fs, o),
    );
    const events: { type: string; obj: KubeObject }[] = [];
    const keys = new Set<string>();
    for (const o of current) {
      const key = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      keys.add(key);
      const rv = o.metadata.resourceVersion ?? '';
      const prev = seen.get(key);
      if (prev === undefined) {
        if (!first || since === 0 || Number(rv) > since) events.push({ type: 'ADDED', obj: o });
      } else if (prev.metadata.resourceVersion !== rv) events.push({ type: 'MODIFIED', obj: o });
      seen.set(key, o);
    }
    for (const [key, last] of seen) {
      if (!keys.has(key)) {
        events.push({ type: 'DELETED', obj: deletedEventObject(state, r.info.resource, last, pctx.now) });
        seen.delete(key);
      }
    }
    // Changes in the order they were written, deletions among them, as the API server streams them (the
    // first look's list stays in key order, as its synthetic ADDED events are).
    if (!first || since !== 0) inWriteOrder(events);
    for (const { type, obj } of events) {
      const object = asTable ? toTable(r.info, [obj], pctx, url.searchParams.get('includeObject'), obj.metadata.resourceVersion ?? '') : toRequestedVersion(r.info, obj, r.apiVersion);
      res.write(goJsonText({ type, object }) + '\n');
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
