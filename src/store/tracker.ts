/**
 * What changed in a loaded state, for the controllers (watch-style triggers) and for the save (which
 * shards to write). Every write to an API object bumps its `metadata.resourceVersion` (the API's own
 * rule, kept by api/objects.ts and the controllers), so a change is found by comparing each *loaded*
 * object's identity and resourceVersion with what was seen last: a scan that runs only when
 * `meta.resourceVersion` moved (or a sharded map was assigned to), and never parses anything.
 *
 * Changes are kept in a log; each consumer (a controller) reads the entries after its cursor. For kinds
 * with a registered digest (a small projection, e.g. a pod's labels, owner, node and readiness), each
 * entry carries the digest before and after, so a controller knows which owners or Services a pod
 * left as well as which it joined, and the digest of every object is kept beside its shards so
 * controllers can select among 10,000 pods without parsing them.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { shardedOf } from './shards.js';

/** One change: an object set (created or modified) or deleted. */
export interface Change {
  resource: string;
  key: string;
  /** The object as it was when deleted (absent for a set). */
  gone?: KubeObject;
  /** Digest before the change (undefined: the object did not exist, or the kind has no digest). */
  before?: unknown;
  /** Digest after the change (undefined: deleted, or no digest). */
  after?: unknown;
}

/**
 * A projection of a kind's objects kept beside its shards, and its version (bump it when `fn` changes).
 * `fn` may return undefined for objects that need no entry (a sparse digest).
 */
export interface Digester {
  version: number;
  fn(obj: KubeObject): unknown;
}

const digesters = new Map<string, Digester>();

/** Keep a digest of `resource`'s objects (registered once, at module load, by the code that reads it). */
export function registerDigest(resource: string, d: Digester): void {
  digesters.set(resource, d);
}

/**
 * An index over a digested kind: each object filed under the values `keysOf` gives for its digest
 * (a pod under each `namespace\0label=value` pair), kept beside the shards as `index.<name>` so
 * a lookup parses one entry, not every digest.
 */
export interface IndexDef {
  resource: string;
  version: number;
  /** The values an object is filed under, from its digest. */
  keysOf?(digest: unknown): string[];
  /** Or from its storage key alone (a kind without a digest: Events by the object their name names). */
  fromKey?(key: string): string[];
  /** How its entries are sharded (default: by hash of the value). */
  scheme?: 'hash' | 'suffix';
}

const indexes = new Map<string, IndexDef>();

/** Keep an index (registered once, at module load, by the code that looks things up in it). */
export function registerIndex(name: string, def: IndexDef): void {
  indexes.set(name, def);
}

/** Every registered index, by name. */
export function indexDefs(): Map<string, IndexDef> {
  return indexes;
}

/** The registered digest of `resource`, if any. */
export function digesterOf(resource: string): Digester | undefined {
  return digesters.get(resource);
}

/** Every resource with a digest. */
export function digestedResources(): string[] {
  return [...digesters.keys()];
}

interface Seen {
  o: unknown;
  rv: unknown;
  /** Digest as of the last change seen (undefined until the first one: the stored digest then holds). */
  d?: unknown;
}

/** How a tracker reads stored digests and indexes (the store's maps); undefined when there is none usable. */
export interface Stored {
  digests(resource: string): Record<string, unknown> | undefined;
  index(name: string): Record<string, Record<string, 1>> | undefined;
}

const NOTHING_STORED: Stored = { digests: () => undefined, index: () => undefined };

/** The change tracker of one loaded state. */
export class Tracker {
  private readonly seen = new Map<string, Map<string, Seen>>();
  readonly log: Change[] = [];
  /** Per resource: the log position of its latest change. */
  private readonly last = new Map<string, number>();
  /** Keys changed since the state was loaded, per resource (what a save writes). */
  readonly sinceLoad = new Map<string, Set<string>>();
  private lastRv = NaN;
  /** Bumped by sharded-map assignments and deletes, so a scan also runs when no resourceVersion moved. */
  touches = 0;
  private scannedTouches = -1;
  /** Per consumer: log position read up to, or 'full' (must look at everything once). */
  readonly cursors = new Map<string, number | 'full'>();
  /** Set when the stored digests cannot be trusted (an older layout): controllers look at everything once. */
  forceFull = false;
  private views = new Map<string, { map: Map<string, unknown>; at: number }>();

  constructor(
    private readonly state: ClusterState,
    private readonly stored: Stored,
  ) {}

  /** Record that a loaded object is the stored one (called by shard loads: not a change). */
  baseline(resource: string, key: string, value: unknown): void {
    this.seenOf(resource).set(key, { o: value, rv: rvOf(value) });
  }

  private seenOf(resource: string): Map<string, Seen> {
    let m = this.seen.get(resource);
    if (!m) this.seen.set(resource, (m = new Map()));
    return m;
  }

  /** Find the changes made since the last scan (cheap when nothing moved). */
  scan(): void {
    const rv = this.state.meta.resourceVersion;
    if (rv === this.lastRv && this.touches === this.scannedTouches) return;
    this.lastRv = rv;
    this.scannedTouches = this.touches;
    const objects = this.state.objects as Record<string, unknown>;
    const present = new Set<string>();
    for (const resource of Object.keys(objects)) {
      const desc = Object.getOwnPropertyDescriptor(objects, resource);
      if (!desc || desc.get) continue; // never read: nothing in it can have changed
      present.add(resource);
      const map = desc.value as Record<string, unknown> | undefined;
      if (!map || typeof map !== 'object') continue;
      const sm = shardedOf(map);
      if (sm?.trackingAccess) {
        // Only keys reached through the map since the last scan can have changed.
        if (sm.accessed.size) this.scanKeys(resource, sm.target, sm.accessed);
        sm.accessed.clear();
      } else this.scanMap(resource, sm?.target ?? map);
    }
    // A whole kind removed: everything seen of it is gone.
    for (const [resource, seen] of this.seen) if (!present.has(resource) && seen.size) this.scanMap(resource, {});
  }

  private scanMap(resource: string, data: Record<string, unknown>): void {
    const seen = this.seenOf(resource);
    const digester = digesters.get(resource);
    let count = 0;
    for (const key in data) {
      count++;
      const o = data[key];
      const s = seen.get(key);
      if (s && s.o === o && s.rv === rvOf(o)) continue;
      this.recordSet(resource, key, s, o, digester);
    }
    if (seen.size === count) return;
    for (const [key, s] of seen) {
      if (Object.prototype.hasOwnProperty.call(data, key)) continue;
      this.record({ resource, key, gone: s.o as KubeObject, before: this.digestBefore(resource, key, s) });
      seen.delete(key);
    }
  }

  /** Look at the given keys of a kind only (each present, changed or gone). */
  private scanKeys(resource: string, data: Record<string, unknown>, keys: Iterable<string>): void {
    const seen = this.seenOf(resource);
    const digester = digesters.get(resource);
    for (const key of keys) {
      const s = seen.get(key);
      if (!Object.prototype.hasOwnProperty.call(data, key)) {
        if (!s) continue;
        this.record({ resource, key, gone: s.o as KubeObject, before: this.digestBefore(resource, key, s) });
        seen.delete(key);
        continue;
      }
      const o = data[key];
      if (s && s.o === o && s.rv === rvOf(o)) continue;
      this.recordSet(resource, key, s, o, digester);
    }
  }

  /**
   * An object set at `key`. One with another uid than the object seen there replaced it (deleted and
   * created again in one command, as `replace --force` does): the old one is recorded gone first, so its
   * dependents are collected and nothing takes the new object for the old one.
   */
  private recordSet(resource: string, key: string, s: Seen | undefined, o: unknown, digester: Digester | undefined): void {
    const seen = this.seenOf(resource);
    const oldUid = (s?.o as KubeObject | undefined)?.metadata?.uid;
    if (s && oldUid && oldUid !== (o as KubeObject | undefined)?.metadata?.uid) {
      this.record({ resource, key, gone: s.o as KubeObject, before: this.digestBefore(resource, key, s) });
      seen.delete(key);
      s = undefined;
    }
    const after = digester && o ? digester.fn(o as KubeObject) : undefined;
    const before = s ? this.digestBefore(resource, key, s) : undefined;
    this.record({ resource, key, before, after });
    seen.set(key, { o, rv: rvOf(o), d: after });
  }

  private digestBefore(resource: string, key: string, s: Seen): unknown {
    if (s.d !== undefined || !digesters.has(resource)) return s.d;
    return own(this.stored.digests(resource), key);
  }

  /** Whether an object of one of `resources` (of any kind, when absent) changed at log position `from` or later. */
  changedSince(from: number, resources?: readonly string[]): boolean {
    if (!resources) return this.log.length > from;
    for (const r of resources) if ((this.last.get(r) ?? -1) >= from) return true;
    return false;
  }

  private record(c: Change): void {
    this.last.set(c.resource, this.log.length);
    this.log.push(c);
    let keys = this.sinceLoad.get(c.resource);
    if (!keys) this.sinceLoad.set(c.resource, (keys = new Set()));
    keys.add(c.key);
  }

  /** The digest of a loaded object as of the last scan, if the tracker computed it (after a change). */
  seenDigest(resource: string, key: string): unknown {
    return this.seen.get(resource)?.get(key)?.d;
  }

  /** The live digest of one object (undefined: no such object, or none for it). */
  digestOf(resource: string, key: string): unknown {
    this.scan();
    const digester = digesters.get(resource);
    if (!digester) throw new Error(`no digest registered for ${resource}`);
    const view = this.views.get(resource);
    if (view && view.at === this.log.length) return view.map.get(key);
    const stored = this.stored.digests(resource);
    if (!this.sinceLoad.get(resource)?.has(key)) {
      if (stored) return own(stored, key);
    } else {
      // Changed since load: the scan above computed its digest (10,000 new pods are not digested again per lookup).
      const s = this.seen.get(resource)?.get(key);
      if (s && s.d !== undefined && s.o === this.state.objects[resource]?.[key]) return s.d;
    }
    const o = this.state.objects[resource]?.[key];
    return o ? digester.fn(o) : undefined;
  }

  /** Index overlays: per index, value → object key → filed there now (true) or not (false), since load. */
  private overlays = new Map<string, { at: number; byValue: Map<string, Map<string, boolean>> }>();

  /** The overlay of an index, brought up to date with the log. */
  overlay(name: string): Map<string, Map<string, boolean>> {
    this.scan();
    const def = indexes.get(name)!;
    let o = this.overlays.get(name);
    if (!o) this.overlays.set(name, (o = { at: 0, byValue: new Map() }));
    for (; o.at < this.log.length; o.at++) {
      const c = this.log[o.at]!;
      if (c.resource !== def.resource) continue;
      if (def.fromKey) {
        for (const v of def.fromKey(c.key)) file(o.byValue, v, c.key, !c.gone);
        continue;
      }
      const after = c.after !== undefined ? def.keysOf!(c.after) : [];
      const before = c.before !== undefined ? def.keysOf!(c.before) : [];
      // Filed under the same values before and after (a status change): already filed so.
      if (sameValues(before, after)) continue;
      for (const v of before) if (!after.includes(v)) file(o.byValue, v, c.key, false);
      for (const v of after) file(o.byValue, v, c.key, true);
    }
    return o.byValue;
  }

  /** The shards of a `suffix` index (the part of its values after `@`): those stored and those this command filed under. */
  indexShards(name: string): string[] {
    const stored = this.stored.index(name);
    const ids = new Set(stored ? shardedOf(stored)?.shardIds() ?? [] : []);
    for (const v of this.overlay(name).keys()) {
      const at = v.lastIndexOf('@');
      ids.add(at < 0 ? 'x' : v.slice(at + 1));
    }
    return [...ids];
  }

  /**
   * The keys of the objects filed under `value` in index `name` now, in filing order (the stored entry,
   * then this command's changes); without a usable stored index, found from the digests.
   */
  lookup(name: string, value: string): string[] {
    const def = indexes.get(name);
    if (!def) throw new Error(`no index registered as ${name}`);
    const stored = this.stored.index(name);
    if (!stored) {
      const out: string[] = [];
      if (def.fromKey) {
        for (const key of Object.keys(this.state.objects[def.resource] ?? {})) if (def.fromKey(key).includes(value)) out.push(key);
      } else for (const [key, d] of this.digests(def.resource)) if (def.keysOf!(d).includes(value)) out.push(key);
      return out;
    }
    const entry = (own(stored, value) ?? {}) as Record<string, unknown>;
    const keys = Object.keys(entry);
    const delta = this.overlay(name).get(value);
    if (!delta) return keys;
    const out = keys.filter((k) => delta.get(k) !== false);
    for (const [k, present] of delta) if (present && !entry[k]) out.push(k);
    return out;
  }

  /**
   * The live digests of `resource` if they were assembled already (by `digests`), else undefined: a
   * caller with a few keys to look up then asks for them one by one rather than reading every digest.
   */
  digestsIfBuilt(resource: string): Map<string, unknown> | undefined {
    return this.views.has(resource) ? this.digests(resource) : undefined;
  }

  /**
   * The live digests of every object of `resource`: the stored ones with this command's changes laid
   * over them (built once, then patched from the log). Callers must not modify the map.
   */
  digests(resource: string): Map<string, unknown> {
    this.scan();
    const digester = digesters.get(resource);
    if (!digester) throw new Error(`no digest registered for ${resource}`);
    let view = this.views.get(resource);
    if (!view) {
      const map = new Map<string, unknown>();
      const stored = this.stored.digests(resource);
      if (stored) {
        for (const key of Object.keys(stored)) map.set(key, stored[key]);
      } else {
        // No stored digest (a state never saved, or an older layout): derive it from every object.
        const objects = (this.state.objects[resource] ?? {}) as Record<string, KubeObject>;
        for (const key of Object.keys(objects)) {
          const d = digester.fn(objects[key]!);
          if (d !== undefined) map.set(key, d);
        }
      }
      // Changes made before this view was built (their digests as the scan computed them).
      const seen = this.seen.get(resource);
      for (const key of this.sinceLoad.get(resource) ?? []) {
        const o = this.state.objects[resource]?.[key];
        const s = seen?.get(key);
        const d = !o ? undefined : s && s.o === o && s.d !== undefined ? s.d : digester.fn(o);
        if (d !== undefined) map.set(key, d);
        else map.delete(key);
      }
      this.views.set(resource, (view = { map, at: this.log.length }));
      return map;
    }
    for (let i = view.at; i < this.log.length; i++) {
      const c = this.log[i]!;
      if (c.resource !== resource) continue;
      if (c.gone || c.after === undefined) view.map.delete(c.key);
      else view.map.set(c.key, c.after);
    }
    view.at = this.log.length;
    return view.map;
  }
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function file(byValue: Map<string, Map<string, boolean>>, value: string, key: string, present: boolean): void {
  let m = byValue.get(value);
  if (!m) byValue.set(value, (m = new Map()));
  m.set(key, present);
}

function rvOf(o: unknown): unknown {
  return (o as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
}

const trackers = new WeakMap<ClusterState, Tracker>();

/** The tracker of a state (made on first use; a state the store assembled gets one with its stored digests). */
export function trackerOf(state: ClusterState): Tracker {
  let t = trackers.get(state);
  if (!t) trackers.set(state, (t = new Tracker(state, NOTHING_STORED)));
  return t;
}

/** Attach a tracker reading the stored digests and indexes (the store, when it assembles a state). */
export function attachTracker(state: ClusterState, stored: Stored): Tracker {
  const t = new Tracker(state, stored);
  trackers.set(state, t);
  return t;
}

/**
 * A stored map's own entry: keys are object keys and index values, and a cluster-scoped object may be
 * named `constructor` (a plain object would answer with Object.prototype's).
 */
function own(map: Record<string, unknown> | undefined, key: string): unknown {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}
