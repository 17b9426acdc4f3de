/**
 * A compact field schema for the API kinds kube-sim serves: enough of each Go type to decode a manifest
 * the way the API server's strict JSON decoder does (Go type names for `cannot unmarshal` errors, unknown
 * fields) and to print `kubectl explain`. Not OpenAPI: one small tree per kind, built with the helpers below.
 */

/** A leaf or composite type. `go` is the Go type name as encoding/json prints it (`int32`, `v1.Protocol`). */
export type FieldType =
  /** `pointer`: a *string, whose empty value is kept (omitempty drops only nil), e.g. storageClassName: "". */
  | { t: 'string'; go: string; enum?: string[]; pointer?: boolean }
  | { t: 'int32' | 'int64' | 'float64'; go: string }
  | { t: 'bool'; go: string }
  /** intstr.IntOrString: a JSON string or int32. */
  | { t: 'intstr'; go: string }
  /** resource.Quantity: a string or number matching the quantity grammar. */
  | { t: 'quantity'; go: string }
  /** []byte: a base64 string. */
  | { t: 'bytes'; go: string }
  /** Free JSON (runtime.RawExtension, fields kube-sim does not model such as object status). */
  | { t: 'any'; go: string; explain?: string; object?: boolean }
  | { t: 'array'; go: string; items: FieldType }
  | { t: 'map'; go: string; values: FieldType; explain?: string }
  | ObjectType;

export interface ObjectType {
  t: 'object';
  /** Go struct name without package, e.g. `ServicePort` (the `Go struct field ServicePort.spec...` part). */
  name: string;
  go: string;
  doc: string;
  fields: Record<string, Field>;
}

export interface Field {
  type: FieldType;
  doc: string;
  required?: boolean;
}

/** Field definition shorthand: `[type, doc]` or `[type, doc, true]` for required fields. */
export type FieldSpec = [FieldType, string] | [FieldType, string, boolean];

export const str: FieldType = { t: 'string', go: 'string' };
/** A *string field: "" is a value of its own (no class, as opposed to the default one). */
export const strPtr: FieldType = { t: 'string', go: 'string', pointer: true };
export const i32: FieldType = { t: 'int32', go: 'int32' };
export const i64: FieldType = { t: 'int64', go: 'int64' };
export const f64: FieldType = { t: 'float64', go: 'float64' };
export const bool: FieldType = { t: 'bool', go: 'bool' };
export const intstr: FieldType = { t: 'intstr', go: 'intstr.IntOrString' };
export const quantity: FieldType = { t: 'quantity', go: 'resource.Quantity' };
export const bytes: FieldType = { t: 'bytes', go: '[]uint8' };
/** metav1.Time: decoded as an RFC 3339 string. */
export const time: FieldType = { t: 'string', go: 'string' };
export const strMap: FieldType = { t: 'map', go: 'map[string]string', values: str };
export const strList: FieldType = { t: 'array', go: '[]string', items: str };
export const anyJson = (go = 'runtime.RawExtension', explain = 'Object'): FieldType => ({ t: 'any', go, explain });
/** A Go struct kube-sim does not model field by field: any JSON object (or null) is accepted. */
export const anyObj = (go: string): FieldType => ({ t: 'any', go, explain: go.replace(/^.*\./, ''), object: true });

/** A named string type such as `v1.Protocol`, optionally with its enum values (for explain). */
export function named(go: string, values?: string[]): FieldType {
  return values ? { t: 'string', go, enum: values } : { t: 'string', go };
}

export function arr(items: FieldType): FieldType {
  return { t: 'array', go: `[]${items.go}`, items };
}

export function map(values: FieldType, go?: string, explain?: string): FieldType {
  return { t: 'map', go: go ?? `map[string]${values.go}`, values, explain };
}

/**
 * The fields of a struct: the record itself, or a function returning it, called the first time the
 * struct's `fields` are read. The schemas are written with functions so that a command builds only the
 * structs it decodes (a ConfigMap's, not a Pod's ~100 structs): building every kind's tree up front cost
 * each write 2-5 ms at start-up.
 */
export type FieldSpecs = Record<string, FieldSpec> | (() => Record<string, FieldSpec>);

function fieldsOf(specs: Record<string, FieldSpec>): Record<string, Field> {
  const out: Record<string, Field> = Object.create(null) as Record<string, Field>;
  for (const [k, [type, d, required]] of Object.entries(specs)) out[k] = { type, doc: d, required };
  return out;
}

/**
 * A struct whose `fields` are made by `make` when first read, then kept as its own property (a class:
 * its getter is shared, where a getter defined on each of the ~400 structs cost more than it saved).
 */
class LazyStruct {
  readonly t = 'object';
  #make: () => Record<string, Field>;

  constructor(
    readonly name: string,
    readonly go: string,
    readonly doc: string,
    make: () => Record<string, Field>,
  ) {
    this.#make = make;
  }

  get fields(): Record<string, Field> {
    const fields = this.#make();
    Object.defineProperty(this, 'fields', { value: fields, enumerable: true, writable: true });
    return fields;
  }
}

/** A Go struct. `pkg` is the Go package name that prefixes the type (`v1`, `intstr`). */
export function obj(name: string, doc: string, fields: FieldSpecs, pkg = 'v1'): ObjectType {
  if (typeof fields === 'function') return new LazyStruct(name, `${pkg}.${name}`, doc, () => fieldsOf(fields()));
  return { t: 'object', name, go: `${pkg}.${name}`, doc, fields: fieldsOf(fields) };
}

/** Add fields to a struct after creation (for recursive types and version variants). */
export function extend(base: ObjectType, name: string, doc: string, fields: Record<string, FieldSpec>): ObjectType {
  return new LazyStruct(name, `${base.go.split('.')[0]}.${name}`, doc, () => Object.assign(Object.create(null) as Record<string, Field>, base.fields, fieldsOf(fields)));
}

/** The type name kubectl explain prints in `<...>`. */
export function explainType(t: FieldType): string {
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
    case 'intstr':
      return 'IntOrString';
    case 'quantity':
      return 'Quantity';
    case 'any':
      return t.explain ?? 'Object';
    case 'array':
      return `[]${explainType(t.items)}`;
    case 'map':
      return t.explain ?? `map[string]${explainType(t.values)}`;
    case 'object':
      return t.name;
  }
}
