/**
 * `kustomize build` as kubectl 1.32 runs it (kustomize v5.5.0): a kustomization directory's resources
 * (files and sub-kustomizations) and generated ConfigMaps and Secrets, transformed in kustomize's order
 * (patches, namespace, prefix and suffix, labels, annotations, JSON patches, replicas, images), then at
 * the top only the content hashes, the rewritten name references and the legacy kind order.
 *
 * Every file is read through the HostFiles the CLI uses for `-f`, so a walkthrough's kustomization sees
 * only the walkthrough's directory. Remote bases need the network, which kube-sim does not have.
 */
import { resolve } from 'node:path';
import type { HostFiles } from '../util/host-files.js';
import { KustomizeError } from './errors.js';
import { loadKustomization, type Kustomization } from './kustomization.js';
import { generate } from './generators.js';
import { nameHash } from './hash.js';
import { fixNameReferences, type Named } from './name-references.js';
import { applyPatch, patchText, resId, type Target } from './patches.js';
import { COMMON_ANNOTATIONS, COMMON_LABELS, METADATA_LABELS, REPLICAS, TEMPLATE_LABELS, specApplies } from './field-specs.js';
import { addToMaps, meta, setImages, setNamespace } from './transformers.js';
import { legacyOrder } from './order.js';
import { resolveVars } from './vars.js';
import { lstatFailure, rootedFiles } from './paths.js';
import { MalformedYaml, kyamlDocuments } from './yaml-docs.js';
import { isObj, strings, stringMap, type Json, type Obj } from './json.js';

/** What a build gives: the objects in kustomize's order and the warnings kustomize writes to stderr. */
export interface KustomizeResult {
  objects: Obj[];
  warnings: string[];
}

/** An object of the build and what kustomize remembers about it. */
interface Res extends Named {
  /** Generated with a content hash still to add to its name. */
  hash: boolean;
}

/** Kustomizations nest at most this deep (a resource list naming its own directory would loop). */
const MAX_DEPTH = 50;

/** How to build. */
export interface BuildOptions {
  /** kubectl's default `--load-restrictor LoadRestrictionsRootOnly`: generators, patches and resource files only from inside the kustomization's directory. */
  restrictToRoot?: boolean;
  /** Told each deprecation warning as kustomize reads the kustomization (it writes them to stderr at once, before any error). */
  warn?(line: string): void;
}

/** Build the kustomization at `target` (a directory, as typed; relative to `cwd`). */
export function kustomizeBuild(files: HostFiles, cwd: string, target: string, opts: BuildOptions = {}): KustomizeResult {
  // A remote target goes straight to git (no HTTP try first).
  if (isRemote(target)) throw new KustomizeError(remoteFailure(files, cwd, target).clone);
  const dir = resolve(cwd, target);
  const st = files.stat(dir);
  if (!st) throw new KustomizeError(`must build at directory: not a valid directory: ${lstatFailure(files, dir).replace(`on '${dir}'`, `on '${target}'`)}`);
  if (!st.isDirectory) throw new KustomizeError(`must build at directory: '${target}': file is not directory`);
  const warnings: string[] = [];
  const run: BuildRun = { warn: opts.warn ?? ((w) => warnings.push(w)), restrict: opts.restrictToRoot !== false, vars: [] };
  const { resources, kustomization } = buildDir(files, dir, run, []);
  for (const r of resources) if (r.hash) meta(r.obj).name = `${String(meta(r.obj).name)}-${nameHash(r.obj)}`;
  for (const r of resources) rememberName(r);
  fixNameReferences(resources);
  resolveVars(resources, run.vars);
  const objects = resources.filter((r) => !isLocalConfig(r.obj)).map((r) => r.obj);
  const order = isObj(kustomization.sortOptions) ? kustomization.sortOptions.order : undefined;
  return { objects: order === 'fifo' ? objects : legacyOrder(objects), warnings };
}

/** kustomize drops objects annotated `config.kubernetes.io/local-config: "true"` from its output. */
function isLocalConfig(obj: Obj): boolean {
  const a = meta(obj).annotations;
  return isObj(a) && a['config.kubernetes.io/local-config'] === 'true';
}

/** A resource entry kustomize would fetch: a URL or a git location. */
function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || /^git@/.test(entry);
}

/** The repository and ref kustomize's git fallback fetches for a remote entry. */
function gitFetchOf(url: string): { repo: string; ref: string; host: string } {
  const u = new URL(url);
  const ref = u.searchParams.get('ref') ?? u.searchParams.get('version') ?? 'HEAD';
  const parts = u.pathname.split('/').filter(Boolean);
  const path = u.pathname.includes('//') ? u.pathname.slice(0, u.pathname.indexOf('//')) : u.host === 'github.com' ? `/${parts.slice(0, 2).join('/')}` : u.pathname;
  return { repo: `${u.protocol}//${u.host}${path.replace(/\/+$/, '')}`, ref, host: u.hostname };
}

/**
 * Why kustomize could not fetch a remote base (kube-sim has no network): its HTTP try (or, for a location
 * without a scheme, its local-path try), and its git fallback's failure.
 */
function remoteFailure(files: HostFiles, dir: string, entry: string): { fetch: string; clone: string } {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry);
  const url = hasScheme ? entry : `https://${entry.replace(/^git@([^:]+):/, '$1/')}`;
  let fetch = { repo: url, ref: 'HEAD', host: '' };
  try {
    fetch = gitFetchOf(url);
  } catch {
    // An unparsable location: git is asked for it as it is.
  }
  return {
    fetch: hasScheme ? `Get "${entry}": dial tcp: lookup ${fetch.host}: no such host` : lstatFailure(files, resolve(dir, entry)),
    clone: `failed to run '/usr/bin/git fetch --depth=1 ${fetch.repo} ${fetch.ref}': fatal: unable to access '${fetch.repo}/': Could not resolve host: ${fetch.host}\n: exit status 128`,
  };
}

/** Record an object's current name and namespace in its history. */
function rememberName(r: Res): void {
  const name = String(meta(r.obj).name ?? '');
  if (!r.names.includes(name)) r.names.push(name);
  const ns = String(meta(r.obj).namespace ?? '');
  if (!r.namespaces.includes(ns)) r.namespaces.push(ns);
}

/** Add objects to the build, refusing an id that is already there. */
function absorb(into: Res[], more: Res[]): void {
  for (const r of more) {
    const id = resId(r.obj);
    if (into.some((x) => resId(x.obj) === id)) throw new KustomizeError(`may not add resource with an already registered id: ${id}`);
    into.push(r);
  }
}

/** What a whole build shares: where warnings go, the load restriction, the vars its kustomizations declare. */
interface BuildRun {
  warn(line: string): void;
  restrict: boolean;
  vars: Json[];
}

/** One kustomization directory: its resources, generators and transformers (no hashes: the top adds them). */
function buildDir(files: HostFiles, dir: string, run: BuildRun, visiting: string[]): { resources: Res[]; kustomization: Kustomization } {
  if (visiting.length > MAX_DEPTH) throw new KustomizeError(`kustomizations nest more than ${MAX_DEPTH} deep under '${visiting[0]}'`);
  const { kustomization: k, warnings: own } = loadKustomization(files, dir);
  own.forEach((w) => run.warn(w));
  const local = run.restrict ? rootedFiles(files, dir) : files;
  const resources: Res[] = [];
  // A null entry decodes as "" (which kustomize refuses as an empty root).
  const entries = [...(Array.isArray(k.resources) ? k.resources : []), ...(Array.isArray(k.bases) ? k.bases : [])].map((e) => (typeof e === 'string' ? e : ''));
  try {
    for (const entry of entries) absorbEntry(files, local, dir, entry, resources, run, visiting);
  } catch (e) {
    if (e instanceof KustomizeError) throw new KustomizeError(`accumulating resources: ${e.message}`);
    throw e;
  }
  runGenerators(local, dir, k, resources);
  if (Array.isArray(k.vars)) run.vars.push(...k.vars);
  return { resources: transform(local, dir, k, resources), kustomization: k };
}

/** One `resources` entry: a file of objects or a directory with a kustomization. */
function absorbEntry(files: HostFiles, local: HostFiles, dir: string, entry: string, into: Res[], run: BuildRun, visiting: string[]): void {
  if (entry === '') throw new KustomizeError(`accumulation err='accumulating resources from '': '${dir}' must resolve to a file': new root cannot be empty`);
  if (isRemote(entry)) {
    const { fetch, clone } = remoteFailure(files, dir, entry);
    throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': ${fetch}': ${clone}`);
  }
  const abs = resolve(dir, entry);
  const st = files.stat(abs);
  if (!st) throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': ${lstatFailure(files, abs)}': must build at directory: not a valid directory: ${lstatFailure(files, abs)}`);
  if (st.isDirectory) {
    // kustomize refuses a base that is, or contains, a kustomization already on the way here.
    const visited = [dir, ...visiting.slice().reverse()].find((r) => r === abs || r.startsWith(`${abs}/`));
    if (visited) throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': '${abs}' must resolve to a file': cycle detected: candidate root '${abs}' contains visited root '${visited}'`);
    let sub: Res[];
    try {
      sub = buildDir(files, abs, run, [...visiting, dir]).resources;
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      if (e.message.startsWith('unable to find one of')) throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': '${abs}' must resolve to a file': couldn't make target for path '${abs}': ${e.message}`);
      throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': '${abs}' must resolve to a file': recursed accumulation of path '${abs}': ${e.message}`);
    }
    try {
      absorb(into, sub);
    } catch (e) {
      throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': '${abs}' must resolve to a file': recursed merging from path '${abs}': ${(e as Error).message}`);
    }
    return;
  }
  const notDir = `must build at directory: '${abs}': file is not directory`;
  let objs: Res[];
  try {
    objs = objectsOf(local.read(abs), entry);
  } catch (e) {
    if (e instanceof MalformedYaml) throw new KustomizeError(`accumulating resources from '${entry}': MalformedYAMLError: ${e.message} in File: ${entry}`);
    if (!(e instanceof KustomizeError)) throw e;
    throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': ${e.message}': ${notDir}`);
  }
  try {
    absorb(into, objs);
  } catch (e) {
    throw new KustomizeError(`accumulation err='merging resources from '${entry}': ${(e as Error).message}': ${notDir}`);
  }
}

/** The objects of a resource file (documents and `kind: List` items), each needing a kind. */
function objectsOf(bytes: Buffer, source: string): Res[] {
  const out: Res[] = [];
  for (const doc of kyamlDocuments(bytes, source)) {
    if (!isObj(doc)) continue;
    const obj = doc;
    if (typeof obj.kind !== 'string' || !obj.kind) throw new KustomizeError(`missing kind in object ${goObjectText(obj)}`);
    const m = isObj(obj.metadata) ? obj.metadata : {};
    if (typeof m.name !== 'string' || !m.name) throw new KustomizeError(`missing metadata.name in object ${goObjectText(obj)}`);
    absorb(out, [{ obj, names: [String(meta(obj).name ?? '')], namespaces: [String(meta(obj).namespace ?? '')], hash: false }]);
  }
  return out;
}

/** An object's identity as Go prints kustomize's struct of it: `{{v1 ConfigMap} {{name ns} map[k:v] map[]}}`. */
function goObjectText(obj: Obj): string {
  const m = isObj(obj.metadata) ? obj.metadata : {};
  const text = (v: Json) => (typeof v === 'string' ? v : '');
  const goMap = (v: Json) => `map[${Object.entries(stringMap(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${k}:${x}`).join(' ')}]`;
  return `{{${text(obj.apiVersion)} ${text(obj.kind)}} {{${text(m.name)} ${text(m.namespace)}} ${goMap(m.labels)} ${goMap(m.annotations)}}}`;
}

/** configMapGenerator then secretGenerator: new objects, or merged into (or replacing) ones of the same name. */
function runGenerators(files: HostFiles, dir: string, k: Kustomization, into: Res[]): void {
  const runs: ['ConfigMap' | 'Secret', Json][] = [
    ['ConfigMap', k.configMapGenerator],
    ['Secret', k.secretGenerator],
  ];
  for (const [kind, list] of runs) {
    for (const entry of Array.isArray(list) ? list : []) {
      const g = generate(files, dir, kind, isObj(entry) ? entry : {}, k.generatorOptions);
      const name = String(meta(g.obj).name);
      const ns = meta(g.obj).namespace;
      const existing = into.find((r) => r.obj.kind === kind && (r.names.includes(name) || meta(r.obj).name === name) && (ns === undefined || meta(r.obj).namespace === ns));
      if (g.behavior === 'create') {
        absorb(into, [{ obj: g.obj, names: [name], namespaces: [String(ns ?? '')], hash: g.hash }]);
        continue;
      }
      if (!existing) throw new KustomizeError(`id ${JSON.stringify(resId(g.obj).replace(/\.\[noNs\]$/, ''))} does not exist; cannot merge or replace`);
      mergeGenerated(existing, g.obj, g.behavior);
    }
  }
}

/** A `merge` generator adds its data, labels and annotations to the object; `replace` swaps its data. */
function mergeGenerated(existing: Res, generated: Obj, behavior: 'merge' | 'replace'): void {
  const o = existing.obj;
  for (const field of ['data', 'binaryData']) {
    const add = generated[field];
    if (behavior === 'replace') {
      if (add === undefined) delete o[field];
      else o[field] = add;
    } else if (isObj(add)) o[field] = { ...(isObj(o[field]) ? o[field] : {}), ...add };
  }
  const gm = meta(generated);
  for (const field of ['labels', 'annotations']) {
    if (isObj(gm[field])) meta(o)[field] = { ...(isObj(meta(o)[field]) ? (meta(o)[field] as Obj) : {}), ...(gm[field] as Obj) };
  }
}

/** The kustomization's transformers, in kustomize's order. */
function transform(files: HostFiles, dir: string, k: Kustomization, input: Res[]): Res[] {
  let resources = input;
  const patch = (text: string, target: Target | undefined) => {
    resources = applyPatch(resources, text, target) as Res[];
  };
  for (const p of strings(k.patchesStrategicMerge)) {
    const abs = resolve(dir, p);
    patch(!p.includes('\n') && files.stat(abs)?.isFile ? files.read(abs).toString('utf8') : p, undefined);
  }
  for (const p of Array.isArray(k.patches) ? k.patches : []) if (isObj(p)) patch(patchText(files, dir, p, 'PatchTransformer'), isObj(p.target) ? (p.target as Target) : undefined);
  if (typeof k.namespace === 'string' && k.namespace) {
    for (const r of resources) setNamespace(r.obj, k.namespace);
  }
  for (const [field, add] of [
    ['namePrefix', (n: string, v: string) => v + n],
    ['nameSuffix', (n: string, v: string) => n + v],
  ] as const) {
    const v = k[field];
    if (typeof v !== 'string' || !v) continue;
    for (const r of resources) {
      if (r.obj.kind === 'CustomResourceDefinition' || r.obj.kind === 'Namespace') continue;
      meta(r.obj).name = add(String(meta(r.obj).name ?? ''), v);
    }
  }
  for (const l of Array.isArray(k.labels) ? k.labels : []) {
    if (!isObj(l)) continue;
    const specs = l.includeSelectors === true ? COMMON_LABELS : l.includeTemplates === true ? TEMPLATE_LABELS : METADATA_LABELS;
    for (const r of resources) addToMaps(r.obj, specs, stringMap(l.pairs));
  }
  for (const r of resources) addToMaps(r.obj, COMMON_LABELS, stringMap(k.commonLabels));
  for (const r of resources) addToMaps(r.obj, COMMON_ANNOTATIONS, stringMap(k.commonAnnotations));
  for (const p of Array.isArray(k.patchesJson6902) ? k.patchesJson6902 : []) if (isObj(p)) patch(patchText(files, dir, p, 'PatchJson6902Transformer'), isObj(p.target) ? (p.target as Target) : undefined);
  for (const rep of Array.isArray(k.replicas) ? k.replicas : []) {
    if (!isObj(rep) || typeof rep.name !== 'string') continue;
    for (const r of resources) {
      if (!REPLICAS.some((fs) => specApplies(fs, r.obj))) continue;
      if (!r.names.includes(rep.name) && meta(r.obj).name !== rep.name) continue;
      if (!isObj(r.obj.spec)) r.obj.spec = {};
      (r.obj.spec as Obj).replicas = rep.count;
    }
  }
  for (const img of [...(Array.isArray(k.images) ? k.images : []), ...(Array.isArray(k.imageTags) ? k.imageTags : [])]) {
    if (!isObj(img) || typeof img.name !== 'string') continue;
    const str = (v: Json) => (v === undefined || v === null ? undefined : String(v));
    const rule = { name: img.name, newName: str(img.newName), newTag: str(img.newTag), digest: str(img.digest) };
    for (const r of resources) setImages(r.obj, rule);
  }
  for (const r of resources) rememberName(r);
  return resources;
}

