/**
 * The controller loop: after every command the controllers run, in order, until none changes anything
 * (level-triggered, as Kubernetes controllers are). Each compares desired with actual and writes only the
 * difference, keeping object identity.
 */
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import { controllers } from './list.js';

export interface Controller {
  name: string;
  /** Bring the state one step closer to desired; return true if anything changed. */
  reconcile(state: ClusterState, env: Env): boolean;
  /**
   * For controllers whose work also depends on time: the earliest instant (ms) at which they would change
   * something in an otherwise unchanged state (null: never). Asked after a fixed point is reached.
   */
  nextDue?(state: ClusterState, now: number): number | null;
}

const MAX_ROUNDS = 50;

/**
 * Where the fixed point last reached is remembered: the resourceVersion and settings it was reached at,
 * and when time-driven work (probes, restarts, deadlines) is next due. While all still hold, no
 * controller can have anything to do, so a read costs nothing and touches no large part of the state.
 */
const GATE = 'reconcile-gate';
interface Gate {
  rv: number;
  settings: string;
  due: number | null;
}

/** Run every controller until a fixed point; returns whether anything changed. */
export function reconcileAll(state: ClusterState, env: Env): boolean {
  const now = env.now().getTime();
  const settings = JSON.stringify(state.settings);
  const gate = state.memory[GATE] as Gate | undefined;
  if (gate && gate.rv === state.meta.resourceVersion && gate.settings === settings && (gate.due === null || now < gate.due)) return false;
  let changedAny = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const c of controllers) if (c.reconcile(state, env)) changed = true;
    if (!changed) {
      let due: number | null = null;
      for (const c of controllers) {
        const t = c.nextDue?.(state, now) ?? null;
        if (t !== null && (due === null || t < due)) due = t;
      }
      state.memory[GATE] = { rv: state.meta.resourceVersion, settings, due } satisfies Gate;
      return changedAny;
    }
    changedAny = true;
  }
  delete state.memory[GATE];
  return changedAny;
}
