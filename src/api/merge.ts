/**
 * Merges used by apply and patch: JSON merge patch (RFC 7386) and a strategic merge for the lists these
 * kinds use, which merge by a key instead of being replaced (so `apply` keeps an allocated nodePort),
 * with the strategic-merge directives kubectl sends ($patch, $retainKeys, $setElementOrder,
 * $deleteFromPrimitiveList). Every map built here holds only own keys: a patch key such as `__proto__`
 * or `constructor` is an ordinary key, never a prototype.
 */

/** List fields that merge by key under strategic merge, by field name. */
const MERGE_KEYS = new Map<string, string>([
  ['containers', 'name'],
  ['initContainers', 'name'],
  ['ephemeralContainers', 'name'],
  ['env', 'name'],
  ['volumes', 'name'],
  ['volumeMounts', 'mountPath'],
  ['ports', 'port'],
  ['conditions', 'type'],
  ['imagePullSecrets', 'name'],
  ['ownerReferences', 'uid'],
]);

/** Lists of scalars that merge as sets under strategic merge (the others are replaced). */
const MERGE_SETS = new Set(['finalizers']);

type Json = unknown;

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Set an own key (even `__proto__`) on a plain map. */
export function setOwn(o: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A shallow copy keeping only own enumerable keys. */
function copyOwn(o: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const k of Object.keys(o)) setOwn(out, k, o[k]);
  return out;
}

const own = (o: Record<string, Json>, k: string): Json => (Object.hasOwn(o, k) ? o[k] : undefined);

/** RFC 7386: null deletes, objects merge, everything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(target) ? copyOwn(target) : {};
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else setOwn(out, k, mergePatch(own(out, k), v));
  }
  return out;
}

/**
 * The merge key of a list field (container ports merge by containerPort, service ports by port):
 * `containerPorts` says whether its items are container ports. serve's OpenAPI documents publish the same
 * marks (serve/openapi.ts), from which kubectl computes its patches.
 */
export function mergeKeyFor(fieldName: string, containerPorts: boolean): string | undefined {
  if (fieldName === 'ports' && containerPorts) return 'containerPort';
  return MERGE_KEYS.get(fieldName);
}

/** Whether a list of scalars merges as a set under strategic merge (finalizers). */
export function mergesAsSet(fieldName: string): boolean {
  return MERGE_SETS.has(fieldName);
}

/** The merge key of a list field with these items. */
function mergeKeyOf(fieldName: string, items: Json[]): string | undefined {
  return mergeKeyFor(fieldName, items.some((p) => isObj(p) && 'containerPort' in p));
}

/** Strategic merge of a list: keyed lists merge element-wise (`$patch: delete` removes one), sets union, others replace. */
function mergeList(target: Json, patch: Json[], fieldName: string, deletions: Json[]): Json {
  const base = Array.isArray(target) ? target : [];
  if (MERGE_SETS.has(fieldName) && patch.every((p) => !isObj(p))) {
    const out = base.filter((x) => !deletions.includes(x));
    for (const p of patch) if (!out.includes(p)) out.push(p);
    return out;
  }
  if (deletions.length) return base.filter((x) => !deletions.includes(x));
  const key = mergeKeyOf(fieldName, patch);
  if (!key || !Array.isArray(target) || !patch.every(isObj)) return patch.filter((p) => !(isObj(p) && p.$patch === 'delete'));
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) return patch.filter((p) => isObj(p) && p.$patch !== 'replace');
  const out = base.slice();
  for (const p of patch as Record<string, Json>[]) {
    const idx = out.findIndex((t) => isObj(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p);
    else out.push(strategicMerge(undefined, p));
  }
  return out;
}

/** Strategic merge: like merge patch, but keyed lists merge element-wise, with the directives kubectl sends. */
export function strategicMerge(target: Json, patch: Json, fieldName = ''): Json {
  if (Array.isArray(patch)) return mergeList(target, patch, fieldName, []);
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'delete') return undefined;
  const replace = patch.$patch === 'replace';
  const out: Record<string, Json> = isObj(target) && !replace ? copyOwn(target) : {};
  const retain = Array.isArray(patch.$retainKeys) ? patch.$retainKeys.filter((k): k is string => typeof k === 'string') : undefined;
  for (const k of Object.keys(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    const v = patch[k];
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(v) && Array.isArray(own(out, field))) setOwn(out, field, mergeList(own(out, field), [], field, v));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const merged = Array.isArray(v) ? mergeList(own(out, k), v, k, []) : strategicMerge(own(out, k), v, k);
    if (merged === undefined) delete out[k];
    else setOwn(out, k, merged);
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

/**
 * Client-side apply's three-way merge: fields in the last applied configuration but not in the new
 * manifest are removed; keyed lists from the manifest replace the live ones element-wise, keeping what the
 * server filled in (allocated nodePorts, defaults) for elements that remain.
 */
export function threeWayApply(live: Json, lastApplied: Json, manifest: Json, fieldName = ''): Json {
  if (Array.isArray(manifest)) {
    const key = mergeKeyOf(fieldName, manifest);
    if (!key || !Array.isArray(live) || !manifest.every(isObj)) return manifest;
    return (manifest as Record<string, Json>[]).map((m) => {
      const l = (live as Json[]).find((x) => isObj(x) && x[key] === m[key]);
      const la = Array.isArray(lastApplied) ? (lastApplied as Json[]).find((x) => isObj(x) && x[key] === m[key]) : undefined;
      return l === undefined ? m : threeWayApply(l, la, m);
    });
  }
  if (!isObj(manifest)) return manifest;
  const out: Record<string, Json> = isObj(live) ? copyOwn(live) : {};
  const last = isObj(lastApplied) ? lastApplied : {};
  for (const k of Object.keys(last)) if (!Object.hasOwn(manifest, k)) delete out[k];
  for (const k of Object.keys(manifest)) {
    const v = manifest[k];
    if (v === null) delete out[k];
    else setOwn(out, k, threeWayApply(own(out, k), own(last, k), v, k));
  }
  return out;
}

/**
 * The JSON merge patch that turns `from` into `to` (jsonpatch.CreateMergePatch): changed and added keys,
 * removed ones as null; lists replaced whole. Undefined when nothing differs.
 */
export function twoWayMergePatch(from: Json, to: Json): Record<string, Json> | undefined {
  if (!isObj(from) || !isObj(to)) return undefined;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(from)) if (!Object.hasOwn(to, k)) setOwn(out, k, null);
  for (const k of Object.keys(to)) {
    const a = own(from, k);
    const b = to[k];
    if (isObj(a) && isObj(b)) {
      const inner = twoWayMergePatch(a, b);
      if (inner) setOwn(out, k, inner);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) setOwn(out, k, b);
  }
  return Object.keys(out).length ? out : undefined;
}
