/**
 * kustomize's (deprecated) `vars`: `$(NAME)` in containers' command, args and env values becomes a field
 * of another object of the build (its final name by default), after every rename.
 */
import { KustomizeError } from './errors.js';
import type { Named } from './name-references.js';
import { eachContainer, meta } from './transformers.js';
import { isObj, type Json } from './json.js';

/** The value at a field path such as `metadata.name` or `spec.ports[0].port`. */
function fieldAt(obj: Json, path: string): Json {
  let cur = obj;
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) cur = isObj(cur) ? cur[m[1]] : undefined;
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) cur = Array.isArray(cur) ? cur[Number(idx[1])] : undefined;
  }
  return cur;
}

/** Replace `$(NAME)` in the strings of a container's command, args and env values, wherever containers are. */
function substitute(node: Json, values: Map<string, string>): void {
  eachContainer(node, (c) => {
    for (const f of ['command', 'args']) if (Array.isArray(c[f])) c[f] = (c[f] as Json[]).map((s) => (typeof s === 'string' ? expand(s, values) : s));
    if (Array.isArray(c.env)) for (const e of c.env) if (isObj(e) && typeof e.value === 'string') e.value = expand(e.value, values);
  });
}

const expand = (s: string, values: Map<string, string>) => s.replace(/\$\(([^)]+)\)/g, (all, name: string) => values.get(name) ?? all);

/** Resolve the vars against the built objects and substitute them. */
export function resolveVars(objects: Named[], vars: Json[]): void {
  const values = new Map<string, string>();
  for (const v of vars) {
    if (!isObj(v) || typeof v.name !== 'string') continue;
    const ref = isObj(v.objref) ? v.objref : {};
    const found = objects.filter((r) => r.obj.kind === ref.kind && (r.names.includes(String(ref.name)) || meta(r.obj).name === ref.name));
    if (found.length !== 1) throw new KustomizeError(`var '${v.name}' cannot be mapped to a field in the set of known resources`);
    const path = isObj(v.fieldref) && typeof v.fieldref.fieldpath === 'string' ? v.fieldref.fieldpath : 'metadata.name';
    const value = fieldAt(found[0]!.obj, path);
    values.set(v.name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  if (values.size) for (const r of objects) substitute(r.obj, values);
}
