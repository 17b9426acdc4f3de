/**
 * Objects are stored in their modern version; a request made in an older served group-version (an
 * Ingress under extensions/v1beta1 on a 1.17 cluster) gets its answer in that version, as a real API
 * server converts on the way out. kubectl then prints `ingress.extensions/kubia created`, as it did.
 */
import type { KubeObject } from '../api/types.js';
import type { KindInfo } from '../api/kind.js';
import { apiVersionOf } from '../api/kind.js';

type Json = Record<string, unknown>;

/** v1 backend {service: {name, port: {number|name}}} → v1beta1 {serviceName, servicePort}. */
function backendToV1beta1(b: unknown): Json | undefined {
  if (!b || typeof b !== 'object') return undefined;
  const v1 = b as { service?: { name?: string; port?: { number?: number; name?: string } }; resource?: unknown };
  if (v1.resource) return { resource: v1.resource };
  const out: Json = {};
  if (v1.service?.name !== undefined) out.serviceName = v1.service.name;
  const port = v1.service?.port;
  if (port?.number !== undefined) out.servicePort = port.number;
  else if (port?.name !== undefined) out.servicePort = port.name;
  return out;
}

function ingressToV1beta1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Json;
  const out: Json = {};
  if (spec.ingressClassName !== undefined) out.ingressClassName = spec.ingressClassName;
  if (spec.defaultBackend) out.backend = backendToV1beta1(spec.defaultBackend);
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((r: Json) => {
      const http = r.http as { paths?: Json[] } | undefined;
      if (!http) return r;
      return { ...r, http: { paths: (http.paths ?? []).map((p) => ({ ...p, backend: backendToV1beta1(p.backend) ?? {} })) } };
    });
  }
  if (spec.tls !== undefined) out.tls = spec.tls;
  return { ...obj, spec: out };
}

/** The stored object as the requested group-version presents it. */
export function toRequestedVersion(info: KindInfo, obj: KubeObject, requested: string): KubeObject {
  const stored = apiVersionOf(info);
  if (requested === stored) return { ...obj, apiVersion: stored, kind: info.kind };
  const converted = info.kind === 'Ingress' && requested.endsWith('/v1beta1') ? ingressToV1beta1(obj) : obj;
  return { ...converted, apiVersion: requested, kind: info.kind };
}
