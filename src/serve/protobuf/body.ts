/**
 * Request bodies in `application/vnd.kubernetes.protobuf`, which kubectl >= 1.32 (client-go >= 0.32) sends
 * for its typed clients (`kubectl create configmap|secret|deployment|service ...`, `auth can-i`).
 * The body is the 4-byte magic `k8s\0` and a runtime.Unknown {1: TypeMeta, 2: raw typed message,
 * 3: contentEncoding, 4: contentType}; this turns it into the JSON object a JSON client would have sent.
 */
import { decodeMessage, type Json } from './decode.js';
import { KINDS, UNKNOWN } from './schema.js';
import { readFields, WireError, WIRE_BYTES } from './wire.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

/** Why a protobuf body cannot be decoded; `unsupportedKind` means the bytes are fine but the kind is not described. */
export class ProtobufBodyError extends Error {
  constructor(
    message: string,
    readonly unsupportedKind = false,
  ) {
    super(message);
  }
}

/** Decode a Kubernetes protobuf request body into {apiVersion, kind, ...fields}. */
export function decodeProtobufBody(buf: Uint8Array): Record<string, Json> {
  if (buf.length < MAGIC.length || MAGIC.some((b, i) => buf[i] !== b)) throw new ProtobufBodyError('the body does not start with the Kubernetes protobuf magic "k8s\\x00"');
  try {
    const envelope = decodeMessage(buf.subarray(MAGIC.length), UNKNOWN);
    const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const apiVersion = typeMeta.apiVersion ?? '';
    const kind = typeMeta.kind ?? '';
    if (envelope.contentEncoding) throw new ProtobufBodyError(`unsupported content encoding "${String(envelope.contentEncoding)}"`);
    const spec = KINDS[`${apiVersion}/${kind}`];
    if (!spec) throw new ProtobufBodyError(`kube-sim serve cannot decode ${kind || 'an object'} (${apiVersion || 'no apiVersion'}) from protobuf`, true);
    return { apiVersion, kind, ...decodeMessage(rawOf(buf.subarray(MAGIC.length)), spec) };
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufBodyError(`malformed protobuf: ${e.message}`);
    throw e;
  }
}

/** runtime.Unknown field 2, the typed message, as bytes (the schema would only hand it back as base64). */
function rawOf(unknown: Uint8Array): Uint8Array {
  let raw: Uint8Array = new Uint8Array();
  for (const f of readFields(unknown)) if (f.field === 2 && f.wireType === WIRE_BYTES) raw = f.value as Uint8Array;
  return raw;
}
