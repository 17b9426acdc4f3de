/**
 * Events expire an hour after they were last written, as kube-apiserver's default --event-ttl (1h0m0s)
 * makes them do: each write renews the Event's lease in etcd. Events are stored in shards by the minute
 * they were created (store/shards.ts), so a shard is looked at once every Event in it could have
 * expired (an hour after its minute ended), on the cluster clock (`advance 2h` expires them all). A
 * shard with Events written since is looked at again when the earliest of those expires
 * (`memory['event-ttl']`). Hand-named Events (shard `x`) are checked the same way.
 */
import type { Controller } from './index.js';
import type { ClusterState } from '../api/types.js';
import { eventLastWrite } from '../api/events.js';
import { removeObject } from '../api/objects.js';
import { eventShard, eventShardMinute, shardedOf } from '../store/shards.js';

/** kube-apiserver's default --event-ttl. */
export const EVENT_TTL_MS = 3_600_000;
const MEMORY = 'event-ttl';

/** The Event shards of a state, without reading any Event. */
function segments(state: ClusterState): string[] {
  const events = state.objects.events;
  if (!events) return [];
  const sm = shardedOf(events);
  return sm ? sm.shardIds() : [...new Set(Object.keys(events).map(eventShard))];
}

function keysIn(state: ClusterState, id: string): string[] {
  const events = state.objects.events!;
  const sm = shardedOf(events);
  return sm ? sm.keysIn(id) : Object.keys(events).filter((k) => eventShard(k) === id);
}

/** When a shard must be looked at next. */
function dueOf(mem: Record<string, number>, id: string): number {
  if (mem[id] !== undefined) return mem[id]!;
  const minute = eventShardMinute(id);
  return minute === null ? 0 : minute * 60_000 + EVENT_TTL_MS;
}

export const eventTTL: Controller = {
  name: 'event-ttl',
  // Time alone drives it.
  watches: [],
  nextDue(state) {
    const mem = (state.memory[MEMORY] ?? {}) as Record<string, number>;
    let due: number | null = null;
    for (const id of segments(state)) {
      const t = dueOf(mem, id);
      if (due === null || t < due) due = t;
    }
    return due;
  },
  reconcile(state, env) {
    const now = env.now().getTime();
    const before = (state.memory[MEMORY] ?? {}) as Record<string, number>;
    const mem: Record<string, number> = {};
    let changed = false;
    for (const id of segments(state)) {
      if (dueOf(before, id) > now) {
        if (before[id] !== undefined) mem[id] = before[id]!;
        continue;
      }
      let next: number | null = null;
      for (const key of keysIn(state, id)) {
        const e = state.objects.events![key];
        if (!e) continue;
        const expires = eventLastWrite(e) + EVENT_TTL_MS;
        if (expires <= now) {
          removeObject(state, 'events', e.metadata.namespace, e.metadata.name);
          changed = true;
        } else if (next === null || expires < next) next = expires;
      }
      if (next !== null) mem[id] = next;
    }
    const same = JSON.stringify(mem) === JSON.stringify(before);
    if (!same) {
      if (Object.keys(mem).length) state.memory[MEMORY] = mem;
      else delete state.memory[MEMORY];
    }
    return changed || !same;
  },
};
