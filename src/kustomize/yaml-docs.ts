/**
 * kustomize reads resource files and patches with its kyaml (go-yaml v3): `yes`, `on` and `.` stay
 * strings, while `0777` is still an octal integer. The kustomization file itself goes through
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1): `n`, `yes` and `on` are booleans there, `.` a string. Syntax
 * errors are found by the manifest reader first (its go-yaml wording and limits on aliases, depth and
 * size), then the values are read with the dialect's rules.
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

/** go-yaml v2's YAML 1.1: no timestamps, `0o17` octals too, and a float needs a digit (`.` is a string). */
const V2_TAGS = (tags: Tags): Tags => [
  { tag: 'tag:yaml.org,2002:str', default: true, test: /^\.$/, resolve: (s: string) => s },
  { tag: 'tag:yaml.org,2002:int', format: 'OCT', default: true, test: /^0o[0-7]+$/, resolve: (s: string) => parseInt(s.slice(2), 8) },
  ...tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
];

/** Which go-yaml reads the text: v2 for kustomization files, v3 (kyaml) for resources and patches. */
export type Dialect = 'v2' | 'v3';

/** A YAML text go-yaml refuses to read (kustomize reports it as a MalformedYAMLError for resource files). */
export class MalformedYaml extends KustomizeError {}

/** go-yaml's reader on bytes that are not UTF-8: which octet it stops at. */
function utf8Problem(bytes: Uint8Array): string | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const width = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return 'invalid leading UTF-8 octet';
    if (i + width > bytes.length) return 'incomplete UTF-8 octet sequence';
    for (let k = 1; k < width; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 'invalid trailing UTF-8 octet';
    i += width;
  }
  return undefined;
}

/** The documents of a YAML file as kyaml reads them (empty ones left out, `kind: List` items spread), or go-yaml's error for bytes it cannot read. */
export function kyamlDocuments(bytes: Buffer, source: string, dialect: Dialect = 'v3'): Json[] {
  const badBytes = utf8Problem(bytes);
  if (badBytes) throw new MalformedYaml(`yaml: ${badBytes}`);
  const text = bytes.toString('utf8');
  for (const d of parseManifestText(text, source)) {
    // Only go-yaml's own problems: a document that is not a mapping is the decoder's business.
    if (d.doc instanceof ManifestParseError && d.doc.error.message.includes('error converting YAML to JSON: ')) throw new MalformedYaml(yamlProblem(d.doc.error.message));
  }
  const out: Json[] = [];
  for (const v of kyamlValues(text, dialect) ?? []) {
    if (isObj(v) && v.kind === 'List' && Array.isArray(v.items)) out.push(...v.items);
    else out.push(v);
  }
  return out;
}

/** The non-empty documents' values with v3's rules, or undefined when the text does not parse. */
export function kyamlValues(text: string, dialect: Dialect = 'v3'): Json[] | undefined {
  const out: Json[] = [];
  const options = dialect === 'v3' ? { version: '1.2' as const, customTags: V3_TAGS } : { version: '1.1' as const, customTags: V2_TAGS };
  for (const d of parseAllDocuments(text, { ...options, uniqueKeys: false, merge: true })) {
    if (d.errors.length) return undefined;
    const v: Json = d.toJS({ maxAliasCount: 1000 });
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}
