/**
 * The go-cmp `cmp.Diff` report the API server appends to a refused pod update (`pod updates may not
 * change fields other than ...`), computed over the wire JSON of two pod specs laid out as the internal
 * `core.PodSpec` Go struct: changed fields as `-`/`+` lines, two identical records of context around
 * each change, the rest folded into `... // N identical fields`, identical values shortened as go-cmp's
 * verbosity limit does (`{...}`). go-cmp itself randomises its whitespace between runs to stop callers
 * depending on the exact text; this is its plain-space variant, which is deterministic.
 */
import { semanticEqual, isEmptyValue } from './semantic.js';

type Json = unknown;

/** A Go struct field: its Go name, the JSON field it holds, and its Go type text. */
interface GoField {
  go: string;
  json: string;
  type: string;
}

const f = (go: string, json: string, type: string): GoField => ({ go, json, type });

/** internal core.PodSpec, in Go declaration order (v1.32). */
const POD_SPEC: GoField[] = [
  f('Volumes', 'volumes', '[]core.Volume'),
  f('InitContainers', 'initContainers', '[]core.Container'),
  f('Containers', 'containers', '[]core.Container'),
  f('EphemeralContainers', 'ephemeralContainers', '[]core.EphemeralContainer'),
  f('RestartPolicy', 'restartPolicy', 'core.RestartPolicy'),
  f('TerminationGracePeriodSeconds', 'terminationGracePeriodSeconds', '*int64'),
  f('ActiveDeadlineSeconds', 'activeDeadlineSeconds', '*int64'),
  f('DNSPolicy', 'dnsPolicy', 'core.DNSPolicy'),
  f('NodeSelector', 'nodeSelector', 'map[string]string'),
  f('ServiceAccountName', 'serviceAccountName', 'string'),
  f('AutomountServiceAccountToken', 'automountServiceAccountToken', '*bool'),
  f('NodeName', 'nodeName', 'string'),
  f('SecurityContext', 'securityContext', '*core.PodSecurityContext'),
  f('ImagePullSecrets', 'imagePullSecrets', '[]core.LocalObjectReference'),
  f('Hostname', 'hostname', 'string'),
  f('Subdomain', 'subdomain', 'string'),
  f('SetHostnameAsFQDN', 'setHostnameAsFQDN', '*bool'),
  f('Affinity', 'affinity', '*core.Affinity'),
  f('SchedulerName', 'schedulerName', 'string'),
  f('Tolerations', 'tolerations', '[]core.Toleration'),
  f('HostAliases', 'hostAliases', '[]core.HostAlias'),
  f('PriorityClassName', 'priorityClassName', 'string'),
  f('Priority', 'priority', '*int32'),
  f('PreemptionPolicy', 'preemptionPolicy', '*core.PreemptionPolicy'),
  f('DNSConfig', 'dnsConfig', '*core.PodDNSConfig'),
  f('ReadinessGates', 'readinessGates', '[]core.PodReadinessGate'),
  f('RuntimeClassName', 'runtimeClassName', '*string'),
  f('Overhead', 'overhead', 'core.ResourceList'),
  f('EnableServiceLinks', 'enableServiceLinks', '*bool'),
  f('TopologySpreadConstraints', 'topologySpreadConstraints', '[]core.TopologySpreadConstraint'),
  f('OS', 'os', '*core.PodOS'),
  f('SchedulingGates', 'schedulingGates', '[]core.PodSchedulingGate'),
  f('ResourceClaims', 'resourceClaims', '[]core.PodResourceClaim'),
  f('Resources', 'resources', '*core.ResourceRequirements'),
];

/** internal core.Container, in Go declaration order. */
const CONTAINER: GoField[] = [
  f('Name', 'name', 'string'),
  f('Image', 'image', 'string'),
  f('Command', 'command', '[]string'),
  f('Args', 'args', '[]string'),
  f('WorkingDir', 'workingDir', 'string'),
  f('Ports', 'ports', '[]core.ContainerPort'),
  f('EnvFrom', 'envFrom', '[]core.EnvFromSource'),
  f('Env', 'env', '[]core.EnvVar'),
  f('Resources', 'resources', 'core.ResourceRequirements'),
  f('ResizePolicy', 'resizePolicy', '[]core.ContainerResizePolicy'),
  f('RestartPolicy', 'restartPolicy', '*core.ContainerRestartPolicy'),
  f('VolumeMounts', 'volumeMounts', '[]core.VolumeMount'),
  f('VolumeDevices', 'volumeDevices', '[]core.VolumeDevice'),
  f('LivenessProbe', 'livenessProbe', '*core.Probe'),
  f('ReadinessProbe', 'readinessProbe', '*core.Probe'),
  f('StartupProbe', 'startupProbe', '*core.Probe'),
  f('Lifecycle', 'lifecycle', '*core.Lifecycle'),
  f('TerminationMessagePath', 'terminationMessagePath', 'string'),
  f('TerminationMessagePolicy', 'terminationMessagePolicy', 'core.TerminationMessagePolicy'),
  f('ImagePullPolicy', 'imagePullPolicy', 'core.PullPolicy'),
  f('SecurityContext', 'securityContext', '*core.SecurityContext'),
  f('Stdin', 'stdin', 'bool'),
  f('StdinOnce', 'stdinOnce', 'bool'),
  f('TTY', 'tty', 'bool'),
];

const RESOURCES: GoField[] = [f('Limits', 'limits', 'core.ResourceList'), f('Requests', 'requests', 'core.ResourceList'), f('Claims', 'claims', '[]core.ResourceClaim')];

/** Struct layouts by Go type (others: their JSON fields in name order). */
const LAYOUTS: Record<string, GoField[]> = {
  'core.PodSpec': POD_SPEC,
  'core.Container': CONTAINER,
  'core.ResourceRequirements': RESOURCES,
};

/** v1 PodSpec fields that live in the internal PodSecurityContext. */
const HOST_FIELDS: Record<string, string> = { hostNetwork: 'HostNetwork', hostPID: 'HostPID', hostIPC: 'HostIPC', shareProcessNamespace: 'ShareProcessNamespace', hostUsers: 'HostUsers' };

const elem = (type: string) => type.replace(/^\*|^\[\]/, '');
const isPointer = (type: string) => type.startsWith('*');
const isSlice = (type: string) => type.startsWith('[]');
const isMap = (type: string) => type.startsWith('map[') || type === 'core.ResourceList';
const isScalarType = (type: string) => /^\*?(string|bool|u?int\d*|float\d*)$/.test(type) || /^\*?core\.(RestartPolicy|DNSPolicy|PreemptionPolicy|PullPolicy|TerminationMessagePolicy|ContainerRestartPolicy)$/.test(type);

/** The fields of a struct value, laid out as the Go type (unknown types: JSON names capitalised, sorted). */
function layout(type: string, a: Json, b: Json): GoField[] {
  const known = LAYOUTS[elem(type)];
  if (known) return known;
  const keys = new Set([...Object.keys(asObj(a)), ...Object.keys(asObj(b))]);
  return [...keys].sort().map((k) => f(k[0]!.toUpperCase() + k.slice(1), k, guessType(k, (asObj(a)[k] ?? asObj(b)[k]))));
}

function guessType(key: string, v: Json): string {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? '[]string' : `[]core.${key[0]!.toUpperCase()}${key.slice(1).replace(/s$/, '')}`;
  if (v && typeof v === 'object') return `*core.${key[0]!.toUpperCase()}${key.slice(1)}`;
  if (typeof v === 'number') return 'int32';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

const asObj = (v: Json): Record<string, Json> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {});

/** A v1 pod spec as the internal struct holds it (host namespaces inside the security context). */
function internalPodSpec(spec: Json): Record<string, Json> {
  const s = { ...asObj(spec) };
  const sc: Record<string, Json> = { ...asObj(s.securityContext) };
  for (const [k, go] of Object.entries(HOST_FIELDS)) {
    if (s[k] !== undefined) sc[go[0]!.toLowerCase() + go.slice(1)] = s[k];
    delete s[k];
  }
  delete s.serviceAccount;
  if (s.securityContext !== undefined || Object.keys(sc).length) s.securityContext = sc;
  return s;
}

interface Rec {
  diff: ' ' | '-' | '+';
  key: string;
  /** One line, or several (a nested composite whose first and last lines hold the braces). */
  lines: string[];
  comment?: string;
}

/** Go %q-like quoting of a string (JSON escapes are close enough for the characters specs hold). */
const quote = (s: string) => JSON.stringify(s);

/** A value as go-cmp prints an identical one at its verbosity limit: scalars whole, composites `{...}`. */
function brief(v: Json, type: string, depth: number): string {
  if (v === undefined || v === null) return isScalarType(type) && !isPointer(type) ? zero(type) : 'nil';
  const amp = isPointer(type) ? '&' : '';
  if (typeof v === 'string') return amp + quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return amp + String(v);
  if (Array.isArray(v)) {
    if (!v.length) return 'nil';
    if (depth <= 0) return '{...}';
    const shown = v.slice(0, 4).map((x) => brief(x, elem(type), depth - 1));
    return `{${shown.join(', ')}${v.length > 4 ? ', ...' : ''}}`;
  }
  const o = v as Record<string, Json>;
  const keys = Object.keys(o).filter((k) => !isEmptyValue(o[k]));
  if (!keys.length) return `${amp}{}`;
  if (depth <= 0 || isMap(type)) {
    if (isMap(type) && depth > 0) return `${amp}{${keys.sort().slice(0, 2).map((k) => `${quote(k)}: ${brief(o[k], 'string', depth - 1)}`).join(', ')}${keys.length > 2 ? ', ...' : ''}}`;
    return `${amp}{...}`;
  }
  const fields = layout(type, o, {}).filter((x) => !isEmptyValue(o[x.json]));
  const shown = fields.slice(0, 2).map((x) => `${x.go}: ${brief(o[x.json], x.type, depth - 1)}`);
  return `${amp}{${shown.join(', ')}${fields.length > 2 ? ', ...' : ''}}`;
}

function zero(type: string): string {
  if (/string|Policy/.test(type)) return '""';
  if (/bool/.test(type)) return 'false';
  return '0';
}

/** The records of a struct diff (fields in Go order), with go-cmp's context and folding. */
function structRecords(a: Json, b: Json, type: string): Rec[] {
  const fields = layout(type, a, b);
  const oa = asObj(a);
  const ob = asObj(b);
  const groups: { same: boolean; fields: GoField[] }[] = [];
  for (const fd of fields) {
    const same = semanticEqual(oa[fd.json], ob[fd.json], fd.json);
    const last = groups[groups.length - 1];
    if (last && last.same === same && same) last.fields.push(fd);
    else groups.push({ same, fields: [fd] });
  }
  const out: Rec[] = [];
  groups.forEach((g, gi) => {
    if (!g.same) {
      for (const fd of g.fields) out.push(...changedRecords(fd.go, oa[fd.json], ob[fd.json], fd.type));
      return;
    }
    // Identical records: up to two after the previous change and two before the next one.
    const n = g.fields.length;
    let lo = gi === 0 ? 0 : Math.min(2, n);
    let hi = gi === groups.length - 1 ? 0 : Math.min(2, n - lo);
    if (n - lo - hi === 1) hi++;
    for (const fd of g.fields.slice(0, lo)) out.push(sameRecord(fd.go, oa[fd.json], fd.type));
    if (n > lo + hi) out.push({ diff: ' ', key: '', lines: ['...'], comment: `${n - lo - hi} identical field${n - lo - hi === 1 ? '' : 's'}` });
    for (const fd of g.fields.slice(n - hi)) out.push(sameRecord(fd.go, oa[fd.json], fd.type));
    lo = hi = 0;
  });
  return out;
}

const sameRecord = (key: string, v: Json, type: string): Rec => ({ diff: ' ', key, lines: [brief(v, type, 1)] });

/** The records for one differing value: a nested diff for composites present on both sides, else -/+ lines. */
function changedRecords(key: string, a: Json, b: Json, type: string): Rec[] {
  const present = (v: Json) => !isEmptyValue(v);
  if (present(a) && present(b) && !isScalarType(type) && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) && Array.isArray(b)) return [{ diff: ' ', key, lines: wrap(`${type}{`, sliceRecords(a, b, elem(type)), '}') }];
    if (!Array.isArray(a) && !Array.isArray(b)) {
      const inner = isMap(type) ? mapRecords(a, b, type) : structRecords(a, b, type);
      return [{ diff: ' ', key, lines: wrap(`${isPointer(type) ? '&' : ''}${elem(type)}{`, inner, '}') }];
    }
  }
  const out: Rec[] = [];
  if (a !== undefined || !present(b)) out.push({ diff: '-', key, lines: [brief(a, type, 1)] });
  if (b !== undefined || !present(a)) out.push({ diff: '+', key, lines: [brief(b, type, 1)] });
  return out;
}

/** Slice elements compared by position, as go-cmp reports equal-length slices of similar records. */
function sliceRecords(a: Json[], b: Json[], type: string): Rec[] {
  const out: Rec[] = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (i >= a.length) out.push({ diff: '+', key: '', lines: [brief(b[i], type, 1)] });
    else if (i >= b.length) out.push({ diff: '-', key: '', lines: [brief(a[i], type, 1)] });
    else if (semanticEqual(a[i], b[i])) out.push({ diff: ' ', key: '', lines: [brief(a[i], type, 1)] });
    else if (a[i] && b[i] && typeof a[i] === 'object' && typeof b[i] === 'object' && !isScalarType(type)) {
      out.push({ diff: ' ', key: '', lines: wrap('{', structRecords(a[i], b[i], type), '}') });
    } else out.push({ diff: '-', key: '', lines: [brief(a[i], type, 1)] }, { diff: '+', key: '', lines: [brief(b[i], type, 1)] });
  }
  return out;
}

function mapRecords(a: Json, b: Json, type: string): Rec[] {
  const oa = asObj(a);
  const ob = asObj(b);
  const keys = [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort();
  const valueType = type === 'core.ResourceList' ? 'resource.Quantity' : 'string';
  const out: Rec[] = [];
  for (const k of keys) {
    const key = type === 'core.ResourceList' ? `s${quote(k)}` : quote(k);
    if (semanticEqual(oa[k], ob[k], type === 'core.ResourceList' ? 'limits' : k)) out.push({ diff: ' ', key, lines: [brief(oa[k], valueType, 1)] });
    else {
      if (oa[k] !== undefined) out.push({ diff: '-', key, lines: [brief(oa[k], valueType, 1)] });
      if (ob[k] !== undefined) out.push({ diff: '+', key, lines: [brief(ob[k], valueType, 1)] });
    }
  }
  return out;
}

/** A composite's lines: the opening text, its records one level deeper, the closing brace. */
function wrap(open: string, records: Rec[], close: string): string[] {
  return [open, ...render(records), close];
}

/**
 * Records as go-cmp lays out an expanded list: `<marker> <tabs>Key: value,`, keys of consecutive
 * one-line records padded to the same width, `... // N identical fields` without a comma.
 */
function render(records: Rec[]): string[] {
  const pad: number[] = records.map(() => 0);
  let start = 0;
  let max = 0;
  const flush = (end: number) => {
    for (let j = start; j < end; j++) pad[j] = max - records[j]!.key.length;
  };
  records.forEach((r, i) => {
    if (!r.key || r.lines.length > 1) {
      flush(i);
      start = i + 1;
      max = 0;
    } else max = Math.max(max, r.key.length);
  });
  flush(records.length);
  const out: string[] = [];
  records.forEach((r, i) => {
    const head = `${r.key ? `${r.key}: ` : ''}${' '.repeat(pad[i]!)}`;
    const [first, ...rest] = r.lines;
    const comma = r.comment ? '' : ',';
    if (!rest.length) {
      out.push(`${r.diff}\u0001${head}${first}${comma}${r.comment ? ` // ${r.comment}` : ''}`);
      return;
    }
    out.push(`${r.diff}\u0001${head}${first}`);
    for (const l of rest.slice(0, -1)) out.push(l.replace(/\u0001/, '\u0001\t'));
    out.push(`${r.diff}\u0001${rest[rest.length - 1]}${comma}`);
  });
  return out;
}

/** `cmp.Diff(oldSpec, newSpec)` for two v1 pod specs, as the API server embeds it (trailing newline included). */
export function podSpecDiff(oldSpec: Json, newSpec: Json): string {
  const lines = wrap('core.PodSpec{', structRecords(internalPodSpec(oldSpec), internalPodSpec(newSpec), 'core.PodSpec'), '}');
  // Each nested level adds one tab after the two-column diff marker.
  const text = [` \u0001${lines[0]}`, ...lines.slice(1, -1).map((l) => l.replace(/\u0001/, '\u0001\t')), ` \u0001${lines[lines.length - 1]}`];
  return text.map((l) => l.replace(/^(.)\u0001/, '$1 ')).join('\n') + '\n';
}
