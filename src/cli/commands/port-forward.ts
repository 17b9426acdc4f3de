/**
 * `kube-sim port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...`: listens on real local ports (127.0.0.1
 * and ::1 by default, `--address` otherwise) and forwards each connection to the simulated pod, whose
 * application answers through the kubelet's path (src/network/port-forward.ts), so a real curl or
 * browser on the host reaches it. kubectl's steps and words: resolve the pod (a Service, Deployment,
 * ReplicaSet or RC picks its most active pod), translate service and named ports, check the pod runs,
 * listen, print `Forwarding from ...` and `Handling connection for ...`; Ctrl-C ends it (exit 0), and a
 * connection the kubelet cannot forward ends it with kubectl's error and `lost connection to pod`.
 */
import type { Command } from 'commander';
import { createServer, type Server, type Socket } from 'node:net';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import { CliError, notFound } from '../../api/errors.js';
import { getObject } from '../../api/objects.js';
import { qualifiedResource } from '../../api/kind.js';
import { resolveType } from '../resource-args.js';
import { attachablePod } from './logs-target.js';
import { HttpConnection, type Answer } from '../../network/http-wire.js';
import { forwardRefusal, forwardRequest, forwardTarget, type ForwardTarget } from '../../network/port-forward.js';

interface PortForwardFlags {
  address: string[];
  podRunningTimeout: string;
}

interface ForwardedPort {
  local: number;
  remote: number;
}

interface ListenAddress {
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

/** `[LOCAL:]REMOTE` split as kubectl's splitPort does. */
function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
}

/** A port spec rebuilt from its two halves (one number when they agree). */
function joinPort(local: string, remote: string): string {
  return local !== remote ? `${local}:${remote}` : remote;
}

/** Container port of a named port (containers, then init containers). */
function namedContainerPort(pod: KubeObject, name: string): number {
  const spec = pod.spec as { containers?: { ports?: { name?: string; containerPort: number }[] }[]; initContainers?: { ports?: { name?: string; containerPort: number }[] }[] };
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const p = c.ports?.find((x) => x.name === name);
    if (p) return p.containerPort;
  }
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

interface SvcPort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

function servicePorts(svc: KubeObject): SvcPort[] {
  return ((svc.spec as { ports?: SvcPort[] } | undefined)?.ports ?? []);
}

function servicePortByName(svc: KubeObject, name: string): number {
  const p = servicePorts(svc).find((x) => (x.name ?? '') === name);
  if (!p) throw new CliError(`Service '${svc.metadata.name}' does not have a named port '${name}'`);
  return p.port;
}

const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

/** Service ports become the chosen pod's target ports (translateServicePortToTargetPort). */
function translateServicePorts(specs: string[], svc: KubeObject, pod: KubeObject): string[] {
  return specs.map((spec) => {
    let [local, remote] = splitPort(spec);
    let portnum: number;
    if (isNumber(remote)) portnum = Number(remote);
    else {
      portnum = servicePortByName(svc, remote);
      if (local === remote) local = String(portnum);
    }
    let container = portnum;
    if ((svc.spec as { clusterIP?: string }).clusterIP !== 'None') {
      const sp = servicePorts(svc).find((p) => p.port === portnum);
      if (!sp) throw new CliError(`Service ${svc.metadata.name} does not have a service port ${portnum}`);
      const tp = sp.targetPort;
      container = typeof tp === 'string' && !isNumber(tp) ? namedContainerPort(pod, tp) : Number(tp ?? 0) || sp.port;
    }
    return joinPort(local, String(container));
  });
}

/** Named container ports become numbers (convertPodNamedPortToNumber). */
function convertNamedPorts(specs: string[], pod: KubeObject): string[] {
  return specs.map((spec) => {
    const [local, remote] = splitPort(spec);
    if (remote === '') throw new CliError('remote port cannot be empty');
    const number = isNumber(remote) ? remote : String(namedContainerPort(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** kubectl refuses ports that only exist as UDP (port-forward carries TCP). */
function checkUdpOnly(specs: string[], ports: { port: number; protocol?: string }[], lookup: (name: string) => number): void {
  const udp = new Set(ports.filter((p) => p.protocol === 'UDP').map((p) => p.port));
  for (const p of ports) if ((p.protocol ?? 'TCP') === 'TCP') udp.delete(p.port);
  for (const spec of specs) {
    const remote = splitPort(spec)[1];
    const n = isNumber(remote) ? Number(remote) : lookup(remote);
    if (udp.has(n)) throw new CliError(`UDP protocol is not supported for ${remote}`);
  }
}

/** Go's strconv.ParseUint error for a port. */
function parsePortNumber(text: string, which: 'local' | 'remote'): number {
  if (!/^\d+$/.test(text)) throw new CliError(`error parsing ${which} port '${text}': strconv.ParseUint: parsing "${text}": invalid syntax`);
  const n = Number(text);
  if (n > 65535) throw new CliError(`error parsing ${which} port '${text}': strconv.ParseUint: parsing "${text}": value out of range`);
  return n;
}

/** The final `[LOCAL:]REMOTE` list as numbers (client-go's parsePorts; `:5000` and `0:5000` pick a free local port). */
function parsePorts(specs: string[]): ForwardedPort[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new CliError(`invalid port format '${spec}'`);
    const local = parts.length === 1 ? parts[0]! : parts[0] || '0';
    const remote = parts.length === 1 ? parts[0]! : parts[1]!;
    const l = parsePortNumber(local, 'local');
    const r = parsePortNumber(remote, 'remote');
    if (r === 0) throw new CliError('remote port must be > 0');
    return { local: l, remote: r };
  });
}

/** `--address` values: `localhost` means 127.0.0.1 and ::1; sorted as kubectl sorts them. */
function parseAddresses(values: string[]): ListenAddress[] {
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
function bindError(a: ListenAddress, port: number, e: NodeJS.ErrnoException): string {
  const why: Record<string, string> = { EADDRINUSE: 'address already in use', EACCES: 'permission denied', EADDRNOTAVAIL: 'cannot assign requested address' };
  return `unable to create listener: Error listen ${a.protocol} ${hostPort(a.address, port)}: bind: ${why[e.code ?? ''] ?? (e.code ?? 'failed').toLowerCase()}`;
}

function listen(a: ListenAddress, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ pauseOnConnect: false });
    server.once('error', reject);
    server.listen({ host: a.address, port, ipv6Only: a.protocol === 'tcp6', exclusive: true }, () => {
      server.removeListener('error', reject);
      server.on('error', () => undefined);
      resolve(server);
    });
  });
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
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micro = String(now.getUTCMilliseconds() * 1000).padStart(6, '0');
  const stamp = `${p2(now.getUTCMonth() + 1)}${p2(now.getUTCDate())} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}.${micro}`;
  return `E${stamp} ${String(KUBECTL_PID).padStart(7)} portforward.go:424] "Unhandled Error" err=${goQuote(message)}\n`;
}

/** The object the first argument names (a bare name is a pod), its pod, and the ports to forward. */
function complete(ctx: CommandContext, state: ClusterState, args: string[]): { pod: KubeObject; specs: string[] } {
  const [resource, ...specs] = args as [string, ...string[]];
  const slash = resource.indexOf('/');
  const info = resolveType(slash < 0 ? 'pods' : resource.slice(0, slash));
  const name = slash < 0 ? resource : resource.slice(slash + 1);
  const obj = getObject(state, info.resource, info.namespaced ? ctx.namespace : undefined, name);
  if (!obj) throw notFound(qualifiedResource(info), name);
  const { pod } = attachablePod(state, ctx.namespace, info, obj);
  if (info.kind === 'Service') {
    checkUdpOnly(specs, servicePorts(obj), (n) => servicePortByName(obj, n));
    return { pod, specs: translateServicePorts(specs, obj, pod) };
  }
  const containerPorts = ((pod.spec as { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] }).containers ?? []).flatMap((c) =>
    (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
  );
  checkUdpOnly(specs, containerPorts, (n) => namedContainerPort(pod, n));
  return { pod, specs: convertNamedPorts(specs, pod) };
}

async function run(ctx: CommandContext, args: string[], flags: PortForwardFlags): Promise<number> {
  if (args.length < 2) throw new CliError('TYPE/NAME and list of ports are required for port-forward', 'port-forward');
  const { state } = ctx.read();
  const { pod, specs } = complete(ctx, state, args);
  const ports = parsePorts(specs);
  const addresses = parseAddresses(flags.address.length ? flags.address : ['localhost']);
  const phase = (pod.status as { phase?: string } | undefined)?.phase ?? '';
  if (phase !== 'Running') throw new CliError(`unable to forward port because pod is not running. Current status=${phase}`);
  return forward(ctx, forwardTarget(pod), ports, addresses);
}

/** Listen, forward until Ctrl-C (0) or a connection the kubelet refuses (kubectl's lost connection). */
async function forward(ctx: CommandContext, target: ForwardTarget, ports: ForwardedPort[], addresses: ListenAddress[]): Promise<number> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let finish: (outcome: 'interrupted' | 'lost') => void = () => undefined;
  const outcome = new Promise<'interrupted' | 'lost'>((resolve) => (finish = resolve));

  const answer = (remote: number) => (req: Parameters<typeof forwardRequest>[4]): Answer => {
    try {
      return ctx.mutate((st, env) => forwardRequest(st, env, target, remote, req)).result;
    } catch {
      return 'closed';
    }
  };
  const onConnection = (port: ForwardedPort) => (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    ctx.out(`Handling connection for ${port.local}\n`);
    const { state, env } = ctx.read();
    const refusal = forwardRefusal(state, target, port.remote);
    if (refusal) {
      ctx.err(klogError(env.now(), `an error occurred forwarding ${port.local} -> ${port.remote}: ${refusal}`));
      finish('lost');
      return;
    }
    const http = new HttpConnection({ write: (b) => socket.write(b), end: () => socket.end() }, answer(port.remote));
    socket.on('data', (c: Buffer) => http.data(c));
    socket.on('end', () => http.end());
  };

  let listening = false;
  for (const port of ports) {
    const errors: string[] = [];
    const failed = { all: 0, any: 0 };
    const succeeded = { all: 0, any: 0 };
    for (const a of addresses) {
      try {
        const server = await listen(a, port.local);
        servers.push(server);
        const bound = server.address();
        if (bound && typeof bound === 'object') port.local = bound.port;
        ctx.out(`Forwarding from ${hostPort(a.address, port.local)} -> ${port.remote}\n`);
        server.on('connection', onConnection(port));
        succeeded[a.failureMode]++;
      } catch (e) {
        errors.push(bindError(a, port.local, e as NodeJS.ErrnoException));
        failed[a.failureMode]++;
      }
    }
    if ((succeeded.all === 0 && failed.all > 0) || failed.any > 0) {
      ctx.err(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    } else listening = true;
  }
  const close = () => {
    for (const s of servers) s.close();
    // A graceful end, as kubectl's exit gives: a request still arriving is read, not answered with a reset.
    for (const s of sockets) {
      s.end();
      setTimeout(() => s.destroy(), 100);
    }
  };
  if (!listening) {
    close();
    throw new CliError(`unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
  }
  const unsubscribe = ctx.io.onInterrupt?.(() => finish('interrupted'));
  const result = await outcome;
  unsubscribe?.();
  close();
  if (result === 'lost') throw new CliError('lost connection to pod');
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('port-forward')
    .description('Forward one or more local ports to a pod')
    .usage('TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]')
    .argument('[args...]')
    .option(
      '--address <addresses>',
      'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.',
      (v: string, prev: string[]) => [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)],
      [] as string[],
    )
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', '1m0s')
    .action(h.action<PortForwardFlags>((ctx, args, opts) => run(ctx, args, opts)));
}
