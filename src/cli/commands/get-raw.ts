/**
 * `kubectl get --raw PATH`: a GET of any path the API server serves (version, discovery, health,
 * objects, logs, the pod and service proxy), its body printed as it comes. A failure is printed as
 * client-go's rest client turns a response into an error: the server's Status when the body is one,
 * else the generic words of its status code (apimachinery's NewGenericServerResponse).
 */
import type { CommandContext } from '../context.js';
import { CliError, RawError } from '../../api/errors.js';
import { proxyReply, proxyTarget, readReply, replyText, type Reply } from '../../serve/reads.js';
import { status, statusOf } from '../../serve/status.js';

/** The words client-go gives a status code when the body is not a Status. */
function genericError(code: number, body: string): string {
  const known: Record<number, [string, string]> = {
    400: ['BadRequest', 'the server rejected our request for an unknown reason'],
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', 'the server does not allow access to the requested resource'],
    404: ['NotFound', 'the server could not find the requested resource'],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
    409: ['Conflict', 'the server reported a conflict'],
    415: ['UnsupportedMediaType', 'the server was unable to respond with a content type that the client supports'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
    504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
  };
  const [reason, message] = known[code] ?? (code >= 500 ? ['InternalError', `an error on the server (${JSON.stringify(body.trim() || 'unknown')}) has prevented the request from succeeding`] : ['Unknown', `the server responded with the status code ${code} but did not return more information`]);
  return `Error from server (${reason}): ${message}`;
}

/** The text kubectl prints for a failed response. */
function failureText(reply: Reply, text: string): string {
  const body = reply.body as { kind?: string; status?: string; reason?: string; message?: string } | undefined;
  if (body && typeof body === 'object' && body.kind === 'Status' && body.status === 'Failure') {
    return body.reason ? `Error from server (${body.reason}): ${body.message ?? ''}` : `Error from server: ${body.message ?? ''}`;
  }
  return genericError(reply.code, text);
}

/** One GET of `path` (with its query) as the API server answers it. */
function answer(ctx: CommandContext, path: string): Reply {
  const url = new URL(path, 'http://127.0.0.1');
  const req = { method: 'GET', url, accept: 'application/json, */*', headers: { 'user-agent': 'kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9' }, port: 6443 };
  try {
    // The proxied application logs the request: that is saved, as through serve.
    if (proxyTarget(url.pathname)) return ctx.mutate((state, env) => proxyReply(state, env, req)).result!;
    const { state, env } = ctx.read();
    const reply = readReply(state, env, req);
    if (reply) return reply;
    return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };
  } catch (e) {
    const st = statusOf(e);
    return { code: st.code, body: st };
  }
}

/** Run `get --raw PATH` (args and other flags refused as kubectl refuses them). */
export function getRaw(ctx: CommandContext, raw: string, args: string[], opts: { output?: string; watch?: boolean; watchOnly?: boolean; selector?: string }): void {
  if (args.length) throw new CliError('arguments may not be passed when --raw is specified');
  if (opts.watch || opts.watchOnly || opts.selector) throw new CliError('--raw may not be specified with other flags that filter the server request or alter the output');
  if (opts.output) throw new CliError('--raw and --output are mutually exclusive');
  // Go's url.ParseRequestURI: an absolute URL or a path from the root.
  if (!raw.startsWith('/') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw)) throw new CliError(`--raw must be a valid URL path: parse ${JSON.stringify(raw)}: invalid URI for request`);
  let path = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.test(raw) ? raw.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/, '') || '/' : raw;
  let reply = answer(ctx, path);
  // Go's HTTP client follows a redirect of a GET (the proxy's `.../proxy` -> `.../proxy/`).
  for (let hops = 0; hops < 10 && [301, 302, 303, 307, 308].includes(reply.code); hops++) {
    const location = reply.headers?.find(([k]) => k.toLowerCase() === 'location')?.[1];
    if (!location) break;
    path = location;
    reply = answer(ctx, path);
  }
  const text = replyText(reply, { url: new URL(path, 'http://127.0.0.1'), headers: {} });
  if (reply.code < 200 || reply.code > 299) throw new RawError(failureText(reply, text));
  ctx.out(text);
}
