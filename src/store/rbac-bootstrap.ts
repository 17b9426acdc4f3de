/**
 * The RBAC objects a kind v1.32 cluster has from its start: the API server's bootstrap policy (cluster-admin;
 * admin, edit and view with the aggregate-to-* roles they gather; the system: roles of users, nodes, the
 * scheduler, the controller manager, kube-proxy, DNS and CSR approval; the leader-locking, bootstrap-signer,
 * cloud-provider and token-cleaner Roles in kube-system and kube-public), kubeadm's (kubeadm:cluster-admins
 * for kind's kubeconfig user, the bootstrap-token and node bindings, the kube-proxy, kubelet-config,
 * kubeadm-config and cluster-info Roles, CoreDNS's system:coredns) and kind's (kindnet, the local-path
 * provisioner). Not here: the system:controller:* ClusterRoles and their bindings (one per controller).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { PolicyRule } from '../kinds/rbac-rules.js';
import { RBAC_GROUP, type RoleFields } from '../kinds/role.js';
import { aggregatedRules } from '../controllers/clusterrole-aggregation.js';
import { insertObject } from '../api/objects.js';
import { Rng, type Env } from '../env.js';
import { PRIORITY_CLASS_RESOURCE_VERSIONS } from './priority-bootstrap.js';

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

/** A subject: `Group:NAME`, `User:NAME` or `ServiceAccount:NAMESPACE:NAME`. */
function subject(text: string): Record<string, string> {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (kind !== 'ServiceAccount') return { apiGroup: RBAC_GROUP, kind, name: rest };
  const split = rest.indexOf(':');
  return { kind, name: rest.slice(split + 1), namespace: rest.slice(0, split) };
}

/** The labels and annotation of the API server's own objects (kubeadm's and kind's have none). */
const bootstrapMeta = (bootstrap: boolean) => (bootstrap ? { labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } } : {});

function clusterRoleBinding(name: string, role: string, subjects: string[], bootstrap = true): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...bootstrapMeta(bootstrap) },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    ...(subjects.length ? { subjects: subjects.map(subject) } : {}),
  };
}

function role(namespace: string, name: string, rules: PolicyRule[], bootstrap = true): KubeObject {
  return { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata: { name, namespace, ...bootstrapMeta(bootstrap) }, rules };
}

function roleBinding(namespace: string, name: string, roleName: string, subjects: string[], bootstrap = true): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace, ...bootstrapMeta(bootstrap) },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: roleName },
    subjects: subjects.map(subject),
  };
}

/** A kubeadm or kind object: no bootstrap labels. */
function plainClusterRole(name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name }, rules };
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

const EVENTS_WRITE = res(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']);
const TOKEN_AND_ACCESS_REVIEWS = [res(['authentication.k8s.io'], ['tokenreviews'], ['create']), res(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])];
const approver = (name: string, signer: string) => clusterRole(`system:certificates.k8s.io:${name}`, [res(['certificates.k8s.io'], ['signers'], ['approve'], [`kubernetes.io/${signer}`])]);
const csrCreator = (sub: string) => clusterRole(`system:certificates.k8s.io:certificatesigningrequests:${sub}`, [res(['certificates.k8s.io'], [`certificatesigningrequests/${sub}`], ['create'])]);
const leaderLocking = [
  res(['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update', 'watch']),
  res(['coordination.k8s.io'], ['leasecandidates'], ['create', 'get', 'list', 'update', 'watch']),
];
/** A kubeadm Role: get one ConfigMap. */
const configMapReader = (namespace: string, name: string, configMap: string) => role(namespace, name, [res([''], ['configmaps'], ['get'], [configMap])], false);
const BOOTSTRAP_TOKENS = 'Group:system:bootstrappers:kubeadm:default-node-token';

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
    csrCreator('nodeclient'),
    csrCreator('selfnodeclient'),
    approver('kube-apiserver-client-approver', 'kube-apiserver-client'),
    approver('kube-apiserver-client-kubelet-approver', 'kube-apiserver-client-kubelet'),
    approver('kubelet-serving-approver', 'kubelet-serving'),
    approver('legacy-unknown-approver', 'legacy-unknown'),
    clusterRole('system:discovery', [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])]),
    clusterRole('system:heapster', [res([''], ['events', 'namespaces', 'nodes', 'pods'], READ), res(['extensions'], ['deployments'], READ)]),
    clusterRole('system:kube-aggregator', [res([''], ['endpoints', 'services'], READ)]),
    clusterRole('system:kube-controller-manager', [
      EVENTS_WRITE,
      res(['coordination.k8s.io'], ['leases'], ['create']),
      res(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']),
      res([''], ['secrets', 'serviceaccounts'], ['create']),
      res([''], ['secrets'], ['delete']),
      res([''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
      res([''], ['secrets', 'serviceaccounts'], ['update']),
      ...TOKEN_AND_ACCESS_REVIEWS,
      res(['*'], ['*'], ['list', 'watch']),
      res([''], ['serviceaccounts/token'], ['create']),
    ]),
    clusterRole('system:kube-dns', [res([''], ['endpoints', 'services'], ['list', 'watch'])]),
    clusterRole('system:kube-scheduler', [
      EVENTS_WRITE,
      res(['coordination.k8s.io'], ['leases'], ['create']),
      res(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']),
      res([''], ['nodes'], READ),
      res([''], ['pods'], ['delete', 'get', 'list', 'watch']),
      res([''], ['bindings', 'pods/binding'], ['create']),
      res([''], ['pods/status'], ['patch', 'update']),
      res([''], ['replicationcontrollers', 'services'], READ),
      res(['apps', 'extensions'], ['replicasets'], READ),
      res(['apps'], ['statefulsets'], READ),
      res(['policy'], ['poddisruptionbudgets'], READ),
      res([''], ['persistentvolumeclaims', 'persistentvolumes'], READ),
      ...TOKEN_AND_ACCESS_REVIEWS,
      res(['storage.k8s.io'], ['csinodes'], READ),
      res([''], ['namespaces'], READ),
      res(['storage.k8s.io'], ['csidrivers'], READ),
      res(['storage.k8s.io'], ['csistoragecapacities'], READ),
    ]),
    clusterRole('system:kubelet-api-admin', [res([''], ['nodes'], READ), res([''], ['nodes'], ['proxy']), res([''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*'])]),
    clusterRole('system:monitoring', [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])]),
    clusterRole('system:node', [
      res(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      res(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
      res([''], ['services'], READ),
      res([''], ['nodes'], ['create', 'get', 'list', 'watch']),
      res([''], ['nodes/status'], ['patch', 'update']),
      res([''], ['nodes'], ['patch', 'update']),
      res([''], ['events'], ['create', 'patch', 'update']),
      res([''], ['pods'], READ),
      res([''], ['pods'], ['create', 'delete']),
      res([''], ['pods/status'], ['patch', 'update']),
      res([''], ['pods/eviction'], ['create']),
      res([''], ['configmaps', 'secrets'], READ),
      res([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get']),
      res([''], ['endpoints'], ['get']),
      res(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
      res(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
      res(['storage.k8s.io'], ['volumeattachments'], ['get']),
      res([''], ['serviceaccounts/token'], ['create']),
      res([''], ['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
      res(['storage.k8s.io'], ['csidrivers'], READ),
      res(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
      res(['node.k8s.io'], ['runtimeclasses'], READ),
    ]),
    clusterRole('system:node-bootstrapper', [res(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch'])]),
    clusterRole('system:node-problem-detector', [res([''], ['nodes'], ['get']), res([''], ['nodes/status'], ['patch']), EVENTS_WRITE]),
    clusterRole('system:node-proxier', [res([''], ['endpoints', 'services'], ['list', 'watch']), res([''], ['nodes'], READ), EVENTS_WRITE, res(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch'])]),
    clusterRole('system:persistent-volume-provisioner', [
      res([''], ['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']),
      res([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
      res(['storage.k8s.io'], ['storageclasses'], READ),
      res([''], ['events'], ['watch']),
      EVENTS_WRITE,
    ]),
    clusterRole('system:public-info-viewer', [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
    clusterRole('system:service-account-issuer-discovery', [urls(['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'])]),
    clusterRole('system:volume-scheduler', [
      res([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']),
      res(['storage.k8s.io'], ['storageclasses'], READ),
      res([''], ['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch']),
    ]),
    clusterRole('view', null, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, 'aggregate-to-view'),
    // kubeadm's and kind's.
    plainClusterRole('kubeadm:get-nodes', [res([''], ['nodes'], ['get'])]),
    plainClusterRole('system:coredns', [res([''], ['endpoints', 'services', 'pods', 'namespaces'], ['list', 'watch']), res(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch'])]),
    plainClusterRole('kindnet', [res(['policy'], ['podsecuritypolicies'], ['use'], ['kindnet']), res([''], ['nodes', 'pods', 'namespaces'], ['list', 'watch']), res(['networking.k8s.io'], ['networkpolicies'], ['list', 'watch'])]),
    plainClusterRole('local-path-provisioner-role', [
      res([''], ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], READ),
      res([''], ['persistentvolumes'], ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete']),
      res([''], ['events'], ['create', 'patch']),
      res(['storage.k8s.io'], ['storageclasses'], READ),
    ]),
  ];
}

/** The bootstrap ClusterRoleBindings, then kubeadm's and kind's. */
export function bootstrapClusterRoleBindings(): KubeObject[] {
  return [
    clusterRoleBinding('cluster-admin', 'cluster-admin', ['Group:system:masters']),
    clusterRoleBinding('system:basic-user', 'system:basic-user', ['Group:system:authenticated']),
    clusterRoleBinding('system:discovery', 'system:discovery', ['Group:system:authenticated']),
    clusterRoleBinding('system:kube-controller-manager', 'system:kube-controller-manager', ['User:system:kube-controller-manager']),
    clusterRoleBinding('system:kube-dns', 'system:kube-dns', ['ServiceAccount:kube-system:kube-dns']),
    clusterRoleBinding('system:kube-scheduler', 'system:kube-scheduler', ['User:system:kube-scheduler']),
    clusterRoleBinding('system:monitoring', 'system:monitoring', ['Group:system:monitoring']),
    clusterRoleBinding('system:node', 'system:node', []),
    clusterRoleBinding('system:node-proxier', 'system:node-proxier', ['User:system:kube-proxy']),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', ['Group:system:authenticated', 'Group:system:unauthenticated']),
    clusterRoleBinding('system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', ['Group:system:serviceaccounts']),
    clusterRoleBinding('system:volume-scheduler', 'system:volume-scheduler', ['User:system:kube-scheduler']),
    clusterRoleBinding('kubeadm:cluster-admins', 'cluster-admin', ['Group:kubeadm:cluster-admins'], false),
    clusterRoleBinding('kubeadm:get-nodes', 'kubeadm:get-nodes', [BOOTSTRAP_TOKENS], false),
    clusterRoleBinding('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [BOOTSTRAP_TOKENS], false),
    clusterRoleBinding('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [BOOTSTRAP_TOKENS], false),
    clusterRoleBinding('kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', ['Group:system:nodes'], false),
    clusterRoleBinding('kubeadm:node-proxier', 'system:node-proxier', ['ServiceAccount:kube-system:kube-proxy'], false),
    clusterRoleBinding('system:coredns', 'system:coredns', ['ServiceAccount:kube-system:coredns'], false),
    clusterRoleBinding('kindnet', 'kindnet', ['ServiceAccount:kube-system:kindnet'], false),
    clusterRoleBinding('local-path-provisioner-bind', 'local-path-provisioner-role', ['ServiceAccount:local-path-storage:local-path-provisioner-service-account'], false),
  ];
}

/** The namespaced Roles: the API server's in kube-public and kube-system, then kubeadm's and kind's. */
export function bootstrapRoles(): KubeObject[] {
  return [
    role('kube-public', 'system:controller:bootstrap-signer', [res([''], ['configmaps'], READ), res([''], ['configmaps'], ['update'], ['cluster-info']), EVENTS_WRITE]),
    role('kube-system', 'extension-apiserver-authentication-reader', [res([''], ['configmaps'], READ, ['extension-apiserver-authentication'])]),
    role('kube-system', 'system::leader-locking-kube-controller-manager', leaderLocking),
    role('kube-system', 'system::leader-locking-kube-scheduler', leaderLocking),
    role('kube-system', 'system:controller:bootstrap-signer', [res([''], ['secrets'], READ)]),
    role('kube-system', 'system:controller:cloud-provider', [res([''], ['configmaps'], ['create', 'get', 'list', 'watch'])]),
    role('kube-system', 'system:controller:token-cleaner', [res([''], ['secrets'], ['delete', 'get', 'list', 'watch']), EVENTS_WRITE]),
    configMapReader('kube-system', 'kubeadm:nodes-kubeadm-config', 'kubeadm-config'),
    configMapReader('kube-system', 'kubeadm:kubelet-config', 'kubelet-config'),
    configMapReader('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'cluster-info'),
    configMapReader('kube-system', 'kube-proxy', 'kube-proxy'),
    role('local-path-storage', 'local-path-provisioner-role', [res([''], ['pods'], ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'])], false),
  ];
}

/** The namespaced RoleBindings, in the same order. */
export function bootstrapRoleBindings(): KubeObject[] {
  return [
    roleBinding('kube-public', 'system:controller:bootstrap-signer', 'system:controller:bootstrap-signer', ['ServiceAccount:kube-system:bootstrap-signer']),
    roleBinding('kube-system', 'system::extension-apiserver-authentication-reader', 'extension-apiserver-authentication-reader', ['User:system:kube-controller-manager', 'User:system:kube-scheduler']),
    roleBinding('kube-system', 'system::leader-locking-kube-controller-manager', 'system::leader-locking-kube-controller-manager', ['User:system:kube-controller-manager', 'ServiceAccount:kube-system:kube-controller-manager', 'ServiceAccount:kube-system:leader-election-controller']),
    roleBinding('kube-system', 'system::leader-locking-kube-scheduler', 'system::leader-locking-kube-scheduler', ['User:system:kube-scheduler', 'ServiceAccount:kube-system:kube-scheduler']),
    roleBinding('kube-system', 'system:controller:bootstrap-signer', 'system:controller:bootstrap-signer', ['ServiceAccount:kube-system:bootstrap-signer']),
    roleBinding('kube-system', 'system:controller:cloud-provider', 'system:controller:cloud-provider', ['ServiceAccount:kube-system:cloud-provider']),
    roleBinding('kube-system', 'system:controller:token-cleaner', 'system:controller:token-cleaner', ['ServiceAccount:kube-system:token-cleaner']),
    roleBinding('kube-system', 'kubeadm:nodes-kubeadm-config', 'kubeadm:nodes-kubeadm-config', [BOOTSTRAP_TOKENS, 'Group:system:nodes'], false),
    roleBinding('kube-system', 'kubeadm:kubelet-config', 'kubeadm:kubelet-config', ['Group:system:nodes', BOOTSTRAP_TOKENS], false),
    roleBinding('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'kubeadm:bootstrap-signer-clusterinfo', ['User:system:anonymous'], false),
    roleBinding('kube-system', 'kube-proxy', 'kube-proxy', [BOOTSTRAP_TOKENS], false),
    roleBinding('local-path-storage', 'local-path-provisioner-bind', 'local-path-provisioner-role', ['ServiceAccount:local-path-storage:local-path-provisioner-service-account'], false),
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
  const objects: [string, KubeObject][] = [
    ...roles.map((o) => ['clusterroles', o] as [string, KubeObject]),
    ...bootstrapClusterRoleBindings().map((o) => ['clusterrolebindings', o] as [string, KubeObject]),
    ...bootstrapRoles().map((o) => ['roles', o] as [string, KubeObject]),
    ...bootstrapRoleBindings().map((o) => ['rolebindings', o] as [string, KubeObject]),
  ];
  const after = state.meta.resourceVersion;
  state.meta.resourceVersion = FIRST_RESOURCE_VERSION - 1 - objects.length;
  if (state.meta.resourceVersion < PRIORITY_CLASS_RESOURCE_VERSIONS) throw new Error(`internal: ${objects.length} bootstrap RBAC objects do not fit between the system PriorityClasses and resourceVersion ${FIRST_RESOURCE_VERSION}`);
  const own: Env = { ...env, uidRngFor: () => new Rng(state, 'system-uid:rbac') };
  for (const [resource, obj] of objects) {
    obj.metadata.creationTimestamp = created;
    insertObject(state, resource, obj, own);
  }
  state.meta.resourceVersion = after;
}
