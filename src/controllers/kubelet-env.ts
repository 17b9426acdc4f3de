/**
 * A container's environment as the kubelet builds it at each start (latched for that incarnation):
 * image ENV, then PATH/HOSTNAME/HOME from the runtime, the service variables of the moment
 * (src/network/envvars.ts), envFrom, then the explicit `env` list with `$(VAR)` expansion and
 * `valueFrom` (fieldRef, resourceFieldRef, secretKeyRef, configMapKeyRef).
 */
import { goQuote } from '../printers/go-fmt.js';
import { podHostname } from '../network/dns.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Container, EnvVar, Pod } from 'kubernetes-types/core/v1.js';
import { getObject } from '../api/objects.js';
import { serviceEnvVars } from '../network/envvars.js';
import type { ImageInfo } from '../network/images.js';
import { resourceFieldValue } from './kubelet-volumes.js';

/** Thrown when a referenced Secret/ConfigMap (or key) is missing: the container cannot be created. */
export class ConfigError extends Error {}

/** Expand `$(VAR)` references against `vars`; `$$` escapes; unknown references are left as written. */
export function expandVars(text: string, vars: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' && i + 1 < text.length) {
      const next = text[i + 1];
      if (next === '$') {
        out += '$';
        i++;
        continue;
      }
      if (next === '(') {
        const close = text.indexOf(')', i + 2);
        if (close > 0) {
          const name = text.slice(i + 2, close);
          if (name in vars) {
            out += vars[name];
            i = close;
            continue;
          }
        }
      }
    }
    out += ch;
  }
  return out;
}

/** The kubelet's fieldpath.FormatMap: `key="value"` lines in key order, each value Go-quoted (%q). */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${goQuote(m![k]!)}`)
    .join('\n');
}

/**
 * The pod's annotations as the kubelet's own copy holds them, which is what the downward API reads: its pod
 * config adds `kubernetes.io/config.source` ("api") and `kubernetes.io/config.seen` (when it first saw the
 * pod, RFC 3339 with nanoseconds, trailing zeros trimmed: here the creation second and nanoseconds taken
 * from the uid, so the same run gives the same bytes). A mirror pod's own values stay.
 */
function kubeletAnnotations(md: KubeObject['metadata']): Record<string, string> {
  const nanos = String(parseInt((md.uid ?? '').replace(/-/g, '').slice(-8) || '0', 16) % 1e9).padStart(9, '0').replace(/0+$/, '');
  const second = (md.creationTimestamp ?? '').replace(/Z$/, '');
  return { 'kubernetes.io/config.seen': `${second}${nanos ? `.${nanos}` : ''}Z`, 'kubernetes.io/config.source': 'api', ...md.annotations };
}

/** Value of a downward-API field path for a pod (status fields as the kubelet knows them at start). */
export function fieldPathValue(pod: KubeObject, path: string, podIP: string, hostIP: string): string {
  const p = pod as unknown as Pod;
  const md = pod.metadata;
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? md.labels : kubeletAnnotations(md))?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return md.name;
    case 'metadata.namespace':
      return md.namespace ?? '';
    case 'metadata.uid':
      return md.uid ?? '';
    case 'metadata.labels':
      return formatMap(md.labels);
    case 'metadata.annotations':
      return formatMap(kubeletAnnotations(md));
    case 'spec.nodeName':
      return p.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return p.spec?.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP;
    default:
      return '';
  }
}

function decodeSecret(v: string): string {
  return Buffer.from(v, 'base64').toString('utf8');
}

/**
 * The latched environment of one container start, in three parts whose merge (in this order, later
 * values winning, each key where it first appeared) is what the container sees: the image's variables
 * with HOSTNAME and TERM; the service variables of the moment (shared between containers, stored once:
 * envvars.ts); envFrom, the explicit `env` list and HOME. Throws ConfigError for missing references.
 */
export interface EnvParts {
  prefix: Record<string, string>;
  services: Record<string, string>;
  rest: Record<string, string>;
}

/** Build the latched environment of one container start. Throws ConfigError for missing references. */
export function containerEnv(state: ClusterState, pod: KubeObject, c: Container, image: ImageInfo, podIP: string, hostIP: string): Record<string, string> {
  const p = containerEnvParts(state, pod, c, image, podIP, hostIP);
  return Object.assign({}, p.prefix, p.services, p.rest);
}

/**
 * A container's whole environment as one record, without copying the service variables: they are its
 * prototype, and the own keys are the explicit variables over the image's (that a service variable of
 * the same name hides, as a start layers them).
 */
export function envView(parts: EnvParts): Record<string, string> {
  const view = Object.create(parts.services) as Record<string, string>;
  for (const [k, v] of Object.entries(parts.prefix)) if (!(k in parts.services)) view[k] = v;
  return Object.assign(view, parts.rest);
}

/**
 * The variables the kubelet expands `$(VAR)` in a container's command and args with: the service variables,
 * envFrom and env, not the image's ENV (the kubelet never sees those) nor what the runtime adds.
 */
export function commandRefs(services: Record<string, string>, rest: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(services) as Record<string, string>, rest);
}

/** The three parts of a container's environment (see EnvParts). */
export function containerEnvParts(state: ClusterState, pod: KubeObject, c: Container, image: ImageInfo, podIP: string, hostIP: string): EnvParts {
  const prefix: Record<string, string> = { ...image.env };
  prefix.HOSTNAME = podHostname(pod);
  if (c.tty) prefix.TERM = 'xterm';
  // The explicit env and envFrom may only reference earlier explicit variables and service variables.
  const services = serviceEnvVars(state, pod);
  // Resolved through the prototype: `name in refs` and refs[name] see the service variables without copying thousands of them per container.
  const refs: Record<string, string> = Object.create(services) as Record<string, string>;
  const env: Record<string, string> = {};
  const ns = pod.metadata.namespace;
  for (const ef of c.envFrom ?? []) {
    const ref = ef.configMapRef ?? ef.secretRef;
    if (!ref?.name) continue;
    const resource = ef.configMapRef ? 'configmaps' : 'secrets';
    const obj = getObject(state, resource, ns, ref.name) as { data?: Record<string, string> } | undefined;
    if (!obj) {
      if (ref.optional) continue;
      throw new ConfigError(`${ef.configMapRef ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of Object.entries(obj.data ?? {})) {
      const value = ef.secretRef ? decodeSecret(v) : v;
      env[(ef.prefix ?? '') + k] = value;
      refs[(ef.prefix ?? '') + k] = value;
    }
  }
  const node = getObject(state, 'nodes', undefined, (pod.spec as { nodeName?: string }).nodeName ?? '');
  for (const e of (c.env ?? []) as EnvVar[]) {
    let value: string;
    const vf = e.valueFrom;
    if (!vf) value = expandVars(e.value ?? '', refs);
    else if (vf.fieldRef) value = fieldPathValue(pod, vf.fieldRef.fieldPath, podIP, hostIP);
    else if (vf.resourceFieldRef) value = resourceFieldValue(c, vf.resourceFieldRef.resource, vf.resourceFieldRef.divisor as string | undefined, node);
    else if (vf.secretKeyRef || vf.configMapKeyRef) {
      const ref = (vf.secretKeyRef ?? vf.configMapKeyRef)!;
      const what = vf.secretKeyRef ? 'secret' : 'configmap';
      const obj = getObject(state, vf.secretKeyRef ? 'secrets' : 'configmaps', ns, ref.name ?? '') as { data?: Record<string, string> } | undefined;
      if (!obj) {
        if (ref.optional) continue;
        throw new ConfigError(`${what} "${ref.name}" not found`);
      }
      const raw = obj.data?.[ref.key];
      if (raw === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in ${vf.secretKeyRef ? 'Secret' : 'ConfigMap'} ${ns}/${ref.name}`);
      }
      value = vf.secretKeyRef ? decodeSecret(raw) : raw;
    } else value = '';
    env[e.name] = value;
    refs[e.name] = value;
  }
  if (!('HOME' in env) && !('HOME' in prefix) && !('HOME' in services)) env.HOME = '/root';
  return { prefix, services, rest: env };
}
