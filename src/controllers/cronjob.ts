/**
 * The CronJob controller (v2, as in v1.32) on the cluster clock: at each scheduled instant it creates the
 * Job `<cronjob>-<minutes since the epoch>` from the job template (only the most recent missed run when
 * several were missed, none past `startingDeadlineSeconds`), honours `suspend` and `concurrencyPolicy`
 * (Forbid skips while a run is active, Replace deletes it first), notices finished jobs (SawCompletedJob,
 * lastSuccessfulTime) and deletes finished jobs beyond the history limits. Status (active, last times)
 * is live. `nextDue` names the next scheduled instant, so `kube-sim advance` fires runs on time.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { CronJobSpec, CronJobStatus, ObjectRef } from '../kinds/cronjob.js';
import type { JobStatus } from '../kinds/job.js';
import { rfc3339 } from '../env.js';
import { KINDS } from '../api/registry.js';
import { createObject } from '../api/server.js';
import { ApiError } from '../api/errors.js';
import { getObject, removeObject, saveIfChanged } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { hasJobCondition, jobFinished } from '../kinds/job.js';
import { parseCron, nextRun, runsBetween, type CronSchedule } from '../kinds/cron-schedule.js';
import { indexByController, sortedObjects } from './pod-index.js';
import { controllerOwnerRef } from './pod-factory.js';

const SOURCE = { component: 'cronjob-controller' };
const SCHEDULED_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** More missed runs than this and the controller only warns (TooManyMissedTimes). */
const MAX_MISSED = 100;

const schedules = new Map<string, CronSchedule | null>();

/** The parsed schedule (cached; null when invalid, which validation normally prevents). */
function scheduleOf(s: CronJobSpec): CronSchedule | null {
  const key = s.schedule ?? '';
  if (!schedules.has(key)) {
    try {
      schedules.set(key, parseCron(key));
    } catch {
      schedules.set(key, null);
    }
  }
  return schedules.get(key)!;
}

/** The instant scheduling counts from: the last run, else the CronJob's creation (bounded by the starting deadline). */
function earliest(cj: KubeObject, now: number): number {
  const s = (cj.spec ?? {}) as CronJobSpec;
  const st = (cj.status ?? {}) as CronJobStatus;
  let from = Date.parse(st.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '');
  if (Number.isNaN(from)) from = now;
  if (s.startingDeadlineSeconds !== undefined) from = Math.max(from, now - s.startingDeadlineSeconds * 1000);
  return from;
}

export const cronJobController: Controller = {
  name: 'cronjob-controller',
  reconcile(state, env) {
    const cronJobs = sortedObjects(state, 'cronjobs');
    if (!cronJobs.length) return false;
    const jobsByOwner = indexByController(Object.values(state.objects.jobs ?? {})).byController;
    let changed = false;
    for (const cj of cronJobs) if (syncCronJob(state, env, cj, jobsByOwner.get(cj.metadata.uid ?? '') ?? [])) changed = true;
    return changed;
  },
  nextDue(state, now) {
    let due: number | null = null;
    for (const cj of Object.values(state.objects.cronjobs ?? {})) {
      const s = (cj.spec ?? {}) as CronJobSpec;
      const sched = scheduleOf(s);
      if (!sched || s.suspend) continue;
      const t = nextRun(sched, Math.max(earliest(cj, now), now - 1), s.timeZone);
      if (t !== null && (due === null || t < due)) due = t;
    }
    return due;
  },
};

function jobRef(job: KubeObject): ObjectRef {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid };
}

function startOf(job: KubeObject): string {
  return (job.status as JobStatus | undefined)?.startTime ?? job.metadata.creationTimestamp ?? '';
}

function syncCronJob(state: ClusterState, env: Env, cj: KubeObject, owned: KubeObject[]): boolean {
  const s = (cj.spec ?? {}) as CronJobSpec;
  const before = JSON.stringify(cj);
  const st: CronJobStatus = { ...((cj.status ?? {}) as CronJobStatus) };
  const now = env.now().getTime();
  let changed = false;

  // Jobs it remembers as active that finished or vanished; jobs of its own it did not know yet.
  const byUid = new Map(owned.map((j) => [j.metadata.uid ?? '', j]));
  let active: ObjectRef[] = [];
  for (const ref of st.active ?? []) {
    const job = byUid.get(ref.uid ?? '');
    if (!job) continue;
    if (jobFinished(job)) {
      const result = hasJobCondition(job, 'Complete') ? 'Complete' : 'Failed';
      recordEvent(state, env, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, status: ${result}`, SOURCE);
      const done = (job.status as JobStatus | undefined)?.completionTime;
      if (result === 'Complete' && done && (!st.lastSuccessfulTime || done > st.lastSuccessfulTime)) st.lastSuccessfulTime = done;
    } else active.push(jobRef(job));
  }
  for (const job of owned) if (!jobFinished(job) && !active.some((r) => r.uid === job.metadata.uid)) active.push(jobRef(job));

  // History limits: the oldest finished jobs beyond them are deleted.
  for (const [ok, limit] of [[true, s.successfulJobsHistoryLimit], [false, s.failedJobsHistoryLimit]] as const) {
    if (limit === undefined) continue;
    const finished = owned
      .filter((j) => jobFinished(j) && hasJobCondition(j, 'Complete') === ok && getObject(state, 'jobs', j.metadata.namespace, j.metadata.name))
      .sort((a, b) => startOf(a).localeCompare(startOf(b)) || (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      removeObject(state, 'jobs', job.metadata.namespace, job.metadata.name);
      recordEvent(state, env, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, SOURCE);
      changed = true;
    }
  }

  const sched = scheduleOf(s);
  if (sched && !s.suspend) {
    const runs = runsBetween(sched, earliest(cj, now), now, s.timeZone, MAX_MISSED);
    if (runs.length > MAX_MISSED) recordEvent(state, env, cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', SOURCE);
    const scheduled = runs[runs.length - 1];
    if (scheduled !== undefined) {
      const skip = s.concurrencyPolicy === 'Forbid' && active.length > 0;
      if (!skip) {
        if (s.concurrencyPolicy === 'Replace') {
          for (const ref of active) {
            const job = byUid.get(ref.uid ?? '');
            if (!job) continue;
            removeObject(state, 'jobs', job.metadata.namespace, job.metadata.name);
            recordEvent(state, env, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, SOURCE);
          }
          active = [];
        }
        const job = createJob(state, env, cj, scheduled);
        if (job) active.push(jobRef(job));
        st.lastScheduleTime = rfc3339(new Date(scheduled));
      }
    }
  }
  if (active.length) st.active = active;
  else delete st.active;
  cj.status = st;
  return saveIfChanged(state, 'cronjobs', cj, before) || changed;
}

/** The Job of one scheduled run, through the API server (its admission and quota apply). */
function createJob(state: ClusterState, env: Env, cj: KubeObject, scheduled: number): KubeObject | undefined {
  const s = (cj.spec ?? {}) as CronJobSpec;
  const tpl = structuredClone(s.jobTemplate ?? {});
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  if (getObject(state, 'jobs', cj.metadata.namespace, name)) return undefined;
  const labels = tpl.metadata?.labels;
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
      annotations: { ...(tpl.metadata?.annotations ?? {}), [SCHEDULED_ANNOTATION]: rfc3339(new Date(scheduled)) },
      ownerReferences: [controllerOwnerRef(cj)],
    },
    spec: tpl.spec ?? {},
  };
  try {
    const created = createObject(state, env, KINDS.Job, job, { fieldManager: 'kube-controller-manager' });
    recordEvent(state, env, cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, SOURCE);
    return created;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    recordEvent(state, env, cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`, SOURCE);
    return undefined;
  }
}
