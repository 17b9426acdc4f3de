/**
 * `kubectl run --overrides=JSON --override-type=merge|strategic|json`: the generated Pod changed as
 * kubectl changes it before sending it, with the errors of the Go libraries kubectl uses for each type
 * (evanphx/json-patch v4's merge patch and JSON patch, apimachinery's strategic merge patch), then
 * decoded into a typed Pod and encoded again, as kubectl does (unknown fields dropped, fields in Go
 * struct order, each container's `resources` present).
 */
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../api/errors.js';
import { applyJsonPatch, JsonPatchDecodeError, JsonPatchError } from '../../api/json-patch.js';
import { mergePatch, strategicMerge } from '../../api/merge.js';
import { goUnmarshalError } from '../../api/json-stream.js';
import { decodeProblem, jsonKind } from '../../api/decode.js';
import { KIND_SCHEMAS } from '../../api/schema/kinds.js';

type Json = Parameters<typeof mergePatch>[0];
type Obj = Record<string, unknown>;

const TYPE_META = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** The Pod with the override applied, or kubectl's error for it. */
export function applyOverride(pod: KubeObject, text: string, type: string): KubeObject {
  return asTypedPod(patched(pod, text, type) as unknown as Obj);
}

function patched(pod: KubeObject, text: string, type: string): unknown {
  if (!['merge', 'strategic', 'json'].includes(type)) throw new CliError(`invalid override type: ${type}`);
  const syntax = goUnmarshalError(text);
  const patch = syntax ? undefined : (JSON.parse(text) as unknown);
  const target = pod as unknown as Json;
  if (type === 'strategic') {
    // The patch is unmarshalled into a map: anything else is no JSON document (null leaves it empty).
    if (syntax || (patch !== null && jsonKind(patch) !== 'object')) throw new CliError('invalid JSON document');
    return patch === null ? pod : strategicMerge(target, patch as Json);
  }
  if (type === 'merge') {
    // An array replaces the Pod (and then cannot decode); null and other scalars are no merge patch.
    if (syntax || patch === null || !['object', 'array'].includes(jsonKind(patch))) throw new CliError('Invalid JSON Patch');
    if (Array.isArray(patch)) throw new CliError(`couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${TYPE_META}`);
    return mergePatch(target, patch as Json);
  }
  if (syntax) throw new CliError(syntax);
  if (patch === null) return pod;
  if (!Array.isArray(patch)) throw new CliError(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type jsonpatch.Patch`);
  try {
    return applyJsonPatch(target, patch);
  } catch (e) {
    if (e instanceof JsonPatchDecodeError || e instanceof JsonPatchError) throw new CliError((e as Error).message);
    throw e;
  }
}

/** What kubectl's decode into a typed Pod and its encoding leave of the result. */
function asTypedPod(obj: Obj): KubeObject {
  // A JSON patch may replace the whole document (`"path": ""`), with null too.
  if (obj === null || jsonKind(obj) !== 'object') throw new CliError(`couldn't get version/kind; json parse error: json: cannot unmarshal ${obj === null ? 'null' : jsonKind(obj)} into Go value of type ${TYPE_META}`);
  if (obj.apiVersion !== 'v1' || obj.kind !== 'Pod') {
    if (obj.apiVersion !== 'v1' || typeof obj.kind !== 'string' || !KIND_SCHEMAS[obj.kind]) {
      throw new CliError(`no kind ${JSON.stringify(String(obj.kind ?? ''))} is registered for version ${JSON.stringify(String(obj.apiVersion ?? ''))} in scheme "pkg/scheme/scheme.go:28"`);
    }
    throw new CliError(`kube-sim does not simulate a run --overrides that turns the Pod into a ${obj.kind}`);
  }
  const { error, unknown } = decodeProblem(KIND_SCHEMAS.Pod!, obj, false);
  if (error) throw new CliError(error);
  for (const u of unknown) dropPath(obj, /^unknown field "(.*)"$/.exec(u)?.[1] ?? '');
  const spec = (obj.spec ?? {}) as Obj;
  for (const list of ['initContainers', 'containers'] as const) {
    if (!Array.isArray(spec[list])) continue;
    spec[list] = (spec[list] as Obj[]).map((c) => inOrder({ ...c, resources: c.resources ?? {} }, CONTAINER_FIELDS));
  }
  // Go writes a map's keys sorted.
  const md = obj.metadata as Obj | undefined;
  for (const [o, k] of [[md, 'labels'], [md, 'annotations'], [spec, 'nodeSelector']] as const) if (o?.[k] && typeof o[k] === 'object') o[k] = sortedKeys(o[k] as Obj);
  return inOrder({ ...obj, ...(md ? { metadata: inOrder(md, OBJECT_META_FIELDS) } : {}), ...(obj.spec ? { spec: inOrder(spec, POD_SPEC_FIELDS) } : {}) }, POD_FIELDS) as unknown as KubeObject;
}

function sortedKeys(o: Obj): Obj {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** Remove the member a decoder path names (`spec.containers[0].bogus`). */
function dropPath(obj: Obj, path: string): void {
  const steps = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  let cur: unknown = obj;
  for (const s of steps.slice(0, -1)) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
  const last = steps[steps.length - 1];
  if (cur && typeof cur === 'object' && last !== undefined) delete (cur as Record<string | number, unknown>)[last];
}

/** An object's members in Go struct order; members the order does not name keep theirs, after them. */
function inOrder(o: Obj, order: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (Object.hasOwn(o, k)) out[k] = o[k];
  for (const k of Object.keys(o)) if (!Object.hasOwn(out, k)) out[k] = o[k];
  return out;
}

// Field orders of the Go types (k8s.io/api core/v1, apimachinery meta/v1), as encoding/json writes them.
const POD_FIELDS = ['kind', 'apiVersion', 'metadata', 'spec', 'status'];
const OBJECT_META_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
const POD_SPEC_FIELDS = [
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy',
  'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC',
  'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases',
  'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead',
  'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims',
];
const CONTAINER_FIELDS = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'volumeMounts',
  'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy',
  'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
];
