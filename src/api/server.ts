/**
 * The simulated API server's write path: resolve the kind and version, decode strictly, default,
 * admit (allocations), validate, then store. Every command that writes objects goes through here, so
 * create, apply, replace, edit, patch and the generators all get the same rules and the same errors.
 */
import type { ClusterState, FieldError, KubeObject } from './types.js';
import type { Env } from '../env.js';
import type { KindInfo, AdmitContext } from './kind.js';
import { qualifiedResource, apiVersionOf, servesSubresource } from './kind.js';
import { ApiError, CliError, alreadyExists, invalid, notFound } from './errors.js';
import { getObject, insertObject, updateObject, removeObject, stampNewObject, generationAfter } from './objects.js';
import { resolveKind, clusterMinor } from './versions.js';
import { allKinds } from './registry.js';
import { clientValidate } from './schema/client-validation.js';
import { validateMetadata } from './validation.js';
import { decodeStrict, decodeProblem, manifestMetadata, plainCopy } from './decode.js';
import { METADATA_ONLY } from './schema/meta.js';
import { KIND_SCHEMAS } from './schema/kinds.js';
import { ManifestParseError } from './manifest.js';
import { rfc3339 } from '../env.js';
import { canonicalJson } from './semantic.js';
import { applyPatch, type PatchType } from './patch.js';
import { checkResourceVersion } from './preconditions.js';
import { managedFieldsAfter, managedView, sentFields, zeroStatusOf, type ManagedFieldsEntry, type WriteIdentity } from './managed-fields.js';
import { appliedFields, serverSideApply } from './server-side-apply.js';
import { checkDeletable, defaultPropagation, deleteCustomResources, deleteNamespaceContents, orphanDependents, type PropagationPolicy } from './deletion.js';
import { mutatingAdmission, validatingAdmission } from './admission.js';
import { rememberDeletedResource } from './custom-kinds.js';
import { customKindInfo } from '../kinds/custom-resource.js';
import { withEphemeralContainers } from '../kinds/pod-ephemeral.js';

/**
 * How a manifest is checked, as kubectl's `--validate`: `strict` (true, the default: unknown fields are
 * errors), `warn` (unknown fields become warnings), `ignore` (false: dropped silently), and `none` for
 * commands that only read an object's identity from a file (delete -f, describe -f, scale -f): kubectl
 * never sends those objects to the server, so nothing in them is checked.
 */
export type ValidationMode = 'strict' | 'warn' | 'ignore' | 'none';

/** The mode for a `--validate` flag value (`true`/`strict`, `warn`, `false`/`ignore`). */
export function validationMode(flag: string | boolean | undefined): ValidationMode {
  if (flag === undefined || flag === true || flag === 'true' || flag === 'strict') return 'strict';
  if (flag === 'warn') return 'warn';
  if (flag === false || flag === 'false' || flag === 'ignore') return 'ignore';
  throw new CliError(`invalid - validate option "${String(flag)}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/** Server-side field validation arrived in 1.25; kubectl validates client-side against older servers. */
const SERVER_FIELD_VALIDATION_MINOR = 25;

/** Turn a parsed manifest document into a typed object of a served kind, or throw kubectl's error. `warnings` are printed as `Warning: <text>`. */
export function decodeManifest(
  state: ClusterState,
  doc: unknown,
  source: string,
  defaultNamespace: string,
  opts: { validate?: ValidationMode } = {},
): { info: KindInfo; obj: KubeObject; warning?: string; warnings: string[]; printAs: string } {
  if (doc instanceof ManifestParseError) throw doc.error;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new CliError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const raw = doc as Record<string, unknown>;
  if (raw.apiVersion === undefined || raw.apiVersion === '')
    throw new CliError(`error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (raw.kind === undefined || raw.kind === '')
    throw new CliError(`error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  const md = manifestMetadata(raw, source);
  // kubectl decodes apiVersion, kind and metadata itself before anything reaches the server.
  const clientProblem = decodeProblem(METADATA_ONLY, { apiVersion: raw.apiVersion, kind: raw.kind, metadata: raw.metadata }, false).error;
  if (clientProblem) throw new CliError(`unable to decode "${source}": ${clientProblem}`);
  const served = resolveKind(state, String(raw.apiVersion), String(raw.kind));
  if (!served) lowercaseKindError(state, String(raw.apiVersion), String(raw.kind));
  if (!served) {
    throw new CliError(
      `resource mapping not found for name: "${String(md.name ?? '')}" namespace: "${String(md.namespace ?? '')}" from "${source}": no matches for kind "${String(raw.kind)}" in version "${String(raw.apiVersion)}"\nensure CRDs are installed first`,
    );
  }
  const mode = opts.validate ?? 'strict';
  const warnings = served.warning ? [served.warning] : [];
  let decoded: Record<string, unknown>;
  if (mode === 'none') {
    decoded = plainCopy(raw);
  } else {
    const oldServer = clusterMinor(state) < SERVER_FIELD_VALIDATION_MINOR;
    if (oldServer && mode !== 'ignore') {
      const errors = clientValidate(served.schema, raw, String(raw.apiVersion));
      if (errors.length) {
        throw new CliError(
          `error validating "${source}": error validating data: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}; if you choose to ignore these errors, turn validation off with --validate=false`,
        );
      }
    }
    const strict = mode === 'strict' && !oldServer;
    const { value, unknown } = served.decode ? customDecode(served.decode(raw), served.info.kind, served.version, strict) : decodeStrict(served.schema, served.info.kind, served.version, raw, strict);
    if (mode === 'warn' && !oldServer) warnings.push(...unknown);
    decoded = value;
  }
  const obj = served.convert(decoded as unknown as KubeObject);
  obj.apiVersion = apiVersionOf(served.info);
  obj.metadata ??= {} as KubeObject['metadata'];
  if (served.info.namespaced) obj.metadata.namespace ||= defaultNamespace;
  else delete obj.metadata.namespace;
  // kubectl names the object by the group it was sent to: `ingress.extensions/kubia created` on 1.17.
  const apiVersion = String(raw.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const printAs = `${served.info.kind.toLowerCase()}${group ? `.${group}` : ''}`;
  return { info: served.info, obj, warning: served.warning, warnings, printAs };
}

/**
 * A custom resource's decoding: its unknown fields are pruned, and refused as the strict decoder's
 * BadRequest when the client asked for strict field validation (kubectl's default `--validate=strict`).
 */
function customDecode(decoded: { value: Record<string, unknown>; unknown: string[] }, kind: string, version: string, strict: boolean): { value: Record<string, unknown>; unknown: string[] } {
  if (strict && decoded.unknown.length) {
    throw new ApiError('BadRequest', `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${decoded.unknown.join(', ')}`);
  }
  return decoded;
}

/** The parts of the state a write may move before it is refused or found to be a dry run: put back as they were. */
function traceOf(state: ClusterState): () => void {
  const { rng, resourceVersion } = state.meta;
  const streams = state.meta.streams ? { ...state.meta.streams } : undefined;
  return () => {
    state.meta.rng = rng;
    if (streams) state.meta.streams = streams;
    else delete state.meta.streams;
    state.meta.resourceVersion = resourceVersion;
  };
}

/**
 * kubectl's discovery mapper also knows each kind in lower case, so `kind: pod` reaches the server,
 * whose scheme has no such kind: BadRequest `pod in version "v1" cannot be handled as a Pod: no kind
 * "pod" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"`.
 */
function lowercaseKindError(state: ClusterState, apiVersion: string, kind: string): void {
  if (kind !== kind.toLowerCase()) return;
  const info = allKinds().find((k) => k.kind.toLowerCase() === kind && resolveKind(state, apiVersion, k.kind));
  if (!info) return;
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  throw new ApiError('BadRequest', `${kind} in version "${version}" cannot be handled as a ${info.kind}: no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
}

function admitAndValidate(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  const metaErrors: FieldError[] = validateMetadata(info, obj);
  if (metaErrors.length) throw invalid(info.kind, obj.metadata.name ?? '', metaErrors);
  // A refused object leaves no trace: allocations during admission draw from the seeded generator,
  // so its position is put back when admission or validation fails (a failed create must not change
  // the state file, even when other documents of the same command succeed).
  const restore = traceOf(ctx.state);
  try {
    info.admit?.(obj, ctx);
    mutatingAdmission(info, obj, ctx);
    const errors = [...(info.validate?.(obj, ctx) ?? []), ...replicaCapacityErrors(obj)];
    if (errors.length) throw invalid(info.kind, obj.metadata.name, errors);
    validatingAdmission(info, obj, ctx);
  } catch (e) {
    restore();
    throw e;
  }
}

/**
 * kube-sim's capacity: a real API server accepts any int32 replica count, but a simulated cluster that
 * materialises every pod would hang on two billion of them. Workloads above this are refused like an
 * invalid field, with the reason in the message.
 */
export const MAX_SIMULATED_REPLICAS = 20000;

/** The capacity errors of a workload (empty when its replica count is within what kube-sim simulates). */
export function replicaCapacityErrors(obj: KubeObject): FieldError[] {
  const replicas = (obj.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || replicas <= MAX_SIMULATED_REPLICAS) return [];
  if (!['ReplicaSet', 'ReplicationController', 'Deployment', 'StatefulSet'].includes(obj.kind)) return [];
  return [{ field: 'spec.replicas', type: 'Invalid', value: replicas, detail: `must be no more than ${MAX_SIMULATED_REPLICAS} (the most pods a kube-sim workload simulates)` }];
}

function checkNamespace(state: ClusterState, info: KindInfo, obj: KubeObject): void {
  if (!info.namespaced) return;
  const ns = obj.metadata.namespace!;
  if (!getObject(state, 'namespaces', undefined, ns)) throw new ApiError('NotFound', `namespaces "${ns}" not found`);
}

/**
 * How a write is made, as a request's parameters say: server-side dry run (`dryRun=All`), the field
 * manager (`fieldManager`, else the client's user-agent prefix), and the subresource written.
 */
export interface WriteOptions {
  /** Admitted, validated and answered as if stored; nothing is stored and no state moves. */
  dryRun?: boolean;
  /** The managedFields manager: `kubectl-create`, `kube-controller-manager`, ... (default `kubectl`). */
  fieldManager?: string;
  /** `status` when only the status subresource is written. */
  subresource?: string;
}

/** Who writes, for managedFields. */
export function writer(env: Env, info: KindInfo, opts: WriteOptions, operation: 'Update' | 'Apply' = 'Update'): WriteIdentity {
  return { manager: opts.fieldManager || 'kubectl', operation, apiVersion: apiVersionOf(info), subresource: opts.subresource, now: rfc3339(env.now()) };
}

/** Create a new object (POST). */
export function createObject(state: ClusterState, env: Env, info: KindInfo, obj: KubeObject, opts: WriteOptions = {}): KubeObject {
  return createWith(state, env, info, obj, opts, (view, requested) => managedFieldsAfter(info, undefined, view, writer(env, info, opts), requested));
}

/** Create, with the managedFields given by `managed` (an Update's or an Apply's). */
function createWith(
  state: ClusterState,
  env: Env,
  info: KindInfo,
  obj: KubeObject,
  opts: WriteOptions,
  managed: (view: KubeObject, requested: unknown) => ManagedFieldsEntry[] | undefined,
): KubeObject {
  if (info.readOnly) throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw invalid(info.kind, '', [{ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' }]);
  }
  if (obj.metadata.name && getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name)) {
    throw alreadyExists(qualifiedResource(info), obj.metadata.name);
  }
  checkNamespace(state, info, obj);
  const requestedManagers = obj.metadata.managedFields;
  // Server-owned metadata is never taken from a manifest.
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp', 'managedFields'] as const) delete obj.metadata[k];
  const sent = sentFields(obj);
  admitAndValidate(info, obj, { state, env, operation: 'create' });
  setManagedFields(obj, managed(managedView(info, obj, sent), requestedManagers));
  if (!opts.dryRun) return insertObject(state, info.resource, obj, env);
  // A dry run is answered as stored (name generated, uid and creationTimestamp set) but leaves no trace.
  const restore = traceOf(state);
  stampNewObject(state, info.resource, obj, env);
  restore();
  // ... with the status struct the API server serializes before any controller fills it (`status: {}`).
  const zero = zeroStatusOf(info);
  if (obj.status === undefined && zero !== undefined) obj.status = structuredClone(zero) as KubeObject['status'];
  return obj;
}

function setManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[] | undefined): void {
  if (entries?.length) obj.metadata.managedFields = entries as never;
  else delete obj.metadata.managedFields;
}

/**
 * Replace an existing object (PUT, and the result of every patch), keeping its identity. A
 * `metadata.resourceVersion` in `obj` is a precondition (409 Conflict when the object moved on since);
 * an empty or "0" one replaces unconditionally. With `subresource: 'status'` only the status is taken.
 */
export function replaceObject(state: ClusterState, env: Env, info: KindInfo, obj: KubeObject, opts: WriteOptions = {}): KubeObject {
  return replaceWith(state, env, info, obj, opts, (old, next, requested) => managedFieldsAfter(info, old, next, writer(env, info, opts), requested));
}

/** Replace, with the managedFields given by `managed` (an Update's, or those an apply computed). */
function replaceWith(
  state: ClusterState,
  env: Env,
  info: KindInfo,
  obj: KubeObject,
  opts: WriteOptions,
  managed: (old: KubeObject, next: KubeObject, requested: unknown) => ManagedFieldsEntry[] | undefined,
): KubeObject {
  // Patches and edits reach here without a manifest decode: values of the wrong type never get stored.
  const schema = info.custom ? undefined : KIND_SCHEMAS[info.kind];
  if (schema) {
    // What is stored is what decodes: a field the kind does not have is refused, never kept.
    const { error, value } = decodeProblem(schema, obj as unknown as Record<string, unknown>, true);
    if (error) throw new ApiError('BadRequest', `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${error}`);
    obj = value as unknown as KubeObject;
  }
  const old = getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name);
  if (!old) throw notFound(qualifiedResource(info), obj.metadata.name);
  checkResourceVersion(info, old, obj.metadata.resourceVersion);
  checkUid(info, old, obj);
  let next: KubeObject;
  if (opts.subresource === 'status') {
    next = structuredClone(old);
    next.status = obj.status;
  } else if (opts.subresource === 'ephemeralcontainers' && info.kind === 'Pod') {
    next = withEphemeralContainers(old, obj);
  } else {
    next = obj;
    next.metadata.uid = old.metadata.uid;
    next.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.generation !== undefined) next.metadata.generation = old.metadata.generation;
    else delete next.metadata.generation;
    if (old.metadata.ownerReferences && !next.metadata.ownerReferences) next.metadata.ownerReferences = old.metadata.ownerReferences;
    // Status is not writable through the main resource: keep the server's. A custom resource's is, unless
    // its CRD gives it a status subresource.
    const statusSubresource = !info.custom || servesSubresource(info, 'status');
    if (statusSubresource && 'status' in old) next.status = old.status;
    else if (statusSubresource) delete next.status;
  }
  const requestedManagers = obj.metadata.managedFields;
  next.metadata.resourceVersion = old.metadata.resourceVersion;
  admitAndValidate(info, next, { state, env, operation: 'update', old, subresource: opts.subresource });
  setManagedFields(next, managed(old, next, requestedManagers));
  const generation = generationAfter(info.resource, old, next);
  if (generation !== undefined) next.metadata.generation = generation;
  // An update that changes nothing is not written (the resourceVersion stays), as etcd's GuaranteedUpdate.
  if (opts.dryRun || sameStored(old, next)) return next;
  return updateObject(state, info.resource, next);
}

/** Equal as stored, ignoring key order. */
function sameStored(a: KubeObject, b: KubeObject): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The uid of an update must be the object's (when given). */
function checkUid(info: KindInfo, old: KubeObject, obj: KubeObject): void {
  const uid = obj.metadata.uid;
  if (uid && uid !== old.metadata.uid) throw invalid(info.kind, obj.metadata.name, [{ field: 'metadata.uid', type: 'Invalid', value: uid, detail: 'field is immutable' }]);
}

/** The API server's answer to a strategic merge patch of a custom resource (415). */
export const STRATEGIC_REFUSED = 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

/**
 * Patch an existing object (PATCH): the patch is applied to the live object as the API server's patch
 * handler does, then written as an update by `opts.fieldManager`.
 */
export function patchObject(state: ClusterState, env: Env, info: KindInfo, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): KubeObject {
  // Custom resources have no Go struct to carry patch strategies (apiextensions-apiserver's patch handler).
  if (info.custom && type === 'strategic') throw new ApiError('UnsupportedMediaType', STRATEGIC_REFUSED);
  const live = getObject(state, info.resource, info.namespaced ? namespace : undefined, name);
  if (!live) throw notFound(qualifiedResource(info), name);
  const patched = applyPatch(state, info, structuredClone(live), type, patch);
  checkName(patched, name, live.metadata.namespace);
  return replaceObject(state, env, info, patched, opts);
}

/** A request's object must name what the URL names (checkName of the API server's handlers). */
export function checkName(obj: KubeObject, name: string, namespace: string | undefined): void {
  const md = (obj.metadata ?? {}) as Partial<KubeObject['metadata']>;
  const objName = typeof md.name === 'string' ? md.name : '';
  if (objName !== name) throw new ApiError('BadRequest', `the name of the object (${objName}) does not match the name on the URL (${name})`);
  if (namespace && md.namespace && md.namespace !== namespace) {
    throw new ApiError('BadRequest', `the namespace of the object (${md.namespace}) does not match the namespace on the request (${namespace})`);
  }
  if (namespace) obj.metadata.namespace = namespace;
}

/** DeleteOptions: dry run, how dependents are treated, and preconditions on the object deleted. */
export interface DeleteOptions {
  dryRun?: boolean;
  /** Orphan keeps the dependents (their ownerReferences to the deleted object are removed); the default is the kind's. */
  propagationPolicy?: PropagationPolicy;
  preconditions?: { resourceVersion?: string; uid?: string };
}

/**
 * Delete an object. Its dependents follow (Background, Foreground: kube-sim has no Terminating phase,
 * so both leave owner and dependents gone when the call returns, as after kubectl's wait) or stay,
 * released from it (Orphan). The namespaces a cluster cannot run without are refused.
 */
export function deleteObject(state: ClusterState, env: Env, info: KindInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
  const ns = info.namespaced ? namespace : undefined;
  const live = getObject(state, info.resource, ns, name);
  if (!live) throw notFound(qualifiedResource(info), name);
  checkDeletable(info, live, opts.preconditions);
  if (opts.dryRun) return live;
  // The object's own deletion is the first write (its version; removeObject remembers it), then what follows from it.
  removeObject(state, info.resource, ns, name);
  if (info.kind === 'Namespace') deleteNamespaceContents(state, name);
  if (info.kind === 'CustomResourceDefinition') {
    deleteCustomResources(state, name);
    const defined = customKindInfo(live);
    if (defined) rememberDeletedResource(state, defined);
  }
  if ((opts.propagationPolicy ?? defaultPropagation(info)) === 'Orphan') orphanDependents(state, live, rfc3339(env.now()));
  return live;
}

/**
 * Server-side apply (PATCH application/apply-patch+yaml): create the object from `config` when it does
 * not exist, else merge `config` into it (server-side-apply.ts), both as an Apply by `opts.fieldManager`.
 */
export function applyObject(
  state: ClusterState,
  env: Env,
  info: KindInfo,
  namespace: string | undefined,
  name: string,
  config: KubeObject,
  opts: WriteOptions & { force?: boolean } = {},
): { obj: KubeObject; created: boolean } {
  checkName(config, name, info.namespaced ? namespace : undefined);
  const who = writer(env, info, opts, 'Apply');
  const live = getObject(state, info.resource, info.namespaced ? namespace : undefined, name);
  if (!live) {
    const applied = structuredClone(config);
    return { obj: createWith(state, env, info, config, opts, () => appliedFields(info, applied, who)), created: true };
  }
  const merged = serverSideApply(info, live, config, who, !!opts.force);
  const entries = merged.metadata.managedFields as ManagedFieldsEntry[] | undefined;
  return { obj: replaceWith(state, env, info, merged, opts, () => entries), created: false };
}
