/**
 * Recording Events as components do, through client-go's event correlator:
 * - the aggregator: when one source reports the same reason about one object with ten different
 *   messages within ten minutes, further ones update a single `(combined from similar events): ...`
 *   Event instead of creating new ones;
 * - the logger: a repeat of an Event (same source, object, field path, type, reason and message) bumps
 *   its count and lastTimestamp instead of creating a new Event.
 * Each source (a component, and the node for kubelets) keeps its caches as the real process does, an LRU
 * of 4,096 entries each (evicted in batches), in `state.memory['event-cache.<source>']`, so recording an Event parses
 * that small part and, for a repeat, the one Event it bumps: never the other Events. Events are named
 * `<object>.<16 hex digits>` like real ones and expire an hour after they were last written (the
 * API server's default --event-ttl: controllers/event-ttl.ts).
 */
import type { ClusterState, KubeObject } from './types.js';
import type { Env } from '../env.js';
import { rfc3339 } from '../env.js';
import { insertObject, nextResourceVersion } from './objects.js';
import { registerIndex, trackerOf } from '../store/tracker.js';
import { eventShard } from '../store/shards.js';
import { fillTemplate, holeMark, pieceOf, stampText, templateOf, type TextTemplate } from '../store/text-stamps.js';

export interface EventSource {
  /** e.g. `kubelet`, `default-scheduler`, `replicaset-controller`. */
  component: string;
  /** Node name for kubelet events. */
  host?: string;
}

const COMBINED_PREFIX = '(combined from similar events): ';
/** client-go's defaultAggregateMaxEvents and defaultAggregateIntervalInSeconds. */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
/** client-go's maxLruCacheEntries (each cache; evicted in batches of a quarter beyond it). */
const CACHE_ENTRIES = 4096;

/**
 * One source's correlator caches (plain JSON). Each entry carries when it was last used (`tick`), so a
 * lookup never reorders the map; past the capacity the least recently used are evicted in one batch.
 */
interface Cache {
  /** Logger: event key hash → [storage key, count, firstTimestamp, last use]. */
  log: Record<string, [string, number, string, number]>;
  /** Aggregator: aggregate key hash → message hashes seen, the last time, and the last use. */
  agg: Record<string, { m: string[]; t: number; u: number }>;
  /** Uses so far (the clock of `last use`). */
  tick?: number;
}

/**
 * A 64-bit-wide hash (two FNV-1a variants) of a cache key, so 4,096 keys never collide in practice. A key
 * is its parts joined by NUL; the hash runs over them one by one (no joined string is made), and a key
 * sharing its first parts with another continues from their state (`fork`).
 */
class KeyHash {
  constructor(
    private a = 0x811c9dc5,
    private b = 0x01000193,
  ) {}

  /** The hash of this key so far followed by `text`. */
  add(text: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** A further part: the NUL separator, then `text`. */
  part(text: string): this {
    return this.add('\u0000').add(text);
  }

  /** A copy to go on from. */
  fork(): KeyHash {
    return new KeyHash(this.a, this.b);
  }

  /**
   * The hash in 16 hex digits (each half as `(x >>> 0).toString(16).padStart(8, '0')`), made as one flat
   * string: a key joined from two halves is looked up in the caches (thousands of times in a scale-up)
   * only after V8 has flattened it.
   */
  text(): string {
    const a = this.a;
    const b = this.b;
    return String.fromCharCode(
      HEX[a >>> 28]!, HEX[(a >>> 24) & 15]!, HEX[(a >>> 20) & 15]!, HEX[(a >>> 16) & 15]!, HEX[(a >>> 12) & 15]!, HEX[(a >>> 8) & 15]!, HEX[(a >>> 4) & 15]!, HEX[a & 15]!,
      HEX[b >>> 28]!, HEX[(b >>> 24) & 15]!, HEX[(b >>> 20) & 15]!, HEX[(b >>> 16) & 15]!, HEX[(b >>> 12) & 15]!, HEX[(b >>> 8) & 15]!, HEX[(b >>> 4) & 15]!, HEX[b & 15]!,
    );
  }
}

/** The character code of each hex digit. */
const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** The hash of a message, kept for the last one (a scale-up records thousands of Events with one message). */
let lastMessage: string | undefined;
let lastMessageHash = '';
function messageHash(message: string): string {
  if (message !== lastMessage) {
    lastMessageHash = new KeyHash().add(message).text();
    lastMessage = message;
  }
  return lastMessageHash;
}

/** The memory key of the last source's caches (a scale-up records thousands of Events from one source). */
let lastSource: { component: string; host: string | undefined; key: string } | undefined;

function cacheOf(state: ClusterState, source: EventSource): Cache {
  if (lastSource?.component !== source.component || lastSource.host !== source.host) {
    lastSource = { component: source.component, host: source.host, key: `event-cache.${source.component}${source.host ? `@${source.host}` : ''}` };
  }
  return (state.memory[lastSource.key] ??= { log: {}, agg: {} }) as Cache;
}

/** Entries of each cache map, counted once per process and then kept. */
const sizes = new WeakMap<object, number>();

/** Store an entry; past the capacity, evict the least recently used (by `use`) in one batch. */
function lruSet<T>(m: Record<string, T>, k: string, v: T, use: (x: T) => number): void {
  let size = sizes.get(m) ?? Object.keys(m).length;
  if (!(k in m)) size++;
  m[k] = v;
  if (size > CACHE_ENTRIES * 1.25) {
    // Each entry's use read once (a stable sort of the keys in their order by use, as sorting the keys does).
    const keys = Object.keys(m);
    const order = keys.map((key, i) => [use(m[key]!), i] as const);
    order.sort((x, y) => x[0] - y[0]);
    for (let i = 0; i < order.length - CACHE_ENTRIES; i++) delete m[keys[order[i]![1]]!];
    size = CACHE_ENTRIES;
  }
  sizes.set(m, size);
}

interface EventShape {
  involvedObject: { uid?: string; kind?: string; name?: string; namespace?: string; fieldPath?: string };
  reason: string;
  message: string;
  type?: string;
  source: EventSource;
  count: number;
  firstTimestamp?: string;
  lastTimestamp: string;
}

let lastTime = '';
let lastMs = 0;
/** Date.parse of an RFC 3339 time, kept for the last one: a command records thousands of Events at one instant. */
function parsedTime(text: string): number {
  if (text !== lastTime) {
    lastMs = Date.parse(text);
    lastTime = text;
  }
  return lastMs;
}

/** Record an Event about `involved` as its source's recorder would (see the module comment). */
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
  const nowMs = parsedTime(now);
  const ns = involved.metadata.namespace ?? 'default';
  const md = involved.metadata;
  const cache = cacheOf(state, source);
  const tick = (cache.tick = (cache.tick ?? 0) + 1);
  // Both keys start with the source and the object: `component, host, kind, namespace, name, uid, apiVersion`.
  const prefix = new KeyHash()
    .add(source.component)
    .part(source.host ?? '')
    .part(involved.kind ?? '')
    .part(md.namespace ?? '')
    .part(md.name ?? '')
    .part(md.uid ?? '')
    .part(involved.apiVersion ?? '')
    .add('\u0000');

  // The aggregator: distinct messages of one source, object, type and reason within ten minutes.
  const aggKey = prefix.fork().add(type).part(reason).text();
  let record = cache.agg[aggKey];
  if (!record || nowMs - record.t > AGGREGATE_INTERVAL_MS) record = { m: [], t: nowMs, u: tick };
  const msg = messageHash(message);
  if (!record.m.includes(msg)) record.m.push(msg);
  record.t = nowMs;
  record.u = tick;
  const combined = record.m.length >= AGGREGATE_MAX_EVENTS;
  // Past the limit the set does not grow: one message leaves it (client-go pops any).
  if (combined) record.m.splice(record.m.indexOf(msg) === 0 ? 1 : 0, 1);
  lruSet(cache.agg, aggKey, record, (x) => x.u || 0);
  const text = combined ? COMBINED_PREFIX + message : message;
  // The logger's key: the aggregate key for a combined event, else the event's own.
  const logKey = combined ? aggKey : prefix.add(fieldPath ?? '').part(type).part(reason).part(message).text();

  const seen = cache.log[logKey];
  if (seen) {
    const [key, count, first] = seen;
    const e = state.objects.events?.[key] as (KubeObject & EventShape) | undefined;
    // The cache may outlive the Event (expired, deleted): then it is created again.
    if (e && e.involvedObject.uid === md.uid && e.reason === reason && (combined || e.message === message)) {
      e.count = count + 1;
      e.lastTimestamp = now;
      e.message = text;
      e.metadata.resourceVersion = nextResourceVersion(state);
      lruSet<Cache['log'][string]>(cache.log, logKey, [key, count + 1, first, tick], (x) => x[3] || 0);
      return;
    }
  }
  const key = insertEvent(state, env, involved, ns, type, reason, text, source, now, combined ? undefined : fieldPath);
  lruSet<Cache['log'][string]>(cache.log, logKey, [key, 1, now, tick], (x) => x[3] || 0);
}

/**
 * `ms * 10^6 + sub` in hex, exactly, without BigInt (a scale-up names thousands of Events): with
 * ms = mh * 2^20 + ml, it is (mh * 10^6 + yh) * 2^20 + yl where ml * 10^6 + sub = yh * 2^20 + yl, every
 * product below 2^53.
 */
export function unixNanoHex(ms: number, sub: number): string {
  if (!Number.isSafeInteger(ms) || ms < 1048576 || ms >= 2 ** 41 || !Number.isSafeInteger(sub) || sub < 0 || sub >= 1_000_000) {
    return (BigInt(ms) * 1_000_000n + BigInt(sub)).toString(16);
  }
  const mh = Math.floor(ms / 1048576);
  const y = (ms % 1048576) * 1_000_000 + sub;
  const yh = Math.floor(y / 1048576);
  return (mh * 1_000_000 + yh).toString(16) + (y % 1048576).toString(16).padStart(5, '0');
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
  const nanos = unixNanoHex(parsedTime(now), state.meta.resourceVersion % 1_000_000);
  const subject: EventShape['involvedObject'] & { apiVersion?: string; resourceVersion?: string } = {
    apiVersion: involved.apiVersion,
    kind: involved.kind,
    name: involved.metadata.name,
    namespace: involved.metadata.namespace,
    uid: involved.metadata.uid,
    resourceVersion: involved.metadata.resourceVersion,
  };
  // Last, as a spread put it (no spread: a scale-up makes thousands of these).
  if (fieldPath) subject.fieldPath = fieldPath;
  const ev: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.metadata.name}.${nanos}`, namespace: ns, creationTimestamp: now },
    involvedObject: subject,
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
  stampEvent(ev, subject);
  return `${ns}/${ev.metadata.name}`;
}

/** What every Event of one text template shares (all but its own and its object's name, uid, resourceVersion). */
interface EventTemplate {
  key: readonly unknown[];
  /** Undefined until a second Event alike comes; null when the text has no place for each hole. */
  text: TextTemplate | null | undefined;
  rvAt: number;
}

/** The template of the last Event stamped (a scale-up records thousands alike in a row). */
let lastTemplate: EventTemplate | undefined;

/** The values an Event's text template has holes for, by index. */
const EVENT_HOLES = 6;

/** Give a new Event its text as pieces of the template of the Events alike to it (text-stamps.ts). */
function stampEvent(ev: KubeObject & Partial<EventShape>, subject: EventShape['involvedObject'] & { apiVersion?: string; resourceVersion?: string }): void {
  const md = ev.metadata;
  const values = [md.name, md.uid, md.resourceVersion, subject.name, subject.uid, subject.resourceVersion];
  for (const v of values) if (typeof v !== 'string') return;
  // Everything else the text holds (count, eventTime and the reporting fields follow from these).
  const key = [md.namespace, md.creationTimestamp, subject.apiVersion, subject.kind, subject.namespace, subject.fieldPath, ev.reason, ev.message, JSON.stringify(ev.source), ev.type, ev.firstTimestamp, ev.lastTimestamp];
  const t = lastTemplate;
  // A template is made on the second Event alike in a row: one alone (a kubelet's, a bind's) is serialised as before.
  if (!t || !sameValues(t.key, key)) {
    lastTemplate = { key, text: undefined, rvAt: -1 };
    return;
  }
  if (t.text === undefined) {
    t.text = eventTemplate(ev, subject);
    t.rvAt = t.text ? pieceOf(t.text, 2) : -1;
  }
  if (!t.text) return;
  const json = values.map((v) => JSON.stringify(v));
  stampText(ev, fillTemplate(t.text, json), t.rvAt);
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The text template of `ev`: its JSON with a hole for each value stampEvent fills. */
function eventTemplate(ev: KubeObject, subject: EventShape['involvedObject'] & { resourceVersion?: string }): TextTemplate | null {
  const md = ev.metadata;
  const saved = [md.name, md.uid, md.resourceVersion, subject.name, subject.uid, subject.resourceVersion] as string[];
  try {
    md.name = holeMark(0);
    md.uid = holeMark(1);
    md.resourceVersion = holeMark(2);
    subject.name = holeMark(3);
    subject.uid = holeMark(4);
    subject.resourceVersion = holeMark(5);
    return templateOf(JSON.stringify(ev), EVENT_HOLES);
  } finally {
    [md.name, md.uid, md.resourceVersion, subject.name, subject.uid, subject.resourceVersion] = saved;
  }
}

/** The name of the object an Event's storage key is about: `<ns>/<object>` from `<ns>/<object>.<hex>`. */
function eventSubject(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot > key.indexOf('/') ? key.slice(0, dot) : key;
}

/** Generated Event names: `<object>.<UnixNano in hex>`. */
const GENERATED = /\.[0-9a-f]{13,16}$/;

/**
 * Events filed under the `<namespace>/<name>` of the object their generated name says they are about
 * (Events named otherwise, created by hand, all under `*`), with the Event shard they live in after an
 * `@`: the index is sharded the same way as the Events, so recording new Events rewrites only the
 * index entries of the newest shards, and describe reads one index shard per Event shard.
 */
const BY_SUBJECT = 'events.subject';
registerIndex(BY_SUBJECT, { resource: 'events', version: 2, scheme: 'suffix', fromKey: (key) => [`${GENERATED.test(key) ? eventSubject(key) : '*'}@${eventShard(key)}`] });

/**
 * The Events about an object: the ones whose generated name names it, and any named otherwise that
 * refer to it (by uid, else by kind and name), parsing no other Event.
 */
export function eventsAbout(state: ClusterState, obj: KubeObject): KubeObject[] {
  const events = state.objects.events;
  if (!events) return [];
  const uid = obj.metadata.uid;
  const tracker = trackerOf(state);
  const out: KubeObject[] = [];
  const subject = `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`;
  const keys: string[] = [];
  for (const shard of tracker.indexShards(BY_SUBJECT)) keys.push(...tracker.lookup(BY_SUBJECT, `${subject}@${shard}`), ...tracker.lookup(BY_SUBJECT, `*@${shard}`));
  for (const key of keys) {
    const e = events[key] as (KubeObject & Partial<EventShape>) | undefined;
    const io = e?.involvedObject;
    if (io && (uid ? io.uid === uid : io.name === obj.metadata.name && io.kind === obj.kind)) out.push(e);
  }
  return out;
}

/** When an Event was last written (its lease's start, for the TTL): lastTimestamp, else its other times. */
export function eventLastWrite(e: KubeObject): number {
  const x = e as { lastTimestamp?: string; eventTime?: string; series?: { lastObservedTime?: string } };
  const t = x.series?.lastObservedTime ?? x.lastTimestamp ?? x.eventTime ?? e.metadata.creationTimestamp;
  return Date.parse(t ?? '') || 0;
}
