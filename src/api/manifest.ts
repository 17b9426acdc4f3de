/**
 * Reading manifests for -f: a file, a directory (its .yaml/.yml/.json files, sorted), or `-` (stdin);
 * multi-document YAML and JSON (including `kind: List`). Errors use kubectl's words (go-yaml's and
 * encoding/json's, with their line numbers and offsets). Input is bounded: files over MAX_BYTES are
 * refused before they are read, binary data and alias bombs are refused before they can hurt.
 *
 * Like kubectl, documents are read one at a time: a syntax error in the third document of a file ends
 * that file, but the two documents before it are still handled. The error is handed on as a
 * ManifestParseError document, which the API server's decode step throws in its turn.
 */
import { join, resolve } from 'node:path';
import { realFiles, type HostFiles } from '../util/host-files.js';
import { parseAllDocuments, type Tags } from 'yaml';
import { CliError } from './errors.js';
import { readJsonStream } from './json-stream.js';
import { goYamlError, goYamlAliasError } from './yaml-errors.js';
import { goYamlSyntaxError } from './goyaml-check.js';

/** Largest manifest accepted (the API server's request limit is 3 MiB; kubectl would send larger files and fail there). */
export const MAX_BYTES = 3 * 1024 * 1024;

/** go-yaml's nesting limit; deeper documents would also exhaust the parser's stack here. */
const MAX_DEPTH = 10000;

/** Deepest flow nesting, plus the deepest indentation, of a YAML document (cheap upper bound). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  let indentMax = 0;
  for (const m of text.matchAll(/\n( +)/g)) indentMax = Math.max(indentMax, m[1]!.length);
  return Math.max(max, indentMax);
}

/** Most aliases one document may expand (go-yaml refuses "excessive aliasing" long before memory runs out). */
const MAX_ALIAS_COUNT = 1000;

/** One document from one source, with the file name as the user typed it (for error prefixes). */
export interface ManifestDoc {
  source: string;
  doc: unknown;
}

/** A document that could not be parsed: the decode step throws `error` when it reaches it. */
export class ManifestParseError {
  constructor(readonly error: CliError) {}
}

/** Read every document named by the -f values (host files through `host`: a walkthrough's are confined). */
export async function readManifests(files: string[], cwd: string, readStdin: () => Promise<string>, host: HostFiles = realFiles): Promise<ManifestDoc[]> {
  const docs: ManifestDoc[] = [];
  for (const f of files) {
    if (f === '-') {
      docs.push(...parseManifestText(await readStdin(), 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      docs.push(...remoteManifest(f));
      continue;
    }
    const path = resolve(cwd, f);
    const st = host.stat(path);
    if (!st) throw new CliError(`the path "${f}" does not exist`);
    if (st.isDirectory) {
      const entries = host.list(path).filter((n) => /\.(ya?ml|json)$/.test(n));
      for (const n of entries) docs.push(...parseManifestText(readBounded(host, join(path, n), join(f, n)), join(f, n)));
    } else {
      docs.push(...parseManifestText(readBounded(host, path, f), f));
    }
  }
  return docs;
}

/** What fetching a URL gives: the manifest text, or the HTTP status of a server that has no such file. */
export type RemoteManifest = { text: string } | { status: number; statusText: string };

/** URLs cannot be fetched (no network); well-known ones are served from the bundled catalogue. */
let remoteResolver: ((url: string) => RemoteManifest | undefined) | undefined;
export function setRemoteManifestResolver(r: (url: string) => RemoteManifest | undefined): void {
  remoteResolver = r;
}

/** The second line of an unreadable URL's error: where the offline catalogue is listed. */
const CATALOGUE_HINT = '  (kube-sim has no network: it serves the manifests listed in its README, section "Remote manifests")';

function remoteManifest(url: string): ManifestDoc[] {
  const got = remoteResolver?.(url);
  if (got && 'status' in got) {
    throw new CliError(`unable to read URL "${url}", server reported ${got.status} ${got.statusText}, status code=${got.status}\n${CATALOGUE_HINT}`);
  }
  if (got === undefined) {
    const host = new URL(url).host;
    throw new CliError(`unable to read URL "${url}", server reported 0 , status code=0 (kube-sim has no network; dial tcp: lookup ${host}: no such host)\n${CATALOGUE_HINT}`);
  }
  return parseManifestText(got.text, url);
}

function tooLarge(shown: string, size: number): CliError {
  return new CliError(
    `error reading ${shown}: the manifest is ${size} bytes, larger than the API server's request limit of ${MAX_BYTES} bytes (3 MiB); split it into smaller files`,
  );
}

/** Read a file, refusing oversized ones from their size alone (no read, no memory spent). */
function readBounded(host: HostFiles, path: string, shown: string): string {
  const size = host.stat(path)?.size ?? 0;
  if (size > MAX_BYTES) throw tooLarge(shown, size);
  return host.read(path).toString('utf8');
}

/** yaml.v2's implicit types: YAML 1.1 (yes/no booleans, 0777 octals) without timestamps or base-60 numbers. */
const GO_YAML_TAGS = (tags: Tags): Tags => [
  ...tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME')),
  // yaml.v2 also reads YAML 1.2 octals (0o17).
  { tag: 'tag:yaml.org,2002:int', format: 'OCT', default: true, test: /^0o[0-7]+$/, resolve: (s: string) => parseInt(s.slice(2), 8) },
];

/** Characters go-yaml's reader refuses (everything not printable except tab, LF and CR). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** Parse one source's text into its documents (empty documents skipped, `kind: List` flattened). */
export function parseManifestText(text: string, source: string): ManifestDoc[] {
  if (text.length > MAX_BYTES) throw tooLarge(source, Buffer.byteLength(text));
  const out: ManifestDoc[] = [];
  const parseError = (message: string) => out.push({ source, doc: new ManifestParseError(new CliError(`error parsing ${source}: ${message}`)) });
  // Go's unicode.IsSpace, not JavaScript's \s (which also matches a byte-order mark).
  if (/^[\t\n\v\f\r \u0085\u00a0]*\{/.test(text)) {
    // kubectl sniffs a leading brace and reads a stream of JSON objects.
    const r = readJsonStream(text);
    if ('error' in r) {
      // Values before the bad one are still handled.
      const ok = readJsonStream(text.slice(0, lastCompleteValueEnd(text, r.index)));
      if ('values' in ok) for (const v of ok.values) pushDoc(out, v, source);
      parseError(r.error);
      return out;
    }
    for (const v of r.values) pushDoc(out, v, source);
    return out;
  }
  for (const chunk of yamlChunks(text)) {
    if ('error' in chunk) {
      parseError(chunk.error);
      return out;
    }
    const problem = yamlDocProblem(chunk.text);
    if (problem) {
      parseError(`error converting YAML to JSON: yaml: ${problem}`);
      return out;
    }
    if (nestingDepth(chunk.text) > MAX_DEPTH) {
      parseError('error converting YAML to JSON: yaml: exceeded max depth of 10000');
      return out;
    }
    let docs: ReturnType<typeof parseAllDocuments>;
    try {
      docs = parseAllDocuments(chunk.text, { prettyErrors: false, uniqueKeys: false, version: '1.1', merge: true, customTags: GO_YAML_TAGS });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      parseError('error converting YAML to JSON: yaml: exceeded max depth of 10000');
      return out;
    }
    const list = Array.isArray(docs) ? docs : [docs];
    const d = list[0];
    if (!d) continue;
    const err = d.errors[0];
    if (err) {
      parseError(`error converting YAML to JSON: yaml: ${goYamlError(err, chunk.text)}`);
      return out;
    }
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const msg = e instanceof RangeError ? 'exceeded max depth of 10000' : (e as Error).message;
      const text = /alias/i.test(msg) && /excessive|count/i.test(msg) ? 'document contains excessive aliasing' : goYamlAliasError(msg) ?? msg;
      parseError(`error converting YAML to JSON: yaml: ${text}`);
      return out;
    }
    pushDoc(out, toJsonLike(value), source);
  }
  return out;
}

/** go-yaml's verdict on a document: control characters, then its scanner and parser (exact wording and line). */
function yamlDocProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'control characters are not allowed';
  return goYamlSyntaxError(text);
}

/** Where the JSON values before a syntax error end (so they are still handled, as kubectl does). */
function lastCompleteValueEnd(text: string, errorIndex: number): number {
  let depth = 0;
  let inString = false;
  let end = 0;
  for (let i = 0; i < errorIndex && i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) end = i + 1;
    }
  }
  return end;
}

/**
 * Split a YAML stream into documents as apimachinery's YAMLReader does: at lines starting with `---`
 * (only a comment may follow), every line ending in `\n` (CRLF becomes LF). Line numbers in errors
 * count from the start of each document.
 */
function* yamlChunks(text: string): Generator<{ text: string } | { error: string }> {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let buf: string[] = [];
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#')) {
        yield { error: `invalid Yaml document separator: ${rest}` };
        return;
      }
      if (buf.length) yield { text: buf.join('') };
      buf = [];
      continue;
    }
    buf.push(line + '\n');
  }
  if (buf.length) yield { text: buf.join('') };
}

/** YAML values as the JSON kubectl would send: dates and other non-JSON scalars become strings. */
function toJsonLike(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = toJsonLike(x);
    return out;
  }
  if (v instanceof Set) return [...v].map(toJsonLike);
  if (Array.isArray(v)) return v.map(toJsonLike);
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const y = toJsonLike(x);
      if (y !== x) (v as Record<string, unknown>)[k] = y;
    }
  }
  return v;
}

function pushDoc(out: ManifestDoc[], value: unknown, source: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    // kubectl decodes each document into an object first.
    const what = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string';
    out.push({ source, doc: new ManifestParseError(new CliError(`unable to decode "${source}": json: cannot unmarshal ${what} into Go value of type unstructured.detector`)) });
    return;
  }
  const v = value as { kind?: unknown; items?: unknown };
  if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
    for (const item of v.items) out.push({ source, doc: item });
    return;
  }
  out.push({ source, doc: value });
}
