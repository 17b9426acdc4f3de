/**
 * -o formats other than tables: yaml, json, name, jsonpath (and -as-json, -file), custom-columns
 * (and -file). kubectl sorts map keys at every level; lists are wrapped in a v1 List.
 */
import { Scalar, stringify } from 'yaml';
import type { KubeObject } from '../api/types.js';
import { kindByKind } from '../api/registry.js';
import { kindPrefix } from '../api/kind.js';
import { CliError } from '../api/errors.js';
import { resolve } from 'node:path';
import { realFiles, type HostFiles } from '../util/host-files.js';
import { parseJsonPath, executeJsonPath, executeJsonPathAsJson } from './jsonpath.js';
import { parseGoTemplate, executeGoTemplate } from './go-template.js';
import { parseCustomColumns, parseCustomColumnsFile, renderCustomColumns } from './custom-columns.js';
import { goJsonText } from '../util/go-json.js';

/** Options some formats need: --no-headers for custom columns, the directory for *-file formats. */
export interface RenderOptions {
  noHeaders?: boolean;
  /** The List's metadata when several objects print: get's lists carry `resourceVersion: ""`, create/apply/replace's an empty ListMeta. */
  listMeta?: Record<string, unknown>;
  cwd?: string;
  /** --show-managed-fields: keep metadata.managedFields in -o yaml/json (kubectl omits them otherwise). */
  showManagedFields?: boolean;
  /** Where the *-file formats read their file (a walkthrough's files are confined to its directory). */
  files?: HostFiles;
  /** --allow-missing-template-keys (default true): false makes a go-template fail on a missing key. */
  allowMissingTemplateKeys?: boolean;
  /**
   * The objects are typed ones kubectl built itself (a client-side dry run), their keys in Go struct
   * order: a failing go-template's debugging block shows their JSON in that order, not sorted.
   */
  typed?: boolean;
}

/** Copies without metadata.managedFields (kubectl's OmitManagedFieldsPrinter for yaml and json). */
export function withoutManagedFields(objects: KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (!o.metadata?.managedFields) return o;
    const { managedFields: _, ...metadata } = o.metadata;
    return { ...o, metadata: metadata as KubeObject['metadata'] };
  });
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
export function asList(items: KubeObject[], listMeta: Record<string, unknown> = { resourceVersion: '' }): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: listMeta };
}

/**
 * go-yaml v2's scalar styles: a string that go-yaml would read back as another type (null, yes/no/on/off,
 * numbers, timestamps, base-60 floats) is double-quoted; any other string that cannot be plain is
 * single-quoted; multi-line strings are literal blocks.
 */
export function toYaml(v: unknown): string {
  return foldLikeGoYaml(stringify(prepareYaml(v), { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true }));
}

/** go-yaml's best_width: a scalar value is broken at the first single space past this column. */
const BEST_WIDTH = 80;

/**
 * go-yaml v2 folds long plain and quoted scalar values: at a space (not followed by another space) once
 * the line is past column 80, the line breaks and continues at the value's indentation. Keys and block
 * scalars (|) are never folded.
 */
export function foldLikeGoYaml(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let blockIndent = -1;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) {
        out.push(line);
        continue;
      }
      blockIndent = -1;
    }
    const m = /^( *)((?:- )*)((?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^'"\s][^:]*?): )?(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const [, sp, dashes, key, value] = m as unknown as [string, string, string, string | undefined, string];
    const keyCol = sp.length + dashes.length;
    if (/^[|>][-+]?$/.test(value)) {
      // A block scalar: its content lines are deeper than the key (or the dash) that introduced it.
      blockIndent = key ? keyCol : keyCol - 2;
      out.push(line);
      continue;
    }
    if ([...line].length <= BEST_WIDTH || !value.includes(' ') || (!key && !dashes)) {
      out.push(line);
      continue;
    }
    const start = keyCol + (key ? key.length : 0);
    const cont = ' '.repeat(key ? keyCol + 2 : keyCol);
    const quote = value[0] === "'" || value[0] === '"' ? value[0] : '';
    const chars = [...line];
    let folded = chars.slice(0, start).join('');
    let column = start;
    let spaces = false;
    for (let i = start; i < chars.length; i++) {
      const c = chars[i]!;
      const first = i === start + (quote ? 1 : 0);
      const last = i >= chars.length - (quote ? 2 : 1);
      if (c === ' ' && !spaces && column > BEST_WIDTH && chars[i + 1] !== ' ' && !first && !last) {
        folded += '\n' + cont;
        column = cont.length;
        spaces = true;
        continue;
      }
      spaces = c === ' ';
      folded += c;
      column++;
    }
    out.push(folded);
  }
  return out.join('\n');
}

/** Keys sorted (as kubectl's JSON->YAML conversion), strings go-yaml would quote marked double-quoted (keys too). */
function prepareYaml(v: unknown): unknown {
  if (typeof v === 'string') return goYamlNonString(v) ? doubleQuoted(v) : v;
  if (Array.isArray(v)) return v.map(prepareYaml);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    const o = v as Record<string, unknown>;
    if (keys.some(goYamlNonString)) return new Map(keys.map((k) => [goYamlNonString(k) ? doubleQuoted(k) : k, prepareYaml(o[k])]));
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = prepareYaml(o[k]);
    return out;
  }
  return v;
}

function doubleQuoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = 'QUOTE_DOUBLE';
  return s;
}

const GO_YAML_SPECIAL = new Set([
  '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '.nan', '.NaN', '.NAN',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

/** go-yaml v2's resolve(): would this plain scalar read back as something other than a string? */
export function goYamlNonString(s: string): boolean {
  if (s === '' || GO_YAML_SPECIAL.has(s)) return true;
  const c = s.charCodeAt(0);
  // Only + - . and digits can start an int, float or timestamp.
  if (!(c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57))) return false;
  if (/^[-+]?(0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|[0-9]+)$/.test(s.replace(/_/g, ''))) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true;
  return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$/.test(s);
}

/** kubectl's JSON printer: json.MarshalIndent of the object (maps, so keys sorted) and a newline. */
export function toJson(v: unknown): string {
  return goJsonText(sortKeys(v), 4) + '\n';
}

export function nameOf(obj: KubeObject): string {
  // kubectl names an object by the group of its apiVersion (`ingress.extensions/kubia` from a 1.17 server).
  const group = obj.apiVersion?.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  const info = kindByKind(obj.kind);
  if (info && group !== info.group) return `${obj.kind.toLowerCase()}${group ? `.${group}` : ''}/${obj.metadata.name}`;
  return `${info ? kindPrefix(info) : obj.kind.toLowerCase()}/${obj.metadata.name}`;
}

/** Render objects in a non-table format. `single` is true when one object was asked for by name. */
export function renderObjects(format: string, objects: KubeObject[], single: boolean, opts: RenderOptions = {}): string {
  const eq = format.indexOf('=');
  const kind = eq < 0 ? format : format.slice(0, eq);
  const arg = eq < 0 ? '' : format.slice(eq + 1);
  const doc = single && objects.length === 1 ? objects[0] : asList(objects, opts.listMeta);
  switch (kind) {
    case 'jsonpath':
    case 'jsonpath-as-json':
    case 'jsonpath-file': {
      if (eq < 0 || !arg) throw new CliError('template format specified but no template given');
      const tpl = kind === 'jsonpath-file' ? readTemplate(arg, opts) : arg;
      const jp = parseJsonPath(tpl);
      return kind === 'jsonpath-as-json' ? executeJsonPathAsJson(jp, doc) : executeJsonPath(jp, doc);
    }
    case 'go-template':
    case 'template':
    case 'go-template-file':
    case 'templatefile': {
      if (eq < 0 || !arg) throw new CliError('template format specified but no template given');
      const tpl = kind.endsWith('file') ? readTemplate(arg, opts) : arg;
      return executeGoTemplate(parseGoTemplate(tpl), doc, { allowMissingKeys: opts.allowMissingTemplateKeys ?? true, typed: opts.typed && doc === objects[0] });
    }
    case 'custom-columns':
      return renderCustomColumns(parseCustomColumns(arg), objects, !opts.noHeaders);
    case 'custom-columns-file':
      return renderCustomColumns(parseCustomColumnsFile(arg, opts.cwd ?? process.cwd(), opts.files), objects, !opts.noHeaders);
  }
  if (format === 'yaml' || format === 'json') {
    const shown = opts.showManagedFields ? objects : withoutManagedFields(objects);
    const v = single && shown.length === 1 ? shown[0] : asList(shown, opts.listMeta);
    return format === 'yaml' ? toYaml(v) : toJson(v);
  }
  if (format === 'name') return objects.map((o) => nameOf(o) + '\n').join('');
  throw new CliError(
    `unable to match a printer suitable for the output format "${format}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}

function readTemplate(file: string, opts: RenderOptions): string {
  const host = opts.files ?? realFiles;
  const path = resolve(opts.cwd ?? process.cwd(), file);
  // kubectl's template flags: `error reading --template FILE, <os error>`.
  const st = host.stat(path);
  if (!st) throw new CliError(`error reading --template ${file}, open ${file}: no such file or directory`);
  if (st.isDirectory) throw new CliError(`error reading --template ${file}, read ${file}: is a directory`);
  return host.read(path).toString('utf8');
}
