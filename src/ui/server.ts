/**
 * `kube-sim ui`'s web server on 127.0.0.1: the page, its script, a stream of server-sent events (the
 * picture whenever the cluster changes, each traced request), the details of a selected object, and
 * requests sent from the page. It answers only a loopback Host and its own Origin (serve's guard), so
 * another site can neither read the cluster nor send requests through it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Io } from '../cli/io.js';
import { CommandContext } from '../cli/context.js';
import { refusal } from '../serve/origin-guard.js';
import { listenOnLoopback } from '../serve/listen.js';
import { getObject } from '../api/objects.js';
import { packageRoot } from '../store/store.js';
import { hostSystem, podSystem, runOn } from '../shell/index.js';
import { httpPrograms } from '../shell/programs/http.js';
import type { Trace } from '../network/trace.js';
import { details } from './details.js';
import { Inbox } from './inbox.js';
import { uiPage } from './page.js';
import { picture, type Picture } from './picture.js';
import { snapshot, watchCluster, type Snapshot } from './watch.js';

export interface UiOptions {
  port: number;
  /** How often the state is polled (ms). */
  intervalMs?: number;
}

export interface UiServer {
  server: Server;
  port: number;
  /** Stop polling, end the event streams, close the server and remove the trace inbox. */
  close(): Promise<void>;
}

/** The front-end bundle: scripts/build.mjs writes it beside the CLI bundle (dist/), which runs from there. */
function appScript(): string | undefined {
  const here = typeof __filename === 'string' ? dirname(__filename) : undefined;
  for (const dir of [...(here && !here.includes(`${sep}src${sep}`) ? [here] : []), join(packageRoot(), 'dist')]) {
    try {
      return readFileSync(join(dir, 'ui-app.js'), 'utf8');
    } catch {
      /* try the next place */
    }
  }
  return undefined;
}

/** What the page needs of a picture: the SVG, the owners of addresses, and the pods a request can start from. */
function pictureEvent(p: Picture): string {
  return JSON.stringify({ svg: p.svg, addresses: p.addresses, pods: p.model.pods.filter((x) => x.ip).map((x) => ({ id: x.id, label: `pod ${x.namespace}/${x.name}` })) });
}

async function body(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new Error('request too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/** Start the ui server; resolves once it listens. */
export async function startUi(io: Io, globals: { state?: string; namespace?: string }, opts: UiOptions): Promise<UiServer> {
  const ctx = new CommandContext({ ...io, stdout: { write: () => true } }, globals);
  const store = ctx.store;
  const watchOpts = { vars: io.env, now: io.now, intervalMs: opts.intervalMs };
  const clients = new Set<ServerResponse>();
  const first = snapshot(store, watchOpts);
  let current: Picture = picture(first.state, first.env.now());
  let currentEvent = '';
  const broadcast = (event: string, data: string) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  const update = (s: Snapshot) => {
    const next = picture(s.state, s.env.now());
    const ev = pictureEvent(next);
    current = next;
    if (ev === currentEvent) return;
    currentEvent = ev;
    broadcast('picture', ev);
  };
  const sendTraces = (traces: readonly Trace[] | undefined) => {
    for (const t of traces ?? []) broadcast('trace', JSON.stringify(t));
  };

  const inbox = store.location.startsWith('<') ? undefined : new Inbox(store.location);
  const stopWatch = watchCluster(store, watchOpts, (s) => {
    update(s);
    if (inbox) sendTraces(inbox.read());
  });
  // Traces arrive without a state change too (a request that changed nothing).
  const inboxTimer = inbox ? setInterval(() => sendTraces(inbox.read()), opts.intervalMs ?? 250) : undefined;
  const keepAlive = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);

  let port = opts.port;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Concatenated, not resolved: a path such as //x must not be read as a host.
    const url = new URL(`http://127.0.0.1${req.url ?? '/'}`);
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', uiPage(current.svg, current.model.pods.filter((p) => p.ip)));
    if (method === 'GET' && url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (method === 'GET' && url.pathname === '/app.js') {
      const js = appScript();
      return js ? send(res, 200, 'text/javascript; charset=utf-8', js) : send(res, 500, 'text/plain; charset=utf-8', 'the page script is missing: run `npm run build`\n');
    }
    if (method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`event: picture\ndata: ${currentEvent || pictureEvent(current)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (method === 'GET' && url.pathname === '/api/details') {
      const s = snapshot(store, watchOpts);
      const d = details(s.state, s.env, url.searchParams.get('id') ?? '');
      return d ? send(res, 200, 'application/json', JSON.stringify(d)) : send(res, 404, 'application/json', JSON.stringify({ error: 'no such Service or pod' }));
    }
    if (method === 'POST' && url.pathname === '/api/request') {
      let input: { from?: unknown; url?: unknown };
      try {
        input = JSON.parse(await body(req)) as typeof input;
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ error: 'a JSON body {from, url} is expected' }));
      }
      const from = typeof input.from === 'string' ? input.from : 'outside';
      const target = typeof input.url === 'string' ? input.url.trim() : '';
      if (!target || target.length > 2048 || target.startsWith('-')) return send(res, 400, 'application/json', JSON.stringify({ error: 'a URL is expected' }));
      const { result } = ctx.mutate((state, env) => {
        let sys;
        if (from === 'outside') sys = hostSystem(state, env);
        else {
          const m = /^pod:([^/]+)\/(.+)$/.exec(from);
          const pod = m ? getObject(state, 'pods', m[1], m[2]!) : undefined;
          const container = (pod?.spec as { containers?: { name: string }[] } | undefined)?.containers?.[0]?.name;
          if (!pod || !container) return { stdout: '', stderr: `no pod ${from}\n`, exitCode: 1 };
          sys = podSystem(state, env, pod, container);
          // The request leaves from the pod's network namespace whatever tools its image has.
          sys.programs = { curl: httpPrograms.curl! };
        }
        return runOn(sys, ['curl', '-s', '-m', '5', target], { trace: true, tty: true });
      });
      sendTraces(result.traces);
      return send(res, 200, 'application/json', JSON.stringify({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, traces: result.traces ?? [] }));
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  };

  const server = createServer((req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const refused = refusal(req.headers, port, 'kube-sim ui');
    if (refused) return send(res, 403, 'text/plain; charset=utf-8', refused + '\n');
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'kube-sim ui could not answer this request\n');
      else res.destroy();
    });
  });
  port = await listenOnLoopback(server, opts.port);

  return {
    server,
    port,
    async close() {
      stopWatch();
      if (inboxTimer) clearInterval(inboxTimer);
      clearInterval(keepAlive);
      for (const c of clients) c.end();
      clients.clear();
      inbox?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
