/**
 * `kube-sim port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...`: kubectl's Complete and Validate steps
 * (resolve the pod: a Service, Deployment, ReplicaSet or RC picks its most active pod; translate service
 * and named ports; refuse UDP-only ports; the pod must be Running), then port-forward-listen.ts listens
 * and forwards each connection to the simulated pod, with kubectl's words at every step.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import { CliError, notFound } from '../../api/errors.js';
import { getObject } from '../../api/objects.js';
import { qualifiedResource } from '../../api/kind.js';
import { resolveType } from '../resource-args.js';
import { attachablePod } from './logs-target.js';
import { forwardTarget } from '../../network/port-forward.js';
import { forwardPorts, parseAddresses, type ForwardedPort } from './port-forward-listen.js';

interface PortForwardFlags {
  address: string[];
  podRunningTimeout: string;
}

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
  return forwardPorts(ctx, forwardTarget(pod), ports, addresses);
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
