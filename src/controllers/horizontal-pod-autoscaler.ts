/**
 * The HPA controller (kube-controller-manager's horizontal-pod-autoscaler, v1.32) on a kind cluster,
 * which has no metrics-server. Each HPA is synced every 15 s of cluster time (the default
 * --horizontal-pod-autoscaler-sync-period), first 15 s after it was created: the controller's queue adds
 * every key with that delay (NewDefaultHPARateLimiter), so a new HPA shows no status until then.
 *
 * A sync follows reconcileAutoscaler (pkg/controller/podautoscaler/horizontal.go): read the target's
 * scale (AbleToScale False FailedGetScale when it cannot), then enforce min/max on it before looking at
 * metrics (SuccessfulRescale "Current number of replicas below Spec.MinReplicas"); within range every
 * metric fails, because no metrics API is registered (FailedGetResourceMetric, then
 * FailedComputeMetricsReplicas, ScalingActive False). Status (currentReplicas, desiredReplicas,
 * currentMetrics, conditions, lastScaleTime) is live, written only when it changes (updateStatusIfNeeded);
 * events go through the recorder, so a repeat bumps its count. When each HPA was last synced is memory.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { KindInfo } from '../api/kind.js';
import { rfc3339 } from '../env.js';
import { allKinds } from '../api/registry.js';
import { qualifiedResource, servesSubresource, setAtPath, valueAtPath } from '../api/kind.js';
import { getObject, saveIfChanged } from '../api/objects.js';
import { replaceObject } from '../api/server.js';
import { ApiError } from '../api/errors.js';
import { recordEvent } from '../api/events.js';
import { hpaSpec, hpaStatus, type HpaCondition, type HpaStatus, type MetricSpec } from '../kinds/horizontalpodautoscaler.js';
import { sortedObjects } from './pod-index.js';

const SOURCE = { component: 'horizontal-pod-autoscaler' };
/** --horizontal-pod-autoscaler-sync-period's default. */
const SYNC_PERIOD_MS = 15_000;
/** Syncs caught up at most after a long `advance` (an hour's worth: older events would have expired). */
const MAX_CATCH_UP = 240;
const MEMORY = 'hpa-controller';

/** The metrics client's error when the resource metrics API (metrics.k8s.io) is not served. */
const NO_RESOURCE_METRICS = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

type Memory = Record<string, number>;

function memoryOf(state: ClusterState): Memory {
  return (state.memory[MEMORY] as Memory | undefined) ?? {};
}

/** When the HPA was last synced (its creation before the first sync). */
function lastSync(state: ClusterState, hpa: KubeObject): number {
  return memoryOf(state)[hpa.metadata.uid ?? ''] ?? Date.parse(hpa.metadata.creationTimestamp ?? '');
}

export const horizontalPodAutoscalerController: Controller = {
  name: 'horizontal-pod-autoscaler',
  // Syncs come from the clock (nextDue); a new or deleted HPA is the only other change it acts on.
  watches: ['horizontalpodautoscalers'],
  reconcile(state, env) {
    const hpas = sortedObjects(state, 'horizontalpodautoscalers');
    const memory = memoryOf(state);
    const live = new Set(hpas.map((h) => h.metadata.uid ?? ''));
    const next: Memory = Object.fromEntries(Object.entries(memory).filter(([uid]) => live.has(uid)));
    const now = env.now().getTime();
    let changed = false;
    for (const hpa of hpas) {
      const from = lastSync(state, hpa);
      if (Number.isNaN(from) || from + SYNC_PERIOD_MS > now) continue;
      const due = Math.floor((now - from) / SYNC_PERIOD_MS);
      for (let k = Math.max(1, due - MAX_CATCH_UP + 1); k <= due; k++) {
        const at = from + k * SYNC_PERIOD_MS;
        const current = getObject(state, 'horizontalpodautoscalers', hpa.metadata.namespace, hpa.metadata.name);
        if (!current) break;
        syncHpa(state, { now: () => new Date(at), rngFor: env.rngFor, runtimeRngFor: env.runtimeRngFor, uidRngFor: env.uidRngFor }, current);
        next[hpa.metadata.uid ?? ''] = at;
      }
      changed = true;
    }
    if (JSON.stringify(next) !== JSON.stringify(memory)) {
      if (Object.keys(next).length) state.memory[MEMORY] = next;
      else delete state.memory[MEMORY];
      changed = true;
    }
    return changed;
  },
  nextDue(state) {
    let due: number | null = null;
    for (const hpa of Object.values(state.objects.horizontalpodautoscalers ?? {})) {
      const t = lastSync(state, hpa) + SYNC_PERIOD_MS;
      if (!Number.isNaN(t) && (due === null || t < due)) due = t;
    }
    return due;
  },
};

/** setCondition: a changed status moves lastTransitionTime; reason and message are always replaced. */
function setCondition(st: HpaStatus, env: Env, type: string, status: string, reason: string, message: string): void {
  const list = (st.conditions ??= []);
  let c = list.find((x) => x.type === type);
  if (!c) {
    c = { type, status: '' } as HpaCondition;
    list.push(c);
  }
  const lastTransitionTime = c.status !== status ? rfc3339(env.now()) : c.lastTransitionTime;
  // Go struct order: type, status, lastTransitionTime, reason, message.
  list[list.indexOf(c)] = { type, status, lastTransitionTime, reason, message };
}

/** The target's kind among those with a scale subresource: RESTMappings of its group and kind. */
function targetKind(apiVersion: string | undefined, kind: string): KindInfo | string {
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const info = allKinds().find((k) => k.kind === kind && k.group === group);
  if (!info) return `no matches for kind "${kind}" in group "${group}"`;
  return info;
}

/** The error one metric's computation gives without any metrics API, and the condition reason it sets. */
function metricFailure(m: MetricSpec): { reason: string; error: string } {
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource': {
      const src = m.type === 'Resource' ? m.resource : m.containerResource;
      const name = src?.name ?? '';
      // computeStatusForResourceMetricGeneric: "utilization" for a percentage target, "usage" for a raw one.
      const what = src?.target?.averageValue !== undefined ? 'usage' : 'utilization';
      return { reason: m.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric', error: `failed to get ${name} ${what}: unable to get metrics for resource ${name}: ${NO_RESOURCE_METRICS}` };
    }
    case 'Pods':
      return { reason: 'FailedGetPodsMetric', error: `failed to get pods metric value: unable to get metric ${m.pods?.metric?.name ?? ''}: no custom metrics API (custom.metrics.k8s.io) registered` };
    case 'Object':
      return { reason: 'FailedGetObjectMetric', error: `failed to get object metric value: unable to get metric ${m.object?.metric?.name ?? ''}: no custom metrics API (custom.metrics.k8s.io) registered` };
    case 'External':
      return { reason: 'FailedGetExternalMetric', error: `failed to get external metric ${m.external?.metric?.name ?? ''}: no external metrics API (external.metrics.k8s.io) registered` };
    default:
      return { reason: 'InvalidMetricSourceType', error: `unknown metric source type "${m.type ?? ''}"` };
  }
}

/** One sync of one HPA at `env.now()`. */
function syncHpa(state: ClusterState, env: Env, hpa: KubeObject): void {
  const before = JSON.stringify(hpa);
  const s = hpaSpec(hpa);
  const st: HpaStatus = structuredClone(hpaStatus(hpa));
  const ref = s.scaleTargetRef ?? {};
  const warn = (reason: string, message: string) => recordEvent(state, env, hpa, 'Warning', reason, message, SOURCE);
  const save = () => {
    hpa.status = orderedStatus(st);
    saveIfChanged(state, 'horizontalpodautoscalers', hpa, before);
  };

  const info = targetKind(ref.apiVersion, ref.kind ?? '');
  const target = typeof info === 'string' ? undefined : getObject(state, info.resource, info.namespaced ? hpa.metadata.namespace : undefined, ref.name ?? '');
  const scalable = typeof info !== 'string' && (servesSubresource(info, 'scale') || !!info.custom?.scale);
  if (typeof info === 'string' || !target || !scalable) {
    const error = typeof info === 'string' ? info : !scalable ? 'the server could not find the requested resource' : `${qualifiedResource(info)} "${ref.name ?? ''}" not found`;
    warn('FailedGetScale', error);
    setCondition(st, env, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${error}`);
    return save();
  }
  setCondition(st, env, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const replicasPath = info.custom?.scale?.specReplicasPath ?? '.spec.replicas';
  const currentReplicas = (valueAtPath(target, replicasPath) as number | undefined) ?? 0;
  const minReplicas = s.minReplicas ?? 1;
  const maxReplicas = s.maxReplicas ?? 0;

  let desiredReplicas: number;
  let reason = '';
  if (currentReplicas === 0 && minReplicas !== 0) {
    setCondition(st, env, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    st.currentReplicas = 0;
    st.desiredReplicas = 0;
    st.currentMetrics = null;
    return save();
  } else if (currentReplicas > maxReplicas) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = maxReplicas;
  } else if (currentReplicas < minReplicas) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    // computeReplicasForMetrics: with no metrics API every metric fails; the first failure's condition stays.
    const metrics = s.metrics ?? [];
    const failures = metrics.map((m) => {
      const f = metricFailure(m);
      warn(f.reason, f.error);
      return f;
    });
    const first = failures[0];
    if (first) setCondition(st, env, 'ScalingActive', 'False', first.reason, `the HPA was unable to compute the replica count: ${first.error}`);
    st.currentReplicas = currentReplicas;
    st.currentMetrics = metrics.map(() => ({ type: '' }));
    save();
    warn('FailedComputeMetricsReplicas', `invalid metrics (${failures.length} invalid out of ${metrics.length}), first error is: ${first?.error ?? ''}`);
    return;
  }

  // Rescale through the target's scale subresource, as kube-controller-manager.
  const next = structuredClone(target);
  setAtPath(next as unknown as Record<string, unknown>, replicasPath, desiredReplicas);
  try {
    replaceObject(state, env, info, next, { fieldManager: 'kube-controller-manager', subresource: 'scale' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    warn('FailedRescale', `New size: ${desiredReplicas}; reason: ${reason}; error: ${e.message}`);
    setCondition(st, env, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${e.message}`);
    // setCurrentReplicasAndMetricsInStatus: no metric was computed on this path.
    st.currentReplicas = currentReplicas;
    st.currentMetrics = null;
    return save();
  }
  setCondition(st, env, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
  recordEvent(state, env, hpa, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${reason}`, SOURCE);
  // setStatus: the metrics statuses of this sync (none were computed) and the time of the rescale.
  st.currentReplicas = currentReplicas;
  st.desiredReplicas = desiredReplicas;
  st.currentMetrics = null;
  st.lastScaleTime = rfc3339(env.now());
  save();
}

/** Status in autoscaling/v2's struct order; currentReplicas omitted when 0 (omitempty). */
function orderedStatus(st: HpaStatus): HpaStatus {
  const out: HpaStatus = {};
  if (st.observedGeneration !== undefined) out.observedGeneration = st.observedGeneration;
  if (st.lastScaleTime !== undefined) out.lastScaleTime = st.lastScaleTime;
  if (st.currentReplicas) out.currentReplicas = st.currentReplicas;
  out.desiredReplicas = st.desiredReplicas ?? 0;
  out.currentMetrics = st.currentMetrics ?? null;
  if (st.conditions?.length) out.conditions = st.conditions;
  return out;
}
