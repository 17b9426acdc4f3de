/**
 * `-o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE`: one table, headers as given,
 * each cell the JSONPath results joined with "," (Go %v formatting), `<none>` when nothing matched.
 */
import { resolve } from 'node:path';
import { realFiles, type HostFiles } from '../util/host-files.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../api/errors.js';
import { parseJsonPath, findValues, relaxedJsonPath, type JsonPath } from './jsonpath.js';
import { tabwrite, GET_TABS } from './tabwriter.js';

export interface CustomColumn {
  header: string;
  path: JsonPath;
}

export function parseCustomColumns(spec: string): CustomColumn[] {
  if (!spec) throw new CliError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new CliError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), path: parseJsonPath(relaxedJsonPath(part.slice(i + 1))) };
  });
}

/** The file form: a line of headers and a line of paths, whitespace separated. */
export function parseCustomColumnsFile(file: string, cwd: string, host: HostFiles = realFiles): CustomColumn[] {
  const path = resolve(cwd, file);
  if (!host.stat(path)) throw new CliError(`error reading template ${file}, open ${file}: no such file or directory`);
  const lines = host.read(path).toString('utf8').split('\n').filter((l) => l.trim());
  if (lines.length !== 2) throw new CliError(`unexpected lines in custom columns file, expected 2, got ${lines.length}`);
  const headers = lines[0]!.trim().split(/\s+/);
  const paths = lines[1]!.trim().split(/\s+/);
  if (headers.length !== paths.length) throw new CliError(`number of headers and field paths must match: ${headers.length} != ${paths.length}`);
  return headers.map((h, i) => ({ header: h, path: parseJsonPath(relaxedJsonPath(paths[i]!)) }));
}

/** Go's %v of a decoded JSON value. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goFormat(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

export function renderCustomColumns(cols: CustomColumn[], objects: KubeObject[], headers: boolean, widths?: number[]): string {
  const rows: string[][] = headers ? [cols.map((c) => c.header)] : [];
  for (const o of objects) {
    rows.push(
      cols.map((c) => {
        const vals = findValues(c.path, o);
        return vals.length ? vals.map(goFormat).join(',') : '<none>';
      }),
    );
  }
  // Through the general tabwriter: a cell with a line break splits the line as kubectl's output does.
  return rows.length ? tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', { ...GET_TABS, rememberWidths: true, widths }) : '';
}
