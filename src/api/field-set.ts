/**
 * Sets of field paths, as structured-merge-diff keeps them for managedFields: a tree whose members are
 * the paths in the set (`f:spec`, `k:{"name":"nginx"}`, `v:"finalizer"`, `i:0`), computed from objects
 * with the server-side-apply schema of each list and map (keyed lists, sets, atomic values), compared
 * between two versions of an object, and written as the `fieldsV1` JSON the API server stores.
 */
import type { FieldType, ObjectType } from './schema/types.js';
import { canonicalJson } from './semantic.js';

type Json = unknown;

/** A set of field paths. `member`: the path leading here is itself in the set. */
export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  /** The child set under one path element (created on demand). */
  child(pe: string): FieldSet {
    let c = this.children.get(pe);
    if (!c) this.children.set(pe, (c = new FieldSet()));
    return c;
  }

  /** Add a path (a list of path elements) as a member. */
  insert(path: string[]): void {
    let s: FieldSet = this;
    for (const pe of path) s = s.child(pe);
    s.member = true;
  }

  empty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    out.addAll(other);
    return out;
  }

  private addAll(other: FieldSet): void {
    if (other.member) this.member = true;
    for (const [pe, c] of other.children) this.child(pe).addAll(c);
  }

  /** The members of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      const d = o ? c.difference(o) : c.clone();
      if (!d.empty()) out.children.set(pe, d);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o) continue;
      const i = c.intersection(o);
      if (!i.empty()) out.children.set(pe, i);
    }
    return out;
  }

  /** Drop the member at `path` (not its descendants). */
  removeMember(path: string[]): void {
    let s: FieldSet | undefined = this;
    for (const pe of path) s = s?.children.get(pe);
    if (s) s.member = false;
  }

  /** Drop `path` and everything under it. */
  removePrefix(path: string[]): void {
    let s: FieldSet | undefined = this;
    for (const pe of path.slice(0, -1)) s = s?.children.get(pe);
    s?.children.delete(path[path.length - 1]!);
  }

  /** Keep only `path` and what is under it. */
  onlyPrefix(path: string[]): FieldSet {
    const out = new FieldSet();
    let src: FieldSet | undefined = this;
    let dst = out;
    for (const pe of path) {
      src = src?.children.get(pe);
      if (!src) return out;
      dst = dst.child(pe);
    }
    dst.addAll(src!);
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [pe, c] of this.children) out.children.set(pe, c.clone());
    return out;
  }

  /** Every member path, depth first in the set's order. */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    if (this.member && prefix.length) out.push(prefix);
    for (const pe of sortedElements(this.children.keys())) if (!this.children.get(pe)!.empty()) out.push(...this.children.get(pe)!.paths([...prefix, pe]));
    return out;
  }

  /** The `fieldsV1` JSON: `{"f:spec":{"f:replicas":{}}}`, a member with children carrying `".": {}`. */
  toJSON(): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const pe of sortedElements(this.children.keys())) {
      const c = this.children.get(pe)!;
      if (c.empty()) continue;
      const inner = c.toJSON();
      out[pe] = c.member && Object.keys(inner).length ? { '.': {}, ...inner } : inner;
    }
    return out;
  }

  /** Parse stored `fieldsV1` JSON (anything malformed yields undefined). */
  static fromJSON(v: Json): FieldSet | undefined {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const out = new FieldSet();
    for (const [pe, c] of Object.entries(v as Record<string, Json>)) {
      if (pe === '.') {
        out.member = true;
        continue;
      }
      if (!/^[fkvi]:/.test(pe)) return undefined;
      const child = FieldSet.fromJSON(c);
      if (!child) return undefined;
      // A leaf written as {} is a member; an inner node is a member only with ".".
      if (!child.children.size) child.member = true;
      out.children.set(pe, child);
    }
    return out;
  }
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's path element order: field names, then keys, values, indices; each by value. */
function sortedElements(pes: Iterable<string>): string[] {
  return [...pes].sort((a, b) => {
    const ra = RANK[a[0]!] ?? 4;
    const rb = RANK[b[0]!] ?? 4;
    if (ra !== rb) return ra - rb;
    if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

const canonical = canonicalJson;

// --- the server-side-apply schema -------------------------------------------------------------------

/** How structured-merge-diff treats a node: a scalar, an atomic value, a granular map or struct, or a list. */
export type Node =
  | { t: 'scalar' }
  | { t: 'atomic' }
  | { t: 'struct'; type: ObjectType }
  | { t: 'map'; values: FieldType | undefined }
  | { t: 'list'; items: FieldType | undefined; keys?: string[]; set?: boolean };

/** Associative lists (`+listType=map`, or a patch merge key), by `GoStruct.field`; other lists are atomic. */
const LIST_KEYS: Record<string, string[]> = {
  'ObjectMeta.ownerReferences': ['uid'],
  'PodSpec.containers': ['name'],
  'PodSpec.initContainers': ['name'],
  'PodSpec.ephemeralContainers': ['name'],
  'PodSpec.volumes': ['name'],
  'PodSpec.imagePullSecrets': ['name'],
  'PodSpec.hostAliases': ['ip'],
  'PodSpec.topologySpreadConstraints': ['topologyKey', 'whenUnsatisfiable'],
  'PodSpec.schedulingGates': ['name'],
  'PodSpec.resourceClaims': ['name'],
  'Container.ports': ['containerPort', 'protocol'],
  'Container.env': ['name'],
  'Container.volumeMounts': ['mountPath'],
  'Container.volumeDevices': ['devicePath'],
  'ServiceSpec.ports': ['port', 'protocol'],
  'NodeSpec.taints': ['key', 'effect'],
};

/** Lists with set semantics (`+listType=set`). */
const LIST_SETS = new Set(['ObjectMeta.finalizers']);

/** Maps and structs replaced as a whole (`+mapType=atomic`, `+structType=atomic`), by `GoStruct.field`. */
const ATOMIC_FIELDS = new Set(['ServiceSpec.selector', 'ReplicationControllerSpec.selector', 'PodSpec.nodeSelector']);

/** Go structs that are atomic wherever they appear. */
const ATOMIC_STRUCTS = new Set(['LabelSelector']);

/** Lists inside free-form parts (object status) known to be keyed, by field name; other such lists are atomic. */
const UNTYPED_LIST_KEYS: Record<string, string[]> = {
  conditions: ['type'],
  podIPs: ['ip'],
  hostIPs: ['ip'],
  addresses: ['type'],
};

/** The server-side-apply node of a field (`owner`: the Go struct holding it) given its schema type and value. */
export function nodeOf(type: FieldType | undefined, owner: string, field: string, value: Json): Node {
  const where = `${owner}.${field}`;
  if (!type || type.t === 'any') {
    // Free-form JSON: maps granular, lists atomic unless known to be keyed (structured-merge-diff's deduced schema).
    if (Array.isArray(value)) return UNTYPED_LIST_KEYS[field] ? { t: 'list', items: undefined, keys: UNTYPED_LIST_KEYS[field] } : { t: 'atomic' };
    if (value && typeof value === 'object') return { t: 'map', values: undefined };
    return { t: 'scalar' };
  }
  switch (type.t) {
    case 'object':
      return ATOMIC_STRUCTS.has(type.name) || ATOMIC_FIELDS.has(where) ? { t: 'atomic' } : { t: 'struct', type };
    case 'map':
      return ATOMIC_FIELDS.has(where) ? { t: 'atomic' } : { t: 'map', values: type.values };
    case 'array': {
      const keys = Object.hasOwn(LIST_KEYS, where) ? LIST_KEYS[where] : undefined;
      if (keys) return { t: 'list', items: type.items, keys };
      if (LIST_SETS.has(where)) return { t: 'list', items: type.items, set: true };
      return { t: 'atomic' };
    }
    default:
      return { t: 'scalar' };
  }
}

/** The path element of a list item: its key fields, its value (sets), or its index. */
export function itemElement(node: Extract<Node, { t: 'list' }>, item: Json, index: number): string {
  if (node.set) return `v:${canonical(item)}`;
  if (node.keys && item && typeof item === 'object' && !Array.isArray(item)) {
    const o = item as Record<string, Json>;
    const present = node.keys.filter((k) => o[k] !== undefined && o[k] !== null);
    if (present.length) return `k:${canonical(Object.fromEntries(present.map((k) => [k, o[k]])))}`;
  }
  return `i:${index}`;
}

export const isMapValue = (v: Json): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The child type and owner struct name for a field of a struct or map node. */
export function childOf(node: Node, key: string): { type: FieldType | undefined; owner: string } {
  if (node.t === 'struct') {
    const f = Object.hasOwn(node.type.fields, key) ? node.type.fields[key] : undefined;
    return { type: f?.type, owner: node.type.name };
  }
  if (node.t === 'map') return { type: node.values, owner: '' };
  return { type: undefined, owner: '' };
}

/** ToFieldSet: every field an object sets (leaves, list items, empty maps and nulls, map entries). */
export function fieldsOf(obj: Json, schema: ObjectType): FieldSet {
  const out = new FieldSet();
  const visit = (v: Json, node: Node, path: string[]) => {
    if (node.t === 'scalar' || node.t === 'atomic') {
      out.insert(path);
      return;
    }
    if (node.t === 'list') {
      if (!Array.isArray(v)) return;
      v.forEach((item, i) => {
        const p = [...path, itemElement(node, item, i)];
        out.insert(p);
        if (!node.set) visit(item, nodeOf(node.items, '', '', item), p);
      });
      return;
    }
    if (!isMapValue(v)) {
      if (v === null) out.insert(path);
      return;
    }
    for (const k of Object.keys(v)) {
      const { type, owner } = childOf(node, k);
      const p = [...path, `f:${k}`];
      const x = v[k];
      visit(x, nodeOf(type, owner, k, x), p);
      if (x === null || (isMapValue(x) && Object.keys(x).length === 0) || node.t === 'map') out.insert(p);
    }
  };
  visit(obj, { t: 'struct', type: schema }, []);
  return out;
}

/** What changed between two versions of an object, as structured-merge-diff compares them. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

function deepEqual(a: Json, b: Json): boolean {
  return canonical(a) === canonical(b);
}

const emptyish = (v: Json) => v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isMapValue(v) && Object.keys(v).length === 0);

/**
 * Compare `before` and `after`: fields present only in `after` are added (an inner node too, when it was
 * absent before: that is where a `"."` entry comes from), leaves whose value changed are modified, and
 * fields present only in `before` are removed. `undefined` is absent; `null` is present.
 */
export function compareObjects(before: Json, after: Json, schema: ObjectType): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const walk = (a: Json, b: Json, node: Node, path: string[]) => {
    // Leaves, atomic values, two empty (or absent) containers, and values of the wrong shape compare whole.
    const shaped = (v: Json) => v === undefined || v === null || (node.t === 'list' ? Array.isArray(v) : isMapValue(v));
    const leaf = node.t === 'scalar' || node.t === 'atomic' || (emptyish(a) && emptyish(b)) || !shaped(a) || !shaped(b);
    if (leaf) {
      if (a === undefined) c.added.insert(path);
      else if (b === undefined) c.removed.insert(path);
      else if (!deepEqual(a, b)) c.modified.insert(path);
      return;
    }
    if (node.t === 'list') {
      const la = Array.isArray(a) ? a : [];
      const lb = Array.isArray(b) ? b : [];
      const ia = new Map(la.map((x, i) => [itemElement(node, x, i), x]));
      const ib = new Map(lb.map((x, i) => [itemElement(node, x, i), x]));
      for (const [pe, x] of ib) {
        const p = [...path, pe];
        if (node.set) {
          if (!ia.has(pe)) c.added.insert(p);
          continue;
        }
        walk(ia.get(pe), x, nodeOf(node.items, '', '', x), p);
      }
      for (const [pe, x] of ia) {
        if (ib.has(pe)) continue;
        const p = [...path, pe];
        if (node.set) c.removed.insert(p);
        else walk(x, undefined, nodeOf(node.items, '', '', x), p);
      }
    } else {
      const ma = isMapValue(a) ? a : {};
      const mb = isMapValue(b) ? b : {};
      const keys = new Set([...Object.keys(ma), ...Object.keys(mb)]);
      for (const k of keys) {
        const { type, owner } = childOf(node, k);
        const x = Object.hasOwn(ma, k) ? ma[k] : undefined;
        const y = Object.hasOwn(mb, k) ? mb[k] : undefined;
        walk(x, y, nodeOf(type, owner, k, y ?? x), [...path, `f:${k}`]);
      }
    }
    if (path.length && a === undefined) c.added.insert(path);
    else if (path.length && b === undefined) c.removed.insert(path);
  };
  walk(before, after, { t: 'struct', type: schema }, []);
  return c;
}

/** A path as a list of path elements: `['f:metadata', 'f:labels']` from `metadata.labels`. */
export function fieldPath(dotted: string): string[] {
  return dotted.split('.').map((p) => `f:${p}`);
}

/** `.spec.replicas`, `.spec.containers[name="nginx"].image`: a path as conflict messages print it. */
export function pathText(path: string[]): string {
  return path
    .map((pe) => {
      if (pe.startsWith('f:')) return `.${pe.slice(2)}`;
      if (pe.startsWith('k:')) {
        const o = JSON.parse(pe.slice(2)) as Record<string, Json>;
        return `[${Object.keys(o).map((k) => `${k}=${JSON.stringify(o[k])}`).join(',')}]`;
      }
      if (pe.startsWith('v:')) return `[=${pe.slice(2)}]`;
      return `[${pe.slice(2)}]`;
    })
    .join('');
}
