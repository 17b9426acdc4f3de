/**
 * Who a request is made as and what RBAC lets them do, as a kind v1.32 API server answers `auth can-i`,
 * SelfSubjectAccessReview and SelfSubjectRulesReview: kind's kubeconfig user is `kubernetes-admin` in
 * kubeadm's `kubeadm:cluster-admins` group; `--as`/`--as-group` impersonate someone else (a service
 * account's name brings its groups). The rules come from the cluster's ClusterRoleBindings and the
 * namespace's RoleBindings (the bootstrap ones give the admin cluster-admin and every authenticated user
 * system:basic-user, system:discovery and system:public-info-viewer). RBAC answers questions only:
 * kube-sim's own requests are always the admin's.
 */
import type { ClusterState, KubeObject } from './types.js';
import type { PolicyRule } from '../kinds/rbac-rules.js';
import { getObject, listObjects } from './objects.js';
import { rulesOf } from '../kinds/role.js';
import { bindingOf, type Subject } from '../kinds/rolebinding.js';

/** An RBAC rule as a SelfSubjectRulesReview returns it. */
export type AccessRule = PolicyRule;

/** The user a request is made as. */
export interface UserInfo {
  user: string;
  groups: string[];
}

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUPS = ['kubeadm:cluster-admins', 'system:authenticated'];

const SA_PREFIX = 'system:serviceaccount:';

/**
 * The API server's impersonation: the named user (kind's admin when none) with the asked groups; a service
 * account's username brings system:serviceaccounts and system:serviceaccounts:NS when no group is asked;
 * every impersonated user is also system:authenticated (unless a group says (un)authenticated already).
 */
export function impersonate(as: string | undefined, asGroups: string[]): UserInfo {
  if (!as) return { user: ADMIN_USER, groups: ADMIN_GROUPS };
  const groups = [...asGroups];
  const sa = serviceAccountOf(as);
  if (sa && !asGroups.length) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`);
  if (as !== 'system:anonymous' && !groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) groups.push('system:authenticated');
  return { user: as, groups };
}

/** `system:serviceaccount:NS:NAME` split, or undefined for any other username. */
function serviceAccountOf(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_PREFIX)) return undefined;
  const parts = user.slice(SA_PREFIX.length).split(':');
  return parts.length === 2 && parts[0] && parts[1] ? { namespace: parts[0], name: parts[1] } : undefined;
}

/** What kind's bootstrap bindings give, for a state made before kube-sim stored RBAC objects. */
const LEGACY_AUTHENTICATED: AccessRule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
];
const LEGACY_ADMIN: AccessRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** rbac's appliesTo: a subject names the user, one of its groups, or its service account (a binding's namespace by default). */
function appliesTo(who: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject?.kind) {
    case 'User':
      return subject.name === who.user;
    case 'Group':
      return who.groups.includes(subject.name ?? '');
    case 'ServiceAccount':
      return who.user === `${SA_PREFIX}${subject.namespace || bindingNamespace}:${subject.name}`;
    default:
      return false;
  }
}

/** The rules of the role a binding refers to (none when it does not exist, as the resolver skips it). */
function roleRules(state: ClusterState, binding: KubeObject): AccessRule[] {
  const { roleRef } = bindingOf(binding);
  const role = roleRef.kind === 'Role' ? getObject(state, 'roles', binding.metadata.namespace, roleRef.name ?? '') : getObject(state, 'clusterroles', undefined, roleRef.name ?? '');
  return rulesOf(role);
}

/**
 * RBAC's rules for a user in a namespace ('' for cluster-wide requests): those of the ClusterRoleBindings
 * that name it, then those of the namespace's RoleBindings, in name order as the rule resolver visits them.
 */
export function rulesFor(state: ClusterState, who: UserInfo, namespace: string): AccessRule[] {
  const clusterBindings = listObjects(state, 'clusterrolebindings');
  const rules: AccessRule[] = [];
  if (!clusterBindings.some((b) => b.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults')) rules.push(...legacyRules(who));
  for (const b of clusterBindings) if (bindingOf(b).subjects.some((s) => appliesTo(who, s, ''))) rules.push(...roleRules(state, b));
  if (namespace) for (const b of listObjects(state, 'rolebindings', namespace)) if (bindingOf(b).subjects.some((s) => appliesTo(who, s, namespace))) rules.push(...roleRules(state, b));
  return rules;
}

/** A state saved before kube-sim stored kind's bootstrap bindings: what they would give. */
function legacyRules(who: UserInfo): AccessRule[] {
  return [...(who.groups.some((g) => g === 'kubeadm:cluster-admins' || g === 'system:masters') ? LEGACY_ADMIN : []), ...(who.groups.includes('system:authenticated') ? LEGACY_AUTHENTICATED : [])];
}

const covers = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

/** rbac's ResourceMatches: a star, the resource (with its subresource), or a star with the subresource. */
function resourceMatches(rule: AccessRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (!!subresource && r === `*/${subresource}`));
}

/** RBAC's decision for a resource request. */
export function allowsResource(rules: AccessRule[], verb: string, group: string, resource: string, subresource: string, name: string): boolean {
  return rules.some((r) => covers(r.verbs, verb) && covers(r.apiGroups, group) && resourceMatches(r, resource, subresource) && (!r.resourceNames?.length || r.resourceNames.includes(name)));
}

/** RBAC's decision for a non-resource URL (`/healthz`, a `/prefix/*` rule covers what is below it). */
export function allowsPath(rules: AccessRule[], verb: string, path: string): boolean {
  return rules.some(
    (r) => covers(r.verbs, verb) && (r.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1)))),
  );
}
