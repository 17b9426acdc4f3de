/**
 * Which apiVersion/kind pairs the simulated API server serves, given its Kubernetes version
 * (settings.kubernetesVersion), and how an older version converts to the stored one.
 *
 * Objects are always stored in the modern (preferred) version: an Ingress created as
 * extensions/v1beta1 on a 1.17 cluster is stored, printed (`get -o yaml`) and served as
 * networking.k8s.io/v1. A real 1.17 server would print it back in v1beta1; kube-sim keeps one stored
 * shape so every controller and printer has a single form to read.
 *
 * History followed (served from .. until removed in):
 * - Ingress: extensions/v1beta1 ..1.22, networking.k8s.io/v1beta1 1.14..1.22, networking.k8s.io/v1 1.19..
 * - IngressClass: networking.k8s.io/v1beta1 1.18..1.22, networking.k8s.io/v1 1.19..
 * - EndpointSlice: discovery.k8s.io/v1beta1 1.17..1.25, discovery.k8s.io/v1 1.21..
 * - CronJob: batch/v1beta1 1.8..1.24, batch/v1 1.21..
 * - Deployment, ReplicaSet: apps/v1 (extensions/v1beta1 and apps/v1beta1/v1beta2 were removed in 1.16,
 *   so a 1.17 cluster serves apps/v1 only).
 * Deprecation warnings are the ones API servers send from 1.19 on (kubectl prints `Warning: ...`).
 */
import type { ClusterState, KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import type { ObjectType } from './schema/types.js';
import { allKinds, kindByKind } from './registry.js';
import { apiVersionOf } from './kind.js';
import { KIND_SCHEMAS, ingressV1beta1 } from './schema/kinds.js';

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
  const info = kindByKind(kind);
  if (!info) return undefined;
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
