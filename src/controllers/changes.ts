/**
 * What a controller sees of the changes since it last ran (index.ts sets which controller is running):
 * the tracker's log from that controller's cursor, or `full` when it must look at everything.
 */
import type { ClusterState } from '../api/types.js';
import { trackerOf, type Change } from '../store/tracker.js';

/** What changed since the running controller last ran. */
export interface Changes {
  /** Everything must be looked at (first run on a state not left at a fixed point). */
  full: boolean;
  /** The changes, oldest first (empty when `full`). */
  entries: readonly Change[];
  /** Keys of `resource` that changed. */
  keys(resource: string): Set<string>;
  /** Whether any object of `resource` changed. */
  touched(resource: string): boolean;
}

let running: { state: ClusterState; from: number | 'full' } | undefined;

/** Set (or, with no state, clear) the controller run whose changes changesFor reports. */
export function runningFrom(state: ClusterState | undefined, from: number | 'full' = 'full'): void {
  running = state ? { state, from } : undefined;
}

const FULL: Changes = { full: true, entries: [], keys: () => new Set(), touched: () => true };

/** What changed since the controller now running last ran (everything, outside reconcileAll). */
export function changesFor(state: ClusterState): Changes {
  if (!running || running.state !== state || running.from === 'full') return FULL;
  const entries = trackerOf(state).log.slice(running.from);
  return {
    full: false,
    entries,
    keys(resource) {
      const out = new Set<string>();
      for (const c of entries) if (c.resource === resource) out.add(c.key);
      return out;
    },
    touched: (resource) => entries.some((c) => c.resource === resource),
  };
}
