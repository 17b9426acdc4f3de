/**
 * Pod templates inside ReplicaSets, ReplicationControllers and Deployments: the API server's defaults
 * (what `kubectl get -o yaml` shows inside `spec.template`), the `Pod Template:` block of describe, the
 * shared wide table columns, and the template validation the three kinds have in common.
 */
import { validatePodSpec } from './pod-validate.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { PrintContext } from '../api/kind.js';
import { DescribeWriter } from '../printers/describe.js';
import { labelSelectorText, fromLabelSelector, matches } from '../api/selectors.js';
import { ageOf } from './common.js';
import { describeVolumes } from './pod-describe.js';
import { resourceFieldValue } from '../controllers/kubelet-volumes.js';
import type { Container as K8sContainer, Volume } from 'kubernetes-types/core/v1.js';

/** Loose shapes of the parts of a pod spec the workload kinds read. */
export interface ContainerPort { containerPort?: number; hostPort?: number; protocol?: string; name?: string }
export interface Probe {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string };
  tcpSocket?: { port?: number | string; host?: string };
  grpc?: { port?: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: { name: string; value?: string; valueFrom?: Record<string, Record<string, unknown>> }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  imagePullPolicy?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  [k: string]: unknown;
}
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; [k: string]: unknown }[];
  nodeSelector?: Record<string, string>;
  nodeName?: string;
  tolerations?: Toleration[];
  serviceAccountName?: string;
  priorityClassName?: string;
  [k: string]: unknown;
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: null; [k: string]: unknown };
  spec?: PodSpec;
}

/** `image` → the pull policy the API server defaults: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'Always';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) p.httpGet.scheme ??= 'HTTP';
}

function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.fieldRef;
    if (ref) ref.apiVersion ??= 'v1';
  }
}

/** Apply the API server's PodTemplateSpec defaults in place (idempotent). */
export function defaultPodTemplate(t: PodTemplate | undefined): void {
  if (!t) return;
  t.metadata ??= {};
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  const s = t.spec;
  if (!s) return;
  for (const c of s.containers ?? []) defaultContainer(c);
  for (const c of s.initContainers ?? []) defaultContainer(c);
  s.restartPolicy ??= 'Always';
  s.terminationGracePeriodSeconds ??= 30;
  s.dnsPolicy ??= 'ClusterFirst';
  s.securityContext ??= {};
  s.schedulerName ??= 'default-scheduler';
  for (const v of s.volumes ?? []) {
    const src = (v.configMap ?? v.secret) as { defaultMode?: number } | undefined;
    if (src) src.defaultMode ??= 420;
  }
}

/** Validation shared by the three owners: replicas ≥ 0, a template with containers, selector ⊆ template labels. */
export function validateReplicaTemplate(
  spec: { replicas?: number; template?: PodTemplate },
  selectorMatches: ((labels: Record<string, string>) => boolean) | null,
  mismatchDetail = '`selector` does not match template `labels`',
): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.replicas !== undefined && spec.replicas < 0) {
    errors.push({ field: 'spec.replicas', type: 'Invalid', value: spec.replicas, detail: 'must be greater than or equal to 0' });
  }
  const t = spec.template;
  if (!t) {
    errors.push({ field: 'spec.template', type: 'Required', detail: '' });
    return errors;
  }
  const labels = t.metadata?.labels ?? {};
  if (selectorMatches && !selectorMatches(labels)) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid', value: labels, detail: mismatchDetail });
  }
  // The template's pod spec gets the same rules as a pod's (containers, ports, probes, ...).
  errors.push(...validatePodSpec((t.spec ?? {}) as Record<string, unknown>, 'spec.template.spec'));
  const restart = t.spec?.restartPolicy;
  if (restart !== undefined && restart !== 'Always') {
    errors.push({ field: 'spec.template.spec.restartPolicy', type: 'Unsupported', value: restart, supported: ['Always'] });
  }
  return errors;
}

type SelectorOwnerSpec = { replicas?: number; template?: PodTemplate; selector?: Parameters<typeof goLabelSelector>[0] };

/** apps/v1 owners (ReplicaSet, Deployment): a non-empty selector that matches the template, then the template. */
export function validateSelectorOwner(s: SelectorOwnerSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!s.selector) errors.push({ field: 'spec.selector', type: 'Required', detail: '' });
  else if (!Object.keys(s.selector.matchLabels ?? {}).length && !(s.selector.matchExpressions ?? []).length) {
    errors.push({ field: 'spec.selector', type: 'Invalid', valueText: goLabelSelector(s.selector), detail: 'empty selector is invalid for deployment' });
  }
  errors.push(...validateReplicaTemplate(s, s.selector ? labelSelectorMatcher(s.selector) : null));
  return errors;
}

/** apps/v1 selectors cannot change on update. */
export function selectorImmutability(s: SelectorOwnerSpec, old: SelectorOwnerSpec | undefined): FieldError[] {
  if (!old || JSON.stringify(old.selector) === JSON.stringify(s.selector)) return [];
  return [{ field: 'spec.selector', type: 'Invalid', valueText: goLabelSelector(s.selector), detail: 'field is immutable' }];
}

/** A container's Port(s), Host Port(s), Command and Args lines, as kubectl's describe prints them for pods and templates. */
export function describeContainerPortsAndCommand(
  w: DescribeWriter,
  c: { ports?: readonly { containerPort?: number; hostPort?: number; protocol?: string }[]; command?: readonly string[]; args?: readonly string[] },
): void {
  const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
  if (ports.includes(',')) w.line(2, 'Ports:', ports);
  else w.line(2, 'Port:', ports || '<none>');
  const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
  if (hostPorts.includes(',')) w.line(2, 'Host Ports:', hostPorts);
  else w.line(2, 'Host Port:', hostPorts || '<none>');
  if (c.command?.length) {
    w.line(2, 'Command:');
    for (const x of c.command) for (const l of x.split('\n')) w.line(3, l);
  }
  if (c.args?.length) {
    w.line(2, 'Args:');
    for (const x of c.args) for (const l of x.split('\n')) w.line(3, l);
  }
}

/** Go's %#v of a metav1.LabelSelector, as immutable-field errors print it. */
export function goLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  const ml = sel?.matchLabels;
  const mlText = ml
    ? `map[string]string{${Object.keys(ml).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(ml[k])}`).join(', ')}}`
    : 'map[string]string(nil)';
  const me = sel?.matchExpressions;
  const meText = me?.length
    ? `[]v1.LabelSelectorRequirement{${me
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${mlText}, MatchExpressions:${meText}}`;
}

/** Matcher for an apps/v1 LabelSelector (null when absent). */
export function labelSelectorMatcher(sel: Parameters<typeof fromLabelSelector>[0]): ((l: Record<string, string>) => boolean) | null {
  const reqs = fromLabelSelector(sel);
  return reqs ? (l) => matches(reqs, l) : null;
}

// ---- tables -------------------------------------------------------------------------------------------

/** CONTAINERS, IMAGES cells of a template (wide columns of rs/rc/deploy). */
export function containerCells(t: PodTemplate | undefined): [string, string] {
  const cs = t?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** The table of rs and rc: NAME DESIRED CURRENT READY AGE + wide CONTAINERS IMAGES SELECTOR. */
export function replicaTable(selectorText: (o: KubeObject) => string) {
  return {
    columns: [
      { name: 'NAME' }, { name: 'DESIRED' }, { name: 'CURRENT' }, { name: 'READY' }, { name: 'AGE' },
      { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
    ],
    row: (o: KubeObject, ctx: PrintContext) => {
      const spec = (o.spec ?? {}) as { replicas?: number; template?: PodTemplate };
      const status = (o.status ?? {}) as { replicas?: number; readyReplicas?: number };
      return [
        o.metadata.name,
        String(spec.replicas ?? 0),
        String(status.replicas ?? 0),
        String(status.readyReplicas ?? 0),
        ageOf(o, ctx),
        ...containerCells(spec.template),
        selectorText(o),
      ];
    },
  };
}

// ---- describe -----------------------------------------------------------------------------------------

function portText(p: number | string | undefined): string {
  return p === undefined ? '' : String(p);
}

/** kubectl's DescribeProbe text. */
export function probeText(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const scheme = (g.scheme ?? '').toLowerCase();
    const port = portText(g.port);
    const host = g.host ?? '';
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    const prefix = scheme ? `${scheme}://` : hostPort ? '//' : '';
    return `http-get ${prefix}${hostPort}${g.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${portText(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** `key[=value][:effect][ op=Exists][ for Ns]`, as printTolerationsMultilineWithIndent writes one toleration. */
export function tolerationText(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** Resource names in kubectl's SortedResourceNames order (cpu, memory, then the rest alphabetically). */
function sortedResourceNames(m: Record<string, string>): string[] {
  const rank = (k: string) => (k === 'cpu' ? 0 : k === 'memory' ? 1 : 2);
  return Object.keys(m).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A container's `Environment Variables from:` and `Environment:` blocks (describeContainerEnvVars). fieldRef
 * values come from `fieldValue` (a pod resolves its metadata paths; a template has none); resourceFieldRef
 * values are computed from the container alone, divided as the kubelet divides them, limits left unset
 * printing `node allocatable`.
 */
export function describeContainerEnv(w: DescribeWriter, c: K8sContainer, fieldValue: (path: string) => string = () => ''): void {
  if (c.envFrom?.length) {
    w.line(2, 'Environment Variables from:');
    for (const e of c.envFrom) {
      const ref = e.configMapRef ?? e.secretRef;
      const from = e.configMapRef ? 'ConfigMap' : 'Secret';
      w.line(3, ref?.name ?? '', e.prefix ? `${from} with prefix '${e.prefix}'` : from, `Optional: ${ref?.optional === true}`);
    }
  }
  if (!c.env?.length) {
    w.line(2, 'Environment:', '<none>');
    return;
  }
  w.line(2, 'Environment:');
  for (const e of c.env) {
    const vf = e.valueFrom;
    if (!vf) {
      (e.value ?? '').split('\n').forEach((s, i) => (i === 0 ? w.line(3, `${e.name}:`, s) : w.line(3, '', s)));
    } else if (vf.fieldRef) {
      w.line(3, `${e.name}:`, `${fieldValue(vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})`);
    } else if (vf.resourceFieldRef) {
      const resource = vf.resourceFieldRef.resource;
      let v = resourceFieldValue(c, resource, vf.resourceFieldRef.divisor as string | undefined, undefined);
      if (v === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) v = 'node allocatable';
      w.line(3, `${e.name}:`, `${v} (${resource})`);
    } else if (vf.secretKeyRef) {
      w.line(3, `${e.name}:`, `<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>`, `Optional: ${vf.secretKeyRef.optional === true}`);
    } else if (vf.configMapKeyRef) {
      w.line(3, `${e.name}:`, `<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>`, `Optional: ${vf.configMapKeyRef.optional === true}`);
    }
  }
}

function describeContainer(w: DescribeWriter, c: Container): void {
  w.line(1, ` ${c.name}:`);
  w.line(2, 'Image:', c.image ?? '');
  describeContainerPortsAndCommand(w, c);
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  if (Object.keys(limits).length) {
    w.line(2, 'Limits:');
    for (const k of sortedResourceNames(limits)) w.line(3, `${k}:`, String(limits[k]));
  }
  if (Object.keys(requests).length) {
    w.line(2, 'Requests:');
    for (const k of sortedResourceNames(requests)) w.line(3, `${k}:`, String(requests[k]));
  }
  if (c.livenessProbe) w.line(2, 'Liveness:', probeText(c.livenessProbe));
  if (c.readinessProbe) w.line(2, 'Readiness:', probeText(c.readinessProbe));
  if (c.startupProbe) w.line(2, 'Startup:', probeText(c.startupProbe));
  describeContainerEnv(w, c as unknown as K8sContainer); // the loose template shape holds the same JSON
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  if (!mounts.length) w.line(2, 'Mounts:', '<none>');
  else {
    w.line(2, 'Mounts:');
    for (const m of mounts) w.line(3, `${m.mountPath} from ${m.name} (${[m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])].join(',')})`);
  }
}

/** kubectl's DescribePodTemplate: the `Pod Template:` block of rs / rc / deploy describe. */
export function describePodTemplate(w: DescribeWriter, t: PodTemplate | undefined): void {
  w.line(0, 'Pod Template:');
  if (!t) {
    w.raw('  <unset>');
    return;
  }
  const labels = t.metadata?.labels ?? {};
  const lk = Object.keys(labels).sort();
  if (!lk.length) w.line(0, '  Labels:', '<none>');
  else lk.forEach((k, i) => w.line(0, i === 0 ? '  Labels:' : '', `${k}=${labels[k]}`));
  const ann = t.metadata?.annotations ?? {};
  if (Object.keys(ann).length) w.map(0, '  Annotations:', ann, ': ');
  const spec = t.spec ?? ({ containers: [] } as PodSpec);
  if (spec.serviceAccountName) w.line(1, 'Service Account:', spec.serviceAccountName);
  if (spec.initContainers?.length) {
    w.line(0, '  Init Containers:');
    for (const c of spec.initContainers) describeContainer(w, c);
  }
  const cs = spec.containers ?? [];
  w.line(0, `  Containers:${cs.length ? '' : ' <none>'}`);
  for (const c of cs) describeContainer(w, c);
  describeVolumes(w, (spec.volumes ?? []) as Volume[], true);
  if (spec.priorityClassName) w.line(1, 'Priority Class Name:', spec.priorityClassName);
  const ns = spec.nodeSelector ?? {};
  const nk = Object.keys(ns).sort();
  if (!nk.length) w.line(0, '  Node-Selectors:', '<none>');
  else nk.forEach((k, i) => w.line(0, i === 0 ? '  Node-Selectors:' : '', `${k}=${ns[k]}`));
  const tols = [...(spec.tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (!tols.length) w.line(0, '  Tolerations:', '<none>');
  else tols.forEach((x, i) => w.line(0, i === 0 ? '  Tolerations:' : '', tolerationText(x)));
}

/** Pod phases of the pods a controller owns: `R Running / W Waiting / S Succeeded / F Failed`. */
export function podsStatusText(pods: KubeObject[]): string {
  let r = 0, wt = 0, s = 0, f = 0;
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Running') r++;
    else if (phase === 'Pending') wt++;
    else if (phase === 'Succeeded') s++;
    else if (phase === 'Failed') f++;
  }
  return `${r} Running / ${wt} Waiting / ${s} Succeeded / ${f} Failed`;
}

/** Pods whose controller ownerReference is `uid` (describe's Pods Status source). */
export function podsControlledBy(state: PrintContext['state'], namespace: string | undefined, uid: string | undefined): KubeObject[] {
  const out: KubeObject[] = [];
  for (const p of Object.values(state.objects.pods ?? {})) {
    if (p.metadata.namespace !== namespace) continue;
    if (p.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid)) out.push(p);
  }
  return out;
}

/** `Conditions:` table of rs / rc / deploy (`Type  Status  Reason`, type followed by a space). */
export function describeConditions(w: DescribeWriter, conditions: { type: string; status: string; reason?: string }[] | undefined): void {
  if (!conditions?.length) return;
  w.line(0, 'Conditions:');
  w.line(1, 'Type', 'Status', 'Reason');
  w.line(1, '----', '------', '------');
  for (const c of conditions) w.line(1, `${c.type} `, c.status, c.reason ?? '');
}

export { labelSelectorText };
