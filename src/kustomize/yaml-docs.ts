/**
 * kustomize reads kustomizations and resource files with its kyaml (go-yaml v3), not with kubectl's
 * YAML 1.1 reader: `yes`, `on` and `.` stay strings, while `0777` is still an octal integer. Syntax
 * errors are found by the manifest reader first (its go-yaml wording and limits on aliases, depth and
 * size), then the values are read with v3's rules.
 */
import { parseAllDocuments, type Tags } from 'yaml';
import { ManifestParseError, parseManifestText } from '../api/manifest.js';
import { KustomizeError } from './errors.js';
import { isObj, type Json } from './json.js';
import { yamlProblem } from './paths.js';

/** go-yaml v3 still reads a leading-zero integer as octal (YAML 1.2's core schema reads it as decimal). */
const V3_TAGS = (tags: Tags): Tags => [
  { tag: 'tag:yaml.org,2002:int', format: 'OCT', default: true, test: /^[-+]?0[0-7]+$/, resolve: (s: string) => parseInt(s, 8) },
  ...tags,
];

/** The documents of a YAML text as kyaml reads them (empty ones left out, `kind: List` items spread), or kustomize's error for a syntax problem. */
export function kyamlDocuments(text: string, source: string): Json[] {
  for (const d of parseManifestText(text, source)) {
    if (d.doc instanceof ManifestParseError) throw new KustomizeError(yamlProblem(d.doc.error.message));
  }
  const out: Json[] = [];
  for (const v of kyamlValues(text) ?? []) {
    if (isObj(v) && v.kind === 'List' && Array.isArray(v.items)) out.push(...v.items);
    else out.push(v);
  }
  return out;
}

/** The non-empty documents' values with v3's rules, or undefined when the text does not parse. */
export function kyamlValues(text: string): Json[] | undefined {
  const out: Json[] = [];
  for (const d of parseAllDocuments(text, { version: '1.2', uniqueKeys: false, merge: true, customTags: V3_TAGS })) {
    if (d.errors.length) return undefined;
    const v: Json = d.toJS({ maxAliasCount: 1000 });
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}
