/**
 * `kube-sim events` (kubectl 1.32's `kubectl events`): LAST SEEN TYPE REASON OBJECT MESSAGE, oldest
 * first (sorted as kubectl's unstable Go sort leaves them), `2m (x3 over 5m)` for repeated events;
 * `--for TYPE/NAME`, `--types`, `-A`, `--no-headers`, `-o`. `-w` prints the events there are, in the
 * order a watch delivers them, and returns (kube-sim has no watch stream for events).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../api/errors.js';
import { apiVersionOf } from '../../api/kind.js';
import { listObjects } from '../../api/objects.js';
import { humanDuration } from '../../printers/duration.js';
import { renderObjects, toYaml } from '../../printers/output.js';
import { renderTable, GET_TABS } from '../../printers/tabwriter.js';
import { goSort } from '../../util/go-sort.js';
import type { EventFields } from '../../kinds/event.js';
import { resolveType } from '../resource-args.js';

interface EventsOptions {
  allNamespaces?: boolean;
  for?: string;
  types?: string[];
  headers?: boolean;
  output?: string;
  watch?: boolean;
}

const fields = (e: KubeObject) => e as unknown as EventFields;

/** `5m`, or `<unknown>` for a missing time (kubectl's translateTimestampSince). */
function since(t: string | null | undefined, now: Date): string {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? '<unknown>' : humanDuration(now.getTime() - ms);
}

/** LAST SEEN: the first time, or `last (xN over first)` for a repeated event or a series. */
function interval(e: EventFields, now: Date): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** The time kubectl sorts by: the series' last observation, else lastTimestamp, else eventTime. */
function sortTime(e: EventFields): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime;
  return t ? Date.parse(t) : -Infinity;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

export function register(program: Command, h: Harness): void {
  program
    .command('events')
    .description('List events')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.')
    .option('--for <resource>', 'Filter events to only those pertaining to the specified resource.')
    .option('--types <types>', 'Output only events of given types.', collect)
    .option('--no-headers', "When using the default output format, don't print headers.")
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('-w, --watch', 'After listing the requested events, watch for more events.')
    .action(h.action<EventsOptions>((ctx, _args, opts) => {
      const types = [...new Set(opts.types ?? [])].sort();
      for (const t of types) if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') throw new CliError('valid --types are Normal or Warning');
      let wanted: { kind: string; apiVersion: string; name: string } | undefined;
      if (opts.for !== undefined && opts.for !== '') {
        const parts = opts.for.split('/');
        if (parts.length === 1) throw new CliError('--for must be in resource/name form');
        if (parts.length > 2) throw new CliError('arguments in resource/name form may not have more than one slash');
        const info = resolveType(parts[0]!);
        wanted = { kind: info.kind, apiVersion: apiVersionOf(info), name: parts[1]! };
      }
      const namespace = opts.allNamespaces ? undefined : ctx.namespace;
      const { state, env } = ctx.read();
      const now = env.now();
      const events = listObjects(state, 'events', namespace).filter((e) => {
        const f = fields(e);
        if (types.length && !types.some((t) => t.toLowerCase() === (f.type ?? '').toLowerCase())) return false;
        const io = f.involvedObject ?? {};
        return !wanted || (io.kind === wanted.kind && io.apiVersion === wanted.apiVersion && io.name === wanted.name);
      });
      if (!opts.watch) {
        if (!events.length) {
          ctx.err(opts.allNamespaces ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`);
          return 0;
        }
        goSort(events, (a, b) => sortTime(fields(a)) < sortTime(fields(b)));
      }
      if (opts.output) {
        ctx.out(printObjects(opts.output, events));
        return 0;
      }
      const rows: string[][] = [];
      if (opts.headers !== false && (events.length || opts.watch)) rows.push([...(opts.allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
      for (const e of events) {
        const f = fields(e);
        const io = f.involvedObject ?? {};
        rows.push([...(opts.allNamespaces ? [e.metadata.namespace ?? ''] : []), interval(f, now), f.type ?? '', f.reason ?? '', `${io.kind ?? ''}/${io.name ?? ''}`, (f.message ?? '').trim()]);
      }
      if (rows.length) ctx.out(renderTable(rows, GET_TABS));
      return 0;
    }));
}

/** Go struct field order of core/v1 Event and its parts, which `-o json` of typed objects follows. */
const EVENT_ORDER = ['kind', 'apiVersion', 'metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'];
const META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
const REF_ORDER = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

function inOrder(o: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const keys = Object.keys(o).sort((a, b) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0));
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** An event as kubectl's typed client prints it in JSON: struct order, not sorted keys. */
function typedEvent(e: KubeObject): Record<string, unknown> {
  const o = inOrder(e as unknown as Record<string, unknown>, EVENT_ORDER);
  o.metadata = inOrder(e.metadata as Record<string, unknown>, META_ORDER);
  if (o.involvedObject) o.involvedObject = inOrder(o.involvedObject as Record<string, unknown>, REF_ORDER);
  return o;
}

/** -o: the events as kubectl's EventList (yaml, json) or through the generic printers. */
function printObjects(format: string, events: KubeObject[]): string {
  if (format === 'yaml') return toYaml({ apiVersion: 'v1', items: events, kind: 'EventList', metadata: {} });
  if (format === 'json') return JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: events.map(typedEvent) }, null, 4) + '\n';
  // kubectl's name printer finds no objects in the typed EventList it is given: it prints nothing.
  if (format === 'name') return '';
  return renderObjects(format, events, false);
}
