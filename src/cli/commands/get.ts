/** `kube-sim get`: tables (kubectl's columns and tabwriter), -o formats, selectors and decorations. */
import type { Command } from 'commander';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { KindInfo, PrintContext } from '../../api/kind.js';
import { CliError, notFound } from '../../api/errors.js';
import { qualifiedResource, kindPrefix, servedColumns } from '../../api/kind.js';
import { listObjects, getObject } from '../../api/objects.js';
import { podTableStubs } from '../../controllers/digests.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { parseResourceArgs } from '../resource-args.js';
import { presentObject, servedView } from '../../api/versions.js';
import { renderTable } from '../../printers/tabwriter.js';
import { renderObjects } from '../../printers/output.js';
import { formatError } from '../format-error.js';
import { sortGroups } from '../../printers/sort-by.js';
import { parseFieldSelector, checkFieldSelector, matchesFields } from '../../api/field-selectors.js';
import { watchGet } from './get-watch.js';
import { readManifests } from '../../api/manifest.js';
import { manifestTargets } from '../manifest-targets.js';
import { getRaw } from './get-raw.js';

interface GetOptions {
  fieldSelector?: string;
  output?: string;
  template?: string;
  allNamespaces?: boolean;
  selector?: string;
  showLabels?: boolean;
  showKind?: boolean;
  labelColumns?: string[];
  headers?: boolean;
  sortBy?: string;
  filename?: string[];
  kustomize?: string;
  watch?: boolean;
  showManagedFields?: boolean;
  watchOnly?: boolean;
  outputWatchEvents?: boolean;
  allowMissingTemplateKeys?: string | boolean;
  raw?: string;
}

/** A request of `get`: a type and names, in the command's namespace unless a manifest named its own. */
type GetRequest = ReturnType<typeof parseResourceArgs>[number] & { namespace?: string };

/**
 * `get -f FILE...`: the objects the manifests name, as kubectl's builder finds them: each in its own
 * namespace (or the command's), consecutive objects of one type in one request (one table); a manifest
 * kube-sim cannot decode is its error, the others are still shown.
 */
function fileRequests(state: ClusterState, docs: Awaited<ReturnType<typeof readManifests>>, namespace: string): { requests: GetRequest[]; errors: string[]; objects: number } {
  const requests: GetRequest[] = [];
  const errors: string[] = [];
  for (const t of manifestTargets(state, docs, namespace)) {
    if ('error' in t) {
      errors.push(t.error);
      continue;
    }
    const last = requests.at(-1);
    if (last && last.info === t.info && last.namespace === t.namespace) last.names.push(t.name);
    else requests.push({ info: t.info, names: [t.name], namespace: t.namespace });
  }
  return { requests, errors, objects: docs.length };
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

export function register(program: Command, h: Harness): void {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format: json|yaml|name|wide|jsonpath=...|custom-columns=...')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to get from a server.', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--show-labels', 'When printing, show all labels as the last column')
    .option('--show-kind', 'If present, list the resource type for the requested object(s).')
    .option('-L, --label-columns <labels>', 'Labels to show as columns', collect)
    .option('--no-headers', "When using the default or custom-column output format, don't print headers")
    .option('--sort-by <jsonpath>', 'Sort list types using this field specification')
    .option('--field-selector <selector>', 'Selector (field query) to filter on, supports =, ==, and !=')
    .option('--template <template>', 'Template string or path to template file to use when -o=go-template, -o=jsonpath')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
    .option('--allow-missing-template-keys [bool]', 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.')
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes (on the virtual clock: list once)')
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first')
    .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events')
    .option('--raw <uri>', 'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.')
    .action(h.action<GetOptions>(async (ctx, args, opts) => {
      if (opts.raw !== undefined) return getRaw(ctx, opts.raw, args, opts);
      // Default true; argv.ts has checked the value as pflag does.
      const allowMissingTemplateKeys = opts.allowMissingTemplateKeys !== 'false';
      if (hasFileFlags(opts) && args.length) throw new CliError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
      const docs = hasFileFlags(opts) ? await readFileFlags(ctx, opts, { bareErrors: true }) : undefined;
      const typed: GetRequest[] = docs ? [] : parseResourceArgs(args);
      const watching = !!(opts.watch || opts.watchOnly);
      if (watching && opts.sortBy) ctx.err(opts.watch ? 'warning: --watch requested, --sort-by will be ignored for watch events received\n' : 'warning: --watch-only requested, --sort-by will be ignored\n');
      if (opts.outputWatchEvents && !watching) throw new CliError('--output-watch-events option can only be used with --watch or --watch-only');
      if (watching) {
        if (docs) typed.push(...fileRequests(ctx.read().state, docs, ctx.namespace).requests);
        if (!typed.length) {
          throw new CliError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        return watchGet(ctx, typed, {
          watchOnly: !!opts.watchOnly,
          outputWatchEvents: !!opts.outputWatchEvents,
          format: opts.template && opts.output && !opts.output.includes('=') ? `${opts.output}=${opts.template}` : (opts.output ?? ''),
          allNamespaces: !!opts.allNamespaces,
          selector: opts.selector ? parseSelector(opts.selector) : undefined,
          fieldSelector: opts.fieldSelector ? checkedFieldSelector(typed, opts.selector ?? '', opts.fieldSelector) : undefined,
          table: { showLabels: !!opts.showLabels, labelColumns: opts.labelColumns ?? [], headers: opts.headers !== false },
          showManagedFields: opts.showManagedFields,
        });
      }
      if (typed.length === 0 && !docs) {
        ctx.err(
          'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
        );
        throw new CliError(
          'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
          'get',
        );
      }
      const { state, env } = ctx.read();
      const files = docs ? fileRequests(state, docs, ctx.namespace) : undefined;
      // Each type as this cluster's version serves it (extensions/v1beta1 Ingress on 1.17).
      const requests = (files?.requests ?? typed).map((r) => ({ ...r, info: servedView(state, r.info, r.group, r.typed, r.version) }));
      const errors: string[] = files?.errors ?? [];
      const pctx: PrintContext = { now: env.now(), state };
      const selector = opts.selector ? parseSelector(opts.selector) : undefined;
      const fieldReqs = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
      // kubectl prefixes names with the kind whenever more than one type was asked for (even if one is empty).
      const multiType = files
        ? new Set(requests.map((r) => r.info)).size > 1
        : requests.length > 1 || args[0]?.toLowerCase() === 'all' || (!args[0]?.includes('/') && (args[0]?.includes(',') ?? false));
      // `-o jsonpath --template '{...}'` is the same as `-o jsonpath='{...}'`.
      const format = opts.template && opts.output && !opts.output.includes('=') ? `${opts.output}=${opts.template}` : (opts.output ?? '');
      const groups: { info: KindInfo; objects: KubeObject[] }[] = [];
      // A plain table of pods needs only what the pod digests keep (no field selector or sort reads further).
      const podStubs = (!format || format === 'wide') && !fieldReqs && !opts.sortBy;
      let named = false;
      for (const req of requests) {
        const ns = req.info.namespaced ? (opts.allNamespaces ? undefined : ctx.namespace) : undefined;
        let objects: KubeObject[];
        if (req.names.length) {
          named = true;
          objects = [];
          for (const name of req.names) {
            const o = getObject(state, req.info.resource, req.info.namespaced ? (req.namespace ?? ctx.namespace) : undefined, name);
            if (o) objects.push(o);
            else errors.push(formatError(notFound(qualifiedResource(req.info), name)).text);
          }
        } else {
          objects = podStubs && req.info.kind === 'Pod' ? podTableStubs(state, ns) : listObjects(state, req.info.resource, ns);
        }
        if (selector) objects = objects.filter((o) => matches(selector, o.metadata.labels));
        if (fieldReqs) {
          checkFieldSelector(req.info, fieldReqs, opts.selector ?? '', opts.fieldSelector!);
          objects = objects.filter((o) => matchesFields(fieldReqs, o));
        }
        groups.push({ info: req.info, objects: objects.map((o) => presentObject(state, req.info, o)) });
      }
      if (opts.sortBy) {
        const sorted = sortGroups(groups, opts.sortBy, { table: !format || format === 'wide', named });
        // kubectl prints nothing but "No resources found" when no row has the field.
        if (sorted === 'nothing') for (const g of groups) g.objects = [];
        else groups.splice(0, groups.length, ...sorted);
      }
      const total = groups.reduce((n, g) => n + g.objects.length, 0);
      if (format && format !== 'wide') {
        const all = groups.flatMap((g) => g.objects);
        const single = named && (files ? files.objects === 1 : requests.length === 1 && requests[0]!.names.length === 1);
        // kubectl's printGeneric: zero or several objects print as one List; a missing single object prints nothing.
        // From files, kubectl's builder result holds no objects once one failed: only the errors print.
        const failedFiles = !!files && errors.length > 0;
        if (!(all.length === 0 && single) && !failedFiles) ctx.out(renderObjects(format, all, single, { noHeaders: opts.headers === false, cwd: ctx.io.cwd, files: ctx.files, showManagedFields: opts.showManagedFields, allowMissingTemplateKeys }));
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
            prefix: multiType || !!opts.showKind,
          });
          if (!first && opts.headers !== false) ctx.out('\n');
          ctx.out(text);
          first = false;
        }
      }
      // Only the table printers report an empty result; -o name/yaml/jsonpath/... print the (empty) List.
      if (total === 0 && errors.length === 0 && (!format || format === 'wide')) {
        const anyNamespaced = requests.some((r) => r.info.namespaced);
        ctx.err(opts.allNamespaces || !anyNamespaced ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      }
      if (errors.length) {
        ctx.err(errors.join('\n') + '\n');
        return 1;
      }
      return 0;
    }));
}

/** --field-selector, checked against each requested kind's selectable fields as the server does. */
function checkedFieldSelector(requests: { info: KindInfo }[], labelSelector: string, raw: string) {
  const reqs = parseFieldSelector(raw);
  for (const r of requests) checkFieldSelector(r.info, reqs, labelSelector, raw);
  return reqs;
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
  return renderTable(tableRows(info, objects, ctx, opts));
}

/** The cells of one resource group's table, its header first (unless `headers` is off), before alignment. */
export function tableRows(info: KindInfo, objects: KubeObject[], ctx: PrintContext, opts: TableOptions): string[][] {
  const cols = info.table.columns;
  const served = servedColumns(info, ctx.state);
  const keep = cols.map((c, i) => (opts.wide || !c.wide) && served[i]!);
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
  return rows;
}

/** Cells with line breaks are cut at the first one and get `...`. */
function cleanCell(s: string): string {
  const i = s.search(/[\n\r\f]/);
  return i < 0 ? s : s.slice(0, i) + '...';
}
