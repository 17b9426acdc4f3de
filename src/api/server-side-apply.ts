/**
 * Server-side apply (PATCH with application/apply-patch+yaml, `kubectl apply --server-side`): the
 * applied configuration is merged into the live object with the server-side-apply schema (keyed lists
 * merge by key, atomic values replace), fields this applier set before and no longer sets are pruned
 * unless someone else owns them, and fields another manager owns with a different value are a 409
 * conflict unless the request forces. The applier's managedFields entry (operation Apply) holds exactly
 * the fields of its configuration.
 */
import type { KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import type { ObjectType } from './schema/types.js';
import { ApiError } from './errors.js';
import { FieldSet, childOf, compareObjects, fieldsOf, isMapValue, itemElement, nodeOf, pathText, type Node } from './field-set.js';
import { decodeManaged, encodeManaged, filterSet, managerId, schemaOf, transfer, type Managed, type WriteIdentity } from './managed-fields.js';
import { setOwn } from './merge.js';

type Json = unknown;

/** Merge `config` into `live` as structured-merge-diff does. */
export function applyMerge(live: Json, config: Json, schema: ObjectType): Json {
  const merge = (a: Json, b: Json, node: Node): Json => {
    if (b === undefined) return a;
    if (node.t === 'scalar' || node.t === 'atomic' || b === null) return b;
    if (node.t === 'list') {
      if (!Array.isArray(b)) return b;
      const base = Array.isArray(a) ? a : [];
      if (node.set) return [...base, ...b.filter((x) => !base.some((y) => JSON.stringify(y) === JSON.stringify(x)))];
      const out = base.slice();
      b.forEach((item, i) => {
        const pe = itemElement(node, item, i);
        const at = out.findIndex((x, j) => itemElement(node, x, j) === pe);
        const merged = merge(at >= 0 ? out[at] : undefined, item, nodeOf(node.items, '', '', item));
        if (at >= 0) out[at] = merged;
        else out.push(merged);
      });
      return out;
    }
    if (!isMapValue(b)) return b;
    const out: Record<string, Json> = {};
    if (isMapValue(a)) for (const k of Object.keys(a)) setOwn(out, k, a[k]);
    for (const k of Object.keys(b)) {
      const { type, owner } = childOf(node, k);
      setOwn(out, k, merge(Object.hasOwn(out, k) ? out[k] : undefined, b[k], nodeOf(type, owner, k, b[k])));
    }
    return out;
  };
  return merge(live, config, { t: 'struct', type: schema });
}

/** Remove the fields at `paths` from `obj` (a list item by its key or value, a map entry by name). */
function removePaths(obj: Json, paths: string[][], schema: ObjectType): void {
  const remove = (v: Json, node: Node, path: string[]) => {
    const [pe, ...rest] = path;
    if (!pe) return;
    if (node.t === 'list' && Array.isArray(v)) {
      const i = v.findIndex((x, j) => itemElement(node, x, j) === pe);
      if (i < 0) return;
      if (!rest.length) v.splice(i, 1);
      else remove(v[i], nodeOf(node.items, '', '', v[i]), rest);
      return;
    }
    if ((node.t === 'struct' || node.t === 'map') && isMapValue(v) && pe.startsWith('f:')) {
      const k = pe.slice(2);
      if (!Object.hasOwn(v, k)) return;
      if (!rest.length) delete v[k];
      else {
        const { type, owner } = childOf(node, k);
        remove(v[k], nodeOf(type, owner, k, v[k]), rest);
      }
    }
  };
  for (const p of paths) remove(obj, { t: 'struct', type: schema }, p);
}

/** The Status kubectl turns into its "Apply failed with N conflicts" advice. */
function conflictError(conflicts: { manager: Managed; path: string[] }[]): ApiError {
  const who = (m: Managed) => `"${m.manager}"${m.subresource ? ` with subresource "${m.subresource}"` : ''}${m.operation === 'Update' ? ` using ${m.apiVersion}` : ''}`;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return new ApiError('Conflict', `Apply failed with 1 conflict: conflict with ${who(c.manager)}: ${pathText(c.path)}`);
  }
  const byManager = new Map<string, { m: Managed; paths: string[][] }>();
  for (const c of conflicts) {
    const key = who(c.manager);
    const e = byManager.get(key) ?? { m: c.manager, paths: [] };
    e.paths.push(c.path);
    byManager.set(key, e);
  }
  const lines: string[] = [];
  for (const key of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${key}`);
    for (const p of byManager.get(key)!.paths) lines.push(`- ${pathText(p)}`);
  }
  return new ApiError('Conflict', `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`);
}

/**
 * Apply `config` (decoded, in the stored version) over `live` for `who`: the merged object and its
 * managedFields, or a 409 Conflict naming the fields other managers own (unless `force`).
 */
export function serverSideApply(info: KindInfo, live: KubeObject, config: KubeObject, who: WriteIdentity, force: boolean): KubeObject {
  const schema = schemaOf(info);
  const managers = decodeManaged(live.metadata.managedFields) ?? [];
  const id = managerId(who);
  const own = filterSet(fieldsOf(stripIdentity(config), schema), who.subresource);
  const merged = applyMerge(structuredClone(live), stripIdentity(config), schema) as KubeObject;
  // Prune what this applier set last time and no longer sets, unless another manager owns it.
  const last = managers.find((m) => managerId(m) === id)?.set;
  if (last) {
    let others = new FieldSet();
    for (const m of managers) if (managerId(m) !== id) others = others.union(m.set);
    removePaths(merged, last.difference(own).difference(others).paths(), schema);
  }
  const c = compareObjects(live, merged, schema);
  const changed = filterSet(c.added.union(c.modified), who.subresource);
  const conflicts: { manager: Managed; path: string[] }[] = [];
  for (const m of managers) {
    if (managerId(m) === id) continue;
    for (const path of m.set.intersection(changed).paths()) conflicts.push({ manager: m, path });
  }
  if (conflicts.length && !force) throw conflictError(conflicts);
  const after = transfer(managers, who, changed, filterSet(c.removed, who.subresource), own);
  if (after.length) merged.metadata.managedFields = encodeManaged(after) as never;
  else delete merged.metadata.managedFields;
  return merged;
}

/** The fields of a first apply (a create): the applier owns exactly its configuration. */
export function appliedFields(info: KindInfo, config: KubeObject, who: WriteIdentity): ReturnType<typeof encodeManaged> {
  const own = filterSet(fieldsOf(stripIdentity(config), schemaOf(info)), who.subresource);
  return own.empty() ? [] : encodeManaged([{ ...who, time: who.now, set: own }]);
}

/** A configuration without the metadata the server keeps (managedFields, resourceVersion are not applied fields). */
function stripIdentity(config: KubeObject): KubeObject {
  const c = structuredClone(config);
  delete c.metadata.managedFields;
  return c;
}
