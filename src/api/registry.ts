/**
 * The registry: one entry per kind, looked up by any name kubectl accepts (plural, singular, short name,
 * kind, optionally qualified with the group: `deployments.apps`, `deploy`, `Deployment`).
 */
import type { KindInfo } from './kind.js';
import { namespaceKind } from '../kinds/namespace.js';
import { nodeKind } from '../kinds/node.js';
import { serviceKind } from '../kinds/service.js';
import { endpointsKind } from '../kinds/endpoints.js';
import { endpointsliceKind } from '../kinds/endpointslice.js';
import { podKind } from '../kinds/pod.js';
import { replicasetKind } from '../kinds/replicaset.js';
import { replicationcontrollerKind } from '../kinds/replicationcontroller.js';
import { deploymentKind } from '../kinds/deployment.js';
import { ingressKind } from '../kinds/ingress.js';
import { ingressclassKind } from '../kinds/ingressclass.js';
import { secretKind } from '../kinds/secret.js';
import { configmapKind } from '../kinds/configmap.js';
import { eventKind } from '../kinds/event.js';
import { persistentvolumeKind } from '../kinds/persistentvolume.js';
import { persistentvolumeclaimKind } from '../kinds/persistentvolumeclaim.js';
import { storageclassKind } from '../kinds/storageclass.js';
import { serviceaccountKind } from '../kinds/serviceaccount.js';
import { leaseKind } from '../kinds/lease.js';
import { daemonsetKind } from '../kinds/daemonset.js';
import { controllerrevisionKind } from '../kinds/controllerrevision.js';
import { jobKind } from '../kinds/job.js';
import { cronJobKind } from '../kinds/cronjob.js';
import { statefulSetKind } from '../kinds/statefulset.js';
import { resourceQuotaKind } from '../kinds/resourcequota.js';
import { limitRangeKind } from '../kinds/limitrange.js';
import { networkPolicyKind } from '../kinds/networkpolicy.js';
import { roleKind, clusterRoleKind } from '../kinds/role.js';
import { roleBindingKind, clusterRoleBindingKind } from '../kinds/rolebinding.js';
import { customResourceDefinitionKind } from '../kinds/crd.js';
import { horizontalPodAutoscalerKind } from '../kinds/horizontalpodautoscaler.js';
import { priorityClassKind } from '../kinds/priorityclass.js';
import { podDisruptionBudgetKind } from '../kinds/poddisruptionbudget.js';

export type KindName =
  | 'Namespace' | 'Node' | 'Service' | 'Endpoints' | 'EndpointSlice' | 'Pod' | 'ReplicaSet'
  | 'ReplicationController' | 'Deployment' | 'Ingress' | 'IngressClass' | 'Secret' | 'ConfigMap' | 'Event'
  | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'ServiceAccount' | 'Lease' | 'DaemonSet' | 'ControllerRevision'
  | 'Job' | 'CronJob' | 'StatefulSet' | 'ResourceQuota' | 'LimitRange'
  | 'NetworkPolicy' | 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding' | 'CustomResourceDefinition'
  | 'HorizontalPodAutoscaler' | 'PriorityClass'
  | 'PodDisruptionBudget';

/** Every kind the simulated API server serves, in discovery order. */
export const KINDS = {
  Namespace: namespaceKind,
  Node: nodeKind,
  Service: serviceKind,
  Endpoints: endpointsKind,
  EndpointSlice: endpointsliceKind,
  Pod: podKind,
  ReplicaSet: replicasetKind,
  ReplicationController: replicationcontrollerKind,
  Deployment: deploymentKind,
  Ingress: ingressKind,
  IngressClass: ingressclassKind,
  Secret: secretKind,
  ConfigMap: configmapKind,
  Event: eventKind,
  PersistentVolume: persistentvolumeKind,
  PersistentVolumeClaim: persistentvolumeclaimKind,
  StorageClass: storageclassKind,
  ServiceAccount: serviceaccountKind,
  Lease: leaseKind,
  DaemonSet: daemonsetKind,
  ControllerRevision: controllerrevisionKind,
  Job: jobKind,
  CronJob: cronJobKind,
  StatefulSet: statefulSetKind,
  ResourceQuota: resourceQuotaKind,
  LimitRange: limitRangeKind,
  NetworkPolicy: networkPolicyKind,
  ClusterRoleBinding: clusterRoleBindingKind,
  ClusterRole: clusterRoleKind,
  RoleBinding: roleBindingKind,
  Role: roleKind,
  CustomResourceDefinition: customResourceDefinitionKind,
  HorizontalPodAutoscaler: horizontalPodAutoscalerKind,
  PriorityClass: priorityClassKind,
  PodDisruptionBudget: podDisruptionBudgetKind,
} satisfies Record<KindName, KindInfo>;

const ALL: KindInfo[] = Object.values(KINDS);
const byName = new Map<string, KindInfo>();
indexNames(byName, ALL, true);

/**
 * Index every name kubectl accepts for `kinds` (plural, singular, kind, short names; each also
 * `.group`-qualified). A later built-in kind takes a name from an earlier one (`later`); among custom
 * kinds the first CRD keeps it.
 */
function indexNames(index: Map<string, KindInfo>, kinds: KindInfo[], later = false): void {
  const put = (n: string, k: KindInfo) => {
    if (later || !index.has(n)) index.set(n, k);
  };
  for (const k of kinds) {
    for (const n of [k.plural ?? k.resource, k.singular, k.kind.toLowerCase(), ...k.shortNames]) {
      put(n, k);
      for (const g of [k.group, ...(k.formerGroups ?? [])]) if (g) put(`${n}.${g}`, k);
    }
  }
}

/**
 * The custom resources the cluster's established CRDs define (api/custom-kinds.ts keeps them in step
 * with the state each command loads). Built-in names win over custom ones, as in kubectl's
 * priority-ordered discovery mapper, where the built-in groups come first.
 */
let custom: KindInfo[] = [];
let customByName = new Map<string, KindInfo>();

/** Where the custom kinds come from before the command has read the state (run once, on first need). */
let pendingSource: (() => void) | undefined;

/** Replace the custom kinds (from the state's established CRDs). */
export function setCustomKinds(kinds: KindInfo[]): void {
  pendingSource = undefined;
  custom = kinds;
  customByName = new Map();
  indexNames(customByName, kinds);
}

/**
 * How to find the custom kinds when a name is looked up before the command read the state (kubectl's
 * resource arguments are resolved first): `load` reads the state and calls setCustomKinds.
 */
export function setCustomKindsSource(load: (() => void) | undefined): void {
  pendingSource = load;
}

function ensureCustomKinds(): void {
  const load = pendingSource;
  pendingSource = undefined;
  load?.();
}

function named(name: string): KindInfo | undefined {
  const builtIn = byName.get(name);
  if (builtIn) return builtIn;
  ensureCustomKinds();
  return customByName.get(name);
}

/** Find a kind by a name the user typed (case-insensitive, as kubectl), or undefined. */
export function lookupKind(typed: string): KindInfo | undefined {
  const t = typed.toLowerCase();
  const found = named(t) ?? named(t.replace(/\/.*$/, ''));
  if (found) return found;
  const qualified = RESOURCE_VERSION_GROUP.exec(t);
  if (!qualified) return undefined;
  // `pods.v1.`: an empty group is the core one.
  const [, name, , group] = qualified;
  const k = named(group ? `${name}.${group}` : name!);
  return k && (group || k.group === '') ? k : undefined;
}

/**
 * kubectl's fully qualified `resource.version.group` (`deployment.v1.apps`, `pods.v1.` for the core
 * group): the version is the middle part. kubectl names only the resource part when it is not served.
 */
export const RESOURCE_VERSION_GROUP = /^([^./]+)\.(v\d+(?:(?:alpha|beta)\d+)?)\.([^/]*)$/;

/** The type as kubectl names it in "doesn't have a resource type": a qualified one by its resource part. */
export function typedResource(typed: string): string {
  const m = RESOURCE_VERSION_GROUP.exec(typed.toLowerCase());
  return m ? typed.slice(0, m[1]!.length) : typed;
}

/** Find a kind by its `kind` (as written in a manifest): a built-in one, else the first custom one. */
export function kindByKind(kind: string): KindInfo | undefined {
  const builtIn = ALL.find((k) => k.kind === kind);
  if (builtIn) return builtIn;
  ensureCustomKinds();
  return custom.find((k) => k.kind === kind);
}

/** The custom kind `kind` of API group `group` (a CRD may reuse a built-in kind's name in its own group). */
export function customKindByKind(kind: string, group: string): KindInfo | undefined {
  ensureCustomKinds();
  return custom.find((k) => k.kind === kind && k.group === group);
}

/** Find a kind by its resource (the state's map key: the plural, `<plural>.<group>` for a custom resource). */
export function kindByResource(resource: string): KindInfo {
  let k = ALL.find((x) => x.resource === resource);
  if (!k) {
    ensureCustomKinds();
    k = custom.find((x) => x.resource === resource);
  }
  if (!k) throw new Error(`internal: unknown resource ${resource}`);
  return k;
}

/** Every kind served: the built-in ones in discovery order, then the custom ones. */
export function allKinds(): KindInfo[] {
  ensureCustomKinds();
  return custom.length ? [...ALL, ...custom] : ALL;
}

/** Kinds in the discovery category `all`, in the order `kubectl get all` prints them. */
export const ALL_CATEGORY_ORDER = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];
