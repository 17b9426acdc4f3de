/**
 * `kubectl proxy` (kube-sim's `proxy` without a subcommand): the Kubernetes API on a local port for
 * curl and browsers, answered by the same handler as `kube-sim serve` (src/serve), behind kubectl's
 * request filter (accepted hosts, paths and methods; exec and attach refused) and `--api-prefix`.
 * At a terminal it listens on a real port until Ctrl-C; inside a walkthrough (io.hostPorts) it listens
 * on the simulated host's port, where the walkthrough's curl reaches it, answered on that curl's state.
 */
import { STATUS_CODES, createServer, type Server } from 'node:http';
import type { CommandContext } from '../context.js';
import type { HttpResponse } from '../../network/contracts.js';
import type { HostPorts } from '../../network/host-ports.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { httpDate } from '../../network/apps.js';
import { proxyReply, proxyTarget, readReply, replyText, type ReadRequest, type Reply } from '../../serve/reads.js';
import { status, statusOf } from '../../serve/status.js';
import { klogHeader } from './port-forward-listen.js';
import { strerror } from '../../util/errno-text.js';

/** kubectl proxy's flags. */
export interface ApiProxyFlags {
  port?: string;
  address?: string;
  apiPrefix?: string;
  acceptHosts?: string;
  acceptPaths?: string;
  rejectPaths?: string;
  rejectMethods?: string;
  disableFilter?: boolean;
}

/** kubectl proxy's request filter (its FilterServer). */
interface Filter {
  acceptHosts: RegExp[];
  acceptPaths: RegExp[];
  rejectPaths: RegExp[];
  rejectMethods: RegExp[];
}

const DEFAULTS = {
  acceptHosts: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$',
  acceptPaths: '^.*',
  rejectPaths: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach',
  rejectMethods: '^$',
};

function regexps(list: string): RegExp[] {
  return list.split(',').filter(Boolean).map((r) => {
    try {
      return new RegExp(r);
    } catch {
      throw new CliError(`error parsing regexp: invalid regular expression: \`${r}\``);
    }
  });
}

const matchesAny = (s: string, res: RegExp[]) => res.some((r) => r.test(s));

/**
 * The host kubectl's filter matches: net.SplitHostPort's host (`[::1]:8001` -> `::1`, which the default
 * `^\[::1\]$` refuses), or the whole Host header when it has no port.
 */
function hostOf(hostHeader: string): string {
  const m = /^\[([^\]]*)\]:\d*$/.exec(hostHeader) ?? /^([^:[\]]*):\d*$/.exec(hostHeader);
  return m ? m[1]! : hostHeader;
}

/** Does the filter let this request through? */
function accepts(f: Filter | undefined, method: string, path: string, hostHeader: string): boolean {
  if (!f) return true;
  return matchesAny(path, f.acceptPaths) && !matchesAny(path, f.rejectPaths) && matchesAny(hostOf(hostHeader), f.acceptHosts) && !matchesAny(method, f.rejectMethods);
}

/**
 * Where `--api-prefix` puts a request: the API path under it, Go's ServeMux redirect of the prefix without
 * its slash, or nothing (its 404) outside it.
 */
function underPrefix(prefix: string, path: string): { inner: string } | { redirect: string } | undefined {
  const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
  if (p === '/') return { inner: path };
  if (path === p.slice(0, -1)) return { redirect: p };
  if (path.startsWith(p)) return { inner: path.slice(p.length - 1) || '/' };
  return undefined;
}

/** The filter's and the mux's own answers, before a request reaches the API: undefined to pass it on. */
function gate(filter: Filter | undefined, prefix: string, method: string, url: URL, host: string, now: () => Date): HttpResponse | { inner: string } {
  // The mux routes by prefix first; the filter then sees the path with the prefix stripped.
  const under = underPrefix(prefix, url.pathname);
  if (!under) return plainError(404, '404 page not found', now());
  if ('redirect' in under) {
    const body = `<a href="${under.redirect}">Moved Permanently</a>.\n\n`;
    return { status: 301, statusText: 'Moved Permanently', headers: [['Content-Type', 'text/html; charset=utf-8'], ['Location', under.redirect], ['Date', httpDate(now())], ['Content-Length', String(body.length)]], body };
  }
  if (!accepts(filter, method, under.inner, host)) return plainError(403, 'Forbidden', now());
  return under;
}

/** net/http's http.Error answer: the text, a newline, and its headers. */
function plainError(code: number, text: string, now: Date): HttpResponse {
  const body = `${text}\n`;
  return {
    status: code,
    statusText: STATUS_CODES[code] ?? text,
    headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(now)], ['Content-Length', String(body.length)]],
    body,
  };
}

/** Start `kubectl proxy` and serve until interrupted. */
export async function runApiProxy(ctx: CommandContext, flags: ApiProxyFlags): Promise<void> {
  const port = flags.port === undefined ? 8001 : Number(flags.port);
  if (!/^\d+$/.test(flags.port ?? '8001') || port > 65535) throw new CliError(`invalid argument "${flags.port}" for "-p, --port" flag: strconv.ParseInt: parsing "${flags.port}": invalid syntax`);
  const address = flags.address ?? '127.0.0.1';
  const prefix = flags.apiPrefix ?? '/';
  const filter: Filter | undefined = flags.disableFilter
    ? undefined
    : {
        acceptHosts: regexps(flags.acceptHosts ?? DEFAULTS.acceptHosts),
        acceptPaths: regexps(flags.acceptPaths ?? DEFAULTS.acceptPaths),
        rejectPaths: regexps(flags.rejectPaths ?? DEFAULTS.rejectPaths),
        rejectMethods: regexps(flags.rejectMethods ?? DEFAULTS.rejectMethods),
      };
  if (flags.disableFilter) ctx.err(`${klogHeader('W', ctx.read().env.now(), 'proxy.go:177')} Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious\n`);
  const stop = ctx.io.hostPorts ? listenOnHost(ctx, ctx.io.hostPorts, port, address, prefix, filter) : await listenForReal(ctx, port, address, prefix, filter);
  // Until Ctrl-C (the process dies of SIGINT: 130), or the walkthrough stopping the job.
  let unsubscribe: (() => void) | undefined;
  await new Promise<void>((resolve) => {
    unsubscribe = ctx.io.onInterrupt?.(() => resolve());
    const signal = ctx.io.signal;
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  unsubscribe?.();
  stop();
  throw new ExitCode(130);
}

/** A real listening socket answered by serve's handler. */
async function listenForReal(ctx: CommandContext, port: number, address: string, prefix: string, filter: Filter | undefined): Promise<() => void> {
  const { answerApiRequest, MAX_HEADER_BYTES } = await import('../../serve/server.js');
  let bound = port;
  // kubectl proxy is a Go server too: a long URL (an exec's argument, a long selector) fits as it does there.
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const gated = gate(filter, prefix, req.method ?? 'GET', url, String(req.headers.host ?? ''), () => ctx.read().env.now());
    if (!('inner' in gated)) {
      res.writeHead(gated.status, gated.headers.flat());
      return void res.end(gated.body);
    }
    req.url = gated.inner + url.search;
    void answerApiRequest(req, res, ctx, () => bound);
  });
  bound = await new Promise<number>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(new CliError(`listen tcp ${address}:${port}: bind: ${strerror(e.code) ?? 'failed'}`));
    });
    server.listen({ host: address, port, exclusive: true }, () => resolve((server.address() as { port: number }).port));
  });
  ctx.out(`Starting to serve on ${address}:${bound}\n`);
  return () => {
    server.closeAllConnections();
    server.close();
  };
}

/** The simulated host's port: each connection of the walkthrough's curl answered on that curl's state. */
function listenOnHost(ctx: CommandContext, table: HostPorts, port: number, address: string, prefix: string, filter: Filter | undefined): () => void {
  const p = port || table.ephemeral();
  const ok = table.listen(p, (net, req) => {
    const now = net.env.now();
    const url = new URL(req.path, 'http://127.0.0.1');
    const host = req.headers.Host ?? req.headers.host ?? `localhost:${p}`;
    const gated = gate(filter, prefix, req.method, url, host, () => now);
    if (!('inner' in gated)) return { ok: true, response: gated };
    const innerUrl = new URL(gated.inner + url.search, 'http://127.0.0.1');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const read: ReadRequest = { method: req.method, url: innerUrl, accept: headers.accept ?? '*/*', headers, body: req.body, port: 6443 };
    let reply: Reply;
    try {
      reply =
        (proxyTarget(innerUrl.pathname) ? proxyReply(net.state, net.env, read) : req.method === 'GET' ? readReply(net.state, net.env, read) : undefined) ??
        { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
    } catch (e) {
      const st = statusOf(e);
      reply = { code: st.code, body: st };
    }
    const statusText = STATUS_CODES[reply.code] ?? '';
    if (reply.headers) return { ok: true, response: { status: reply.code, statusText, headers: reply.headers, body: String(reply.body) } };
    const body = replyText(reply, read);
    const type = reply.contentType ?? 'application/json';
    return { ok: true, response: { status: reply.code, statusText, headers: [['Cache-Control', 'no-cache, private'], ['Content-Type', type], ['Date', httpDate(now)], ['Content-Length', String(Buffer.byteLength(body))]], body } };
  });
  if (!ok) throw new CliError(`listen tcp ${address}:${p}: bind: address already in use`);
  ctx.out(`Starting to serve on ${address}:${p}\n`);
  // No socket keeps the process alive here: a timer does, as a listening socket would.
  const alive = setInterval(() => undefined, 1 << 30);
  return () => {
    table.close(p);
    clearInterval(alive);
  };
}
