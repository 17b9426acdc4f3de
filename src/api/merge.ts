/**
 * Merges used by apply and patch: JSON merge patch (RFC 7386) and a strategic merge for the lists these
 * kinds use, which merge by a key instead of being replaced (so `apply` keeps an allocated nodePort).
 */

/** List fields that merge by key under strategic merge, by field name. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'port',
  conditions: 'type',
  tolerations: 'key',
  imagePullSecrets: 'name',
};

type Json = unknown;

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: null deletes, objects merge, everything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge: like merge patch, but keyed lists merge element-wise (`$patch: delete` removes one). */
export function strategicMerge(target: Json, patch: Json, fieldName = ''): Json {
  if (Array.isArray(patch)) {
    let key = MERGE_KEYS[fieldName];
    // Container ports merge by containerPort; service ports by port.
    if (fieldName === 'ports' && patch.some((p) => isObj(p) && 'containerPort' in p)) key = 'containerPort';
    if (!key || !Array.isArray(target) || !patch.every(isObj)) return patch;
    const out = (target as Json[]).map((x) => x);
    const order: Json[] = [];
    for (const p of patch as Record<string, Json>[]) {
      const idx = out.findIndex((t) => isObj(t) && t[key!] === p[key!]);
      if (p['$patch'] === 'delete') {
        if (idx >= 0) out.splice(idx, 1);
        continue;
      }
      if (idx >= 0) {
        out[idx] = strategicMerge(out[idx], p);
        order.push(out[idx]);
      } else {
        out.push(p);
        order.push(p);
      }
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k], v, k);
  }
  return out;
}

/**
 * Client-side apply's three-way merge: fields in the last applied configuration but not in the new
 * manifest are removed; keyed lists from the manifest replace the live ones element-wise, keeping what the
 * server filled in (allocated nodePorts, defaults) for elements that remain.
 */
export function threeWayApply(live: Json, lastApplied: Json, manifest: Json, fieldName = ''): Json {
  if (Array.isArray(manifest)) {
    const key = fieldName === 'ports' && manifest.some((p) => isObj(p) && 'containerPort' in p) ? 'containerPort' : MERGE_KEYS[fieldName];
    if (!key || !Array.isArray(live) || !manifest.every(isObj)) return manifest;
    return (manifest as Record<string, Json>[]).map((m) => {
      const l = (live as Json[]).find((x) => isObj(x) && x[key] === m[key]);
      const la = Array.isArray(lastApplied) ? (lastApplied as Json[]).find((x) => isObj(x) && x[key] === m[key]) : undefined;
      return l === undefined ? m : threeWayApply(l, la, m);
    });
  }
  if (!isObj(manifest)) return manifest;
  const out: Record<string, Json> = isObj(live) ? { ...live } : {};
  const last = isObj(lastApplied) ? lastApplied : {};
  for (const k of Object.keys(last)) if (!(k in manifest)) delete out[k];
  for (const [k, v] of Object.entries(manifest)) {
    if (v === null) delete out[k];
    else out[k] = threeWayApply(out[k], last[k], v, k);
  }
  return out;
}
