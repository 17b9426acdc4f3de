/**
 * The state as separately stored parts, so a command parses and writes only what it touches. A state
 * is a small head (format, meta, settings) plus
 * - one sharded map per object kind (`objects.pods`; shards.ts), kept small whatever the cluster size;
 * - a digest map per kind that has one (`digest.pods`: tracker.ts), what controllers select by;
 * - the container runtimes, one sharded map by pod uid (`runtime`);
 * - one part per controller memory (`memory.kubelet`), small by design.
 * Both stores assemble a state whose maps are lazy (parsed on first access) and save it by writing only
 * what changed: object shards holding a changed object (found by the change tracker from
 * resourceVersions, without serialising anything else), runtime shards and memory parts whose JSON text
 * differs from what was read.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import { unreadableText, bitsFor, shardBytesFor, decodeShard, encodeShard, needsReshard, openMap, shardedOf, shardOf, shardPieces, textLength, type MapMeta, type SchemeName, type ShardedMap, type ShardEntry, type ShardMeta, type ShardSource, type MapOptions, type StoredText } from './shards.js';
import { attachTracker, digestedResources, digesterOf, indexDefs, trackerOf, type Tracker } from './tracker.js';
import { ObjectJson } from './object-json.js';

/** Everything of the state except its maps. */
export type Head = Omit<ClusterState, 'objects' | 'runtime' | 'memory'>;

/** What a stored state holds besides its head: sharded maps and single parts, each by stored name. */
export interface Layout {
  maps: Record<string, MapMeta>;
  parts: Record<string, ShardMeta>;
}

const OBJECTS = 'objects.';
const MEMORY = 'memory.';
const DIGEST = 'digest.';
const INDEX = 'index.';
const RUNTIME = 'runtime';

/** Stores a text as part `name` (shard `shard`) and says where (and how large) it is. */
export type PartWriter = (name: string, shard: string | null, text: StoredText, n: number) => ShardMeta;

/** What an assembled state came from. */
interface Origin {
  layout: Layout;
  tracker: Tracker;
  objects: Record<string, unknown>;
  memory: Record<string, unknown>;
  /** The maps opened so far, by stored name. */
  maps: Map<string, ShardedMap>;
  /** Text of each memory part as read. */
  texts: Map<string, string>;
  source: ShardSource;
}

const origins = new WeakMap<ClusterState, Origin>();

/** Memory entries kept as sharded maps (keyed, large, read a key at a time) rather than one part. */
const shardedMemory = new Set<string>();

/** Keep `state.memory[key]` as a sharded map of `id → value` (registered at module load by its owner). */
export function registerShardedMemory(key: string): void {
  shardedMemory.add(key);
}

/** The scheme a new map of this name gets. */
function schemeFor(name: string): SchemeName {
  if (name.startsWith(INDEX)) return indexDefs().get(name.slice(INDEX.length))?.scheme ?? 'hash';
  return name === OBJECTS + 'events' ? 'events' : 'hash';
}

function dataProperty(holder: object, key: string, value: unknown): void {
  Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Split a state into its head. Does not touch lazy maps. */
export function headOf(state: ClusterState): Head {
  const head: Record<string, unknown> = {};
  for (const k of Object.keys(state)) if (k !== 'objects' && k !== 'runtime' && k !== 'memory') head[k] = (state as unknown as Record<string, unknown>)[k];
  return head as Head;
}

/**
 * True for the maps kube-sim derives from the objects (digests, and indexes over them or the keys): a
 * stored copy that cannot be used is rebuilt from the objects, never a reason to refuse a command.
 */
export function isDerivedName(name: string): boolean {
  return name.startsWith(DIGEST) || name.startsWith(INDEX);
}

/** True when `name` is a map or part name this layout knows. */
export function isStoredName(name: string): boolean {
  return name === RUNTIME || /^runtime\.\d+$/.test(name) || ((name.startsWith(OBJECTS) || name.startsWith(MEMORY) || name.startsWith(DIGEST) || name.startsWith(INDEX)) && name.length > 6);
}

/** Whether a stored digest map is usable: present and made by the current digest function. */
function digestValid(layout: Layout, resource: string): boolean {
  const meta = layout.maps[DIGEST + resource];
  return !!meta && meta.version === digesterOf(resource)?.version;
}

/** Whether a stored index is usable: present, of the current version, over a usable digest. */
function indexValid(layout: Layout, name: string): boolean {
  const def = indexDefs().get(name);
  const meta = layout.maps[INDEX + name];
  return !!def && !!meta && meta.version === def.version && (!!def.fromKey || digestValid(layout, def.resource));
}

/**
 * Assemble a state from its head and layout; `source` reads a stored text (at most once per shard or
 * part, on first access) and makes the error for one that cannot be used.
 */
export function assemble(head: Head, layout: Layout, source: ShardSource): ClusterState {
  const state = { ...head, objects: {}, runtime: {}, memory: {} } as ClusterState;
  const origin = { layout, objects: state.objects, memory: state.memory, maps: new Map(), texts: new Map(), source } as Omit<Origin, 'tracker'> as Origin;
  origins.set(state, origin);
  origin.tracker = attachTracker(state, {
    digests: (resource) => (digestValid(layout, resource) ? mapOf(origin, DIGEST + resource).proxy : undefined),
    index: (name) => (indexValid(layout, name) ? (mapOf(origin, INDEX + name).proxy as Record<string, Record<string, 1>>) : undefined),
  });
  const plan = planOf(layout);
  origin.tracker.forceFull = plan.forceFull;
  holders.set(state.objects, origin);
  holders.set(state.memory, origin);
  holders.set(state, origin);
  Object.defineProperties(state.objects, plan.objects);
  Object.defineProperties(state.memory, plan.memory);
  Object.defineProperty(state, 'runtime', RUNTIME_PROPERTY);
  return state;
}

/**
 * What assemble makes of a layout, the same for every state read from it (an in-process store reads
 * one layout many times): the lazy properties of `objects` and `memory`, each loading its map or part
 * on first access and then replaced by a plain data property. Their getters find the state's origin
 * through `holders`, so one set serves every state.
 */
interface Plan {
  objects: PropertyDescriptorMap;
  memory: PropertyDescriptorMap;
  /** No usable stored digest for a kind that has one: the tracker cannot say where an object was before. */
  forceFull: boolean;
}

const plans = new WeakMap<Layout, Plan>();
/** The origin of each assembled state's `objects`, `memory` and the state itself (the lazy getters' `this`). */
const holders = new WeakMap<object, Origin>();

function planOf(layout: Layout): Plan {
  let plan = plans.get(layout);
  if (plan) return plan;
  const objects: PropertyDescriptorMap = {};
  const memory: PropertyDescriptorMap = {};
  for (const name of Object.keys(layout.maps)) {
    if (name.startsWith(MEMORY)) memory[name.slice(MEMORY.length)] = lazy(name.slice(MEMORY.length), (origin) => mapOf(origin, name).proxy);
    if (!name.startsWith(OBJECTS)) continue;
    const resource = name.slice(OBJECTS.length);
    objects[resource] = lazy(resource, (origin) => {
      const tracker = origin.tracker;
      return mapOf(origin, name, { onLoad: (key, value) => tracker.baseline(resource, key, value), onTouch: () => tracker.touches++, trackAccess: true }).proxy;
    });
  }
  for (const [name, meta] of Object.entries(layout.parts)) {
    if (!name.startsWith(MEMORY)) continue;
    memory[name.slice(MEMORY.length)] = lazy(name.slice(MEMORY.length), (origin) => {
      const text = origin.source.read(name, null, meta);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw origin.source.fail(name, null, meta, unreadableText(text));
      }
      origin.texts.set(name, text);
      return value;
    });
  }
  // Without a usable stored digest the changes a controller sees cannot say where a pod was before:
  // every controller looks at everything once (the next save stores the digest).
  const forceFull = digestedResources().some((r) => layout.maps[OBJECTS + r] && !digestValid(layout, r));
  plan = { objects, memory, forceFull };
  plans.set(layout, plan);
  return plan;
}

/** The state's `runtime`: the container runtimes' map, loaded on first access. */
const RUNTIME_PROPERTY = lazy('runtime', (origin) => mapOf(origin, RUNTIME).proxy);

/** A property that makes its value on first access (or takes one assigned) and then holds it as data. */
function lazy(key: string, make: (origin: Origin) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: Record<string, unknown>) {
      const value = make(holders.get(this)!);
      dataProperty(this, key, value);
      return value;
    },
    set(this: Record<string, unknown>, value: unknown) {
      dataProperty(this, key, value);
    },
  };
}

function mapOf(origin: Origin, name: string, opts: MapOptions = {}): ShardedMap {
  let m = origin.maps.get(name);
  if (!m) {
    m = openMap(name, origin.layout.maps[name] ?? null, origin.source, { keepTexts: name === RUNTIME, ...opts });
    origin.maps.set(name, m);
  }
  return m;
}

/** True when `holder[key]` is still a lazy getter (never read). */
function untouched(holder: object, key: string): boolean {
  return !!Object.getOwnPropertyDescriptor(holder, key)?.get;
}

/** A stored map that an untouched state keeps as it is (a map of an older layout is converted instead). */
function kept(meta: MapMeta | undefined): meta is MapMeta {
  return !!meta && meta.scheme !== 'legacy';
}

/** One entry ready to store: key, insertion number, JSON text of the value. */
type Entry = ShardEntry;

/**
 * Store `state`, writing only what changed since it was assembled (everything for a state that was
 * not): returns its new layout. `write` is called once per text, each before the next is made.
 */
export function saveParts(state: ClusterState, write: PartWriter): Layout {
  const own = origins.get(state);
  const previous = own?.layout ?? null;
  const tracker = trackerOf(state);
  tracker.scan();
  const layout: Layout = { maps: {}, parts: {} };
  const objects = state.objects as Record<string, unknown>;
  const json = new ObjectJson();
  for (const resource of Object.keys(objects)) {
    const name = OBJECTS + resource;
    if (own && untouched(objects, resource) && kept(previous!.maps[name])) {
      layout.maps[name] = previous!.maps[name]!;
      continue;
    }
    const map = objects[resource] as Record<string, unknown>;
    const sm = shardedOf(map);
    if (own && sm && own.maps.get(name) === sm) {
      const dirty = new Set(sm.touched);
      for (const key of tracker.sinceLoad.get(resource) ?? []) dirty.add(sm.shardOf(key));
      layout.maps[name] = saveMap(sm, dirty, write, json);
    } else layout.maps[name] = saveWhole(name, map, write, json);
  }
  // Digests of the kinds that have one, kept in step with the objects.
  for (const resource of digestedResources()) {
    const name = DIGEST + resource;
    const objName = OBJECTS + resource;
    if (!layout.maps[objName]) continue;
    const digester = digesterOf(resource)!;
    if (own && untouched(objects, resource) && previous!.maps[name] && digestValid(previous!, resource)) {
      layout.maps[name] = previous!.maps[name]!;
      continue;
    }
    const map = objects[resource] as Record<string, KubeObject>;
    const sm = shardedOf(map);
    let meta: MapMeta;
    if (own && sm && own.maps.get(objName) === sm && digestValid(previous!, resource)) {
      const dm = mapOf(own, name);
      for (const key of tracker.sinceLoad.get(resource) ?? []) {
        const o = sm.target[key] as KubeObject | undefined;
        // The final scan has just computed the digest of every changed object.
        const d = o ? (tracker.seenDigest(resource, key) ?? digester.fn(o)) : undefined;
        if (d !== undefined) dm.proxy[key] = d;
        else if (Object.hasOwn(dm.proxy, key)) delete dm.proxy[key];
      }
      meta = saveMap(dm, new Set(dm.touched), write);
    } else {
      const digests: Record<string, unknown> = {};
      for (const key of Object.keys(map)) {
        const d = digester.fn(map[key]!);
        if (d !== undefined) digests[key] = d;
      }
      meta = saveWhole(name, digests, write);
    }
    layout.maps[name] = { ...meta, version: digester.version };
  }
  // Indexes over the digests, kept in step the same way.
  for (const [iname, def] of indexDefs()) {
    const name = INDEX + iname;
    if (!layout.maps[(def.fromKey ? OBJECTS : DIGEST) + def.resource]) continue;
    if (own && untouched(objects, def.resource) && previous!.maps[name] && indexValid(previous!, iname)) {
      layout.maps[name] = previous!.maps[name]!;
      continue;
    }
    const sm = shardedOf(objects[def.resource]);
    let meta: MapMeta;
    if (own && sm && own.maps.get(OBJECTS + def.resource) === sm && indexValid(previous!, iname)) {
      const im = mapOf(own, name);
      for (const [value, delta] of tracker.overlay(iname)) {
        const old = im.proxy[value] as Record<string, 1> | undefined;
        // Copied on its first change (10,000 new Events each file a new value: no empty copy, no count of keys).
        let entry: Record<string, 1> | undefined;
        let size = 0;
        for (const [key, present] of delta) {
          // Own entries only: an object key may be `constructor`. A key comes once in a delta, so
          // whether the old entry holds it is whether the copy does.
          const filed = old !== undefined && Object.hasOwn(old, key);
          if (present === filed) continue;
          if (!entry) {
            entry = { ...(old ?? {}) };
            size = old ? Object.keys(old).length : 0;
          }
          if (present) {
            entry[key] = 1;
            size++;
          } else {
            delete entry[key];
            size--;
          }
        }
        if (!entry) continue;
        if (size) im.proxy[value] = entry;
        else delete im.proxy[value];
      }
      meta = saveMap(im, new Set(im.touched), write);
    } else {
      const entries: Record<string, Record<string, 1>> = {};
      if (def.fromKey) {
        for (const key of Object.keys((objects[def.resource] ?? {}) as object)) for (const v of def.fromKey(key)) (entries[v] ??= {})[key] = 1;
      } else for (const [key, d] of tracker.digests(def.resource)) for (const v of def.keysOf!(d)) (entries[v] ??= {})[key] = 1;
      meta = saveWhole(name, entries, write);
    }
    layout.maps[name] = { ...meta, version: def.version };
  }
  // Container runtimes: compared by text, shard by shard.
  if (own && untouched(state, RUNTIME) && kept(previous!.maps[RUNTIME])) layout.maps[RUNTIME] = previous!.maps[RUNTIME]!;
  else {
    const runtime = state.runtime as Record<string, unknown>;
    const sm = shardedOf(runtime);
    if (own && sm && own.maps.get(RUNTIME) === sm) layout.maps[RUNTIME] = saveMap(sm, new Set(sm.touched), write);
    else if (Object.keys(runtime).length || previous?.maps[RUNTIME]) layout.maps[RUNTIME] = saveWhole(RUNTIME, runtime, write);
  }
  const memory = state.memory;
  for (const key of Object.keys(memory)) {
    const name = MEMORY + key;
    if (shardedMemory.has(key)) {
      // Written by assignment and delete only (values are never changed in place).
      if (own && untouched(memory, key) && kept(previous!.maps[name])) layout.maps[name] = previous!.maps[name]!;
      else {
        const map = memory[key] as Record<string, unknown>;
        const sm = shardedOf(map);
        layout.maps[name] = own && sm && own.maps.get(name) === sm ? saveMap(sm, new Set(sm.touched), write) : saveWhole(name, map, write);
      }
      continue;
    }
    if (own && untouched(memory, key) && previous!.parts[name]) {
      layout.parts[name] = previous!.parts[name]!;
      continue;
    }
    const text = JSON.stringify(memory[key]);
    if (own && own.texts.get(name) === text && previous!.parts[name]) layout.parts[name] = previous!.parts[name]!;
    else layout.parts[name] = write(name, null, text, 1);
  }
  return layout;
}

/** Store a map that is not a loaded sharded map of this store (a new state, a new kind, an older layout). */
function saveWhole(name: string, map: Record<string, unknown>, write: PartWriter, json = new ObjectJson()): MapMeta {
  const sm = shardedOf(map);
  const keys = Object.keys(map);
  const entries: Entry[] = keys.map((key, i) => [key, sm?.seqOf.get(key) ?? i + 1, json.pieces(map[key])]);
  const seq = sm ? Math.max(sm.nextSeq, keys.length) : keys.length;
  return writeAll(name, schemeFor(name), entries, seq, write);
}

function entryBytes(e: Entry): number {
  return e[0].length + textLength(e[2]) + 8;
}

/** Write every entry, sharded afresh under the map's scheme. */
function writeAll(name: string, scheme: SchemeName, entries: Entry[], seq: number, write: PartWriter): MapMeta {
  let bytes = 0;
  for (const e of entries) bytes += entryBytes(e);
  const bits = scheme === 'hash' ? bitsFor(bytes, shardBytesFor(name)) : 0;
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const id = shardOf(scheme, bits, e[0]);
    const g = groups.get(id);
    if (g) g.push(e);
    else groups.set(id, [e]);
  }
  const shards: Record<string, ShardMeta> = {};
  for (const id of [...groups.keys()].sort()) {
    const g = groups.get(id)!;
    shards[id] = write(name, id, shardPieces(g), g.length);
    groups.delete(id);
  }
  return { scheme, ...(scheme === 'hash' ? { bits } : {}), seq, shards };
}

/**
 * Store a loaded sharded map: rewrite the shards in `dirty` (and, for maps compared by content, every
 * loaded shard whose text changed); reshard everything when the map outgrew (or shrank far below) its
 * shard count, and convert an older layout.
 */
function saveMap(sm: ShardedMap, dirty: Set<string>, write: PartWriter, json = new ObjectJson()): MapMeta {
  const meta = sm.meta;
  const scheme = meta?.scheme ?? schemeFor(sm.name);
  if (!meta || scheme === 'legacy') {
    // Converted to the current layout on its first save.
    const keys = sm.keys();
    return writeAll(sm.name, schemeFor(sm.name), keys.map((k) => [k, sm.seqOf.get(k)!, json.pieces(sm.target[k])]), sm.nextSeq, write);
  }
  const byText = sm.texts.size > 0;
  // Group the loaded entries of the shards that may need writing.
  const candidates = byText ? new Set([...dirty, ...sm.loaded]) : dirty;
  // Every candidate was loaded or assigned to (a key changed through the map loads its shard first):
  // its keys are known without placing every key of the map.
  const groups = new Map<string, Entry[]>();
  for (const id of candidates) {
    const g: Entry[] = [];
    for (const key of sm.keysPresent(id)) g.push([key, sm.seqOf.get(key)!, json.pieces(sm.target[key])]);
    groups.set(id, g);
  }
  const texts = new Map<string, string>();
  for (const [id, g] of groups) {
    if (!dirty.has(id)) {
      const text = encodeShard(g);
      if (text === sm.texts.get(id)) {
        groups.delete(id);
        continue;
      }
      texts.set(id, text);
    }
  }
  let bytes = 0;
  for (const [id, m] of Object.entries(meta.shards)) if (!groups.has(id)) bytes += m.bytes;
  for (const g of groups.values()) for (const e of g) bytes += entryBytes(e);
  if (scheme === 'hash' && needsReshard(meta.bits ?? 0, bytes, shardBytesFor(sm.name))) {
    // Entries already serialized above are not serialized again.
    const made = new Map<string, StoredText>();
    for (const g of groups.values()) for (const e of g) made.set(e[0], e[2]);
    groups.clear();
    const keys = sm.keys();
    return writeAll(sm.name, scheme, keys.map((k) => [k, sm.seqOf.get(k)!, made.get(k) ?? json.pieces(sm.target[k])]), sm.nextSeq, write);
  }
  const shards: Record<string, ShardMeta> = { ...meta.shards };
  for (const [id, g] of groups) {
    if (!g.length) delete shards[id];
    else shards[id] = write(sm.name, id, texts.get(id) ?? shardPieces(g), g.length);
  }
  return { scheme, ...(scheme === 'hash' ? { bits: meta.bits ?? 0 } : {}), seq: sm.nextSeq, shards: sortKeys(shards) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

/**
 * Shards and parts that were read, unchanged by the tracker's account, whose stored text no longer
 * matches the state: a change that bypassed the resourceVersion rule. Returns `map/key` names (tests
 * check it stays empty).
 */
export function undetectedChanges(state: ClusterState): string[] {
  const origin = origins.get(state);
  if (!origin) return [];
  const tracker = trackerOf(state);
  tracker.scan();
  const out: string[] = [];
  for (const [name, sm] of origin.maps) {
    if (!name.startsWith(OBJECTS) || !sm.meta) continue;
    const resource = name.slice(OBJECTS.length);
    if ((state.objects as Record<string, unknown>)[resource] !== sm.proxy) continue;
    const changed = tracker.sinceLoad.get(resource) ?? new Set();
    for (const id of sm.loaded) {
      const meta = sm.meta.shards[id];
      if (!meta || sm.touched.has(id)) continue;
      const stored = decodeShard(origin.source.read(name, id, meta), sm.meta.scheme === 'legacy');
      for (const key of stored.keys) {
        if (changed.has(key)) continue;
        if (JSON.stringify(sm.target[key]) !== JSON.stringify(stored.items[key])) out.push(`${name}/${key}`);
      }
    }
  }
  return out;
}

/** A plain, independent deep copy of a state (what a dry run may change freely). */
export function cloneState(state: ClusterState): ClusterState {
  const plainMap = (m: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(m)) out[k] = m[k];
    return out;
  };
  const objects: Record<string, unknown> = {};
  for (const k of Object.keys(state.objects)) objects[k] = plainMap(state.objects[k]!);
  const memory: Record<string, unknown> = {};
  for (const k of Object.keys(state.memory)) memory[k] = shardedOf(state.memory[k]) ? plainMap(state.memory[k] as Record<string, unknown>) : state.memory[k];
  return structuredClone({ ...headOf(state), objects, runtime: plainMap(state.runtime), memory }) as ClusterState;
}

/** The names of the maps and parts a state has read so far (for optimistic transactions). */
export function readSet(state: ClusterState): { shards: Map<string, Set<string>>; parts: Set<string> } {
  const origin = origins.get(state);
  const shards = new Map<string, Set<string>>();
  const parts = new Set<string>();
  if (!origin) return { shards, parts };
  for (const [name, sm] of origin.maps) shards.set(name, new Set(sm.complete ? Object.keys(sm.meta?.shards ?? {}) : sm.loaded));
  for (const key of Object.keys(origin.memory)) if (!untouched(origin.memory, key)) parts.add(MEMORY + key);
  return { shards, parts };
}

