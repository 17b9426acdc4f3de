/**
 * The resourceVersions of recent deletions, per resource: in a cluster every delete is an etcd write
 * with its own revision, and a watch's DELETED event carries it. kube-sim's watches find a deletion by
 * the object no longer being there, so the version it took is kept here (removeObject records every
 * removal, whoever makes it) for the watch to put on the event.
 */
import type { ClusterState } from './types.js';
import { registerShardedMemory } from '../store/parts.js';

/**
 * Where the log lives in state.memory: resource → its deletions, a sharded map (each resource's log is up
 * to ~100 KB, and a command that deletes a Service need not parse the pods' and Events' logs).
 */
const DELETIONS = 'deletions';
registerShardedMemory(DELETIONS);

/**
 * How many deletions of one resource are kept at least (at most twice as many: the oldest half is
 * dropped in one go, so a deletion costs O(1) amortised and a scale-down of 10,000 pods stays linear).
 * A watch looks several times a second, so it needs only the deletions since its last look.
 */
export const REMEMBERED = 1000;

/** One resource's log: [uid, resourceVersion] pairs, oldest first; `dropped`: the newest version no longer kept (0: none dropped). */
interface ResourceLog {
  dropped: number;
  kept: [string, number][];
}

type Log = Record<string, ResourceLog>;

function logOf(state: ClusterState): Log {
  const log = state.memory[DELETIONS];
  // States written before the log was kept per resource held one array: nothing in it is needed.
  if (log && typeof log === 'object' && !Array.isArray(log)) return log as Log;
  return (state.memory[DELETIONS] = {} as Log);
}

/** Record that the object with `uid` of `resource` was deleted by the write that took resourceVersion `rv`. */
export function rememberDeletion(state: ClusterState, resource: string, uid: string | undefined, rv: number): void {
  if (!uid) return;
  const log = logOf(state);
  const entry = Object.hasOwn(log, resource) ? log[resource]! : (log[resource] = { dropped: 0, kept: [] });
  entry.kept.push([uid, rv]);
  if (entry.kept.length >= 2 * REMEMBERED) {
    const gone = entry.kept.splice(0, entry.kept.length - REMEMBERED);
    entry.dropped = gone[gone.length - 1]![1];
  }
  // Assigned again: a sharded map writes the shards assigned to, not entries changed in place.
  log[resource] = entry;
}

/** uid → version of one resource's log, built once per log state (a look that finds 10,000 pods gone asks 10,000 times). */
const lookups = new WeakMap<ResourceLog, { length: number; last: number; byUid: Map<string, number> }>();

/** One resource's log as stored, without making one (a log in the older single-array form holds nothing needed). */
function storedLog(state: ClusterState, resource: string): ResourceLog | undefined {
  const log = state.memory[DELETIONS] as Log | undefined;
  if (!log || typeof log !== 'object' || Array.isArray(log) || !Object.hasOwn(log, resource)) return undefined;
  return log[resource];
}

/** The resourceVersion of the remembered deletion of the `resource` object with this uid. */
export function deletionVersion(state: ClusterState, resource: string, uid: string | undefined): number | undefined {
  if (!uid) return undefined;
  const entry = storedLog(state, resource);
  if (!entry) return undefined;
  const kept = entry.kept;
  const last = kept.length ? kept[kept.length - 1]![1] : 0;
  let cached = lookups.get(entry);
  if (!cached || cached.length !== kept.length || cached.last !== last) {
    cached = { length: kept.length, last, byUid: new Map(kept) };
    lookups.set(entry, cached);
  }
  return cached.byUid.get(uid);
}

/**
 * The newest resourceVersion whose deletions of `resource` are no longer all known (0: none forgotten):
 * a watch from an older version cannot be told every change after it, as a watch from a version older
 * than the API server's watch cache cannot.
 */
export function forgottenBefore(state: ClusterState, resource: string): number {
  return storedLog(state, resource)?.dropped ?? 0;
}
