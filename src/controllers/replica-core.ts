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
import { removeObject, saveIfChanged, nextResourceVersion, objectKey } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { ApiError } from '../api/errors.js';
import { rfc3339 } from '../env.js';
import { controllerOwnerRef, podMaker } from './pod-factory.js';
import { sortedObjects } from './pod-index.js';
import { digestActive, podDigest, podDigests, type PodDigest } from './digests.js';
import { changesFor, type Changes } from './changes.js';

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

/** Pod keys by the uid of their controller, and controller-less pods by namespace (from the digests). */
interface DigestIndex {
  digests: Map<string, PodDigest>;
  byController: Map<string, string[]>;
  orphansByNamespace: Map<string, string[]>;
}

function digestIndex(state: ClusterState): DigestIndex {
  const digests = podDigests(state);
  const byController = new Map<string, string[]>();
  const orphansByNamespace = new Map<string, string[]>();
  for (const [key, d] of digests) {
    const m = d.owner ? byController : orphansByNamespace;
    const id = d.owner ?? d.ns;
    const list = m.get(id);
    if (list) list.push(key);
    else m.set(id, [key]);
  }
  return { digests, byController, orphansByNamespace };
}

/**
 * The owners to sync after the given changes: owners that changed, the controllers of pods that changed
 * (before and after), and the owners in whose namespace a controller-less pod changed (adoption).
 */
function ownersToSync(state: ClusterState, t: ReplicaOwnerType, owners: KubeObject[], changes: Changes): Set<string> {
  const out = new Set<string>();
  const orphanNs = new Set<string>();
  for (const c of changes.entries) {
    if (c.resource === t.resource) {
      const o = state.objects[t.resource]?.[c.key];
      if (o?.metadata.uid) out.add(o.metadata.uid);
    } else if (c.resource === 'pods') {
      for (const d of [c.before, c.after] as (PodDigest | undefined)[]) {
        if (!d) continue;
        if (d.owner) out.add(d.owner);
        else orphanNs.add(d.ns);
      }
    }
  }
  if (orphanNs.size) for (const o of owners) if (orphanNs.has(o.metadata.namespace ?? '')) out.add(o.metadata.uid!);
  return out;
}

/** Build a controller for one replica-owning kind. */
export function makeReplicaController(t: ReplicaOwnerType): Controller {
  return {
    name: t.name,
    watches: [t.resource, 'pods'],
    reconcile(state, env) {
      const owners = sortedObjects(state, t.resource);
      if (!owners.length) return false;
      const changes = changesFor(state);
      const sync = changes.full ? null : ownersToSync(state, t, owners, changes);
      if (sync && !sync.size) return false;
      let index: DigestIndex | undefined;
      let changed = false;
      for (const owner of owners) {
        if (sync && !sync.has(owner.metadata.uid!)) continue;
        if (syncOwner(state, env, t, owner, (index ??= digestIndex(state)))) changed = true;
      }
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

/** A pod as the replica controllers track it: its key and digest (the pod itself is parsed only to change it). */
interface Tracked {
  key: string;
  d: PodDigest;
}

function syncOwner(state: ClusterState, env: Env, t: ReplicaOwnerType, owner: KubeObject, index: DigestIndex): boolean {
  const sel = t.selector(owner);
  if (!sel) return false;
  const ns = owner.metadata.namespace ?? '';
  const uid = owner.metadata.uid!;
  const spec = (owner.spec ?? {}) as OwnerSpec;
  let changed = false;

  // Release owned pods whose labels no longer match; adopt matching orphans.
  const owned: Tracked[] = [];
  for (const key of index.byController.get(uid) ?? []) {
    const d = index.digests.get(key)!;
    if (sel(d.labels ?? {})) {
      owned.push({ key, d });
      continue;
    }
    const p = state.objects.pods![key]!;
    p.metadata.ownerReferences = p.metadata.ownerReferences!.filter((r) => r.uid !== uid);
    if (!p.metadata.ownerReferences.length) delete p.metadata.ownerReferences;
    p.metadata.resourceVersion = nextResourceVersion(state);
    const orphans = index.orphansByNamespace.get(ns) ?? [];
    orphans.push(key);
    index.orphansByNamespace.set(ns, orphans);
    changed = true;
  }
  const orphans = index.orphansByNamespace.get(ns);
  if (orphans?.length) {
    const rest: string[] = [];
    for (const key of orphans) {
      const d = index.digests.get(key);
      if (d && !d.del && sel(d.labels ?? {})) {
        const p = state.objects.pods![key]!;
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), controllerOwnerRef(owner)];
        p.metadata.resourceVersion = nextResourceVersion(state);
        owned.push({ key, d: podDigest(p) });
        changed = true;
      } else rest.push(key);
    }
    index.orphansByNamespace.set(ns, rest);
  }

  const active = owned.filter((x) => digestActive(x.d));
  const want = Math.max(0, spec.replicas ?? 1);
  const status = (owner.status ?? {}) as { conditions?: Condition[] };
  let failure: Condition | undefined = status.conditions?.find((c) => c.type === 'ReplicaFailure');

  if (active.length < want) {
    const make = podMaker(state, env, owner, spec.template, { generateName: `${owner.metadata.name}-` });
    for (let i = active.length; i < want; i++) {
      try {
        const p = make();
        recordEvent(state, env, owner, 'Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`, { component: t.component });
        active.push({ key: objectKey(p.metadata.namespace, p.metadata.name), d: podDigest(p) });
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
    const doomed = podsToDelete(active.map((x) => x.d), active.length - want);
    const gone = new Set(doomed);
    for (const d of doomed) {
      removeObject(state, 'pods', d.ns, d.name);
      if (d.uid) delete state.runtime[d.uid];
      recordEvent(state, env, owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${d.name}`, { component: t.component });
    }
    active.splice(0, active.length, ...active.filter((x) => !gone.has(x.d)));
    changed = true;
  }

  if (writeStatus(state, env, t, owner, active.map((x) => x.d), spec, failure)) changed = true;
  return changed;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The pods a scale-down removes, in the controller's preference order: unscheduled before scheduled,
 * Pending < Unknown < Running, not ready before ready, more replicas of this owner on the same node first,
 * ready for less time first, more restarts first, newer first.
 */
export function podsToDelete(active: PodDigest[], count: number): PodDigest[] {
  const perNode = new Map<string, number>();
  for (const d of active) if (d.node) perNode.set(d.node, (perNode.get(d.node) ?? 0) + 1);
  const info = active.map((d) => ({
    d,
    assigned: d.node ? 1 : 0,
    phase: PHASE_RANK[d.phase ?? 'Pending'] ?? 0,
    ready: d.ready ? 1 : 0,
    rank: d.node ? perNode.get(d.node)! : 0,
    readySince: d.ready ? Date.parse(d.readySince ?? '') || 0 : 0,
    restarts: d.restarts ?? 0,
    created: Date.parse(d.created ?? '') || 0,
  }));
  info.sort(
    (a, b) =>
      a.assigned - b.assigned ||
      a.phase - b.phase ||
      a.ready - b.ready ||
      b.rank - a.rank ||
      b.readySince - a.readySince ||
      b.restarts - a.restarts ||
      b.created - a.created ||
      (a.d.name < b.d.name ? 1 : a.d.name > b.d.name ? -1 : 0),
  );
  return info.slice(0, count).map((x) => x.d);
}

/** Live status: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration (zeros omitted as the API does). */
function writeStatus(state: ClusterState, env: Env, t: ReplicaOwnerType, owner: KubeObject, active: PodDigest[], spec: OwnerSpec, failure: Condition | undefined): boolean {
  const now = env.now().getTime();
  const tl = spec.template?.metadata?.labels ?? {};
  const tlKeys = Object.keys(tl);
  const mrs = (spec.minReadySeconds ?? 0) * 1000;
  let ready = 0, available = 0, labeled = 0;
  for (const d of active) {
    if (d.ready) {
      ready++;
      // Available: ready for at least minReadySeconds.
      if (!mrs || !d.readySince || Date.parse(d.readySince) + mrs <= now) available++;
    }
    const pl = d.labels ?? {};
    if (tlKeys.every((k) => pl[k] === tl[k])) labeled++;
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
