/**
 * The simulated kubelet of every node, as one level-triggered controller. For each pod bound to a node
 * (spec.nodeName) it creates the sandbox once (pod IP from the node's pod CIDR, host-local style: `.2`
 * upward, continuing after the last one handed out, never reusing an address in use), runs the init
 * containers one after another and then starts the app containers, and plays the pod's timeline forward
 * to the cluster clock: probe ticks, scripts waking from their sleeps, `tail -f` looking at its file,
 * process exits, back-off restarts, liveness kills. The pod status is rewritten from that (live).
 *
 * Work is bounded: a pod is only looked at when something is due (`nextDue`) or its object changed,
 * and one pass simulates at most MAX_STEPS instants per pod (beyond that, probe ticks skip ahead).
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { Container } from 'kubernetes-types/core/v1.js';
import { getObject, nextResourceVersion } from '../api/objects.js';
import { kubeletMemory, kubeletEvent, type KPod, type ProbeKind } from './kubelet-state.js';
import { newContainer, podSpec, startContainer, exitContainer, restartAfterWait, proceedInit, wakeContainer, syncFollowers, allContainers, startEphemeralContainers, type KubeletCtx } from './kubelet-containers.js';
import { probeTick, repeatTicks, PROBE_FIELD } from './kubelet-probes.js';
import { buildStatus, podPhase } from './kubelet-status.js';
import { SERVICE_ENV, withServiceEnvCache } from '../network/envvars.js';
import { changesFor } from './changes.js';
import { podDigests } from './digests.js';
import { sweepVolumes } from './kubelet-volumes.js';

const MAX_STEPS = 20000;
const PROBE_ORDER: ProbeKind[] = ['startup', 'liveness', 'readiness'];

/** Hand out the next free pod IP of the node's /24 (host-local IPAM: round robin from the last one). */
function allocateIP(state: ClusterState, node: KubeObject, uid: string): string {
  const mem = kubeletMemory(state);
  const name = node.metadata.name;
  const cidr = (node.spec as { podCIDR?: string }).podCIDR ?? '10.244.0.0/24';
  const prefix = cidr.replace(/\.\d+\/\d+$/, '.');
  const used = (mem.ipsInUse[name] ??= {});
  const cursor = mem.ipCursor[name] ?? 1;
  for (let i = 1; i <= 253; i++) {
    const octet = ((cursor - 2 + i + 253) % 253) + 2;
    const ip = prefix + octet;
    if (!used[ip]) {
      used[ip] = uid;
      mem.ipCursor[name] = octet;
      return ip;
    }
  }
  throw new Error(`no free pod IP on node ${name}`);
}

function releaseIP(state: ClusterState, kp: KPod, uid: string): void {
  const used = kubeletMemory(state).ipsInUse[kp.node];
  if (used?.[kp.ip] === uid) delete used[kp.ip];
}

/** Create the pod sandbox and start its containers at `t`. Returns undefined when the node is unknown. */
function startPod(ctx: KubeletCtx, pod: KubeObject, t: number): KPod | undefined {
  const spec = podSpec(pod);
  const node = getObject(ctx.state, 'nodes', undefined, spec.nodeName!);
  if (!node) return undefined;
  const hostIP = (node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const uid = pod.metadata.uid!;
  const ip = spec.hostNetwork ? hostIP : allocateIP(ctx.state, node, uid);
  const kp: KPod = { node: node.metadata.name, ip, hostIP, startTime: t, containers: {}, nextDue: null };
  kubeletMemory(ctx.state).pods[uid] = kp;
  // The sandbox's addresses are known before any container starts (a one-shot command may use them).
  pod.status = { ...(pod.status as object), hostIP, hostIPs: [{ ip: hostIP }], podIP: ip, podIPs: [{ ip }] };
  for (const c of spec.containers) {
    kp.containers[c.name] = newContainer(c);
    // App containers wait for the init containers.
    if (spec.initContainers?.length) kp.containers[c.name]!.waitingReason = 'PodInitializing';
  }
  if (spec.initContainers?.length) proceedInit(ctx, pod, kp, t);
  else for (const c of spec.containers) startContainer(ctx, pod, kp, c, t, false);
  if (hasFollowers(kp)) syncFollowers(ctx, pod, kp, t);
  return kp;
}

function hasFollowers(kp: KPod): boolean {
  for (const name in kp.containers) if (kp.containers[name]!.follow) return true;
  return false;
}

type Due = { t: number; c: Container; what: 'exit' | 'restart' | 'wake' | 'poll' | ProbeKind };

/** The earliest thing due in the pod, if any. */
function nextDue(pod: KubeObject, kp: KPod, skipContainer?: string, skipProbe?: ProbeKind): Due | undefined {
  let best: Due | undefined;
  for (const c of allContainers(pod)) {
    const k = kp.containers[c.name];
    if (!k) continue;
    if (k.state === 'running') {
      if (k.exitAt !== null && (!best || k.exitAt < best.t)) best = { t: k.exitAt, c, what: 'exit' };
      // A sleeping main process wakes before the probe ticks of the same instant (its work is done by then).
      if (k.script && (!best || k.script.wakeAt < best.t)) best = { t: k.script.wakeAt, c, what: 'wake' };
      // A `tail -f` looks at its file every second (what an exec appended shows within one).
      if (k.follow && (!best || k.follow.next < best.t)) best = { t: k.follow.next, c, what: 'poll' };
      for (const kind of PROBE_ORDER) {
        const p = k.probes[kind];
        if (c.name === skipContainer && kind === skipProbe) continue;
        if (p && c[PROBE_FIELD[kind]] && (!best || p.next < best.t)) best = { t: p.next, c, what: kind };
      }
    } else if (k.state === 'waiting' && k.restartAt !== undefined && (!best || k.restartAt < best.t)) {
      best = { t: k.restartAt, c, what: 'restart' };
    }
  }
  return best;
}

function allReady(pod: KubeObject, kp: KPod): boolean {
  return podSpec(pod).containers.every((c) => kp.containers[c.name]?.state === 'running' && kp.containers[c.name]!.ready);
}

/** Play the pod's timeline up to `now`. */
function advance(ctx: KubeletCtx, pod: KubeObject, kp: KPod, now: number): void {
  for (let steps = 0; ; steps++) {
    const due = nextDue(pod, kp);
    if (!due || due.t > now) break;
    if (steps >= MAX_STEPS) {
      skipAhead(pod, kp, now);
      break;
    }
    const wasReady = allReady(pod, kp);
    if (due.what === 'exit') exitContainer(ctx, pod, kp, due.c, due.t);
    else if (due.what === 'restart') restartAfterWait(ctx, pod, kp, due.c, due.t);
    else if (due.what === 'wake') wakeContainer(ctx, pod, kp, due.c, due.t);
    else if (due.what === 'poll') kp.containers[due.c.name]!.follow!.next = due.t + 1000;
    else {
      probeTick(ctx, pod, kp, due.c, due.what, due.t);
      // Settled probes skip ahead in bulk up to the next other event (or now).
      const period = (due.c[PROBE_FIELD[due.what]]?.periodSeconds ?? 10) * 1000;
      const other = nextDue(pod, kp, due.c.name, due.what);
      const limit = Math.min(now, other ? other.t - 1 : now);
      const more = Math.floor((limit - due.t) / period);
      if (more > 0) repeatTicks(ctx, pod, kp, due.c, due.what, due.t, more);
    }
    if (allReady(pod, kp) !== wasReady) kp.readyChangedAt = due.t;
    // `tail -f` processes read what was written at this instant.
    if (hasFollowers(kp)) syncFollowers(ctx, pod, kp, due.t);
  }
  const next = nextDue(pod, kp);
  kp.nextDue = next ? next.t : null;
}

/** Too much history to replay: move probe ticks and waits to the present (the kubelet "catches up"). */
function skipAhead(pod: KubeObject, kp: KPod, now: number): void {
  for (const c of allContainers(pod)) {
    const k = kp.containers[c.name];
    if (!k) continue;
    for (const kind of PROBE_ORDER) {
      const p = k.probes[kind];
      const period = (c[PROBE_FIELD[kind]]?.periodSeconds ?? 10) * 1000;
      if (p && p.next <= now) p.next += Math.ceil((now - p.next + 1) / period) * period;
    }
    if (k.exitAt !== null && k.exitAt < now) k.exitAt = now;
    if (k.script && k.script.wakeAt < now) k.script.wakeAt = now;
    if (k.follow && k.follow.next < now) k.follow.next = now;
    if (k.restartAt !== undefined && k.restartAt < now) k.restartAt = now;
  }
}

/** A changed image in the spec restarts that container at once (kubelet: "definition changed"). */
function syncSpec(ctx: KubeletCtx, pod: KubeObject, kp: KPod, now: number): boolean {
  let changed = false;
  for (const c of podSpec(pod).containers) {
    const k = kp.containers[c.name];
    if (!k || k.image === c.image || k.containerID === '') continue;
    if (k.state === 'terminated' && podPhase(pod, kp) !== 'Running') continue;
    kubeletEvent(ctx.state, ctx.env, now, pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c.name);
    if (k.state === 'running') k.lastTermination = { exitCode: 137, reason: 'Error', startedAt: k.startedAt, finishedAt: now, containerID: k.containerID };
    startContainer(ctx, pod, kp, c, now, true);
    kp.readyChangedAt = now;
    changed = true;
  }
  return changed;
}

/** Write the status if it differs; remember the pod's new resourceVersion. */
function writeStatus(state: ClusterState, pod: KubeObject, kp: KPod, now: number): boolean {
  const status = buildStatus(pod, kp, now);
  const changed = JSON.stringify(status) !== JSON.stringify(pod.status);
  if (changed) {
    pod.status = status;
    pod.metadata.resourceVersion = nextResourceVersion(state);
  }
  kp.seenRV = pod.metadata.resourceVersion;
  return changed;
}

export const kubelet: Controller = {
  name: 'kubelet',
  // Pods to run (bound to a node, changed, deleted), claims whose volumes go; the rest is time (nextDue).
  watches: ['pods', 'persistentvolumeclaims'],
  nextDue(state) {
    let due: number | null = null;
    for (const kp of Object.values(kubeletMemory(state).pods)) if (kp.nextDue !== null && (due === null || kp.nextDue < due)) due = kp.nextDue;
    return due;
  },
  reconcile(state: ClusterState, env: Env): boolean {
    return withServiceEnvCache(state, () => reconcileKubelet(state, env));
  },
};

/**
 * The pods this pass must look at, by storage key, and the uids of pods that are gone: after a change,
 * the pods that changed or were deleted and those whose next event is due; on a first pass, all.
 */
function podsToVisit(state: ClusterState, now: number): { keys: Iterable<string>; gone: Set<string> | null; claimGone: boolean } {
  const changes = changesFor(state);
  if (changes.full) return { keys: Object.keys(state.objects.pods ?? {}), gone: null, claimGone: true };
  const keys = new Set<string>();
  const gone = new Set<string>();
  let claimGone = false;
  for (const c of changes.entries) {
    if (c.resource === 'persistentvolumeclaims' && c.gone) claimGone = true;
    if (c.resource !== 'pods') continue;
    if (c.gone) {
      if (c.gone.metadata.uid) gone.add(c.gone.metadata.uid);
    } else keys.add(c.key);
  }
  const mem = kubeletMemory(state);
  let keyOf: Map<string, string> | undefined;
  for (const [uid, kp] of Object.entries(mem.pods)) {
    if (kp.nextDue === null || kp.nextDue > now) continue;
    let key = kp.key;
    if (!key) {
      // Kept by an older version without the pod's key: find it by uid (once).
      keyOf ??= new Map([...podDigests(state)].map(([k, d]) => [d.uid ?? '', k]));
      key = keyOf.get(uid);
    }
    if (key) keys.add(key);
  }
  return { keys, gone, claimGone };
}

function reconcileKubelet(state: ClusterState, env: Env): boolean {
  {
    const mem = kubeletMemory(state);
    const now = env.now().getTime();
    const ctx: KubeletCtx = { state, env };
    let changed = false;
    const { keys, gone, claimGone } = podsToVisit(state, now);
    const alive = new Set<string>();
    for (const key of keys) {
      const pod = state.objects.pods?.[key];
      if (!pod) continue;
      const uid = pod.metadata.uid;
      if (!uid) continue;
      alive.add(uid);
      if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) continue;
      let kp: KPod | undefined = mem.pods[uid];
      let touched = false;
      if (!kp) {
        kp = startPod(ctx, pod, now);
        if (!kp) continue;
        kp.key = key;
        advance(ctx, pod, kp, now);
        touched = true;
      } else {
        kp.key ??= key;
        const objectChanged = kp.seenRV !== pod.metadata.resourceVersion;
        if (objectChanged && syncSpec(ctx, pod, kp, now)) touched = true;
        // A finished pod runs nothing more, ephemeral containers added to it included.
        if (objectChanged && !['Succeeded', 'Failed'].includes(podPhase(pod, kp)) && startEphemeralContainers(ctx, pod, kp, now)) touched = true;
        if (kp.nextDue !== null && kp.nextDue <= now) {
          advance(ctx, pod, kp, now);
          touched = true;
        } else if (touched) advance(ctx, pod, kp, now);
        if (!touched && !objectChanged) continue;
      }
      const phase = podPhase(pod, kp);
      if (phase === 'Succeeded' || phase === 'Failed') releaseIP(state, kp, uid);
      if (touched) {
        nextResourceVersion(state);
        changed = true;
      }
      if (writeStatus(state, pod, kp, now)) changed = true;
    }
    // Sandboxes of pods that are gone: all not seen (first pass), or those deleted since the last.
    let removed = false;
    for (const uid of gone ?? Object.keys(mem.pods)) {
      if (alive.has(uid) || !mem.pods[uid]) continue;
      releaseIP(state, mem.pods[uid]!, uid);
      delete mem.pods[uid];
      changed = removed = true;
    }
    // Runtimes belong to sandboxes this kubelet started: only a pass that removed one can leave one
    // behind (and the runtimes, 57 MB at 10k pods next to 1k Services, are not parsed otherwise).
    if (removed) {
      for (const uid of gone ?? Object.keys(state.runtime)) {
        if (!alive.has(uid) && uid in state.runtime) {
          delete state.runtime[uid];
          changed = true;
        }
      }
    }
    if (removed && (mem.envSnapshots?.length ?? 0) > MAX_SNAPSHOTS) pruneSnapshots(state, mem);
    // The volumes of pods and claims that are gone: all not seen on a first pass, else those deleted since the last.
    if (gone === null ? sweepVolumes(state, alive) : (gone.size > 0 || claimGone) && sweepVolumes(state, { has: (uid: string) => !gone.has(uid) } as Set<string>)) changed = true;
    if (changed) nextResourceVersion(state);
    return changed;
  }
}

/** Service-variable snapshots kept before unused ones are looked for. */
const MAX_SNAPSHOTS = 8;

/** Drop the service-variable snapshots no container refers to any more. */
function pruneSnapshots(state: ClusterState, mem: ReturnType<typeof kubeletMemory>): void {
  const inUse = new Set<string>();
  for (const byContainer of Object.values(state.runtime)) for (const rt of Object.values(byContainer)) if (rt.serviceEnv) inUse.add(rt.serviceEnv);
  for (const id of mem.envSnapshots ?? []) if (!inUse.has(id)) delete (state.memory[SERVICE_ENV] as Record<string, unknown> | undefined)?.[id];
  mem.envSnapshots = (mem.envSnapshots ?? []).filter((id) => inUse.has(id));
}
