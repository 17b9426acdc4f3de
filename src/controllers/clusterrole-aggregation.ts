/**
 * The ClusterRole aggregation controller: a ClusterRole with an aggregationRule has as rules (live) the
 * rules of every other ClusterRole its selectors match, in name order, each rule once.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { listObjects, saveIfChanged } from '../api/objects.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { rulesOf, type RoleFields } from '../kinds/role.js';
import type { PolicyRule } from '../kinds/rbac-rules.js';

/** A rule as a comparable text (the controller adds a rule only when no equal one is there). */
const ruleKey = (r: PolicyRule) => JSON.stringify([r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? [], r.verbs ?? []]);

/** The rules an aggregating ClusterRole should have now, or undefined when it does not aggregate. */
export function aggregatedRules(role: KubeObject, all: KubeObject[]): PolicyRule[] | undefined {
  const selectors = (role as unknown as RoleFields).aggregationRule?.clusterRoleSelectors;
  if (!selectors) return undefined;
  const compiled = selectors.map((s) => fromLabelSelector(s)).filter((s) => s !== null);
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const sources = all.filter((o) => o.metadata.name !== role.metadata.name && compiled.some((req) => matches(req, o.metadata.labels))).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const source of sources) {
    for (const r of rulesOf(source)) {
      const key = ruleKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(r);
    }
  }
  return rules;
}

/** One pass over every aggregating ClusterRole; whether any changed. */
function aggregateAll(state: ClusterState, roles: KubeObject[] = listObjects(state, 'clusterroles')): boolean {
  let changed = false;
  for (const role of roles) {
    const rules = aggregatedRules(role, roles);
    // Semantic equality, as the controller's: no rules and an empty list are the same.
    if (!rules || JSON.stringify(rules) === JSON.stringify(rulesOf(role))) continue;
    const before = JSON.stringify(role);
    // Stored through protobuf, an empty list comes back as null.
    (role as unknown as RoleFields).rules = rules.length ? structuredClone(rules) : null;
    if (saveIfChanged(state, 'clusterroles', role, before)) changed = true;
  }
  return changed;
}

/** The controller, run when a ClusterRole changed. */
export const clusterRoleAggregation: Controller = {
  name: 'clusterrole-aggregation-controller',
  watches: ['clusterroles'],
  reconcile: (state) => aggregateAll(state),
};
