/**
 * `get -w`, `--watch-only`, `--output-watch-events`, as kubectl's watch prints them: the current objects
 * first (not with --watch-only), then one row or object per change, in the order the changes were written,
 * following other processes and the wall clock until Ctrl-C (kubectl then exits 1, silently). Table rows go
 * through one tabwriter that remembers its widths across flushes, as kubectl's does: a row is aligned with
 * what was printed before it, and a wider cell widens its column from then on. A change is an object whose
 * content differs from the last look (a real API server would show each write; between two looks kube-sim
 * sees the net change). On the virtual clock nothing changes while the command runs: it prints the
 * current objects and ends.
 */
import type { KindInfo } from '../../api/kind.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { CommandContext } from '../context.js';
import type { ResourceRequest } from '../resource-args.js';
import { CliError, notFound } from '../../api/errors.js';
import { qualifiedResource } from '../../api/kind.js';
import { getObject, listObjects } from '../../api/objects.js';
import { deletedEventObject } from '../../api/deleted-object.js';
import { inWriteOrder } from '../../api/watch-order.js';
import { matches, type Requirement } from '../../api/selectors.js';
import { matchesFields, type FieldRequirement } from '../../api/field-selectors.js';
import { renderTable } from '../../printers/tabwriter.js';
import { nameOf, renderObjects, toJson, toYaml, withoutManagedFields } from '../../printers/output.js';
import { goJson } from '../../printers/jsonpath.js';
import { parseCustomColumns, parseCustomColumnsFile, renderCustomColumns } from '../../printers/custom-columns.js';
import { follow } from '../watch.js';
import { tableRows, type TableOptions } from './get.js';

export interface WatchGetOptions {
  watchOnly: boolean;
  outputWatchEvents: boolean;
  /** `-o` (with --template folded in); '' or 'wide' for tables. */
  format: string;
  allNamespaces: boolean;
  selector?: Requirement[];
  fieldSelector?: FieldRequirement[];
  table: Omit<TableOptions, 'wide' | 'namespaceColumn' | 'prefix'>;
  /** --show-managed-fields: keep metadata.managedFields in JSON and YAML (hidden otherwise, as kubectl does). */
  showManagedFields?: boolean;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Watch one resource type (a list, or named objects of it). Returns the exit code. */
export async function watchGet(ctx: CommandContext, requests: ResourceRequest[], opts: WatchGetOptions): Promise<number> {
  if (requests.length > 1) throw new CliError('watch is only supported on individual resources and resource collections - more than 1 resource was found');
  const req = requests[0]!;
  const ns = req.info.namespaced ? (opts.allNamespaces && !req.names.length ? undefined : ctx.namespace) : undefined;
  const select = (state: ClusterState): KubeObject[] => {
    const objs = req.names.length ? req.names.flatMap((n) => getObject(state, req.info.resource, ns, n) ?? []) : listObjects(state, req.info.resource, ns);
    return objs.filter((o) => (!opts.selector || matches(opts.selector, o.metadata.labels)) && (!opts.fieldSelector || matchesFields(opts.fieldSelector, o)));
  };
  const printer = new WatchPrinter(ctx, req.info, opts);
  let seen: Map<string, { obj: KubeObject; text: string }> | undefined;
  const end = await follow(ctx, ({ state, env }) => {
    const current = select(state);
    if (!seen) {
      // The first look is kubectl's GET: a named object that is missing is the usual NotFound.
      for (const name of req.names) if (!getObject(state, req.info.resource, ns, name)) throw notFound(qualifiedResource(req.info), name);
      if (!opts.watchOnly) printer.print(current.map((o) => ({ type: 'ADDED' as const, obj: o })), state, env);
      seen = new Map(current.map((o) => [key(o), { obj: o, text: content(o) }]));
      return;
    }
    const events: { type: EventType; obj: KubeObject }[] = [];
    const now = new Map<string, { obj: KubeObject; text: string }>();
    for (const o of current) {
      const k = key(o);
      const text = content(o);
      now.set(k, { obj: o, text });
      const before = seen.get(k);
      if (!before) events.push({ type: 'ADDED', obj: o });
      else if (before.text !== text) events.push({ type: 'MODIFIED', obj: o });
    }
    for (const [k, before] of seen) {
      if (now.has(k)) continue;
      // Gone, or no longer selected (a label changed).
      events.push({ type: 'DELETED', obj: deletedEventObject(state, req.info.resource, before.obj, env.now()) });
    }
    // In the order they were written (resourceVersion is the cluster's write counter), deletions among them.
    inWriteOrder(events);
    seen = now;
    for (const e of events) printer.print([e], state, env);
  });
  // kubectl's interrupt handler ends a watch with exit code 1 and no message.
  return end === 'interrupted' ? 1 : 0;
}

function key(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** An object's content for change detection; its resourceVersion alone changing is not a change worth a row. */
function content(o: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = o.metadata;
  return JSON.stringify({ ...o, metadata });
}

/** kubectl's watch printers: one table writer (or object printer) kept across every flush of the watch. */
class WatchPrinter {
  private readonly widths: number[] = [];
  private printedHeaders = false;
  private printed = 0;

  constructor(
    private readonly ctx: CommandContext,
    private readonly info: KindInfo,
    private readonly opts: WatchGetOptions,
  ) {}

  /** Print one flush: the initial objects, or one event. */
  print(events: { type: EventType; obj: KubeObject }[], state: ClusterState, env: Env): void {
    if (!events.length) return;
    const format = this.opts.format;
    if (!format || format === 'wide') this.ctx.out(this.table(events, state, env));
    else for (const e of events) this.ctx.out(this.object(e.type, e.obj));
  }

  private table(events: { type: EventType; obj: KubeObject }[], state: ClusterState, env: Env): string {
    const headers = this.opts.table.headers && !this.printedHeaders;
    const rows = tableRows(this.info, events.map((e) => e.obj), { now: env.now(), state }, {
      ...this.opts.table,
      headers,
      wide: this.opts.format === 'wide',
      namespaceColumn: this.opts.allNamespaces && this.info.namespaced,
      prefix: false,
    });
    this.printedHeaders = true;
    if (this.opts.outputWatchEvents) {
      // printers' formatEventType: names padded to the width of MODIFIED.
      if (headers) rows[0]!.unshift('EVENT');
      events.forEach((e, i) => rows[i + (headers ? 1 : 0)]!.unshift(e.type.padEnd(8)));
    }
    return renderTable(rows, { minWidth: 6, padding: 3, widths: this.widths });
  }

  private object(type: EventType, obj: KubeObject): string {
    const format = this.opts.format;
    const events = this.opts.outputWatchEvents;
    // JSON and YAML leave managedFields out unless asked (jsonpath and templates still see them, as kubectl's
    // do); not inside a WatchEvent: kubectl's OmitManagedFieldsPrinter strips only an object with metadata,
    // and a WatchEvent has none (the real kubectl 1.32 through serve prints them).
    if ((format === 'json' || format === 'yaml') && !this.opts.showManagedFields && !events) obj = withoutManagedFields([obj])[0]!;
    const first = this.printed++ === 0;
    // A metav1.WatchEvent marshals its fields in struct order: type, then object.
    if (format === 'json') return events ? `{"type":"${type}","object":${goJson(obj as never)}}\n` : toJson(obj);
    // The YAML printer separates every document after its first one.
    if (format === 'yaml') return (first ? '' : '---\n') + (events ? `object:\n${indent(toYaml(obj))}type: ${type}\n` : toYaml(obj));
    if (format === 'name') return nameOf(obj) + '\n';
    const custom = /^custom-columns(-file)?=(.*)$/s.exec(format);
    if (custom) {
      const cols = custom[1] ? parseCustomColumnsFile(custom[2]!, this.ctx.io.cwd, this.ctx.files) : parseCustomColumns(custom[2]!);
      return renderCustomColumns(cols, [obj], this.opts.table.headers && first, this.widths);
    }
    return renderObjects(format, [obj], true, { cwd: this.ctx.io.cwd, files: this.ctx.files });
  }
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
