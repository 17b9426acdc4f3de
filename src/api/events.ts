/**
 * Recording Events as components do: one Event per (object, reason, message, source), its count and
 * lastTimestamp bumped on repeats, named `<object>.<16 hex digits>` like real events; many similar
 * events of one object are combined as client-go's event aggregator does.
 */
import type { ClusterState, KubeObject } from './types.js';
import type { Env } from '../env.js';
import { rfc3339 } from '../env.js';
import { insertObject, nextResourceVersion } from './objects.js';

export interface EventSource {
  /** e.g. `kubelet`, `default-scheduler`, `replicaset-controller`. */
  component: string;
  /** Node name for kubelet events. */
  host?: string;
}

/** client-go's EventAggregator: the 10th distinct message of one kind within 10 minutes is combined. */
const COMBINED_PREFIX = '(combined from similar events): ';
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;

export function recordEvent(
  state: ClusterState,
  env: Env,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  source: EventSource,
  fieldPath?: string,
): void {
  const now = rfc3339(env.now());
  const nowMs = Date.parse(now);
  const ns = involved.metadata.namespace ?? 'default';
  const events = (state.objects.events ??= {});
  const index = eventIndex(events);

  // Similar events (same object, type, reason and source, different messages): after nine distinct
  // messages in ten minutes, further ones update one "(combined from similar events): ..." event.
  const groupKey = `${involved.metadata.uid}\u0000${type}\u0000${reason}\u0000${source.component}\u0000${source.host ?? ''}`;
  let group = index.groups.get(groupKey);
  if (!group || nowMs - group.last > AGGREGATE_INTERVAL_MS) index.groups.set(groupKey, (group = { messages: new Set(), last: nowMs }));
  group.messages.add(message);
  group.last = nowMs;
  if (group.messages.size >= AGGREGATE_MAX_EVENTS) {
    group.messages.delete(message);
    const combined = group.combined === undefined ? undefined : events[group.combined];
    if (combined) {
      const x = combined as unknown as { message: string; count: number; lastTimestamp: string };
      x.message = COMBINED_PREFIX + message;
      x.count += 1;
      x.lastTimestamp = now;
      combined.metadata.resourceVersion = nextResourceVersion(state);
      return;
    }
    group.combined = insertEvent(state, env, involved, ns, type, reason, COMBINED_PREFIX + message, source, now, fieldPath);
    return;
  }

  const aggKey = `${involved.metadata.uid}\u0000${reason}\u0000${source.component}\u0000${message}`;
  const hit = index.byKey.get(aggKey);
  const e = hit === undefined ? undefined : events[hit];
  if (e) {
    const x = e as unknown as { involvedObject: { uid?: string }; reason: string; message: string; source: EventSource; count: number; lastTimestamp: string };
    if (x.involvedObject.uid === involved.metadata.uid && x.reason === reason && x.message === message && x.source.component === source.component) {
      x.count += 1;
      x.lastTimestamp = now;
      e.metadata.resourceVersion = nextResourceVersion(state);
      return;
    }
  }
  index.byKey.set(aggKey, insertEvent(state, env, involved, ns, type, reason, message, source, now, fieldPath));
}

/** Store a new Event; returns its storage key. */
function insertEvent(
  state: ClusterState,
  env: Env,
  involved: KubeObject,
  ns: string,
  type: string,
  reason: string,
  message: string,
  source: EventSource,
  now: string,
  fieldPath?: string,
): string {
  // Real names end in the UnixNano timestamp in hex; derive it from the clock plus a counter for uniqueness.
  const nanos = BigInt(Date.parse(now)) * 1_000_000n + BigInt(state.meta.resourceVersion % 1_000_000);
  const ev: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.metadata.name}.${nanos.toString(16)}`, namespace: ns, creationTimestamp: now },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace: involved.metadata.namespace,
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    },
    reason,
    message,
    source,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };
  insertObject(state, 'events', ev, env);
  return `${ns}/${ev.metadata.name}`;
}

/**
 * Indexes of an events bucket, built once per loaded bucket so recording stays O(1) with tens of
 * thousands of events (a scan per event made 10k-pod scale-ups quadratic): dedup key -> storage key,
 * and the aggregation groups (distinct messages, last time, the combined event). Kept beside the state,
 * never in it; a stale entry is re-checked against the stored event before use.
 */
interface EventIndex {
  byKey: Map<string, string>;
  groups: Map<string, { messages: Set<string>; last: number; combined?: string }>;
}

const indexes = new WeakMap<Record<string, KubeObject>, EventIndex>();

function eventIndex(events: Record<string, KubeObject>): EventIndex {
  let index = indexes.get(events);
  if (!index) {
    index = { byKey: new Map(), groups: new Map() };
    for (const [key, e] of Object.entries(events)) {
      const x = e as unknown as { involvedObject?: { uid?: string }; type?: string; reason?: string; message?: string; source?: EventSource; lastTimestamp?: string };
      const groupKey = `${x.involvedObject?.uid}\u0000${x.type}\u0000${x.reason}\u0000${x.source?.component}\u0000${x.source?.host ?? ''}`;
      let group = index.groups.get(groupKey);
      if (!group) index.groups.set(groupKey, (group = { messages: new Set(), last: 0 }));
      group.last = Math.max(group.last, Date.parse(x.lastTimestamp ?? '') || 0);
      if (x.message?.startsWith(COMBINED_PREFIX)) group.combined = key;
      else {
        group.messages.add(x.message ?? '');
        index.byKey.set(`${x.involvedObject?.uid}\u0000${x.reason}\u0000${x.source?.component}\u0000${x.message}`, key);
      }
    }
    indexes.set(events, index);
  }
  return index;
}
