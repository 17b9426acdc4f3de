/**
 * Where kustomize v5.5's builtin transformers write (its default field specs): which kinds get the
 * labels, annotations, selectors, replicas and images of a kustomization. A path step ending in `[]`
 * walks every element of a list.
 */

/** One place a transformer writes: a path, the kinds it applies to (any kind when absent), and whether missing maps are created. */
export interface FieldSpec {
  path: string[];
  kinds?: string[];
  group?: string;
  create: boolean;
}

const spec = (path: string, create: boolean, kinds?: string[], group?: string): FieldSpec => ({ path: path.split('/'), create, ...(kinds ? { kinds } : {}), ...(group ? { group } : {}) });

const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'];

/** Labels of the objects themselves and of the pod templates they stamp out (commonLabels, `labels` with includeTemplates). */
export const TEMPLATE_LABELS: FieldSpec[] = [
  spec('metadata/labels', true),
  spec('spec/template/metadata/labels', true, ['ReplicationController', ...WORKLOADS, 'Job']),
  spec('spec/volumeClaimTemplates[]/metadata/labels', true, ['StatefulSet'], 'apps'),
  spec('spec/jobTemplate/metadata/labels', true, ['CronJob'], 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/labels', true, ['CronJob'], 'batch'),
];

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints[]/labelSelector/matchLabels',
];

/** commonLabels (and `labels` with includeSelectors): the template labels plus every selector that must keep matching them. */
export const COMMON_LABELS: FieldSpec[] = [
  spec('spec/selector', true, ['Service', 'ReplicationController']),
  spec('spec/selector/matchLabels', true, ['Deployment', 'ReplicaSet', 'DaemonSet']),
  spec('spec/selector/matchLabels', true, ['StatefulSet'], 'apps'),
  ...AFFINITY.flatMap((p) => [spec(p, false, ['Deployment'], 'apps'), spec(p, false, ['StatefulSet'], 'apps')]),
  spec('spec/selector/matchLabels', false, ['Job'], 'batch'),
  spec('spec/jobTemplate/spec/selector/matchLabels', false, ['CronJob'], 'batch'),
  spec('spec/selector/matchLabels', false, ['PodDisruptionBudget'], 'policy'),
  spec('spec/podSelector/matchLabels', false, ['NetworkPolicy'], 'networking.k8s.io'),
  spec('spec/ingress[]/from[]/podSelector/matchLabels', false, ['NetworkPolicy'], 'networking.k8s.io'),
  spec('spec/egress[]/to[]/podSelector/matchLabels', false, ['NetworkPolicy'], 'networking.k8s.io'),
  ...TEMPLATE_LABELS,
];

/** The labels a `labels` entry without options writes. */
export const METADATA_LABELS: FieldSpec[] = [spec('metadata/labels', true)];

/** commonAnnotations. */
export const COMMON_ANNOTATIONS: FieldSpec[] = [
  spec('metadata/annotations', true),
  spec('spec/template/metadata/annotations', true, ['ReplicationController', ...WORKLOADS]),
  spec('spec/template/metadata/annotations', true, ['Job'], 'batch'),
  spec('spec/jobTemplate/metadata/annotations', true, ['CronJob'], 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/annotations', true, ['CronJob'], 'batch'),
];

/** `replicas`. */
export const REPLICAS: FieldSpec[] = [spec('spec/replicas', true, ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'])];

/** The API group of an apiVersion (`apps/v1` → apps, `v1` → ''). */
export function groupOf(apiVersion: unknown): string {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  return s.includes('/') ? s.slice(0, s.indexOf('/')) : '';
}

/** Does `fs` apply to an object of this kind and apiVersion? */
export function specApplies(fs: FieldSpec, obj: Record<string, unknown>): boolean {
  if (fs.kinds && !fs.kinds.includes(String(obj.kind))) return false;
  return fs.group === undefined || groupOf(obj.apiVersion) === fs.group;
}
