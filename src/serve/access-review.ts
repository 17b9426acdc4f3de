/**
 * The API server's answers to `kubectl auth can-i` and `auth whoami`: SelfSubjectAccessReview and
 * SelfSubjectRulesReview evaluated by RBAC over the cluster's bindings (api/admin-access.ts), and
 * SelfSubjectReview, for the requesting user: kind's admin, or whom the Impersonate-* headers name.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ClusterState } from '../api/types.js';
import { allowsPath, allowsResource, impersonate, rulesFor, type UserInfo } from '../api/admin-access.js';

/** The review paths this module answers (POST). */
export const REVIEW_PATH = /\/(selfsubjectaccessreviews|selfsubjectrulesreviews|selfsubjectreviews)$/;

/** The user a request is made as: kind's admin, or the impersonated one. */
export function requestUser(headers: IncomingHttpHeaders, distinct: Record<string, string[] | undefined>): UserInfo {
  const user = headers['impersonate-user'];
  return impersonate(typeof user === 'string' ? user : undefined, distinct['impersonate-group'] ?? []);
}

interface ReviewBody {
  spec?: {
    namespace?: string;
    resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string };
    nonResourceAttributes?: { path?: string; verb?: string };
  };
}

/** The created review (status filled in) for a POST to `path`. */
export function answerReview(path: string, review: unknown, state: ClusterState, who: UserInfo): unknown {
  const spec = (review as ReviewBody | undefined)?.spec ?? {};
  if (path.endsWith('selfsubjectreviews')) {
    return { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: who.user, groups: who.groups } } };
  }
  if (path.endsWith('selfsubjectrulesreviews')) {
    const rules = rulesFor(state, who, spec.namespace ?? '');
    const resourceRules = rules.filter((r) => !r.nonResourceURLs).map(({ verbs, apiGroups, resources, resourceNames }) => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) }));
    const nonResourceRules = rules.filter((r) => r.nonResourceURLs).map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceURLs }));
    return { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { resourceRules, nonResourceRules, incomplete: false } };
  }
  let allowed = false;
  if (spec.resourceAttributes) {
    const a = spec.resourceAttributes;
    allowed = allowsResource(rulesFor(state, who, a.namespace ?? ''), a.verb ?? '', a.group ?? '', a.resource ?? '', a.subresource ?? '', a.name ?? '');
  } else if (spec.nonResourceAttributes) {
    allowed = allowsPath(rulesFor(state, who, ''), spec.nonResourceAttributes.verb ?? '', spec.nonResourceAttributes.path ?? '');
  }
  return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { allowed } };
}
