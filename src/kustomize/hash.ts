/**
 * The content hash kustomize appends to a generated ConfigMap's or Secret's name (its api/hasher): the
 * SHA-256 of the JSON of kind, name, data (and binaryData or stringData when present; Secrets add their
 * type), whose first ten hex digits are made safe for names by mapping 0 1 3 a e to g h k m t.
 *
 * kustomize looks the name up with the path "metadata/name" as one key, which finds nothing, so the name
 * hashed is always "": two generators with the same data get the same suffix whatever their names.
 */
import { goJsonText } from '../util/go-json.js';
import { sha256 } from '../util/sha256.js';
import { sortKeys } from '../printers/output.js';
import { isObj, type Json } from './json.js';

const SAFE: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

/** kustomize's encode(): the first ten hex digits, with the look-alike ones replaced. */
function encode(hex: string): string {
  return [...hex.slice(0, 10)].map((c) => SAFE[c] ?? c).join('');
}

/** A field as the hasher sees it: a map stays a map, a missing field is "". */
const field = (obj: Record<string, Json>, key: string): Json => (obj[key] === undefined || obj[key] === null ? '' : obj[key]);

/** The ten-character suffix kustomize gives this ConfigMap or Secret. */
export function nameHash(obj: Record<string, Json>): string {
  const m: Record<string, Json> = { kind: obj.kind, name: '', data: field(obj, 'data') };
  if (obj.kind === 'Secret') {
    m.type = field(obj, 'type');
    if (isObj(obj.stringData)) m.stringData = obj.stringData;
  } else if (isObj(obj.binaryData)) m.binaryData = obj.binaryData;
  const json = goJsonText(sortKeys(m));
  const digest = sha256(new TextEncoder().encode(json));
  return encode(Buffer.from(digest).toString('hex'));
}
