/**
 * Optimistic transactions, for commands that run a simulated program for as long as it takes (exec,
 * ssh, curl): the program runs on a snapshot without the lock, so other commands are never held up by
 * it; only applying its result takes the lock. Under the lock the result is merged into whatever was
 * saved meanwhile when that is safe, part by part:
 * - nothing the run *read* (each shard and part it parsed, the settings and the clock) may have changed
 *   since its snapshot, nor may a kind or part have appeared or gone: otherwise its output could
 *   differ, and it runs again on the new state;
 * - each shard or part it *wrote* must be unchanged since the snapshot (else: run again), and is then
 *   put in place of the stored one; everything else stays as saved meanwhile;
 * - the head's counters are combined: the resourceVersion advances by as much as the run moved it (a
 *   run that changed API objects conflicts with any other save instead, so versions stay unique), and
 *   seeded generator's streams each advance past the draws of both.
 * After a few conflicting attempts the program runs once more under the lock (store.ts), so a busy
 * cluster cannot starve it.
 */
import type { ClusterState } from '../api/types.js';
import { headOf, readSet, type Head, type Layout } from './parts.js';
import type { MapMeta, ShardMeta } from './shards.js';
import { trackerOf } from './tracker.js';
import { streamStart } from '../env.js';

/** A merged layout and head, ready to store. */
export interface Merge {
  layout: Layout;
  head: Head;
}

interface Stored extends Layout {
  head: Head;
}

const file = (m: ShardMeta | undefined) => m?.file;

/** Did anything the run read change between `base` and `current`? */
export function readConflict(state: ClusterState, base: Stored, current: Stored): boolean {
  const bh = base.head;
  const ch = current.head;
  if (JSON.stringify(bh.settings) !== JSON.stringify(ch.settings)) return true;
  if (bh.meta.virtualNow !== ch.meta.virtualNow || bh.meta.wallOffsetMs !== ch.meta.wallOffsetMs || bh.meta.seed !== ch.meta.seed || bh.format !== ch.format) return true;
  // A kind or part that appeared or went: the run may have looked for it and found nothing (a read
  // this layer cannot see), so it runs again.
  for (const name of new Set([...Object.keys(base.maps), ...Object.keys(current.maps)])) if (!base.maps[name] !== !current.maps[name]) return true;
  for (const name of new Set([...Object.keys(base.parts), ...Object.keys(current.parts)])) if (!base.parts[name] !== !current.parts[name]) return true;
  const { shards, parts } = readSet(state);
  for (const [name, ids] of shards) {
    const b = base.maps[name];
    const c = current.maps[name];
    if (!ids.size) continue;
    if (!b || !c) {
      if (b !== c) return true;
      continue;
    }
    if (b.scheme !== c.scheme || b.bits !== c.bits) return true;
    for (const id of ids) if (file(b.shards[id]) !== file(c.shards[id])) return true;
  }
  for (const name of parts) if (file(base.parts[name]) !== file(current.parts[name])) return true;
  return false;
}

/** Shards whose stored file differs between two versions of a map. */
function changedShards(a: MapMeta | undefined, b: MapMeta | undefined): Set<string> {
  const out = new Set<string>();
  for (const id of new Set([...Object.keys(a?.shards ?? {}), ...Object.keys(b?.shards ?? {})])) if (file(a?.shards[id]) !== file(b?.shards[id])) out.add(id);
  return out;
}

function mapChanged(a: MapMeta | undefined, b: MapMeta | undefined): boolean {
  if (!a || !b) return a !== b;
  return a.scheme !== b.scheme || a.bits !== b.bits || a.seq !== b.seq || a.version !== b.version || changedShards(a, b).size > 0;
}

/**
 * Merge `ours` (saved from a state assembled from `base`) into `current`, or null when they conflict.
 */
export function mergeLayouts(state: ClusterState, base: Stored, ours: Layout, current: Stored): Merge | null {
  const maps: Record<string, MapMeta> = {};
  for (const name of new Set([...Object.keys(base.maps), ...Object.keys(ours.maps), ...Object.keys(current.maps)])) {
    const b = base.maps[name];
    const o = ours.maps[name];
    const c = current.maps[name];
    let m: MapMeta | undefined;
    if (!mapChanged(b, o)) m = c;
    else if (!mapChanged(b, c)) m = o;
    else {
      if (!b || !o || !c || b.scheme !== o.scheme || o.scheme !== c.scheme || b.bits !== o.bits || o.bits !== c.bits || o.version !== c.version) return null;
      // Both inserted keys: their insertion numbers would collide, and with them the order of the kind.
      if (name.startsWith('objects.') && o.seq > b.seq && c.seq > b.seq) return null;
      const theirs = changedShards(b, c);
      const shards: Record<string, ShardMeta> = { ...c.shards };
      for (const id of changedShards(b, o)) {
        if (theirs.has(id)) return null;
        if (o.shards[id]) shards[id] = o.shards[id]!;
        else delete shards[id];
      }
      m = { ...c, seq: Math.max(o.seq, c.seq), shards };
    }
    if (m) maps[name] = m;
  }
  const parts: Record<string, ShardMeta> = {};
  for (const name of new Set([...Object.keys(base.parts), ...Object.keys(ours.parts), ...Object.keys(current.parts)])) {
    const b = file(base.parts[name]);
    const o = ours.parts[name];
    const c = current.parts[name];
    let p: ShardMeta | undefined;
    if (file(o) === b) p = c;
    else if (file(c) === b) p = o;
    else return null;
    if (p) parts[name] = p;
  }
  const ob = headOf(state);
  const bh = base.head;
  const ch = current.head;
  const objectsChanged = [...trackerOf(state).sinceLoad.values()].some((s) => s.size > 0);
  // Object resourceVersions must stay unique: a run that changed objects merges only onto an unchanged count.
  if (objectsChanged && ch.meta.resourceVersion !== bh.meta.resourceVersion) return null;
  // Each seeded stream advances past the draws of both: the saved position plus what this run drew.
  const streams: Record<string, number> = {};
  for (const key of new Set([...Object.keys(ob.meta.streams ?? {}), ...Object.keys(ch.meta.streams ?? {})])) {
    const b = bh.meta.streams?.[key] ?? streamStart(bh.meta.seed, key);
    const o = ob.meta.streams?.[key] ?? b;
    const c = ch.meta.streams?.[key] ?? b;
    streams[key] = (c + ((o - b) >>> 0)) >>> 0;
  }
  const head: Head = {
    ...ob,
    meta: {
      ...ob.meta,
      resourceVersion: ch.meta.resourceVersion + (ob.meta.resourceVersion - bh.meta.resourceVersion),
      rng: (ch.meta.rng + ((ob.meta.rng - bh.meta.rng) >>> 0)) >>> 0,
      ...(Object.keys(streams).length ? { streams } : {}),
    },
  };
  return { layout: { maps, parts }, head };
}
