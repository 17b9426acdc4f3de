/**
 * Schema-driven decoding of Kubernetes protobuf messages into the JSON object shape the same object has
 * on the JSON wire, so a decoded body can go down exactly the path a JSON body takes.
 *
 * go-to-protobuf writes every non-pointer scalar even when it is empty (`name: ""`, `port: 0`), while the
 * JSON encoder drops those through `omitempty`; so zero scalars are dropped here unless the field is a Go
 * pointer (`keep`), where presence itself means something (`replicas: 0`). Embedded non-pointer structs
 * are always written, and JSON shows them as `{}` too, so empty messages stay `{}`.
 */
import { readFields, WireError, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT, readVarint, type WireField } from './wire.js';

export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool' | 'double';
/** apimachinery types whose JSON form is not their message shape. */
export type SpecialType = 'intOrString' | 'quantity' | 'time';
export interface MapType {
  /** Map entries are repeated messages {1: key (string), 2: value}. */
  map: 'string' | 'bytes' | 'quantity';
}
export interface FieldSpec {
  /** The JSON field name. */
  name: string;
  type: ScalarType | SpecialType | MapType | MessageSpec;
  repeated?: boolean;
  /** A Go pointer (or a field JSON never omits): keep zero values. */
  keep?: boolean;
  /** A Go struct embedded with `json:",inline"`: its fields belong to the parent object. */
  inline?: boolean;
}
export interface MessageSpec {
  /** Field number → field. Unknown numbers are skipped, as protobuf requires. */
  fields: Record<number, FieldSpec>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decode one message of the given schema into a JSON object. */
export function decodeMessage(buf: Uint8Array, spec: MessageSpec): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const f of readFields(buf)) {
    const fs = spec.fields[f.field];
    if (!fs) continue;
    if (typeof fs.type === 'object' && 'map' in fs.type) {
      const [key, value] = mapEntry(f, fs.type.map, fs.name);
      const target = (out[fs.name] ??= {}) as Record<string, Json>;
      target[key] = value;
      continue;
    }
    if (fs.inline) {
      const inner = decodeMessage(bytesOf(f, fs.name), fs.type as MessageSpec);
      Object.assign(out, inner);
      continue;
    }
    const values = valuesOf(f, fs);
    if (fs.repeated) {
      const list = (out[fs.name] ??= []) as Json[];
      list.push(...values.filter((v): v is Json => v !== undefined));
    } else {
      // A later occurrence of a singular field wins (protobuf merge semantics, enough for scalars).
      const v = values[values.length - 1];
      if (v === undefined || (!fs.keep && isZeroScalar(v))) delete out[fs.name];
      else out[fs.name] = v;
    }
  }
  return out;
}

function isZeroScalar(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

function bytesOf(f: WireField, name: string): Uint8Array {
  if (f.wireType !== WIRE_BYTES) throw new WireError(`field ${name}: expected a length-delimited value, got wire type ${f.wireType}`);
  return f.value as Uint8Array;
}

/** One wire record → its JSON values (several when a repeated number field arrives packed). */
function valuesOf(f: WireField, fs: FieldSpec): (Json | undefined)[] {
  const t = fs.type;
  if (typeof t === 'object') return [decodeMessage(bytesOf(f, fs.name), t as MessageSpec)];
  switch (t) {
    case 'string':
      return [utf8.decode(bytesOf(f, fs.name))];
    case 'bytes':
      return [Buffer.from(bytesOf(f, fs.name)).toString('base64')];
    case 'quantity':
      return [quantity(bytesOf(f, fs.name))];
    case 'intOrString':
      return [intOrString(bytesOf(f, fs.name))];
    case 'time':
      return [time(bytesOf(f, fs.name))];
    case 'double':
      if (f.wireType !== WIRE_FIXED64) throw new WireError(`field ${fs.name}: expected a 64-bit value`);
      return [Buffer.from(f.value as Uint8Array).readDoubleLE(0)];
    default:
      return numbers(f, t, fs.name);
  }
}

function numbers(f: WireField, t: 'int32' | 'int64' | 'bool', name: string): Json[] {
  const convert = (v: bigint): Json => (t === 'bool' ? v !== 0n : Number(t === 'int32' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v)));
  if (f.wireType === WIRE_VARINT) return [convert(f.value as bigint)];
  if (f.wireType === WIRE_BYTES) {
    // Packed repeated varints.
    const buf = f.value as Uint8Array;
    const out: Json[] = [];
    for (let pos = 0; pos < buf.length; ) {
      const [v, next] = readVarint(buf, pos);
      out.push(convert(v));
      pos = next;
    }
    return out;
  }
  if (f.wireType === WIRE_FIXED32 || f.wireType === WIRE_FIXED64) {
    const b = Buffer.from(f.value as Uint8Array);
    return [convert(f.wireType === WIRE_FIXED32 ? BigInt(b.readUInt32LE(0)) : b.readBigUInt64LE(0))];
  }
  throw new WireError(`field ${name}: unexpected wire type ${f.wireType}`);
}

/** Fields of a small apimachinery message, by number (last occurrence wins). */
function small(buf: Uint8Array): Map<number, WireField> {
  const m = new Map<number, WireField>();
  for (const f of readFields(buf)) m.set(f.field, f);
  return m;
}

function str(f: WireField | undefined): string {
  return f && f.wireType === WIRE_BYTES ? utf8.decode(f.value as Uint8Array) : '';
}

function int(f: WireField | undefined, bits: 32 | 64): number {
  return f && f.wireType === WIRE_VARINT ? Number(BigInt.asIntN(bits, f.value as bigint)) : 0;
}

/** resource.Quantity {1: string}: JSON carries the string. */
function quantity(buf: Uint8Array): string {
  return str(small(buf).get(1));
}

/** intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}: JSON carries a number or a string. */
function intOrString(buf: Uint8Array): number | string {
  const m = small(buf);
  return int(m.get(1), 64) === 1 ? str(m.get(3)) : int(m.get(2), 32);
}

/** metav1.Time {1: seconds, 2: nanos}: JSON carries RFC 3339 at second precision; the zero time (an empty message) is unset. */
function time(buf: Uint8Array): string | undefined {
  if (buf.length === 0) return undefined;
  const m = small(buf);
  const seconds = int(m.get(1), 64);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function mapEntry(f: WireField, valueType: MapType['map'], name: string): [string, Json] {
  const m = small(bytesOf(f, name));
  const key = str(m.get(1));
  const v = m.get(2);
  if (valueType === 'string') return [key, str(v)];
  const raw = v && v.wireType === WIRE_BYTES ? (v.value as Uint8Array) : new Uint8Array();
  if (valueType === 'bytes') return [key, Buffer.from(raw).toString('base64')];
  return [key, quantity(raw)];
}
