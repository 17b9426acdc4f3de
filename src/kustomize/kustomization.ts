/**
 * The kustomization file of a directory: found under one of kustomize's three names, parsed, checked
 * field by field as kustomize's strict decoder does (unknown fields and wrong types are errors in its
 * words), with its deprecation warnings.
 */
import { join } from 'node:path';
import type { HostFiles } from '../util/host-files.js';
import { KustomizeError } from './errors.js';
import { kyamlDocuments } from './yaml-docs.js';
import { checkKustomization } from './schema.js';
import { isObj, type Json } from './json.js';

/** kustomize's recognised file names, in the order it looks for them. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A decoded kustomization: the known fields, values checked against their types. */
export type Kustomization = Record<string, Json>;

/** Known fields kube-sim does not build (it says so rather than ignore them). */
export const UNSUPPORTED_FIELDS = ['openAPI', 'replacements', 'components', 'crds', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'configurations', 'generators', 'transformers', 'validators'];

const DEPRECATED: [string, string][] = [
  ['bases', "# Warning: 'bases' is deprecated. Please use 'resources' instead."],
  ['commonLabels', "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead."],
  ['imageTags', "# Warning: 'imageTags' is deprecated. Please use 'images' instead."],
  ['patchesJson6902', "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead."],
  ['patchesStrategicMerge', "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead."],
  ['vars', "# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL]"],
];
const EDIT_FIX = " Run 'kustomize edit fix' to update your Kustomization automatically.";

/** Read and check `dir`'s kustomization; `shownDir` is the directory as kustomize names it in errors. */
export function loadKustomization(files: HostFiles, dir: string): { kustomization: Kustomization; fileName: string; warnings: string[] } {
  const found = KUSTOMIZATION_FILE_NAMES.filter((n) => files.stat(join(dir, n))?.isFile);
  if (found.length === 0) throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`);
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}\n`);
  const fileName = found[0]!;
  let first: Json;
  try {
    first = kyamlDocuments(files.read(join(dir, fileName)), fileName, 'v2')[0];
  } catch (e) {
    throw e instanceof KustomizeError ? new KustomizeError(`invalid Kustomization: ${e.message}`) : e;
  }
  const raw = first ?? {};
  if (!isObj(raw)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type types.Kustomization`);
  checkKustomization(raw);
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
  if (Array.isArray(raw.labels) && raw.labels.some((l) => isObj(l) && Array.isArray(l.fields) && l.fields.length > 0)) {
    throw new KustomizeError("kube-sim does not build the kustomization field 'labels[].fields' (includeSelectors and includeTemplates are built)");
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
