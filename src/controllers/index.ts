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
}

const MAX_ROUNDS = 50;

/** Run every controller until a fixed point; returns whether anything changed. */
export function reconcileAll(state: ClusterState, env: Env): boolean {
  let changedAny = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const c of controllers) if (c.reconcile(state, env)) changed = true;
    if (!changed) return changedAny;
    changedAny = true;
  }
  return changedAny;
}
