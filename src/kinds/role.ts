/**
 * Role and ClusterRole (rbac.authorization.k8s.io/v1): the server's default table (NAME, CREATED AT),
 * kubectl's describer (the compacted PolicyRule table), and the API server's validation. A ClusterRole's
 * aggregationRule is served by controllers/clusterrole-aggregation.ts.
 */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter } from '../printers/describe.js';
import { validatePolicyRule, ruleRows, type PolicyRule } from './rbac-rules.js';

/** The RBAC API group. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A Role's or ClusterRole's fields. */
export interface RoleFields {
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] | null };
}

/** The rules of a Role or ClusterRole (none when unset or null). */
export function rulesOf(o: KubeObject | undefined): PolicyRule[] {
  return ((o as unknown as RoleFields | undefined)?.rules ?? []) as PolicyRule[];
}

/** ValidateRBACName: path.IsValidPathSegmentName (`system:basic-user` is a valid name). */
export function pathSegmentMessages(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const out: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) out.push(`may not contain '${c}'`);
  return out;
}

function validateRules(o: KubeObject, namespaced: boolean): FieldError[] {
  return rulesOf(o).flatMap((r, i) => validatePolicyRule(r ?? ({} as PolicyRule), namespaced, `rules[${i}]`));
}

/** ValidateClusterRole: the rules, and an aggregationRule that selects something. */
function validateClusterRole(o: KubeObject): FieldError[] {
  const errors = validateRules(o, false);
  const agg = (o as unknown as RoleFields).aggregationRule;
  if (agg && !agg.clusterRoleSelectors?.length) errors.push({ field: 'aggregationRule.clusterRoleSelectors', type: 'Required', detail: 'at least one clusterRoleSelector required if aggregationRule is non-nil' });
  return errors;
}

/** kubectl's Role/ClusterRole describer: no namespace line, no events. */
function describe(o: KubeObject): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'PolicyRule:');
  w.line(1, 'Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs');
  w.line(1, '---------', '-----------------', '--------------', '-----');
  for (const row of ruleRows(rulesOf(o))) w.line(1, ...row);
  return w.toString();
}

/** `rules` has no omitempty in Go: an object without rules is served with `rules: null`. */
function admit(o: KubeObject): void {
  (o as unknown as RoleFields).rules ??= null;
}

/** The names, group and version every RBAC kind's entry shares. */
export function rbacNames(kind: string, namespaced: boolean) {
  const singular = kind.toLowerCase();
  return { kind, resource: `${singular}s`, singular, shortNames: [], group: RBAC_GROUP, version: 'v1', namespaced, subresources: [], nameMessages: pathSegmentMessages };
}

const createdAtTable = {
  columns: [{ name: 'NAME' }, { name: 'CREATED AT' }],
  row: (o: KubeObject) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
};

/** Role: rules in one namespace. */
export const roleKind = {
  ...rbacNames('Role', true),
  table: createdAtTable,
  describe,
  admit,
  validate: (o) => validateRules(o, true),
} satisfies KindInfo;

/** ClusterRole: rules cluster-wide (or for any namespace a RoleBinding names), possibly aggregated. */
export const clusterRoleKind = {
  ...rbacNames('ClusterRole', false),
  table: createdAtTable,
  describe,
  admit,
  validate: validateClusterRole,
} satisfies KindInfo;
