/**
 * The kustomization file of a directory: found under one of kustomize's three names, parsed, checked
 * field by field as kustomize's strict decoder does (unknown fields and wrong types are errors in its
 * words), with its deprecation warnings.
 */
import { join } from 'node:path';
import type { HostFiles } from '../util/host-files.js';
import { ManifestParseError, parseManifestText } from '../api/manifest.js';
import { KustomizeError } from './errors.js';
import { yamlProblem } from './paths.js';
import { isObj, type Json } from './json.js';

/** kustomize's recognised file names, in the order it looks for them. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A decoded kustomization: the known fields, values checked against their types. */
export type Kustomization = Record<string, Json>;

/** The Go type of each field, for the decoder's "cannot unmarshal" text and our checks. */
const FIELD_TYPES: Record<string, string> = {
  apiVersion: 'string',
  kind: 'string',
  metadata: 'types.ObjectMeta',
  openAPI: 'map[string]string',
  namePrefix: 'string',
  nameSuffix: 'string',
  namespace: 'string',
  commonLabels: 'map[string]string',
  labels: '[]types.Label',
  commonAnnotations: 'map[string]string',
  patchesStrategicMerge: '[]types.PatchStrategicMerge',
  patchesJson6902: '[]types.Patch',
  patches: '[]types.Patch',
  images: '[]types.Image',
  imageTags: '[]types.Image',
  replacements: '[]types.ReplacementField',
  replicas: '[]types.Replica',
  vars: '[]types.Var',
  sortOptions: 'types.SortOptions',
  resources: '[]string',
  components: '[]string',
  crds: '[]string',
  bases: '[]string',
  configMapGenerator: '[]types.ConfigMapArgs',
  secretGenerator: '[]types.SecretArgs',
  helmGlobals: 'types.HelmGlobals',
  helmCharts: '[]types.HelmChart',
  helmChartInflationGenerator: '[]types.HelmChartArgs',
  generatorOptions: 'types.GeneratorOptions',
  configurations: '[]string',
  generators: '[]string',
  transformers: '[]string',
  validators: '[]string',
  buildMetadata: '[]string',
};

/** Known fields kube-sim does not build (it says so rather than ignore them). */
export const UNSUPPORTED_FIELDS = ['openAPI', 'replacements', 'components', 'crds', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'configurations', 'generators', 'transformers', 'validators'];

/** Fields of the list entries and nested objects, for the strict decoder's unknown-field check. */
const NESTED_FIELDS: Record<string, string[]> = {
  labels: ['pairs', 'includeSelectors', 'includeTemplates', 'fields'],
  patches: ['path', 'patch', 'target', 'options'],
  patchesJson6902: ['path', 'patch', 'target', 'options'],
  images: ['name', 'newName', 'newTag', 'digest', 'tagSuffix'],
  imageTags: ['name', 'newName', 'newTag', 'digest', 'tagSuffix'],
  replicas: ['name', 'count'],
  vars: ['name', 'objref', 'fieldref'],
  configMapGenerator: ['name', 'namespace', 'behavior', 'files', 'literals', 'envs', 'env', 'options'],
  secretGenerator: ['name', 'namespace', 'behavior', 'files', 'literals', 'envs', 'env', 'options', 'type'],
  generatorOptions: ['labels', 'annotations', 'disableNameSuffixHash', 'immutable'],
  sortOptions: ['order', 'legacySortOptions'],
};

const DEPRECATED: [string, string][] = [
  ['bases', "# Warning: 'bases' is deprecated. Please use 'resources' instead."],
  ['commonLabels', "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead."],
  ['imageTags', "# Warning: 'imageTags' is deprecated. Please use 'images' instead."],
  ['patchesJson6902', "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead."],
  ['patchesStrategicMerge', "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead."],
  ['vars', "# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL]"],
];
const EDIT_FIX = " Run 'kustomize edit fix' to update your Kustomization automatically.";

/** The JSON type name Go's decoder reports for a value it cannot store. */
function jsonTypeName(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}


/** Does `v` fit the Go type `type` closely enough to decode (null always does)? */
function fits(type: string, v: Json): boolean {
  if (v === null) return true;
  if (type === 'string') return typeof v === 'string';
  if (type === '[]string' || type === '[]types.PatchStrategicMerge') return Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null);
  if (type.startsWith('[]')) return Array.isArray(v) && v.every((x) => isObj(x) || x === null);
  if (type === 'map[string]string') return isObj(v) && Object.values(v).every((x) => typeof x === 'string' || x === null);
  return isObj(v);
}

/** Read and check `dir`'s kustomization; `shownDir` is the directory as kustomize names it in errors. */
export function loadKustomization(files: HostFiles, dir: string): { kustomization: Kustomization; fileName: string; warnings: string[] } {
  const found = KUSTOMIZATION_FILE_NAMES.filter((n) => files.stat(join(dir, n))?.isFile);
  if (found.length === 0) throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`);
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}\n`);
  const fileName = found[0]!;
  const text = files.read(join(dir, fileName)).toString('utf8');
  const docs = parseManifestText(text, fileName);
  const first = docs[0]?.doc;
  if (first instanceof ManifestParseError) {
    throw new KustomizeError(`invalid Kustomization: ${yamlProblem(first.error.message)}`);
  }
  const raw = first ?? {};
  if (!isObj(raw)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonTypeName(raw)} into Go value of type types.Kustomization`);
  for (const [k, v] of Object.entries(raw)) {
    const type = FIELD_TYPES[k];
    if (!type) throw new KustomizeError(`invalid Kustomization: json: unknown field "${k}"`);
    if (!fits(type, v)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonTypeName(v)} into Go struct field Kustomization.${k} of type ${type}`);
    const nested = NESTED_FIELDS[k];
    if (nested) {
      for (const entry of Array.isArray(v) ? v : [v]) {
        if (!isObj(entry)) continue;
        for (const f of Object.keys(entry)) if (!nested.includes(f)) throw new KustomizeError(`invalid Kustomization: json: unknown field "${f}"`);
      }
    }
  }
  const warnings = DEPRECATED.filter(([f]) => raw[f] !== undefined && raw[f] !== null).map(([, w]) => w + EDIT_FIX);
  const meaningful = Object.entries(raw).some(([k, v]) => k !== 'apiVersion' && k !== 'kind' && v !== null && v !== undefined);
  if (!meaningful) throw new KustomizeError(`${fileName} is empty`);
  const kind = raw.kind;
  if (typeof kind === 'string' && kind !== '' && kind !== 'Kustomization' && kind !== 'Component') {
    throw new KustomizeError(`Failed to read kustomization file under ${dir}:\nkind should be Kustomization or Component`);
  }
  if (kind === 'Component') throw new KustomizeError(`accumulating resources: expected kind 'Kustomization' for path '${dir}' but got 'Component'`);
  const apiVersion = raw.apiVersion;
  if (typeof apiVersion === 'string' && apiVersion !== '' && apiVersion !== 'kustomize.config.k8s.io/v1beta1') {
    throw new KustomizeError(`Failed to read kustomization file under ${dir}:\napiVersion for ${typeof kind === 'string' && kind ? kind : 'Kustomization'} should be kustomize.config.k8s.io/v1beta1`);
  }
  if (isObj(raw.sortOptions) && raw.sortOptions.legacySortOptions !== undefined && raw.sortOptions.legacySortOptions !== null) {
    throw new KustomizeError("kube-sim does not build the kustomization field 'sortOptions.legacySortOptions' (sortOptions.order fifo and legacy are built)");
  }
  for (const f of UNSUPPORTED_FIELDS) {
    const v = raw[f];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
      throw new KustomizeError(`kube-sim does not build the kustomization field '${f}' (supported: resources, generators, patches, images, replicas, labels, annotations, namespace, name prefix and suffix)`);
    }
  }
  return { kustomization: raw, fileName, warnings };
}
