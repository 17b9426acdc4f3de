/**
 * A CustomResourceDefinition's structural schema (openAPIV3Schema) applied to custom resources, as the
 * apiextensions-apiserver does: pruning of unknown fields (structuralpruning), defaulting
 * (structuraldefaulting) and validation with kube-openapi's error texts converted to field errors
 * (apiextensions-apiserver pkg/apiserver/validation: kubeOpenAPIResultToFieldErrors), plus the structural
 * rules a CRD's schema must follow (pkg/apiserver/schema: validateStructural).
 */
import type { FieldError } from '../api/types.js';

/** The subset of JSONSchemaProps kube-sim reads. */
export interface JsonSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const sortedKeys = (o: object) => Object.keys(o).sort();

/** The fields every object has at its root besides what the schema declares (never pruned there). */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Remove what the schema does not specify, in place, returning the removed paths (`spec.someRandomField`:
 * the words of the strict decoding error and of the `unknown field` warning). `x-kubernetes-preserve-unknown-fields`
 * keeps a subtree's unknown fields, while the properties it does specify are pruned again inside.
 */
export function prune(value: unknown, schema: JsonSchema | undefined, path = '', root = true): string[] {
  const removed: string[] = [];
  pruneInto(value, schema, path, root, removed);
  return removed;
}

function pruneInto(value: unknown, schema: JsonSchema | undefined, path: string, root: boolean, removed: string[]): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => pruneInto(item, schema.items, `${path}[${i}]`, false, removed));
    return;
  }
  // A map where the schema wants something else is left whole: validation reports the type.
  if (!isMap(value) || (schema.type !== undefined && schema.type !== 'object')) return;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(value)) {
    if (root && ROOT_FIELDS.has(key)) continue;
    const declared = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (declared) pruneInto(value[key], declared, join(path, key), false, removed);
    else if (additional) pruneInto(value[key], additional, join(path, key), false, removed);
    else if (!preserve && schema.additionalProperties !== true) {
      removed.push(join(path, key));
      delete value[key];
    }
  }
}

/** Set the schema's `default`s where a field is absent (or null and not nullable), in place, recursively. */
export function applyDefaults(value: unknown, schema: JsonSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isMap(value)) return;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const absent = !Object.hasOwn(value, key) || (value[key] === null && !prop.nullable);
    if (absent && prop.default !== undefined) value[key] = structuredClone(prop.default);
    if (Object.hasOwn(value, key)) applyDefaults(value[key], prop);
  }
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (additional) for (const key of Object.keys(value)) if (!schema.properties?.[key]) applyDefaults(value[key], additional);
}

/** Whether any node of the schema has a `default` (reads need no defaulting otherwise). */
export function hasDefaults(schema: JsonSchema | undefined): boolean {
  if (!schema || typeof schema !== 'object') return false;
  if (schema.default !== undefined) return true;
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  return Object.values(schema.properties ?? {}).some(hasDefaults) || hasDefaults(schema.items) || hasDefaults(additional);
}

/** The JSON type name kube-openapi reports for a value (`must be of type integer: "string"`). */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'boolean' : 'string';
}

function typeMatches(v: unknown, type: string): boolean {
  const actual = typeName(v);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Go's %v of a JSON number bound (`10`, `1.5`). */
const num = (n: number) => String(n);

/** Validate `value` against `schema`, as the custom resource's validator does; field errors in its order. */
export function validateValue(value: unknown, schema: JsonSchema | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  check(value, schema, path, errors);
  return errors;
}

function check(v: unknown, s: JsonSchema | undefined, path: string, errors: FieldError[]): void {
  if (!s) return;
  const at = path || '<root>';
  if (v === null) {
    if (s.nullable || (!s.type && !s['x-kubernetes-int-or-string'])) return;
    errors.push({ field: at, type: 'Invalid', value: 'null', detail: `${at} in body must be of type ${s.type ?? 'string'}: "null"` });
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    const t = typeName(v);
    if (t !== 'integer' && t !== 'string') {
      errors.push({ field: at, type: 'Invalid', value: t, detail: `${at} in body must be of type integer,string: "${t}"` });
      return;
    }
  } else if (s.type && !typeMatches(v, s.type)) {
    const t = typeName(v);
    errors.push({ field: at, type: 'Invalid', value: t, detail: `${at} in body must be of type ${s.type}: "${t}"` });
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    errors.push({ field: at, type: 'Unsupported', value: v, valueText: enumText(v), supported: s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) });
  }
  if (typeof v === 'string') checkString(v, s, at, errors);
  if (typeof v === 'number') checkNumber(v, s, at, errors);
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) errors.push({ field: at, type: 'TooMany', detail: `${v.length}: must have at most ${s.maxItems} items` });
    if (s.minItems !== undefined && v.length < s.minItems) errors.push({ field: at, type: 'Invalid', value: v, valueText: String(v.length), detail: `${at} in body should have at least ${s.minItems} items` });
    v.forEach((item, i) => check(item, s.items, `${path}[${i}]`, errors));
  }
  if (isMap(v)) {
    for (const r of s.required ?? []) if (!Object.hasOwn(v, r)) errors.push({ field: join(path, r), type: 'Required', detail: '' });
    for (const key of sortedKeys(v)) {
      const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      if (!path && ROOT_FIELDS.has(key) && !s.properties?.[key]) continue;
      check(v[key], prop, join(path, key), errors);
    }
  }
}

/** An enum failure's value: strings quoted, anything else as Go prints it. */
function enumText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}

function checkString(v: string, s: JsonSchema, at: string, errors: FieldError[]): void {
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) errors.push({ field: at, type: 'TooLong', detail: `may not be longer than ${s.maxLength}` });
  if (s.minLength !== undefined && length < s.minLength) errors.push({ field: at, type: 'Invalid', value: v, detail: `${at} in body should be at least ${s.minLength} chars long` });
  if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v)) errors.push({ field: at, type: 'Invalid', value: v, detail: `${at} in body should match '${s.pattern}'` });
}

function checkNumber(v: number, s: JsonSchema, at: string, errors: FieldError[]): void {
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    errors.push({ field: at, type: 'Invalid', value: v, detail: `${at} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${num(s.maximum)}` });
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    errors.push({ field: at, type: 'Invalid', value: v, detail: `${at} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${num(s.minimum)}` });
  }
}

/** A schema's pattern as a JavaScript expression (Go RE2 syntax is close enough for the patterns CRDs use), or undefined when it does not compile. */
function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/**
 * The structural-schema violations of a version's schema (apiextensions-apiserver pkg/apiserver/schema
 * validation.go): a type at the root and on every specified field and array item, unless the node is
 * int-or-string or preserves unknown fields; the root must be an object. `path` is the field path of
 * the openAPIV3Schema (`spec.versions[0].schema.openAPIV3Schema`).
 */
export function structuralProblems(schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!schema.type) errors.push({ field: `${path}.type`, type: 'Required', detail: 'must not be empty at the root' });
  else if (schema.type !== 'object') errors.push({ field: `${path}.type`, type: 'Invalid', value: schema.type, detail: 'must be object at the root' });
  walkStructural(schema, path, errors);
  return errors;
}

function untypedAllowed(s: JsonSchema): boolean {
  return s['x-kubernetes-int-or-string'] === true || s['x-kubernetes-preserve-unknown-fields'] === true;
}

function walkStructural(s: JsonSchema, path: string, errors: FieldError[]): void {
  for (const key of sortedKeys(s.properties ?? {})) {
    const prop = s.properties![key]!;
    const at = `${path}.properties[${key}]`;
    if (!isMap(prop)) continue;
    if (!prop.type && !untypedAllowed(prop)) errors.push({ field: `${at}.type`, type: 'Required', detail: 'must not be empty for specified object fields' });
    walkStructural(prop, at, errors);
  }
  if (isMap(s.additionalProperties)) {
    const at = `${path}.additionalProperties`;
    if (!s.additionalProperties.type && !untypedAllowed(s.additionalProperties)) errors.push({ field: `${at}.type`, type: 'Required', detail: 'must not be empty for specified object fields' });
    walkStructural(s.additionalProperties, at, errors);
  }
  if (isMap(s.items)) {
    const at = `${path}.items`;
    if (!s.items.type && !untypedAllowed(s.items)) errors.push({ field: `${at}.type`, type: 'Required', detail: 'must not be empty for specified array items' });
    walkStructural(s.items, at, errors);
  }
}
