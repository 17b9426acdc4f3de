/**
 * -o formats other than tables: yaml, json, name (jsonpath and custom-columns are added by the
 * output-formats work). kubectl sorts map keys at every level; lists are wrapped in a v1 List.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../api/types.js';
import { kindByKind } from '../api/registry.js';
import { kindPrefix } from '../api/kind.js';
import { CliError } from '../api/errors.js';

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

export function toYaml(v: unknown): string {
  return stringify(sortKeys(v), { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}

export function toJson(v: unknown): string {
  return JSON.stringify(sortKeys(v), null, 4) + '\n';
}

export function nameOf(obj: KubeObject): string {
  const info = kindByKind(obj.kind);
  return `${info ? kindPrefix(info) : obj.kind.toLowerCase()}/${obj.metadata.name}`;
}

/** Render objects in a non-table format. `single` is true when one object was asked for by name. */
export function renderObjects(format: string, objects: KubeObject[], single: boolean): string {
  if (format === 'yaml') return single && objects.length === 1 ? toYaml(objects[0]) : toYaml(asList(objects));
  if (format === 'json') return single && objects.length === 1 ? toJson(objects[0]) : toJson(asList(objects));
  if (format === 'name') return objects.map((o) => nameOf(o) + '\n').join('');
  throw new CliError(
    `unable to match a printer suitable for the output format "${format}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}
