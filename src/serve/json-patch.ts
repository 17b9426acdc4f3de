/** RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over plain JSON, for `application/json-patch+json`. */
import { ApiError } from '../api/errors.js';

type Json = unknown;

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ApiError('BadRequest', `the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[]): { parent: Record<string, Json> | Json[]; key: string } {
  let cur: Json = doc;
  for (const p of parts.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') throw new ApiError('BadRequest', `doc is missing path: /${parts.join('/')}`);
    cur = Array.isArray(cur) ? cur[Number(p)] : (cur as Record<string, Json>)[p];
  }
  if (cur === null || typeof cur !== 'object') throw new ApiError('BadRequest', `doc is missing path: /${parts.join('/')}`);
  return { parent: cur as Record<string, Json>, key: parts[parts.length - 1]! };
}

function get(doc: Json, parts: string[]): Json {
  let cur: Json = doc;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(p)] : (cur as Record<string, Json>)[p];
  }
  return cur;
}

export function applyJsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new ApiError('BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const out = structuredClone(doc);
  for (const op of ops as { op: string; path: string; value?: Json; from?: string }[]) {
    const parts = pointer(op.path);
    const setAt = (value: Json) => {
      const { parent, key } = parentOf(out, parts);
      if (Array.isArray(parent)) {
        const i = key === '-' ? parent.length : Number(key);
        if (op.op === 'add') parent.splice(i, 0, value);
        else parent[i] = value;
      } else parent[key] = value;
    };
    switch (op.op) {
      case 'add':
        setAt(structuredClone(op.value));
        break;
      case 'replace':
        if (get(out, parts) === undefined) throw new ApiError('BadRequest', `replace operation does not apply: doc is missing key: ${op.path}`);
        setAt(structuredClone(op.value));
        break;
      case 'remove': {
        const { parent, key } = parentOf(out, parts);
        if (get(out, parts) === undefined) throw new ApiError('BadRequest', `remove operation does not apply: doc is missing path: "${op.path}"`);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      }
      case 'move':
      case 'copy': {
        const from = pointer(op.from ?? '');
        const value = structuredClone(get(out, from));
        if (op.op === 'move') {
          const { parent, key } = parentOf(out, from);
          if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete parent[key];
        }
        const { parent, key } = parentOf(out, parts);
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
        else parent[key] = value;
        break;
      }
      case 'test':
        if (JSON.stringify(get(out, parts)) !== JSON.stringify(op.value)) throw new ApiError('Invalid', `testing value ${op.path} failed`);
        break;
      default:
        throw new ApiError('BadRequest', `Unexpected kind: ${op.op}`);
    }
  }
  return out;
}
