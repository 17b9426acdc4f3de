/**
 * RBAC PolicyRules: the API server's validation of a rule, and kubectl's way of showing a set of them
 * (broken down to one verb, resource and name each, compacted back by resource, sorted by the rule's Go
 * String()), shared by `describe role|clusterrole` and `auth can-i --list`.
 */
import type { FieldError } from '../api/types.js';

/** rbac/v1 PolicyRule. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Go's `%#v` of a []string, as field errors print a list value. */
export function goStringList(v: string[]): string {
  return `[]string{${v.map((s) => JSON.stringify(s)).join(', ')}}`;
}

/** ValidatePolicyRule: verbs required; a URL rule has nothing else (and is cluster-wide); a resource rule names groups and resources. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!rule.verbs?.length) errors.push({ field: `${path}.verbs`, type: 'Required', detail: 'verbs must contain at least one value' });
  if (rule.nonResourceURLs?.length) {
    const valueText = goStringList(rule.nonResourceURLs);
    if (namespaced) errors.push({ field: `${path}.nonResourceURLs`, type: 'Invalid', valueText, detail: 'namespaced rules cannot apply to non-resource URLs' });
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) errors.push({ field: `${path}.nonResourceURLs`, type: 'Invalid', valueText, detail: 'rules cannot apply to both regular resources and non-resource URLs' });
    return errors;
  }
  if (!rule.apiGroups?.length) errors.push({ field: `${path}.apiGroups`, type: 'Required', detail: 'resource rules must supply at least one api group' });
  if (!rule.resources?.length) errors.push({ field: `${path}.resources`, type: 'Required', detail: 'resource rules must supply at least one resource' });
  return errors;
}

/** One rule per (group, resource, verb[, name]) and per (URL, verb), in kubectl's order. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of rule.apiGroups ?? []) {
    for (const r of rule.resources ?? []) {
      for (const v of rule.verbs ?? []) {
        if (rule.resourceNames?.length) for (const n of rule.resourceNames) out.push({ verbs: [v], apiGroups: [g], resources: [r], resourceNames: [n] });
        else out.push({ verbs: [v], apiGroups: [g], resources: [r] });
      }
    }
  }
  for (const u of rule.nonResourceURLs ?? []) for (const v of rule.verbs ?? []) out.push({ verbs: [v], nonResourceURLs: [u] });
  return out;
}

/** Go's %v of a string slice. */
export const goList = (v: string[] | undefined) => `[${(v ?? []).join(' ')}]`;

/** rbacv1.PolicyRule's String(), which kubectl sorts rules by. */
const ruleText = (r: PolicyRule) =>
  `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;

/** kubectl's CompactRules then a stable sort: simple rules of one group, resource and name gather their verbs (repeats kept). */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules.flatMap(breakdown)) {
    if (r.nonResourceURLs) {
      compacted.push(r);
      continue;
    }
    const key = `${r.apiGroups![0]}\u0000${r.resources![0]}\u0000${r.resourceNames ? `1${r.resourceNames[0]}` : '0'}`;
    const hit = simple.get(key);
    if (hit) hit.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  compacted.push(...simple.values());
  const keyed = compacted.map((r) => [ruleText(r), r] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, r]) => r);
}

/** kubectl's CombineResourceGroup: `resource.group/subresource`. */
export function resourceGroupText(resources: string[] | undefined, groups: string[] | undefined): string {
  const first = resources?.[0];
  if (first === undefined) return '';
  const slash = first.indexOf('/');
  const base = slash < 0 ? first : first.slice(0, slash);
  const group = groups?.[0] ? `.${groups[0]}` : '';
  return slash < 0 ? base + group : `${base}${group}${first.slice(slash)}`;
}

/** The four cells kubectl prints for each compacted rule: Resources, Non-Resource URLs, Resource Names, Verbs. */
export function ruleRows(rules: PolicyRule[]): string[][] {
  return compactRules(rules).map((r) => [resourceGroupText(r.resources, r.apiGroups), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)]);
}
