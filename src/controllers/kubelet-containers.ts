/**
 * Container lifecycle in the simulated kubelet: pull, create and start an incarnation (files reset to
 * the image's, env latched), let it exit, restart it per restartPolicy with the kubelet's crash-loop
 * back-off (10s doubling to 5m, reset after 10 minutes), and kill it (liveness/startup failure).
 */
import type { ClusterState, ContainerRuntime, KubeObject } from '../api/types.js';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { Env } from '../env.js';
import { imageInfo, imagePullFailure } from '../network/images.js';
import { appKeepsArgv, appPorts, appStartupLogs, appendLogs } from '../network/apps.js';
import { runInContainer, podSystem, runcLookupError } from '../shell/index.js';
import { TimedProcess, type TimedStep } from '../shell/timed.js';
import { resolvePath } from '../shell/fs.js';
import { imageProfile } from '../shell/images.js';
import { nextResourceVersion } from '../api/objects.js';
import { kubeletEvent, goDuration, kubeletMemory, envAt, type KContainer, type KPod, type ProbeKind } from './kubelet-state.js';
import { commandRefs, containerEnvParts, envView, ConfigError, type EnvParts } from './kubelet-env.js';
import { serviceEnvSnapshot, serviceEnvSnapshotId } from '../network/envvars.js';
import { initialFiles } from './kubelet-fs.js';
import { classify } from './kubelet-process.js';
import { mountProblem } from './kubelet-volumes.js';
import { runPostStartHook } from './kubelet-hooks.js';

export const INITIAL_BACKOFF = 10;
export const MAX_BACKOFF = 300;
/** How soon the kubelet tries again to set up a volume it could not mount. */
const MOUNT_RETRY_MS = 10_000;

export interface KubeletCtx {
  state: ClusterState;
  env: Env;
}

export function podSpec(pod: KubeObject): NonNullable<Pod['spec']> {
  return pod.spec as NonNullable<Pod['spec']>;
}

export function containerSpec(pod: KubeObject, name: string): Container | undefined {
  return podSpec(pod).containers.find((c) => c.name === name);
}

const PROBES: [ProbeKind, 'startupProbe' | 'livenessProbe' | 'readinessProbe'][] = [
  ['startup', 'startupProbe'],
  ['liveness', 'livenessProbe'],
  ['readiness', 'readinessProbe'],
];

/** `<pod>_<namespace>(<uid>)`, the kubelet's way of naming a pod in messages. */
export function podRef(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** Image pull events: policy Always pulls every time; IfNotPresent only when the node lacks the image. */
function pull(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number): void {
  const mem = kubeletMemory(ctx.state);
  const cached = (mem.images[kp.node] ??= []);
  const present = cached.includes(c.image!);
  const policy = c.imagePullPolicy ?? 'IfNotPresent';
  if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
    kubeletEvent(ctx.state, ctx.env, t, pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c.name);
    return;
  }
  kubeletEvent(ctx.state, ctx.env, t, pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, c.name);
  const size = imageInfo(c.image!).size;
  // A first pull takes seconds (size-dependent); a re-pull of a cached image only checks the registry.
  const rng = ctx.env.runtimeRngFor(pod.metadata.namespace);
  const ms = present ? 300 + rng.int(700) : Math.round(size / 40_000) + rng.int(900) + 400;
  const took = ms >= 1000 ? `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s` : `${ms}ms`;
  kubeletEvent(ctx.state, ctx.env, t, pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`, c.name);
  if (!present) cached.push(c.image!);
}

/**
 * An image that cannot be pulled: ErrImagePull, then at the next sync (a second on) ImagePullBackOff for
 * the image back-off (10s, doubling to 300s), then a new attempt, as the kubelet's image manager does.
 */
function failedPull(ctx: KubeletCtx, pod: KubeObject, k: KContainer, c: Container, t: number, failure: string): void {
  const { state, env } = ctx;
  k.state = 'waiting';
  k.ready = false;
  if (k.waitingReason === 'ErrImagePull') {
    k.backoff = k.backoff ? Math.min(k.backoff * 2, MAX_BACKOFF) : INITIAL_BACKOFF;
    k.waitingReason = 'ImagePullBackOff';
    k.waitingMessage = `Back-off pulling image "${c.image}": ErrImagePull: ${failure}`;
    k.restartAt = t + k.backoff * 1000;
    kubeletEvent(state, env, t, pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, c.name);
    kubeletEvent(state, env, t, pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name);
    return;
  }
  kubeletEvent(state, env, t, pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, c.name);
  kubeletEvent(state, env, t, pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${failure}`, c.name);
  kubeletEvent(state, env, t, pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
  k.waitingReason = 'ErrImagePull';
  k.waitingMessage = failure;
  k.restartAt = t + 1000;
}

/** Latch an environment in a runtime: its own parts, and the service variables by snapshot id. */
function latch(state: ClusterState, rt: ContainerRuntime, env: EnvParts): void {
  rt.env = env.rest;
  rt.envPrefix = env.prefix;
  rt.serviceEnv = serviceEnvSnapshotId(state, env.services);
  const ids = (kubeletMemory(state).envSnapshots ??= []);
  if (!ids.includes(rt.serviceEnv)) ids.push(rt.serviceEnv);
}

/** Fresh tracking for a container that has never run in this pod. */
export function newContainer(c: Container): KContainer {
  return { state: 'waiting', waitingReason: 'ContainerCreating', containerID: '', startedAt: 0, exitAt: null, backoff: 0, restartCount: 0, ready: false, started: false, probes: {}, image: c.image ?? '' };
}

/**
 * Start (or restart) container `c` at `t`: pull, create, start. The runtime files and env are rebuilt,
 * the application starts logging, and probe ticks are scheduled from the start time.
 */
export function startContainer(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number, restart: boolean): void {
  const { state, env } = ctx;
  const k = kp.containers[c.name]!;
  const uid = pod.metadata.uid!;
  const image = imageInfo(c.image!);
  // Volumes are set up before anything runs: a missing ConfigMap or Secret keeps the pod ContainerCreating.
  const mountFailure = mountProblem(state, pod, c.name);
  if (mountFailure) {
    k.state = 'waiting';
    k.waitingReason = 'ContainerCreating';
    k.ready = false;
    k.restartAt = t + MOUNT_RETRY_MS;
    kubeletEvent(state, env, t, pod, 'Warning', 'FailedMount', mountFailure);
    return;
  }
  const pullFailure = imagePullFailure(c.image!);
  if (pullFailure) return failedPull(ctx, pod, k, c, t, pullFailure);
  pull(ctx, pod, kp, c, t);
  let vars: EnvParts;
  try {
    vars = containerEnvParts(state, pod, c, image, kp.ip, kp.hostIP);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    k.state = 'waiting';
    k.waitingReason = 'CreateContainerConfigError';
    k.waitingMessage = e.message;
    k.ready = false;
    // The kubelet retries on its next sync.
    k.restartAt = t + 10_000;
    kubeletEvent(state, env, t, pod, 'Warning', 'Failed', `Error: ${e.message}`, c.name);
    return;
  }
  const rt = ((state.runtime[uid] ??= {})[c.name] ??= { files: {}, env: {}, logs: [] });
  if (restart) {
    k.previousLogs = rt.logs;
    k.restartCount += 1;
  }
  rt.files = initialFiles(state, pod, c.name, image, c.image!, kp.ip);
  latch(state, rt, vars);
  rt.logs = [];
  rt.logTimes = [];
  rt.logsWritten = 0;
  rt.probes = {};
  k.image = c.image!;
  k.containerID = `containerd://${env.runtimeRngFor(pod.metadata.namespace).hex(64)}`;
  k.waitingReason = undefined;
  k.waitingMessage = undefined;
  k.restartAt = undefined;
  k.termination = undefined;
  k.exitCode = undefined;
  k.script = undefined;
  k.follow = undefined;
  k.app = undefined;
  k.ready = false;
  const proc = classify(c, image, commandRefs(vars.services, vars.rest));
  if (proc.kind === 'missing') {
    const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${runcLookupError(proc.program)}`;
    kubeletEvent(state, env, t, pod, 'Normal', 'Created', `Created container ${c.name}`, c.name);
    kubeletEvent(state, env, t, pod, 'Warning', 'Failed', `Error: ${msg}`, c.name);
    k.state = 'terminated';
    k.startedAt = t;
    k.termination = { exitCode: 128, reason: 'StartError', message: msg, startedAt: 0, finishedAt: t, containerID: k.containerID };
    afterExit(ctx, pod, kp, c, t);
    return;
  }
  kubeletEvent(state, env, t, pod, 'Normal', 'Created', `Created container ${c.name}`, c.name);
  kubeletEvent(state, env, t, pod, 'Normal', 'Started', `Started container ${c.name}`, c.name);
  k.state = 'running';
  k.startedAt = t;
  k.exitAt = null;
  k.started = !c.startupProbe;
  k.probes = {};
  for (const [kind, field] of PROBES) {
    const p = c[field];
    if (p) k.probes[kind] = { next: t + (p.initialDelaySeconds ?? 0) * 1000, successes: 0, failures: 0 };
  }
  k.ready = k.started && !c.readinessProbe;
  switch (proc.kind) {
    case 'server': {
      const declared = (c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort);
      k.app = { id: proc.app, ports: appPorts(proc.app, declared, proc.argv, envView(vars)), requests: 0 };
      if (appKeepsArgv(proc.app)) k.app.argv = proc.argv;
      appendLogs(state, pod, c.name, appStartupLogs(proc.app, c.image!, new Date(t), { argv: proc.argv, vars: envView(vars), seed: k.containerID }), t);
      break;
    }
    case 'forever':
      appendLogs(state, pod, c.name, proc.logs ?? [], t);
      break;
    case 'sleep':
      k.exitAt = t + proc.seconds * 1000;
      k.exitCode = 0;
      break;
    case 'follow': {
      const path = resolvePath('/', proc.path);
      const text = podSystem(state, env, pod, c.name).fs.read(path);
      const busybox = imageProfile(c.image ?? '').family === 'busybox';
      if (text === undefined) {
        // GNU tail names the file in quotes; BusyBox's open_or_warn says "can't open".
        appendLogs(state, pod, c.name, [busybox ? `tail: can't open '${proc.path}': No such file or directory` : `tail: cannot open '${proc.path}' for reading: No such file or directory`, ...(proc.retry || busybox ? [] : ['tail: no files remaining'])], t);
        if (!proc.retry) {
          k.exitAt = t;
          k.exitCode = 1;
          break;
        }
        k.follow = { path: proc.path, read: -1, next: t + 1000 };
        break;
      }
      const lines = splitLines(text);
      appendLogs(state, pod, c.name, proc.fromLine !== undefined ? lines.slice(Math.max(0, proc.fromLine - 1)) : lines.slice(Math.max(0, lines.length - proc.lines)), t);
      k.follow = { path: proc.path, read: text.length, next: t + 1000 };
      break;
    }
    case 'oom':
      appendLogs(state, pod, c.name, proc.logs, t);
      k.exitAt = t;
      k.exitCode = 137;
      k.oomKilled = true;
      break;
    case 'exit':
      k.exitAt = t;
      k.exitCode = proc.code;
      appendLogs(state, pod, c.name, splitLines(proc.output), t);
      break;
    case 'once': {
      const r = runInContainer(state, envAt(env, t), pod, c.name, proc.argv, { stdin: '' });
      appendLogs(state, pod, c.name, splitLines(r.stdout + r.stderr), t);
      k.exitAt = t;
      k.exitCode = r.exitCode;
      break;
    }
    case 'timed': {
      const { process, step } = TimedProcess.start(podSystem(state, env, pod, c.name), proc.argv, t);
      liveProcesses(state).set(k.containerID, process);
      afterStep(ctx, pod, k, c, step, t);
      break;
    }
  }
  runPostStartHook(ctx, pod, c, t);
}

/**
 * What the pod's `tail -f` processes have seen appended to their files by `t` (another container's
 * script, an exec): whole new lines go to their logs, and `-F` notices a file appear, as tail polling
 * its file each second would.
 */
export function syncFollowers(ctx: KubeletCtx, pod: KubeObject, kp: KPod, t: number): void {
  for (const c of allContainers(pod)) {
    const k = kp.containers[c.name];
    if (!k?.follow || k.state !== 'running') continue;
    const text = podSystem(ctx.state, ctx.env, pod, c.name).fs.read(resolvePath('/', k.follow.path));
    if (text === undefined) continue;
    const busybox = imageProfile(c.image ?? '').family === 'busybox';
    const notes: string[] = [];
    if (k.follow.read < 0) {
      notes.push(busybox ? `tail: ${k.follow.path} has appeared; following end of new file` : `tail: '${k.follow.path}' has appeared;  following new file`);
      k.follow.read = 0;
    } else if (text.length < k.follow.read) {
      notes.push(`tail: ${k.follow.path}: file truncated`);
      k.follow.read = 0;
    }
    // Only whole lines: a line being written shows once its newline is.
    const end = text.lastIndexOf('\n') + 1;
    const fresh = end > k.follow.read ? splitLines(text.slice(k.follow.read, end)) : [];
    if (end > k.follow.read) k.follow.read = end;
    appendLogs(ctx.state, pod, c.name, [...notes, ...fresh], t);
  }
}

/**
 * The interpreters of the sleeping main processes this kube-sim process runs, by container id (a later
 * process replays them: shell/timed.ts).
 */
const LIVE = new WeakMap<ClusterState, Map<string, TimedProcess>>();
function liveProcesses(state: ClusterState): Map<string, TimedProcess> {
  let m = LIVE.get(state);
  if (!m) LIVE.set(state, (m = new Map()));
  return m;
}

/**
 * A process is followed through this many sleeps (a loop sleeping 1 s: 10 minutes); each later
 * kube-sim process replays what it did, so past that it keeps running without doing more.
 */
export const MAX_SCRIPT_SLEEPS = 600;

/** What a step of a sleeping main process did at `t`: its output logged, its next wake or its exit. */
function afterStep(ctx: KubeletCtx, pod: KubeObject, k: KContainer, c: Container, step: TimedStep, t: number): void {
  appendLogs(ctx.state, pod, c.name, splitLines(step.output), t);
  if (step.wakeAt === null) {
    k.script = undefined;
    k.exitAt = t;
    k.exitCode = step.exitCode;
    liveProcesses(ctx.state).delete(k.containerID);
    return;
  }
  const process = liveProcesses(ctx.state).get(k.containerID);
  const followed = Number.isFinite(step.wakeAt) && (process?.sleeps ?? 0) < MAX_SCRIPT_SLEEPS;
  k.script = followed ? { sleeps: process!.sleeps, wakeAt: step.wakeAt } : undefined;
  if (!followed) liveProcesses(ctx.state).delete(k.containerID);
}

/** The sleep of a container's main process ends at `t`: it runs on to its next sleep or its end. */
export function wakeContainer(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number): void {
  const k = kp.containers[c.name]!;
  const script = k.script!;
  const live = liveProcesses(ctx.state);
  let process = live.get(k.containerID);
  if (!process || process.sleeps !== script.sleeps) {
    const rt = ctx.state.runtime[pod.metadata.uid!]?.[c.name];
    const proc = classify(c, imageInfo(c.image ?? ''), commandRefs((rt?.serviceEnv && serviceEnvSnapshot(ctx.state, rt.serviceEnv)) || {}, rt?.env ?? {}));
    const resumed = proc.kind === 'timed' ? TimedProcess.resume(podSystem(ctx.state, envAt(ctx.env, k.startedAt), pod, c.name), proc.argv, k.startedAt, script.sleeps) : { forever: true as const };
    // The replay took another path, as the world changed since (a Service now resolves): it ended now,
    // or it sleeps for ever.
    if ('ended' in resumed) return afterStep(ctx, pod, k, c, resumed.ended, t);
    if ('forever' in resumed) {
      k.script = undefined;
      return;
    }
    process = resumed.process;
    live.set(k.containerID, process);
  }
  afterStep(ctx, pod, k, c, process.wake(), t);
}

function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The running process ended by itself at `t`. */
export function exitContainer(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number): void {
  const k = kp.containers[c.name]!;
  const code = k.exitCode ?? 0;
  if (k.pendingOutput !== undefined) {
    appendLogs(ctx.state, pod, c.name, splitLines(k.pendingOutput), t);
    k.pendingOutput = undefined;
  }
  k.state = 'terminated';
  k.ready = false;
  k.app = undefined;
  k.exitAt = null;
  k.script = undefined;
  const reason = k.oomKilled ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
  k.oomKilled = undefined;
  k.termination = { exitCode: code, reason, startedAt: k.startedAt, finishedAt: t, containerID: k.containerID };
  afterExit(ctx, pod, kp, c, t);
}

/** Kill the container at `t` (failed liveness/startup probe, or changed definition), then restart per policy. */
export function killContainer(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number, why: string): void {
  const k = kp.containers[c.name]!;
  kubeletEvent(ctx.state, ctx.env, t, pod, 'Normal', 'Killing', why, c.name);
  k.state = 'terminated';
  k.ready = false;
  k.app = undefined;
  k.exitAt = null;
  k.script = undefined;
  // node-style apps run as PID 1 and ignore SIGTERM, so the runtime ends them with SIGKILL.
  k.termination = { exitCode: 137, reason: 'Error', startedAt: k.startedAt, finishedAt: t, containerID: k.containerID };
  afterExit(ctx, pod, kp, c, t);
}

/** Decide what follows a termination: stay terminated (restartPolicy), restart now, or wait out the back-off. */
function afterExit(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number): void {
  const k = kp.containers[c.name]!;
  const policy = podSpec(pod).restartPolicy ?? 'Always';
  const code = k.termination!.exitCode;
  // An init container that completed lets the next one start (or, after the last, the app containers).
  if (code === 0 && isInitContainer(pod, c.name) && !isSidecar(c)) {
    proceedInit(ctx, pod, kp, t);
    return;
  }
  if (isEphemeralContainer(pod, c.name)) return;
  if (policy === 'Never' || (policy === 'OnFailure' && code === 0)) return;
  k.lastTermination = k.termination;
  const expired = k.backoff === 0 || t - (k.backoffUpdated ?? 0) > 2 * MAX_BACKOFF * 1000;
  if (expired) {
    k.backoff = INITIAL_BACKOFF;
    k.backoffUpdated = t;
    startContainer(ctx, pod, kp, c, t, true);
    return;
  }
  k.state = 'waiting';
  k.waitingReason = 'CrashLoopBackOff';
  k.waitingMessage = `back-off ${goDuration(k.backoff)} restarting failed container=${c.name} pod=${podRef(pod)}`;
  k.restartAt = t + k.backoff * 1000;
  kubeletEvent(ctx.state, ctx.env, t, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef(pod)}`, c.name);
}

/** The back-off (or config retry) ended at `t`: start the container again. */
export function restartAfterWait(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, t: number): void {
  const k = kp.containers[c.name]!;
  if (k.waitingReason === 'CrashLoopBackOff') {
    k.backoff = Math.min(k.backoff * 2, MAX_BACKOFF);
    k.backoffUpdated = t;
  }
  const first = k.containerID === '';
  startContainer(ctx, pod, kp, c, t, !first);
}

/** The main process of a running container ends now with `code` (an attached interactive shell exited). */
export function endMainProcess(state: ClusterState, env: Env, pod: KubeObject, container: string, code: number): void {
  const kp = kubeletMemory(state).pods[pod.metadata.uid ?? ''];
  const k = kp?.containers[container];
  if (!kp || !k || k.state !== 'running') return;
  const t = env.now().getTime();
  k.exitAt = t;
  k.exitCode = code;
  kp.nextDue = Math.min(kp.nextDue ?? t, t);
  nextResourceVersion(state);
}

/** The pod's init containers, then its app containers, then its ephemeral containers. */
export function allContainers(pod: KubeObject): Container[] {
  const spec = podSpec(pod);
  const eph = (spec.ephemeralContainers ?? []) as Container[];
  return spec.initContainers?.length || eph.length ? [...(spec.initContainers ?? []), ...spec.containers, ...eph] : spec.containers;
}

/** Whether `name` is one of the pod's ephemeral containers (`kubectl debug`), which never restart. */
export function isEphemeralContainer(pod: KubeObject, name: string): boolean {
  return !!podSpec(pod).ephemeralContainers?.some((c) => c.name === name);
}

/** Start the ephemeral containers added since the kubelet last looked (each once: they are never restarted). */
export function startEphemeralContainers(ctx: KubeletCtx, pod: KubeObject, kp: KPod, t: number): boolean {
  let started = false;
  for (const c of (podSpec(pod).ephemeralContainers ?? []) as Container[]) {
    if (kp.containers[c.name]) continue;
    kp.containers[c.name] = newContainer(c);
    startContainer(ctx, pod, kp, c, t, false);
    started = true;
  }
  return started;
}

/** Whether `name` is one of the pod's init containers. */
export function isInitContainer(pod: KubeObject, name: string): boolean {
  return !!podSpec(pod).initContainers?.some((c) => c.name === name);
}

/** A sidecar: an init container with restartPolicy Always, which keeps running beside the app containers. */
export function isSidecar(c: Container): boolean {
  return (c as { restartPolicy?: string }).restartPolicy === 'Always';
}

/** Has init container `c` done what the next one waits for (completed; a sidecar: started)? */
export function initDone(c: Container, k: KContainer | undefined): boolean {
  if (!k) return false;
  return isSidecar(c) ? k.state === 'running' && k.started : k.state === 'terminated' && k.termination?.exitCode === 0;
}

/**
 * Init containers run one at a time, in order, each to completion (a sidecar only until it has
 * started); then the app containers start, all at once. Called when the sandbox is ready and whenever
 * an init container completes: starts whatever is next at `t`.
 */
export function proceedInit(ctx: KubeletCtx, pod: KubeObject, kp: KPod, t: number): void {
  const spec = podSpec(pod);
  for (const c of spec.initContainers ?? []) {
    if (!kp.containers[c.name]) {
      kp.containers[c.name] = newContainer(c);
      startContainer(ctx, pod, kp, c, t, false);
    }
    if (!initDone(c, kp.containers[c.name])) return;
  }
  if (spec.initContainers?.length) kp.initializedAt ??= t;
  for (const c of spec.containers) {
    const k = kp.containers[c.name];
    if (k && k.containerID === '' && k.waitingReason === 'PodInitializing') startContainer(ctx, pod, kp, c, t, false);
  }
}
