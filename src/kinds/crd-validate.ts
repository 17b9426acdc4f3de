/**
 * The API server's validation of a CustomResourceDefinition (apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go: ValidateCustomResourceDefinition, its Spec, Names and
 * SpecUpdate, and the structural-schema check of each version's openAPIV3Schema), with its field paths
 * and texts.
 */
import type { FieldError, KubeObject } from '../api/types.js';
import { DNS1035_LABEL_MSG, DNS1123_SUBDOMAIN_MSG, isDns1035Label, isDns1123Subdomain } from '../api/validation.js';
import { structuralProblems, type JsonSchema } from './crd-schema.js';
import { crdSpec, type CrdNames, type CrdSpecShape, type CrdVersion, type PrinterColumn } from './crd-spec.js';

const SCOPES = ['Cluster', 'Namespaced'];

/** The errors of a CRD about to be created or updated (`old` on update). */
export function validateCrd(crd: KubeObject, old?: KubeObject): FieldError[] {
  const spec = crdSpec(crd);
  const errors: FieldError[] = [];
  if (crd.metadata.name !== `${spec.names.plural}.${spec.group}`) {
    errors.push({ field: 'metadata.name', type: 'Invalid', value: crd.metadata.name, detail: 'must be spec.names.plural+"."+spec.group' });
  }
  errors.push(...specErrors(spec));
  if (old) errors.push(...updateErrors(spec, crdSpec(old), isEstablished(old)));
  return errors;
}

/**
 * validateCustomResourceDefinitionSpec, on the internal form the v1 CRD converts to: when every version
 * has the same schema, the conversion moves it to the top-level `spec.validation`, so its errors are
 * reported there, after the names; otherwise under each version. A version without a schema is
 * `schemas are required` before the versions are looked at.
 */
function specErrors(spec: CrdSpecShape): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.group) errors.push({ field: 'spec.group', type: 'Required', detail: '' });
  else if (!isDns1123Subdomain(spec.group)) errors.push({ field: 'spec.group', type: 'Invalid', value: spec.group, detail: DNS1123_SUBDOMAIN_MSG });
  else if (spec.group.split('.').length < 2) errors.push({ field: 'spec.group', type: 'Invalid', value: spec.group, detail: 'should be a domain with at least one dot' });
  if (!spec.scope) errors.push({ field: 'spec.scope', type: 'Required', detail: '' });
  else if (!SCOPES.includes(spec.scope)) errors.push({ field: 'spec.scope', type: 'Unsupported', value: spec.scope, supported: SCOPES });
  const hoisted = topLevelSchema(spec.versions);
  if (!hoisted) {
    spec.versions.forEach((v, i) => {
      if (!v.schema?.openAPIV3Schema) errors.push({ field: `spec.versions[${i}].schema.openAPIV3Schema`, type: 'Required', detail: 'schemas are required' });
    });
  }
  const seen = new Set<string>();
  let unique = true;
  spec.versions.forEach((v, i) => {
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    if (!isDns1035Label(v.name ?? '')) errors.push({ field: `spec.versions[${i}].name`, type: 'Invalid', value: v.name ?? '', detail: DNS1035_LABEL_MSG });
    const schema = v.schema?.openAPIV3Schema;
    if (!hoisted && schema) errors.push(...structuralProblems(schema, `spec.versions[${i}].schema.openAPIV3Schema`));
  });
  if (!unique) errors.push({ field: 'spec.versions', type: 'Invalid', valueText: versionsText(spec.versions), detail: 'must contain unique version names' });
  if (spec.versions.filter((v) => v.storage).length !== 1) {
    errors.push({ field: 'spec.versions', type: 'Invalid', valueText: versionsText(spec.versions), detail: 'must have exactly one version marked as storage version' });
  }
  for (const n of ['plural', 'singular', 'kind', 'listKind'] as const) if (!spec.names[n]) errors.push({ field: `spec.names.${n}`, type: 'Required', detail: '' });
  errors.push(...namesErrors(spec.names, 'spec.names'));
  if (hoisted) errors.push(...structuralProblems(hoisted, 'spec.validation.openAPIV3Schema'));
  return errors;
}

/** The schema every version shares (the internal form's top-level one), or undefined when they differ or one has none. */
function topLevelSchema(versions: CrdVersion[]): JsonSchema | undefined {
  const first = versions[0]?.schema?.openAPIV3Schema;
  if (!first) return undefined;
  const text = JSON.stringify(first);
  return versions.every((v) => v.schema?.openAPIV3Schema && JSON.stringify(v.schema.openAPIV3Schema) === text) ? first : undefined;
}

/** ValidateCustomResourceDefinitionNames. */
function namesErrors(names: CrdNames, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const label = (field: string, value: string | undefined, mixedCase = false) => {
    if (!value || isDns1035Label(mixedCase ? value.toLowerCase() : value)) return;
    errors.push({ field: `${path}.${field}`, type: 'Invalid', value, detail: mixedCase ? `may have mixed case, but should otherwise match: ${DNS1035_LABEL_MSG}` : DNS1035_LABEL_MSG });
  };
  label('plural', names.plural);
  label('singular', names.singular);
  label('kind', names.kind, true);
  label('listKind', names.listKind, true);
  (names.shortNames ?? []).forEach((s, i) => label(`shortNames[${i}]`, s));
  if (names.kind && names.kind === names.listKind) errors.push({ field: `${path}.listKind`, type: 'Invalid', value: names.listKind, detail: 'kind and listKind may not be the same' });
  (names.categories ?? []).forEach((c, i) => label(`categories[${i}]`, c));
  return errors;
}

/** ValidateCustomResourceDefinitionSpecUpdate: group and plural never change; scope and kind not once established. */
function updateErrors(spec: CrdSpecShape, old: CrdSpecShape, established: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const immutable = (field: string, now: string, before: string) => {
    if (now !== before) errors.push({ field, type: 'Invalid', value: now, detail: 'field is immutable' });
  };
  if (established) {
    immutable('spec.scope', spec.scope, old.scope);
    immutable('spec.names.kind', spec.names.kind, old.names.kind);
  }
  immutable('spec.group', spec.group, old.group);
  immutable('spec.names.plural', spec.names.plural, old.names.plural);
  return errors;
}

/** Whether the CRD's Established condition is True. */
export function isEstablished(crd: KubeObject): boolean {
  const conditions = ((crd.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}

/**
 * Go's %#v of the internal []apiextensions.CustomResourceDefinitionVersion, as field.Invalid prints it.
 * The real server prints the heap addresses of the pointer fields, which change every run; kube-sim
 * prints a fixed one so the same command gives the same bytes.
 */
function versionsText(versions: CrdVersion[]): string {
  // Fields every version sets alike were moved to the spec's top level by the conversion: nil here.
  const shared = (get: (v: CrdVersion) => unknown) => {
    const first = JSON.stringify(get(versions[0]!) ?? null);
    return first !== 'null' && versions.every((v) => JSON.stringify(get(v) ?? null) === first);
  };
  const hoisted = versions.length > 0 && { schema: shared((v) => v.schema), subresources: shared((v) => v.subresources), columns: shared((v) => (v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : undefined)) };
  const ptr = (type: string, v: unknown, moved = false) => `(*${type})(${v === undefined || moved ? 'nil' : '0xc000100000'})`;
  const column = (c: PrinterColumn) =>
    `apiextensions.CustomResourceColumnDefinition{Name:${JSON.stringify(c.name ?? '')}, Type:${JSON.stringify(c.type ?? '')}, Format:${JSON.stringify(c.format ?? '')}, Description:${JSON.stringify(c.description ?? '')}, Priority:${c.priority ?? 0}, JSONPath:${JSON.stringify(c.jsonPath ?? '')}}`;
  const columns = (v: CrdVersion) =>
    v.additionalPrinterColumns?.length && !(hoisted && hoisted.columns)
      ? `[]apiextensions.CustomResourceColumnDefinition{${v.additionalPrinterColumns.map(column).join(', ')}}`
      : '[]apiextensions.CustomResourceColumnDefinition(nil)';
  const one = (v: CrdVersion) =>
    `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name ?? '')}, Served:${!!v.served}, Storage:${!!v.storage}, Deprecated:${!!v.deprecated}, DeprecationWarning:${ptr('string', v.deprecationWarning)}, Schema:${ptr('apiextensions.CustomResourceValidation', v.schema, hoisted && hoisted.schema)}, Subresources:${ptr('apiextensions.CustomResourceSubresources', v.subresources, hoisted && hoisted.subresources)}, AdditionalPrinterColumns:${columns(v)}, SelectableFields:[]apiextensions.SelectableField(nil)}`;
  return `[]apiextensions.CustomResourceDefinitionVersion{${versions.map(one).join(', ')}}`;
}
