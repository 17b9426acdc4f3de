/**
 * Recording Events as components do: one Event per (object, reason, message, source), its count and
 * lastTimestamp bumped on repeats, named `<object>.<16 hex digits>` like real events.
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
  const ns = involved.metadata.namespace ?? 'default';
  const events = (state.objects.events ??= {});
  const index = eventIndex(events);
  const aggKey = `${involved.metadata.uid}\u0000${reason}\u0000${source.component}\u0000${message}`;
  const hit = index.get(aggKey);
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
  index.set(aggKey, `${ns}/${ev.metadata.name}`);
}

/**
 * Aggregation index of an events bucket (aggregation key -> storage key), built once per loaded bucket so
 * recording stays O(1) with tens of thousands of events (a scan per event made 10k-pod scale-ups quadratic).
 * Kept beside the state, never in it; a stale entry is re-checked against the stored event before use.
 */
const indexes = new WeakMap<Record<string, KubeObject>, Map<string, string>>();

function eventIndex(events: Record<string, KubeObject>): Map<string, string> {
  let index = indexes.get(events);
  if (!index) {
    index = new Map();
    for (const [key, e] of Object.entries(events)) {
      const x = e as unknown as { involvedObject?: { uid?: string }; reason?: string; message?: string; source?: EventSource };
      index.set(`${x.involvedObject?.uid}\u0000${x.reason}\u0000${x.source?.component}\u0000${x.message}`, key);
    }
    indexes.set(events, index);
  }
  return index;
}
