/**
 * PodDisruptionBudget (policy/v1): table, describe and the API server's validation. Its status is the
 * disruption controller's (controllers/disruption.ts) and the eviction subresource's (api/eviction.ts).
 */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { ageOf } from './common.js';
import { selectorString } from './deployment.js';
import { labelValueProblems, qualifiedNameProblems } from '../api/validation.js';
import { fromLabelSelector, matches } from '../api/selectors.js';

/** An int-or-percent as stored: a JSON number or a string such as `50%`. */
export type IntOrPercent = number | string;

export interface PdbSpec {
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: string;
}

export interface PdbCondition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** Live: the disruption controller's view (and the eviction handler's decrement), as the API stores it. */
export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: PdbCondition[];
}

/** The spec of a budget. */
export const pdbSpec = (o: KubeObject) => (o.spec ?? {}) as PdbSpec;

/** The status of a budget (zeros before the controller's first pass). */
export function pdbStatus(o: KubeObject): PdbStatus {
  const s = (o.status ?? {}) as Partial<PdbStatus>;
  return { ...s, disruptionsAllowed: s.disruptionsAllowed ?? 0, currentHealthy: s.currentHealthy ?? 0, desiredHealthy: s.desiredHealthy ?? 0, expectedPods: s.expectedPods ?? 0 };
}

/** intstr.IntOrString.String(): the number, or the string as written. */
export function intOrPercentText(v: IntOrPercent): string {
  return typeof v === 'number' ? String(v) : v;
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is; `N%` of `total`, rounded up when `roundUp`
 * (the disruption controller rounds up both minAvailable and maxUnavailable). Undefined for a string
 * that is no percentage (validation refuses those).
 */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return undefined;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Go's %#v of an intstr.IntOrString value, as field.Invalid prints it. */
function goIntOrString(v: IntOrPercent): string {
  return typeof v === 'number' ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
}

/**
 * Go's %#v of the internal policy.PodDisruptionBudgetSpec (field.Invalid of `spec` when both bounds are
 * set). The real server prints the heap addresses of its pointer fields, which change every run; kube-sim
 * prints a fixed one (as crd-validate.ts does) so the same command gives the same bytes.
 */
function goSpec(s: PdbSpec): string {
  const ptr = (type: string, v: unknown) => `(*${type})(${v === undefined ? 'nil' : '0xc000100000'})`;
  return `policy.PodDisruptionBudgetSpec{MinAvailable:${ptr('intstr.IntOrString', s.minAvailable)}, Selector:${ptr('v1.LabelSelector', s.selector)}, MaxUnavailable:${ptr('intstr.IntOrString', s.maxUnavailable)}, UnhealthyPodEvictionPolicy:${ptr('policy.UnhealthyPodEvictionPolicyType', s.unhealthyPodEvictionPolicy)}}`;
}

/**
 * apps validation's ValidatePositiveIntOrPercent and IsNotMoreThan100Percent (pkg/apis/apps/validation),
 * which ValidatePodDisruptionBudgetSpec applies to each bound.
 */
function intOrPercentErrors(v: IntOrPercent, field: string): FieldError[] {
  if (typeof v === 'number') return v < 0 ? [{ field, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' }] : [];
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    // validation.IsValidPercent's RegexError (k8s.io/apimachinery/pkg/util/validation).
    return [{ field, type: 'Invalid', valueText: goIntOrString(v), detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')" }];
  }
  return Number(m[1]) > 100 ? [{ field, type: 'Invalid', valueText: goIntOrString(v), detail: 'must not be greater than 100%' }] : [];
}

/** metav1 validation's ValidateLabelSelector: operators, keys and values. */
function selectorErrors(sel: LabelSelector | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) {
    for (const p of qualifiedNameProblems(k)) errors.push({ field: 'spec.selector.matchLabels', type: 'Invalid', value: k, detail: p });
    for (const p of labelValueProblems(v)) errors.push({ field: 'spec.selector.matchLabels', type: 'Invalid', value: v, detail: p });
  }
  for (const [i, e] of (sel?.matchExpressions ?? []).entries()) {
    const at = `spec.selector.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (!values.length) errors.push({ field: `${at}.values`, type: 'Required', detail: 'must be specified when `operator` is \'In\' or \'NotIn\'' });
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length) errors.push({ field: `${at}.values`, type: 'Forbidden', detail: 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
    } else errors.push({ field: `${at}.operator`, type: 'Invalid', value: e.operator, detail: 'not a valid selector operator' });
    for (const p of qualifiedNameProblems(e.key)) errors.push({ field: `${at}.key`, type: 'Invalid', value: e.key, detail: p });
  }
  return errors;
}

const UNHEALTHY_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

export const podDisruptionBudgetKind = {
  kind: 'PodDisruptionBudget',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  shortNames: ['pdb'],
  group: 'policy',
  version: 'v1',
  namespaced: true,
  // pkg/printers/internalversion printPodDisruptionBudget: `N/A` for the bound not set.
  table: {
    columns: [{ name: 'NAME' }, { name: 'MIN AVAILABLE' }, { name: 'MAX UNAVAILABLE' }, { name: 'ALLOWED DISRUPTIONS' }, { name: 'AGE' }],
    row: (o, ctx) => {
      const s = pdbSpec(o);
      return [
        o.metadata.name,
        s.minAvailable === undefined ? 'N/A' : intOrPercentText(s.minAvailable),
        s.maxUnavailable === undefined ? 'N/A' : intOrPercentText(s.maxUnavailable),
        String(pdbStatus(o).disruptionsAllowed),
        ageOf(o, ctx),
      ];
    },
  },
  // kubectl's describePodDisruptionBudgetV1 (pkg/describe/describe.go).
  describe(o, ctx) {
    const s = pdbSpec(o);
    const st = pdbStatus(o);
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    if (s.minAvailable !== undefined) w.line(0, 'Min available:', intOrPercentText(s.minAvailable));
    else if (s.maxUnavailable !== undefined) w.line(0, 'Max unavailable:', intOrPercentText(s.maxUnavailable));
    // metav1.FormatLabelSelector: `<none>` for an empty selector, `<unset>` for none at all.
    w.line(0, 'Selector:', s.selector ? selectorString(s.selector) || '<none>' : '<unset>');
    w.line(0, 'Status:');
    w.line(2, 'Allowed disruptions:', String(st.disruptionsAllowed));
    w.line(2, 'Current:', String(st.currentHealthy));
    w.line(2, 'Desired:', String(st.desiredHealthy));
    w.line(2, 'Total:', String(st.expectedPods));
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o, ctx) {
    // The strategy's PrepareForCreate clears the status; an update keeps the stored one (status subresource).
    if (ctx.operation === 'create') o.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } satisfies PdbStatus;
    else if (ctx.subresource !== 'status') o.status = ctx.old?.status;
  },
  // pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec, then the v1 unhealthyPodEvictionPolicy check.
  validate(o) {
    const s = pdbSpec(o);
    const errors: FieldError[] = [];
    if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) errors.push({ field: 'spec', type: 'Invalid', valueText: goSpec(s), detail: 'minAvailable and maxUnavailable cannot be both set' });
    if (s.minAvailable !== undefined) errors.push(...intOrPercentErrors(s.minAvailable, 'spec.minAvailable'));
    if (s.maxUnavailable !== undefined) errors.push(...intOrPercentErrors(s.maxUnavailable, 'spec.maxUnavailable'));
    errors.push(...selectorErrors(s.selector));
    if (s.unhealthyPodEvictionPolicy !== undefined && !UNHEALTHY_POLICIES.includes(s.unhealthyPodEvictionPolicy)) {
      errors.push({ field: 'spec.unhealthyPodEvictionPolicy', type: 'Unsupported', value: s.unhealthyPodEvictionPolicy, supported: UNHEALTHY_POLICIES });
    }
    return errors;
  },
} satisfies KindInfo;

/**
 * The budget's status with its DisruptionAllowed condition brought up to date (component-helpers'
 * UpdateDisruptionAllowedCondition, metav1 SetStatusCondition: the transition time moves only when the
 * condition's status changes). Keys in the order of the Go struct, as the API serializes it.
 */
export function withDisruptionCondition(status: PdbStatus, now: string, failure?: string): PdbStatus {
  const allowed = !failure && status.disruptionsAllowed > 0;
  const old = status.conditions?.find((c) => c.type === 'DisruptionAllowed');
  const next: PdbCondition = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    observedGeneration: status.observedGeneration,
    lastTransitionTime: old && old.status === (allowed ? 'True' : 'False') ? old.lastTransitionTime : now,
    reason: failure ? 'SyncFailed' : allowed ? 'SufficientPods' : 'InsufficientPods',
    message: failure ?? '',
  };
  if (next.observedGeneration === undefined) delete next.observedGeneration;
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'DisruptionAllowed'), next];
  return {
    ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
    ...(status.disruptedPods && Object.keys(status.disruptedPods).length ? { disruptedPods: status.disruptedPods } : {}),
    disruptionsAllowed: status.disruptionsAllowed,
    currentHealthy: status.currentHealthy,
    desiredHealthy: status.desiredHealthy,
    expectedPods: status.expectedPods,
    conditions,
  };
}

/**
 * The budgets of a namespace that select `labels`, as the eviction handler finds them: a budget without
 * a selector, or with an empty one, selects nothing here (unlike the disruption controller's count).
 */
export function budgetsSelecting(budgets: KubeObject[], labels: Record<string, string> | undefined): KubeObject[] {
  return budgets.filter((b) => {
    const reqs = fromLabelSelector(pdbSpec(b).selector);
    return !!reqs && reqs.length > 0 && matches(reqs, labels);
  });
}
