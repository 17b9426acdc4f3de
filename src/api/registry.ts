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

export type KindName =
  | 'Namespace' | 'Node' | 'Service' | 'Endpoints' | 'EndpointSlice' | 'Pod' | 'ReplicaSet'
  | 'ReplicationController' | 'Deployment' | 'Ingress' | 'IngressClass' | 'Secret' | 'ConfigMap' | 'Event'
  | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'ServiceAccount' | 'Lease' | 'DaemonSet' | 'ControllerRevision'
  | 'Job' | 'CronJob' | 'StatefulSet' | 'ResourceQuota' | 'LimitRange'
  | 'NetworkPolicy' | 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';

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
} satisfies Record<KindName, KindInfo>;

const ALL: KindInfo[] = Object.values(KINDS);
const byName = new Map<string, KindInfo>();
for (const k of ALL) {
  const names = [k.resource, k.singular, k.kind.toLowerCase(), ...k.shortNames];
  for (const n of names) {
    byName.set(n, k);
    for (const g of [k.group, ...(k.formerGroups ?? [])]) if (g) byName.set(`${n}.${g}`, k);
  }
}

/** Find a kind by a name the user typed (case-insensitive, as kubectl), or undefined. */
export function lookupKind(typed: string): KindInfo | undefined {
  const t = typed.toLowerCase();
  const found = byName.get(t) ?? byName.get(t.replace(/\/.*$/, ''));
  if (found) return found;
  const qualified = RESOURCE_VERSION_GROUP.exec(t);
  if (!qualified) return undefined;
  // `pods.v1.`: an empty group is the core one.
  const [, name, , group] = qualified;
  const k = byName.get(group ? `${name}.${group}` : name!);
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

/** Find a kind by its `kind` and apiVersion group (as written in a manifest). */
export function kindByKind(kind: string): KindInfo | undefined {
  return ALL.find((k) => k.kind === kind);
}

/** Find a kind by its resource (plural) name. */
export function kindByResource(resource: string): KindInfo {
  const k = ALL.find((x) => x.resource === resource);
  if (!k) throw new Error(`internal: unknown resource ${resource}`);
  return k;
}

export function allKinds(): KindInfo[] {
  return ALL;
}

/** Kinds in the discovery category `all`, in the order `kubectl get all` prints them. */
export const ALL_CATEGORY_ORDER = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];
