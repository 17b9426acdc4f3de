/**
 * configMapGenerator and secretGenerator: ConfigMaps and Secrets made from env files, literals and files,
 * with the generator options (labels, annotations, immutable, whether the name gets a content hash).
 */
import { basename, resolve } from 'node:path';
import type { HostFiles } from '../util/host-files.js';
import { KustomizeError } from './errors.js';
import { lstatFailure } from './paths.js';
import { isObj, strings, stringMap, type Json } from './json.js';

/** generatorOptions, global or per generator. */
export interface GeneratorOptions {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

/** What a generator made: the object, whether its name gets the hash, and how it meets an object of the same name. */
export interface Generated {
  obj: Record<string, Json>;
  hash: boolean;
  behavior: 'create' | 'merge' | 'replace';
}

/** A generator entry's options with the kustomization's generatorOptions merged in (kustomize's MergeGlobalOptionsIntoLocal). */
export function mergedOptions(local: Json, global: Json): GeneratorOptions {
  const l = isObj(local) ? local : {};
  const g = isObj(global) ? global : {};
  return {
    labels: { ...stringMap(g.labels), ...stringMap(l.labels) },
    annotations: { ...stringMap(g.annotations), ...stringMap(l.annotations) },
    disableNameSuffixHash: l.disableNameSuffixHash === true || g.disableNameSuffixHash === true,
    immutable: l.immutable === true || g.immutable === true,
  };
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A literal's value loses one pair of matching surrounding quotes. */
function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

/** The key=value pairs of an env file: blank lines and comments skipped, a line without `=` gives an empty value. */
function envFilePairs(text: string): [string, string][] {
  const out: [string, string][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    let line = i === 0 ? raw.replace(/^\ufeff/, '') : raw;
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!ENV_NAME.test(key)) {
      throw new KustomizeError(
        `"${key}" is not a valid environment variable name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
      );
    }
    out.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  });
  return out;
}

/** A file named by a generator, read relative to the kustomization's directory (kustomize's loader words when missing). */
function readSource(files: HostFiles, dir: string, path: string): Buffer {
  const abs = resolve(dir, path);
  const st = files.stat(abs);
  if (!st) throw new KustomizeError(lstatFailure(files, abs));
  if (st.isDirectory) throw new KustomizeError(`'${abs}' must resolve to a file`);
  return files.read(abs);
}

/** `[a b]`: how Go prints a list of strings in these errors. */
const goList = (xs: string[]) => `[${xs.join(' ')}]`;

/** The data pairs of a generator entry, in kustomize's order: env files, literals, files. */
function dataPairs(files: HostFiles, dir: string, entry: Record<string, Json>): [string, Buffer | string][] {
  const envs = [...strings(entry.envs), ...(typeof entry.env === 'string' && entry.env ? [entry.env] : [])];
  const pairs: [string, Buffer | string][] = [];
  const wrap = (prefix: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof KustomizeError) throw new KustomizeError(`loading KV pairs: ${prefix}: ${e.message}`);
      throw e;
    }
  };
  wrap(`env source files: ${goList(envs)}`, () => {
    for (const p of envs) pairs.push(...envFilePairs(readSource(files, dir, p).toString('utf8')));
  });
  const literals = strings(entry.literals);
  wrap(`literal sources ${goList(literals)}`, () => {
    for (const s of literals) {
      const eq = s.indexOf('=');
      if (eq <= 0) throw new KustomizeError(`invalid literal source ${s}, expected key=value`);
      pairs.push([s.slice(0, eq), removeQuotes(s.slice(eq + 1))]);
    }
  });
  const sources = strings(entry.files);
  wrap(`file sources: ${goList(sources)}`, () => {
    for (const s of sources) {
      const n = s.split('=').length - 1;
      if (n === 1 && s.startsWith('=')) throw new KustomizeError(`missing key name for file path "${s.slice(1)}" in source "${s}"`);
      if (n === 1 && s.endsWith('=')) throw new KustomizeError(`missing file path for key name "${s.slice(0, -1)}" in source "${s}"`);
      if (n > 1) throw new KustomizeError(`source "${s}" key name or file path contains '='`);
      const [key, path] = n === 0 ? [basename(s), s] : (s.split('=') as [string, string]);
      pairs.push([key, readSource(files, dir, path)]);
    }
  });
  return pairs;
}

/** Make one generator entry's object (`kind` ConfigMap or Secret), reading its sources under `dir`. */
export function generate(files: HostFiles, dir: string, kind: 'ConfigMap' | 'Secret', entry: Record<string, Json>, globalOptions: Json): Generated {
  const name = typeof entry.name === 'string' ? entry.name : '';
  if (!name) throw new KustomizeError('a configmap must have a name');
  const obj: Record<string, Json> = { apiVersion: 'v1', kind, metadata: { name, ...(typeof entry.namespace === 'string' && entry.namespace ? { namespace: entry.namespace } : {}) } };
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [key, value] of dataPairs(files, dir, entry)) {
    if (!CONFIG_KEY.test(key)) {
      throw new KustomizeError(
        `"${key}" is not a valid key name: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      );
    }
    if (seen.has(key)) throw new KustomizeError(`configmap ${name} illegally repeats the key \`${key}\``);
    seen.add(key);
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (kind === 'Secret') data[key] = bytes.toString('base64');
    else if (isUtf8(bytes)) data[key] = bytes.toString('utf8');
    else binaryData[key] = bytes.toString('base64');
  }
  if (kind === 'Secret') obj.type = typeof entry.type === 'string' && entry.type ? entry.type : 'Opaque';
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binaryData).length) obj.binaryData = binaryData;
  const opts = mergedOptions(entry.options, globalOptions);
  const meta = obj.metadata as Record<string, Json>;
  if (Object.keys(opts.labels).length) meta.labels = { ...opts.labels };
  if (Object.keys(opts.annotations).length) meta.annotations = { ...opts.annotations };
  if (opts.immutable) obj.immutable = true;
  const behavior = entry.behavior === 'merge' || entry.behavior === 'replace' ? entry.behavior : 'create';
  if (entry.behavior !== undefined && entry.behavior !== '' && entry.behavior !== 'create' && behavior === 'create') {
    throw new KustomizeError(`unknown generator behavior '${String(entry.behavior)}'`);
  }
  return { obj, hash: !opts.disableNameSuffixHash, behavior };
}

/** Is this valid UTF-8 (Go's utf8.Valid)? */
function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
