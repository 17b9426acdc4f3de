/**
 * The replica-keeping core shared by the ReplicaSet and ReplicationController controllers: keep
 * `spec.replicas` active pods that match the selector and are controlled by the owner. Missing pods are
 * created from the template (generateName `<owner>-`), extra ones deleted in kube-controller-manager's
 * preference order, orphans that match are adopted, owned pods that no longer match are released, and
 * the owner's status (live) is recomputed from its pods.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { PodTemplate } from '../kinds/pod-template.js';
import { removeObject, saveIfChanged, nextResourceVersion } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { ApiError } from '../api/errors.js';
import { rfc3339 } from '../env.js';
import { controllerOwnerRef, createPodFromTemplate } from './pod-factory.js';
import { indexPods, isActivePod, isPodReady, isPodAvailable, readyCondition, sortedObjects } from './pod-index.js';

export interface ReplicaOwnerType {
  /** Controller name (for the controller list). */
  name: string;
  resource: string;
  kind: string;
  apiVersion: string;
  /** Event source component: `replicaset-controller` / `replication-controller`. */
  component: string;
  /** Label matcher of an owner's selector, or null when it selects nothing. */
  selector(owner: KubeObject): ((labels: Record<string, string>) => boolean) | null;
}

interface OwnerSpec { replicas?: number; minReadySeconds?: number; template?: PodTemplate }
interface Condition { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }

/** Build a controller for one replica-owning kind. */
export function makeReplicaController(t: ReplicaOwnerType): Controller {
  return {
    name: t.name,
    reconcile(state, env) {
      const owners = sortedObjects(state, t.resource);
      if (!owners.length) return false;
      const index = indexPods(state);
      let changed = false;
      for (const owner of owners) if (syncOwner(state, env, t, owner, index)) changed = true;
      return changed;
    },
    // Time matters only while a ready pod waits out minReadySeconds to count as available.
    nextDue(state, now) {
      for (const owner of Object.values(state.objects[t.resource] ?? {})) {
        const st = (owner.status ?? {}) as { readyReplicas?: number; availableReplicas?: number };
        if (((owner.spec ?? {}) as OwnerSpec).minReadySeconds && (st.readyReplicas ?? 0) > (st.availableReplicas ?? 0)) return now;
      }
      return null;
    },
  };
}

function syncOwner(state: ClusterState, env: Env, t: ReplicaOwnerType, owner: KubeObject, index: ReturnType<typeof indexPods>): boolean {
  const sel = t.selector(owner);
  if (!sel) return false;
  const ns = owner.metadata.namespace ?? '';
  const uid = owner.metadata.uid!;
  const spec = (owner.spec ?? {}) as OwnerSpec;
  let changed = false;

  // Release owned pods whose labels no longer match; adopt matching orphans.
  const owned: KubeObject[] = [];
  for (const p of index.byController.get(uid) ?? []) {
    if (sel(p.metadata.labels ?? {})) {
      owned.push(p);
      continue;
    }
    p.metadata.ownerReferences = p.metadata.ownerReferences!.filter((r) => r.uid !== uid);
    if (!p.metadata.ownerReferences.length) delete p.metadata.ownerReferences;
    p.metadata.resourceVersion = nextResourceVersion(state);
    const orphans = index.orphansByNamespace.get(ns) ?? [];
    orphans.push(p);
    index.orphansByNamespace.set(ns, orphans);
    changed = true;
  }
  const orphans = index.orphansByNamespace.get(ns);
  if (orphans?.length) {
    const rest: KubeObject[] = [];
    for (const p of orphans) {
      if (!p.metadata.deletionTimestamp && sel(p.metadata.labels ?? {})) {
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), controllerOwnerRef(owner)];
        p.metadata.resourceVersion = nextResourceVersion(state);
        owned.push(p);
        changed = true;
      } else rest.push(p);
    }
    index.orphansByNamespace.set(ns, rest);
  }

  const active = owned.filter(isActivePod);
  const want = Math.max(0, spec.replicas ?? 1);
  const status = (owner.status ?? {}) as { conditions?: Condition[] };
  let failure: Condition | undefined = status.conditions?.find((c) => c.type === 'ReplicaFailure');

  if (active.length < want) {
    for (let i = active.length; i < want; i++) {
      try {
        active.push(createPod(state, env, t, owner));
        changed = true;
        failure = undefined;
      } catch (e) {
        const message = e instanceof ApiError ? e.message : String((e as Error)?.message ?? e);
        if (failure?.message !== message) {
          recordEvent(state, env, owner, 'Warning', 'FailedCreate', `Error creating: ${message}`, { component: t.component });
          failure = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message, lastTransitionTime: rfc3339(env.now()) };
          changed = true;
        }
        break;
      }
    }
  } else if (active.length > want) {
    const doomed = podsToDelete(active, active.length - want);
    const gone = new Set(doomed);
    for (const p of doomed) {
      removeObject(state, 'pods', p.metadata.namespace, p.metadata.name);
      if (p.metadata.uid) delete state.runtime[p.metadata.uid];
      state.meta.resourceVersion += 1;
      recordEvent(state, env, owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: t.component });
    }
    active.splice(0, active.length, ...active.filter((p) => !gone.has(p)));
    changed = true;
  }

  if (writeStatus(state, env, t, owner, active, spec, failure)) changed = true;
  return changed;
}

/** A new pod from the owner's template, through the API server's write path (pod admission runs). */
function createPod(state: ClusterState, env: Env, t: ReplicaOwnerType, owner: KubeObject): KubeObject {
  const created = createPodFromTemplate(state, env, owner, ((owner.spec ?? {}) as OwnerSpec).template, { generateName: `${owner.metadata.name}-` });
  recordEvent(state, env, owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component: t.component });
  return created;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The pods a scale-down removes, in the controller's preference order: unscheduled before scheduled,
 * Pending < Unknown < Running, not ready before ready, more replicas of this owner on the same node first,
 * ready for less time first, more restarts first, newer first.
 */
export function podsToDelete(active: KubeObject[], count: number): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const p of active) {
    const n = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const info = active.map((p) => {
    const node = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    const st = (p.status ?? {}) as { phase?: string; containerStatuses?: { restartCount?: number }[] };
    const ready = isPodReady(p);
    return {
      p,
      assigned: node ? 1 : 0,
      phase: PHASE_RANK[st.phase ?? 'Pending'] ?? 0,
      ready: ready ? 1 : 0,
      rank: node ? perNode.get(node)! : 0,
      readySince: ready ? Date.parse(readyCondition(p)?.lastTransitionTime ?? '') || 0 : 0,
      restarts: (st.containerStatuses ?? []).reduce((a, c) => a + (c.restartCount ?? 0), 0),
      created: Date.parse(p.metadata.creationTimestamp ?? '') || 0,
    };
  });
  info.sort(
    (a, b) =>
      a.assigned - b.assigned ||
      a.phase - b.phase ||
      a.ready - b.ready ||
      b.rank - a.rank ||
      b.readySince - a.readySince ||
      b.restarts - a.restarts ||
      b.created - a.created ||
      (a.p.metadata.name < b.p.metadata.name ? 1 : a.p.metadata.name > b.p.metadata.name ? -1 : 0),
  );
  return info.slice(0, count).map((x) => x.p);
}

/** Live status: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration (zeros omitted as the API does). */
function writeStatus(state: ClusterState, env: Env, t: ReplicaOwnerType, owner: KubeObject, active: KubeObject[], spec: OwnerSpec, failure: Condition | undefined): boolean {
  const now = env.now();
  const tl = spec.template?.metadata?.labels ?? {};
  let ready = 0, available = 0, labeled = 0;
  for (const p of active) {
    if (isPodReady(p)) ready++;
    if (isPodAvailable(p, spec.minReadySeconds ?? 0, now)) available++;
    const pl = p.metadata.labels ?? {};
    if (Object.keys(tl).every((k) => pl[k] === tl[k])) labeled++;
  }
  const status: Record<string, unknown> = { replicas: active.length };
  if (labeled) status.fullyLabeledReplicas = labeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (owner.metadata.generation) status.observedGeneration = owner.metadata.generation;
  if (failure) status.conditions = [failure];
  const before = JSON.stringify(owner.status ?? null);
  if (JSON.stringify(status) === before) return false;
  const snapshot = JSON.stringify(owner);
  owner.status = status;
  return saveIfChanged(state, t.resource, owner, snapshot);
}
