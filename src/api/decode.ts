/**
 * Strict decoding of a manifest into a kind's wire shape, as the API server's JSON decoder does with
 * `fieldValidation=Strict` (kubectl's default since 1.27):
 * - a value of the wrong JSON type: `json: cannot unmarshal string into Go struct field
 *   ServicePort.spec.ports.port of type int32` (the first one, in the sorted-key order kubectl sends);
 * - otherwise unknown fields: `strict decoding error: unknown field "spec.portz", unknown field "x"`.
 * Both become `Error from server (BadRequest): <Kind> in version "<v>" cannot be handled as a <Kind>: ...`.
 * The result is a fresh plain copy in which null values and empty omitempty strings, maps and lists are
 * dropped, as Go's re-encoding does. Keys that could reach an object prototype never get through.
 */
import { ApiError, CliError } from './errors.js';
import type { FieldType, ObjectType } from './schema/types.js';

/** Keys that would touch Object.prototype if assigned; refused wherever they appear. */
const PROTO_KEYS = new Set(['__proto__']);

/** A decoding failure that stops the decoder at once (a custom unmarshaller's error). */
class Abort extends Error {}

interface Ctx {
  /** Go struct whose field is being decoded (errorContext.Struct). */
  struct: string;
  /** JSON field names from the root (errorContext.FieldStack). */
  stack: string[];
  /** Path with list indices, for strict-decoding errors. */
  path: string;
}

interface State {
  /** First non-fatal error (Go's savedError). */
  saved?: string;
  unknown: string[];
}

/** The JSON type name encoding/json reports for a value (`string`, `number`, `bool`, `object`, `array`). */
export function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function numberText(n: number): string {
  return String(n).replace(/e\+?/, 'e+').replace('e+-', 'e-');
}

function typeError(value: string, go: string, ctx: Ctx): string {
  if (!ctx.stack.length) return `json: cannot unmarshal ${value} into Go value of type ${go}`;
  return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${go}`;
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER * 1024, Number.MAX_SAFE_INTEGER * 1024],
};

/** Integer check as strconv.ParseInt + OverflowInt: the literal must be a whole number in range. */
function intProblem(v: unknown, bits: 'int32' | 'int64'): string | undefined {
  if (typeof v !== 'number') return jsonKind(v);
  const [lo, hi] = INT_RANGE[bits]!;
  if (!Number.isInteger(v) || v < lo || v > hi) return `number ${numberText(v)}`;
  return undefined;
}

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][-+]?[0-9]+)$/;

/** resource.ParseQuantity's errors for a JSON value given to a Quantity field. */
function quantityProblem(v: unknown): string | undefined {
  if (v === null) return undefined;
  const text = typeof v === 'string' ? v.trim() : typeof v === 'number' ? numberText(v) : JSON.stringify(v);
  const m = QUANTITY_RE.exec(text);
  if (!m || !text) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  if (!QUANTITY_SUFFIX.test(m[2]!)) return "unable to parse quantity's suffix";
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(m[1]!)) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  return undefined;
}

/** Go's base64.StdEncoding: the input byte where decoding fails, or -1 when valid (\r and \n are skipped). */
function base64Problem(s: string): number {
  const clean: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] !== '\n' && s[i] !== '\r') clean.push(i);
  const text = clean.map((i) => s[i]).join('');
  const pad = /=*$/.exec(text)![0].length;
  const body = text.slice(0, text.length - pad);
  for (let i = 0; i < body.length; i++) if (!/[A-Za-z0-9+/]/.test(body[i]!)) return clean[i]!;
  if (pad > 2 || text.length % 4 !== 0) return clean[Math.max(0, text.length - (text.length % 4 || 4))] ?? 0;
  return -1;
}

function decodeValue(v: unknown, type: FieldType, ctx: Ctx, st: State): unknown {
  if (v === null || v === undefined) return undefined;
  const save = (msg: string) => {
    st.saved ??= msg;
    return undefined;
  };
  switch (type.t) {
    case 'string':
      return typeof v === 'string' ? v : save(typeError(jsonKind(v), type.go, ctx));
    case 'bool':
      return typeof v === 'boolean' ? v : save(typeError(jsonKind(v), type.go, ctx));
    case 'int32':
    case 'int64': {
      const p = intProblem(v, type.t);
      return p ? save(typeError(p, type.go, ctx)) : v;
    }
    case 'float64':
      return typeof v === 'number' ? v : save(typeError(jsonKind(v), type.go, ctx));
    case 'intstr': {
      if (typeof v === 'string') return v;
      const p = intProblem(v, 'int32');
      if (p) throw new Abort(typeError(p, 'int32', ctx));
      return v;
    }
    case 'quantity': {
      const p = quantityProblem(v);
      if (p) throw new Abort(p);
      return v;
    }
    case 'bytes': {
      if (typeof v !== 'string') return save(typeError(jsonKind(v), type.go, ctx));
      const at = base64Problem(v);
      return at >= 0 ? save(`illegal base64 data at input byte ${at}`) : v;
    }
    case 'any':
      if (type.object && (typeof v !== 'object' || Array.isArray(v))) return save(typeError(jsonKind(v), type.go, ctx));
      return copyJson(v, ctx.path);
    case 'array': {
      if (!Array.isArray(v)) return save(typeError(jsonKind(v), type.go, ctx));
      return v.map((x, i) => {
        const item = decodeValue(x, type.items, { ...ctx, path: `${ctx.path}[${i}]` }, st);
        return item === undefined && type.items.t === 'object' ? {} : item ?? null;
      });
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return save(typeError(jsonKind(v), type.go, ctx));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        if (PROTO_KEYS.has(k)) throw new Abort(`${ctx.path}: key "${k}" is not allowed`);
        const x = decodeValue((v as Record<string, unknown>)[k], type.values, ctx, st);
        // Go keeps null map values as zero values ("" for strings).
        out[k] = x === undefined ? (type.values.t === 'string' || type.values.t === 'bytes' ? '' : null) : x;
      }
      return out;
    }
    case 'object':
      return decodeObject(v, type, ctx, st);
  }
}

function decodeObject(v: unknown, type: ObjectType, ctx: Ctx, st: State): unknown {
  if (typeof v !== 'object' || Array.isArray(v) || v === null) return decodeTypeMismatch(v, type, ctx, st);
  const out: Record<string, unknown> = {};
  const src = v as Record<string, unknown>;
  for (const k of Object.keys(src).sort()) {
    const path = ctx.path ? `${ctx.path}.${k}` : k;
    const field = Object.prototype.hasOwnProperty.call(type.fields, k) ? type.fields[k] : undefined;
    if (!field || PROTO_KEYS.has(k)) {
      st.unknown.push(`unknown field "${path}"`);
      continue;
    }
    const x = decodeValue(src[k], field.type, { struct: type.name, stack: [...ctx.stack, k], path }, st);
    if (x === undefined) continue;
    if (!field.required && isEmpty(x, field.type)) continue;
    out[k] = x;
  }
  return out;
}

function decodeTypeMismatch(v: unknown, type: ObjectType, ctx: Ctx, st: State): undefined {
  st.saved ??= typeError(jsonKind(v), type.go, ctx);
  return undefined;
}

/** omitempty: empty strings, maps and lists disappear when Go encodes the object again. */
function isEmpty(x: unknown, type: FieldType): boolean {
  if (type.t === 'string') return x === '' && !type.pointer;
  if (type.t === 'bytes') return x === '';
  if (type.t === 'array') return Array.isArray(x) && x.length === 0;
  if (type.t === 'map') return typeof x === 'object' && x !== null && Object.keys(x).length === 0;
  return false;
}

/** Deep copy of free JSON (RawExtension-like fields), still refusing prototype keys. */
function copyJson(v: unknown, path: string, depth = 0): unknown {
  if (depth > 1000) throw new Abort(`${path}: exceeded max depth`);
  if (Array.isArray(v)) return v.map((x, i) => copyJson(x, `${path}[${i}]`, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (PROTO_KEYS.has(k)) throw new Abort(`${path}: key "${k}" is not allowed`);
      out[k] = copyJson(x, `${path}.${k}`, depth + 1);
    }
    return out;
  }
  return v;
}

/**
 * What went wrong decoding a manifest against a schema: the Go-worded error text (a type error, or with
 * `strict` the unknown fields), the unknown fields found (`unknown field "spec.portz"`), and the decoded value
 * (unknown fields left out).
 */
export function decodeProblem(schema: ObjectType, raw: Record<string, unknown>, strict = true): { error?: string; unknown: string[]; value: Record<string, unknown> } {
  const st: State = { unknown: [] };
  let value: Record<string, unknown> = {};
  try {
    value = (decodeObject(raw, schema, { struct: schema.name, stack: [], path: '' }, st) ?? {}) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof Abort) return { error: e.message, unknown: st.unknown, value };
    throw e;
  }
  if (st.saved) return { error: st.saved, unknown: st.unknown, value };
  if (strict && st.unknown.length) return { error: `strict decoding error: ${st.unknown.join(', ')}`, unknown: st.unknown, value };
  return { unknown: st.unknown, value };
}

/**
 * Decode `raw` as `kind` in `version` (the request's version, e.g. `v1` or `v1beta1`), or throw the
 * API server's BadRequest. Without `strict`, unknown fields are dropped and returned (for warnings).
 */
export function decodeStrict(schema: ObjectType, kind: string, version: string, raw: Record<string, unknown>, strict = true): { value: Record<string, unknown>; unknown: string[] } {
  const { error, value, unknown } = decodeProblem(schema, raw, strict);
  if (error) throw new ApiError('BadRequest', `${kind} in version "${version}" cannot be handled as a ${kind}: ${error}`);
  return { value, unknown };
}

/** A plain copy of manifest data that keeps prototype keys out (for reads that ignore the schema). */
export function plainCopy(v: unknown): Record<string, unknown> {
  try {
    return copyJson(v, '') as Record<string, unknown>;
  } catch (e) {
    if (e instanceof Abort) throw new ApiError('BadRequest', e.message.replace(/^\./, ''));
    throw e;
  }
}

/**
 * The manifest's metadata map; kubectl refuses a non-map `metadata` before anything reaches the server
 * (`unable to decode "f.yaml": json: cannot unmarshal string into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta`).
 */
export function manifestMetadata(raw: Record<string, unknown>, source: string): Record<string, unknown> {
  const md = raw.metadata;
  if (md === undefined || md === null) return {};
  if (typeof md !== 'object' || Array.isArray(md)) {
    throw new CliError(`unable to decode "${source}": json: cannot unmarshal ${jsonKind(md)} into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta`);
  }
  return md as Record<string, unknown>;
}
