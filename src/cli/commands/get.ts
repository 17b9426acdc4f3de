/** `kube-sim get`: tables (kubectl's columns and tabwriter), -o formats, selectors and decorations. */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { KubeObject } from '../../api/types.js';
import type { KindInfo, PrintContext } from '../../api/kind.js';
import { CliError, notFound } from '../../api/errors.js';
import { qualifiedResource, kindPrefix } from '../../api/kind.js';
import { listObjects, getObject } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { parseResourceArgs } from '../resource-args.js';
import { renderTable } from '../../printers/tabwriter.js';
import { renderObjects } from '../../printers/output.js';
import { formatError } from '../format-error.js';

interface GetOptions {
  output?: string;
  allNamespaces?: boolean;
  selector?: string;
  showLabels?: boolean;
  labelColumns?: string[];
  headers?: boolean;
  sortBy?: string;
  filename?: string[];
  watch?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

export function register(program: Command, h: Harness): void {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format: json|yaml|name|wide|jsonpath=...|custom-columns=...')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--show-labels', 'When printing, show all labels as the last column')
    .option('-L, --label-columns <labels>', 'Labels to show as columns', collect)
    .option('--no-headers', "When using the default or custom-column output format, don't print headers")
    .option('--sort-by <jsonpath>', 'Sort list types using this field specification')
    .option('-w, --watch', 'Accepted; kube-sim prints the current list once (nothing changes between commands)')
    .action(h.action<GetOptions>((ctx, args, opts) => {
      const requests = parseResourceArgs(args);
      if (requests.length === 0) {
        ctx.err(
          'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
        );
        throw new CliError(
          'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
          'get',
        );
      }
      const { state, env } = ctx.read();
      const pctx: PrintContext = { now: env.now(), state };
      const selector = opts.selector ? parseSelector(opts.selector) : undefined;
      // kubectl prefixes names with the kind whenever more than one type was asked for (even if one is empty).
      const multiType = requests.length > 1 || args[0]?.toLowerCase() === 'all' || (!args[0]?.includes('/') && (args[0]?.includes(',') ?? false));
      const errors: string[] = [];
      const groups: { info: KindInfo; objects: KubeObject[] }[] = [];
      let named = false;
      for (const req of requests) {
        const ns = req.info.namespaced ? (opts.allNamespaces ? undefined : ctx.namespace) : undefined;
        let objects: KubeObject[];
        if (req.names.length) {
          named = true;
          objects = [];
          for (const name of req.names) {
            const o = getObject(state, req.info.resource, req.info.namespaced ? ctx.namespace : undefined, name);
            if (o) objects.push(o);
            else errors.push(formatError(notFound(qualifiedResource(req.info), name)).text);
          }
        } else {
          objects = listObjects(state, req.info.resource, ns);
        }
        if (selector) objects = objects.filter((o) => matches(selector, o.metadata.labels));
        if (opts.sortBy) objects = sortObjects(objects, opts.sortBy);
        groups.push({ info: req.info, objects });
      }
      const total = groups.reduce((n, g) => n + g.objects.length, 0);
      const format = opts.output ?? '';
      if (format && format !== 'wide') {
        const all = groups.flatMap((g) => g.objects);
        const single = named && requests.length === 1 && requests[0]!.names.length === 1;
        if (all.length || format === 'yaml' || format === 'json') {
          if (!(all.length === 0 && single)) ctx.out(renderObjects(format, all, single));
        }
      } else {
        let first = true;
        for (const g of groups) {
          if (!g.objects.length) continue;
          const text = renderGroup(g.info, g.objects, pctx, {
            wide: format === 'wide',
            namespaceColumn: !!opts.allNamespaces && g.info.namespaced,
            showLabels: !!opts.showLabels,
            labelColumns: opts.labelColumns ?? [],
            headers: opts.headers !== false,
            prefix: multiType,
          });
          if (!first && opts.headers !== false) ctx.out('\n');
          ctx.out(text);
          first = false;
        }
      }
      if (total === 0 && errors.length === 0 && (!format || format === 'wide' || format === 'name' || !named)) {
        if (!(format === 'yaml' || format === 'json')) {
          const anyNamespaced = requests.some((r) => r.info.namespaced);
          ctx.err(opts.allNamespaces || !anyNamespaced ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
        }
      }
      if (errors.length) {
        ctx.err(errors.join('\n') + '\n');
        return 1;
      }
      return 0;
    }));
}

export interface TableOptions {
  wide: boolean;
  namespaceColumn: boolean;
  showLabels: boolean;
  labelColumns: string[];
  headers: boolean;
  /** Prefix NAME cells with `<kind>[.<group>]/` (several types in one get). */
  prefix: boolean;
}

/** One resource group as kubectl prints it. */
export function renderGroup(info: KindInfo, objects: KubeObject[], ctx: PrintContext, opts: TableOptions): string {
  const cols = info.table.columns;
  const keep = cols.map((c) => opts.wide || !c.wide);
  const header: string[] = cols.filter((_, i) => keep[i]).map((c) => c.name);
  if (opts.namespaceColumn) header.unshift('NAMESPACE');
  for (const l of opts.labelColumns) header.push(l.split('/').pop()!.toUpperCase());
  if (opts.showLabels) header.push('LABELS');
  const rows: string[][] = opts.headers ? [header] : [];
  const prefix = opts.prefix ? `${kindPrefix(info)}/` : '';
  // kubectl decorates the column whose format is "name" (events only have it with -o wide).
  const nameIndex = cols.filter((_, i) => keep[i]).findIndex((c) => c.name === 'NAME');
  for (const o of objects) {
    const cells = info.table.row(o, ctx).filter((_, i) => keep[i]).map(cleanCell);
    if (nameIndex >= 0) cells[nameIndex] = prefix + cells[nameIndex];
    if (opts.namespaceColumn) cells.unshift(o.metadata.namespace ?? '');
    for (const l of opts.labelColumns) cells.push(o.metadata.labels?.[l] ?? '');
    if (opts.showLabels) {
      const keys = Object.keys(o.metadata.labels ?? {}).sort();
      cells.push(keys.length ? keys.map((k) => `${k}=${o.metadata.labels![k]}`).join(',') : '<none>');
    }
    rows.push(cells);
  }
  return renderTable(rows);
}

/** Cells with line breaks are cut at the first one and get `...`. */
function cleanCell(s: string): string {
  const i = s.search(/[\n\r\f]/);
  return i < 0 ? s : s.slice(0, i) + '...';
}

/** --sort-by with a simple JSONPath (`{.metadata.name}` or `.spec.replicas`). */
export function sortObjects(objects: KubeObject[], path: string): KubeObject[] {
  const p = path.replace(/^\{/, '').replace(/\}$/, '').replace(/^\./, '');
  const get = (o: unknown): unknown =>
    p.split('.').reduce<unknown>((v, k) => {
      if (v === undefined || v === null) return undefined;
      const m = /^(\w[\w-]*)\[(\d+)\]$/.exec(k);
      if (m) return ((v as Record<string, unknown>)[m[1]!] as unknown[] | undefined)?.[Number(m[2])];
      return (v as Record<string, unknown>)[k];
    }, o);
  return [...objects].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  });
}
