/**
 * The write requests of `kube-sim serve` (POST, PUT, PATCH, DELETE) mapped onto the shared write path:
 * the request's parameters become WriteOptions (`dryRun=All`, `fieldManager`, else the User-Agent's
 * prefix as the API server does), DeleteOptions come from the body kubectl sends them in, PATCH picks the
 * patch type from the Content-Type (server-side apply included), and the status and scale subresources
 * write only what they own. The answer is what a real API server answers: the stored object (201 when
 * created), or for a dry run the object as it would have been stored.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { KindInfo } from '../api/kind.js';
import type { CommandContext } from '../cli/context.js';
import { apiVersionOf, qualifiedResource, setAtPath, valueAtPath } from '../api/kind.js';
import { ApiError, notFound } from '../api/errors.js';
import { getObject } from '../api/objects.js';
import { applyObject, checkName, createObject, decodeManifest as decodeServed, deleteObject, patchObject, replaceObject, type DeleteOptions, type ValidationMode, type WriteOptions } from '../api/server.js';
import { patchTypeOf } from '../api/patch.js';
import { mergePatch, strategicMerge } from '../api/merge.js';
import { applyJsonPatch, JsonPatchError } from '../api/json-patch.js';
import { labelSelectorText } from '../api/selectors.js';
import { toRequestedVersion } from './convert.js';

/** What a write request names: the kind, the group-version asked in, and the object and subresource. */
export interface WriteRoute {
  info: KindInfo;
  apiVersion: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface WriteRequest {
  method: string;
  route: WriteRoute;
  url: URL;
  userAgent?: string;
  contentType: string;
  /** The parsed body (undefined when there is none). */
  body: unknown;
}

/** managerOrUserAgent: the fieldManager parameter, else what the User-Agent starts with (`kubectl`). */
function managerOf(url: URL, userAgent: string | undefined): string {
  const m = url.searchParams.get('fieldManager');
  if (m) return m;
  const ua = (userAgent ?? '').split('/')[0]!.replace(/[^\x20-\x7e]/g, '');
  return ua.slice(0, 128) || 'unknown';
}

/** The dryRun parameter: absent, or All (anything else is refused as the API server refuses it). */
function dryRunOf(values: string[]): boolean {
  for (const v of values) if (v !== 'All') throw new ApiError('BadRequest', `Invalid dry run value: ${v}; supported values: "All"`);
  return values.length > 0;
}

function writeOptions(req: WriteRequest, subresource?: string): WriteOptions {
  return { dryRun: dryRunOf(req.url.searchParams.getAll('dryRun')), fieldManager: managerOf(req.url, req.userAgent), subresource };
}

/** DeleteOptions from the body (where kubectl sends them) or the query. */
function deleteOptions(req: WriteRequest): DeleteOptions {
  const b = (req.body && typeof req.body === 'object' ? req.body : {}) as { dryRun?: unknown; propagationPolicy?: unknown; orphanDependents?: unknown; preconditions?: { uid?: unknown; resourceVersion?: unknown } };
  const dry = Array.isArray(b.dryRun) ? b.dryRun.map(String) : req.url.searchParams.getAll('dryRun');
  const policy = typeof b.propagationPolicy === 'string' ? b.propagationPolicy : req.url.searchParams.get('propagationPolicy');
  const orphan = b.orphanDependents ?? (req.url.searchParams.get('orphanDependents') === null ? undefined : req.url.searchParams.get('orphanDependents') === 'true');
  let propagationPolicy: DeleteOptions['propagationPolicy'];
  if (policy) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw new ApiError('BadRequest', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    propagationPolicy = policy;
  } else if (orphan !== undefined) propagationPolicy = orphan ? 'Orphan' : 'Background';
  const pre = b.preconditions;
  return {
    dryRun: dryRunOf(dry),
    propagationPolicy,
    preconditions: pre ? { uid: typeof pre.uid === 'string' ? pre.uid : undefined, resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined } : undefined,
  };
}

/** The Scale of a workload (autoscaling/v1), as GET and PUT on `/scale` exchange it. */
export function scaleOf(o: KubeObject, info?: KindInfo): Record<string, unknown> {
  const scale = (spec: unknown, status: Record<string, unknown>) => ({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
    spec: { replicas: spec ?? 0 },
    status,
  });
  const custom = info?.custom?.scale;
  if (custom) {
    // A custom resource's scale reads the CRD's paths (apiextensions-apiserver's scale subresource).
    const at = (path: string | undefined) => (path ? valueAtPath(o, path) : undefined);
    const selector = at(custom.labelSelectorPath);
    return scale(at(custom.specReplicasPath), { replicas: at(custom.statusReplicasPath) ?? 0, ...(typeof selector === 'string' && selector ? { selector } : {}) });
  }
  const spec = (o.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } | Record<string, string> };
  const sel = spec.selector && 'matchLabels' in spec.selector ? labelSelectorText(spec.selector as never) : Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  return scale(spec.replicas, { replicas: (o.status as { replicas?: number } | undefined)?.replicas ?? 0, selector: sel });
}

/** A write to `/scale`: the new replica count (from a Scale body or a patch of one) written as the scale subresource. */
function writeScale(state: ClusterState, env: Env, req: WriteRequest, opts: WriteOptions): unknown {
  const { info, namespace, name } = req.route;
  const live = getObject(state, info.resource, info.namespaced ? namespace : undefined, name!);
  if (!live) throw notFound(qualifiedResource(info), name!);
  let scale: unknown;
  const type = patchTypeOf(req.contentType);
  if (req.method === 'PUT') scale = req.body;
  else if (type === 'json') {
    try {
      scale = applyJsonPatch(scaleOf(live, info), req.body);
    } catch (e) {
      if (e instanceof JsonPatchError) throw new ApiError('Invalid', 'the server rejected our request due to an error in our request', { kind: '', name: '', causes: [] });
      throw e;
    }
  } else scale = mergePatch(scaleOf(live, info), req.body);
  const s = (scale ?? {}) as { metadata?: { resourceVersion?: string }; spec?: { replicas?: unknown } };
  const replicas = s.spec?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw new ApiError('BadRequest', `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas === 'string' ? 'string' : 'number ' + String(replicas)} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  if (replicas < 0) throw new ApiError('Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`, { kind: 'Scale', name: name!, causes: [{ field: 'spec.replicas', type: 'Invalid', value: replicas, detail: 'must be greater than or equal to 0' }] });
  const next = structuredClone(live);
  setAtPath(next as unknown as Record<string, unknown>, info.custom?.scale?.specReplicasPath ?? '.spec.replicas', replicas);
  next.metadata.resourceVersion = s.metadata?.resourceVersion || live.metadata.resourceVersion;
  return scaleOf(replaceObject(state, env, info, next, opts), info);
}

/**
 * The request's `fieldValidation` (kubectl's `--validate` sends Strict, Warn or Ignore) as the decoding
 * mode; strict when absent, as kube-sim always decoded.
 */
function fieldValidationOf(url: URL): ValidationMode {
  const v = url.searchParams.get('fieldValidation');
  return v === 'Warn' ? 'warn' : v === 'Ignore' ? 'ignore' : 'strict';
}

/** Serve one write request; returns the HTTP status, the body to answer with and the warnings to send (`Warning` headers). */
export function serveWrite(ctx: CommandContext, snapshot: { state: ClusterState; env: Env }, req: WriteRequest): { code: number; body: unknown; warnings?: string[] } {
  const warnings: string[] = [];
  const validate = fieldValidationOf(req.url);
  const decodeManifest = (state: ClusterState, doc: unknown, source: string, ns: string) => {
    const decoded = decodeServed(state, doc, source, ns, { validate });
    warnings.push(...decoded.warnings);
    return decoded;
  };
  const out = serveDecoded(ctx, snapshot, req, decodeManifest);
  return warnings.length ? { ...out, warnings } : out;
}

type Decode = (state: ClusterState, doc: unknown, source: string, ns: string) => ReturnType<typeof decodeServed>;

function serveDecoded(ctx: CommandContext, snapshot: { state: ClusterState; env: Env }, req: WriteRequest, decodeManifest: Decode): { code: number; body: unknown } {
  const { info, namespace, name, subresource } = req.route;
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return { code: 405, body: undefined };
  const answer = (o: KubeObject) => toRequestedVersion(info, structuredClone(o), req.route.apiVersion);
  const deleting = req.method === 'DELETE';
  const opts = deleting ? undefined : writeOptions(req, subresource);
  const dry = deleting ? deleteOptions(req).dryRun : opts!.dryRun;
  // A dry run reads the state and stores nothing; a real write runs under the lock.
  const run = <T>(change: (state: ClusterState, env: Env) => T): T => (dry ? change(snapshot.state, snapshot.env) : ctx.mutate(change).result);

  if (req.method === 'POST') {
    if (name) return { code: 405, body: undefined };
    const created = run((state, env) => {
      const { info: bodyInfo, obj } = decodeManifest(state, req.body, 'request', namespace ?? 'default');
      if (bodyInfo !== info) throw new ApiError('BadRequest', `the API version in the data (${apiVersionOf(bodyInfo)}) does not match the expected API version (${apiVersionOf(info)})`);
      if (namespace && obj.metadata.namespace !== namespace) throw new ApiError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      return createObject(state, env, info, obj, opts);
    });
    return { code: 201, body: answer(created) };
  }
  if (!name) return { code: 405, body: undefined };
  if (deleting) {
    const options = deleteOptions(req);
    return { code: 200, body: answer(run((state, env) => deleteObject(state, env, info, namespace, name, options))) };
  }
  if (subresource === 'scale') return { code: 200, body: run((state, env) => writeScale(state, env, req, opts!)) };
  if (req.method === 'PUT') {
    const stored = run((state, env) => {
      const { obj } = decodeManifest(state, req.body, 'request', namespace ?? 'default');
      checkName(obj, name, info.namespaced ? namespace : undefined);
      return replaceObject(state, env, info, obj, opts);
    });
    return { code: 200, body: answer(stored) };
  }
  if (req.contentType.includes('apply-patch')) {
    const force = req.url.searchParams.get('force') === 'true';
    const { obj, created } = run((state, env) => {
      const { obj: config } = decodeManifest(state, req.body, 'request', namespace ?? 'default');
      return applyObject(state, env, info, namespace, name, config, { ...opts, force });
    });
    return { code: created ? 201 : 200, body: answer(obj) };
  }
  const type = patchTypeOf(req.contentType);
  if (!type) {
    throw Object.assign(new ApiError('BadRequest', ''), {
      reason: 'UnsupportedMediaType',
      message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    });
  }
  const patched = run((state, env) => {
    if (req.route.apiVersion === apiVersionOf(info)) return patchObject(state, env, info, namespace, name, type, req.body, opts);
    // An older group-version (an extensions/v1beta1 Ingress on a 1.17 cluster): patched as the client sees it, then converted.
    const live = getObject(state, info.resource, info.namespaced ? namespace : undefined, name);
    if (!live) throw notFound(qualifiedResource(info), name);
    const view = toRequestedVersion(info, structuredClone(live), req.route.apiVersion);
    const next = type === 'json' ? applyJsonPatch(view, req.body) : type === 'merge' ? mergePatch(view, req.body) : strategicMerge(view, req.body);
    const { obj } = decodeManifest(state, next, 'request', namespace ?? 'default');
    checkName(obj, name, info.namespaced ? namespace : undefined);
    return replaceObject(state, env, info, obj, opts);
  });
  return { code: 200, body: answer(patched) };
}
