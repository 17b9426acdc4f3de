/**
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over plain JSON, with the error texts of
 * evanphx/json-patch that the API server returns when an operation cannot apply.
 */
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

/** The container holding the last token, or an error in json-patch's words. */
function parent(doc: Json, tokens: string[], op: string, path: string): { container: Json; key: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = member(cur, t);
    if (cur === undefined || cur === null) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { container: cur, key: tokens[tokens.length - 1]! };
}

function get(doc: Json, path: string, op: string): Json {
  const tokens = decodePointer(path);
  if (!tokens.length) return doc;
  const { container, key } = parent(doc, tokens, op, path);
  const v = member(container, key);
  if (v === undefined) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return v;
}

function remove(doc: Json, path: string, op: string): Json {
  const tokens = decodePointer(path);
  const { container, key } = parent(doc, tokens, op, path);
  if (Array.isArray(container)) {
    const i = Number(key);
    if (!/^\d+$/.test(key) || i >= container.length) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    return container.splice(i, 1)[0];
  }
  if (!isObj(container) || !Object.hasOwn(container, key)) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  const v = container[key];
  delete container[key];
  return v;
}

function add(doc: Json, path: string, value: Json, op: string, mustExist: boolean): Json {
  const tokens = decodePointer(path);
  if (!tokens.length) return value;
  const { container, key } = parent(doc, tokens, op, path);
  if (Array.isArray(container)) {
    const i = key === '-' ? container.length : Number(key);
    if (!(key === '-' || /^\d+$/.test(key)) || i > container.length || (mustExist && i >= container.length)) {
      throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    }
    if (mustExist) container[i] = value;
    else container.splice(i, 0, value);
  } else if (isObj(container)) {
    if (mustExist && !Object.hasOwn(container, key)) throw new JsonPatchError(`${op} operation does not apply: doc is missing key: ${path}: missing value`);
    setMember(container, key, value);
  } else throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

/** Apply the operations in order to a copy of `doc`. */
export function applyJsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new JsonPatchDecodeError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops as PatchOp[]) {
    if (!isObj(raw)) throw new JsonPatchDecodeError(`json: cannot unmarshal ${Array.isArray(raw) ? 'array' : raw === null ? 'null' : typeof raw === 'string' ? 'string' : typeof raw === 'boolean' ? 'bool' : 'number'} into Go value of type jsonpatch.Operation`);
    const path = typeof raw.path === 'string' ? raw.path : '';
    switch (raw.op) {
      case 'add':
        out = add(out, path, structuredClone(raw.value), 'add', false);
        break;
      case 'remove':
        remove(out, path, 'remove');
        break;
      case 'replace':
        out = add(out, path, structuredClone(raw.value), 'replace', true);
        break;
      case 'move': {
        const v = remove(out, (typeof raw.from === 'string' ? raw.from : ''), 'move');
        out = add(out, path, v, 'move', false);
        break;
      }
      case 'copy':
        out = add(out, path, structuredClone(get(out, (typeof raw.from === 'string' ? raw.from : ''), 'copy')), 'copy', false);
        break;
      case 'test':
        if (JSON.stringify(get(out, path, 'test')) !== JSON.stringify(raw.value)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${raw.op}`);
    }
  }
  return out;
}
