/**
 * Who kind's kubeconfig user is and what RBAC lets it do, as a kind v1.32 API server answers: the user
 * `kubernetes-admin` in kubeadm's `kubeadm:cluster-admins` group (bound to cluster-admin), plus what every
 * authenticated user gets (system:basic-user, system:discovery, system:public-info-viewer). kube-sim
 * simulates no RBAC objects; these answer `auth can-i` and `auth whoami` for that user and for `--as`.
 */

/** An RBAC rule as a SelfSubjectRulesReview returns it. */
export interface AccessRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUPS = ['kubeadm:cluster-admins', 'system:authenticated'];

/** What any authenticated user may do (kind's default ClusterRoleBindings for system:authenticated). */
const AUTHENTICATED_RULES: AccessRule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
];

const CLUSTER_ADMIN_RULES: AccessRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** Groups that hold cluster-admin on kind. */
const ADMIN_BOUND = ['kubeadm:cluster-admins', 'system:masters'];

/** The rules of a user in these groups (the admin unless --as names someone else). */
export function rulesFor(groups: string[]): AccessRule[] {
  return [...(groups.some((g) => ADMIN_BOUND.includes(g)) ? CLUSTER_ADMIN_RULES : []), ...AUTHENTICATED_RULES];
}

const covers = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

/** RBAC's decision for a resource request. */
export function allowsResource(rules: AccessRule[], verb: string, group: string, resource: string, name: string): boolean {
  return rules.some((r) => covers(r.verbs, verb) && covers(r.apiGroups, group) && covers(r.resources, resource) && (!r.resourceNames?.length || r.resourceNames.includes(name)));
}

/** RBAC's decision for a non-resource URL (`/healthz`, a `/prefix/*` rule covers what is below it). */
export function allowsPath(rules: AccessRule[], verb: string, path: string): boolean {
  return rules.some(
    (r) => covers(r.verbs, verb) && (r.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1)))),
  );
}
