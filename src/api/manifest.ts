/**
 * Reading manifests for -f: a file, a directory (its .yaml/.yml/.json files, sorted), or `-` (stdin);
 * multi-document YAML and JSON (including `kind: List`). Errors use kubectl's words. Input is bounded:
 * files over MAX_BYTES, binary data and alias bombs are refused before they can hurt.
 */
import { readFileSync, statSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError } from './errors.js';

/** Largest manifest accepted (kubectl itself has no limit; the API server's request limit is 3 MiB). */
export const MAX_BYTES = 3 * 1024 * 1024;

/** One document from one source, with the file name as the user typed it (for error prefixes). */
export interface ManifestDoc {
  source: string;
  doc: unknown;
}

/** Read every document named by the -f values. */
export async function readManifests(files: string[], cwd: string, readStdin: () => Promise<string>): Promise<ManifestDoc[]> {
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
    if (!existsSync(path)) throw new CliError(`the path "${f}" does not exist`);
    if (statSync(path).isDirectory()) {
      const entries = readdirSync(path)
        .filter((n) => /\.(ya?ml|json)$/.test(n))
        .sort();
      for (const n of entries) docs.push(...parseManifestText(readBounded(join(path, n), join(f, n)), join(f, n)));
    } else {
      docs.push(...parseManifestText(readBounded(path, f), f));
    }
  }
  return docs;
}

/** URLs cannot be fetched (no network); well-known ones are served from the bundled catalogue. */
let remoteResolver: ((url: string) => string | undefined) | undefined;
export function setRemoteManifestResolver(r: (url: string) => string | undefined): void {
  remoteResolver = r;
}
function remoteManifest(url: string): ManifestDoc[] {
  const text = remoteResolver?.(url);
  if (text === undefined) {
    const host = new URL(url).host;
    throw new CliError(`unable to read URL "${url}", server reported 0 , status code=0 (kube-sim has no network; dial tcp: lookup ${host}: no such host)`);
  }
  return parseManifestText(text, url);
}

function readBounded(path: string, shown: string): string {
  const size = statSync(path).size;
  if (size > MAX_BYTES) throw new CliError(`error reading ${shown}: the file is ${size} bytes; kube-sim accepts manifests of at most ${MAX_BYTES} bytes`);
  return readFileSync(path, 'utf8');
}

/** Parse one source's text into its documents (empty documents skipped, `kind: List` flattened). */
export function parseManifestText(text: string, source: string): ManifestDoc[] {
  if (text.length > MAX_BYTES) throw new CliError(`error reading ${source}: the input is ${text.length} bytes; kube-sim accepts manifests of at most ${MAX_BYTES} bytes`);
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 65536)))
    throw new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: control characters are not allowed`);
  const trimmed = text.trimStart();
  const out: ManifestDoc[] = [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      pushDoc(out, JSON.parse(text), source);
      return out;
    } catch {
      /* not plain JSON: YAML is a superset, fall through for kubectl's YAML error text */
    }
  }
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    const err = d.errors[0];
    if (err) throw new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: ${yamlErrorText(err, text)}`);
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: ${(e as Error).message.replace(/^Excessive alias count.*/, 'document contains excessive aliasing')}`);
    }
    pushDoc(out, value, source);
  }
  return out;
}

function pushDoc(out: ManifestDoc[], value: unknown, source: string): void {
  if (value === null || value === undefined) return;
  const v = value as { kind?: unknown; items?: unknown };
  if (typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
    for (const item of v.items) out.push({ source, doc: item });
    return;
  }
  out.push({ source, doc: value });
}

/** go-yaml's wording for the common mistakes (tabs, bad indentation, unterminated quotes). */
function yamlErrorText(err: { code: string; message: string; linePos?: [{ line: number; col: number }, ...unknown[]]; pos: [number, number] }, text: string): string {
  const line = err.linePos?.[0]?.line ?? text.slice(0, err.pos[0]).split('\n').length;
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return `line ${line}: found character that cannot start any token`;
    case 'MISSING_CHAR':
    case 'BAD_SCALAR_START':
      return `line ${line}: found unexpected end of stream`;
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return `line ${Math.max(1, line - 1)}: did not find expected key`;
    case 'DUPLICATE_KEY':
      return `line ${line}: mapping key already defined`;
    default:
      return `line ${line}: ${err.message.split('\n')[0]}`;
  }
}
