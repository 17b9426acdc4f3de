/**
 * Moving the cluster clock through the instants at which timed controllers act (CronJob schedules, Job
 * back-offs, deadlines and TTLs, a StatefulSet waiting for its newest pod to become ready, a Deployment's
 * progress deadline), so
 * `kube-sim advance 5m` runs each scheduled Job at its own minute and creates each ordinal when the one
 * before it is ready, as a cluster living through those five minutes would; the kubelet replays its own
 * timeline and needs no steps.
 */
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import type { Controller } from './index.js';
import { reconcileAll } from './index.js';
import { batchControllers } from './batch-list.js';
import { statefulSetController } from './statefulset.js';
import { deploymentController } from './deployment.js';

const TIMED: Controller[] = [...batchControllers, statefulSetController, deploymentController];
/** Guard against a controller whose due instant never moves. */
const MAX_STEPS = 10_000;

/** Advance to `targetMs`, stopping at every due instant of the timed controllers on the way. `setNow` moves the clock `env` reads. */
export function advanceClock(state: ClusterState, env: Env, targetMs: number, setNow: (ms: number) => void): void {
  for (let i = 0; i < MAX_STEPS; i++) {
    const now = env.now().getTime();
    let due: number | null = null;
    for (const c of TIMED) {
      const t = c.nextDue?.(state, now) ?? null;
      if (t !== null && t > now && (due === null || t < due)) due = t;
    }
    if (due === null || due >= targetMs) break;
    setNow(due);
    reconcileAll(state, env);
  }
  setNow(targetMs);
}
