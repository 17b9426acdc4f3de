/**
 * The protobuf wire format, reading side only: a message is a run of (field number, wire type, value)
 * records. Values stay raw here (varints as bigint, 64/32-bit words as bytes, length-delimited as a byte
 * slice); giving them meaning is the schema's job (see decode.ts). No dependency: the format is small.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export interface WireField {
  field: number;
  wireType: number;
  /** varint: the unsigned 64-bit value; fixed64 / fixed32 / length-delimited: the raw bytes. */
  value: bigint | Uint8Array;
}

/** A malformed buffer: the server answers it as a BadRequest. */
export class WireError extends Error {}

/** Read an unsigned varint at `pos`; returns the value and the position after it. */
export function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, result), pos];
    shift += 7n;
  }
  throw new WireError('varint longer than 10 bytes');
}

/** Split one message into its fields, in wire order (repeated fields appear once per element). */
export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new WireError('field number 0');
    switch (wireType) {
      case WIRE_VARINT: {
        const [v, next] = readVarint(buf, pos);
        out.push({ field, wireType, value: v });
        pos = next;
        break;
      }
      case WIRE_FIXED64:
        if (pos + 8 > buf.length) throw new WireError('truncated 64-bit field');
        out.push({ field, wireType, value: buf.subarray(pos, pos + 8) });
        pos += 8;
        break;
      case WIRE_BYTES: {
        const [len, next] = readVarint(buf, pos);
        const end = next + Number(len);
        if (len > BigInt(buf.length) || end > buf.length) throw new WireError('truncated length-delimited field');
        out.push({ field, wireType, value: buf.subarray(next, end) });
        pos = end;
        break;
      }
      case WIRE_FIXED32:
        if (pos + 4 > buf.length) throw new WireError('truncated 32-bit field');
        out.push({ field, wireType, value: buf.subarray(pos, pos + 4) });
        pos += 4;
        break;
      default:
        // 3 and 4 are proto2 groups, which Kubernetes never uses; anything else is corrupt.
        throw new WireError(`unsupported wire type ${wireType} for field ${field}`);
    }
  }
  return out;
}
