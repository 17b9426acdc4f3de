/**
 * Event (core/v1): LAST SEEN TYPE REASON OBJECT MESSAGE, with -o wide adding SUBOBJECT and SOURCE after
 * OBJECT and FIRST SEEN COUNT NAME at the end (printers.go printEvent). kubectl has no dedicated Event
 * describer, so describe uses the generic one.
 */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { age } from '../printers/duration.js';
import { describeGeneric } from '../printers/describe-generic.js';

/** The Event fields its printers read (core/v1 Event). */
export interface EventFields {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  involvedObject?: { kind?: string; name?: string; apiVersion?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingController?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** The event's cells; LAST SEEN falls back to the first-seen time, COUNT to 1. */
function row(o: KubeObject, ctx: PrintContext): string[] {
  const e = o as unknown as EventFields;
  const first = e.firstTimestamp ? age(e.firstTimestamp, ctx.now) : age(e.eventTime, ctx.now);
  let last = e.lastTimestamp ? age(e.lastTimestamp, ctx.now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = age(e.series.lastObservedTime, ctx.now);
    count = e.series.count ?? 0;
  } else if (count === 0) count = 1;
  const io = e.involvedObject ?? {};
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const component = e.source?.component || e.reportingController || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  const source = instance ? `${component}, ${instance}` : component;
  return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', source, (e.message ?? '').trim(), first, String(count), o.metadata.name];
}

export const eventKind = {
  kind: 'Event',
  resource: 'events',
  singular: 'event',
  shortNames: ['ev'],
  group: '',
  version: 'v1',
  namespaced: true,
  categories: [],
  table: {
    columns: [
      { name: 'LAST SEEN' },
      { name: 'TYPE' },
      { name: 'REASON' },
      { name: 'OBJECT' },
      { name: 'SUBOBJECT', wide: true },
      { name: 'SOURCE', wide: true },
      { name: 'MESSAGE' },
      { name: 'FIRST SEEN', wide: true },
      { name: 'COUNT', wide: true },
      { name: 'NAME', wide: true },
    ],
    row,
  },
  describe: describeGeneric,
} satisfies KindInfo;
