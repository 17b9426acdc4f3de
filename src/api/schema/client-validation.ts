/**
 * kubectl's client-side schema validation (OpenAPI v2), which kubectl falls back to when the server has
 * no server-side field validation (clusters before 1.25, such as the chapter's 1.17):
 *   error validating "ing.yaml": error validating data: ValidationError(Ingress.spec.rules[0].http.paths[0].backend):
 *   unknown field "serviveName" in io.k8s.api.networking.v1beta1.IngressBackend; if you choose to ignore
 *   these errors, turn validation off with --validate=false
 * Every error is collected (keys in sorted order, then missing required fields); several are bracketed.
 */
import type { FieldType, ObjectType } from './types.js';

const META_TYPES = new Set(['ObjectMeta', 'LabelSelector', 'LabelSelectorRequirement', 'OwnerReference', 'ManagedFieldsEntry']);
/** core/v1 types that other groups embed (their definitions stay in io.k8s.api.core.v1). */
const CORE_TYPES = new Set(['PodTemplateSpec', 'ObjectReference', 'TypedLocalObjectReference']);

const GROUP_SHORT: Record<string, string> = { '': 'core', apps: 'apps', extensions: 'extensions', 'networking.k8s.io': 'networking', 'discovery.k8s.io': 'discovery' };

/** `io.k8s.api.<group>.<version>` for an apiVersion. */
function definitionPrefix(apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `io.k8s.api.${GROUP_SHORT[group!] ?? group}.${version}`;
}

function prefixFor(type: ObjectType, inherited: string): string {
  if (META_TYPES.has(type.name)) return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (CORE_TYPES.has(type.name)) return 'io.k8s.api.core.v1';
  return inherited;
}

/** The JSON kind kube-openapi's validator names (`string`, `integer`, `number`, `boolean`, `map`, `array`). */
function actual(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return 'map';
}

function expected(t: FieldType): string | undefined {
  switch (t.t) {
    case 'string':
    case 'bytes':
      return 'string';
    case 'int32':
    case 'int64':
      return 'integer';
    case 'float64':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'array':
      return 'array';
    case 'map':
    case 'object':
      return 'map';
    case 'any':
      return t.object ? 'map' : undefined;
    default:
      // IntOrString and Quantity accept strings and numbers.
      return undefined;
  }
}

/**
 * kube-openapi's leniency, kept as it is: a string field takes any primitive (a number or a bool too), an
 * integer field takes any number, a number field and a boolean field only their own kind.
 */
function accepts(t: FieldType, v: unknown): boolean {
  const got = actual(v);
  const primitive = got !== 'map' && got !== 'array';
  if (t.t === 'intstr' || t.t === 'quantity') return primitive;
  const want = expected(t);
  if (want === undefined) return true;
  if (want === 'string') return primitive;
  if (want === 'integer') return got === 'integer' || got === 'number';
  return got === want;
}

/** All client-side validation errors of a manifest (empty when valid). */
export function clientValidate(schema: ObjectType, raw: Record<string, unknown>, apiVersion: string): string[] {
  const errors: string[] = [];
  const walkObject = (v: Record<string, unknown>, t: ObjectType, path: string, prefix: string) => {
    const def = `${prefixFor(t, prefix)}.${t.name}`;
    const own = prefixFor(t, prefix);
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      if (x === null || x === undefined) continue;
      const f = Object.prototype.hasOwnProperty.call(t.fields, k) ? t.fields[k] : undefined;
      if (!f) {
        errors.push(`ValidationError(${path}): unknown field "${k}" in ${def}`);
        continue;
      }
      walkValue(x, f.type, `${path}.${k}`, `${def}.${k}`, own);
    }
    for (const [k, f] of Object.entries(t.fields)) {
      if (f.required && (v[k] === undefined || v[k] === null)) errors.push(`ValidationError(${path}): missing required field "${k}" in ${def}`);
    }
  };
  const walkValue = (x: unknown, t: FieldType, path: string, fieldDef: string, prefix: string) => {
    if (!accepts(t, x)) {
      // A struct's type error names the struct's definition; a primitive's names the field.
      const where = t.t === 'object' ? `${prefixFor(t, prefix)}.${t.name}` : fieldDef;
      errors.push(`ValidationError(${path}): invalid type for ${where}: got "${actual(x)}", expected "${expected(t)}"`);
      return;
    }
    if (t.t === 'object') walkObject(x as Record<string, unknown>, t, path, prefix);
    else if (t.t === 'array') (x as unknown[]).forEach((item, i) => item !== null && walkValue(item, t.items, `${path}[${i}]`, fieldDef, prefix));
    else if (t.t === 'map') for (const k of Object.keys(x as object).sort()) {
      const item = (x as Record<string, unknown>)[k];
      if (item !== null) walkValue(item, t.values, `${path}.${k}`, fieldDef, prefix);
    }
  };
  walkObject(raw, schema, schema.name, definitionPrefix(apiVersion));
  return errors;
}
