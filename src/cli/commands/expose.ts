/**
 * `kube-sim expose (TYPE NAME | TYPE/NAME) [--port] [--target-port] [--name] [--type] ...`, as kubectl 1.32:
 * selector, labels, ports and protocols are derived from the exposed pod, RC, RS, Deployment or Service
 * unless given; several introspected ports are named `port-1`, `port-2`, ...; API errors are not wrapped.
 */
import type { Command } from 'commander';
import { readManifests } from '../../api/manifest.js';
import { decodeManifest } from '../../api/server.js';
import type { Harness } from '../harness.js';
import type { KubeObject } from '../../api/types.js';
import { CliError, notFound } from '../../api/errors.js';
import { qualifiedResource } from '../../api/kind.js';
import { getObject } from '../../api/objects.js';
import { resolveType } from '../resource-args.js';
import { writeService } from './service-write.js';

interface ExposeOptions {
  port?: string;
  targetPort?: string;
  name?: string;
  type?: string;
  protocol?: string;
  externalIp?: string;
  loadBalancerIp?: string;
  sessionAffinity?: string;
  selector?: string;
  labels?: string;
  clusterIp?: string;
  output?: string;
  dryRun?: string | boolean;
}

interface Container {
  ports?: { containerPort: number; protocol?: string }[];
}

const EXPOSABLE = new Set(['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet']);

/** The pod spec's containers of the exposed object (pod itself or a template). */
function containersOf(obj: KubeObject): Container[] {
  const spec = (obj.spec ?? {}) as { containers?: Container[]; template?: { spec?: { containers?: Container[] } } };
  return obj.kind === 'Pod' ? (spec.containers ?? []) : (spec.template?.spec?.containers ?? []);
}

/** Map-based selector of the exposed object (MapBasedSelectorForObject), with kubectl's errors. */
function selectorOf(obj: KubeObject): Record<string, string> {
  const spec = (obj.spec ?? {}) as { selector?: Record<string, unknown> | null };
  const fail = (why: string): never => {
    throw new CliError(`couldn't retrieve selectors via --selector flag or introspection: ${why}`);
  };
  switch (obj.kind) {
    case 'Pod':
      if (!Object.keys(obj.metadata.labels ?? {}).length) fail('the pod has no labels and cannot be exposed');
      return { ...obj.metadata.labels! };
    case 'Service':
      if (!spec.selector || !Object.keys(spec.selector).length) fail('the service has no pod selector set');
      return { ...(spec.selector as Record<string, string>) };
    case 'ReplicationController':
      return { ...((spec.selector as Record<string, string> | undefined) ?? {}) };
    default: {
      const sel = (spec.selector ?? {}) as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
      if (sel.matchExpressions?.length) {
        const text = sel.matchExpressions.map((e) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`).join(' ');
        fail(`couldn't convert expressions - "[${text}]" to map-based selector format`);
      }
      return { ...(sel.matchLabels ?? {}) };
    }
  }
}

/** Distinct ports (as text, in order) and each port's distinct protocols, introspected from the object. */
function portsOf(obj: KubeObject): { ports: string[]; protocols: Map<string, string[]> } {
  const ports: string[] = [];
  const protocols = new Map<string, string[]>();
  const add = (port: number, protocol = 'TCP') => {
    const k = String(port);
    if (!protocols.has(k)) {
      ports.push(k);
      protocols.set(k, []);
    }
    const list = protocols.get(k)!;
    if (!list.includes(protocol)) list.push(protocol);
  };
  if (obj.kind === 'Service') {
    for (const p of ((obj.spec ?? {}) as { ports?: { port: number; protocol?: string }[] }).ports ?? []) add(p.port, p.protocol);
  } else {
    for (const c of containersOf(obj)) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  }
  return { ports, protocols };
}

/** `k=v,k2=v2` (ParseLabels / ParseSelector for map selectors). */
function parseMap(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new CliError(`invalid ${what} spec: ${part}`);
    out[part.slice(0, i).trim()] = part.slice(i + 1).replace(/^=/, '').trim();
  }
  return out;
}

/** The Service kubectl expose generates for `obj`. */
export function exposeService(obj: KubeObject, opts: ExposeOptions): KubeObject {
  const selector = opts.selector ? parseMap(opts.selector, 'selector') : selectorOf(obj);
  const headless = opts.clusterIp === 'None';
  const intro = portsOf(obj);
  const portText = opts.port ?? (intro.ports.length === 1 ? intro.ports[0]! : intro.ports.join(','));
  if (!portText && !headless) throw new CliError("couldn't find port via --port flag or introspection");
  const portStrings = portText ? portText.split(',') : [];
  const ports: { name?: string; port: number; protocol: string; targetPort: number | string }[] = [];
  portStrings.forEach((s, i) => {
    if (!/^[-+]?\d+$/.test(s)) throw new CliError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
    const name = portStrings.length > 1 ? { name: `port-${i + 1}` } : {};
    const found = intro.protocols.get(s) ?? [];
    // A port served over several protocols becomes one service port per protocol, named port-N-<proto>.
    if (!opts.protocol && found.length > 1) {
      for (const proto of found) ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, port: Number(s), protocol: proto, targetPort: 0 });
      return;
    }
    ports.push({ ...name, port: Number(s), protocol: opts.protocol || found[0] || 'TCP', targetPort: 0 });
  });
  for (const p of ports) {
    if (opts.targetPort) p.targetPort = /^-?\d+$/.test(opts.targetPort) ? Number(opts.targetPort) : opts.targetPort;
    else p.targetPort = p.port;
  }
  const labels = opts.labels ? parseMap(opts.labels, 'label') : { ...(obj.metadata.labels ?? {}) };
  const spec: Record<string, unknown> = { ...(ports.length ? { ports } : {}), selector };
  if (opts.type) spec.type = opts.type;
  if (opts.externalIp) spec.externalIPs = [opts.externalIp];
  if (opts.loadBalancerIp) spec.loadBalancerIP = opts.loadBalancerIp;
  if (opts.sessionAffinity) {
    if (opts.sessionAffinity !== 'ClientIP' && opts.sessionAffinity !== 'None') throw new CliError(`unknown session affinity: ${opts.sessionAffinity}`);
    spec.sessionAffinity = opts.sessionAffinity;
  }
  if (opts.clusterIp) spec.clusterIP = opts.clusterIp;
  const name = opts.name || obj.metadata.name;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) },
    spec,
  };
}

export function register(program: Command, h: Harness): void {
  program
    .command('expose')
    .description('Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service')
    .argument('[args...]')
    .option('--port <port>', 'The port that the service should serve on')
    .option('--target-port <port>', 'Name or number for the port on the container that the service should direct traffic to')
    .option('--name <name>', 'The name for the newly created object')
    .option('--type <type>', 'Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName')
    .option('--protocol <protocol>', 'The network protocol for the service to be created')
    .option('--external-ip <ip>', 'Additional external IP address to accept for the service')
    .option('--load-balancer-ip <ip>', 'IP to assign to the LoadBalancer')
    .option('--session-affinity <affinity>', "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'")
    .option('--selector <selector>', 'A label selector to use for this service')
    .option('-l, --labels <labels>', 'Labels to apply to the service created by this call')
    .option('--cluster-ip <ip>', "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service")
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run [mode]', 'none, client or server')
    .option('--save-config', 'Accepted for compatibility')
    .option('-f, --filename <file>', 'Filename, directory, or URL to a file identifying the resource to expose a service for')
    .action(
      h.action<ExposeOptions & { filename?: string }>(async (ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as ExposeOptions & { filename?: string };
        if (opts.filename && !args.length) {
          // -f names the resource by its manifest's kind and name (the manifest is not applied).
          const docs = await readManifests([opts.filename], ctx.io.cwd, () => ctx.io.stdin?.readAll() ?? Promise.resolve(''), ctx.files);
          const { state } = ctx.read();
          const first = docs[0];
          if (!first) throw new CliError('no objects passed to expose');
          const { info, obj: named } = decodeManifest(state, first.doc, first.source, ctx.namespace, { validate: 'none' });
          args = [`${info.resource}/${named.metadata.name}`];
          if (named.metadata.namespace && named.metadata.namespace !== ctx.namespace) ctx.globals.namespace = named.metadata.namespace;
        }
        if (!args.length) {
          throw new CliError(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
          );
        }
        let typeText: string;
        let name: string | undefined;
        if (args[0]!.includes('/')) [typeText, name] = [args[0]!.slice(0, args[0]!.indexOf('/')), args[0]!.slice(args[0]!.indexOf('/') + 1)];
        else [typeText, name] = [args[0]!, args[1]];
        const info = resolveType(typeText);
        if (!name) throw new CliError('resource(s) were provided, but no name was specified');
        const { state } = ctx.read();
        const obj = getObject(state, info.resource, info.namespaced ? ctx.namespace : undefined, name);
        if (!obj) throw notFound(qualifiedResource(info), name);
        if (!EXPOSABLE.has(info.kind)) throw new CliError(`cannot expose a ${info.kind}${info.group ? `.${info.group}` : ''}`);
        const svc = exposeService(obj, opts);
        return writeService(ctx, svc, opts, 'exposed');
      }),
    );
}
