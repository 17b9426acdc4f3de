/**
 * HorizontalPodAutoscaler (autoscaling/v2, the stored version; autoscaling/v1 is served by conversion:
 * kinds/hpa-v1.ts): the server-side table, kubectl's describe, the API server's defaulting and
 * validation. Status is the HPA controller's (controllers/horizontal-pod-autoscaler.ts).
 */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { rfc1123z } from '../printers/duration.js';
import { formatQuantity, parseQuantity } from '../printers/quantity.js';
import { ageOf } from './common.js';
import { pathSegmentMessages } from './role.js';

export interface CrossVersionObjectReference { apiVersion?: string; kind?: string; name?: string }
export interface MetricTarget { type?: string; value?: string; averageValue?: string; averageUtilization?: number }
export interface MetricIdentifier { name?: string; selector?: unknown }
export interface MetricSpec {
  type?: string;
  object?: { describedObject?: CrossVersionObjectReference; target?: MetricTarget; metric?: MetricIdentifier };
  pods?: { metric?: MetricIdentifier; target?: MetricTarget };
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; target?: MetricTarget; container?: string };
  external?: { metric?: MetricIdentifier; target?: MetricTarget };
}
export interface MetricValueStatus { value?: string; averageValue?: string; averageUtilization?: number }
export interface MetricStatus {
  type: string;
  object?: { current?: MetricValueStatus };
  pods?: { current?: MetricValueStatus };
  resource?: { name?: string; current?: MetricValueStatus };
  containerResource?: { name?: string; current?: MetricValueStatus };
  external?: { current?: MetricValueStatus };
}
export interface HpaCondition { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }
interface ScalingRules { stabilizationWindowSeconds?: number; selectPolicy?: string; policies?: { type?: string; value?: number; periodSeconds?: number }[] }
export interface HpaSpec {
  scaleTargetRef?: CrossVersionObjectReference;
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: MetricSpec[];
  behavior?: { scaleUp?: ScalingRules; scaleDown?: ScalingRules };
}
export interface HpaStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: MetricStatus[] | null;
  conditions?: HpaCondition[];
}

/** autoscaling.DefaultCPUUtilization: the target when no metric is given (v2 defaults, v1 conversion). */
export const DEFAULT_CPU_UTILIZATION = 80;

export const hpaSpec = (o: KubeObject) => (o.spec ?? {}) as HpaSpec;
export const hpaStatus = (o: KubeObject) => (o.status ?? {}) as HpaStatus;

const q = (v: string | undefined) => formatQuantity(parseQuantity(v ?? '0'));

/**
 * One metric as the server's printer (printers.go formatHPAMetrics) shows it: `cpu: <unknown>/50%`, the
 * resource name before each Resource and ContainerResource metric (kubectl 1.32's TARGETS).
 */
function targetText(spec: MetricSpec, status: MetricStatus | undefined): string {
  const unknown = '<unknown>';
  const value = (target: MetricTarget | undefined, current: MetricValueStatus | undefined, name: string | undefined) => {
    if (target?.averageValue !== undefined) return `${name}: ${current?.averageValue !== undefined ? q(current.averageValue) : unknown}/${q(target.averageValue)}`;
    const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : unknown;
    return `${name}: ${cur}/${target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>'}`;
  };
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const src = spec.type === 'External' ? spec.external : spec.object;
      const cur = spec.type === 'External' ? status?.external?.current : status?.object?.current;
      if (src?.target?.averageValue !== undefined) return `${cur?.averageValue !== undefined ? q(cur.averageValue) : unknown}/${q(src.target.averageValue)} (avg)`;
      return `${cur ? q(cur.value) : unknown}/${q(src?.target?.value)}`;
    }
    case 'Pods':
      return `${status?.pods ? q(status.pods.current?.averageValue) : unknown}/${q(spec.pods?.target?.averageValue)}`;
    case 'Resource':
      return value(spec.resource?.target, status?.resource?.current, spec.resource?.name);
    case 'ContainerResource':
      return value(spec.containerResource?.target, status?.containerResource?.current, spec.containerResource?.name);
    default:
      return '<unknown type>';
  }
}

/** The TARGETS cell: the first two metrics, then `+ N more...`; `<none>` without metrics. */
export function targetsCell(o: KubeObject): string {
  const specs = hpaSpec(o).metrics ?? [];
  if (!specs.length) return '<none>';
  const statuses = hpaStatus(o).currentMetrics ?? [];
  const list = specs.map((m, i) => targetText(m, statuses[i]));
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

/** describe's metric lines (describe.go describeHorizontalPodAutoscalerV2): [label, `current / target`]. */
function metricLines(o: KubeObject): [string, string][] {
  const statuses = hpaStatus(o).currentMetrics ?? [];
  const out: [string, string][] = [];
  const unknown = '<unknown>';
  (hpaSpec(o).metrics ?? []).forEach((m, i) => {
    const st = statuses[i];
    switch (m.type) {
      case 'External': {
        const t = m.external?.target;
        const name = JSON.stringify(m.external?.metric?.name ?? '');
        if (t?.averageValue !== undefined) out.push([`${name} (target average value):`, `${st?.external?.current?.averageValue !== undefined ? q(st.external.current.averageValue) : unknown} / ${q(t.averageValue)}`]);
        else out.push([`${name} (target value):`, `${st?.external ? q(st.external.current?.value) : unknown} / ${q(t?.value)}`]);
        break;
      }
      case 'Pods':
        out.push([`${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:`, `${st?.pods ? q(st.pods.current?.averageValue) : unknown} / ${q(m.pods?.target?.averageValue)}`]);
        break;
      case 'Object': {
        const head = `"${m.object?.metric?.name ?? ''}" on ${m.object?.describedObject?.kind ?? ''}/${m.object?.describedObject?.name ?? ''} `;
        const t = m.object?.target;
        if (t?.type === 'AverageValue') out.push([`${head}(target average value):`, `${st?.object ? q(st.object.current?.averageValue) : unknown} / ${q(t.averageValue)}`]);
        else out.push([`${head}(target value):`, `${st?.object ? q(st.object.current?.value) : unknown} / ${q(t?.value)}`]);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = m.type === 'Resource' ? m.resource : m.containerResource;
        const cur = m.type === 'Resource' ? st?.resource : st?.containerResource;
        const head = m.type === 'Resource' ? `resource ${src?.name ?? ''} on pods` : `resource ${src?.name ?? ''} of container "${m.containerResource?.container ?? ''}" on pods`;
        const t = src?.target;
        if (t?.averageValue !== undefined) out.push([`${head}:`, `${cur ? q(cur.current?.averageValue) : unknown} / ${q(t.averageValue)}`]);
        else {
          const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}% (${q(cur.current.averageValue)})` : unknown;
          out.push([`${head}  (as a percentage of request):`, `${current} / ${t?.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<auto>'}`]);
        }
        break;
      }
      default:
        out.push([`<unknown metric type ${JSON.stringify(m.type ?? '')}>`, '']);
    }
  });
  return out;
}

function describeRules(w: DescribeWriter, direction: string, rules: ScalingRules | undefined): void {
  if (!rules) return;
  w.line(1, `${direction}:`);
  if (rules.stabilizationWindowSeconds !== undefined) w.line(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds`);
  if (rules.policies?.length) {
    w.line(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}`);
    w.line(2, 'Policies:');
    for (const p of rules.policies) w.line(3, `- Type: ${p.type ?? ''}`, `Value: ${p.value ?? 0}`, `Period: ${p.periodSeconds ?? 0} seconds`);
  }
}

/** kubectl describe hpa (describeHorizontalPodAutoscalerV2: kubectl reads autoscaling/v2 first). */
function describeHpa(o: KubeObject, ctx: Parameters<NonNullable<KindInfo['describe']>>[1]): string {
  const s = hpaSpec(o);
  const st = hpaStatus(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'CreationTimestamp:', rfc1123z(o.metadata.creationTimestamp ?? ''));
  w.line(0, 'Reference:', `${s.scaleTargetRef?.kind ?? ''}/${s.scaleTargetRef?.name ?? ''}`);
  w.line(0, 'Metrics:', '( current / target )');
  for (const [label, value] of metricLines(o)) w.line(1, ...(value ? [label, value] : [label]));
  w.line(0, 'Min replicas:', s.minReplicas === undefined ? '<unset>' : String(s.minReplicas));
  w.line(0, 'Max replicas:', String(s.maxReplicas ?? 0));
  if (s.behavior) {
    w.line(0, 'Behavior:');
    describeRules(w, 'Scale Up', s.behavior.scaleUp);
    describeRules(w, 'Scale Down', s.behavior.scaleDown);
  }
  w.line(0, `${s.scaleTargetRef?.kind ?? ''} pods:`, `${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired`);
  if (st.conditions?.length) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status', 'Reason', 'Message');
    w.line(1, '----', '------', '------', '-------');
    for (const c of st.conditions) w.line(1, c.type, c.status, c.reason ?? '', c.message ?? '');
  }
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

/** validMetricSourceTypesList: the set's sorted list, as NotSupported prints it. */
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
/** The metric source fields in the order validateMetricSpec looks at them (only the first present is validated). */
const SOURCES: [keyof MetricSpec, string][] = [['object', 'Object'], ['external', 'External'], ['pods', 'Pods'], ['resource', 'Resource'], ['containerResource', 'ContainerResource']];

type Source = { name?: string; container?: string; target?: MetricTarget; metric?: MetricIdentifier; describedObject?: CrossVersionObjectReference };

/** validateMetricTarget (pkg/apis/autoscaling/validation/validation.go). */
function validateTarget(t: MetricTarget | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const type = t?.type ?? '';
  if (!type) errors.push({ field: `${path}.type`, type: 'Required', detail: 'must specify a metric target type' });
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) errors.push({ field: `${path}.type`, type: 'Invalid', value: type, detail: 'must be either Utilization, Value, or AverageValue' });
  for (const k of ['value', 'averageValue'] as const) {
    const v = t?.[k];
    if (v !== undefined && parseQuantity(v).milli <= 0n) errors.push({ field: `${path}.${k}`, type: 'Invalid', value: v, detail: 'must be positive' });
  }
  if (t?.averageUtilization !== undefined && t.averageUtilization < 1) errors.push({ field: `${path}.averageUtilization`, type: 'Invalid', value: t.averageUtilization, detail: 'must be greater than 0' });
  return errors;
}

/** validateMetricIdentifier: a name that is a valid path segment. */
function validateIdentifier(id: MetricIdentifier | undefined, path: string): FieldError[] {
  const name = id?.name ?? '';
  if (!name) return [{ field: `${path}.name`, type: 'Required', detail: 'must specify a metric name' }];
  return pathSegmentMessages(name).map((detail) => ({ field: `${path}.name`, type: 'Invalid' as const, value: name, detail }));
}

/** The checks of one metric source (validateObjectSource, validateExternalSource, ...). */
function validateSource(field: keyof MetricSpec, src: Source, path: string): FieldError[] {
  const t = src.target;
  const errors: FieldError[] = [];
  const need = (f: string, detail: string) => errors.push({ field: `${path}.target.${f}`, type: 'Required', detail });
  const forbid = (f: string, detail: string) => errors.push({ field: `${path}.target.${f}`, type: 'Forbidden', detail });
  if (field === 'object') errors.push(...validateRef(src.describedObject, `${path}.describedObject`));
  if (field === 'object' || field === 'external' || field === 'pods') errors.push(...validateIdentifier(src.metric, `${path}.metric`));
  if (field === 'resource' || field === 'containerResource') {
    if (!src.name) errors.push({ field: `${path}.name`, type: 'Required', detail: 'must specify a resource name' });
  }
  if (field === 'containerResource') {
    if (!src.container) errors.push({ field: `${path}.container`, type: 'Required', detail: 'must specify a container' });
  }
  errors.push(...validateTarget(t, `${path}.target`));
  if (field === 'object' && t?.value === undefined && t?.averageValue === undefined) need('averageValue', 'must set either a target value or averageValue');
  if (field === 'external') {
    if (t?.value === undefined && t?.averageValue === undefined) need('averageValue', 'must set either a target value for metric or a per-pod target');
    if (t?.value !== undefined && t.averageValue !== undefined) forbid('value', 'may not set both a target value for metric and a per-pod target');
  }
  if (field === 'pods' && t?.averageValue === undefined) need('averageValue', 'must specify a positive target averageValue');
  if (field === 'resource' || field === 'containerResource') {
    if (t?.averageUtilization === undefined && t?.averageValue === undefined) need('averageUtilization', 'must set either a target raw value or a target utilization');
    if (t?.averageUtilization !== undefined && t.averageValue !== undefined) forbid('averageValue', 'may not set both a target raw value and a target utilization');
  }
  return errors;
}

/** validateMetricSpec: a known type, its source (the first present one validated), and no other source. */
function validateMetric(m: MetricSpec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const type = m.type ?? '';
  if (!type) errors.push({ field: `${path}.type`, type: 'Required', detail: 'must specify a metric source type' });
  // NotSupported is added twice for an unknown type (here and in the switch); the error text lists it once.
  if (!METRIC_TYPES.includes(type)) errors.push({ field: `${path}.type`, type: 'Unsupported', value: type, supported: METRIC_TYPES });
  const present = SOURCES.filter(([f]) => m[f] !== undefined);
  if (present[0]) errors.push(...validateSource(present[0][0], (m[present[0][0]] ?? {}) as Source, `${path}.${present[0][0]}`));
  const expected = SOURCES.find(([, t]) => t === type)?.[0];
  if (expected && m[expected] === undefined) errors.push({ field: `${path}.${expected}`, type: 'Required', detail: 'must populate information for the given metric source' });
  if (present.length !== 1) {
    for (const [f] of present) if (f !== expected) errors.push({ field: `${path}.${f}`, type: 'Forbidden', detail: 'must populate the given metric source only' });
  }
  return errors;
}

/** ValidateCrossVersionObjectReference: kind and name required, each a valid path segment. */
function validateRef(ref: CrossVersionObjectReference | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const k of ['kind', 'name'] as const) {
    const v = ref?.[k] ?? '';
    if (!v) errors.push({ field: `${path}.${k}`, type: 'Required' });
    else for (const msg of pathSegmentMessages(v)) errors.push({ field: `${path}.${k}`, type: 'Invalid', value: v, detail: msg });
  }
  return errors;
}

/** validateScalingRules: one behavior direction's window, policy selection and policies. */
function validateRules(rules: ScalingRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errors: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (w !== undefined && w < 0) errors.push({ field: `${path}.stabilizationWindowSeconds`, type: 'Invalid', value: w, detail: 'must be greater than or equal to zero' });
  if (w !== undefined && w > 3600) errors.push({ field: `${path}.stabilizationWindowSeconds`, type: 'Invalid', value: w, detail: 'must be less than or equal to 3600' });
  if (rules.selectPolicy !== undefined && !['Disabled', 'Max', 'Min'].includes(rules.selectPolicy)) errors.push({ field: `${path}.selectPolicy`, type: 'Unsupported', value: rules.selectPolicy, supported: ['Disabled', 'Max', 'Min'] });
  if (!rules.policies?.length) errors.push({ field: `${path}.policies`, type: 'Required', detail: 'must specify at least one Policy' });
  (rules.policies ?? []).forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent') errors.push({ field: `${pp}.type`, type: 'Unsupported', value: p.type ?? '', supported: ['Percent', 'Pods'] });
    if ((p.value ?? 0) <= 0) errors.push({ field: `${pp}.value`, type: 'Invalid', value: p.value ?? 0, detail: 'must be greater than zero' });
    if ((p.periodSeconds ?? 0) <= 0) errors.push({ field: `${pp}.periodSeconds`, type: 'Invalid', value: p.periodSeconds ?? 0, detail: 'must be greater than zero' });
    if ((p.periodSeconds ?? 0) > 1800) errors.push({ field: `${pp}.periodSeconds`, type: 'Invalid', value: p.periodSeconds, detail: 'must be less than or equal to 1800' });
  });
  return errors;
}

/** validateHorizontalPodAutoscalerSpec (minReplicasLowerBound 1: HPAScaleToZero is off in 1.32). */
export function validateHpaSpec(s: HpaSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (s.minReplicas !== undefined && s.minReplicas < 1) errors.push({ field: 'spec.minReplicas', type: 'Invalid', value: s.minReplicas, detail: 'must be greater than or equal to 1' });
  const max = s.maxReplicas ?? 0;
  if (max < 1) errors.push({ field: 'spec.maxReplicas', type: 'Invalid', value: max, detail: 'must be greater than 0' });
  if (s.minReplicas !== undefined && max < s.minReplicas) errors.push({ field: 'spec.maxReplicas', type: 'Invalid', value: max, detail: 'must be greater than or equal to `minReplicas`' });
  errors.push(...validateRef(s.scaleTargetRef, 'spec.scaleTargetRef'));
  const metrics = s.metrics ?? [];
  metrics.forEach((m, i) => errors.push(...validateMetric(m ?? {}, `spec.metrics[${i}]`)));
  if (s.minReplicas === 0 && !metrics.some((m) => m?.type === 'Object' || m?.type === 'External')) {
    errors.push({ field: 'spec.metrics', type: 'Forbidden', detail: 'must specify at least one Object or External metric to support scaling to zero replicas' });
  }
  errors.push(...validateRules(s.behavior?.scaleUp, 'spec.behavior.scaleUp'), ...validateRules(s.behavior?.scaleDown, 'spec.behavior.scaleDown'));
  return errors;
}

/**
 * A behavior's defaults (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules): scale up at most 4 pods or
 * 100% per 15 s, no window; scale down 100% per 15 s, its window left to the controller's 300 s.
 */
const SCALE_UP: ScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN: ScalingRules = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** copyHPAScalingRules: what the user set over the defaults (Go struct order). */
function withDefaults(given: ScalingRules | undefined, defaults: ScalingRules): ScalingRules {
  const out: ScalingRules = {};
  const window = given?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds;
  if (window !== undefined) out.stabilizationWindowSeconds = window;
  out.selectPolicy = given?.selectPolicy ?? defaults.selectPolicy;
  out.policies = structuredClone(given?.policies ?? defaults.policies);
  return out;
}

/** The CPU utilization metric v2 defaults to when none is given (SetDefaults_HorizontalPodAutoscaler). */
export function defaultCpuMetric(): MetricSpec {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } };
}

export const horizontalPodAutoscalerKind = {
  kind: 'HorizontalPodAutoscaler',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  shortNames: ['hpa'],
  group: 'autoscaling',
  version: 'v2',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [{ name: 'NAME' }, { name: 'REFERENCE' }, { name: 'TARGETS' }, { name: 'MINPODS' }, { name: 'MAXPODS' }, { name: 'REPLICAS' }, { name: 'AGE' }],
    row: (o, ctx) => {
      const s = hpaSpec(o);
      return [o.metadata.name, `${s.scaleTargetRef?.kind ?? ''}/${s.scaleTargetRef?.name ?? ''}`, targetsCell(o), s.minReplicas === undefined ? '<unset>' : String(s.minReplicas), String(s.maxReplicas ?? 0), String(hpaStatus(o).currentReplicas ?? 0), ageOf(o, ctx)];
    },
  },
  describe: describeHpa,
  admit(o, ctx) {
    const s = (o.spec ??= {}) as HpaSpec;
    s.minReplicas ??= 1;
    if (!s.metrics?.length) s.metrics = [defaultCpuMetric()];
    if (s.behavior) s.behavior = { scaleUp: withDefaults(s.behavior.scaleUp, SCALE_UP), scaleDown: withDefaults(s.behavior.scaleDown, SCALE_DOWN) };
    // The registry strategy resets status on create (an update keeps the stored one: the status subresource).
    if (ctx.operation === 'create') o.status = { currentMetrics: null, desiredReplicas: 0 };
  },
  validate: (o) => validateHpaSpec(hpaSpec(o)),
} satisfies KindInfo;
