/**
 * A map kept in shards: the objects of one kind, the container runtimes, a digest. Each shard is one
 * stored text (`{"seq":[...],"items":{key: value, ...}}`) read on first use, so a command parses only
 * the shards holding the keys it touches: `get svc` next to 10,000 pods parses no pod, an `exec` one
 * runtime shard. Product code sees a plain object (a Proxy): `map[key]`, `key in map`, assignment,
 * `delete` and `Object.values(map)` behave as on a plain object, in insertion order, which every load
 * reproduces from the stored insertion numbers (controllers act in that order, so it is part of the
 * deterministic output).
 *
 * Where a key lives: `hash` shards by FNV-1a of the key into 2^bits shards (bits chosen at save from the
 * map's size, so a shard stays small whatever the cluster size); `events` by the creation instant an
 * Event's name carries (`<object>.<16 hex digits of UnixNano>`), so new events go to new shards and old
 * ones expire a shard at a time; `suffix` by what follows the key's last `@` (an index whose values
 * carry the Event shard they belong to, so writing new Events touches only new index shards); `legacy`
 * for the parts of the first split layout (one shard, or the runtime buckets with their uid index).
 */
import { goUnmarshalError } from '../api/json-stream.js';

/** Why a stored text cannot be used, in words that name no JavaScript parser (Go's JSON error). */
export function unreadableText(text: string): string {
  const problem = goUnmarshalError(text);
  return problem ? `is not valid JSON (${problem})` : 'is not in the form kube-sim stores it';
}

/** How a map's keys are assigned to shards. */
export type SchemeName = 'hash' | 'events' | 'suffix' | 'legacy';

/** One stored shard: where its text is, its size and number of entries. */
export interface ShardMeta {
  file: string;
  bytes: number;
  n: number;
}

/** A sharded map as the manifest describes it. */
export interface MapMeta {
  scheme: SchemeName;
  /** `hash`: 2^bits shards. */
  bits?: number;
  /** The last insertion number handed out. */
  seq: number;
  /** Digest maps: the version of the digest function that made them. */
  version?: number;
  /** `legacy` runtime buckets: the keys each holds. */
  index?: Record<string, string[]>;
  shards: Record<string, ShardMeta>;
}

/**
 * Aim for shards of about this many bytes (a parse of ~10 M instructions, about 2 ms): a single-object
 * write parses and rewrites the shard holding its object (at 256 KB, `label svc` and `delete svc` next
 * to 1,000 Services cost 18-22% more instructions).
 */
export const SHARD_BYTES = 128 * 1024;

/**
 * Pods are written in bulk (a scale-up makes 10,000 and rewrites every shard): their shards aim at 512 KB,
 * so a scale writes fewer files (each file's open and fdatasync cost about a millisecond here, more when
 * other processes write), while a command that reads one pod parses ~0.5 MB (at 1 MB, an `exec -- curl`
 * at 10,000 pods cost 11% more instructions; at 512 KB about a third of that).
 */
const BULK_SHARD_BYTES = 512 * 1024;

/**
 * Digests and indexes other than the pods' digest, and the sharded memories (the containers'
 * service-variable snapshots, each resource's deletion log), are read and changed an entry at a time (a
 * Service created, labelled or deleted; the pods of one label, the dependents of one owner; the snapshot
 * of the container an `exec` runs in; the log of the kind a command deletes), and every such write parses
 * and rewrites the shard holding its entry (JSON.parse is ~80 instructions a byte here): shards of a few
 * kilobytes keep that cost apart from the cluster's size. An index entry may itself be large (the 10,000
 * pods of one ReplicaSet under its uid, 240 KB); small shards keep the other entries out of its shard. A
 * bulk change does not touch more of them: a scale-up files its pods under one label and one owner.
 */
const SMALL_SHARD_BYTES = 16 * 1024;

/** The shard size a hash map named `name` (`objects.pods`, `index.pods.labels`...) aims at. */
export function shardBytesFor(name: string): number {
  if (name === 'objects.pods') return BULK_SHARD_BYTES;
  if (name === 'digest.pods') return SHARD_BYTES;
  if (name.startsWith('index.') || name.startsWith('digest.') || name.startsWith('memory.')) return SMALL_SHARD_BYTES;
  return SHARD_BYTES;
}

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const EVENT_NAME = /\.([0-9a-f]{13,16})$/;

/**
 * The shard of an Event key: the cluster minute and the 4096-wide window of the sub-millisecond counter
 * its name's UnixNano carries (events.ts puts the resourceVersion there), so a scale-up's thousands of
 * events spread over shards of about a thousand, and a shard holds events of one minute only.
 */
export function eventShard(key: string): string {
  const m = EVENT_NAME.exec(key);
  if (!m) return 'x';
  // UnixNano = hi * 2^32 + lo, divided by 10^6 in doubles without losing a digit (every Event key is
  // placed so, at every access: BigInt arithmetic here was a visible part of a 10,000-pod scale).
  const hex = m[1]!;
  const hi = parseInt(hex.slice(0, -8) || '0', 16);
  const lo = parseInt(hex.slice(-8), 16);
  const rest = (hi % 1_000_000) * 4294967296 + lo;
  const ms = Math.floor(hi / 1_000_000) * 4294967296 + Math.floor(rest / 1_000_000);
  const sub = rest % 1_000_000;
  return `${Math.floor(ms / 60_000)}-${sub >> 12}`;
}

/** The cluster minute (ms since the epoch / 60 s) whose events an `events` shard holds, or null. */
export function eventShardMinute(shard: string): number | null {
  const m = /^(\d+)-\d+$/.exec(shard);
  return m ? Number(m[1]) : null;
}

/** The shard id of `key` under `meta`'s scheme (bits for `hash` given separately when resharding). */
export function shardOf(scheme: SchemeName, bits: number, key: string, legacy?: Map<string, string>): string {
  if (scheme === 'hash') return bits ? String(fnv1a(key) & ((1 << bits) - 1)) : '0';
  if (scheme === 'events') return eventShard(key);
  if (scheme === 'suffix') {
    const at = key.lastIndexOf('@');
    return at < 0 ? 'x' : key.slice(at + 1);
  }
  return legacy?.get(key) ?? '*';
}

/** Bits for a hash map of `bytes`: shards of `target` bytes on average, up to 2^12 of them. */
export function bitsFor(bytes: number, target = SHARD_BYTES): number {
  let bits = 0;
  while (bits < 12 && bytes / (1 << bits) > target) bits++;
  return bits;
}

/**
 * Whether a hash map of `bytes` in 2^bits shards should be resharded: shards a quarter too large (a
 * single-object write parses and rewrites the shard holding it, so shards stay near the target; the map
 * has about doubled since it was last sharded), or 8× too small.
 */
export function needsReshard(bits: number, bytes: number, target = SHARD_BYTES): boolean {
  const avg = bytes / (1 << bits);
  return (avg > target * 1.25 && bits < 12) || (avg < target / 8 && bits > 0);
}

/** Parse a shard text into [key, insertion number, value] triples (legacy shards: numbered from `base`). */
export function decodeShard(text: string, legacy: boolean, base = 0): { keys: string[]; seqs: number[]; items: Record<string, unknown> } {
  const parsed = JSON.parse(text) as { seq?: number[]; items?: Record<string, unknown> };
  if (legacy) {
    const items = parsed as Record<string, unknown>;
    const keys = Object.keys(items);
    return { keys, seqs: keys.map((_, i) => base + i + 1), items };
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.seq) || typeof parsed.items !== 'object' || parsed.items === null) {
    throw new Error('not a shard (expected {"seq": [...], "items": {...}})');
  }
  const keys = Object.keys(parsed.items);
  if (keys.length !== parsed.seq.length) throw new Error('its "seq" and "items" differ in length');
  return { keys, seqs: parsed.seq, items: parsed.items };
}

/**
 * A text to store: one string, or pieces stored one after the other. A shard of 80 pods is 250 KB: its
 * pieces are copied straight into the file's buffer, never joined into one string first.
 */
export type StoredText = string | readonly string[];

/** The length of a stored text (in UTF-16 code units, as a string's length). */
export function textLength(text: StoredText): number {
  if (typeof text === 'string') return text.length;
  let n = 0;
  for (const piece of text) n += piece.length;
  return n;
}

/** A stored text as one string. */
export function joinText(text: StoredText): string {
  return typeof text === 'string' ? text : text.join('');
}

/** One entry of a shard: key, insertion number, JSON text of the value. */
export type ShardEntry = [string, number, StoredText];

/** The text of a shard holding `entries` in insertion order, in pieces (sorts `entries`). */
export function shardPieces(entries: ShardEntry[]): string[] {
  entries.sort((a, b) => a[1] - b[1]);
  const seq: number[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) seq[i] = entries[i]![1];
  const out: string[] = [`{"seq":[${seq.join(',')}],"items":{`];
  for (let i = 0; i < entries.length; i++) {
    const [key, , json] = entries[i]!;
    out.push(`${i ? ',' : ''}${JSON.stringify(key)}:`);
    if (typeof json === 'string') out.push(json);
    else for (const piece of json) out.push(piece);
  }
  out.push('}}');
  return out;
}

/** The text of a shard holding `entries` in insertion order (sorts `entries`). */
export function encodeShard(entries: ShardEntry[]): string {
  return shardPieces(entries).join('');
}

/** Where shards come from (the store: files, or strings in memory) and how a bad one is reported. */
export interface ShardSource {
  /** The stored text of a shard (or, with `shard` null, of a single part). */
  read(name: string, shard: string | null, meta: ShardMeta): string;
  /** The error for a stored text that cannot be used. */
  fail(name: string, shard: string | null, meta: ShardMeta, why: string): Error;
  /** A problem with a parsed shard's items, if any. */
  check?(name: string, items: Record<string, unknown>): string | undefined;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Maps created by `openMap`, for the store and the change tracker. */
const byProxy = new WeakMap<object, ShardedMap>();

/** The sharded map behind a Proxy handed out by `openMap`, if `value` is one. */
export function shardedOf(value: unknown): ShardedMap | undefined {
  return typeof value === 'object' && value !== null ? byProxy.get(value) : undefined;
}

/**
 * `keys` of `map` (all present in it) in the map's insertion order, the order `Object.keys(map)` gives,
 * without loading the shards that hold none of them: a sharded map knows each loaded key's insertion
 * number; a plain object is asked for its keys.
 */
export function inMapOrder(map: Record<string, unknown>, keys: string[]): string[] {
  if (keys.length < 2) return keys;
  const seq = shardedOf(map)?.seqOf;
  if (seq) return [...keys].sort((a, b) => seq.get(a)! - seq.get(b)!);
  const at = new Map(Object.keys(map).map((k, i) => [k, i]));
  return [...keys].sort((a, b) => at.get(a)! - at.get(b)!);
}

/**
 * One sharded map of a loaded state. `target` holds the entries loaded or set so far (in no particular
 * order); `seqOf` their insertion numbers; a shard is parsed at most once.
 */
export class ShardedMap {
  /** Without a prototype: a key may be `constructor` or `toString` (a cluster-scoped object's name). */
  readonly target: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  readonly proxy: Record<string, unknown>;
  readonly seqOf = new Map<string, number>();
  readonly loaded = new Set<string>();
  /** Text of each loaded shard as stored (kept only when `keepTexts`: maps compared by content at save). */
  readonly texts = new Map<string, string>();
  /** Shards touched by an assignment or delete (written at save even when compared by content). */
  readonly touched = new Set<string>();
  /** The keys present in each loaded (or assigned-to) shard. */
  private readonly byShard = new Map<string, Set<string>>();
  nextSeq: number;
  private order: string[] | null = null;
  private allLoaded = false;
  private readonly legacyIndex?: Map<string, string>;
  private readonly bits: number;

  /**
   * Keys read, assigned or deleted through the Proxy since the change tracker last looked (with
   * `opts.trackAccess`): only these can have changed, as an object is reached through its map.
   */
  readonly accessed = new Set<string>();
  private readonly keepTexts: boolean;
  private readonly onLoad?: (key: string, value: unknown) => void;
  private readonly onTouch?: () => void;
  /** Whether `accessed` is kept (the tracker then scans only those keys). */
  readonly trackingAccess: boolean;

  constructor(
    readonly name: string,
    readonly meta: MapMeta | null,
    private readonly source: ShardSource,
    opts: MapOptions = {},
  ) {
    this.keepTexts = !!opts.keepTexts;
    this.onLoad = opts.onLoad;
    this.onTouch = opts.onTouch;
    const track = (this.trackingAccess = !!opts.trackAccess);
    this.nextSeq = meta?.seq ?? 0;
    this.bits = meta?.bits ?? 0;
    if (meta?.scheme === 'legacy' && meta.index) {
      this.legacyIndex = new Map();
      for (const [shard, keys] of Object.entries(meta.index)) for (const k of keys) this.legacyIndex.set(k, shard);
    }
    if (!meta || Object.keys(meta.shards).length === 0) this.allLoaded = true;
    const self = this;
    const target = this.target;
    const accessed = this.accessed;
    this.proxy = new Proxy(target, {
      get(t, key, receiver) {
        if (typeof key === 'string') {
          if (!Object.prototype.hasOwnProperty.call(t, key)) self.ensure(key);
          if (track) accessed.add(key);
        }
        return Reflect.get(t, key, receiver);
      },
      has(t, key) {
        if (typeof key === 'string' && !Object.prototype.hasOwnProperty.call(t, key)) self.ensure(key);
        return Reflect.has(t, key);
      },
      set(t, key, value) {
        if (typeof key !== 'string') return Reflect.set(t, key, value);
        self.put(key, value);
        return true;
      },
      defineProperty(t, key, desc) {
        if (typeof key !== 'string' || !('value' in desc)) return Reflect.defineProperty(t, key, desc);
        self.put(key, desc.value);
        return true;
      },
      deleteProperty(t, key) {
        if (typeof key !== 'string') return Reflect.deleteProperty(t, key);
        self.remove(key);
        return true;
      },
      ownKeys() {
        return self.keys();
      },
      getOwnPropertyDescriptor(t, key) {
        if (typeof key === 'string') {
          if (!Object.prototype.hasOwnProperty.call(t, key)) self.ensure(key);
          if (track) accessed.add(key);
        }
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
    });
    byProxy.set(this.proxy, this);
  }

  /** The shard `key` lives in. */
  shardOf(key: string): string {
    return shardOf(this.meta?.scheme ?? 'hash', this.bits, key, this.legacyIndex);
  }

  /** Parse the shard holding `key` unless it is loaded. */
  ensure(key: string): void {
    if (this.allLoaded) return;
    const id = this.shardOf(key);
    if (!this.loaded.has(id)) this.load(id);
  }

  /** Parse one shard (if stored) into the target; entries set or deleted meanwhile are not overwritten. */
  load(id: string): void {
    if (this.loaded.has(id)) return;
    this.loaded.add(id);
    const meta = this.meta?.shards[id];
    if (!meta) return;
    const text = this.source.read(this.name, id, meta);
    const legacy = this.meta!.scheme === 'legacy';
    let decoded: ReturnType<typeof decodeShard>;
    try {
      decoded = decodeShard(text, legacy, legacy ? this.legacyBase(id) : 0);
    } catch {
      this.loaded.delete(id);
      throw this.source.fail(this.name, id, meta, unreadableText(text));
    }
    const problem = this.source.check?.(this.name, decoded.items);
    if (problem) {
      this.loaded.delete(id);
      throw this.source.fail(this.name, id, meta, `is not valid: ${problem}`);
    }
    const { keys, seqs, items } = decoded;
    if (this.keepTexts) this.texts.set(id, text);
    const inShard = this.keysSet(id);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      inShard.add(key);
      this.target[key] = items[key];
      this.seqOf.set(key, seqs[i]!);
      if (seqs[i]! > this.nextSeq) this.nextSeq = seqs[i]!;
      this.onLoad?.(key, items[key]);
    }
    if (keys.length) this.order = null;
  }

  /** Legacy shards have no insertion numbers: number each after the shards before it in index order. */
  private legacyBase(id: string): number {
    let base = 0;
    for (const [shard, meta] of Object.entries(this.meta!.shards)) {
      if (shard === id) break;
      base += meta.n;
    }
    return base;
  }

  /** Parse every shard not loaded yet. */
  loadAll(): void {
    if (this.allLoaded) return;
    for (const id of Object.keys(this.meta?.shards ?? {})) this.load(id);
    this.allLoaded = true;
  }

  /** True once every stored shard is parsed. */
  get complete(): boolean {
    return this.allLoaded;
  }

  private keysSet(id: string): Set<string> {
    let set = this.byShard.get(id);
    if (!set) this.byShard.set(id, (set = new Set()));
    return set;
  }

  /** The keys in one shard now (loading it). */
  keysIn(id: string): string[] {
    this.load(id);
    return [...(this.byShard.get(id) ?? [])];
  }

  /** The keys present now in a shard that is loaded or was assigned to (none else), without loading it. */
  keysPresent(id: string): ReadonlySet<string> {
    return this.byShard.get(id) ?? NO_KEYS;
  }

  /** Every shard stored or assigned to, without loading any. */
  shardIds(): string[] {
    return [...new Set([...Object.keys(this.meta?.shards ?? {}), ...this.touched])];
  }

  private put(key: string, value: unknown): void {
    // The shard placed once (for Events a parse of the key's hex digits), then loaded as ensure() would.
    const id = this.shardOf(key);
    if (!this.allLoaded && !this.loaded.has(id)) this.load(id);
    if (!this.seqOf.has(key)) {
      this.seqOf.set(key, ++this.nextSeq);
      this.order = null;
    }
    this.target[key] = value;
    this.keysSet(id).add(key);
    this.touched.add(id);
    this.accessed.add(key);
    this.onTouch?.();
  }

  private remove(key: string): void {
    const id = this.shardOf(key);
    if (!this.allLoaded && !this.loaded.has(id)) this.load(id);
    if (this.seqOf.delete(key)) this.order = null;
    delete this.target[key];
    this.byShard.get(id)?.delete(key);
    this.touched.add(id);
    this.accessed.add(key);
    this.onTouch?.();
  }

  /** Every key, in insertion order (loads every shard). */
  keys(): string[] {
    this.loadAll();
    if (!this.order) this.order = [...this.seqOf.keys()].sort((a, b) => this.seqOf.get(a)! - this.seqOf.get(b)!);
    return this.order;
  }
}

/** How a sharded map is watched. */
export interface MapOptions {
  /** Keep each loaded shard's text (maps compared by content at save). */
  keepTexts?: boolean;
  /** Called for every entry a shard load brings in (the change tracker's baseline). */
  onLoad?: (key: string, value: unknown) => void;
  /** Called on every assignment or delete. */
  onTouch?: () => void;
  /** Record the keys reached through the Proxy (`accessed`). */
  trackAccess?: boolean;
}

/** A lazily sharded view of a stored map (or an empty one when `meta` is null). */
export function openMap(name: string, meta: MapMeta | null, source: ShardSource, opts: MapOptions = {}): ShardedMap {
  return new ShardedMap(name, meta, source, opts);
}
