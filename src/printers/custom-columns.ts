/**
 * `-o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE`: one table, headers as given,
 * each cell the JSONPath results joined with "," (Go %v formatting), `<none>` when nothing matched.
 */
import { resolve } from 'node:path';
import { realFiles, type HostFiles } from '../util/host-files.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../api/errors.js';
import { errnoText } from '../util/errno-text.js';
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

/**
 * The file form, read as kubectl's template reader reads it (bufio line scanner): the first line holds the
 * headers and the second the paths, each split on whitespace; further lines are ignored. A file that
 * cannot be opened is kubectl's open error; one that opens but cannot be read (a directory) reads as empty.
 */
export function parseCustomColumnsFile(file: string, cwd: string, host: HostFiles = realFiles): CustomColumn[] {
  const path = resolve(cwd, file);
  let text = '';
  if (!host.stat(path)) throw new CliError(`error reading template ${file}, open ${file}: no such file or directory`);
  if (!host.stat(path)!.isDirectory) {
    try {
      text = host.read(path).toString('utf8');
    } catch (e) {
      throw new CliError(`error reading template ${file}, open ${file}: ${errnoText(e)}`);
    }
  }
  const lines = scanLines(text);
  const usage = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (lines.length < 1) throw new CliError(`invalid template, missing header line. ${usage}`);
  if (lines.length < 2) throw new CliError(`invalid template, missing spec line. ${usage}`);
  const headers = words(lines[0]!);
  const paths = words(lines[1]!);
  if (headers.length !== paths.length) throw new CliError(`number of headers (${headers.length}) and field specifications (${paths.length}) don't match`);
  return headers.map((h, i) => ({ header: h, path: parseJsonPath(relaxedJsonPath(paths[i]!)) }));
}

/** Go's bufio.ScanLines: lines end at "\n" (a "\r" before it is dropped); a last line needs no "\n". */
function scanLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Go's bufio.ScanWords: runs of non-space, split on Unicode white space. */
function words(line: string): string[] {
  return line.split(/\s+/u).filter(Boolean);
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
