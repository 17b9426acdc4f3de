/**
 * kustomize's legacy output order (its default): kinds other objects depend on first (Namespace, quota,
 * storage, RBAC, ConfigMap, Secret, Service, ..., workloads), webhooks last, the rest in between; then by
 * group, version and kind, namespace and name.
 */
import { groupOf } from './field-specs.js';

type Obj = Record<string, unknown>;

const FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const f = FIRST.indexOf(kind);
  if (f >= 0) return f - FIRST.length;
  const l = LAST.indexOf(kind);
  return l >= 0 ? l + 1 : 0;
}

/** `group_version_kind` with kustomize's placeholders for empty parts. */
function gvkString(o: Obj): string {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  return [groupOf(apiVersion) || '~G', version || '~V', typeof o.kind === 'string' && o.kind ? o.kind : '~K'].join('_');
}

function idString(o: Obj): string {
  const m = (o.metadata ?? {}) as Obj;
  return [gvkString(o), typeof m.namespace === 'string' && m.namespace ? m.namespace : '~X', typeof m.name === 'string' && m.name ? m.name : '~N'].join('|');
}

/** Go's string comparison (by UTF-8 bytes, which for these ASCII-range names is by code unit). */
const less = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The objects in kustomize's legacy order. */
export function legacyOrder(objects: Obj[]): Obj[] {
  return [...objects].sort((a, b) => {
    const ga = gvkString(a);
    const gb = gvkString(b);
    if (ga !== gb) {
      const ra = rank(String(a.kind));
      const rb = rank(String(b.kind));
      if (ra !== rb) return ra - rb;
      // Namespaces of the core group sort after those of other groups (kustomize's special case).
      if (a.kind === 'Namespace' && b.kind === 'Namespace' && (groupOf(a.apiVersion) === '' || groupOf(b.apiVersion) === '')) return less(gb, ga);
      return less(ga, gb);
    }
    return less(idString(a), idString(b));
  });
}
