/**
 * Probes as the kubelet's prober runs them: exec commands in the container's simulated filesystem (via
 * the in-container shell), httpGet/tcpSocket against the simulated application, grpc as a TCP check.
 * One call = one probe tick; thresholds and events are applied by `applyProbe`.
 */
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { probeLimits, runInContainer } from '../shell/index.js';
import { appRequest, podListens, appendLogs, LOG_CAP } from '../network/apps.js';
import { getObject } from '../api/objects.js';
import { kubeletEvent, envAt, type KPod, type ProbeKind } from './kubelet-state.js';
import { killContainer, type KubeletCtx } from './kubelet-containers.js';

export const PROBE_FIELD: Record<ProbeKind, 'startupProbe' | 'livenessProbe' | 'readinessProbe'> = {
  startup: 'startupProbe',
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
};
const LABEL: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

/** A named or numbered probe port resolved against the container's ports (0 when unknown). */
function resolvePort(c: Container, port: number | string | undefined): number {
  if (typeof port === 'number') return port;
  if (port === undefined) return 0;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort ?? 0;
}

/** The address the kubelet's probes come from: the node's pod-network gateway (`.1` of its pod CIDR). */
function probeSource(ctx: KubeletCtx, kp: KPod): string {
  const node = getObject(ctx.state, 'nodes', undefined, kp.node);
  const cidr = (node?.spec as { podCIDR?: string } | undefined)?.podCIDR;
  return cidr ? cidr.replace(/\.\d+\/\d+$/, '.1') : kp.hostIP;
}

/** Run one probe at `t`; returns success and the output kubelet would report on failure. */
export function runProbe(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, probe: Probe, t: number): { ok: boolean; output: string; errored?: boolean } {
  const env = envAt(ctx.env, t);
  if (probe.exec) {
    const r = runInContainer(ctx.state, env, pod, c.name, probe.exec.command ?? [], { limits: probeLimits(probe.timeoutSeconds) });
    if (r.startError) {
      // The runtime's exec id is random; pin it to the container so repeated failures aggregate into one event.
      const id = kp.containers[c.name]?.containerID.replace('containerd://', '') ?? '';
      return { ok: false, errored: true, output: `rpc error: code = Unknown desc = ${r.startError.replace(/start exec "[0-9a-f]+"/, `start exec "${id}"`)}` };
    }
    return { ok: r.exitCode === 0, output: (r.stdout + r.stderr).trim() };
  }
  const ip = kp.ip;
  if (probe.httpGet) {
    const port = resolvePort(c, probe.httpGet.port as number | string);
    const path = probe.httpGet.path || '/';
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase() as 'http' | 'https';
    const url = `${scheme}://${probe.httpGet.host || ip}:${port}${path.startsWith('/') ? path : `/${path}`}`;
    const minor = /^v?(\d+)\.(\d+)/.exec(ctx.state.settings.kubernetesVersion);
    const headers: Record<string, string> = { Host: `${ip}:${port}`, 'User-Agent': `kube-probe/${minor ? `${minor[1]}.${minor[2]}` : '1.32'}`, Accept: '*/*', Connection: 'close' };
    for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
    const res = appRequest(ctx.state, env, pod, port, { method: 'GET', path, headers, clientIP: probeSource(ctx, kp), scheme });
    if (res === 'refused') return { ok: false, output: `Get "${url}": dial tcp ${ip}:${port}: connect: connection refused` };
    if (res.status >= 200 && res.status < 400) return { ok: true, output: '' };
    return { ok: false, output: `HTTP probe failed with statuscode: ${res.status}` };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(c, probe.tcpSocket.port as number | string);
    if (podListens(ctx.state, pod, port)) return { ok: true, output: '' };
    return { ok: false, output: `dial tcp ${ip}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (podListens(ctx.state, pod, port)) return { ok: true, output: '' };
    return { ok: false, output: `timeout: failed to connect service "${ip}:${port}" within 1s: context deadline exceeded` };
  }
  return { ok: false, output: 'unknown probe handler' };
}

/** One tick of probe `kind` of container `c` at `t`: run it, move the counters, emit events, kill on failure. */
export function probeTick(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, kind: ProbeKind, t: number): void {
  const k = kp.containers[c.name]!;
  const probe = c[PROBE_FIELD[kind]]!;
  const prog = k.probes[kind]!;
  prog.next = t + (probe.periodSeconds ?? 10) * 1000;
  // Liveness and readiness wait for the startup probe to pass.
  if (kind !== 'startup' && !k.started) return;
  const { ok, output, errored } = runProbe(ctx, pod, kp, c, probe, t);
  const rt = ctx.state.runtime[pod.metadata.uid!]?.[c.name];
  if (rt) (rt.probes ??= {})[kind] = { successes: ok ? prog.successes + 1 : 0, failures: ok ? 0 : prog.failures + 1, lastRun: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'), lastOutput: output };
  if (ok) {
    prog.successes += 1;
    prog.failures = 0;
    if (prog.successes >= (probe.successThreshold ?? 1)) {
      if (kind === 'readiness') k.ready = true;
      if (kind === 'startup') {
        k.started = true;
        delete k.probes.startup;
        if (!c.readinessProbe) k.ready = true;
      }
    }
    return;
  }
  prog.failures += 1;
  prog.successes = 0;
  kubeletEvent(ctx.state, ctx.env, t, pod, 'Warning', 'Unhealthy', `${LABEL[kind]} probe ${errored ? 'errored' : 'failed'}: ${output}`, c.name);
  if (prog.failures < (probe.failureThreshold ?? 3)) return;
  if (kind === 'readiness') {
    k.ready = false;
    return;
  }
  killContainer(ctx, pod, kp, c, t, `Container ${c.name} failed ${kind} probe, will be restarted`);
}

/** Commands whose result cannot change between two ticks unless something else changes the container. */
const READ_ONLY = new Set(['ls', 'cat', 'test', '[', 'stat', 'true', 'false', 'grep', 'head', 'tail', 'wc', 'echo', 'pwd', 'hostname', 'whoami', 'id', 'env', 'printenv', 'which']);

/**
 * Can further ticks of this probe be applied in bulk (same outcome, no side effects besides kubia's log
 * line)? Exec of a read-only command, tcpSocket/grpc, or httpGet to an app whose answers never change.
 */
function repeatable(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, probe: Probe): 'pure' | 'kubia-log' | false {
  if (probe.exec) {
    const prog = (probe.exec.command ?? [])[0] ?? '';
    return READ_ONLY.has(prog.slice(prog.lastIndexOf('/') + 1)) ? 'pure' : false;
  }
  if (probe.tcpSocket || probe.grpc) return 'pure';
  if (probe.httpGet) {
    const port = resolvePort(c, probe.httpGet.port as number | string);
    const k = Object.values(kp.containers).find((x) => x.state === 'running' && x.app?.ports.includes(port));
    if (!k) return 'pure';
    const id = k.app!.id;
    if (id === 'goweb' || id === 'coredns' || id === 'ingress-nginx' || id === 'generic' || id === 'tomcat') return 'pure';
    if (id === 'kubia' || (id === 'kubia-unhealthy' && k.app!.requests > 5)) return 'kubia-log';
    void ctx;
    void pod;
  }
  return false;
}

/**
 * After a tick at `t`, apply up to `max` further ticks of the same probe at once when the outcome is
 * settled: a passing probe stays passing, a failing readiness probe stays failing (events still counted).
 * Returns how many ticks were applied. Long `advance`s then cost O(1) per settled probe.
 */
export function repeatTicks(ctx: KubeletCtx, pod: KubeObject, kp: KPod, c: Container, kind: ProbeKind, t: number, max: number): number {
  const k = kp.containers[c.name]!;
  const prog = k.probes[kind];
  const probe = c[PROBE_FIELD[kind]];
  if (max <= 0 || !prog || !probe || k.state !== 'running' || (kind !== 'startup' && !k.started)) return 0;
  const settledOk = prog.failures === 0 && prog.successes >= (probe.successThreshold ?? 1);
  const settledFail = kind === 'readiness' && prog.successes === 0 && prog.failures >= (probe.failureThreshold ?? 3);
  if (!settledOk && !settledFail) return 0;
  const how = repeatable(ctx, pod, kp, c, probe);
  if (!how) return 0;
  const period = (probe.periodSeconds ?? 10) * 1000;
  const rt = ctx.state.runtime[pod.metadata.uid!]?.[c.name];
  const last = rt?.probes?.[kind];
  if (settledOk) {
    prog.successes += max;
    if (how === 'kubia-log') {
      const k2 = Object.values(kp.containers).find((x) => x.state === 'running' && x.app && (x.app.id === 'kubia' || x.app.id === 'kubia-unhealthy'));
      if (k2?.app) k2.app.requests += max;
      const target = Object.entries(kp.containers).find(([, x]) => x === k2)?.[0];
      const line = `Received request from ::ffff:${probeSource(ctx, kp)}`;
      if (target) appendLogs(ctx.state, pod, target, new Array<string>(Math.min(max, LOG_CAP)).fill(line), t, period);
    }
  } else {
    prog.failures += max;
    const message = `${LABEL[kind]} probe failed: ${last?.lastOutput ?? ''}`;
    for (let i = 1; i <= max; i++) kubeletEvent(ctx.state, ctx.env, t + i * period, pod, 'Warning', 'Unhealthy', message, c.name);
  }
  prog.next = t + (max + 1) * period;
  if (last) {
    last.successes = prog.successes;
    last.failures = prog.failures;
    last.lastRun = new Date(t + max * period).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return max;
}
