/**
 * -o formats other than tables: yaml, json, name, jsonpath (and -as-json, -file), custom-columns
 * (and -file). kubectl sorts map keys at every level; lists are wrapped in a v1 List.
 */
import { Document, parse, visit } from 'yaml';
import type { KubeObject } from '../api/types.js';
import { kindByKind } from '../api/registry.js';
import { kindPrefix } from '../api/kind.js';
import { CliError } from '../api/errors.js';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJsonPath, executeJsonPath, executeJsonPathAsJson } from './jsonpath.js';
import { parseCustomColumns, parseCustomColumnsFile, renderCustomColumns } from './custom-columns.js';

/** Options some formats need: --no-headers for custom columns, the directory for *-file formats. */
export interface RenderOptions {
  noHeaders?: boolean;
  cwd?: string;
}

/** True for -o values that print objects rather than a table (everything but '' and wide). */
export function isObjectFormat(format: string | undefined): boolean {
  return !!format && format !== 'wide';
}

/** Recursively sort object keys, as kubectl's JSON->YAML conversion does. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** A List wrapper as kubectl prints for several objects. */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/**
 * go-yaml v2's scalar styles: a string that would read back as another type under YAML 1.1 (timestamps,
 * yes/no/on/off, number-like, empty) is double-quoted; any other string that cannot be plain is
 * single-quoted; multi-line strings are literal blocks.
 */
export function toYaml(v: unknown): string {
  const doc = new Document(sortKeys(v), { version: '1.1', aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && readsAsOtherType(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 0, singleQuote: true });
}

function readsAsOtherType(s: string): boolean {
  if (s === '') return true;
  if (!/^[-+.~0-9yYnNtTfFoO]/.test(s)) return false;
  let r: unknown;
  try {
    r = parse(s, { version: '1.1' });
  } catch {
    // Not even valid YAML on its own (e.g. `a: b: c`): certainly not another scalar type.
    return false;
  }
  return r === null || typeof r === 'number' || typeof r === 'boolean' || typeof r === 'bigint' || r instanceof Date;
}

export function toJson(v: unknown): string {
  return JSON.stringify(sortKeys(v), null, 4) + '\n';
}

export function nameOf(obj: KubeObject): string {
  const info = kindByKind(obj.kind);
  return `${info ? kindPrefix(info) : obj.kind.toLowerCase()}/${obj.metadata.name}`;
}

/** Render objects in a non-table format. `single` is true when one object was asked for by name. */
export function renderObjects(format: string, objects: KubeObject[], single: boolean, opts: RenderOptions = {}): string {
  const eq = format.indexOf('=');
  const kind = eq < 0 ? format : format.slice(0, eq);
  const arg = eq < 0 ? '' : format.slice(eq + 1);
  const doc = single && objects.length === 1 ? objects[0] : asList(objects);
  switch (kind) {
    case 'jsonpath':
    case 'jsonpath-as-json':
    case 'jsonpath-file': {
      if (eq < 0 || !arg) throw new CliError('template format specified but no template given');
      const tpl = kind === 'jsonpath-file' ? readTemplate(arg, opts.cwd) : arg;
      const jp = parseJsonPath(tpl);
      return kind === 'jsonpath-as-json' ? executeJsonPathAsJson(jp, doc) : executeJsonPath(jp, doc);
    }
    case 'custom-columns':
      return renderCustomColumns(parseCustomColumns(arg), objects, !opts.noHeaders);
    case 'custom-columns-file':
      return renderCustomColumns(parseCustomColumnsFile(arg, opts.cwd ?? process.cwd()), objects, !opts.noHeaders);
  }
  if (format === 'yaml') return single && objects.length === 1 ? toYaml(objects[0]) : toYaml(asList(objects));
  if (format === 'json') return single && objects.length === 1 ? toJson(objects[0]) : toJson(asList(objects));
  if (format === 'name') return objects.map((o) => nameOf(o) + '\n').join('');
  throw new CliError(
    `unable to match a printer suitable for the output format "${format}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}

function readTemplate(file: string, cwd: string | undefined): string {
  const path = resolve(cwd ?? process.cwd(), file);
  if (!existsSync(path)) throw new CliError(`error reading template ${file}, open ${file}: no such file or directory`);
  return readFileSync(path, 'utf8');
}
