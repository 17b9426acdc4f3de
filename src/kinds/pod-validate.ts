/** Pod validation with the API server's field paths and wording (after defaulting). */
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { AdmitContext } from '../api/kind.js';
import { isDns1123Label, DNS1123_LABEL_MSG } from '../api/validation.js';
import { validatePodUpdate } from './pod-update.js';
import { validateEphemeralContainers, validateEphemeralUpdate } from './pod-ephemeral.js';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_NAME_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** IANA_SVC_NAME rules for named ports (the first failing rule's message). */
export function portNameError(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

function validatePort(errors: FieldError[], field: string, port: unknown, c: Container): void {
  if (typeof port === 'number') {
    if (port < 1 || port > 65535) errors.push({ field, type: 'Invalid', value: port, detail: PORT_RANGE });
  } else if (typeof port === 'string') {
    const e = portNameError(port);
    if (e) errors.push({ field, type: 'Invalid', value: port, detail: e });
    void c;
  } else errors.push({ field, type: 'Required' });
}

function validateProbe(errors: FieldError[], field: string, p: Probe | undefined, c: Container, liveness: boolean): void {
  if (!p) return;
  const handlers = (['exec', 'httpGet', 'tcpSocket', 'grpc'] as const).filter((h) => p[h]);
  if (handlers.length === 0) errors.push({ field, type: 'Required', detail: 'must specify a handler type' });
  for (const h of handlers.slice(1)) errors.push({ field: `${field}.${h}`, type: 'Forbidden', detail: 'may not specify more than 1 handler type' });
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'] as const) {
    const v = p[k];
    if (typeof v === 'number' && v < 0) errors.push({ field: `${field}.${k}`, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' });
  }
  if (liveness && p.successThreshold !== undefined && p.successThreshold !== 1) errors.push({ field: `${field}.successThreshold`, type: 'Invalid', value: p.successThreshold, detail: 'must be 1' });
  if (p.exec && !p.exec.command?.length) errors.push({ field: `${field}.exec.command`, type: 'Required' });
  if (p.httpGet) {
    validatePort(errors, `${field}.httpGet.port`, p.httpGet.port, c);
    const scheme = p.httpGet.scheme;
    if (scheme && scheme !== 'HTTP' && scheme !== 'HTTPS') errors.push({ field: `${field}.httpGet.scheme`, type: 'Unsupported', value: scheme, supported: ['HTTP', 'HTTPS'] });
  }
  if (p.tcpSocket) validatePort(errors, `${field}.tcpSocket.port`, p.tcpSocket.port, c);
}

function validateContainers(errors: FieldError[], list: Container[], path: string, names: Set<string>): void {
  list.forEach((c, i) => {
    const f = `${path}[${i}]`;
    if (!c.name) errors.push({ field: `${f}.name`, type: 'Required' });
    else if (!isDns1123Label(c.name)) errors.push({ field: `${f}.name`, type: 'Invalid', value: c.name, detail: c.name.length > 63 ? 'must be no more than 63 characters' : DNS1123_LABEL_MSG });
    else if (names.has(c.name)) errors.push({ field: `${f}.name`, type: 'Duplicate', value: c.name });
    if (c.name) names.add(c.name);
    if (!c.image || !String(c.image).trim()) errors.push({ field: `${f}.image`, type: 'Required' });
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((p, j) => {
      const pf = `${f}.ports[${j}]`;
      if (p.name !== undefined) {
        const e = portNameError(p.name);
        if (e) errors.push({ field: `${pf}.name`, type: 'Invalid', value: p.name, detail: e });
        else if (portNames.has(p.name)) errors.push({ field: `${pf}.name`, type: 'Duplicate', value: p.name });
        portNames.add(p.name);
      }
      if (!p.containerPort) errors.push({ field: `${pf}.containerPort`, type: 'Required' });
      else if (p.containerPort < 1 || p.containerPort > 65535) errors.push({ field: `${pf}.containerPort`, type: 'Invalid', value: p.containerPort, detail: PORT_RANGE });
      if (p.hostPort !== undefined && p.hostPort !== 0 && (p.hostPort < 1 || p.hostPort > 65535)) errors.push({ field: `${pf}.hostPort`, type: 'Invalid', value: p.hostPort, detail: PORT_RANGE });
      if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errors.push({ field: `${pf}.protocol`, type: 'Unsupported', value: p.protocol, supported: ['SCTP', 'TCP', 'UDP'] });
    });
    (c.env ?? []).forEach((e, j) => {
      if (!e.name) errors.push({ field: `${f}.env[${j}].name`, type: 'Required' });
      else if (!ENV_NAME.test(e.name)) errors.push({ field: `${f}.env[${j}].name`, type: 'Invalid', value: e.name, detail: ENV_NAME_MSG });
    });
    if (c.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
      errors.push({ field: `${f}.imagePullPolicy`, type: 'Unsupported', value: c.imagePullPolicy, supported: ['Always', 'IfNotPresent', 'Never'] });
    }
    validateProbe(errors, `${f}.livenessProbe`, c.livenessProbe, c, true);
    validateProbe(errors, `${f}.readinessProbe`, c.readinessProbe, c, false);
    validateProbe(errors, `${f}.startupProbe`, c.startupProbe, c, true);
  });
}

/**
 * Validate a pod spec found at `path` (`spec` for a Pod, `spec.template.spec` for a pod template of a
 * ReplicaSet/RC/Deployment), after defaulting. Exported for the workload kinds.
 */
export function validatePodSpec(spec: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const s = spec as { containers?: Container[]; initContainers?: Container[]; restartPolicy?: string; dnsPolicy?: string; dnsConfig?: { nameservers?: string[] } };
  const names = new Set<string>();
  if (!s.containers?.length) errors.push({ field: `${path}.containers`, type: 'Required' });
  else validateContainers(errors, s.containers, `${path}.containers`, names);
  if (s.initContainers?.length) validateContainers(errors, s.initContainers, `${path}.initContainers`, names);
  errors.push(...validateEphemeralContainers(spec, path));
  if (s.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(s.restartPolicy)) {
    errors.push({ field: `${path}.restartPolicy`, type: 'Unsupported', value: s.restartPolicy, supported: ['Always', 'OnFailure', 'Never'] });
  }
  if (s.dnsPolicy && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(s.dnsPolicy)) {
    errors.push({ field: `${path}.dnsPolicy`, type: 'Unsupported', value: s.dnsPolicy, supported: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] });
  }
  if (s.dnsPolicy === 'None' && !s.dnsConfig?.nameservers?.length) {
    errors.push({ field: `${path}.dnsConfig.nameservers`, type: 'Required', detail: 'must provide at least one DNS nameserver when dnsPolicy is None' });
  }
  return errors;
}

/** Validate a pod after defaulting, plus the update rules (pod-update.ts) when it replaces an existing one. */
export function validatePod(obj: KubeObject, ctx: AdmitContext): FieldError[] {
  const errors = validatePodSpec((obj.spec ?? {}) as Record<string, unknown>, 'spec');
  // The ephemeralcontainers subresource changes nothing else, so only its own update rule applies.
  if (ctx.operation === 'update' && ctx.old) errors.push(...(ctx.subresource === 'ephemeralcontainers' ? validateEphemeralUpdate(obj, ctx.old) : validatePodUpdate(obj, ctx.old)));
  return errors;
}
