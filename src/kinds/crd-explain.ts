/**
 * A custom resource's schema as `kubectl explain` reads it: the CRD version's openAPIV3Schema turned into
 * kube-sim's field schema (api/schema/types.ts), with apiVersion, kind and metadata added as the API
 * server's published OpenAPI adds them. A node without a description reads `<no description>`, a kind
 * without one `<empty>` (explain prints both).
 */
import { TOP } from '../api/schema/meta.js';
import { f64, i64, bool, intstr, anyJson, arr, map, type Field, type FieldType, type ObjectType } from '../api/schema/types.js';
import type { JsonSchema } from './crd-schema.js';

/** The explain schema of a custom kind from its version's openAPIV3Schema. */
export function explainSchema(schema: JsonSchema | undefined): ObjectType {
  const root = objectOf(schema ?? {}, schema?.description ?? '');
  const fields: Record<string, Field> = Object.create(null) as Record<string, Field>;
  for (const [k, [type, doc, required]] of Object.entries(TOP)) fields[k] = { type, doc, required };
  Object.assign(fields, root.fields);
  return { ...root, fields };
}

function objectOf(s: JsonSchema, doc: string): ObjectType {
  const fields: Record<string, Field> = Object.create(null) as Record<string, Field>;
  for (const name of Object.keys(s.properties ?? {})) {
    const prop = s.properties![name]!;
    fields[name] = { type: typeOf(prop, true), doc: prop.description ?? '', required: s.required?.includes(name) || undefined };
  }
  return { t: 'object', name: 'Object', go: 'Object', doc, fields };
}

/**
 * `field`: the schema is a property's own, whose description is the field's (explain prints it once); the
 * schema of a list's items or a map's values keeps its own description, printed after the field's.
 */
function typeOf(s: JsonSchema, field = false): FieldType {
  if (s['x-kubernetes-int-or-string']) return intstr;
  switch (s.type) {
    case 'string':
      return { t: 'string', go: 'string', enum: s.enum?.map(String) };
    case 'integer':
      return i64;
    case 'number':
      return f64;
    case 'boolean':
      return bool;
    case 'array':
      return arr(s.items ? typeOf(s.items) : anyJson());
    case 'object':
      if (s.properties) return objectOf(s, field ? '' : (s.description ?? ''));
      if (typeof s.additionalProperties === 'object') return map(typeOf(s.additionalProperties));
      return anyJson();
    default:
      return anyJson();
  }
}
