/**
 * The Job controller (batch/v1): keeps up to `parallelism` pods running until `completions` pods have
 * succeeded (Complete, with SuccessCriteriaMet first as a v1.32 controller writes them), counts failures
 * (failed pods, and container restarts under restartPolicy OnFailure) against `backoffLimit`, waits the
 * controller's back-off (10s doubling, capped at 6m) before replacing a failed pod, enforces
 * `activeDeadlineSeconds`, suspends and resumes, and deletes finished Jobs after
 * `ttlSecondsAfterFinished` (the TTL-after-finished controller). Status is live; which finished pods were
 * already counted is remembered in `state.memory`, so counts survive the pods' deletion.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { JobCondition, JobSpec, JobStatus } from '../kinds/job.js';
import { rfc3339 } from '../env.js';
import { recordEvent } from '../api/events.js';
import { ApiError } from '../api/errors.js';
import { nextResourceVersion, removeObject, saveIfChanged } from '../api/objects.js';
import { jobFinished } from '../kinds/job.js';
import { ownedPods, isPodReady, sortedObjects } from './pod-index.js';
import { createPodFromTemplate, deletePodNow } from './pod-factory.js';
import { kubeletMemory } from './kubelet-state.js';

const SOURCE = { component: 'job-controller' };
const MEMORY = 'job-controller';
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

/** Per job uid: the finished pods already counted, and when the last failure was seen (ms). */
interface JobMemory { succeeded: string[]; failed: string[]; lastFailure?: number }

function memory(state: ClusterState): Record<string, JobMemory> {
  return (state.memory[MEMORY] ??= {}) as Record<string, JobMemory>;
}

const phaseOf = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase;

/** When the pod's last container finished (the moment it succeeded or failed), else undefined. */
function finishedAt(p: KubeObject): number | undefined {
  const cs = (p.status as { containerStatuses?: { state?: { terminated?: { finishedAt?: string } } }[] } | undefined)?.containerStatuses ?? [];
  let last: number | undefined;
  for (const c of cs) {
    const t = Date.parse(c.state?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(t) && (last === undefined || t > last)) last = t;
  }
  return last;
}

function restartsOf(p: KubeObject): number {
  const cs = (p.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses ?? [];
  return cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function condition(type: string, reason: string, message: string, at: string): JobCondition {
  return { lastProbeTime: at, lastTransitionTime: at, message, reason, status: 'True', type };
}

/** The back-off the controller waits after `failures` failures before creating a replacement pod. */
export function jobBackoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
}

export const jobController: Controller = {
  name: 'job-controller',
  reconcile(state, env) {
    const jobs = sortedObjects(state, 'jobs');
    const mem = memory(state);
    let changed = false;
    const live = new Set<string>();
    if (jobs.length) {
      const pods = ownedPods(state);
      for (const job of jobs) {
        live.add(job.metadata.uid ?? '');
        if (syncJob(state, env, job, pods.get(job.metadata.uid ?? ''))) changed = true;
      }
    }
    for (const uid of Object.keys(mem)) {
      if (!live.has(uid)) {
        delete mem[uid];
        changed = true;
      }
    }
    return changed;
  },
  // Besides its own timers, a running Job is due when the kubelet next changes one of its pods (a pod
  // exiting), so `advance` lets it replace or count that pod at that moment.
  nextDue(state, now) {
    let due: number | null = null;
    const mem = memory(state);
    const running = new Set<string>();
    for (const job of Object.values(state.objects.jobs ?? {})) {
      const t = dueOf(job, mem[job.metadata.uid ?? '']);
      if (t !== null && (due === null || t < due)) due = t;
      if (!jobFinished(job)) running.add(job.metadata.uid ?? '');
    }
    if (running.size) {
      const kubelet = kubeletMemory(state).pods;
      const pods = ownedPods(state);
      for (const uid of running) {
        for (const p of pods.get(uid)) {
          const t = kubelet[p.metadata.uid ?? '']?.nextDue ?? null;
          if (t !== null && t > now && (due === null || t < due)) due = t;
        }
      }
    }
    return due;
  },
};

/** The next instant this job needs the controller without any other change: TTL expiry, deadline, back-off end. */
function dueOf(job: KubeObject, m: JobMemory | undefined): number | null {
  const s = (job.spec ?? {}) as JobSpec;
  const st = (job.status ?? {}) as JobStatus;
  if (jobFinished(job)) {
    if (s.ttlSecondsAfterFinished === undefined) return null;
    const done = st.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const at = Date.parse(st.completionTime ?? done?.lastTransitionTime ?? '');
    return Number.isNaN(at) ? null : at + s.ttlSecondsAfterFinished * 1000;
  }
  if (s.suspend) return null;
  let due: number | null = null;
  if (s.activeDeadlineSeconds !== undefined && st.startTime) due = Date.parse(st.startTime) + s.activeDeadlineSeconds * 1000;
  const failures = m?.failed.length ?? 0;
  if (failures && m?.lastFailure !== undefined) {
    const t = m.lastFailure + jobBackoffMs(failures);
    if (due === null || t < due) due = t;
  }
  return due;
}

function syncJob(state: ClusterState, env: Env, job: KubeObject, pods: KubeObject[]): boolean {
  const s = (job.spec ?? {}) as JobSpec;
  const st = (job.status ?? {}) as JobStatus;
  const now = env.now();
  const nowText = rfc3339(now);
  const uid = job.metadata.uid ?? '';
  const mem = memory(state);
  if (jobFinished(job)) return expireFinished(state, job, now.getTime(), dueOf(job, mem[uid]));
  const m = (mem[uid] ??= { succeeded: [], failed: [] });
  const before = JSON.stringify(job);
  const memBefore = JSON.stringify(m);

  // Count newly finished pods; the rest are active.
  let active: KubeObject[] = [];
  let lastSuccess: number | undefined;
  for (const p of pods) {
    const phase = phaseOf(p);
    const id = p.metadata.uid ?? '';
    if (phase === 'Succeeded') {
      if (!m.succeeded.includes(id)) m.succeeded.push(id);
      const t = finishedAt(p);
      if (t !== undefined && (lastSuccess === undefined || t > lastSuccess)) lastSuccess = t;
    } else if (phase === 'Failed') {
      if (!m.failed.includes(id)) {
        m.failed.push(id);
        m.lastFailure = finishedAt(p) ?? now.getTime();
      }
    } else if (!p.metadata.deletionTimestamp) active.push(p);
  }
  const conditions = [...(st.conditions ?? [])];
  const status: JobStatus = { ...st, conditions };
  const setCondition = (c: JobCondition) => {
    const i = conditions.findIndex((x) => x.type === c.type);
    if (i >= 0) conditions[i] = conditions[i]!.status === c.status && conditions[i]!.reason === c.reason ? conditions[i]! : c;
    else conditions.push(c);
  };
  const removeActive = () => {
    for (const p of active) {
      deletePodNow(state, p);
      recordEvent(state, env, job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
    active = [];
  };

  const wasSuspended = conditions.some((c) => c.type === 'Suspended' && c.status === 'True');
  if (s.suspend) {
    removeActive();
    if (!wasSuspended) {
      setCondition(condition('Suspended', 'JobSuspended', 'Job suspended', nowText));
      recordEvent(state, env, job, 'Normal', 'Suspended', 'Job suspended', SOURCE);
    }
  } else {
    if (wasSuspended) {
      setCondition({ ...condition('Suspended', 'JobResumed', 'Job resumed', nowText), status: 'False' });
      recordEvent(state, env, job, 'Normal', 'Resumed', 'Job resumed', SOURCE);
      status.startTime = nowText;
    }
    status.startTime ??= nowText;
    const succeeded = m.succeeded.length;
    const restarts = (s.template?.spec?.restartPolicy === 'OnFailure' ? pods : []).reduce((n, p) => n + restartsOf(p), 0);
    const failures = m.failed.length + restarts;
    const deadline = s.activeDeadlineSeconds !== undefined ? Date.parse(status.startTime) + s.activeDeadlineSeconds * 1000 : undefined;
    const completions = s.completions ?? null;
    const done = completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0;
    if (done) {
      const at = rfc3339(new Date(lastSuccess ?? now.getTime()));
      removeActive();
      setCondition(condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', nowText));
      setCondition(condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', nowText));
      status.completionTime = at < status.startTime ? status.startTime : at;
      recordEvent(state, env, job, 'Normal', 'Completed', 'Job completed', SOURCE);
    } else if (failures > (s.backoffLimit ?? 6) || (deadline !== undefined && now.getTime() >= deadline)) {
      const [reason, message] = failures > (s.backoffLimit ?? 6) ? ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'] : ['DeadlineExceeded', 'Job was active longer than specified deadline'];
      removeActive();
      setCondition(condition('FailureTarget', reason, message, nowText));
      setCondition(condition('Failed', reason, message, nowText));
      recordEvent(state, env, job, 'Warning', reason, message, SOURCE);
    } else {
      const want = Math.max(0, Math.min(s.parallelism ?? 1, completions !== null ? completions - succeeded : succeeded > 0 ? 0 : s.parallelism ?? 1));
      const waitUntil = m.failed.length && m.lastFailure !== undefined ? m.lastFailure + jobBackoffMs(m.failed.length) : 0;
      if (active.length < want && now.getTime() >= waitUntil) {
        for (let i = active.length; i < want; i++) {
          try {
            const pod = createPodFromTemplate(state, env, job, s.template, { generateName: `${job.metadata.name}-` });
            active.push(pod);
            recordEvent(state, env, job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            recordEvent(state, env, job, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, SOURCE);
            break;
          }
        }
      }
    }
  }
  const failedCount = m.failed.length;
  if (active.length) status.active = active.length;
  else delete status.active;
  status.ready = active.filter(isPodReady).length;
  if (m.succeeded.length) status.succeeded = m.succeeded.length;
  else delete status.succeeded;
  if (failedCount) status.failed = failedCount;
  else delete status.failed;
  status.terminating = 0;
  status.uncountedTerminatedPods = {};
  if (!conditions.length) delete status.conditions;
  job.status = status;
  const memChanged = JSON.stringify(m) !== memBefore;
  if (memChanged) nextResourceVersion(state);
  return saveIfChanged(state, 'jobs', job, before) || memChanged;
}

/** A finished Job past its ttlSecondsAfterFinished is deleted (its pods follow through the garbage collector). */
function expireFinished(state: ClusterState, job: KubeObject, now: number, due: number | null): boolean {
  if (due === null || now < due) return false;
  removeObject(state, 'jobs', job.metadata.namespace, job.metadata.name);
  return true;
}
