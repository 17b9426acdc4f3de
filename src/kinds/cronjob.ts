/** CronJob (batch/v1): table (SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE), describe, defaults and validation. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { JobSpec } from './job.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { age, rfc1123z } from '../printers/duration.js';
import { validatePodSpec } from './pod-validate.js';
import { selectorString } from './deployment.js';
import { ageOf } from './common.js';
import { containerCells, defaultPodTemplate, describePodTemplate } from './pod-template.js';
import { parseCron, knownTimeZone } from './cron-schedule.js';

export interface CronJobSpec {
  schedule?: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown }; spec?: JobSpec };
}
export interface ObjectRef { apiVersion?: string; kind?: string; name: string; namespace?: string; resourceVersion?: string; uid?: string }
export interface CronJobStatus { active?: ObjectRef[]; lastScheduleTime?: string; lastSuccessfulTime?: string }

const spec = (o: KubeObject) => (o.spec ?? {}) as CronJobSpec;
const status = (o: KubeObject) => (o.status ?? {}) as CronJobStatus;

/** printBoolPtr: True / False / <unset>. */
function boolPtr(v: boolean | undefined): string {
  return v === undefined || v === null ? '<unset>' : v ? 'True' : 'False';
}

/** CronJob names become Job names plus an 11-character suffix, so they are limited to 52 characters. */
const MAX_NAME = 52;

export const cronJobKind = {
  kind: 'CronJob',
  resource: 'cronjobs',
  singular: 'cronjob',
  shortNames: ['cj'],
  group: 'batch',
  version: 'v1',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [
      { name: 'NAME' }, { name: 'SCHEDULE' }, { name: 'TIMEZONE', sinceMinor: 30 }, { name: 'SUSPEND' }, { name: 'ACTIVE' }, { name: 'LAST SCHEDULE' }, { name: 'AGE' },
      { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
    ],
    row: (o, ctx) => {
      const s = spec(o);
      const st = status(o);
      return [
        o.metadata.name,
        s.schedule ?? '',
        s.timeZone ?? '<none>',
        boolPtr(s.suspend),
        String(st.active?.length ?? 0),
        st.lastScheduleTime ? age(st.lastScheduleTime, ctx.now) : '<none>',
        ageOf(o, ctx),
        ...containerCells(s.jobTemplate?.spec?.template),
        selectorString(s.jobTemplate?.spec?.selector) || '<none>',
      ];
    },
  },
  describe(o, ctx) {
    const s = spec(o);
    const st = status(o);
    const js = s.jobTemplate?.spec ?? {};
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    w.line(0, 'Schedule:', s.schedule ?? '');
    w.line(0, 'Concurrency Policy:', s.concurrencyPolicy ?? '');
    w.line(0, 'Suspend:', boolPtr(s.suspend));
    w.line(0, 'Successful Job History Limit:', s.successfulJobsHistoryLimit !== undefined ? String(s.successfulJobsHistoryLimit) : '<unset>');
    w.line(0, 'Failed Job History Limit:', s.failedJobsHistoryLimit !== undefined ? String(s.failedJobsHistoryLimit) : '<unset>');
    w.line(0, 'Starting Deadline Seconds:', s.startingDeadlineSeconds !== undefined ? `${s.startingDeadlineSeconds}s` : '<unset>');
    w.line(0, 'Selector:', js.selector ? selectorString(js.selector) : '<unset>');
    w.line(0, 'Parallelism:', js.parallelism !== undefined ? String(js.parallelism) : '<unset>');
    w.line(0, 'Completions:', js.completions !== undefined ? String(js.completions) : '<unset>');
    if (js.activeDeadlineSeconds !== undefined) w.line(0, 'Active Deadline Seconds:', `${js.activeDeadlineSeconds}s`);
    describePodTemplate(w, js.template);
    w.line(0, 'Last Schedule Time:', st.lastScheduleTime ? rfc1123z(st.lastScheduleTime) : '<unset>');
    w.line(0, 'Active Jobs:', st.active?.length ? st.active.map((j) => j.name).join(', ') : '<none>');
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o) {
    const s = (o.spec ??= {}) as CronJobSpec;
    s.concurrencyPolicy ??= 'Allow';
    s.suspend ??= false;
    s.successfulJobsHistoryLimit ??= 3;
    s.failedJobsHistoryLimit ??= 1;
    const jt = (s.jobTemplate ??= {});
    jt.metadata ??= {};
    if (jt.metadata.creationTimestamp === undefined) jt.metadata.creationTimestamp = null;
    defaultPodTemplate(jt.spec?.template);
  },
  validate(o) {
    const s = spec(o);
    const errors: FieldError[] = [];
    if (o.metadata.name.length > MAX_NAME) errors.push({ field: 'metadata.name', type: 'Invalid', value: o.metadata.name, detail: `must be no more than ${MAX_NAME} characters` });
    if (!s.schedule) errors.push({ field: 'spec.schedule', type: 'Required' });
    else if (/^\s*(CRON_)?TZ=/.test(s.schedule)) errors.push({ field: 'spec.schedule', type: 'Invalid', value: s.schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' });
    else {
      try {
        parseCron(s.schedule);
      } catch (e) {
        errors.push({ field: 'spec.schedule', type: 'Invalid', value: s.schedule, detail: (e as Error).message });
      }
    }
    if (s.concurrencyPolicy && !['Allow', 'Forbid', 'Replace'].includes(s.concurrencyPolicy)) {
      errors.push({ field: 'spec.concurrencyPolicy', type: 'Unsupported', value: s.concurrencyPolicy, supported: ['Allow', 'Forbid', 'Replace'] });
    }
    for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
      const v = s[k];
      if (typeof v === 'number' && v < 0) errors.push({ field: `spec.${k}`, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' });
    }
    const t = s.jobTemplate?.spec?.template;
    if (!t) errors.push({ field: 'spec.jobTemplate.spec.template', type: 'Required' });
    else {
      errors.push(...validatePodSpec((t.spec ?? {}) as Record<string, unknown>, 'spec.jobTemplate.spec.template.spec'));
      const restart = t.spec?.restartPolicy;
      if (restart !== 'OnFailure' && restart !== 'Never') {
        errors.push({ field: 'spec.jobTemplate.spec.template.spec.restartPolicy', type: 'Unsupported', value: restart ?? '', supported: ['OnFailure', 'Never'] });
      }
    }
    // ValidateCronJobSpec checks the time zone last.
    if (s.timeZone !== undefined && !knownTimeZone(s.timeZone)) errors.push({ field: 'spec.timeZone', type: 'Invalid', value: s.timeZone, detail: `unknown time zone ${s.timeZone}` });
    return errors;
  },
} satisfies KindInfo;
