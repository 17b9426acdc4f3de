/** `kubectl describe pod` (describe.go describePod), line for line. */
import type { PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import type { Container, ContainerState, ContainerStatus, Pod, Probe, Toleration, Volume } from 'kubernetes-types/core/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { rfc1123z, humanDuration } from '../printers/duration.js';
import { qosClass } from './pod-qos.js';
import { fieldPathValue } from '../controllers/kubelet-env.js';
import { describeContainerEnv, describeContainerPortsAndCommand } from './pod-template.js';

/** DescribeProbe: `exec [ls /var/ready] delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = p.httpGet.host ?? '';
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    let path = p.httpGet.path ?? '';
    if (path && !path.startsWith('/')) path = `/${path}`;
    return `http-get ${(p.httpGet.scheme ?? '').toLowerCase()}://${hostPort}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port ?? '')} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function state(w: DescribeWriter, name: string, s: ContainerState | undefined): void {
  if (s?.running) {
    w.line(2, `${name}:`, 'Running');
    w.line(3, 'Started:', rfc1123z(s.running.startedAt ?? ''));
  } else if (s?.waiting) {
    w.line(2, `${name}:`, 'Waiting');
    if (s.waiting.reason) w.line(3, 'Reason:', s.waiting.reason);
  } else if (s?.terminated) {
    const t = s.terminated;
    w.line(2, `${name}:`, 'Terminated');
    if (t.reason) w.line(3, 'Reason:', t.reason);
    if (t.message) w.line(3, 'Message:', t.message);
    w.line(3, 'Exit Code:', String(t.exitCode));
    if (t.signal) w.line(3, 'Signal:', String(t.signal));
    w.line(3, 'Started:', t.startedAt ? rfc1123z(t.startedAt) : 'Mon, 01 Jan 0001 00:00:00 +0000');
    w.line(3, 'Finished:', rfc1123z(t.finishedAt ?? ''));
  } else w.line(2, `${name}:`, 'Waiting');
}

function resources(w: DescribeWriter, r: Container['resources']): void {
  for (const kind of ['limits', 'requests'] as const) {
    const m = (r?.[kind] ?? {}) as Record<string, string | number>;
    const keys = Object.keys(m).sort();
    if (!keys.length) continue;
    w.line(2, kind === 'limits' ? 'Limits:' : 'Requests:');
    for (const k of keys) w.line(3, `${k}:`, String(m[k]));
  }
}

function containers(w: DescribeWriter, label: string, list: Container[], statuses: ContainerStatus[], pod: Pod): void {
  w.line(0, `${label}:${list.length ? '' : ' <none>'}`);
  for (const c of list) {
    const st = statuses.find((s) => s.name === c.name);
    w.line(1, `${c.name}:`);
    if (st) w.line(2, 'Container ID:', st.containerID ?? '');
    w.line(2, 'Image:', c.image ?? '');
    if (st) w.line(2, 'Image ID:', st.imageID ?? '');
    describeContainerPortsAndCommand(w, c);
    if (st) {
      state(w, 'State', st.state);
      if (st.lastState?.terminated) state(w, 'Last State', st.lastState);
      w.line(2, 'Ready:', st.ready ? 'True' : 'False');
      w.line(2, 'Restart Count:', String(st.restartCount ?? 0));
    }
    resources(w, c.resources);
    if (c.livenessProbe) w.line(2, 'Liveness:', describeProbe(c.livenessProbe));
    if (c.readinessProbe) w.line(2, 'Readiness:', describeProbe(c.readinessProbe));
    if (c.startupProbe) w.line(2, 'Startup:', describeProbe(c.startupProbe));
    // kubectl resolves only metadata.* paths client-side (fieldpath.ExtractFieldPathAsString); others print empty.
    describeContainerEnv(w, c, (path) => (path.startsWith('metadata.') ? fieldPathValue(pod as unknown as KubeObject, path, '', '') : ''));
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    if (!mounts.length) w.line(2, 'Mounts:', '<none>');
    else {
      w.line(2, 'Mounts:');
      for (const m of mounts) {
        const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
        w.line(3, `${m.mountPath} from ${m.name} (${flags.join(',')})`);
      }
    }
  }
}

/**
 * kubectl's describeVolumes: `Volumes:` and one block per volume. Inside a pod template (`template`) the
 * heading is indented and each name gets a leading space, as DescribePodTemplate prints them.
 */
export function describeVolumes(w: DescribeWriter, vols: Volume[], template = false): void {
  const head = template ? '  Volumes:' : 'Volumes:';
  if (!vols.length) {
    w.line(0, head, '<none>');
    return;
  }
  w.line(0, head);
  for (const v of vols) {
    w.line(1, `${template ? ' ' : ''}${v.name}:`);
    if (v.hostPath) {
      w.line(2, 'Type:', 'HostPath (bare host directory volume)');
      w.line(2, 'Path:', v.hostPath.path);
      w.line(2, 'HostPathType:', v.hostPath.type ?? '<none>');
    } else if (v.emptyDir) {
      w.line(2, 'Type:', "EmptyDir (a temporary directory that shares a pod's lifetime)");
      w.line(2, 'Medium:', v.emptyDir.medium ?? '');
      w.line(2, 'SizeLimit:', v.emptyDir.sizeLimit ? String(v.emptyDir.sizeLimit) : '<unset>');
    } else if (v.secret) {
      w.line(2, 'Type:', 'Secret (a volume populated by a Secret)');
      w.line(2, 'SecretName:', v.secret.secretName ?? '');
      w.line(2, 'Optional:', String(v.secret.optional === true));
    } else if (v.configMap) {
      w.line(2, 'Type:', 'ConfigMap (a volume populated by a ConfigMap)');
      w.line(2, 'Name:', v.configMap.name ?? '');
      w.line(2, 'Optional:', String(v.configMap.optional === true));
    } else if (v.persistentVolumeClaim) {
      w.line(2, 'Type:', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      w.line(2, 'ClaimName:', v.persistentVolumeClaim.claimName);
      w.line(2, 'ReadOnly:', String(v.persistentVolumeClaim.readOnly === true));
    } else if (v.downwardAPI) {
      w.line(2, 'Type:', 'DownwardAPI (a volume populated by information about the pod)');
      w.line(2, 'Items:');
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) w.line(3, `${it.fieldRef.fieldPath} -> ${it.path}`);
        if (it.resourceFieldRef) w.line(3, `${it.resourceFieldRef.resource} -> ${it.path}`);
      }
    } else if (v.projected) {
      w.line(2, 'Type:', 'Projected (a volume that contains injected data from multiple sources)');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) {
          w.line(2, 'SecretName:', s.secret.name ?? '');
          w.line(2, 'SecretOptionalName:', s.secret.optional === undefined ? '<nil>' : String(s.secret.optional));
        } else if (s.downwardAPI) w.line(2, 'DownwardAPI:', 'true');
        else if (s.configMap) {
          w.line(2, 'ConfigMapName:', s.configMap.name ?? '');
          w.line(2, 'ConfigMapOptional:', s.configMap.optional === undefined ? '<nil>' : String(s.configMap.optional));
        } else if (s.serviceAccountToken) w.line(2, 'TokenExpirationSeconds:', String(s.serviceAccountToken.expirationSeconds ?? 3600));
      }
    } else {
      w.line(2, '<unknown>');
    }
  }
}

/** Tolerations sorted by key, one per line, e.g. `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`. */
function tolerations(w: DescribeWriter, tols: Toleration[]): void {
  if (!tols.length) {
    w.line(0, 'Tolerations:', '<none>');
    return;
  }
  const sorted = [...tols].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.line(0, i === 0 ? 'Tolerations:' : '', s);
  });
}

/** The full `describe pod` text. */
export function describePod(o: KubeObject, ctx: PrintContext): string {
  const pod = o as unknown as Pod;
  const spec = pod.spec!;
  const st = pod.status ?? {};
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  if (spec.priority !== undefined && spec.priority !== null) w.line(0, 'Priority:', String(spec.priority));
  if (spec.priorityClassName) w.line(0, 'Priority Class Name:', spec.priorityClassName);
  if (spec.runtimeClassName) w.line(0, 'Runtime Class Name:', spec.runtimeClassName);
  if (spec.serviceAccountName) w.line(0, 'Service Account:', spec.serviceAccountName);
  w.line(0, 'Node:', spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>');
  if (st.startTime) w.line(0, 'Start Time:', rfc1123z(st.startTime));
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  if (o.metadata.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    w.line(0, 'Status:', `Terminating (lasts ${humanDuration(Date.parse(o.metadata.deletionTimestamp) - ctx.now.getTime())})`);
    w.line(0, 'Termination Grace Period:', `${o.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else w.line(0, 'Status:', st.phase ?? '');
  if (st.reason) w.line(0, 'Reason:', st.reason);
  if (st.message) w.line(0, 'Message:', st.message);
  const seccomp = (spec.securityContext as { seccompProfile?: { type?: string; localhostProfile?: string } } | undefined)?.seccompProfile;
  if (seccomp) {
    w.line(0, 'SeccompProfile:', seccomp.type ?? '');
    if (seccomp.type === 'Localhost') w.line(0, 'LocalhostProfile:', seccomp.localhostProfile ?? '');
  }
  w.line(0, 'IP:', st.podIP ?? '');
  if (!st.podIPs?.length) w.line(0, 'IPs:', '<none>');
  else {
    w.line(0, 'IPs:');
    for (const ip of st.podIPs) w.line(1, 'IP:', ip.ip ?? '');
  }
  const owner = o.metadata.ownerReferences?.find((r) => r.controller);
  if (owner) w.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  if (st.nominatedNodeName) w.line(0, 'NominatedNodeName:', st.nominatedNodeName);
  if (spec.initContainers?.length) containers(w, 'Init Containers', spec.initContainers, st.initContainerStatuses ?? [], pod);
  containers(w, 'Containers', spec.containers, st.containerStatuses ?? [], pod);
  // describe.go prints ephemeral containers as containers (EphemeralContainerCommon) under their own heading.
  if (spec.ephemeralContainers?.length) containers(w, 'Ephemeral Containers', spec.ephemeralContainers as Container[], st.ephemeralContainerStatuses ?? [], pod);
  if (spec.readinessGates?.length) {
    w.line(0, 'Readiness Gates:');
    w.line(1, 'Type', 'Status');
    for (const g of spec.readinessGates) {
      const c = st.conditions?.find((x) => x.type === g.conditionType);
      w.line(1, `${g.conditionType} `, `${c ? c.status : '<none>'} `);
    }
  }
  if (st.conditions?.length) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status');
    for (const c of st.conditions) w.line(1, `${c.type} `, `${c.status} `);
  }
  describeVolumes(w, spec.volumes ?? []);
  w.line(0, 'QoS Class:', qosClass(o));
  w.map(0, 'Node-Selectors:', spec.nodeSelector);
  tolerations(w, spec.tolerations ?? []);
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}
