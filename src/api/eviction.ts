/**
 * The pod's `eviction` subresource (POST a policy/v1 Eviction): a DELETE the PodDisruptionBudgets may
 * refuse, as the API server's EvictionREST does (pkg/registry/core/pod/storage/eviction.go):
 * - a pod that is Pending, finished or already terminating is deleted without looking at budgets;
 * - a pod two budgets select: 500 `This pod has more than one PodDisruptionBudget, ...`;
 * - a pod that is not Ready is deleted without spending the budget when the policy is AlwaysAllow, or the
 *   budget is met (currentHealthy >= desiredHealthy > 0);
 * - otherwise the budget must allow a disruption: 429 `Cannot evict pod as it would violate the pod's
 *   disruption budget.` with a `DisruptionBudget` cause when it does not; when it does, its
 *   disruptionsAllowed goes down by one and the pod is noted in disruptedPods before the delete.
 */
import type { ClusterState, KubeObject } from './types.js';
import type { Env } from '../env.js';
import { ApiError, notFound } from './errors.js';
import { getObject, listObjects, saveIfChanged } from './objects.js';
import { deleteObject } from './server.js';
import { KINDS } from './registry.js';
import { rfc3339 } from '../env.js';
import { isPodReady } from '../controllers/pod-index.js';
import { budgetsSelecting, pdbSpec, pdbStatus, withDisruptionCondition } from '../kinds/poddisruptionbudget.js';

export interface EvictOptions {
  dryRun?: boolean;
}

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** The 429 a budget answers with; `cause` is the DisruptionBudget cause's message. */
function tooManyRequests(cause: string): ApiError {
  return new ApiError('TooManyRequests', VIOLATION, undefined, { causes: [{ reason: 'DisruptionBudget', message: cause }] });
}

/** Whether this error is the API server's refusal to evict now (kubectl's drain retries it after 5s). */
export function isTooManyRequests(e: unknown): boolean {
  return e instanceof ApiError && e.reason === 'TooManyRequests';
}

/** canIgnorePDB: a finished, Pending or terminating pod is deleted without consulting budgets. */
function canIgnoreBudgets(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}


/** Evict pod `name` of `namespace`: delete it unless a budget forbids it now (then throw the 429). */
export function evictPod(state: ClusterState, env: Env, namespace: string, name: string, opts: EvictOptions = {}): KubeObject {
  const pod = getObject(state, 'pods', namespace, name);
  if (!pod) throw notFound('pods', name);
  const remove = () => deleteObject(state, env, KINDS.Pod, namespace, name, { dryRun: opts.dryRun });
  if (canIgnoreBudgets(pod)) return remove();
  const budgets = budgetsSelecting(listObjects(state, 'poddisruptionbudgets', namespace), pod.metadata.labels);
  if (budgets.length > 1) {
    throw new ApiError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', undefined, { bare: true });
  }
  const budget = budgets[0];
  if (!budget) return remove();
  const st = pdbStatus(budget);
  if (!isPodReady(pod)) {
    // An unready pod does not count as healthy: deleting it spends nothing (when the policy or the budget allows).
    if (pdbSpec(budget).unhealthyPodEvictionPolicy === 'AlwaysAllow' || (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0)) return remove();
  }
  // checkAndDecrement.
  if ((st.observedGeneration ?? 0) < (budget.metadata.generation ?? 1)) throw tooManyRequests(`The disruption budget ${budget.metadata.name} is still being processed by the server.`);
  if (st.disruptionsAllowed === 0) {
    throw tooManyRequests(`The disruption budget ${budget.metadata.name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`);
  }
  if (!opts.dryRun) {
    const now = rfc3339(env.now());
    const next = { ...st, disruptionsAllowed: st.disruptionsAllowed - 1, disruptedPods: { ...(st.disruptedPods ?? {}), [name]: now } };
    const before = JSON.stringify(budget);
    const updated = structuredClone(budget);
    // While disruptions remain allowed the condition stays True; at zero it turns InsufficientPods.
    updated.status = withDisruptionCondition(next, now);
    saveIfChanged(state, 'poddisruptionbudgets', updated, before);
  }
  return remove();
}
