/**
 * The simulated kubelet's own bookkeeping, kept in `state.memory.kubelet` (plain JSON): per pod the
 * sandbox (node, IP) and per container its current incarnation, back-off and probe progress; per node
 * the IPAM cursor and the images already pulled. Pod status is derived from this (live), env and IP are
 * latched here at start.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import { rfc3339 } from '../env.js';
import { recordEvent, type EventSource } from '../api/events.js';
import type { AppId } from '../network/images.js';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeProgress {
  /** Next tick (ms since epoch). */
  next: number;
  successes: number;
  failures: number;
}

export interface Termination {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** One container as the kubelet tracks it. Times are ms since the epoch. */
export interface KContainer {
  state: 'running' | 'waiting' | 'terminated';
  waitingReason?: string;
  waitingMessage?: string;
  containerID: string;
  startedAt: number;
  /** When the running process ends by itself (null: it keeps running). */
  exitAt: number | null;
  exitCode?: number;
  /** Output of a one-shot command, written to the log when it exits (kept by older versions). */
  pendingOutput?: string;
  /**
   * A main process that sleeps (shell/timed.ts): how many sleeps it has begun and when the current one
   * ends (Infinity: `sleep infinity`). Its interpreter lives in one kube-sim process; the next one
   * replays it to this point.
   */
  script?: { sleeps: number; wakeAt: number };
  /** The process about to exit is killed by the OOM killer (its termination reason is OOMKilled). */
  oomKilled?: boolean;
  /** A `tail -f` process: the file it follows, how much of it is in the log (-1: not open yet), its next look. */
  follow?: { path: string; read: number; next: number };
  termination?: Termination;
  lastTermination?: Termination;
  /** When the back-off ends and the container is started again. */
  restartAt?: number;
  /** Current back-off in seconds (0: none yet) and when it was last bumped. */
  backoff: number;
  backoffUpdated?: number;
  restartCount: number;
  ready: boolean;
  /** Startup probe passed (or none). */
  started: boolean;
  probes: Partial<Record<ProbeKind, ProbeProgress>>;
  /** The application this incarnation runs (servers), its request counter and (latched at start) command line. */
  app?: { id: AppId; ports: number[]; requests: number; argv?: string[] };
  /** Logs of the previous incarnation (`logs -p`). */
  previousLogs?: string[];
  /** The image this incarnation runs (a spec image change restarts the container). */
  image: string;
}

export interface KPod {
  /** The pod's storage key (namespace/name), so a due pod is found without reading the others. */
  key?: string;
  node: string;
  ip: string;
  hostIP: string;
  startTime: number;
  /** The pod's containers by name, init containers included (names are unique across both). */
  containers: Record<string, KContainer>;
  /** When the last init container completed and the app containers started (pods with init containers). */
  initializedAt?: number;
  /** Earliest instant something is due (probe tick, exit, restart); null: nothing scheduled. */
  nextDue: number | null;
  /** Container ids of the init containers, kept by older versions that completed them at sandbox start. */
  initIDs?: Record<string, string>;
  /** When the pod last went ready or unready (simulated instant), for the conditions' lastTransitionTime. */
  readyChangedAt?: number;
  /** The pod's resourceVersion after the kubelet last wrote it (a different one means the spec may have changed). */
  seenRV?: string;
}

export interface KubeletMemory {
  pods: Record<string, KPod>;
  /** Per node: last IP octet handed out (host-local IPAM continues from it). */
  ipCursor: Record<string, number>;
  /** Per node: IPs in use -> pod uid. */
  ipsInUse: Record<string, Record<string, string>>;
  /** Per node: images already pulled. */
  images: Record<string, string[]>;
  /** Ids of the service-variable snapshots containers latched (network/envvars.ts), for pruning. */
  envSnapshots?: string[];
}

/** The kubelet memory (created on first use). */
export function kubeletMemory(state: ClusterState): KubeletMemory {
  const m = (state.memory.kubelet ??= { pods: {}, ipCursor: {}, ipsInUse: {}, images: {} }) as KubeletMemory;
  return m;
}

/** An Env whose clock reads `ms` (events and timestamps of a simulated instant in the past). */
export function envAt(env: Env, ms: number): Env {
  return { now: () => new Date(ms), rngFor: env.rngFor, runtimeRngFor: env.runtimeRngFor, uidRngFor: env.uidRngFor };
}

export function iso(ms: number): string {
  return rfc3339(new Date(ms));
}

/** Go's time.Duration String() for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function goDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}

/** Record a kubelet event at a simulated instant (recordEvent aggregates repeats in O(1)). */
export function kubeletEvent(
  state: ClusterState,
  env: Env,
  ms: number,
  pod: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  container?: string,
  source: EventSource = { component: 'kubelet', host: (pod.spec as { nodeName?: string } | undefined)?.nodeName },
): void {
  // The kubelet reports a static pod's events against the pod it read from its manifest, whose uid is the
  // config hash, not against the mirror pod the API server holds (describe of a mirror pod lists none).
  const hash = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
  const involved = hash ? { ...pod, metadata: { ...pod.metadata, uid: hash } } : pod;
  recordEvent(state, envAt(env, ms), involved, type, reason, message, source, container ? `spec.containers{${container}}` : undefined);
}
