/**
 * The RBAC objects a kind v1.32 cluster has from its start: the API server's bootstrap policy that a
 * learner meets (cluster-admin; admin, edit and view with the aggregate-to-* roles they gather; what every
 * authenticated user and service account may do) and kubeadm's `kubeadm:cluster-admins` binding for
 * kind's kubeconfig user. Not (yet) here: the system:controller:* roles, the node, scheduler,
 * controller-manager, kube-proxy, CSR, kindnet, local-path and CoreDNS roles and their bindings, and
 * kubeadm's Roles and RoleBindings in kube-system and kube-public.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { PolicyRule } from '../kinds/rbac-rules.js';
import { RBAC_GROUP, type RoleFields } from '../kinds/role.js';
import { aggregatedRules } from '../controllers/clusterrole-aggregation.js';
import { insertObject } from '../api/objects.js';
import { Rng, type Env } from '../env.js';

/** The resourceVersion of the first object bootstrap stores after these (the state starts at 100). */
const FIRST_RESOURCE_VERSION = 101;

const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/** A resource rule. */
const res = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({ apiGroups, ...(resourceNames ? { resourceNames } : {}), resources, verbs });
/** A non-resource URL rule. */
const urls = (nonResourceURLs: string[], verbs = ['get']): PolicyRule => ({ nonResourceURLs, verbs });

function clusterRole(name: string, rules: PolicyRule[] | null, extraLabels: Record<string, string> = {}, aggregateFrom?: string): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...extraLabels }, annotations: { ...AUTOUPDATE } },
    ...(aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/${aggregateFrom}`]: 'true' } }] } } : {}),
    rules,
  };
}

function clusterRoleBinding(name: string, role: string, groups: string[], bootstrap = true): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...(bootstrap ? { labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } } : {}) },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: groups.map((g) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name: g })),
  };
}

const AGGREGATE_TO_ADMIN = [
  res(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  res([RBAC_GROUP], ['rolebindings', 'roles'], ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']),
];

const AGGREGATE_TO_EDIT = [
  res([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  res([''], ['serviceaccounts'], ['impersonate']),
  res([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
  res([''], ['pods/eviction'], ['create']),
  res([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
  res([''], ['serviceaccounts/token'], ['create']),
  res(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
  res(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  res(['batch'], ['cronjobs', 'jobs'], WRITE),
  res(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
  res(['policy'], ['poddisruptionbudgets'], WRITE),
  res(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  res(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']),
];

const AGGREGATE_TO_VIEW = [
  res([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
  res([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
  res([''], ['namespaces'], READ),
  res(['discovery.k8s.io'], ['endpointslices'], READ),
  res(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
  res(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  res(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  res(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
  res(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  res(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];

/** The bootstrap ClusterRoles, aggregating ones with `rules: null` (bootstrap aggregates them before storing). */
export function bootstrapClusterRoles(): KubeObject[] {
  return [
    clusterRole('admin', null, {}, 'aggregate-to-admin'),
    clusterRole('cluster-admin', [res(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('edit', null, { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }, 'aggregate-to-edit'),
    clusterRole('system:aggregate-to-admin', AGGREGATE_TO_ADMIN, { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }),
    clusterRole('system:aggregate-to-edit', AGGREGATE_TO_EDIT, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }),
    clusterRole('system:aggregate-to-view', AGGREGATE_TO_VIEW, { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }),
    clusterRole('system:auth-delegator', [res(['authentication.k8s.io'], ['tokenreviews'], ['create']), res(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])]),
    clusterRole('system:basic-user', [res(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']), res(['authentication.k8s.io'], ['selfsubjectreviews'], ['create'])]),
    clusterRole('system:discovery', [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])]),
    clusterRole('system:monitoring', [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])]),
    clusterRole('system:public-info-viewer', [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
    clusterRole('system:service-account-issuer-discovery', [urls(['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'])]),
    clusterRole('view', null, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, 'aggregate-to-view'),
  ];
}

/** The bootstrap ClusterRoleBindings and kubeadm's binding of its admin group. */
export function bootstrapClusterRoleBindings(): KubeObject[] {
  return [
    clusterRoleBinding('cluster-admin', 'cluster-admin', ['system:masters']),
    clusterRoleBinding('kubeadm:cluster-admins', 'cluster-admin', ['kubeadm:cluster-admins'], false),
    clusterRoleBinding('system:basic-user', 'system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:discovery', 'system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:monitoring', 'system:monitoring', ['system:monitoring']),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
    clusterRoleBinding('system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', ['system:serviceaccounts']),
  ];
}

/**
 * Store the bootstrap RBAC objects, created at `created`. The API server writes them before anything else,
 * so they take the resourceVersions just below the first one bootstrap gives out, and their uids come from
 * a stream of their own: no name, uid or resourceVersion of any other object moves because they exist.
 */
export function putBootstrapRbac(state: ClusterState, env: Env, created: string): void {
  const roles = bootstrapClusterRoles();
  // kind's admin, edit and view as the aggregation controller leaves them (chains settle in a few passes).
  for (let pass = 0; pass < 4; pass++) for (const r of roles) (r as unknown as RoleFields).rules = aggregatedRules(r, roles) ?? (r as unknown as RoleFields).rules;
  const objects: [string, KubeObject][] = [...roles.map((o) => ['clusterroles', o] as [string, KubeObject]), ...bootstrapClusterRoleBindings().map((o) => ['clusterrolebindings', o] as [string, KubeObject])];
  const after = state.meta.resourceVersion;
  state.meta.resourceVersion = FIRST_RESOURCE_VERSION - objects.length;
  const own: Env = { ...env, uidRngFor: () => new Rng(state, 'system-uid:rbac') };
  for (const [resource, obj] of objects) {
    obj.metadata.creationTimestamp = created;
    insertObject(state, resource, obj, own);
  }
  state.meta.resourceVersion = after;
}
