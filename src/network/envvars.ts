/**
 * Service environment variables a container gets when it starts (reference §5). The kubelet calls this at
 * container start and latches the result in the runtime, so a pod created before a Service never sees it
 * (the chapter's `delete po --all` lesson).
 */
import type { ClusterState, ContainerRuntime, KubeObject } from '../api/types.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import { registerShardedMemory } from '../store/parts.js';

/** `kubia-multi` → `KUBIA_MULTI` (upper-case, `-` → `_`). */
export function envName(s: string): string {
  return s.toUpperCase().replace(/-/g, '_');
}

/** The variables one Service contributes. */
export function varsForService(svc: KubeObject): Record<string, string> {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const ip = spec.clusterIP ?? '';
  const ports = spec.ports ?? [];
  const out: Record<string, string> = {};
  if (!ports.length) return out;
  const s = envName(svc.metadata.name);
  out[`${s}_SERVICE_HOST`] = ip;
  out[`${s}_SERVICE_PORT`] = String(ports[0]!.port);
  for (const p of ports) if (p.name) out[`${s}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
  const first = ports[0]!;
  out[`${s}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase();
    const lower = proto.toLowerCase();
    const base = `${s}_PORT_${p.port}_${proto}`;
    out[base] = `${lower}://${ip}:${p.port}`;
    out[`${base}_PROTO`] = lower;
    out[`${base}_PORT`] = String(p.port);
    out[`${base}_ADDR`] = ip;
  }
  return out;
}

const hasClusterIP = (svc: KubeObject) => {
  const ip = ((svc.spec ?? {}) as ServiceSpec).clusterIP;
  return !!ip && ip !== 'None';
};

/**
 * The service variables for a container of `pod` starting now: every Service with a cluster IP in the
 * pod's namespace (when `enableServiceLinks` is not false), plus the master `kubernetes` Service always.
 * The kubelet applies the container's explicit `env` on top.
 */
export function serviceEnvVars(state: ClusterState, pod: KubeObject): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const links = ((pod.spec ?? {}) as { enableServiceLinks?: boolean }).enableServiceLinks !== false;
  if (!passCache || passCache.state !== state) return computeServiceEnv(state, ns, links);
  const key = `${links}/${ns}`;
  let vars = passCache.byNamespace.get(key);
  if (!vars) passCache.byNamespace.set(key, (vars = computeServiceEnv(state, ns, links)));
  return vars;
}

/** Set while a pass that never changes Services runs (the kubelet's): one computation per namespace. */
let passCache: { state: ClusterState; byNamespace: Map<string, Record<string, string>> } | undefined;

/**
 * Run `fn`, a pass over `state` that does not change Services, computing each namespace's service
 * variables once (10k pods starting next to 1k Services). Callers must not modify the returned maps.
 */
export function withServiceEnvCache<T>(state: ClusterState, fn: () => T): T {
  const outer = passCache;
  passCache = { state, byNamespace: new Map() };
  try {
    return fn();
  } finally {
    passCache = outer;
  }
}

function computeServiceEnv(state: ClusterState, ns: string, links: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const services = state.objects.services ?? {};
  const master = services['default/kubernetes'];
  // The master service first, so a same-named service of the pod's own namespace overrides it.
  if (master && hasClusterIP(master)) Object.assign(out, varsForService(master));
  if (links) {
    const prefix = `${ns}/`;
    const keys = Object.keys(services).filter((k) => k.startsWith(prefix)).sort();
    for (const k of keys) {
      const svc = services[k]!;
      if (!hasClusterIP(svc)) continue;
      if (ns === 'default' && svc.metadata.name === 'kubernetes') continue; // already added
      Object.assign(out, varsForService(svc));
    }
  }
  return out;
}

/**
 * Service variables latched by running containers are kept once per distinct set (a snapshot in
 * `state.memory['service-env']`, a sharded map by content id), not copied into every container's
 * runtime: with 1,000 Services that is ~7,000 variables per container, tens of MB at scale.
 */
export const SERVICE_ENV = 'service-env';
registerShardedMemory(SERVICE_ENV);

const snapshotIds = new WeakMap<Record<string, string>, string>();

/** The id of a set of service variables, storing it among the snapshots if it is not there yet. */
export function serviceEnvSnapshotId(state: ClusterState, vars: Record<string, string>): string {
  const snaps = (state.memory[SERVICE_ENV] ??= {}) as Record<string, Record<string, string>>;
  let id = snapshotIds.get(vars);
  if (id !== undefined && snaps[id] !== undefined) return id;
  const text = JSON.stringify(vars);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const base = `${Object.keys(vars).length}-${(h >>> 0).toString(16)}`;
  id = base;
  // A different set under the same id (a hash collision): the next free suffix.
  for (let i = 2; snaps[id] !== undefined && JSON.stringify(snaps[id]) !== text; i++) id = `${base}-${i}`;
  if (snaps[id] === undefined) snaps[id] = vars;
  snapshotIds.set(vars, id);
  return id;
}

/** The service variables a snapshot id names (undefined when it is gone). */
export function serviceEnvSnapshot(state: ClusterState, id: string): Record<string, string> | undefined {
  return (state.memory[SERVICE_ENV] as Record<string, Record<string, string>> | undefined)?.[id];
}

/** The whole environment a container latched at start (its runtime's parts and service snapshot merged). */
export function latchedEnv(state: ClusterState, rt: ContainerRuntime | undefined): Record<string, string> | undefined {
  if (!rt?.serviceEnv) return rt?.env;
  return Object.assign({}, rt.envPrefix, serviceEnvSnapshot(state, rt.serviceEnv), rt.env);
}
