/**
 * `get --sort-by` as kubectl 1.32 does it (checked against the real kubectl through `serve`): the first
 * JSONPath result of each object compared with kubectl's isLess (numbers by value, strings that are both
 * quantities by quantity, other strings byte by byte, so `10.96.85.232` sorts after `10.96.100.1`), an
 * object without the field counting as smaller than any other, and Go's unstable sort.Sort deciding ties.
 * Table output sorts the rows of each kind's Table; with several kinds the path is evaluated against the
 * Tables themselves (only `.kind`, `.apiVersion` and `.metadata.resourceVersion` find anything there).
 */
import type { KubeObject } from '../api/types.js';
import { CliError } from '../api/errors.js';
import { parseJsonPath, findValues, relaxedJsonPath } from './jsonpath.js';
import { parseQuantity } from './quantity.js';
import { goSort } from '../util/go-sort.js';

const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/;

/** kubectl's isLess for two values found by the sort path. */
function isLess(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (QUANTITY.test(a) && QUANTITY.test(b)) return parseQuantity(a).milli < parseQuantity(b).milli;
    return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  return false;
}

/** TableSorter/RuntimeSort.Less: a missing value is less than anything (even another missing one). */
function sortByValue<T>(items: T[], value: (t: T) => unknown): T[] {
  const keyed = items.map((item) => ({ item, v: value(item) }));
  goSort(keyed, (x, y) => {
    if (x.v === undefined) return true;
    if (y.v === undefined) return false;
    return isLess(x.v, y.v);
  });
  return keyed.map((k) => k.item);
}

function notFoundError(path: string): CliError {
  return new CliError(`couldn't find any field with path "${relaxedJsonPath(path)}" in the list of objects`);
}

/** The object groups `get` prints, sorted as kubectl sorts them; 'nothing' when kubectl prints "No resources found". */
export function sortGroups<G extends { objects: KubeObject[] }>(groups: G[], path: string, opts: { table: boolean; named: boolean }): G[] | 'nothing' {
  const jp = parseJsonPath(relaxedJsonPath(path));
  const first = (o: unknown) => findValues(jp, o)[0];
  if (opts.table && groups.length > 1) {
    // Several kinds: one Table each, and the path is looked up on the Tables.
    const tables = groups.map((g) => ({ g, table: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '' } } }));
    if (!tables.some((t) => first(t.table) !== undefined)) throw notFoundError(path);
    return sortByValue(tables, (t) => first(t.table)).map((t) => t.g);
  }
  if (opts.table) {
    const g = groups[0];
    if (!g || !g.objects.length) return groups;
    if (!g.objects.some((o) => first(o) !== undefined)) return opts.named ? groups : 'nothing';
    return [{ ...g, objects: sortByValue(g.objects.slice(), first) }];
  }
  const all = groups.flatMap((g) => g.objects);
  if (all.length <= 1) return groups;
  if (!all.some((o) => first(o) !== undefined)) throw notFoundError(path);
  return [{ ...groups[0]!, objects: sortByValue(all, first) }];
}
