/**
 * The simulated API server's write path: resolve the kind and version, decode strictly, default,
 * admit (allocations), validate, then store. Every command that writes objects goes through here, so
 * create, apply, replace, edit, patch and the generators all get the same rules and the same errors.
 */
import type { ClusterState, FieldError, KubeObject } from './types.js';
import type { Env } from '../env.js';
import type { KindInfo, AdmitContext } from './kind.js';
import { qualifiedResource, apiVersionOf } from './kind.js';
import { ApiError, CliError, alreadyExists, invalid, notFound } from './errors.js';
import { getObject, insertObject, updateObject, removeObject, listObjects } from './objects.js';
import { allKinds } from './registry.js';
import { resolveKind, clusterMinor } from './versions.js';
import { clientValidate } from './schema/client-validation.js';
import { validateMetadata } from './validation.js';
import { decodeStrict, decodeProblem, manifestMetadata, plainCopy } from './decode.js';
import { METADATA_ONLY } from './schema/meta.js';
import { KIND_SCHEMAS } from './schema/kinds.js';
import { ManifestParseError } from './manifest.js';
import { mutatingAdmission, validatingAdmission } from './admission.js';

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
    const { value, unknown } = decodeStrict(served.schema, served.info.kind, served.version, raw, mode === 'strict' && !oldServer);
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

function admitAndValidate(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  const metaErrors: FieldError[] = validateMetadata(info, obj);
  if (metaErrors.length) throw invalid(info.kind, obj.metadata.name ?? '', metaErrors);
  // A refused object leaves no trace: allocations during admission draw from the seeded generator,
  // so its position is put back when admission or validation fails (a failed create must not change
  // the state file, even when other documents of the same command succeed).
  const { rng, resourceVersion } = ctx.state.meta;
  const streams = ctx.state.meta.streams ? { ...ctx.state.meta.streams } : undefined;
  try {
    info.admit?.(obj, ctx);
    mutatingAdmission(info, obj, ctx);
    const errors = [...(info.validate?.(obj, ctx) ?? []), ...replicaCapacityErrors(obj)];
    if (errors.length) throw invalid(info.kind, obj.metadata.name, errors);
    validatingAdmission(info, obj, ctx);
  } catch (e) {
    ctx.state.meta.rng = rng;
    if (streams) ctx.state.meta.streams = streams;
    else delete ctx.state.meta.streams;
    ctx.state.meta.resourceVersion = resourceVersion;
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

/** Create a new object (POST). */
export function createObject(state: ClusterState, env: Env, info: KindInfo, obj: KubeObject): KubeObject {
  if (info.readOnly) throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw invalid(info.kind, '', [{ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' }]);
  }
  if (obj.metadata.name && getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name)) {
    throw alreadyExists(qualifiedResource(info), obj.metadata.name);
  }
  checkNamespace(state, info, obj);
  // Server-owned metadata is never taken from a manifest.
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp', 'managedFields'] as const) delete obj.metadata[k];
  admitAndValidate(info, obj, { state, env, operation: 'create' });
  return insertObject(state, info.resource, obj, env);
}

/** Replace an existing object (PUT), keeping its identity. */
export function replaceObject(state: ClusterState, env: Env, info: KindInfo, obj: KubeObject): KubeObject {
  // Patches and edits reach here without a manifest decode: values of the wrong type never get stored.
  const schema = KIND_SCHEMAS[info.kind];
  const typeProblem = schema ? decodeProblem(schema, obj as unknown as Record<string, unknown>, false).error : undefined;
  if (typeProblem) throw new ApiError('BadRequest', `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${typeProblem}`);
  const old = getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name);
  if (!old) throw notFound(qualifiedResource(info), obj.metadata.name);
  obj.metadata.uid = old.metadata.uid;
  obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.ownerReferences && !obj.metadata.ownerReferences) obj.metadata.ownerReferences = old.metadata.ownerReferences;
  // Status is not writable through the main resource: keep the server's.
  if ('status' in old) obj.status = old.status;
  admitAndValidate(info, obj, { state, env, operation: 'update', old });
  return updateObject(state, info.resource, obj);
}

/** Delete an object; dependents are removed by the garbage collector controller. */
export function deleteObject(state: ClusterState, info: KindInfo, namespace: string | undefined, name: string): KubeObject {
  const removed = removeObject(state, info.resource, info.namespaced ? namespace : undefined, name);
  if (!removed) throw notFound(qualifiedResource(info), name);
  if (info.kind === 'Namespace') deleteNamespaceContents(state, name);
  state.meta.resourceVersion += 1;
  return removed;
}

/**
 * The namespace controller's work, done at once (kube-sim has no Terminating phase): every object in a
 * deleted namespace goes with it; the kubelet drops the runtimes of pods that no longer exist.
 */
function deleteNamespaceContents(state: ClusterState, namespace: string): void {
  for (const info of allKinds()) {
    if (!info.namespaced) continue;
    for (const o of listObjects(state, info.resource, namespace)) removeObject(state, info.resource, namespace, o.metadata.name);
  }
}
