/**
 * The disruption controller (kube-controller-manager's pkg/controller/disruption): each
 * PodDisruptionBudget's status (live) from the pods its selector picks in its namespace:
 * - expectedPods and desiredHealthy: with an integer minAvailable, the number of pods and minAvailable;
 *   with a percentage, or with maxUnavailable, the sum of the scales of the pods' controllers
 *   (ReplicationController, the Deployment owning a ReplicaSet, a bare ReplicaSet, StatefulSet) and the
 *   bound of that, rounded up; desiredHealthy = expectedPods - maxUnavailable, at least 0;
 * - currentHealthy: the Ready pods, less those the eviction handler noted in disruptedPods (for two
 *   minutes, DeletionTimeout) and those terminating;
 * - disruptionsAllowed = currentHealthy - desiredHealthy (0 when negative or when no pod is expected),
 *   and the DisruptionAllowed condition (SufficientPods / InsufficientPods, or SyncFailed with the error).
 * Its events: NoPods, UnmanagedPods, CalculateExpectedPodCountFailed (component `controllermanager`).
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import { rfc3339 } from '../env.js';
import { getObject, listObjects, saveIfChanged } from '../api/objects.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { recordEvent } from '../api/events.js';
import { isPodReady, sortedObjects } from './pod-index.js';
import { pdbSpec, pdbStatus, scaledValue, withDisruptionCondition, type PdbStatus } from '../kinds/poddisruptionbudget.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

/** How long an evicted pod counts as gone before the controller stops expecting its deletion. */
const DELETION_TIMEOUT_MS = 2 * 60 * 1000;
const SOURCE = { component: 'controllermanager' };

/** A kind the controller reads the scale of (its finders), by the controller reference's kind. */
const SCALED: Record<string, string> = { ReplicationController: 'replicationcontrollers', StatefulSet: 'statefulsets', Deployment: 'deployments', ReplicaSet: 'replicasets' };
/** The resource (group-qualified) a reference names, for `... does not implement the scale subresource`. */
const UNSCALED: Record<string, string> = { DaemonSet: 'daemonsets.apps', Job: 'jobs.batch', CronJob: 'cronjobs.batch', Pod: 'pods', Node: 'nodes' };

/** The generated String() of a *metav1.LabelSelector, as `%v` prints it in the UnmanagedPods event. */
function goLabelSelectorString(sel: LabelSelector | undefined): string {
  if (!sel) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels![k]},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** The pods the budget's selector picks (none without a selector; all of the namespace with an empty one). */
function selectedPods(state: ClusterState, pdb: KubeObject): KubeObject[] {
  const reqs = fromLabelSelector(pdbSpec(pdb).selector);
  if (!reqs) return [];
  return listObjects(state, 'pods', pdb.metadata.namespace).filter((p) => matches(reqs, p.metadata.labels));
}

/** The controller of `pod` the disruption controller counts and its scale, or an error text. */
function scaleOf(state: ClusterState, pod: KubeObject, ref: { uid: string; kind: string; name: string }): { uid: string; scale: number } | string | undefined {
  const ns = pod.metadata.namespace;
  const replicas = (o: KubeObject) => ((o.spec ?? {}) as { replicas?: number }).replicas ?? 1;
  const find = (resource: string, name: string, uid: string) => {
    const o = getObject(state, resource, ns, name);
    return o && o.metadata.uid === uid ? o : undefined;
  };
  if (ref.kind === 'ReplicaSet') {
    const rs = find('replicasets', ref.name, ref.uid);
    if (!rs) return undefined;
    const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'Deployment') {
      const d = find('deployments', owner.name, owner.uid);
      return d ? { uid: d.metadata.uid!, scale: replicas(d) } : undefined;
    }
    return { uid: rs.metadata.uid!, scale: replicas(rs) };
  }
  const resource = SCALED[ref.kind];
  if (resource) {
    const o = find(resource, ref.name, ref.uid);
    return o ? { uid: o.metadata.uid!, scale: replicas(o) } : undefined;
  }
  const unscaled = UNSCALED[ref.kind];
  return unscaled ? `${unscaled} does not implement the scale subresource` : undefined;
}

/** getExpectedScale: the sum of the scales of the pods' controllers, the unmanaged pods, or the error. */
function expectedScale(state: ClusterState, pods: KubeObject[]): { count: number; unmanaged: string[] } | { error: string } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref) {
      unmanaged.push(pod.metadata.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = scaleOf(state, pod, ref);
    if (typeof found === 'string') return { error: found };
    if (!found) return { error: `found no controllers for pod "${pod.metadata.name}"` };
    scales.set(found.uid, found.scale);
  }
  let count = 0;
  for (const s of scales.values()) count += s;
  return { count, unmanaged };
}

/** getExpectedPodCount: expectedPods and desiredHealthy, the unmanaged pods, or the error. */
function expectedCounts(state: ClusterState, pdb: KubeObject, pods: KubeObject[]): { expected: number; desired: number; unmanaged: string[] } | { error: string } {
  const s = pdbSpec(pdb);
  if (s.maxUnavailable !== undefined) {
    const scale = expectedScale(state, pods);
    if ('error' in scale) return scale;
    const max = scaledValue(s.maxUnavailable, scale.count, true) ?? 0;
    return { expected: scale.count, desired: Math.max(0, scale.count - max), unmanaged: scale.unmanaged };
  }
  if (s.minAvailable !== undefined) {
    if (typeof s.minAvailable === 'number') return { expected: pods.length, desired: s.minAvailable, unmanaged: [] };
    const scale = expectedScale(state, pods);
    if ('error' in scale) return scale;
    return { expected: scale.count, desired: scaledValue(s.minAvailable, scale.count, true) ?? 0, unmanaged: scale.unmanaged };
  }
  return { expected: 0, desired: 0, unmanaged: [] };
}


/** One budget's status now, and the events its sync records. */
function sync(state: ClusterState, env: Env, pdb: KubeObject): { status: PdbStatus; events: [type: 'Normal' | 'Warning', reason: string, message: string][] } {
  const now = env.now().getTime();
  const nowText = rfc3339(env.now());
  const old = pdbStatus(pdb);
  const generation = pdb.metadata.generation ?? 1;
  const pods = selectedPods(state, pdb);
  const events: [type: 'Normal' | 'Warning', reason: string, message: string][] = [];
  if (!pods.length) events.push(['Normal', 'NoPods', 'No matching pods found']);
  const counts = expectedCounts(state, pdb, pods);
  if ('error' in counts) {
    // failSafe: no disruption allowed, the error in the condition; the rest of the status stays.
    events.push(['Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${counts.error}`]);
    return { status: withDisruptionCondition({ ...old, disruptionsAllowed: 0 }, nowText, counts.error), events };
  }
  if (counts.unmanaged.length) {
    events.push([
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(pdbSpec(pdb).selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
    ]);
  }
  // buildDisruptedPodMap: pods the eviction handler approved, still there and within the timeout.
  const disrupted: Record<string, string> = {};
  for (const p of pods) {
    const at = old.disruptedPods?.[p.metadata.name];
    if (at === undefined || p.metadata.deletionTimestamp) continue;
    if (Date.parse(at) + DELETION_TIMEOUT_MS >= now) disrupted[p.metadata.name] = at;
  }
  let healthy = 0;
  for (const p of pods) if (!p.metadata.deletionTimestamp && disrupted[p.metadata.name] === undefined && isPodReady(p)) healthy++;
  const allowed = counts.expected <= 0 ? 0 : Math.max(0, healthy - counts.desired);
  const status = withDisruptionCondition(
    { observedGeneration: generation, disruptedPods: disrupted, disruptionsAllowed: allowed, currentHealthy: healthy, desiredHealthy: counts.desired, expectedPods: counts.expected, conditions: old.conditions },
    nowText,
  );
  return { status, events };
}

export const disruptionController: Controller = {
  name: 'disruption-controller',
  watches: ['poddisruptionbudgets', 'pods', 'deployments', 'replicasets', 'replicationcontrollers', 'statefulsets'],
  reconcile(state, env) {
    let changed = false;
    for (const pdb of sortedObjects(state, 'poddisruptionbudgets')) {
      const { status, events } = sync(state, env, pdb);
      if (JSON.stringify(status) === JSON.stringify(pdb.status ?? null)) continue;
      const before = JSON.stringify(pdb);
      const updated = structuredClone(pdb);
      updated.status = status;
      if (!saveIfChanged(state, 'poddisruptionbudgets', updated, before)) continue;
      changed = true;
      // The real controller records them on every sync of the budget, and its own status write makes it
      // sync once more (updateDB): twice for each status it writes (`NoPods ... (x2 over 0s)`).
      for (let sync = 0; sync < 2; sync++) for (const [type, reason, message] of events) recordEvent(state, env, updated, type, reason, message, SOURCE);
    }
    return changed;
  },
};
