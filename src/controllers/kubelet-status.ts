/**
 * Pod status as the kubelet reports it, derived (live) from its container tracking: phase, the five
 * conditions in kubelet order (PodScheduled, set by the scheduler, is kept), container statuses with
 * containerd ids, image ids, states and last states, IPs and start time.
 */
import type { KubeObject } from '../api/types.js';
import type { Container } from 'kubernetes-types/core/v1.js';
import { imageID, resolvedImageName } from '../network/images.js';
import { iso, type KContainer, type KPod, type Termination } from './kubelet-state.js';
import { initDone, isSidecar, newContainer, podSpec } from './kubelet-containers.js';
import { qosClass } from '../kinds/pod-qos.js';

interface Condition {
  type: string;
  status: string;
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

function terminated(t: Termination): Record<string, unknown> {
  return {
    containerID: t.containerID,
    exitCode: t.exitCode,
    finishedAt: iso(t.finishedAt),
    ...(t.message ? { message: t.message } : {}),
    reason: t.reason,
    startedAt: iso(t.startedAt),
  };
}

function containerStatus(pod: KubeObject, c: Container, k: KContainer | undefined): Record<string, unknown> {
  const mounts = (c.volumeMounts ?? []).map((m) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) }));
  const base: Record<string, unknown> = { image: resolvedImageName(c.image ?? ''), imageID: '', lastState: {}, name: c.name, ready: false, restartCount: k?.restartCount ?? 0, started: false };
  if (!k || (k.state === 'waiting' && !k.containerID)) {
    base.state = { waiting: { reason: k?.waitingReason ?? 'ContainerCreating', ...(k?.waitingMessage ? { message: k.waitingMessage } : {}) } };
    if (mounts.length) base.volumeMounts = mounts;
    return base;
  }
  base.containerID = k.containerID;
  base.image = resolvedImageName(k.image);
  base.imageID = imageID(k.image);
  base.ready = k.state === 'running' && k.ready;
  base.started = k.state === 'running' && k.started;
  if (k.lastTermination && (k.state !== 'terminated' || k.lastTermination !== k.termination)) base.lastState = { terminated: terminated(k.lastTermination) };
  if (k.state === 'running') base.state = { running: { startedAt: iso(k.startedAt) } };
  else if (k.state === 'terminated') base.state = { terminated: terminated(k.termination!) };
  else base.state = { waiting: { ...(k.waitingMessage ? { message: k.waitingMessage } : {}), reason: k.waitingReason } };
  if (mounts.length) base.volumeMounts = mounts;
  return base;
}

/**
 * An init container's status: as an app container's, except that a completed one is ready, and one not
 * started yet waits with PodInitializing.
 */
function initContainerStatus(pod: KubeObject, c: Container, k: KContainer | undefined): Record<string, unknown> {
  const status = containerStatus(pod, c, k ?? { ...newContainer(c), waitingReason: 'PodInitializing' });
  if (!isSidecar(c)) status.ready = initDone(c, k);
  return status;
}

/** Will this container run again (restartPolicy), i.e. is the pod not finished because of it? */
function finished(k: KContainer | undefined, policy: string): boolean {
  if (!k || k.state !== 'terminated') return false;
  return policy === 'Never' || (policy === 'OnFailure' && k.termination!.exitCode === 0);
}

/** The pod phase from its containers. */
export function podPhase(pod: KubeObject, kp: KPod): string {
  const spec = podSpec(pod);
  const policy = spec.restartPolicy ?? 'Always';
  // An init container that failed for good (restartPolicy Never) fails the pod.
  if (policy === 'Never' && spec.initContainers?.some((c) => !isSidecar(c) && kp.containers[c.name]?.state === 'terminated' && kp.containers[c.name]!.termination!.exitCode !== 0)) return 'Failed';
  const ks = spec.containers.map((c) => kp.containers[c.name]);
  if (ks.every((k) => finished(k, policy))) return ks.every((k) => k!.termination!.exitCode === 0) ? 'Succeeded' : 'Failed';
  if (ks.some((k) => k && (k.containerID !== '' || k.state === 'running'))) return 'Running';
  return 'Pending';
}

/** Build the full status; `old` supplies transition times that did not change. */
export function buildStatus(pod: KubeObject, kp: KPod, now: number): Record<string, unknown> {
  const spec = podSpec(pod);
  const old = (pod.status ?? {}) as { conditions?: Condition[] };
  const phase = podPhase(pod, kp);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const unready = spec.containers.filter((c) => !(kp.containers[c.name]?.state === 'running' && kp.containers[c.name]!.ready)).map((c) => c.name);
  const cond = (type: string, ok: boolean, reason?: string, message?: string): Condition => {
    const status = ok ? 'True' : 'False';
    const prev = old.conditions?.find((x) => x.type === type);
    return {
      lastProbeTime: null,
      lastTransitionTime:
        prev && prev.status === status
          ? prev.lastTransitionTime
          : iso(type === 'PodReadyToStartContainers' ? kp.startTime : type === 'Initialized' ? (kp.initializedAt ?? kp.startTime) : (kp.readyChangedAt ?? kp.startTime)),
      ...(message ? { message } : {}),
      ...(reason ? { reason } : {}),
      status,
      type,
    };
  };
  const notReadyMsg = `containers with unready status: [${unready.join(' ')}]`;
  // Readiness gates: the pod is Ready only when every gate's condition (set by some controller) is True.
  const gates = (spec.readinessGates ?? []).map((g) => g.conditionType);
  const missingGate = gates.find((g) => !old.conditions?.some((c) => c.type === g));
  const falseGates = gates.filter((g) => old.conditions?.some((c) => c.type === g && c.status !== 'True'));
  const gateMsg = missingGate ? `corresponding condition of pod readiness gate "${missingGate}" does not exist.` : falseGates.length ? `the status of pod readiness gate "${falseGates[0]}" is not "True", but False` : '';
  // Init containers that have not completed (kp.initIDs: an older version completed them all at once).
  const incomplete = kp.initIDs ? [] : (spec.initContainers ?? []).filter((c) => !initDone(c, kp.containers[c.name])).map((c) => c.name);
  const conditions: Condition[] = [
    cond('PodReadyToStartContainers', !done),
    done && !incomplete.length
      ? cond('Initialized', true, 'PodCompleted')
      : incomplete.length
        ? cond('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`)
        : cond('Initialized', true),
    done
      ? cond('Ready', false, 'PodCompleted')
      : unready.length
        ? cond('Ready', false, 'ContainersNotReady', gateMsg ? `${notReadyMsg}, ${gateMsg}` : notReadyMsg)
        : gateMsg
          ? cond('Ready', false, 'ReadinessGatesNotReady', gateMsg)
          : cond('Ready', true),
    done ? cond('ContainersReady', false, 'PodCompleted') : unready.length ? cond('ContainersReady', false, 'ContainersNotReady', notReadyMsg) : cond('ContainersReady', true),
  ];
  const kubeletTypes = new Set(conditions.map((c) => c.type));
  for (const c of old.conditions ?? []) if (!kubeletTypes.has(c.type)) conditions.push(c);
  const status: Record<string, unknown> = {
    conditions,
    containerStatuses: spec.containers.map((c) => containerStatus(pod, c, kp.containers[c.name])),
    hostIP: kp.hostIP,
    hostIPs: [{ ip: kp.hostIP }],
  };
  if (spec.initContainers?.length && !kp.initIDs) {
    status.initContainerStatuses = spec.initContainers.map((c) => initContainerStatus(pod, c, kp.containers[c.name]));
  } else if (spec.initContainers?.length) {
    status.initContainerStatuses = spec.initContainers.map((c) => ({
      containerID: kp.initIDs?.[c.name] ?? '',
      image: resolvedImageName(c.image ?? ''),
      imageID: imageID(c.image ?? ''),
      lastState: {},
      name: c.name,
      ready: true,
      restartCount: 0,
      started: false,
      state: { terminated: { containerID: kp.initIDs?.[c.name] ?? '', exitCode: 0, finishedAt: iso(kp.startTime), reason: 'Completed', startedAt: iso(kp.startTime) } },
    }));
  }
  // Ephemeral containers are never ready, and the prober (which sets `started`) does not look at them.
  const ephemeral = (spec.ephemeralContainers ?? []) as Container[];
  if (ephemeral.length) {
    status.ephemeralContainerStatuses = ephemeral.map((c) => {
      const { started: _started, ...st } = containerStatus(pod, c, kp.containers[c.name]);
      return { ...st, ready: false };
    });
  }
  status.phase = phase;
  status.podIP = kp.ip;
  status.podIPs = [{ ip: kp.ip }];
  status.qosClass = qosClass(pod);
  status.startTime = iso(kp.startTime);
  return status;
}
