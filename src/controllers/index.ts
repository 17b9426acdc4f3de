/**
 * The controller loop: after every command the controllers run, in order, until none changes anything
 * (level-triggered, as Kubernetes controllers are). Each compares desired with actual and writes only the
 * difference, keeping object identity.
 *
 * Watch-style triggers keep a command's cost to what it changed: a controller that declares `watches`
 * runs only in rounds where an object of a watched kind changed since it last ran (or its `nextDue`
 * instant came), and reads which ones with `changesFor(state)`. A controller without `watches` runs
 * whenever anything changed. A state saved at a fixed point (the gate in `state.memory`) needs nothing
 * at load; one that was not (an older layout, a changed setting, a loop that did not settle) makes every
 * controller look at everything once (`changesFor(state).full`).
 */
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import { controllerList } from './list.js';
import { trackerOf } from '../store/tracker.js';
import { runningFrom } from './changes.js';

export { changesFor, type Changes } from './changes.js';

export interface Controller {
  name: string;
  /** Bring the state one step closer to desired; return true if anything changed. */
  reconcile(state: ClusterState, env: Env): boolean;
  /**
   * For controllers whose work also depends on time: the earliest instant (ms) at which they would change
   * something in an otherwise unchanged state (null: never). Asked after a round in which they ran.
   */
  nextDue?(state: ClusterState, now: number): number | null;
  /**
   * The resources (plurals) whose changes this controller acts on. Given, it runs only when one of them
   * changed since its last run (or it is due); absent, whenever anything changed.
   */
  watches?: readonly string[];
}

const MAX_ROUNDS = 50;

/** Where the fixed point last reached is remembered: the settings it was reached with and when each controller is next due. */
const GATE = 'reconcile-gate';
interface Gate {
  v: 2;
  settings: string;
  due: Record<string, number>;
}

/** Per loaded state, for this process: settings seen, due times, controllers run since the last fixed point. */
interface Run {
  settings: string;
  due: Record<string, number>;
  ran: Set<string>;
  /** Where a controller that has not run yet starts: the changes since the gate (0), or everything. */
  start: 0 | 'full';
  /** How many controller runs reported a change, and that count when each controller last ran. */
  changes: number;
  seenChanges: Map<string, number>;
  /** Controllers whose last run reported a change: they run again (their own memory may need another pass). */
  again: Set<string>;
}
const runs = new WeakMap<ClusterState, Run>();

/**
 * Make a controller due at `t` because of work done outside the loop that only its memory records
 * (a container's main process ended by an attached session): the gate alone would not wake it.
 */
export function wakeAt(state: ClusterState, controller: string, t: number): void {
  const run = runs.get(state);
  if (run) run.due[controller] = Math.min(run.due[controller] ?? t, t);
  const gate = state.memory[GATE] as Gate | undefined;
  if (gate?.v === 2) state.memory[GATE] = { ...gate, due: { ...gate.due, [controller]: Math.min(gate.due[controller] ?? t, t) } };
}

/** Run the controllers until a fixed point; returns whether anything changed. */
export function reconcileAll(state: ClusterState, env: Env): boolean {
  const now = env.now().getTime();
  const tracker = trackerOf(state);
  const settings = JSON.stringify(state.settings);
  let run = runs.get(state);
  if (!run) {
    const gate = state.memory[GATE] as Partial<Gate> | undefined;
    const settled = gate?.v === 2 && gate.settings === settings && !tracker.forceFull;
    run = { settings, due: settled ? { ...gate!.due } : {}, ran: new Set(), start: settled ? 0 : 'full', changes: 0, seenChanges: new Map(), again: new Set() };
    runs.set(state, run);
    // Each controller starts at run.start until it has run (cursors of an earlier run on this state are stale).
    tracker.cursors.clear();
    // The state as the last settled run left it, and no controller due yet (most reads): none would run.
    if (settled && nothingDue(run, now)) {
      tracker.scan();
      if (tracker.log.length === 0) return false;
    }
  } else if (run.settings !== settings) {
    // A setting changed (proxy mode, add-ons, ...): every controller looks at everything again.
    run.settings = settings;
    for (const c of controllerList()) tracker.cursors.set(c.name, 'full');
  }
  let changedAny = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const c of controllerList()) {
      tracker.scan();
      const from = tracker.cursors.get(c.name) ?? run.start;
      const due = run.due[c.name] !== undefined && run.due[c.name]! <= now;
      // Without `watches`, any change counts, including another controller's report of one (memory).
      const others = !c.watches && (run.seenChanges.get(c.name) ?? 0) < run.changes;
      if (from !== 'full' && !due && !run.again.has(c.name) && !others && !tracker.changedSince(from, c.watches)) continue;
      const at = tracker.log.length;
      run.seenChanges.set(c.name, run.changes);
      let did = false;
      runningFrom(state, from);
      try {
        did = c.reconcile(state, env);
      } finally {
        runningFrom(undefined);
      }
      if (did) {
        changed = true;
        run.changes++;
        run.again.add(c.name);
      } else run.again.delete(c.name);
      tracker.cursors.set(c.name, at);
      delete run.due[c.name];
      run.ran.add(c.name);
    }
    if (!changed) {
      settle(state, run, now, settings);
      return changedAny;
    }
    changedAny = true;
  }
  // Not settled: the next command has every controller look at everything again.
  delete state.memory[GATE];
  runs.delete(state);
  return changedAny;
}

/** No controller is due by `now` on a run that has not started: each would skip (reconcileAll's loop). */
function nothingDue(run: Run, now: number): boolean {
  // The due times are the gate's, by controller name: no controller module is needed to read them.
  for (const due of Object.values(run.due)) if (due <= now) return false;
  return true;
}

/** Remember the fixed point: when each controller that ran is next due, with these settings. */
function settle(state: ClusterState, run: Run, now: number, settings: string): void {
  // Nothing ran since the gate was read or last written: it still says the same.
  if (!run.ran.size && (state.memory[GATE] as Gate | undefined)?.settings === settings) return;
  for (const name of run.ran) {
    const c = controllerList().find((x) => x.name === name);
    const t = c?.nextDue?.(state, now) ?? null;
    if (t === null) delete run.due[name];
    else run.due[name] = t;
  }
  run.ran.clear();
  const due: Record<string, number> = {};
  for (const k of Object.keys(run.due).sort()) due[k] = run.due[k]!;
  const gate: Gate = { v: 2, settings, due };
  const old = state.memory[GATE] as Gate | undefined;
  if (!old || JSON.stringify(old) !== JSON.stringify(gate)) state.memory[GATE] = gate;
}
