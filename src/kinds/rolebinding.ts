/**
 * RoleBinding and ClusterRoleBinding (rbac.authorization.k8s.io/v1): the server's table (NAME, ROLE, AGE;
 * wide: USERS, GROUPS, SERVICEACCOUNTS), kubectl's describer, v1 defaulting (apiGroups of roleRef and of
 * User/Group subjects) and the API server's validation (roleRef immutable, subject kinds and groups).
 */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { DescribeWriter } from '../printers/describe.js';
import { ageOf } from './common.js';
import { RBAC_GROUP, pathSegmentMessages, rbacNames } from './role.js';

/** rbac/v1 RoleRef. */
export interface RoleRef { apiGroup?: string; kind?: string; name?: string }
/** rbac/v1 Subject. */
export interface Subject { kind?: string; apiGroup?: string; name?: string; namespace?: string }
/** A binding's fields. */
export interface BindingFields { roleRef?: RoleRef; subjects?: Subject[] | null }

/** The binding's roleRef and subjects. */
export function bindingOf(o: KubeObject): { roleRef: RoleRef; subjects: Subject[] } {
  const f = o as unknown as BindingFields;
  return { roleRef: f.roleRef ?? {}, subjects: f.subjects ?? [] };
}

/** SetDefaults_RoleBinding / _ClusterRoleBinding and SetDefaults_Subject (roleRef is a struct in Go: always there). */
function admit(o: KubeObject): void {
  const f = o as unknown as BindingFields;
  f.roleRef ??= {};
  if (!f.roleRef.apiGroup) f.roleRef.apiGroup = RBAC_GROUP;
  for (const s of f.subjects ?? []) if (s && !s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
}

/** ServiceAccount names follow the DNS-1123 subdomain rule. */
const SA_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateSubject(s: Subject, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!s.name) errors.push({ field: `${path}.name`, type: 'Required' });
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name && (s.name.length > 253 || !SA_NAME.test(s.name))) {
        errors.push({ field: `${path}.name`, type: 'Invalid', value: s.name, detail: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" });
      }
      if (s.apiGroup) errors.push({ field: `${path}.apiGroup`, type: 'Unsupported', value: s.apiGroup, supported: [''] });
      if (!namespaced && !s.namespace) errors.push({ field: `${path}.namespace`, type: 'Required' });
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP) errors.push({ field: `${path}.apiGroup`, type: 'Unsupported', value: s.apiGroup ?? '', supported: [RBAC_GROUP] });
      break;
    default:
      errors.push({ field: `${path}.kind`, type: 'Unsupported', value: s.kind ?? '', supported: ['ServiceAccount', 'User', 'Group'] });
  }
  return errors;
}

/** Go's %#v of the internal RoleRef, as `cannot change roleRef` prints it. */
const roleRefText = (r: RoleRef) => `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}`;

function validator(namespaced: boolean): NonNullable<KindInfo['validate']> {
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  return (o, ctx) => {
    const { roleRef, subjects } = bindingOf(o);
    const errors: FieldError[] = [];
    if (roleRef.apiGroup !== RBAC_GROUP) errors.push({ field: 'roleRef.apiGroup', type: 'Unsupported', value: roleRef.apiGroup ?? '', supported: [RBAC_GROUP] });
    if (!kinds.includes(roleRef.kind ?? '')) errors.push({ field: 'roleRef.kind', type: 'Unsupported', value: roleRef.kind ?? '', supported: kinds });
    if (!roleRef.name) errors.push({ field: 'roleRef.name', type: 'Required' });
    else for (const detail of pathSegmentMessages(roleRef.name)) errors.push({ field: 'roleRef.name', type: 'Invalid', value: roleRef.name, detail });
    subjects.forEach((s, i) => errors.push(...validateSubject(s ?? {}, namespaced, `subjects[${i}]`)));
    if (ctx.old) {
      const was = bindingOf(ctx.old).roleRef;
      if (was.apiGroup !== roleRef.apiGroup || was.kind !== roleRef.kind || was.name !== roleRef.name) {
        errors.push({ field: 'roleRef', type: 'Invalid', valueText: roleRefText(roleRef), detail: 'cannot change roleRef' });
      }
    }
    return errors;
  };
}

/** rbac.SubjectsStrings: users, groups and `namespace/name` of service accounts. */
function subjectCells(o: KubeObject): string[] {
  const { subjects } = bindingOf(o);
  const of = (kind: string, text: (s: Subject) => string) => subjects.filter((s) => s?.kind === kind).map(text).join(', ');
  return [of('User', (s) => s.name ?? ''), of('Group', (s) => s.name ?? ''), of('ServiceAccount', (s) => `${s.namespace ?? ''}/${s.name ?? ''}`)];
}

const table = {
  columns: [{ name: 'NAME' }, { name: 'ROLE' }, { name: 'AGE' }, { name: 'USERS', wide: true }, { name: 'GROUPS', wide: true }, { name: 'SERVICEACCOUNTS', wide: true }],
  row: (o: KubeObject, ctx: PrintContext) => {
    const { roleRef } = bindingOf(o);
    return [o.metadata.name, `${roleRef.kind ?? ''}/${roleRef.name ?? ''}`, ageOf(o, ctx), ...subjectCells(o)];
  },
};

/** kubectl's RoleBinding/ClusterRoleBinding describer: the role, then a Kind/Name/Namespace table of subjects. */
function describe(o: KubeObject): string {
  const { roleRef, subjects } = bindingOf(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Role:');
  w.line(1, 'Kind:', roleRef.kind ?? '');
  w.line(1, 'Name:', roleRef.name ?? '');
  w.line(0, 'Subjects:');
  w.line(1, 'Kind', 'Name', 'Namespace');
  w.line(1, '----', '----', '---------');
  for (const s of subjects) w.line(1, s?.kind ?? '', s?.name ?? '', s?.namespace ?? '');
  return w.toString();
}

/** A binding kind's entry: RoleBinding (roleRef Role or ClusterRole) or ClusterRoleBinding (ClusterRole only). */
function bindingKind(kind: string, namespaced: boolean) {
  return { ...rbacNames(kind, namespaced), table, describe, admit, validate: validator(namespaced) } satisfies KindInfo;
}

/** RoleBinding: a Role or ClusterRole granted in the binding's namespace. */
export const roleBindingKind = bindingKind('RoleBinding', true);
/** ClusterRoleBinding: a ClusterRole granted cluster-wide. */
export const clusterRoleBindingKind = bindingKind('ClusterRoleBinding', false);
