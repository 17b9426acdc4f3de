/**
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over plain JSON, with the error texts of
 * evanphx/json-patch that the API server returns when an operation cannot apply.
 */
import { jsonKind } from './decode.js';

type Json = unknown;

export interface PatchOp {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
}

/** An operation that cannot apply (the server answers 422 without details). */
export class JsonPatchError extends Error {}

/** A patch that is not a list of operations (the server answers 400 with this text). */
export class JsonPatchDecodeError extends Error {}

function decodePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isObj(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own member of an object or array (never one inherited from a prototype: `constructor`, `toString`). */
function member(container: Json, key: string): Json {
  if (Array.isArray(container)) return /^\d+$/.test(key) ? container[Number(key)] : undefined;
  return isObj(container) && Object.hasOwn(container, key) ? container[key] : undefined;
}

/** Set an own property, even one named `__proto__` (which plain assignment would turn into a prototype change). */
function setMember(container: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The container holding the last token, or undefined where the path does not lead to one (evanphx/json-patch
 * v4's findObject, which kubectl and the API server use).
 */
function parent(doc: Json, tokens: string[]): { container: Json; key: string } | undefined {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = member(cur, t);
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
  }
  return { container: cur, key: tokens[tokens.length - 1]! };
}

const missing = (text: string) => new JsonPatchError(`${text}: missing value`);

/** An array index as json-patch reads it, or an error in its words when it is out of range. */
function arrayIndex(container: Json[], key: string, where: string): number {
  const i = /^\d+$/.test(key) ? Number(key) : NaN;
  if (!(i < container.length)) throw new JsonPatchError(`${where}: Unable to access invalid index: ${key}: invalid index referenced`);
  return i;
}

/**
 * A member taken out of its container (remove, and move's source). v4 words a key that is not there
 * differently from a path that does not lead anywhere.
 */
function take(doc: Json, path: string, op: 'remove' | 'move'): Json {
  const tokens = decodePointer(path);
  const at = parent(doc, tokens);
  if (!at) throw missing(op === 'remove' ? `remove operation does not apply: doc is missing path: "${path}"` : `move operation does not apply: doc is missing from path: ${path}`);
  const { container, key } = at;
  const where = `error in ${op} for path: '${op === 'remove' ? path : key}'`;
  if (Array.isArray(container)) return container.splice(arrayIndex(container, key, where), 1)[0];
  const obj = container as Record<string, Json>;
  if (!Object.hasOwn(obj, key)) throw missing(`${where}: Unable to remove nonexistent key: ${key}`);
  const v = obj[key];
  delete obj[key];
  return v;
}

/** What copy reads: a key that is not there reads as null (v4's get); a path leading nowhere is an error. */
function read(doc: Json, path: string): Json {
  const tokens = decodePointer(path);
  if (!tokens.length) return doc;
  const at = parent(doc, tokens);
  if (!at) throw missing(`copy operation does not apply: doc is missing from path: ${path}`);
  const v = member(at.container, at.key);
  return v === undefined ? null : v;
}

/** add (insert) and replace (overwrite; on an object v4 sets a key that is not there too). */
function put(doc: Json, path: string, value: Json, op: string, replace: boolean): Json {
  const tokens = decodePointer(path);
  if (!tokens.length) return value;
  const at = parent(doc, tokens);
  if (!at) throw missing(replace ? `replace operation does not apply: doc is missing path: ${path}` : `${op} operation does not apply: doc is missing path: "${path}"`);
  const { container, key } = at;
  if (Array.isArray(container)) {
    const i = key === '-' ? container.length : Number(key);
    if (replace) {
      if (!/^\d+$/.test(key) || i >= container.length) throw missing(`replace operation does not apply: doc is missing key: ${path}`);
      container[i] = value;
    } else {
      if (!(key === '-' || /^\d+$/.test(key)) || i > container.length) throw missing(`${op} operation does not apply: doc is missing path: "${path}"`);
      container.splice(i, 0, value);
    }
  } else setMember(container as Record<string, Json>, key, value);
  return doc;
}

/** test: a key that is not there equals only null; a path leading nowhere is an error. */
function test(doc: Json, path: string, value: Json): void {
  const tokens = decodePointer(path);
  let v: Json = doc;
  if (tokens.length) {
    const at = parent(doc, tokens);
    if (!at) throw missing(`test operation does not apply: is missing path: ${path}`);
    v = member(at.container, at.key);
  }
  if (v === undefined ? value !== null && value !== undefined : JSON.stringify(v) !== JSON.stringify(value)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
}

/** Apply the operations in order to a copy of `doc`. */
export function applyJsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new JsonPatchDecodeError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops as PatchOp[]) {
    if (!isObj(raw)) throw new JsonPatchDecodeError(`json: cannot unmarshal ${raw === null ? 'null' : jsonKind(raw)} into Go value of type jsonpatch.Operation`);
    const path = typeof raw.path === 'string' ? raw.path : '';
    switch (raw.op) {
      case 'add':
        out = put(out, path, structuredClone(raw.value), 'add', false);
        break;
      case 'remove':
        take(out, path, 'remove');
        break;
      case 'replace':
        out = put(out, path, structuredClone(raw.value), 'replace', true);
        break;
      case 'move': {
        const v = take(out, typeof raw.from === 'string' ? raw.from : '', 'move');
        out = put(out, path, v, 'move', false);
        break;
      }
      case 'copy':
        out = put(out, path, structuredClone(read(out, typeof raw.from === 'string' ? raw.from : '')), 'copy', false);
        break;
      case 'test':
        test(out, path, raw.value);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${raw.op}`);
    }
  }
  return out;
}
