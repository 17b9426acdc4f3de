/**
 * The DaemonSet controller: one pod per eligible node (nodeSelector, required node affinity and taints,
 * with the tolerations the controller adds to every daemon pod), created with a node affinity that the
 * default scheduler binds to that node. A ControllerRevision records each template (what `rollout
 * history|undo` read); pods of an older revision are replaced under RollingUpdate, at most maxUnavailable
 * at a time, and left alone under OnDelete. Status (live) counts desired, current, ready, available,
 * up-to-date and misscheduled nodes. Work is skipped for DaemonSets whose inputs did not change.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { DsSpec, DsStatus } from '../kinds/daemonset.js';
import { TEMPLATE_GENERATION } from '../kinds/daemonset.js';
import type { PodTemplate, Toleration } from '../kinds/pod-template.js';
import { asSystem } from '../env.js';
import { KINDS } from '../api/registry.js';
import { createObject } from '../api/server.js';
import { insertObject, removeObject, saveIfChanged } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { ApiError } from '../api/errors.js';
import { labelSelectorMatcher } from '../kinds/pod-template.js';
import { templateKey } from '../kinds/deployment.js';
import { fnv1a32, safeEncode } from './template-hash.js';
import { tolerates, nodeAffinityMatches } from './scheduler.js';
import { controllerRef, ownedPods, isActivePod, isPodAvailable, isPodReady, readyCondition, sortedObjects } from './pod-index.js';
import { changesFor } from './changes.js';
import { podDigestOf } from './digests.js';
import { revisionsOf, revisionTemplate } from './revisions.js';

const SOURCE = { component: 'daemonset-controller' };
/** Label naming the revision a daemon pod was made from. */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** The tolerations the controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

/** Tolerations of a daemon pod: the template's, then the controller's for keys the template does not tolerate already. */
function podTolerations(tpl: PodTemplate): Toleration[] {
  const own = [...(tpl.spec?.tolerations ?? [])];
  for (const t of daemonTolerations(tpl.spec?.hostNetwork === true)) {
    if (!own.some((x) => x.key === t.key && x.effect === t.effect)) own.push(t);
  }
  return own;
}

interface Taint { key: string; value?: string; effect: string }

/** Should a daemon pod run on this node (NodeShouldRunDaemonPod: selector, affinity, NoSchedule/NoExecute taints)? */
function shouldRun(node: KubeObject, tpl: PodTemplate, tolerations: Toleration[]): boolean {
  const labels = node.metadata.labels ?? {};
  const sel = tpl.spec?.nodeSelector ?? {};
  if (!Object.keys(sel).every((k) => labels[k] === sel[k])) return false;
  if (!nodeAffinityMatches(tpl.spec as Parameters<typeof nodeAffinityMatches>[0], node)) return false;
  const taints = ((node.spec ?? {}) as { taints?: Taint[] }).taints ?? [];
  return taints.every((t) => (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') || tolerations.some((x) => tolerates(x, t)));
}

/** The revision hash of a template (controller-revision-hash): FNV-1a of its stable form, safe-encoded. */
export function revisionHash(tpl: PodTemplate | undefined, collisionCount?: number): string {
  return safeEncode(String(fnv1a32(templateKey(tpl) + (collisionCount ? `#${collisionCount}` : ''))));
}

/** The node a daemon pod is meant for: its binding, else the node named by its metadata.name affinity. */
export function daemonPodNode(p: KubeObject): string | undefined {
  const spec = (p.spec ?? {}) as { nodeName?: string; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] } } } };
  if (spec.nodeName) return spec.nodeName;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.values?.length === 1) return f.values[0];
  return undefined;
}

export { revisionsOf, revisionTemplate };

/** Make sure the current template has a revision (the newest number); returns its hash. */
function syncRevision(state: ClusterState, env: Env, ds: KubeObject): string {
  const tpl = (ds.spec as DsSpec).template;
  const hash = revisionHash(tpl);
  const revs = revisionsOf(state, ds);
  const max = revs.reduce((m, r) => Math.max(m, Number(r.revision ?? 0)), 0);
  const current = revs.find((r) => r.metadata.labels?.[REVISION_HASH_LABEL] === hash);
  if (current) {
    if (Number(current.revision) !== max) {
      // Rolling back to an old template makes that revision the newest again.
      const before = JSON.stringify(current);
      current.revision = max + 1;
      saveIfChanged(state, 'controllerrevisions', current, before);
    }
    return hash;
  }
  const labels = { ...(tpl?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash };
  const rev: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata.name}-${hash}`,
      namespace: ds.metadata.namespace,
      labels,
      // The controller copies the DaemonSet's annotations (change-cause included) onto each revision.
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [ownerRef(ds)],
    },
    data: { spec: { template: { $patch: 'replace', ...structuredClone(tpl ?? {}) } } },
    revision: max + 1,
  };
  insertObject(state, 'controllerrevisions', rev, env);
  // History beyond revisionHistoryLimit goes, oldest first (never the current one).
  const limit = (ds.spec as DsSpec).revisionHistoryLimit ?? 10;
  const old = revisionsOf(state, ds).filter((r) => r.metadata.labels?.[REVISION_HASH_LABEL] !== hash);
  while (old.length > limit) {
    const r = old.shift()!;
    removeObject(state, 'controllerrevisions', r.metadata.namespace, r.metadata.name);
  }
  return hash;
}

function ownerRef(ds: KubeObject) {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** A daemon pod for `node` through the API server's write path. */
function createDaemonPod(state: ClusterState, env: Env, ds: KubeObject, node: string, hash: string): KubeObject {
  const tpl = structuredClone((ds.spec as DsSpec).template ?? {}) as PodTemplate;
  const md = tpl.metadata ?? {};
  const spec = (tpl.spec ?? { containers: [] }) as NonNullable<PodTemplate['spec']> & Record<string, unknown>;
  spec.tolerations = podTolerations(tpl);
  // ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only go to its node.
  const affinity = (spec.affinity ?? {}) as Record<string, unknown>;
  affinity.nodeAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] },
  };
  spec.affinity = affinity;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: { ...(md.labels ?? {}), [REVISION_HASH_LABEL]: hash, 'pod-template-generation': ds.metadata.annotations?.[TEMPLATE_GENERATION] ?? '1' },
      ...(md.annotations && Object.keys(md.annotations).length ? { annotations: { ...md.annotations } } : {}),
      ownerReferences: [ownerRef(ds)],
    },
    spec,
    status: { phase: 'Pending' },
  };
  const created = createObject(state, env, KINDS.Pod, pod, { fieldManager: 'kube-controller-manager' });
  recordEvent(state, env, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
  return created;
}

function deletePod(state: ClusterState, env: Env, ds: KubeObject, p: KubeObject): void {
  removeObject(state, 'pods', p.metadata.namespace, p.metadata.name);
  if (p.metadata.uid) delete state.runtime[p.metadata.uid];
  recordEvent(state, env, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
}

/** maxUnavailable of a RollingUpdate strategy as a count of `desired` nodes (percentages round up, at least 1). */
function maxUnavailable(s: DsSpec, desired: number): number {
  const v = s.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const n = typeof v === 'string' && v.endsWith('%') ? Math.ceil((Number(v.slice(0, -1)) / 100) * desired) : Number(v);
  return Math.max(1, Number.isFinite(n) ? n : 1);
}

function syncDaemonSet(state: ClusterState, env: Env, ds: KubeObject, nodes: KubeObject[], pods: KubeObject[]): boolean {
  const s = (ds.spec ?? {}) as DsSpec;
  const matcher = labelSelectorMatcher(s.selector);
  if (!matcher || !s.template) return false;
  // kube-system's daemons are the cluster's own: their names come from the system streams.
  const e = ds.metadata.namespace === 'kube-system' ? asSystem(env, state) : env;
  let changed = false;
  const rvBefore = state.meta.resourceVersion;
  const hash = syncRevision(state, e, ds);
  const tolerations = podTolerations(s.template);
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    if (!isActivePod(p) || !matcher(p.metadata.labels ?? {})) continue;
    const n = daemonPodNode(p);
    if (!n) continue;
    (byNode.get(n) ?? byNode.set(n, []).get(n)!).push(p);
  }
  const now = env.now();
  const minReady = s.minReadySeconds ?? 0;
  let desired = 0, current = 0, ready = 0, available = 0, updated = 0, misscheduled = 0;
  const oldAvailable: KubeObject[] = [];
  let unavailableNow = 0;
  for (const node of nodes) {
    const name = node.metadata.name;
    const here = byNode.get(name) ?? [];
    if (!shouldRun(node, s.template, tolerations)) {
      if (here.length) misscheduled++;
      for (const p of here) deletePod(state, e, ds, p);
      continue;
    }
    desired++;
    if (!here.length) {
      try {
        here.push(createDaemonPod(state, e, ds, name, hash));
      } catch (err) {
        const message = err instanceof ApiError ? err.message : String((err as Error)?.message ?? err);
        recordEvent(state, e, ds, 'Warning', 'FailedCreate', `Error creating: ${message}`, SOURCE);
        continue;
      }
    }
    // More than one pod on a node: the newest go (the controller keeps the oldest).
    here.sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    for (const extra of here.splice(1)) deletePod(state, e, ds, extra);
    const p = here[0]!;
    current++;
    if (isPodReady(p)) ready++;
    const isAvailable = isPodAvailable(p, minReady, now);
    if (isAvailable) available++;
    else unavailableNow++;
    if (p.metadata.labels?.[REVISION_HASH_LABEL] === hash) updated++;
    else if (isAvailable) oldAvailable.push(p);
    else if (s.updateStrategy?.type !== 'OnDelete') {
      // An old pod that is not available anyway is replaced at once.
      deletePod(state, e, ds, p);
    }
  }
  if (s.updateStrategy?.type !== 'OnDelete' && oldAvailable.length) {
    const budget = maxUnavailable(s, desired) - unavailableNow;
    for (const p of oldAvailable.slice(0, Math.max(0, budget))) deletePod(state, e, ds, p);
  }
  if (state.meta.resourceVersion !== rvBefore) changed = true;
  const status: DsStatus = {
    currentNumberScheduled: current,
    desiredNumberScheduled: desired,
    ...(available ? { numberAvailable: available } : {}),
    numberMisscheduled: misscheduled,
    numberReady: ready,
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
    observedGeneration: ds.metadata.generation ?? 1,
    ...(updated ? { updatedNumberScheduled: updated } : {}),
  };
  if (JSON.stringify(status) !== JSON.stringify(ds.status ?? null)) {
    const before = JSON.stringify(ds);
    ds.status = status;
    if (saveIfChanged(state, 'daemonsets', ds, before)) changed = true;
  }
  return changed;
}

/** Per loaded state (never persisted): the inputs each DaemonSet was last synced against. */
const lastSync = new WeakMap<ClusterState, Map<string, string>>();
/** Per loaded state: the resourceVersion and second after the last pass that changed nothing. */
const settled = new WeakMap<ClusterState, string>();

/**
 * The DaemonSets a pass must sync, by uid (null: all): those that changed, whose pods or revisions
 * changed, or all when a node or a quota changed (or on a first pass). Kubernetes' controller is told
 * the same by its informers; here it spares parsing the daemon pods whenever any other pod changes.
 */
function affectedSets(state: ClusterState): Set<string> | null {
  const changes = changesFor(state);
  if (changes.full) return null;
  const out = new Set<string>();
  // A pod changed several times (created, then marked by the scheduler) is looked up once.
  const podsSeen = new Set<string>();
  for (const c of changes.entries) {
    let uid: string | undefined;
    if (c.resource === 'pods' && !c.gone) {
      if (podsSeen.has(c.key)) continue;
      podsSeen.add(c.key);
    }
    if (c.resource === 'pods') uid = c.gone ? controllerRef(c.gone)?.uid : podDigestOf(state, c.key)?.owner;
    else if (c.resource === 'daemonsets') uid = (c.gone ?? state.objects.daemonsets?.[c.key])?.metadata.uid;
    else if (c.resource === 'controllerrevisions') {
      const r = c.gone ?? state.objects.controllerrevisions?.[c.key];
      uid = r && controllerRef(r)?.uid;
    } else return null;
    if (uid) out.add(uid);
  }
  return out;
}

/** Whether a DaemonSet's status says there is nothing left to do (every node runs an available, current pod). */
function looksDone(ds: KubeObject): boolean {
  const st = (ds.status ?? {}) as DsStatus;
  const desired = st.desiredNumberScheduled ?? 0;
  return (
    st.observedGeneration === (ds.metadata.generation ?? 1) &&
    (st.currentNumberScheduled ?? 0) === desired &&
    (st.numberAvailable ?? 0) === desired &&
    (st.updatedNumberScheduled ?? 0) === desired &&
    !st.numberMisscheduled
  );
}

export const daemonSetController: Controller = {
  name: 'daemonset-controller',
  watches: ['daemonsets', 'nodes', 'pods', 'controllerrevisions', 'resourcequotas', 'limitranges', 'namespaces'],
  reconcile(state, env) {
    // Nothing in the cluster changed since a pass that found nothing to do: no pod to look at.
    const stamp = `${state.meta.resourceVersion}@${Math.floor(env.now().getTime() / 1000)}`;
    if (settled.get(state) === stamp) return false;
    const sets = sortedObjects(state, 'daemonsets');
    if (!sets.length) return false;
    const affected = affectedSets(state);
    const nodes = sortedObjects(state, 'nodes');
    const owned = ownedPods(state);
    const nodeKey = JSON.stringify(nodes.map((n) => [n.metadata.name, n.metadata.labels, n.spec]));
    const seen = lastSync.get(state) ?? new Map<string, string>();
    lastSync.set(state, seen);
    let changed = false;
    for (const ds of sets) {
      // Untouched since its last sync, which left nothing to do.
      if (affected && !affected.has(ds.metadata.uid!) && looksDone(ds)) continue;
      const pods = owned.get(ds.metadata.uid!);
      // Skip a DaemonSet whose object, nodes and pods are as they were after its last sync.
      const key = `${ds.metadata.resourceVersion}|${nodeKey}|${pods.map((p) => `${p.metadata.uid}@${p.metadata.resourceVersion}`).join(',')}|${Math.floor(env.now().getTime() / 1000)}`;
      if (seen.get(ds.metadata.uid!) === key) continue;
      if (syncDaemonSet(state, env, ds, nodes, pods)) {
        changed = true;
        seen.delete(ds.metadata.uid!);
      } else seen.set(ds.metadata.uid!, key);
    }
    if (!changed) settled.set(state, stamp);
    return changed;
  },
  // Time matters while a ready pod waits out minReadySeconds before it counts as available.
  nextDue(state, now) {
    let due: number | null = null;
    const owned = ownedPods(state);
    for (const ds of Object.values(state.objects.daemonsets ?? {})) {
      const minReady = ((ds.spec ?? {}) as DsSpec).minReadySeconds ?? 0;
      const st = (ds.status ?? {}) as DsStatus;
      if (!minReady || (st.numberReady ?? 0) <= (st.numberAvailable ?? 0)) continue;
      for (const p of owned.get(ds.metadata.uid!)) {
        const since = Date.parse(readyCondition(p)?.status === 'True' ? (readyCondition(p)!.lastTransitionTime ?? '') : '');
        const t = since + minReady * 1000;
        if (!Number.isNaN(t) && t > now && (due === null || t < due)) due = t;
      }
    }
    return due;
  },
};

/** For `rollout undo`: the template of a DaemonSet's revision `n` (0: the one before the current). */
export function daemonSetRevision(state: ClusterState, ds: KubeObject, n: number): KubeObject | undefined {
  const revs = revisionsOf(state, ds);
  if (n > 0) return revs.find((r) => Number(r.revision) === n);
  return revs.length >= 2 ? revs[revs.length - 2] : undefined;
}
