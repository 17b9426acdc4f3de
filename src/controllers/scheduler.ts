/**
 * The default scheduler: binds pods without `spec.nodeName` to a feasible node (Ready, schedulable,
 * taints tolerated, nodeSelector and required node affinity matched, room under `allocatable.pods` and
 * for the pod's CPU and memory requests),
 * spreading like the default scores do: fewest pods of the same owner, then fewest pods overall, ties
 * broken by the seeded rng. It only sets `spec.nodeName` and the PodScheduled condition (latched at
 * binding); the kubelet takes it from there. Unschedulable pods get PodScheduled=False and one
 * FailedScheduling event per distinct reason.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { Toleration } from '../kinds/pod-template.js';
import { recordEvent } from '../api/events.js';
import { nextResourceVersion } from '../api/objects.js';
import { rfc3339 } from '../env.js';
import { controllerRef, sortedObjects } from './pod-index.js';
import { podDigests, type PodDigest } from './digests.js';
import { changesFor } from './changes.js';
import type { Change } from '../store/tracker.js';
import { restampStatus } from '../store/text-stamps.js';
import { JsonMemo } from '../util/json-memo.js';
import { parseQuantity } from '../printers/quantity.js';

interface Taint { key: string; value?: string; effect: string }
interface NodeSelectorRequirement { key: string; operator: string; values?: string[] }
interface PodSpecLike {
  nodeName?: string;
  schedulerName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[] } } };
}
interface Condition { type: string; status: string; reason?: string; message?: string; lastProbeTime?: string | null; lastTransitionTime?: string }

const SOURCE = { component: 'default-scheduler' };
const CONTROL_PLANE_ROLE = 'node-role.kubernetes.io/control-plane';
const UNSCHEDULABLE: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Does one toleration tolerate the taint (core/v1 ToleratesTaint)? */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if ((t.operator ?? 'Equal') === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

function nodeReady(n: KubeObject): boolean {
  const conds = (n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  const ready = conds?.find((c) => c.type === 'Ready');
  return !ready || ready.status === 'True';
}

/** Does the node satisfy the pod's required node affinity (matchExpressions on labels, matchFields on metadata.name)? */
export function nodeAffinityMatches(spec: PodSpecLike | undefined, node: KubeObject): boolean {
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return true;
  const labels = node.metadata.labels ?? {};
  return terms.some((term) =>
    (term.matchExpressions ?? []).every((r) => requirementMatches(r, labels)) &&
    (term.matchFields ?? []).every((r) => requirementMatches(r, { 'metadata.name': node.metadata.name })),
  );
}

function requirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In': return has && (r.values ?? []).includes(v!);
    case 'NotIn': return !has || !(r.values ?? []).includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(v) > Number(r.values?.[0]);
    case 'Lt': return has && Number(v) < Number(r.values?.[0]);
    default: return false;
  }
}

type Failure = 'taint' | 'selector' | 'pods' | 'unschedulable' | 'notready';

function failureText(kind: Failure, n: number, taint?: Taint): string {
  switch (kind) {
    case 'taint': return `${n} node(s) had untolerated taint {${taint!.key}: ${taint!.value ?? ''}}`;
    case 'selector': return `${n} node(s) didn't match Pod's node affinity/selector`;
    case 'pods': return `${n} Too many pods`;
    case 'unschedulable': return `${n} node(s) were unschedulable`;
    case 'notready': return `${n} node(s) had untolerated taint {node.kubernetes.io/not-ready: }`;
  }
}

export const scheduler: Controller = {
  name: 'default-scheduler',
  // Pods to place and the nodes to place them on.
  watches: ['pods', 'nodes'],
  reconcile(state, env) {
    // Pods this scheduler's previous run marked unschedulable against the final fullness of its pass:
    // they hold for this run only (the changes seen now are those since that run began).
    const marks = ownMarks.get(state);
    ownMarks.delete(state);
    if (!worthAPass(changesFor(state))) return false;
    const nodes = sortedObjects(state, 'nodes');
    const load = new Map<string, number>();
    const ownerLoad = new Map<string, number>();
    // CPU (millicores) and memory (bytes) requested on each node by the pods bound to it (NodeResourcesFit).
    const used = new Map<string, [number, number]>();
    // From the pod digests: which pods wait, and how full each node is, without parsing any pod.
    const pendingKeys: string[] = [];
    const digests = podDigests(state);
    for (const [key, d] of digests) {
      if (d.phase === 'Succeeded' || d.phase === 'Failed') continue;
      if (d.node) {
        load.set(d.node, (load.get(d.node) ?? 0) + 1);
        if (d.req) addRequests(used, d.node, d.req);
        if (d.owner) ownerLoad.set(`${d.node}\u0000${d.owner}`, (ownerLoad.get(`${d.node}\u0000${d.owner}`) ?? 0) + 1);
        continue;
      }
      if (d.del) continue;
      if (d.sched) continue;
      pendingKeys.push(key);
    }
    if (!pendingKeys.length) return false;
    const capacity = new Map(nodes.map((n) => [n.metadata.name, Number((n.status as { allocatable?: { pods?: string } } | undefined)?.allocatable?.pods ?? '110')]));
    const allocatable = new Map(nodes.map((n) => [n.metadata.name, nodeAllocatable(n)]));
    // Pods already found unschedulable stay so until the nodes or their fullness change: skip them then
    // (the fingerprint of the nodes they were judged against is kept in memory, across commands).
    const fp = fingerprint(nodes, load, capacity, used);
    const mem = state.memory[MEMORY] as { fp?: string } | undefined;
    const sameNodes = mem?.fp === fp;
    const changes = changesFor(state);
    // How many times each pod changed since this scheduler last ran (its own marks among them).
    const changedPods = changes.full ? null : changeCounts(changes.entries, 'pods');
    const pending: KubeObject[] = [];
    const keyOf = new Map<KubeObject, string>();
    const requests = new Map<KubeObject, [number, number]>();
    for (const key of pendingKeys) {
      // Unchanged pods already found unschedulable against these very nodes stay so; so do pods whose only
      // change since is that mark (a scale-up's 10,000 Pending pods are not judged again the next round).
      if (sameNodes && digests.get(key)!.unsched && changedPods !== null && (!changedPods.has(key) || (changedPods.get(key) === 1 && !!marks?.has(key)))) continue;
      const pod = state.objects.pods![key]!;
      pending.push(pod);
      keyOf.set(pod, key);
      const req = digests.get(key)!.req;
      if (req) requests.set(pod, req);
    }
    if (!pending.length) return false;
    // Oldest first, as the scheduling queue pops them (stable: insertion order breaks ties).
    pending.sort((a, b) => {
      const x = a.metadata.creationTimestamp ?? '';
      const y = b.metadata.creationTimestamp ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });

    let changed = false;
    const marked = new Set<string>();
    ownMarks.set(state, marked);
    // Static feasibility (readiness, cordons, taints, selectors) depends only on the pod's scheduling
    // constraints: computed once per distinct constraint set, so 10k identical pending pods cost one pass.
    const bySignature = new JsonMemo<{ nodes: KubeObject[]; failures: Map<string, number> }>(Infinity);
    const staticFilter = (spec: PodSpecLike) => bySignature.get([spec.tolerations ?? null, spec.nodeSelector ?? null, spec.affinity?.nodeAffinity ?? null], () => {
      const ok: KubeObject[] = [];
      const failures = new Map<string, number>();
      const fail = (key: string) => failures.set(key, (failures.get(key) ?? 0) + 1);
      for (const n of nodes) {
        const ns = (n.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] };
        const labels = n.metadata.labels ?? {};
        if (!nodeReady(n)) { fail(failureText('notready', 0)); continue; }
        // NodeUnschedulable: a cordoned node still takes pods that tolerate its unschedulable taint (DaemonSets').
        if (ns.unschedulable && !(spec.tolerations ?? []).some((x) => tolerates(x, UNSCHEDULABLE))) { fail('unschedulable'); continue; }
        const untolerated = (ns.taints ?? []).find(
          (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !(spec.tolerations ?? []).some((x) => tolerates(x, t)),
        );
        if (untolerated) { fail(`taint\u0000${untolerated.key}\u0000${untolerated.value ?? ''}`); continue; }
        const sel = spec.nodeSelector ?? {};
        if (!Object.keys(sel).every((k) => labels[k] === sel[k]) || !nodeAffinityMatches(spec, n)) { fail('selector'); continue; }
        ok.push(n);
      }
      return { nodes: ok, failures };
    });
    const messages = new Map<object, Map<string, string>>();
    for (const pod of pending) {
      const spec = (pod.spec ?? {}) as PodSpecLike;
      const base = staticFilter(spec);
      const req = requests.get(pod);
      // NodeResourcesFit: room under allocatable pods, CPU and memory; a node short of several counts in each.
      const short = { pods: 0, cpu: 0, memory: 0 };
      const feasible = base.nodes.filter((n) => {
        const name = n.metadata.name;
        let fits = true;
        if ((load.get(name) ?? 0) >= capacity.get(name)!) (short.pods++, (fits = false));
        if (req) {
          const [cpu, mem] = used.get(name) ?? [0, 0];
          const [allocCpu, allocMem] = allocatable.get(name)!;
          if (req[0] > 0 && cpu + req[0] > allocCpu) (short.cpu++, (fits = false));
          if (req[1] > 0 && mem + req[1] > allocMem) (short.memory++, (fits = false));
        }
        return fits;
      });
      const failures = base.failures;
      if (feasible.length < base.nodes.length) {
        if (!feasible.length) {
          const key = `${short.pods},${short.cpu},${short.memory}`;
          let msg = messages.get(base)?.get(key);
          if (msg === undefined) {
            const all = new Map(failures);
            for (const r of ['pods', 'cpu', 'memory'] as const) if (short[r]) all.set(r, short[r]);
            all.set('victims', base.nodes.length);
            msg = unschedulableMessage(nodes.length, all);
            if (!messages.has(base)) messages.set(base, new Map());
            messages.get(base)!.set(key, msg);
          }
          if (markUnschedulable(state, env, pod, msg)) {
            marked.add(keyOf.get(pod)!);
            changed = true;
          }
          continue;
        }
      }
      if (!feasible.length) {
        if (markUnschedulable(state, env, pod, unschedulableMessage(nodes.length, failures))) {
          marked.add(keyOf.get(pod)!);
          changed = true;
        }
        continue;
      }
      const owner = controllerRef(pod)?.uid;
      const systemCritical = pod.metadata.namespace === 'kube-system' || pod.metadata.namespace === 'local-path-storage';
      const score = (n: KubeObject) => {
        // kind brings coredns and the local-path provisioner up before the workers join; such add-ons
        // that tolerate the control-plane taint therefore land on the control plane. Everything else spreads.
        const cpBonus = systemCritical && n.metadata.labels?.[CONTROL_PLANE_ROLE] !== undefined ? -1_000_000 : 0;
        return cpBonus + (owner ? (ownerLoad.get(`${n.metadata.name}\u0000${owner}`) ?? 0) * 1000 : 0) + (load.get(n.metadata.name) ?? 0);
      };
      let best = Infinity;
      let tied: KubeObject[] = [];
      for (const n of feasible) {
        const s = score(n);
        if (s < best) { best = s; tied = [n]; }
        else if (s === best) tied.push(n);
      }
      const node = tied.length === 1 ? tied[0]! : env.runtimeRngFor(pod.metadata.namespace).pick(tied);
      bind(state, env, pod, node.metadata.name);
      // The nodes just filled further: what was found of the pods marked so far may read otherwise now.
      marked.clear();
      load.set(node.metadata.name, (load.get(node.metadata.name) ?? 0) + 1);
      if (req) addRequests(used, node.metadata.name, req);
      if (owner) ownerLoad.set(`${node.metadata.name}\u0000${owner}`, (ownerLoad.get(`${node.metadata.name}\u0000${owner}`) ?? 0) + 1);
      changed = true;
    }
    const after = fingerprint(nodes, load, capacity, used);
    if (mem?.fp !== after) state.memory[MEMORY] = { fp: after };
    return changed;
  },
};

/**
 * Whether the changes can let a pod be placed: a pod waiting (new, or changed while unbound), room freed
 * on a node (a bound pod deleted, finished or moved), or a node changed. A status change of a running
 * pod (most of what the kubelet writes) is none of these.
 */
function worthAPass(changes: ReturnType<typeof changesFor>): boolean {
  if (changes.full) return true;
  for (const c of changes.entries) {
    if (c.resource === 'nodes') return true;
    if (c.resource !== 'pods') continue;
    const before = c.before as PodDigest | undefined;
    const after = c.after as PodDigest | undefined;
    if (after && !after.node) return true;
    if (before?.node && (!after || after.node !== before.node || after.phase === 'Succeeded' || after.phase === 'Failed')) return true;
  }
  return false;
}

/**
 * Per state (this process): the pods the scheduler's last run marked unschedulable after its last
 * binding, so against the fullness its fingerprint records. In the next run, a pod whose one change
 * since that run began is this mark is as the mark left it.
 */
const ownMarks = new WeakMap<ClusterState, Set<string>>();

/** Keys of `resource` in the changes, with how many entries each has. */
function changeCounts(entries: readonly Change[], resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of entries) if (c.resource === resource) out.set(c.key, (out.get(c.key) ?? 0) + 1);
  return out;
}

/** The scheduler's memory: the fingerprint of the nodes the pending pods were last judged against. */
const MEMORY = 'default-scheduler';

/** What decides feasibility besides the pod itself: node identity, taints, labels, readiness, fullness, requests. */
function fingerprint(nodes: KubeObject[], load: Map<string, number>, capacity: Map<string, number>, used: Map<string, [number, number]>): string {
  return JSON.stringify(
    nodes.map((n) => {
      const facts: unknown[] = [n.metadata.name, n.spec, n.metadata.labels, nodeReady(n), (load.get(n.metadata.name) ?? 0) >= capacity.get(n.metadata.name)!];
      // Only nodes with requested resources add them (a cluster of pods without requests keeps its old fingerprint).
      const u = used.get(n.metadata.name);
      if (u) facts.push(u);
      return facts;
    }),
  );
}

/** A node's allocatable CPU (millicores) and memory (bytes). */
function nodeAllocatable(n: KubeObject): [number, number] {
  const a = (n.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {};
  return [Number(parseQuantity(a.cpu).milli), Number(parseQuantity(a.memory).milli / 1000n)];
}

function addRequests(used: Map<string, [number, number]>, node: string, req: [number, number]): void {
  const u = used.get(node);
  used.set(node, u ? [u[0] + req[0], u[1] + req[1]] : [req[0], req[1]]);
}

function isUnschedulable(p: KubeObject): boolean {
  const conds = (p.status as { conditions?: Condition[] } | undefined)?.conditions;
  return !!conds?.some((c) => c.type === 'PodScheduled' && c.status === 'False');
}

/** `0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2 Too many pods. preemption: ...` */
function unschedulableMessage(total: number, failures: Map<string, number>): string {
  const reasons: string[] = [];
  const preempt: { helpless: number; victims: number } = { helpless: 0, victims: 0 };
  for (const [key, n] of failures) {
    if (key.startsWith('taint\u0000')) {
      const [, k, v] = key.split('\u0000');
      reasons.push(failureText('taint', n, { key: k!, value: v, effect: 'NoSchedule' }));
      preempt.helpless += n;
    } else if (key === 'selector') { reasons.push(failureText('selector', n)); preempt.helpless += n; }
    else if (key === 'pods') reasons.push(failureText('pods', n));
    else if (key === 'cpu' || key === 'memory') reasons.push(`${n} Insufficient ${key}`);
    // The nodes short of room (pods, CPU or memory), each once: preemption might have freed it.
    else if (key === 'victims') preempt.victims += n;
    else if (key === 'unschedulable') { reasons.push(failureText('unschedulable', n)); preempt.helpless += n; }
    else { reasons.push(key.replace(/^0 /, `${n} `)); preempt.helpless += n; }
  }
  reasons.sort();
  const pre: string[] = [];
  if (preempt.helpless) pre.push(`${preempt.helpless} Preemption is not helpful for scheduling`);
  if (preempt.victims) pre.push(`${preempt.victims} No preemption victims found for incoming pod`);
  pre.sort();
  const head = `0/${total} nodes are available`;
  if (!total) return `no nodes available to schedule pods`;
  return `${head}: ${reasons.join(', ')}. preemption: ${head}: ${pre.join(', ')}.`;
}

function conditionsOf(pod: KubeObject): Condition[] {
  const status = (pod.status ??= {}) as { conditions?: Condition[] };
  return (status.conditions ??= []);
}

function upsertScheduled(pod: KubeObject, cond: Condition): void {
  const conds = conditionsOf(pod);
  const i = conds.findIndex((c) => c.type === 'PodScheduled');
  if (i >= 0) conds[i] = cond;
  else conds.push(cond);
}

function bind(state: ClusterState, env: Env, pod: KubeObject, node: string): void {
  (pod.spec as PodSpecLike).nodeName = node;
  upsertScheduled(pod, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(env.now()) });
  pod.metadata.resourceVersion = nextResourceVersion(state);
  recordEvent(state, env, pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, SOURCE);
}

/** PodScheduled=False/Unschedulable plus a FailedScheduling event, only when the reason changes. */
function markUnschedulable(state: ClusterState, env: Env, pod: KubeObject, message: string): boolean {
  const prev = conditionsOf(pod).find((c) => c.type === 'PodScheduled');
  if (prev?.status === 'False' && prev.message === message) return false;
  const rvBefore = pod.metadata.resourceVersion;
  upsertScheduled(pod, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: rfc3339(env.now()) });
  pod.metadata.resourceVersion = nextResourceVersion(state);
  // Only the status changed: a pod made from a template keeps its stamped text (a scale-up's Pending pods).
  restampStatus(pod, rvBefore);
  recordEvent(state, env, pod, 'Warning', 'FailedScheduling', message, SOURCE);
  return true;
}
