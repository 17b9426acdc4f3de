/**
 * Which apiVersion/kind pairs the simulated API server serves, given its Kubernetes version
 * (settings.kubernetesVersion), and how an older version converts to the stored one.
 *
 * Objects are always stored in the modern version, so every controller and printer has a single form
 * to read; what a client sees is converted on the way out, as a real API server does: on a 1.17 cluster
 * `get ing` answers in extensions/v1beta1 (that server's preferred version), `get
 * ingresses.networking.k8s.io` in networking.k8s.io/v1beta1, and kubectl names the objects accordingly
 * (`ingress.extensions/kubia`, `ingresses.extensions "x" not found`). `servedView` gives the registry
 * entry as one served version presents it; `presentObject` converts a stored object to it.
 *
 * History followed (served from .. until removed in):
 * - Ingress: extensions/v1beta1 ..1.22, networking.k8s.io/v1beta1 1.14..1.22, networking.k8s.io/v1 1.19..
 * - IngressClass: networking.k8s.io/v1beta1 1.18..1.22, networking.k8s.io/v1 1.19..
 * - EndpointSlice: discovery.k8s.io/v1beta1 1.17..1.25, discovery.k8s.io/v1 1.21..
 * - CronJob: batch/v1beta1 1.8..1.24, batch/v1 1.21..
 * - HorizontalPodAutoscaler: autoscaling/v1 1.2.., autoscaling/v2 1.23.. (stored; v1 converts: kinds/hpa-v1.ts).
 *   The v2beta1 and v2beta2 versions (removed in 1.25 and 1.26) are not simulated.
 * - PodDisruptionBudget: policy/v1beta1 1.5..1.24, policy/v1 1.21..
 * - Deployment, ReplicaSet: apps/v1 (extensions/v1beta1 and apps/v1beta1/v1beta2 were removed in 1.16,
 *   so a 1.17 cluster serves apps/v1 only).
 * Deprecation warnings are the ones API servers send from 1.19 on (kubectl prints `Warning: ...`).
 */
import type { ClusterState, KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import type { ObjectType } from './schema/types.js';
import { allKinds, customKindByKind, kindByKind, kindByResource, typedResource } from './registry.js';
import { apiVersionOf, pluralOf } from './kind.js';
import { METADATA_ONLY } from './schema/meta.js';
import { KIND_SCHEMAS, ingressV1beta1 } from './schema/kinds.js';
import { horizontalPodAutoscalerV1 } from './schema/autoscaling.js';
import { hpaFromV1, hpaToV1 } from '../kinds/hpa-v1.js';
import { CliError } from './errors.js';

export interface ServedVersion {
  info: KindInfo;
  /** The version of the request (`v1`, `v1beta1`): the `<Kind> in version "<v>"` of decoding errors. */
  version: string;
  /** Schema of this version, for strict decoding. */
  schema: ObjectType;
  /** Convert a decoded manifest of this version to the stored (preferred) version. */
  convert(obj: KubeObject): KubeObject;
  /** Deprecation warning the server sends for this version, if any (kubectl prints `Warning: <text>`). */
  warning?: string;
  /** A custom resource's decoding (pruning against its CRD's schema), in place of `schema`. */
  decode?: (raw: Record<string, unknown>) => { value: Record<string, unknown>; unknown: string[] };
}

interface VersionRule {
  kind: string;
  apiVersion: string;
  /** First minor version serving it, and the minor that removed it (exclusive). */
  since: number;
  until?: number;
  schema?: ObjectType;
  convert?: (obj: KubeObject) => KubeObject;
  /** Minor from which the server warns, and the text. */
  warn?: { from: number; text: string };
}

const RULES: VersionRule[] = [
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', since: 19 },
  {
    kind: 'Ingress', apiVersion: 'extensions/v1beta1', since: 1, until: 22, schema: ingressV1beta1, convert: ingressToV1,
    warn: { from: 19, text: 'extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress' },
  },
  {
    kind: 'Ingress', apiVersion: 'networking.k8s.io/v1beta1', since: 14, until: 22, schema: ingressV1beta1, convert: ingressToV1,
    warn: { from: 19, text: 'networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress' },
  },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', since: 19 },
  {
    kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1beta1', since: 18, until: 22,
    warn: { from: 19, text: 'networking.k8s.io/v1beta1 IngressClass is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 IngressClass' },
  },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', since: 21 },
  { kind: 'CronJob', apiVersion: 'batch/v1', since: 21 },
  {
    kind: 'CronJob', apiVersion: 'batch/v1beta1', since: 8, until: 25,
    warn: { from: 21, text: 'batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob' },
  },
  {
    kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1beta1', since: 17, until: 25,
    warn: { from: 21, text: 'discovery.k8s.io/v1beta1 EndpointSlice is deprecated in v1.21+, unavailable in v1.25+; use discovery.k8s.io/v1 EndpointSlice' },
  },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', since: 23 },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1', since: 2, schema: horizontalPodAutoscalerV1, convert: hpaFromV1 },
  // PodDisruptionBudget: policy/v1beta1 from 1.5 to 1.24, policy/v1 from 1.21 (a v1beta1 manifest is stored as v1 unchanged).
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', since: 21 },
  {
    kind: 'PodDisruptionBudget', apiVersion: 'policy/v1beta1', since: 5, until: 25,
    warn: { from: 21, text: 'policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget' },
  },
];

/** The minor version of the simulated cluster (`v1.17.0` → 17). */
export function clusterMinor(state: ClusterState): number {
  const m = /^v?\d+\.(\d+)/.exec(state.settings?.kubernetesVersion ?? '');
  return m ? Number(m[1]) : 32;
}

function versionPart(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
}

/** Resolve a manifest's apiVersion + kind, or undefined when the server has no such mapping. */
export function resolveKind(state: ClusterState, apiVersion: string, kind: string): ServedVersion | undefined {
  const custom = resolveCustomKind(apiVersion, kind);
  if (custom) return custom;
  const info = kindByKind(kind);
  if (!info || info.custom) return undefined;
  const minor = clusterMinor(state);
  const rules = RULES.filter((r) => r.kind === kind);
  if (!rules.length) {
    if (apiVersionOf(info) !== apiVersion) return undefined;
    return { info, version: info.version, schema: KIND_SCHEMAS[kind]!, convert: (o) => o };
  }
  const rule = rules.find((r) => r.apiVersion === apiVersion && minor >= r.since && (r.until === undefined || minor < r.until));
  if (!rule) return undefined;
  return {
    info,
    version: versionPart(apiVersion),
    schema: rule.schema ?? KIND_SCHEMAS[kind]!,
    convert: rule.convert ?? ((o) => o),
    warning: rule.warn && minor >= rule.warn.from ? rule.warn.text : undefined,
  };
}

/** A custom resource's kind at one of its served versions (the CRD's `spec.versions[].served`). */
function resolveCustomKind(apiVersion: string, kind: string): ServedVersion | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const info = customKindByKind(kind, apiVersion.slice(0, slash));
  const version = apiVersion.slice(slash + 1);
  if (!info?.custom || !info.custom.versions.includes(version)) return undefined;
  const custom = info.custom;
  return {
    info,
    version,
    schema: METADATA_ONLY,
    decode: (raw) => custom.decode(raw, version),
    // No conversion webhook: versions differ only in apiVersion (conversion strategy None).
    convert: (o) => ({ ...o, apiVersion: apiVersionOf(info) }),
  };
}

/**
 * The apiVersion a client uses for a kind on this cluster: the stored one when served, else the first
 * served older one (a 1.17 cluster answers Ingress in extensions/v1beta1), or undefined when the cluster
 * has no such resource at all (IngressClass before 1.18).
 */
export function preferredApiVersion(state: ClusterState, info: KindInfo): string | undefined {
  const stored = apiVersionOf(info);
  if (resolveKind(state, stored, info.kind)) return stored;
  return RULES.find((r) => r.kind === info.kind && resolveKind(state, r.apiVersion, info.kind))?.apiVersion;
}

/** All group/versions served (for api-versions and discovery). */
export function servedGroupVersions(state: ClusterState): string[] {
  const minor = clusterMinor(state);
  const out = new Set<string>();
  for (const info of allKinds()) {
    if (info.custom) {
      for (const v of info.custom.versions) out.add(`${info.group}/${v}`);
      continue;
    }
    const rules = RULES.filter((r) => r.kind === info.kind);
    if (!rules.length) out.add(apiVersionOf(info));
    for (const r of rules) if (minor >= r.since && (r.until === undefined || minor < r.until)) out.add(r.apiVersion);
  }
  return [...out].sort();
}

/** The version a kind is stored and printed in (always the modern one; see the file comment). */
export function storedApiVersion(info: KindInfo): string {
  return apiVersionOf(info);
}

type Json = Record<string, unknown>;

/** v1beta1 backend {serviceName, servicePort | resource} → v1 {service: {name, port: {number|name}} | resource}. */
function backendToV1(b: unknown): Json | undefined {
  if (!b || typeof b !== 'object') return undefined;
  const old = b as Json;
  if (old.resource) return { resource: old.resource };
  const out: Json = {};
  const service: Json = {};
  if (old.serviceName !== undefined) service.name = old.serviceName;
  if (typeof old.servicePort === 'number') service.port = { number: old.servicePort };
  else if (typeof old.servicePort === 'string') service.port = /^\d+$/.test(old.servicePort) ? { number: Number(old.servicePort) } : { name: old.servicePort };
  if (Object.keys(service).length) out.service = service;
  return out;
}

/** Convert an extensions/v1beta1 or networking.k8s.io/v1beta1 Ingress to networking.k8s.io/v1 (as the API server stores it). */
export function ingressToV1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Json;
  const out: Json = {};
  if (spec.backend) out.defaultBackend = backendToV1(spec.backend);
  if (spec.ingressClassName !== undefined) out.ingressClassName = spec.ingressClassName;
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((r: Json) => {
      const rule: Json = {};
      if (r.host !== undefined) rule.host = r.host;
      const http = r.http as Json | undefined;
      if (http) {
        rule.http = {
          paths: ((http.paths as Json[] | undefined) ?? []).map((p) => {
            const path: Json = {};
            if (p.path !== undefined) path.path = p.path;
            // v1beta1 defaulted a missing pathType to ImplementationSpecific (1.18+).
            path.pathType = p.pathType ?? 'ImplementationSpecific';
            path.backend = backendToV1(p.backend) ?? {};
            return path;
          }),
        };
      }
      return rule;
    });
  }
  if (spec.tls !== undefined) out.tls = spec.tls;
  return { ...obj, spec: out };
}

/** The registry entry as the group-version `apiVersion` presents it (the entry itself for the stored version). */
function viewAt(info: KindInfo, apiVersion: string): KindInfo {
  if (apiVersion === apiVersionOf(info)) return info;
  const slash = apiVersion.indexOf('/');
  return { ...info, group: slash < 0 ? '' : apiVersion.slice(0, slash), version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1) };
}

/** The group-versions of a kind this cluster serves, its preferred one first in each group. */
function servedApiVersions(state: ClusterState, info: KindInfo): string[] {
  if (info.custom) return info.custom.versions.map((v) => `${info.group}/${v}`);
  const stored = apiVersionOf(info);
  const rules = RULES.filter((r) => r.kind === info.kind);
  if (!rules.length) return [stored];
  return rules.filter((r) => resolveKind(state, r.apiVersion, info.kind)).map((r) => r.apiVersion);
}

/**
 * The kind as this cluster serves it to a client that typed `group` (or none): the preferred version,
 * or the served version of that group. A kind or group the cluster does not serve is kubectl's
 * "the server doesn't have a resource type" error, as its discovery would make it.
 */
export function servedView(state: ClusterState, info: KindInfo, group?: string, typed?: string, version?: string): KindInfo {
  const served = servedApiVersions(state, info);
  const pick = group === undefined ? served[0] : served.find((v) => (v.includes('/') ? v.slice(0, v.indexOf('/')) : '') === group && (version === undefined || v === (group ? `${group}/${version}` : version)));
  // A version-qualified type (`cronjobs.v1beta1.batch`) is named by its resource part, as kubectl does.
  if (!pick) throw new CliError(`the server doesn't have a resource type "${typed ? typedResource(typed) : group ? `${pluralOf(info)}.${group}` : pluralOf(info)}"`);
  return viewAt(info, pick);
}

/** Every resource this cluster serves, one entry per group (its preferred version), for api-resources. */
export function servedResources(state: ClusterState): KindInfo[] {
  const out: KindInfo[] = [];
  for (const info of allKinds()) {
    const seen = new Set<string>();
    for (const v of servedApiVersions(state, info)) {
      const g = v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
      if (seen.has(g)) continue;
      seen.add(g);
      out.push(viewAt(info, v));
    }
  }
  return out;
}

type JsonObject = Record<string, unknown>;

/** v1 backend {service: {name, port: {number|name}}} -> v1beta1 {serviceName, servicePort}. */
function backendToV1beta1(b: unknown): JsonObject | undefined {
  if (!b || typeof b !== 'object') return undefined;
  const v1 = b as { service?: { name?: string; port?: { number?: number; name?: string } }; resource?: unknown };
  if (v1.resource) return { resource: v1.resource };
  const out: JsonObject = {};
  if (v1.service?.name !== undefined) out.serviceName = v1.service.name;
  const port = v1.service?.port;
  if (port?.number !== undefined) out.servicePort = port.number;
  else if (port?.name !== undefined) out.servicePort = port.name;
  return out;
}

/** A stored networking.k8s.io/v1 Ingress as v1beta1 (extensions or networking.k8s.io) presents it. */
export function ingressToV1beta1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as JsonObject;
  const out: JsonObject = {};
  if (spec.defaultBackend) out.backend = backendToV1beta1(spec.defaultBackend);
  if (spec.ingressClassName !== undefined) out.ingressClassName = spec.ingressClassName;
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((r: JsonObject) => {
      const http = r.http as { paths?: JsonObject[] } | undefined;
      if (!http) return r;
      return { ...r, http: { paths: (http.paths ?? []).map((p) => ({ ...p, backend: backendToV1beta1(p.backend) ?? {} })) } };
    });
  }
  if (spec.tls !== undefined) out.tls = spec.tls;
  return { ...obj, spec: out };
}

/** The stored object as the requested group-version presents it. */
export function toRequestedVersion(info: KindInfo, obj: KubeObject, requested: string): KubeObject {
  // A custom resource is read with its schema's defaults (apiextensions-apiserver defaults what it reads from etcd).
  if (info.custom) return { ...info.custom.onRead(obj), apiVersion: requested, kind: info.kind };
  const stored = apiVersionOf(info);
  if (requested === stored) return { ...obj, apiVersion: stored, kind: info.kind };
  const converted = info.kind === 'Ingress' && requested.endsWith('/v1beta1') ? ingressToV1beta1(obj) : info.kind === 'HorizontalPodAutoscaler' && requested === 'autoscaling/v1' ? hpaToV1(obj) : obj;
  return { ...converted, apiVersion: requested, kind: info.kind };
}

/** Service fields by the minor that added them: an older server has none of them to show (or describe). */
const SERVICE_FIELDS_SINCE: [string, number][] = [['clusterIPs', 20], ['ipFamilies', 20], ['ipFamilyPolicy', 20], ['internalTrafficPolicy', 22]];

/** A stored object as `view` (from servedView) presents it on this cluster. */
export function presentObject(state: ClusterState, view: KindInfo, obj: KubeObject): KubeObject {
  const minor = clusterMinor(state);
  const requested = apiVersionOf(view);
  let out = requested === obj.apiVersion && !view.custom ? obj : toRequestedVersion(kindByResource(view.resource), obj, requested);
  if (view.kind === 'Service' && SERVICE_FIELDS_SINCE.some(([, since]) => minor < since)) {
    const spec = { ...((out.spec ?? {}) as Record<string, unknown>) };
    for (const [field, since] of SERVICE_FIELDS_SINCE) if (minor < since) delete spec[field];
    out = { ...out, spec };
  }
  // Ingress paths got pathType in 1.18.
  if (view.kind === 'Ingress' && minor < 18 && out !== obj) {
    for (const rule of ((out.spec as { rules?: { http?: { paths?: Record<string, unknown>[] } }[] }).rules ?? [])) {
      for (const p of rule.http?.paths ?? []) delete p.pathType;
    }
  }
  return out;
}
