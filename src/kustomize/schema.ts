/**
 * The Kustomization struct as kustomize's strict decoder sees it (sigs.k8s.io/yaml into Go structs with
 * unknown fields refused): each field's Go type, so that a wrong value gets encoding/json's words,
 * `json: cannot unmarshal string into Go struct field ConfigMapArgs.configMapGenerator.literals of type
 * []string`, and a misspelt field `json: unknown field "x"`.
 */
import { KustomizeError } from './errors.js';
import { isObj, type Json } from './json.js';

/** A Go type: a scalar, a slice, a map of strings to a type, a named struct, or anything (left unchecked). */
type GoType = 'string' | 'bool' | 'int64' | 'any' | { list: GoType } | { map: GoType } | GoStruct;
interface GoStruct {
  struct: string;
  fields: Record<string, GoType>;
}

const STRINGS: GoType = { list: 'string' };
const STRING_MAP: GoType = { map: 'string' };
const list = (t: GoType): GoType => ({ list: t });

const GENERATOR_OPTIONS: GoStruct = { struct: 'GeneratorOptions', fields: { labels: STRING_MAP, annotations: STRING_MAP, disableNameSuffixHash: 'bool', immutable: 'bool' } };
/** ConfigMapArgs and SecretArgs: GeneratorArgs and KvPairSources embedded, so their fields are the struct's own. */
const generatorArgs = (struct: string, extra: Record<string, GoType> = {}): GoStruct => ({
  struct,
  fields: { name: 'string', namespace: 'string', behavior: 'string', files: STRINGS, literals: STRINGS, envs: STRINGS, env: 'string', options: GENERATOR_OPTIONS, ...extra },
});
const SELECTOR: GoStruct = { struct: 'Selector', fields: { group: 'string', version: 'string', kind: 'string', name: 'string', namespace: 'string', labelSelector: 'string', annotationSelector: 'string' } };
const PATCH: GoStruct = { struct: 'Patch', fields: { path: 'string', patch: 'string', target: SELECTOR, options: { map: 'bool' } } };
const IMAGE: GoStruct = { struct: 'Image', fields: { name: 'string', newName: 'string', newTag: 'string', digest: 'string', tagSuffix: 'string' } };

/** The top-level struct. */
export const KUSTOMIZATION: GoStruct = {
  struct: 'Kustomization',
  fields: {
    apiVersion: 'string',
    kind: 'string',
    metadata: 'any',
    openAPI: STRING_MAP,
    namePrefix: 'string',
    nameSuffix: 'string',
    namespace: 'string',
    commonLabels: STRING_MAP,
    labels: list({ struct: 'Label', fields: { pairs: STRING_MAP, includeSelectors: 'bool', includeTemplates: 'bool', fields: 'any' } }),
    commonAnnotations: STRING_MAP,
    patchesStrategicMerge: STRINGS,
    patchesJson6902: list(PATCH),
    patches: list(PATCH),
    images: list(IMAGE),
    imageTags: list(IMAGE),
    replacements: 'any',
    replicas: list({ struct: 'Replica', fields: { name: 'string', count: 'int64' } }),
    vars: list({ struct: 'Var', fields: { name: 'string', objref: 'any', fieldref: 'any' } }),
    sortOptions: { struct: 'SortOptions', fields: { order: 'string', legacySortOptions: 'any' } },
    resources: STRINGS,
    components: STRINGS,
    crds: STRINGS,
    bases: STRINGS,
    configMapGenerator: list(generatorArgs('ConfigMapArgs')),
    secretGenerator: list(generatorArgs('SecretArgs', { type: 'string' })),
    helmGlobals: 'any',
    helmCharts: 'any',
    helmChartInflationGenerator: 'any',
    generatorOptions: GENERATOR_OPTIONS,
    configurations: STRINGS,
    generators: STRINGS,
    transformers: STRINGS,
    validators: STRINGS,
    buildMetadata: STRINGS,
  },
};

/** How encoding/json names a Go type in its errors. */
function goName(t: GoType): string {
  if (typeof t === 'string') return t === 'any' ? 'interface {}' : t;
  if ('list' in t) return `[]${goName(t.list)}`;
  if ('map' in t) return `map[string]${goName(t.map)}`;
  return `types.${t.struct}`;
}

/** The JSON type encoding/json reports for a value it cannot store (`number 1.5` for a fraction into an integer). */
function jsonTypeName(v: Json, into: GoType): string {
  if (Array.isArray(v)) return 'array';
  if (isObj(v)) return 'object';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return into === 'int64' ? `number ${v}` : 'number';
  return typeof v;
}

/** Check `v` against `t`; `field` is the struct and path a type error names (`Kustomization.resources`). */
function check(v: Json, t: GoType, field: string): void {
  if (v === null || v === undefined || t === 'any') return;
  const fail = (): never => {
    throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${jsonTypeName(v, t)} into Go struct field ${field} of type ${goName(t)}`);
  };
  if (t === 'string') return void (typeof v === 'string' || fail());
  if (t === 'bool') return void (typeof v === 'boolean' || fail());
  if (t === 'int64') return void ((typeof v === 'number' && Number.isInteger(v)) || fail());
  if ('list' in t) {
    if (!Array.isArray(v)) fail();
    for (const el of v as Json[]) check(el, t.list, field);
    return;
  }
  if (!isObj(v)) fail();
  if ('map' in t) {
    for (const el of Object.values(v as Record<string, Json>)) check(el, t.map, field);
    return;
  }
  const path = field.includes('.') ? field.slice(field.indexOf('.') + 1) : '';
  checkStruct(v as Record<string, Json>, t, path);
}

/** A struct's fields: each known, each of its type. */
function checkStruct(v: Record<string, Json>, t: GoStruct, path: string): void {
  for (const [k, x] of Object.entries(v)) {
    const ft = t.fields[k];
    if (!ft) throw new KustomizeError(`invalid Kustomization: json: unknown field "${k}"`);
    check(x, ft, `${t.struct}.${path ? `${path}.` : ''}${k}`);
  }
}

/** Check a decoded kustomization as kustomize's decoder would. */
export function checkKustomization(raw: Record<string, Json>): void {
  checkStruct(raw, KUSTOMIZATION, '');
}
