/**
 * What an object counts against a ResourceQuota, as the API server's quota evaluators measure it:
 * pods (compute requests and limits, init containers by their maximum, terminal pods not at all),
 * services (node ports, load balancers), claims (storage), and `count/<resource>[.<group>]` for any kind.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { addQuantity, parseQuantity, ZERO, type Quantity } from '../printers/quantity.js';
import { kindByKind } from '../api/registry.js';

export type Usage = Record<string, Quantity>;

/** Resource names whose usage is the pod's compute requests or limits. */
const COMPUTE: Record<string, ['requests' | 'limits', string]> = {
  cpu: ['requests', 'cpu'],
  memory: ['requests', 'memory'],
  'requests.cpu': ['requests', 'cpu'],
  'requests.memory': ['requests', 'memory'],
  'limits.cpu': ['limits', 'cpu'],
  'limits.memory': ['limits', 'memory'],
  'ephemeral-storage': ['requests', 'ephemeral-storage'],
  'requests.ephemeral-storage': ['requests', 'ephemeral-storage'],
  'limits.ephemeral-storage': ['limits', 'ephemeral-storage'],
};

/** The standard quota resource names (others must be `count/...`, fully qualified, or extended). */
export const STANDARD_QUOTA_RESOURCES = new Set([
  ...Object.keys(COMPUTE), 'pods', 'services', 'services.nodeports', 'services.loadbalancers', 'configmaps', 'secrets',
  'replicationcontrollers', 'resourcequotas', 'persistentvolumeclaims', 'requests.storage',
]);

interface Container { name: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }
interface PodSpec { containers?: Container[]; initContainers?: Container[]; activeDeadlineSeconds?: number }

/** Is the pod finished (its usage no longer counts)? */
export function terminalPod(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The pod's effective compute amount of one kind (sum of containers, at least the largest init container). */
function podAmount(pod: KubeObject, kind: 'requests' | 'limits', resource: string): Quantity | undefined {
  const spec = (pod.spec ?? {}) as PodSpec;
  let sum: Quantity | undefined;
  for (const c of spec.containers ?? []) {
    const v = c.resources?.[kind]?.[resource];
    if (v !== undefined) sum = addQuantity(sum ?? ZERO, parseQuantity(v));
  }
  for (const c of spec.initContainers ?? []) {
    const v = c.resources?.[kind]?.[resource];
    if (v === undefined) continue;
    const q = parseQuantity(v);
    if (!sum || q.milli > sum.milli) sum = q;
  }
  return sum;
}

/** The quota resources `obj` uses (only those a quota could name). */
export function objectUsage(obj: KubeObject): Usage {
  const info = kindByKind(obj.kind);
  const usage: Usage = {};
  if (!info) return usage;
  const one = parseQuantity('1');
  usage[`count/${info.resource}${info.group ? `.${info.group}` : ''}`] = one;
  switch (obj.kind) {
    case 'Pod':
      if (terminalPod(obj)) return {};
      usage.pods = one;
      for (const [name, [kind, resource]] of Object.entries(COMPUTE)) {
        const q = podAmount(obj, kind, resource);
        if (q) usage[name] = q;
      }
      break;
    case 'Service': {
      const spec = (obj.spec ?? {}) as { type?: string; ports?: { nodePort?: number }[] };
      usage.services = one;
      const nodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? (spec.ports ?? []).length : 0;
      if (nodePorts) usage['services.nodeports'] = parseQuantity(nodePorts);
      if (spec.type === 'LoadBalancer') usage['services.loadbalancers'] = one;
      break;
    }
    case 'PersistentVolumeClaim': {
      usage.persistentvolumeclaims = one;
      const storage = (obj.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage;
      if (storage) usage['requests.storage'] = parseQuantity(storage);
      break;
    }
    case 'ConfigMap':
    case 'Secret':
    case 'ReplicationController':
    case 'ResourceQuota':
      usage[info.resource] = one;
      break;
  }
  return usage;
}

/** Does the quota's scope list cover this pod (Terminating, NotTerminating, BestEffort, NotBestEffort)? Other objects: only unscoped quotas. */
export function inScope(quota: KubeObject, obj: KubeObject): boolean {
  const scopes = ((quota.spec ?? {}) as { scopes?: string[] }).scopes ?? [];
  if (!scopes.length) return true;
  if (obj.kind !== 'Pod') return false;
  const spec = (obj.spec ?? {}) as PodSpec;
  const bestEffort = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].every((c) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length);
  return scopes.every((s) => {
    switch (s) {
      case 'Terminating': return spec.activeDeadlineSeconds !== undefined;
      case 'NotTerminating': return spec.activeDeadlineSeconds === undefined;
      case 'BestEffort': return bestEffort;
      case 'NotBestEffort': return !bestEffort;
      default: return true;
    }
  });
}

/** The namespace's usage of the quota's hard resources, summed over every object that counts. */
export function namespaceUsage(state: ClusterState, quota: KubeObject, resources: string[]): Usage {
  const ns = quota.metadata.namespace;
  const used: Usage = Object.fromEntries(resources.map((r) => [r, ZERO]));
  const wanted = new Set(resources);
  const kinds = ['pods', 'services', 'configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas', 'persistentvolumeclaims'];
  for (const r of resources) {
    const m = /^count\/([^.]+)/.exec(r);
    if (m && !kinds.includes(m[1]!)) kinds.push(m[1]!);
  }
  for (const resource of kinds) {
    for (const o of Object.values(state.objects[resource] ?? {})) {
      if (o.metadata.namespace !== ns || !inScope(quota, o)) continue;
      for (const [k, q] of Object.entries(objectUsage(o))) if (wanted.has(k)) used[k] = addQuantity(used[k] ?? ZERO, q);
    }
  }
  return used;
}
