/**
 * The Deployment controller: owns ReplicaSets named `<deployment>-<pod-template-hash>`. The ReplicaSet
 * whose template equals the deployment's is the new one (created when missing, with the next revision);
 * RollingUpdate scales it up within maxSurge and the old ones down within maxUnavailable, step by step
 * as pods become available; Recreate scales the old ones to zero first. Status, conditions and the
 * revision / desired-replicas / max-replicas annotations are kept as kube-controller-manager keeps them;
 * old ReplicaSets beyond revisionHistoryLimit are deleted.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { DeploymentSpec, DeploymentStatus } from '../kinds/deployment.js';
import type { PodTemplate } from '../kinds/pod-template.js';
import { KINDS } from '../api/registry.js';
import { createObject } from '../api/server.js';
import { getObject, removeObject, nextResourceVersion } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { rfc3339 } from '../env.js';
import { templateKey } from '../kinds/deployment.js';
import { podTemplateHash } from './template-hash.js';
import { indexByController, sortedObjects } from './pod-index.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const SOURCE = { component: 'deployment-controller' };
/** Deployment annotations never copied to its ReplicaSets. */
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED, MAX_REPLICAS]);

interface RsSpec { replicas?: number; minReadySeconds?: number; selector?: LabelSelector; template?: PodTemplate }
interface RsStatus { replicas?: number; readyReplicas?: number; availableReplicas?: number }
type Cond = NonNullable<DeploymentStatus['conditions']>[number];

const rsSpec = (rs: KubeObject) => (rs.spec ??= {}) as RsSpec;
const rsStatus = (rs: KubeObject) => (rs.status ?? {}) as RsStatus;
const replicasOf = (rs: KubeObject) => rsSpec(rs).replicas ?? 0;
const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
const byCreation = (a: KubeObject, b: KubeObject) =>
  String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaled(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** maxSurge and maxUnavailable resolved against the desired replicas (both 0 → maxUnavailable 1). */
export function surgeAndUnavailable(spec: DeploymentSpec): { maxSurge: number; maxUnavailable: number } {
  const desired = spec.replicas ?? 1;
  if (spec.strategy?.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const ru = spec.strategy.rollingUpdate ?? {};
  const maxSurge = scaled(ru.maxSurge ?? '25%', desired, true);
  let maxUnavailable = scaled(ru.maxUnavailable ?? '25%', desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}

export const deploymentController: Controller = {
  name: 'deployment-controller',
  // Deployments and the ReplicaSets they own (whose status reflects the pods).
  watches: ['deployments', 'replicasets'],
  reconcile(state, env) {
    const deployments = sortedObjects(state, 'deployments');
    if (!deployments.length) return false;
    const rsIndex = indexByController(Object.values(state.objects.replicasets ?? {}));
    let changed = false;
    for (const d of deployments) if (syncDeployment(state, env, d, rsIndex)) changed = true;
    return changed;
  },
  // Time matters while a rollout progresses: its progress deadline, and minReadySeconds availability.
  nextDue(state, now) {
    let due: number | null = null;
    for (const d of Object.values(state.objects.deployments ?? {})) {
      const spec = (d.spec ?? {}) as DeploymentSpec;
      const st = (d.status ?? {}) as DeploymentStatus;
      if (spec.minReadySeconds && (st.readyReplicas ?? 0) > (st.availableReplicas ?? 0)) return now;
      const cur = st.conditions?.find((c) => c.type === 'Progressing');
      if (cur?.status === 'True' && cur.reason !== 'NewReplicaSetAvailable' && spec.progressDeadlineSeconds !== undefined) {
        // requeueStuckDeployment (pkg/controller/deployment/progress.go) looks again one second after the deadline.
        const t = Date.parse(cur.lastUpdateTime ?? '') + spec.progressDeadlineSeconds * 1000 + 1000;
        if (!Number.isNaN(t) && (due === null || t < due)) due = t;
      }
    }
    return due;
  },
};

function syncDeployment(state: ClusterState, env: Env, d: KubeObject, rsIndex: ReturnType<typeof indexByController>): boolean {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const reqs = fromLabelSelector(spec.selector);
  if (!reqs || !reqs.length) return false;
  const ns = d.metadata.namespace ?? '';
  const before = JSON.stringify(d);
  let changed = false;

  // Owned ReplicaSets (adopting orphans that match the selector).
  const owned = (rsIndex.byController.get(d.metadata.uid!) ?? []).filter((rs) => state.objects.replicasets?.[`${ns}/${rs.metadata.name}`]);
  const orphans = rsIndex.orphansByNamespace.get(ns) ?? [];
  for (const rs of orphans) {
    if (rs.metadata.ownerReferences?.length || !matches(reqs, rs.metadata.labels ?? {})) continue;
    rs.metadata.ownerReferences = [ownerRef(d)];
    rs.metadata.resourceVersion = nextResourceVersion(state);
    owned.push(rs);
    changed = true;
  }
  owned.sort(byCreation);

  const want = templateKey(spec.template);
  let newRS = owned.find((rs) => templateKey(rsSpec(rs).template) === want);
  const oldRSs = owned.filter((rs) => rs !== newRS);
  const status = (d.status ??= {}) as DeploymentStatus;
  const oldStatus = structuredClone(status);
  const desired = spec.replicas ?? 1;
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(spec);
  const maxOldRevision = oldRSs.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
  const now = rfc3339(env.now());

  if (spec.paused) {
    if (newRS && isScalingEvent(owned, desired)) {
      if (proportionalScale(state, env, d, newRS, oldRSs, desired, maxSurge)) changed = true;
    }
    return syncStatus(state, env, d, owned, newRS, oldStatus, before, false) || changed;
  }
  // A replicas change (not a template change) is applied proportionally over the active ReplicaSets.
  if (newRS && isScalingEvent(owned, desired)) {
    if (proportionalScale(state, env, d, newRS, oldRSs, desired, maxSurge)) changed = true;
    return syncStatus(state, env, d, owned, newRS, oldStatus, before, false) || changed;
  }

  if (!newRS) {
    const hash = podTemplateHash(spec.template, status.collisionCount);
    const name = `${d.metadata.name}-${hash}`;
    const clash = getObject(state, 'replicasets', ns, name);
    if (clash) {
      // Same name, different template: bump the collision count so the next hash differs.
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      return saveDeployment(state, d, before) || changed;
    }
    const oldActive = oldRSs.reduce((a, rs) => a + replicasOf(rs), 0);
    let initial: number;
    if (spec.strategy?.type === 'Recreate') initial = oldActive > 0 || oldRSs.some((rs) => (rsStatus(rs).replicas ?? 0) > 0) ? 0 : desired;
    else initial = oldActive === 0 ? desired : Math.max(0, Math.min(desired + maxSurge - oldActive, desired));
    newRS = createReplicaSet(state, env, d, name, hash, String(maxOldRevision + 1), initial, maxSurge);
    owned.push(newRS);
    setCondition(status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"`, lastUpdateTime: now, lastTransitionTime: now });
    // getNewReplicaSet's event names no previous size ("Scaled up replica set X to 3"); only scaleReplicaSet's says "from N"
    // (kubernetes pkg/controller/deployment/sync.go).
    if (initial > 0) recordEvent(state, env, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} to ${initial}`, SOURCE);
    changed = true;
  } else {
    // A template reverted to an old ReplicaSet makes it the newest revision again.
    if (revisionOf(newRS) <= maxOldRevision) {
      const snapshot = JSON.stringify(newRS);
      const prev = newRS.metadata.annotations?.[REVISION];
      const ann = (newRS.metadata.annotations ??= {});
      const hist = [...(ann[REVISION_HISTORY] ? ann[REVISION_HISTORY].split(',') : []), ...(prev ? [prev] : [])];
      ann[REVISION] = String(maxOldRevision + 1);
      if (hist.length) ann[REVISION_HISTORY] = hist.join(',');
      copyAnnotations(d, newRS);
      if (JSON.stringify(newRS) !== snapshot) { newRS.metadata.resourceVersion = nextResourceVersion(state); changed = true; }
    }
    // The deployment's annotations (change-cause, ...) follow onto its current ReplicaSet on every sync.
    const snap = JSON.stringify(newRS.metadata.annotations ?? {});
    copyAnnotations(d, newRS);
    if (JSON.stringify(newRS.metadata.annotations) !== snap) { newRS.metadata.resourceVersion = nextResourceVersion(state); changed = true; }
    if (!status.conditions?.some((c) => c.type === 'Progressing')) {
      setCondition(status, { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRS.metadata.name}"`, lastUpdateTime: now, lastTransitionTime: now });
    }
  }
  const revision = newRS.metadata.annotations?.[REVISION];
  if (revision && d.metadata.annotations?.[REVISION] !== revision) (d.metadata.annotations ??= {})[REVISION] = revision;

  const scale = (rs: KubeObject, to: number) => {
    if (scaleReplicaSet(state, env, d, rs, to, desired, maxSurge)) changed = true;
  };
  const olds = oldRSs.sort(byCreation);
  if (spec.strategy?.type === 'Recreate') {
    for (const rs of olds) if (replicasOf(rs) > 0) scale(rs, 0);
    const oldPods = olds.some((rs) => (rsStatus(rs).replicas ?? 0) > 0);
    if (!oldPods && replicasOf(newRS) !== desired) scale(newRS, desired);
  } else {
    const newCount = replicasOf(newRS);
    if (newCount > desired) scale(newRS, desired);
    else if (newCount < desired) {
      const current = owned.reduce((a, rs) => a + replicasOf(rs), 0);
      const up = Math.min(desired + maxSurge - current, desired - newCount);
      if (up > 0) scale(newRS, newCount + up);
    }
    const oldCount = olds.reduce((a, rs) => a + replicasOf(rs), 0);
    if (oldCount > 0) {
      const all = owned.reduce((a, rs) => a + replicasOf(rs), 0);
      const minAvailable = desired - maxUnavailable;
      const newUnavailable = replicasOf(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
      const maxScaledDown = all - minAvailable - newUnavailable;
      if (maxScaledDown > 0) {
        // First the old pods that are not available anyway, then by availability.
        let cleaned = 0;
        for (const rs of olds) {
          if (cleaned >= maxScaledDown) break;
          const n = replicasOf(rs);
          const unhealthy = n - (rsStatus(rs).availableReplicas ?? 0);
          if (n === 0 || unhealthy <= 0) continue;
          const down = Math.min(maxScaledDown - cleaned, unhealthy);
          scale(rs, n - down);
          cleaned += down;
        }
        const available = owned.reduce((a, rs) => a + Math.min(rsStatus(rs).availableReplicas ?? 0, replicasOf(rs)), 0);
        if (available > minAvailable) {
          const total = available - minAvailable;
          let done = 0;
          for (const rs of olds) {
            if (done >= total) break;
            const n = replicasOf(rs);
            if (n === 0) continue;
            const down = Math.min(n, total - done);
            scale(rs, n - down);
            done += down;
          }
        }
      }
    }
  }

  if (cleanupHistory(state, spec, olds)) changed = true;
  return syncStatus(state, env, d, owned.filter((rs) => state.objects.replicasets?.[`${ns}/${rs.metadata.name}`]), newRS, oldStatus, before, true) || changed;
}

function ownerRef(d: KubeObject) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function copyAnnotations(d: KubeObject, rs: KubeObject): void {
  const ann = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) ann[k] = v;
}

function createReplicaSet(state: ClusterState, env: Env, d: KubeObject, name: string, hash: string, revision: string, replicas: number, maxSurge: number): KubeObject {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const template = structuredClone(spec.template ?? {}) as PodTemplate;
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), 'pod-template-hash': hash };
  const selector = structuredClone(spec.selector ?? {}) as LabelSelector & { matchLabels?: Record<string, string> };
  selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
  const desired = spec.replicas ?? 1;
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      labels: { ...(spec.template?.metadata?.labels ?? {}), 'pod-template-hash': hash },
      annotations: {},
      ownerReferences: [ownerRef(d)],
    },
    spec: { replicas, ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}), selector, template },
  };
  copyAnnotations(d, rs);
  Object.assign(rs.metadata.annotations!, { [DESIRED]: String(desired), [MAX_REPLICAS]: String(desired + maxSurge), [REVISION]: revision });
  return createObject(state, env, KINDS.ReplicaSet, rs, { fieldManager: 'kube-controller-manager' });
}

/** Set a ReplicaSet's replicas (and the desired/max annotations); event when the size changed. */
function scaleReplicaSet(state: ClusterState, env: Env, d: KubeObject, rs: KubeObject, to: number, desired: number, maxSurge: number): boolean {
  const from = replicasOf(rs);
  const ann = (rs.metadata.annotations ??= {});
  const annChanged = ann[DESIRED] !== String(desired) || ann[MAX_REPLICAS] !== String(desired + maxSurge);
  if (from === to && !annChanged) return false;
  ann[DESIRED] = String(desired);
  ann[MAX_REPLICAS] = String(desired + maxSurge);
  if (from !== to) {
    rsSpec(rs).replicas = to;
    rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    recordEvent(state, env, d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} to ${to} from ${from}`, SOURCE);
  }
  rs.metadata.resourceVersion = nextResourceVersion(state);
  return true;
}

/** isScalingEvent: an active ReplicaSet was sized for a different desired count. */
function isScalingEvent(owned: KubeObject[], desired: number): boolean {
  return owned.some((rs) => {
    if (replicasOf(rs) <= 0) return false;
    const a = rs.metadata.annotations?.[DESIRED];
    return a !== undefined && Number(a) !== desired;
  });
}

/** The controller's scale(): one active ReplicaSet takes the full count; otherwise spread the change by size. */
function proportionalScale(state: ClusterState, env: Env, d: KubeObject, newRS: KubeObject, oldRSs: KubeObject[], desired: number, maxSurge: number): boolean {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const active = [newRS, ...oldRSs].filter((rs) => replicasOf(rs) > 0);
  let changed = false;
  const scale = (rs: KubeObject, to: number) => {
    if (scaleReplicaSet(state, env, d, rs, to, desired, maxSurge)) changed = true;
  };
  if (active.length <= 1) {
    const target = active[0] ?? [newRS, ...oldRSs].sort(byCreation).pop()!;
    if (replicasOf(target) !== desired) scale(target, desired);
    return changed;
  }
  const saturated = replicasOf(newRS) === desired && Number(newRS.metadata.annotations?.[DESIRED]) === desired && (rsStatus(newRS).availableReplicas ?? 0) === desired;
  if (saturated) {
    for (const rs of oldRSs) if (replicasOf(rs) > 0) scale(rs, 0);
    return changed;
  }
  if (spec.strategy?.type !== 'RollingUpdate') return changed;
  const total = active.reduce((a, rs) => a + replicasOf(rs), 0);
  const allowed = desired > 0 ? desired + maxSurge : 0;
  const toAdd = allowed - total;
  if (toAdd === 0) {
    for (const rs of active) scale(rs, replicasOf(rs));
    return changed;
  }
  // Larger first; ties: newer first when growing, older first when shrinking.
  active.sort((a, b) => replicasOf(b) - replicasOf(a) || (toAdd > 0 ? -byCreation(a, b) : byCreation(a, b)));
  const status = (d.status ?? {}) as DeploymentStatus;
  const sizes = new Map<KubeObject, number>();
  let added = 0;
  for (const rs of active) {
    let proportion = 0;
    const n = replicasOf(rs);
    if (n > 0 && toAdd !== added) {
      let fraction: number;
      if (desired === 0) fraction = -n;
      else {
        const before = Number(rs.metadata.annotations?.[MAX_REPLICAS]) || status.replicas || 0;
        fraction = before ? Math.round((n * (desired + maxSurge)) / before) - n : 0;
      }
      const left = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
    }
    sizes.set(rs, n + proportion);
    added += proportion;
  }
  active.forEach((rs, i) => {
    let size = sizes.get(rs)!;
    if (i === 0) size = Math.max(0, size + (toAdd - added));
    scale(rs, size);
  });
  return changed;
}

/** Delete the oldest fully scaled-down old ReplicaSets beyond revisionHistoryLimit. */
function cleanupHistory(state: ClusterState, spec: DeploymentSpec, olds: KubeObject[]): boolean {
  const limit = spec.revisionHistoryLimit ?? 10;
  const idle = olds.filter((rs) => replicasOf(rs) === 0 && (rsStatus(rs).replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp);
  if (idle.length <= limit) return false;
  for (const rs of idle.sort(byCreation).slice(0, idle.length - limit)) {
    removeObject(state, 'replicasets', rs.metadata.namespace, rs.metadata.name);
  }
  return true;
}

/** SetDeploymentCondition: unchanged when status and reason are the same; keeps lastTransitionTime when only the reason changes; moves it last. */
function setCondition(status: DeploymentStatus, c: Cond): void {
  const conds = (status.conditions ??= []);
  const cur = conds.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...conds.filter((x) => x.type !== c.type), c];
}

function syncStatus(state: ClusterState, env: Env, d: KubeObject, owned: KubeObject[], newRS: KubeObject | undefined, oldStatus: DeploymentStatus, before: string, rolling: boolean): boolean {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const status = (d.status ??= {}) as DeploymentStatus;
  const desired = spec.replicas ?? 1;
  const { maxUnavailable } = surgeAndUnavailable(spec);
  const now = rfc3339(env.now());
  const sum = (f: (rs: KubeObject) => number) => owned.reduce((a, rs) => a + f(rs), 0);
  const total = sum(replicasOf);
  const available = sum((rs) => rsStatus(rs).availableReplicas ?? 0);
  const replicas = sum((rs) => rsStatus(rs).replicas ?? 0);
  const updated = newRS ? rsStatus(newRS).replicas ?? 0 : 0;
  const ready = sum((rs) => rsStatus(rs).readyReplicas ?? 0);
  const next: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    collisionCount: status.collisionCount,
    conditions: status.conditions ? structuredClone(status.conditions) : undefined,
  };
  if (available >= desired - maxUnavailable) {
    setCondition(next, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: now, lastTransitionTime: now });
  } else {
    setCondition(next, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: now, lastTransitionTime: now });
  }
  if (rolling && newRS) {
    const name = newRS.metadata.name;
    const complete = updated === desired && replicas === desired && available === desired;
    const cur = next.conditions?.find((c) => c.type === 'Progressing');
    const oldOld = (oldStatus.replicas ?? 0) - (oldStatus.updatedReplicas ?? 0);
    const newOld = replicas - updated;
    const progressed = updated > (oldStatus.updatedReplicas ?? 0) || newOld < oldOld || ready > (oldStatus.readyReplicas ?? 0) || available > (oldStatus.availableReplicas ?? 0);
    if (complete) {
      setCondition(next, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.`, lastUpdateTime: now, lastTransitionTime: now });
    } else if (progressed) {
      const c: Cond = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.`, lastUpdateTime: now, lastTransitionTime: cur?.status === 'True' ? cur.lastTransitionTime : now };
      next.conditions = [...(next.conditions ?? []).filter((x) => x.type !== 'Progressing'), c];
    } else if (cur && cur.status === 'True' && cur.reason !== 'NewReplicaSetAvailable' && spec.progressDeadlineSeconds !== undefined) {
      const since = Date.parse(cur.lastUpdateTime ?? now);
      if (since + spec.progressDeadlineSeconds * 1000 < env.now().getTime()) {
        setCondition(next, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.`, lastUpdateTime: now, lastTransitionTime: now });
      }
    }
  }
  for (const k of Object.keys(next) as (keyof DeploymentStatus)[]) {
    const v = next[k];
    if (v === undefined || v === 0) delete next[k];
  }
  d.status = next;
  return saveDeployment(state, d, before);
}

function saveDeployment(state: ClusterState, d: KubeObject, before: string): boolean {
  if (JSON.stringify(d) === before) return false;
  d.metadata.resourceVersion = nextResourceVersion(state);
  return true;
}
