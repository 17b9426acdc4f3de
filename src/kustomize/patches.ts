/**
 * kustomize's patches: strategic merge patches (matched by their own kind and name, or by a target
 * selector) and RFC 6902 JSON patches (by target), from a file or inline, in YAML or JSON.
 */
import { resolve } from 'node:path';
import type { HostFiles } from '../util/host-files.js';
import { toYaml } from '../printers/output.js';
import { kyamlValues } from './yaml-docs.js';
import { strategicMerge } from '../api/merge.js';
import { applyJsonPatch } from '../api/json-patch.js';
import { KustomizeError } from './errors.js';
import { groupOf } from './field-specs.js';
import { lstatFailure } from './paths.js';
import { meta } from './transformers.js';
import type { Named } from './name-references.js';
import { isObj, type Json, type Obj } from './json.js';

/** kustomize's id of an object in its messages: `Kind.version.[noGrp]/name.[noNs]`. */
export function resId(obj: Obj): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  const group = groupOf(apiVersion);
  const m = isObj(obj.metadata) ? obj.metadata : {};
  return `${String(obj.kind)}.${version || '[noVer]'}.${group || '[noGrp]'}/${String(m.name ?? '')}.${typeof m.namespace === 'string' && m.namespace ? m.namespace : '[noNs]'}`;
}

/** The documents of a patch text (YAML or JSON; a list is a JSON patch). */
function patchDocs(text: string): Json[] {
  const docs = kyamlValues(text);
  if (!docs) throw new KustomizeError(`unable to parse SM or JSON patch from [${text}]`);
  return docs;
}

/** The text of a patch entry: its file under `dir`, or its inline text; `plugin` names the transformer in kustomize's error for neither. */
export function patchText(files: HostFiles, dir: string, entry: { path?: Json; patch?: Json }, plugin: string): string {
  if (typeof entry.path === 'string' && entry.path && typeof entry.patch === 'string' && entry.patch) throw new KustomizeError('patch and path can\'t be set at the same time');
  if (typeof entry.patch === 'string' && entry.patch) return entry.patch;
  if (typeof entry.path === 'string' && entry.path) {
    const abs = resolve(dir, entry.path);
    if (!files.stat(abs)?.isFile) throw new KustomizeError(lstatFailure(files, abs));
    return files.read(abs).toString('utf8');
  }
  const config = toYaml(entry).replace(/\n$/, '');
  throw new KustomizeError(`trouble configuring builtin ${plugin} with config: \`\n${config}\n\`: must specify one of patch and path in\n${config}`);
}

/** A `target` selector. */
export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** An equality-based selector (`a=b,c!=d,e,!f`) against a map. */
function selects(selector: string, map: Json): boolean {
  const m = isObj(map) ? map : {};
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((term) => {
      const ne = /^([^!=]+)!=(.*)$/.exec(term);
      if (ne) return m[ne[1]!.trim()] !== ne[2]!.trim();
      const eq = /^([^!=]+)==?(.*)$/.exec(term);
      if (eq) return m[eq[1]!.trim()] === eq[2]!.trim();
      if (term.startsWith('!')) return !(term.slice(1) in m);
      return term in m;
    });
}

const anchored = (pattern: string, value: string): boolean => {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
};

/** Does the target select this object (name and namespace are anchored regular expressions, as in kustomize)? */
function targetSelects(t: Target, r: Named): boolean {
  const o = r.obj;
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  if (t.kind && !anchored(t.kind, String(o.kind))) return false;
  if (t.group !== undefined && t.group !== '' && groupOf(apiVersion) !== t.group) return false;
  if (t.version && apiVersion.slice(apiVersion.indexOf('/') + 1) !== t.version) return false;
  if (t.name && !r.names.some((n) => anchored(t.name!, n)) && !anchored(t.name, String(meta(o).name))) return false;
  if (t.namespace && !anchored(t.namespace, String(meta(o).namespace ?? ''))) return false;
  if (t.labelSelector && !selects(t.labelSelector, meta(o).labels)) return false;
  if (t.annotationSelector && !selects(t.annotationSelector, meta(o).annotations)) return false;
  return true;
}

/** A string as Go's %q writes it (JSON's escapes cover what a patch text holds). */
const goQuote = (s: string): string => JSON.stringify(s);

/** Apply one patch entry to the objects; a strategic merge patch with `$patch: delete` removes its target. */
export function applyPatch(objects: Named[], text: string, target: Target | undefined): Named[] {
  const docs = patchDocs(text);
  let out = objects;
  for (const doc of docs) {
    if (Array.isArray(doc)) {
      if (!target) throw new KustomizeError(`must specify a target for JSON patch [patch: ${goQuote(text)}]`);
      for (const r of out.filter((r) => targetSelects(target, r))) {
        try {
          r.obj = applyJsonPatch(r.obj, doc) as Obj;
        } catch (e) {
          throw new KustomizeError((e as Error).message);
        }
      }
      continue;
    }
    if (!isObj(doc)) continue;
    const matched = target ? out.filter((r) => targetSelects(target, r)) : smpTargets(out, doc);
    const body: Obj = { ...doc };
    if (target && isObj(body.metadata)) {
      const { name: _n, namespace: _ns, ...rest } = body.metadata;
      body.metadata = rest;
    }
    for (const r of matched) {
      const merged = strategicMerge(r.obj, body);
      if (merged === undefined) out = out.filter((x) => x !== r);
      else r.obj = merged as Obj;
    }
  }
  return out;
}

/** The one object a strategic merge patch names by kind, name and namespace (any of its names). */
function smpTargets(objects: Named[], patch: Obj): Named[] {
  const m = isObj(patch.metadata) ? patch.metadata : {};
  const found = objects.filter(
    (r) =>
      r.obj.kind === patch.kind &&
      (r.names.includes(String(m.name)) || meta(r.obj).name === m.name) &&
      (m.namespace === undefined || meta(r.obj).namespace === m.namespace || r.namespaces.includes(String(m.namespace))),
  );
  if (found.length === 0) {
    const id = resId(patch);
    throw new KustomizeError(`no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}`);
  }
  return found.slice(0, 1);
}
