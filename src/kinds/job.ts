/**
 * Job (batch/v1): table (STATUS COMPLETIONS DURATION), describe, the API server's defaults (completions,
 * parallelism, backoffLimit, the generated controller-uid selector and pod labels) and validation.
 */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { humanDuration, rfc1123z } from '../printers/duration.js';
import { validatePodSpec } from './pod-validate.js';
import { selectorString, stableJson } from './deployment.js';
import { controlledBy } from './replicaset.js';
import { ageOf } from './common.js';
import { containerCells, defaultPodTemplate, describePodTemplate, goLabelSelector, labelSelectorMatcher, type PodTemplate } from './pod-template.js';

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  selector?: LabelSelector;
  manualSelector?: boolean;
  template?: PodTemplate;
  ttlSecondsAfterFinished?: number;
  completionMode?: string;
  suspend?: boolean;
  podReplacementPolicy?: string;
  podFailurePolicy?: unknown;
}
export interface JobCondition { type: string; status: string; reason?: string; message?: string; lastProbeTime?: string; lastTransitionTime?: string }
export interface JobStatus {
  startTime?: string;
  completionTime?: string;
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  conditions?: JobCondition[];
  uncountedTerminatedPods?: Record<string, unknown>;
}

/** Labels the API server puts on a Job's pod template (and selects by): the new prefixed ones and the legacy ones. */
export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

const spec = (o: KubeObject) => (o.spec ?? {}) as JobSpec;
const status = (o: KubeObject) => (o.status ?? {}) as JobStatus;

/** Is the condition of this type True? */
export function hasJobCondition(o: KubeObject, type: string): boolean {
  return !!status(o).conditions?.some((c) => c.type === type && c.status === 'True');
}

/** Complete or Failed: the job controller no longer acts on it. */
export function jobFinished(o: KubeObject): boolean {
  return hasJobCondition(o, 'Complete') || hasJobCondition(o, 'Failed');
}

/** The STATUS cell (printers.go printJob). */
function statusText(o: KubeObject): string {
  if (hasJobCondition(o, 'Complete')) return 'Complete';
  if (hasJobCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(o, 'Suspended')) return 'Suspended';
  if (hasJobCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: `succeeded/completions`, or `n/1 of P` for a work queue with parallelism above 1. */
function completionsText(o: KubeObject): string {
  const s = spec(o);
  const succeeded = status(o).succeeded ?? 0;
  if (s.completions !== undefined && s.completions !== null) return `${succeeded}/${s.completions}`;
  return (s.parallelism ?? 0) > 1 ? `${succeeded}/1 of ${s.parallelism}` : `${succeeded}/1`;
}

function durationText(o: KubeObject, now: Date): string {
  const st = status(o);
  if (!st.startTime) return '';
  const end = st.completionTime ? Date.parse(st.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(st.startTime));
}

/** The API server's Job defaulting (SetDefaults_Job) plus the selector the registry strategy generates on create. */
export function defaultJobSpec(s: JobSpec, uid: string | undefined, create: boolean): void {
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  s.parallelism ??= 1;
  s.backoffLimit ??= 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  s.podReplacementPolicy ??= s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(s.template);
  if (create && uid && s.manualSelector !== true && s.template) {
    const md = (s.template.metadata ??= {});
    md.labels = { ...(md.labels ?? {}), [JOB_UID_LABEL]: uid, [JOB_NAME_LABEL]: '', 'controller-uid': uid, 'job-name': '' };
    s.selector ??= { matchLabels: { [JOB_UID_LABEL]: uid } };
  }
}

export const jobKind = {
  kind: 'Job',
  resource: 'jobs',
  singular: 'job',
  shortNames: [],
  group: 'batch',
  version: 'v1',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [
      { name: 'NAME' }, { name: 'STATUS', sinceMinor: 30 }, { name: 'COMPLETIONS' }, { name: 'DURATION' }, { name: 'AGE' },
      { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
    ],
    row: (o, ctx) => [o.metadata.name, statusText(o), completionsText(o), durationText(o, ctx.now), ageOf(o, ctx), ...containerCells(spec(o).template), selectorString(spec(o).selector) || '<none>'],
  },
  describe(o, ctx) {
    const s = spec(o);
    const st = status(o);
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'Selector:', selectorString(s.selector));
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    const by = controlledBy(o);
    if (by) w.line(0, 'Controlled By:', by);
    if (s.parallelism !== undefined) w.line(0, 'Parallelism:', String(s.parallelism));
    w.line(0, 'Completions:', s.completions !== undefined && s.completions !== null ? String(s.completions) : '<unset>');
    if (s.completionMode) w.line(0, 'Completion Mode:', s.completionMode);
    if (s.suspend !== undefined) w.line(0, 'Suspend:', String(s.suspend));
    if (s.backoffLimit !== undefined) w.line(0, 'Backoff Limit:', String(s.backoffLimit));
    if (s.ttlSecondsAfterFinished !== undefined) w.line(0, 'TTL Seconds After Finished:', String(s.ttlSecondsAfterFinished));
    if (st.startTime) w.line(0, 'Start Time:', rfc1123z(st.startTime));
    if (st.completionTime) w.line(0, 'Completed At:', rfc1123z(st.completionTime));
    if (st.startTime && st.completionTime) w.line(0, 'Duration:', humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime)));
    if (s.activeDeadlineSeconds !== undefined) w.line(0, 'Active Deadline Seconds:', `${s.activeDeadlineSeconds}s`);
    const counts = `${st.active ?? 0} Active${st.ready === undefined ? '' : ` (${st.ready} Ready)`} / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`;
    w.line(0, 'Pods Statuses:', counts);
    describePodTemplate(w, s.template);
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o, ctx) {
    const s = (o.spec ??= {}) as JobSpec;
    if (ctx.operation === 'create') o.metadata.uid = ctx.env.uidRngFor(o.metadata.namespace).uuid();
    defaultJobSpec(s, o.metadata.uid, ctx.operation === 'create');
    const labels = s.template?.metadata?.labels;
    if (labels) {
      if (labels[JOB_NAME_LABEL] === '') labels[JOB_NAME_LABEL] = o.metadata.name;
      if (labels['job-name'] === '') labels['job-name'] = o.metadata.name;
      // SetDefaults_Job on read: a Job without labels shows its template's.
      if (!Object.keys(o.metadata.labels ?? {}).length) o.metadata.labels = { ...labels };
    }
    if (ctx.operation === 'create') delete o.status;
  },
  validate(o, ctx) {
    const s = spec(o);
    const errors: FieldError[] = [];
    for (const k of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) {
      const v = s[k];
      if (typeof v === 'number' && (k === 'activeDeadlineSeconds' ? v <= 0 : v < 0)) {
        errors.push({ field: `spec.${k}`, type: 'Invalid', value: v, detail: k === 'activeDeadlineSeconds' ? 'must be greater than 0' : 'must be greater than or equal to 0' });
      }
    }
    if (!s.selector) errors.push({ field: 'spec.selector', type: 'Required' });
    const t = s.template;
    if (!t) errors.push({ field: 'spec.template', type: 'Required' });
    else {
      const match = s.selector ? labelSelectorMatcher(s.selector) : null;
      if (match && !match(t.metadata?.labels ?? {})) {
        errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid', value: t.metadata?.labels ?? {}, detail: '`selector` does not match template `labels`' });
      }
      errors.push(...validatePodSpec((t.spec ?? {}) as Record<string, unknown>, 'spec.template.spec'));
      const restart = t.spec?.restartPolicy;
      if (restart !== 'OnFailure' && restart !== 'Never') {
        errors.push({ field: 'spec.template.spec.restartPolicy', type: 'Unsupported', value: restart ?? '', supported: ['OnFailure', 'Never'] });
      }
    }
    if (ctx.operation === 'update' && ctx.old) {
      const old = spec(ctx.old);
      if (stableJson(old.selector) !== stableJson(s.selector)) errors.push({ field: 'spec.selector', type: 'Invalid', valueText: goLabelSelector(s.selector), detail: 'field is immutable' });
      if (stableJson(old.template) !== stableJson(s.template)) errors.push({ field: 'spec.template', type: 'Invalid', valueText: 'core.PodTemplateSpec{...}', detail: 'field is immutable' });
      if (old.completions !== s.completions) errors.push({ field: 'spec.completions', type: 'Invalid', value: s.completions ?? null, detail: 'field is immutable' });
    }
    return errors;
  },
} satisfies KindInfo;
