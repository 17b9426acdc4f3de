/**
 * The StatefulSet controller: pods `<set>-0 … <set>-(N-1)` with stable names, hostname and subdomain (the
 * governing Service gives each a DNS name), created in ordinal order and, under OrderedReady, only when
 * every lower ordinal is Running and Ready; removed from the highest ordinal down. Claims from
 * `volumeClaimTemplates` (`<claim>-<set>-<ordinal>`) are created before their pod and kept when it goes.
 * Template changes become ControllerRevisions (`<set>-<hash>`, numbered); RollingUpdate replaces pods
 * from the highest ordinal down to `partition`, one Ready pod at a time; OnDelete waits for the user.
 * Status (replicas, ready, current/updated counts and revisions) is live.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { StatefulSetSpec, StatefulSetStatus } from '../kinds/statefulset.js';
import { KINDS, kindByKind } from '../api/registry.js';
import { createObject } from '../api/server.js';
import { ApiError } from '../api/errors.js';
import { getObject, nextResourceVersion, removeObject, saveIfChanged } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { stableJson } from '../kinds/deployment.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { dependentsOf } from './digests.js';
import { indexByController, ownedPods, isPodAvailable, isPodReady, sortedObjects } from './pod-index.js';
import { createPodFromTemplate, controllerOwnerRef, deletePodNow } from './pod-factory.js';
import { fnv1a32, safeEncode } from './template-hash.js';
import { kubeletMemory } from './kubelet-state.js';
import { revisionTemplate } from './revisions.js';

const SOURCE = { component: 'statefulset-controller' };
const REVISION_LABEL = 'controller-revision-hash';
const HASH_LABEL = 'controller.kubernetes.io/hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const specOf = (o: KubeObject) => (o.spec ?? {}) as StatefulSetSpec;

/** What a ControllerRevision of the set stores: the template, to be applied as a replacing patch. */
function revisionData(set: KubeObject): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(specOf(set).template ?? {}), $patch: 'replace' } } };
}

const revisionNumber = (r: KubeObject) => Number((r as { revision?: number }).revision ?? 0);

/** The ordinal of a pod named `<set>-<n>`, or undefined. */
function ordinalOf(set: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${set.metadata.name}-`;
  if (!pod.metadata.name.startsWith(prefix)) return undefined;
  const rest = pod.metadata.name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

const running = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase === 'Running';

export const statefulSetController: Controller = {
  name: 'statefulset-controller',
  reconcile(state, env) {
    const sets = sortedObjects(state, 'statefulsets');
    if (!sets.length) return false;
    const pods = ownedPods(state);
    const revisions = indexByController(Object.values(state.objects.controllerrevisions ?? {})).byController;
    let changed = false;
    for (const set of sets) {
      const uid = set.metadata.uid ?? '';
      if (syncSet(state, env, set, pods.get(uid), revisions.get(uid) ?? [])) changed = true;
    }
    return changed;
  },
  // Time matters while a ready pod waits out minReadySeconds, and while OrderedReady waits for a pod to
  // become ready: the kubelet's next probe of that pod is when the next ordinal may be created.
  nextDue(state, now) {
    let due: number | null = null;
    // Read only when a set waits on a pod (the kubelet's memory is ~130 KB at 10,000 pods).
    let kubelet: ReturnType<typeof kubeletMemory>['pods'] | undefined;
    for (const set of Object.values(state.objects.statefulsets ?? {})) {
      const s = specOf(set);
      const st = (set.status ?? {}) as StatefulSetStatus;
      if (s.minReadySeconds && (st.readyReplicas ?? 0) > (st.availableReplicas ?? 0)) return now;
      if (s.podManagementPolicy === 'Parallel' || (st.readyReplicas ?? 0) >= (s.replicas ?? 1)) continue;
      for (const key of dependentsOf(state, 'pods', set.metadata.uid ?? '')) {
        const p = state.objects.pods?.[key];
        if (!p || p.metadata.namespace !== set.metadata.namespace || isPodReady(p)) continue;
        kubelet ??= kubeletMemory(state).pods;
        const t = kubelet[p.metadata.uid ?? '']?.nextDue ?? null;
        if (t !== null && t > now && (due === null || t < due)) due = t;
      }
    }
    return due;
  },
};

/** The update revision (existing when its data matches, else a new one numbered after the last) and the revisions kept. */
function ensureRevision(state: ClusterState, env: Env, set: KubeObject, owned: KubeObject[]): { update: KubeObject; revisions: KubeObject[] } {
  const data = revisionData(set);
  const key = stableJson(data);
  const revisions = [...owned].sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const max = revisions.length ? revisionNumber(revisions[revisions.length - 1]!) : 0;
  const same = revisions.find((r) => stableJson((r as { data?: unknown }).data) === key);
  if (same) {
    // Rolling back to an older template makes its revision the newest again.
    if (revisionNumber(same) !== max) {
      (same as { revision?: number }).revision = max + 1;
      same.metadata.resourceVersion = nextResourceVersion(state);
      revisions.sort((a, b) => revisionNumber(a) - revisionNumber(b));
    }
    return { update: same, revisions };
  }
  const collisions = (set.status as StatefulSetStatus | undefined)?.collisionCount ?? 0;
  const hash = safeEncode(String(fnv1a32(key + (collisions ? `#${collisions}` : ''))));
  const rev: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${set.metadata.name.slice(0, 223)}-${hash}`,
      namespace: set.metadata.namespace,
      labels: { ...(specOf(set).template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
      ownerReferences: [controllerOwnerRef(set)],
    },
    data,
    revision: max + 1,
  };
  const created = createObject(state, env, KINDS.ControllerRevision, rev, { fieldManager: 'kube-controller-manager' });
  revisions.push(created);
  return { update: created, revisions };
}

/** A pod of `set` at `ordinal` from `rev`'s template, with its identity, claims and revision label. */
function newPod(state: ClusterState, env: Env, set: KubeObject, ordinal: number, rev: KubeObject): KubeObject {
  const s = specOf(set);
  const name = `${set.metadata.name}-${ordinal}`;
  const template = revisionTemplate(rev) ?? {};
  const volumes = [...((template.spec?.volumes ?? []) as { name: string; [k: string]: unknown }[])];
  for (const claim of s.volumeClaimTemplates ?? []) {
    const vol = { name: claim.metadata?.name ?? '', persistentVolumeClaim: { claimName: `${claim.metadata?.name}-${name}` } };
    const i = volumes.findIndex((v) => v.name === vol.name);
    if (i >= 0) volumes[i] = vol;
    else volumes.push(vol);
  }
  return createPodFromTemplate(state, env, set, template, {
    name,
    labels: { [REVISION_LABEL]: rev.metadata.name, [POD_INDEX_LABEL]: String(ordinal), [POD_NAME_LABEL]: name },
    spec: { hostname: name, ...(s.serviceName ? { subdomain: s.serviceName } : {}), ...(volumes.length ? { volumes } : {}) },
  });
}

/** Create the missing claims of the pod at `ordinal` (PersistentVolumeClaim must be a served kind). */
function ensureClaims(state: ClusterState, env: Env, set: KubeObject, ordinal: number): void {
  const s = specOf(set);
  const info = kindByKind('PersistentVolumeClaim');
  if (!info || !s.volumeClaimTemplates?.length) return;
  const podName = `${set.metadata.name}-${ordinal}`;
  const selectorLabels = s.selector?.matchLabels ?? {};
  for (const t of s.volumeClaimTemplates) {
    const name = `${t.metadata?.name}-${podName}`;
    if (getObject(state, info.resource, set.metadata.namespace, name)) continue;
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...selectorLabels },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ...(s.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete' ? { ownerReferences: [{ ...controllerOwnerRef(set), controller: true }] } : {}),
      },
      spec: structuredClone(t.spec ?? {}),
    };
    try {
      createObject(state, env, info, claim, { fieldManager: 'kube-controller-manager' });
      recordEvent(state, env, set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, SOURCE);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      recordEvent(state, env, set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${e.message}`, SOURCE);
      throw e;
    }
  }
}

function syncSet(state: ClusterState, env: Env, set: KubeObject, owned: KubeObject[], ownedRevisions: KubeObject[]): boolean {
  const s = specOf(set);
  const reqs = fromLabelSelector(s.selector);
  if (!reqs || !reqs.length) return false;
  const before = JSON.stringify(set);
  const rvBefore = state.meta.resourceVersion;
  const st = (set.status ?? {}) as StatefulSetStatus;
  const { update, revisions } = ensureRevision(state, env, set, ownedRevisions);
  const current = revisions.find((r) => r.metadata.name === st.currentRevision) ?? update;
  const start = s.ordinals?.start ?? 0;
  const replicas = Math.max(0, s.replicas ?? 1);
  const ordered = s.podManagementPolicy !== 'Parallel';
  const partition = s.updateStrategy?.type === 'RollingUpdate' ? (s.updateStrategy.rollingUpdate?.partition ?? 0) : undefined;

  const byOrdinal = new Map<number, KubeObject>();
  for (const p of owned) {
    const ord = ordinalOf(set, p);
    if (ord !== undefined && matches(reqs, p.metadata.labels ?? {})) byOrdinal.set(ord, p);
  }
  const healthy = (p: KubeObject | undefined) => !!p && running(p) && isPodReady(p);

  // Create or replace pods in ordinal order; OrderedReady stops at the first one not Running and Ready.
  let blocked = false;
  for (let ord = start; ord < start + replicas && !blocked; ord++) {
    let pod = byOrdinal.get(ord);
    const phase = (pod?.status as { phase?: string } | undefined)?.phase;
    if (pod && (phase === 'Failed' || phase === 'Succeeded')) {
      deletePodNow(state, pod);
      recordEvent(state, env, set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
      byOrdinal.delete(ord);
      pod = undefined;
    }
    if (!pod) {
      const st0 = (set.status ?? {}) as StatefulSetStatus;
      const useCurrent = partition !== undefined ? ord < partition : ord - start < (st0.currentReplicas ?? 0);
      try {
        ensureClaims(state, env, set, ord);
        pod = newPod(state, env, set, ord, useCurrent ? current : update);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        recordEvent(state, env, set, 'Warning', 'FailedCreate', `create Pod ${set.metadata.name}-${ord} in StatefulSet ${set.metadata.name} failed error: ${e.message}`, SOURCE);
        break;
      }
      byOrdinal.set(ord, pod);
      recordEvent(state, env, set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
    }
    if (ordered && !healthy(pod)) blocked = true;
  }

  // Scale down from the highest ordinal, one pod at a time under OrderedReady (and only while the rest are healthy).
  const condemned = [...byOrdinal.keys()].filter((o) => o < start || o >= start + replicas).sort((a, b) => b - a);
  const allHealthy = [...byOrdinal.entries()].filter(([o]) => o >= start && o < start + replicas).every(([, p]) => healthy(p));
  for (const ord of condemned) {
    if (ordered && (!allHealthy || blocked)) break;
    const pod = byOrdinal.get(ord)!;
    deletePodNow(state, pod);
    byOrdinal.delete(ord);
    recordEvent(state, env, set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
    if (ordered) break;
  }

  // RollingUpdate: replace the highest-ordinal pod still on an old revision (at or above the partition) once all are Ready.
  if (partition !== undefined && !condemned.length && !blocked) {
    const pods = [...byOrdinal.entries()].sort((a, b) => b[0] - a[0]);
    if (pods.every(([, p]) => healthy(p))) {
      const stale = pods.find(([o, p]) => o >= partition && p.metadata.labels?.[REVISION_LABEL] !== update.metadata.name);
      if (stale) {
        deletePodNow(state, stale[1]);
        byOrdinal.delete(stale[0]);
        recordEvent(state, env, set, 'Normal', 'SuccessfulDelete', `delete Pod ${stale[1].metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
      }
    }
  }

  // History: revisions beyond revisionHistoryLimit that no pod and neither current nor update revision uses.
  const inUse = new Set([current.metadata.name, update.metadata.name, ...[...byOrdinal.values()].map((p) => p.metadata.labels?.[REVISION_LABEL] ?? '')]);
  const removable = revisions.filter((r) => !inUse.has(r.metadata.name));
  for (const r of removable.slice(0, Math.max(0, removable.length - (s.revisionHistoryLimit ?? 10)))) {
    removeObject(state, 'controllerrevisions', r.metadata.namespace, r.metadata.name);
  }

  writeStatus(set, [...byOrdinal.values()], current, update, replicas, env.now());
  return saveIfChanged(state, 'statefulsets', set, before) || state.meta.resourceVersion !== rvBefore;
}

/** Live status; the current revision becomes the update revision once every replica runs it and is Ready. */
function writeStatus(set: KubeObject, pods: KubeObject[], current: KubeObject, update: KubeObject, replicas: number, now: Date): void {
  const s = specOf(set);
  const st: StatefulSetStatus = {
    availableReplicas: pods.filter((p) => isPodAvailable(p, s.minReadySeconds ?? 0, now)).length,
    collisionCount: (set.status as StatefulSetStatus | undefined)?.collisionCount ?? 0,
    currentReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === current.metadata.name).length,
    currentRevision: current.metadata.name,
    observedGeneration: set.metadata.generation ?? 1,
    readyReplicas: pods.filter(isPodReady).length,
    replicas: pods.length,
    updateRevision: update.metadata.name,
    updatedReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === update.metadata.name).length,
  };
  if (s.updateStrategy?.type === 'RollingUpdate' && st.updatedReplicas === st.replicas && st.readyReplicas === st.replicas && st.replicas === replicas) {
    st.currentRevision = st.updateRevision;
    st.currentReplicas = st.updatedReplicas;
  }
  // Zero counts are omitted as the API serialises them (availableReplicas and replicas are always written).
  for (const k of ['currentReplicas', 'readyReplicas', 'updatedReplicas'] as const) if (!st[k]) delete st[k];
  set.status = st;
}
