/**
 * The node lifecycle's taint work (kube-controller-manager): a cordoned node (`spec.unschedulable`) carries
 * the `node.kubernetes.io/unschedulable:NoSchedule` taint and loses it when uncordoned; and the
 * taint-eviction controller deletes the pods bound to a node with a NoExecute taint they do not tolerate,
 * at once, or `tolerationSeconds` after the taint was added when their toleration is timed. Their
 * controllers then recreate them, and the scheduler places them on nodes they may run on.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { asSystem, type Env } from '../env.js';
import type { Toleration } from '../kinds/pod-template.js';
import { KINDS } from '../api/registry.js';
import { deleteObject } from '../api/server.js';
import { nextResourceVersion } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { tolerates } from './scheduler.js';
import { sortedObjects } from './pod-index.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  /** Set by the API server on NoExecute taints: when the taint was added (RFC 3339). */
  timeAdded?: string;
}

/** The taint the node lifecycle controller keeps on a cordoned node. */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

const isUnschedulableTaint = (t: Taint) => t.key === UNSCHEDULABLE_TAINT.key && t.effect === UNSCHEDULABLE_TAINT.effect;

/** Add or drop the unschedulable taint so it follows `spec.unschedulable`, with the kubelet's event. */
function syncUnschedulableTaint(state: ClusterState, env: Env, node: KubeObject): boolean {
  const spec = (node.spec ??= {}) as { unschedulable?: boolean; taints?: Taint[] };
  const has = (spec.taints ?? []).some(isUnschedulableTaint);
  if (!!spec.unschedulable === has) return false;
  if (spec.unschedulable) spec.taints = [...(spec.taints ?? []), { ...UNSCHEDULABLE_TAINT }];
  else {
    spec.taints = spec.taints!.filter((t) => !isUnschedulableTaint(t));
    if (!spec.taints.length) delete spec.taints;
  }
  node.metadata.resourceVersion = nextResourceVersion(state);
  // The kubelet reports the change as a node event (describe node, kubectl events). It lands in `default`
  // but is the cluster's own: drawn from the system stream, it never moves the names of a user's objects.
  const status = spec.unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable';
  recordEvent(state, asSystem(env, state), node, 'Normal', status, `Node ${node.metadata.name} status is now: ${status}`, { component: 'kubelet', host: node.metadata.name });
  return true;
}

/**
 * When the pod must leave a node with these NoExecute taints: null (never), or the instant (ms) it is
 * evicted (now or earlier: at once).
 */
export function evictionTime(taints: Taint[], tolerations: Toleration[], now: number): number | null {
  let due: number | null = null;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (!matching.length) return now;
    // Tolerated forever unless every matching toleration is timed; then the shortest time counts.
    if (matching.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) continue;
    const seconds = Math.max(0, Math.min(...matching.map((t) => t.tolerationSeconds!)));
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    const at = added + seconds * 1000;
    if (due === null || at < due) due = at;
  }
  return due;
}

function noExecuteTaints(state: ClusterState): Map<string, Taint[]> {
  const out = new Map<string, Taint[]>();
  for (const n of Object.values(state.objects.nodes ?? {})) {
    const taints = ((n.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length) out.set(n.metadata.name, taints);
  }
  return out;
}

export const nodeLifecycle: Controller = {
  name: 'node-lifecycle-controller',
  reconcile(state: ClusterState, env: Env): boolean {
    let changed = false;
    for (const node of Object.values(state.objects.nodes ?? {})) if (syncUnschedulableTaint(state, env, node)) changed = true;
    const tainted = noExecuteTaints(state);
    if (!tainted.size) return changed;
    const now = env.now().getTime();
    for (const pod of sortedObjects(state, 'pods')) {
      const spec = pod.spec as { nodeName?: string; tolerations?: Toleration[] } | undefined;
      const taints = spec?.nodeName ? tainted.get(spec.nodeName) : undefined;
      if (!taints || pod.metadata.deletionTimestamp) continue;
      const due = evictionTime(taints, spec!.tolerations ?? [], now);
      if (due === null || due > now) continue;
      const ns = pod.metadata.namespace!;
      recordEvent(state, env, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${pod.metadata.name}`, { component: 'taint-eviction-controller' });
      deleteObject(state, KINDS.Pod, ns, pod.metadata.name);
      changed = true;
    }
    return changed;
  },
  nextDue(state: ClusterState, now: number): number | null {
    const tainted = noExecuteTaints(state);
    if (!tainted.size) return null;
    let due: number | null = null;
    for (const pod of Object.values(state.objects.pods ?? {})) {
      const spec = pod.spec as { nodeName?: string; tolerations?: Toleration[] } | undefined;
      const taints = spec?.nodeName ? tainted.get(spec.nodeName) : undefined;
      if (!taints) continue;
      const at = evictionTime(taints, spec!.tolerations ?? [], now);
      if (at !== null && at > now && (due === null || at < due)) due = at;
    }
    return due;
  },
};
