/**
 * Ingress (networking.k8s.io/v1): table (CLASS HOSTS ADDRESS PORTS), describe with the per-host rules
 * table and backend endpoints, the networking validation of the API server, and the DefaultIngressClass
 * admission (fills ingressClassName from the one class annotated as default).
 */
import type { KindInfo, AdmitContext } from '../api/kind.js';
import type { ClusterState, FieldError, KubeObject } from '../api/types.js';
import { getObject, listObjects } from '../api/objects.js';
import { DNS1035_LABEL_MSG, DNS1123_SUBDOMAIN_MSG, isDns1035Label, isDns1123Subdomain } from '../api/validation.js';
import { eventsFor, DescribeWriter, withEvents } from '../printers/describe.js';
import { ageOf } from './common.js';
import { endpointsLine } from './service.js';
import type { EndpointSlice } from './endpointslice.js';
import { DEFAULT_CLASS_ANNOTATION, defaultIngressClasses } from './ingressclass.js';
import { nginxAdmission } from '../addons/ingress-nginx/webhook.js';

export interface ServiceBackend {
  name?: string;
  port?: { name?: string; number?: number };
}
export interface IngressBackend {
  service?: ServiceBackend;
  resource?: { apiGroup?: string; kind?: string; name?: string };
}
export interface IngressPath {
  path?: string;
  pathType?: string;
  backend?: IngressBackend;
}
export interface IngressRule {
  host?: string;
  http?: { paths?: IngressPath[] };
}
export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  rules?: IngressRule[];
  tls?: { hosts?: string[]; secretName?: string }[];
}

export function ingressSpec(o: KubeObject): IngressSpec {
  return (o.spec ?? {}) as IngressSpec;
}

/** status.loadBalancer.ingress ips (or hostnames), de-duplicated and sorted, as kubectl's stringer. */
export function ingressAddresses(o: KubeObject): string[] {
  const lb = (o.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer;
  const set = new Set<string>();
  for (const i of lb?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort();
}

function hostsText(rules: IngressRule[]): string {
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

// ---------------------------------------------------------------------------------------------------
// Backends as describe prints them.

/** `name:port` of a service backend (number when set, else the port name). */
export function serviceBackendText(b: ServiceBackend): string {
  return `${b.name ?? ''}:${b.port?.number ? String(b.port.number) : (b.port?.name ?? '')}`;
}

/**
 * The Endpoints text kubectl 1.31+ prints for one service port: the same formatter as the Service's
 * `Endpoints:` line, over the EndpointSlices labelled with the service name.
 */
export function formatSliceEndpoints(state: ClusterState, namespace: string, service: string, portName: string): string {
  const slices = listObjects(state, 'endpointslices', namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service);
  return endpointsLine(slices as unknown as EndpointSlice[], portName);
}

/** describe's backend string: `svc:port (endpoints)`, with lookup errors embedded. */
export function describeBackend(state: ClusterState, namespace: string, b: IngressBackend): string {
  if (b.service) {
    const text = serviceBackendText(b.service);
    const svc = getObject(state, 'services', namespace, b.service.name ?? '');
    if (!svc) return `${text} (<error: services "${b.service.name ?? ''}" not found>)`;
    let spName = '';
    for (const sp of ((svc.spec as { ports?: { name?: string; port?: number }[] })?.ports ?? [])) {
      if (b.service.port?.number && b.service.port.number === sp.port) spName = sp.name ?? '';
      else if (b.service.port?.name && b.service.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${text} (${formatSliceEndpoints(state, namespace, b.service.name ?? '', spName)})`;
  }
  if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind ?? ''}, Name: ${b.resource.name ?? ''}`;
  return '';
}

function describeIngress(o: KubeObject, state: ClusterState, now: Date): string {
  const spec = ingressSpec(o);
  const ns = o.metadata.namespace ?? 'default';
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.map(0, 'Labels:', o.metadata.labels);
  w.line(0, 'Namespace:', ns);
  w.line(0, 'Address:', ingressAddresses(o).join(','));
  w.line(0, 'Ingress Class:', spec.ingressClassName ?? '<none>');
  const def = spec.defaultBackend ? describeBackend(state, ns, spec.defaultBackend) : '<default>';
  w.line(0, 'Default backend:', def);
  if (spec.tls?.length) {
    w.raw('TLS:\n');
    for (const t of spec.tls) w.raw(t.secretName ? `  ${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `  SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  // The rules table shares the tabwriter with the lines around it, as kubectl's single PrefixWriter.
  w.raw('Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n');
  let count = 0;
  for (const r of spec.rules ?? []) {
    if (!r.http) continue;
    count++;
    w.raw(`  ${r.host || '*'}\t\n`);
    for (const p of r.http.paths ?? []) w.raw(`    \t${p.path ?? ''} \t${p.backend ? describeBackend(state, ns, p.backend) : ''}\n`);
  }
  if (count === 0) w.raw(`  *\t*\t${def}\n`);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  return withEvents(w, eventsFor(state, o), now);
}

// ---------------------------------------------------------------------------------------------------
// Validation (pkg/apis/networking/validation) and admission.

const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const WILDCARD = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIP(s: string): boolean {
  const m = IPV4.exec(s);
  if (m) return m.slice(1).every((x) => Number(x) <= 255);
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
}

function hostErrors(host: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (host.includes('*')) {
    if (host.length > 253) errs.push({ field, type: 'Invalid', value: host, detail: 'must be no more than 253 characters' });
    if (!WILDCARD.test(host)) errs.push({ field, type: 'Invalid', value: host, detail: WILDCARD_MSG });
    return errs;
  }
  if (host.length > 253) errs.push({ field, type: 'Invalid', value: host, detail: 'must be no more than 253 characters' });
  if (!isDns1123Subdomain(host)) errs.push({ field, type: 'Invalid', value: host, detail: DNS1123_SUBDOMAIN_MSG });
  return errs;
}

/** IsValidPortName's messages (IANA_SVC_NAME). */
export function portNameErrors(name: string): string[] {
  const m: string[] = [];
  if (name.length > 15) m.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) m.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) m.push('must contain at least one letter (a-z)');
  if (name.includes('--')) m.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) m.push('must not begin or end with a hyphen');
  return m;
}

function backendErrors(b: IngressBackend | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasRes = !!b?.resource;
  const hasSvc = !!b?.service;
  if (hasRes && hasSvc) return [{ field: path, type: 'Invalid', value: '', detail: 'cannot set both resource and service backends' }];
  if (hasRes) {
    if (!b!.resource!.kind) errs.push({ field: `${path}.resource.kind`, type: 'Required' });
    if (!b!.resource!.name) errs.push({ field: `${path}.resource.name`, type: 'Required' });
    return errs;
  }
  if (!hasSvc) return [{ field: path, type: 'Invalid', value: '', detail: 'resource or service backend is required' }];
  const s = b!.service!;
  if (!s.name) errs.push({ field: `${path}.service.name`, type: 'Required' });
  else if (!isDns1035Label(s.name)) errs.push({ field: `${path}.service.name`, type: 'Invalid', value: s.name, detail: s.name.length > 63 ? 'must be no more than 63 characters' : DNS1035_LABEL_MSG });
  const pn = s.port?.name ?? '';
  const num = s.port?.number ?? 0;
  if (pn && num) errs.push({ field: path, type: 'Invalid', value: '', detail: 'cannot set both port name & port number' });
  else if (pn) for (const msg of portNameErrors(pn)) errs.push({ field: `${path}.service.port.name`, type: 'Invalid', value: pn, detail: msg });
  else if (num) {
    if (num < 1 || num > 65535) errs.push({ field: `${path}.service.port.number`, type: 'Invalid', value: num, detail: 'must be between 1 and 65535, inclusive' });
  } else errs.push({ field: path, type: 'Required', detail: 'port name or number is required' });
  return errs;
}

function pathErrors(p: IngressPath, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!p.pathType) return [{ field: `${field}.pathType`, type: 'Required', detail: 'pathType must be specified' }];
  const path = p.path ?? '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!path.startsWith('/')) errs.push({ field: `${field}.path`, type: 'Invalid', value: path, detail: 'must be an absolute path' });
    if (path) {
      for (const seq of ['//', '/./', '/../', '%2f', '%2F'])
        if (path.includes(seq)) errs.push({ field: `${field}.path`, type: 'Invalid', value: path, detail: `must not contain '${seq}'` });
      for (const suf of ['/..', '/.']) if (path.endsWith(suf)) errs.push({ field: `${field}.path`, type: 'Invalid', value: path, detail: `cannot end with '${suf}'` });
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (path && !path.startsWith('/')) errs.push({ field: `${field}.path`, type: 'Invalid', value: path, detail: 'must be an absolute path' });
  } else {
    errs.push({ field: `${field}.pathType`, type: 'Unsupported', value: p.pathType, supported: ['Exact', 'ImplementationSpecific', 'Prefix'] });
  }
  errs.push(...backendErrors(p.backend, `${field}.backend`));
  return errs;
}

/** The API server's Ingress validation, in its order. */
export function validateIngress(o: KubeObject, ctx?: AdmitContext): FieldError[] {
  const spec = ingressSpec(o);
  const errs: FieldError[] = [];
  if (!spec.rules?.length && !spec.defaultBackend)
    errs.push({ field: 'spec', type: 'Invalid', valueText: spec.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)', detail: 'either `defaultBackend` or `rules` must be specified' });
  if (spec.defaultBackend) errs.push(...backendErrors(spec.defaultBackend, 'spec.defaultBackend'));
  (spec.rules ?? []).forEach((r, i) => {
    const base = `spec.rules[${i}]`;
    if (r.host) {
      if (isIP(r.host)) errs.push({ field: `${base}.host`, type: 'Invalid', value: r.host, detail: 'must be a DNS name, not an IP address' });
      errs.push(...hostErrors(r.host, `${base}.host`));
    }
    if (r.http) {
      if (!r.http.paths?.length) errs.push({ field: `${base}.http.paths`, type: 'Required' });
      (r.http.paths ?? []).forEach((p, j) => errs.push(...pathErrors(p, `${base}.http.paths[${j}]`)));
    }
  });
  (spec.tls ?? []).forEach((t, i) => {
    (t.hosts ?? []).forEach((h, j) => errs.push(...hostErrors(h, `spec.tls[${i}].hosts[${j}]`)));
    if (t.secretName && !isDns1123Subdomain(t.secretName))
      errs.push({ field: `spec.tls[${i}].secretName`, type: 'Invalid', value: t.secretName, detail: DNS1123_SUBDOMAIN_MSG });
  });
  if (spec.ingressClassName !== undefined && !isDns1123Subdomain(spec.ingressClassName))
    errs.push({ field: 'spec.ingressClassName', type: 'Invalid', value: spec.ingressClassName, detail: DNS1123_SUBDOMAIN_MSG });
  const annotated = o.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (ctx?.operation === 'create' && spec.ingressClassName && annotated !== undefined)
    errs.push({ field: 'annotations.kubernetes.io/ingress.class', type: 'Invalid', value: annotated, detail: 'can not be set when the class field is also set' });
  return errs;
}

/** Admission: DefaultIngressClass (a new Ingress without a class gets the newest default class), then ingress-nginx's webhook. */
function admitIngress(o: KubeObject, ctx: AdmitContext): void {
  admitDefaultClass(o, ctx);
  // Validating webhooks run after the object's own validation in a real apiserver; overlap is all they check here.
  if (!validateIngress(o, ctx).length) nginxAdmission(ctx.state, o);
}

function admitDefaultClass(o: KubeObject, ctx: AdmitContext): void {
  const spec = ((o.spec ??= {}) as IngressSpec);
  // Status is the controller's to write; a new object starts with an empty one, as the apiserver resets it.
  if (ctx.operation === 'create') o.status = { loadBalancer: {} };
  if (ctx.operation !== 'create' || spec.ingressClassName || o.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined) return;
  const defaults = defaultIngressClasses(ctx.state);
  if (!defaults.length) return;
  const newest = [...defaults].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0]!;
  spec.ingressClassName = newest.metadata.name;
}

export { DEFAULT_CLASS_ANNOTATION };

export const ingressKind = {
  kind: 'Ingress',
  resource: 'ingresses',
  singular: 'ingress',
  shortNames: ['ing'],
  group: 'networking.k8s.io',
  version: 'v1',
  formerGroups: ['extensions'],
  namespaced: true,
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'CLASS', sinceMinor: 19 }, { name: 'HOSTS' }, { name: 'ADDRESS' }, { name: 'PORTS' }, { name: 'AGE' }],
    row: (o, ctx) => {
      const spec = ingressSpec(o);
      // Server-side tables are generated with Wide: true, so the stringer never truncates ADDRESS.
      const addr = ingressAddresses(o).join(',');
      return [o.metadata.name, spec.ingressClassName ?? '<none>', hostsText(spec.rules ?? []), addr, spec.tls?.length ? '80, 443' : '80', ageOf(o, ctx)];
    },
  },
  describe: (o, ctx) => describeIngress(o, ctx.state, ctx.now),
  admit: admitIngress,
  validate: validateIngress,
} satisfies KindInfo;
