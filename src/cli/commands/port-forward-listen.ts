/**
 * The listening half of `port-forward` (client-go's PortForwarder): one listener per port and address,
 * `Forwarding from ...` for each, `Handling connection for N` per connection, the kubelet's check of
 * each connection and the pod's answers through src/network/port-forward.ts. Listeners are real sockets
 * on the host, or, inside a walkthrough (io.hostPorts), the simulated host's ports, which the
 * walkthrough's curl reaches (a sandbox opens no real port, and its output must not depend on which
 * ports the machine has free). It ends on Ctrl-C or io.signal (exit 0), or with kubectl's
 * `lost connection to pod` after a connection the kubelet refused.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { CommandContext } from '../context.js';
import type { ClusterState } from '../../api/types.js';
import type { Env } from '../../env.js';
import { CliError } from '../../api/errors.js';
import { HttpConnection, type Answer, type WireRequest } from '../../network/http-wire.js';
import { forwardRefusal, forwardRequest, type ForwardTarget } from '../../network/port-forward.js';
import type { HostPorts } from '../../network/host-ports.js';
import { strerror } from '../../util/errno-text.js';

/** A `[LOCAL:]REMOTE` pair; `local` 0 until a listener picked a free port. */
export interface ForwardedPort {
  local: number;
  remote: number;
}

export interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  /** `all`: localhost's pair fails only if both fail; `any`: an explicit address must succeed. */
  failureMode: 'all' | 'any';
}

/**
 * The process id kubectl's klog lines carry. kube-sim prints a fixed one: the line must be the same
 * bytes on every run.
 */
const KUBECTL_PID = 48213;

/** `--address` values: `localhost` means 127.0.0.1 and ::1; sorted as kubectl sorts them. */
export function parseAddresses(values: string[]): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const a of values) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a) && a.split('.').every((o) => Number(o) <= 255)) {
      parsed.set(a, { address: a, protocol: 'tcp4', failureMode: 'any' });
    } else if (a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a)) {
      parsed.set(a, { address: a, protocol: 'tcp6', failureMode: 'any' });
    } else throw new CliError(`${a} is not a valid IP`);
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Go's net error text for a failed bind. */
function bindError(a: ListenAddress, port: number, code: string | undefined): string {
  return `unable to create listener: Error listen ${a.protocol} ${hostPort(a.address, port)}: bind: ${strerror(code) ?? (code ?? 'failed').toLowerCase()}`;
}

/** Go's %q of a string: the quotes klog puts around an error. */
function goQuote(s: string): string {
  return `"${s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  })}"`;
}

/** klog's error line, as kubectl 1.32 prints a failed forward (client-go portforward.go:424). */
function klogError(now: Date, message: string): string {
  return `${klogHeader('E', now, 'portforward.go:424')} "Unhandled Error" err=${goQuote(message)}\n`;
}

/** klog's line header as kubectl writes it: severity, date and time of `now`, kubectl's pid, source line. */
export function klogHeader(severity: 'E' | 'W' | 'I', now: Date, source: string): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micro = String(now.getUTCMilliseconds() * 1000).padStart(6, '0');
  const stamp = `${p2(now.getUTCMonth() + 1)}${p2(now.getUTCDate())} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}.${micro}`;
  return `${severity}${stamp} ${String(KUBECTL_PID).padStart(7)} ${source}]`;
}

/** What a listener does with a connection, on whichever state it runs against. */
interface Forwarder {
  /** kubectl's line and the kubelet's check for a new connection: false when refused (the session ends). */
  accept(port: ForwardedPort, state: ClusterState, env: Env): boolean;
  /** One request on an accepted connection. */
  request(port: ForwardedPort, state: ClusterState, env: Env, req: WireRequest): Answer;
}

/** Where listeners are opened: the host's real sockets, or the simulated host's ports. */
interface Listeners {
  /**
   * Listen: the bound port, or the bind error's code thrown (or the promise of either, for real sockets).
   * The simulated host answers at once, so a background job prints all its lines before the next command.
   */
  listen(a: ListenAddress, port: ForwardedPort): number | Promise<number>;
  close(): void;
}

/** Real sockets: each connection's bytes are parsed as HTTP, each request answered in its own transaction. */
function realListeners(ctx: CommandContext, fw: Forwarder): Listeners {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const onConnection = (port: ForwardedPort) => (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const { state, env } = ctx.read();
    if (!fw.accept(port, state, env)) return;
    const answer = (req: WireRequest): Answer => {
      try {
        return ctx.mutate((st, e) => fw.request(port, st, e, req)).result;
      } catch {
        return 'closed';
      }
    };
    const http = new HttpConnection({ write: (b) => socket.write(b), end: () => socket.end() }, answer);
    socket.on('data', (c: Buffer) => http.data(c));
    socket.on('end', () => http.end());
  };
  return {
    listen: (a, port) =>
      new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', (e: NodeJS.ErrnoException) => reject(e.code));
        server.listen({ host: a.address, port: port.local, ipv6Only: a.protocol === 'tcp6', exclusive: true }, () => {
          server.removeAllListeners('error');
          server.on('error', () => undefined);
          server.on('connection', onConnection(port));
          servers.push(server);
          const bound = server.address();
          resolve(bound && typeof bound === 'object' ? bound.port : port.local);
        });
      }),
    close() {
      for (const s of servers) s.close();
      // A graceful end, as kubectl's exit gives: a request still arriving is read, not answered with a reset.
      for (const s of sockets) {
        s.end();
        setTimeout(() => s.destroy(), 100);
      }
    },
  };
}

/** The simulated host's ports: a connection is one request of the host's curl, answered on its state. */
function hostListeners(table: HostPorts, fw: Forwarder): Listeners {
  const held = new Set<number>();
  // No socket keeps the process alive here: a timer does, as a listening socket would, so a walkthrough
  // waiting on this job waits (as bash's `wait` would) instead of the process ending under it.
  let alive: ReturnType<typeof setInterval> | undefined;
  return {
    listen(_a, port) {
      const p = port.local || table.ephemeral();
      // 127.0.0.1 and ::1 are one port of the table: the second address of a pair shares it.
      if (!held.has(p)) {
        const ok = table.listen(p, (net, req) => {
          if (!fw.accept(port, net.state, net.env)) return { ok: false, error: 'empty' };
          const res = fw.request(port, net.state, net.env, { ...req, keepAlive: false });
          return res === 'closed' ? { ok: false, error: 'empty' } : { ok: true, response: res };
        });
        if (!ok) throw 'EADDRINUSE';
        held.add(p);
        alive ??= setInterval(() => undefined, 1 << 30);
      }
      return p;
    },
    close() {
      for (const p of held) table.close(p);
      held.clear();
      if (alive) clearInterval(alive);
    },
  };
}

/** Listen on every port and address, then forward until interrupted (0) or a refused connection (kubectl's error). */
export async function forwardPorts(ctx: CommandContext, target: ForwardTarget, ports: ForwardedPort[], addresses: ListenAddress[]): Promise<number> {
  let finish: (outcome: 'interrupted' | 'lost') => void = () => undefined;
  const outcome = new Promise<'interrupted' | 'lost'>((resolve) => (finish = resolve));
  const fw: Forwarder = {
    accept(port, state, env) {
      ctx.out(`Handling connection for ${port.local}\n`);
      const refusal = forwardRefusal(state, target, port.remote);
      if (!refusal) return true;
      ctx.err(klogError(env.now(), `an error occurred forwarding ${port.local} -> ${port.remote}: ${refusal}`));
      finish('lost');
      return false;
    },
    request: (port, state, env, req) => forwardRequest(state, env, target, port.remote, req),
  };
  const listeners = ctx.io.hostPorts ? hostListeners(ctx.io.hostPorts, fw) : realListeners(ctx, fw);

  let listening = false;
  for (const port of ports) {
    const errors: string[] = [];
    const failed = { all: 0, any: 0 };
    const succeeded = { all: 0, any: 0 };
    for (const a of addresses) {
      try {
        const bound = listeners.listen(a, port);
        port.local = typeof bound === 'number' ? bound : await bound;
        ctx.out(`Forwarding from ${hostPort(a.address, port.local)} -> ${port.remote}\n`);
        succeeded[a.failureMode]++;
      } catch (code) {
        errors.push(bindError(a, port.local, code as string | undefined));
        failed[a.failureMode]++;
      }
    }
    if ((succeeded.all === 0 && failed.all > 0) || failed.any > 0) {
      ctx.err(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    } else listening = true;
  }
  if (!listening) {
    listeners.close();
    throw new CliError(`unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
  }
  // Ctrl-C, or the walkthrough stopping this job (already aborted for a foreground line: stop at once).
  const unsubscribe = ctx.io.onInterrupt?.(() => finish('interrupted'));
  const signal = ctx.io.signal;
  const onAbort = () => finish('interrupted');
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const result = await outcome;
  unsubscribe?.();
  signal?.removeEventListener('abort', onAbort);
  listeners.close();
  if (result === 'lost') throw new CliError('lost connection to pod');
  return 0;
}
