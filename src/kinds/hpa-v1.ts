/**
 * autoscaling/v1 HorizontalPodAutoscaler <-> the stored autoscaling/v2 one, as the API server converts
 * (pkg/apis/autoscaling/v1/conversion.go): v1's targetCPUUtilizationPercentage is v2's CPU Utilization
 * metric; what v1 cannot say (other metrics, current metrics, conditions, behavior) travels in the
 * `autoscaling.alpha.kubernetes.io/*` annotations, JSON-encoded as Go's encoding/json writes them.
 */
import type { KubeObject } from '../api/types.js';
import { DEFAULT_CPU_UTILIZATION, type HpaCondition, type HpaSpec, type HpaStatus, type MetricSpec, type MetricStatus } from './horizontalpodautoscaler.js';

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

interface V1Spec { scaleTargetRef?: unknown; minReplicas?: number; maxReplicas?: number; targetCPUUtilizationPercentage?: number }
interface V1Status { observedGeneration?: number; lastScaleTime?: string; currentReplicas?: number; desiredReplicas?: number; currentCPUUtilizationPercentage?: number }

const isCpuUtilization = (m: MetricSpec) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined;

/** Go's json.Marshal: HTML-sensitive characters escaped. */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Keys in Go struct order, undefined dropped (what json.Marshal of the typed value gives). */
function ordered(v: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (v[k] !== undefined) out[k] = v[k];
  return out;
}

function orderedTarget(t: unknown): unknown {
  return t && typeof t === 'object' ? ordered(t as Record<string, unknown>, ['type', 'value', 'averageValue', 'averageUtilization']) : t;
}

/** A v2 MetricSpec in struct order (type, object, pods, resource, containerResource, external). */
function orderedMetric(m: MetricSpec): unknown {
  const src = (s: unknown, keys: string[]) => (s && typeof s === 'object' ? ordered({ ...(s as Record<string, unknown>), target: orderedTarget((s as { target?: unknown }).target) }, keys) : undefined);
  return ordered(
    {
      type: m.type ?? '',
      object: src(m.object, ['describedObject', 'target', 'metric']),
      pods: src(m.pods, ['metric', 'target']),
      resource: src(m.resource, ['name', 'target']),
      containerResource: src(m.containerResource, ['name', 'target', 'container']),
      external: src(m.external, ['metric', 'target']),
    },
    ['type', 'object', 'pods', 'resource', 'containerResource', 'external'],
  );
}

/** The stored v2 object as autoscaling/v1 presents it. */
export function hpaToV1(obj: KubeObject): KubeObject {
  const s = (obj.spec ?? {}) as HpaSpec;
  const st = (obj.status ?? {}) as HpaStatus;
  const metrics = s.metrics ?? [];
  const cpu = metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const others = metrics.filter((m) => !isCpuUtilization(m));
  const annotations: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
  if (others.length) annotations[METRICS] = goJson(others.map(orderedMetric));
  if (st.currentMetrics?.length) annotations[CURRENT_METRICS] = goJson(st.currentMetrics);
  if (st.conditions?.length) annotations[CONDITIONS] = goJson(st.conditions.map((c) => ordered({ ...c }, ['type', 'status', 'lastTransitionTime', 'reason', 'message'])));
  if (s.behavior) annotations[BEHAVIOR] = goJson(s.behavior);
  const spec: V1Spec = ordered({ scaleTargetRef: s.scaleTargetRef, minReplicas: s.minReplicas, maxReplicas: s.maxReplicas ?? 0, targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization }, ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'targetCPUUtilizationPercentage']);
  const cpuNow = st.currentMetrics?.find((m) => m?.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current?.averageUtilization;
  const status: V1Status = ordered(
    { observedGeneration: st.observedGeneration, lastScaleTime: st.lastScaleTime, currentReplicas: st.currentReplicas ?? 0, desiredReplicas: st.desiredReplicas ?? 0, currentCPUUtilizationPercentage: cpuNow },
    ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas', 'currentCPUUtilizationPercentage'],
  );
  const metadata = { ...obj.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return { ...obj, metadata, spec: spec as KubeObject['spec'], status: status as KubeObject['status'] };
}

function parsed<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A decoded autoscaling/v1 manifest as the stored v2 object (the annotations read back and removed). */
export function hpaFromV1(obj: KubeObject): KubeObject {
  const v1 = (obj.spec ?? {}) as V1Spec;
  const v1Status = (obj.status ?? {}) as V1Status;
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  const metrics: MetricSpec[] = [];
  if (v1.targetCPUUtilizationPercentage !== undefined) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: v1.targetCPUUtilizationPercentage } } });
  metrics.push(...(parsed<MetricSpec[]>(annotations[METRICS]) ?? []));
  // v1 once had an implicit default in the controller; the conversion makes it explicit.
  if (!metrics.length) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } });
  const spec: HpaSpec = { scaleTargetRef: v1.scaleTargetRef as HpaSpec['scaleTargetRef'], minReplicas: v1.minReplicas, maxReplicas: v1.maxReplicas, metrics };
  const behavior = parsed<HpaSpec['behavior']>(annotations[BEHAVIOR]);
  if (behavior) spec.behavior = behavior;
  let currentMetrics = parsed<MetricStatus[]>(annotations[CURRENT_METRICS]);
  if (!currentMetrics && v1Status.currentCPUUtilizationPercentage !== undefined) currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: v1Status.currentCPUUtilizationPercentage } } }];
  const status: HpaStatus = { observedGeneration: v1Status.observedGeneration, lastScaleTime: v1Status.lastScaleTime, currentReplicas: v1Status.currentReplicas, desiredReplicas: v1Status.desiredReplicas ?? 0, currentMetrics: currentMetrics ?? null };
  const conditions = parsed<HpaCondition[]>(annotations[CONDITIONS]);
  if (conditions) status.conditions = conditions;
  for (const k of [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR]) delete annotations[k];
  const metadata = { ...obj.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  for (const k of Object.keys(spec) as (keyof HpaSpec)[]) if (spec[k] === undefined) delete spec[k];
  for (const k of Object.keys(status) as (keyof HpaStatus)[]) if (status[k] === undefined) delete status[k];
  return { ...obj, apiVersion: 'autoscaling/v2', metadata, spec: spec as KubeObject['spec'], ...(obj.status !== undefined ? { status: status as KubeObject['status'] } : {}) };
}
