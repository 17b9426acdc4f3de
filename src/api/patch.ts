/**
 * The API server's patch handler: a JSON patch, JSON merge patch or strategic merge patch applied to
 * the live object's wire JSON, and the patched result decoded back into the kind, with the errors the
 * server gives when that fails. The result is then written like any update (preconditions, admission,
 * validation), so `kubectl patch`, `label`, `annotate`, `edit` and the same requests through `serve`
 * behave alike.
 */
import type { KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import type { FieldType, ObjectType } from './schema/types.js';
import { ApiError } from './errors.js';
import { mergePatch, strategicMerge } from './merge.js';
import { applyJsonPatch, JsonPatchDecodeError, JsonPatchError } from './json-patch.js';
import { decodeProblem } from './decode.js';
import { KIND_SCHEMAS } from './schema/kinds.js';
import { resolveKind } from './versions.js';
import type { ClusterState } from './types.js';

export type PatchType = 'json' | 'merge' | 'strategic';

/** The patch type of a request's Content-Type (undefined when it is not a patch type). */
export function patchTypeOf(contentType: string): PatchType | undefined {
  if (contentType.includes('json-patch')) return 'json';
  if (contentType.includes('strategic-merge-patch')) return 'strategic';
  if (contentType.includes('merge-patch')) return 'merge';
  return undefined;
}

/** An Invalid error without kind or name (kubectl prints `The request is invalid: ...`). */
function invalidPatch(value: string, detail: string): ApiError {
  const cause = { field: 'patch', type: 'Invalid' as const, valueText: JSON.stringify(value), detail };
  return new ApiError('Invalid', ` "" is invalid: patch: Invalid value: ${cause.valueText}: ${detail}`, { kind: '', name: '', causes: [cause] });
}

/** The Go kind name of a decoded JSON value (sigs.k8s.io/json keeps integers as int64). */
function goKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** Go's `%+v` of a decoded JSON value (the patch map in a strategic patch's Invalid value). */
export function goMapText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goMapText).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goMapText(o[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v).replace(/e\+?/, 'e+').replace('e+-', 'e-');
  return String(v);
}

/**
 * runtime.DefaultUnstructuredConverter.FromUnstructured's first error for a value of the wrong shape
 * (`cannot restore map from string`, `cannot restore struct from: slice`, `unrecognized type: int32`).
 */
function conversionError(v: unknown, type: FieldType): string | undefined {
  if (v === null || v === undefined) return undefined;
  const kind = goKind(v);
  switch (type.t) {
    case 'object': {
      if (kind !== 'map') return `cannot restore struct from: ${kind}`;
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const field = Object.hasOwn(type.fields, k) ? type.fields[k] : undefined;
        const e = field && conversionError(o[k], field.type);
        if (e) return e;
      }
      return undefined;
    }
    case 'map': {
      if (kind !== 'map') return `cannot restore map from ${kind}`;
      for (const x of Object.values(v as Record<string, unknown>)) {
        const e = conversionError(x, type.values);
        if (e) return e;
      }
      return undefined;
    }
    case 'array': {
      if (kind !== 'slice') return `cannot restore slice from ${kind}`;
      for (const x of v as unknown[]) {
        const e = conversionError(x, type.items);
        if (e) return e;
      }
      return undefined;
    }
    case 'bytes':
      return kind === 'string' ? undefined : kind === 'slice' ? undefined : `cannot restore slice from ${kind}`;
    case 'string':
      if (kind === 'string') return undefined;
      return kind === 'int64' ? `cannot convert int64 to ${type.go}` : `unrecognized type: string`;
    case 'int32':
    case 'int64':
    case 'float64':
      if (kind === 'int64') return undefined;
      if (kind === 'float64') return type.t === 'float64' ? undefined : `cannot convert float64 to ${type.go}`;
      return `unrecognized type: ${type.t}`;
    case 'bool':
      return kind === 'bool' ? undefined : 'unrecognized type: bool';
    case 'intstr':
      return kind === 'string' || kind === 'int64' ? undefined : `json: cannot unmarshal ${kind === 'map' ? 'object' : kind === 'slice' ? 'array' : kind === 'float64' ? 'number' : kind} into Go value of type int32`;
    default:
      return undefined;
  }
}

/** The internal Go package of a kind's group (`core`, `apps`, `networking`), as conversion errors name it. */
function internalPackage(group: string): string {
  if (!group) return 'core';
  return group.split('.')[0]!;
}

/** A patch may not change what the object is: another kind or version is a failed conversion, as the server reports it. */
function checkIdentity(state: ClusterState, info: KindInfo, patched: Record<string, unknown>, value: () => string): void {
  const apiVersion = String(patched.apiVersion ?? '');
  const kind = String(patched.kind ?? '');
  const live = `${info.group ? `${info.group}/` : ''}${info.version}`;
  if (kind === info.kind && apiVersion === live) return;
  const other = kind && apiVersion ? resolveKind(state, apiVersion, kind)?.info : undefined;
  if (!other) throw invalidPatch(value(), `no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  if (other.kind === info.kind) return;
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  throw invalidPatch(value(), `converting (${version}.${kind}) to (${internalPackage(info.group)}.${info.kind}): unknown conversion`);
}

/**
 * Apply a patch of `type` to `live` (in its wire form) and decode the result, or throw the server's
 * error. The result keeps the live object's resourceVersion unless the patch sets one (a precondition).
 */
export function applyPatch(state: ClusterState, info: KindInfo, live: KubeObject, type: PatchType, patch: unknown): KubeObject {
  const schema = KIND_SCHEMAS[info.kind] as ObjectType | undefined;
  let patched: unknown;
  if (type === 'json') {
    try {
      patched = applyJsonPatch(live, patch);
    } catch (e) {
      if (e instanceof JsonPatchDecodeError) throw new ApiError('BadRequest', e.message);
      if (e instanceof JsonPatchError) throw new ApiError('Invalid', 'the server rejected our request due to an error in our request', { kind: '', name: '', causes: [] });
      throw e;
    }
  } else {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new ApiError('BadRequest', `json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch === 'string' ? 'string' : typeof patch === 'number' ? 'number' : 'bool'} into Go value of type map[string]interface {}`);
    }
    patched = type === 'merge' ? mergePatch(live, patch) : strategicMerge(live, patch);
  }
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
    throw invalidPatch(JSON.stringify(patched), `json: cannot unmarshal ${goKind(patched) === 'slice' ? 'array' : goKind(patched)} into Go value of type ${info.group ? internalPackage(info.group) : 'core'}.${info.kind}`);
  }
  const obj = patched as Record<string, unknown>;
  // The value the server shows: the patch map for a strategic patch, the patched object otherwise.
  const shown = () => (type === 'strategic' ? goMapText(patch) : JSON.stringify(obj));
  checkIdentity(state, info, obj, shown);
  if (schema) {
    // kubectl sends fieldValidation=Strict: unknown fields fail the patch like wrong types do.
    const problem = (type === 'strategic' ? conversionError(obj, schema) : undefined) ?? decodeProblem(schema, obj, true).error;
    if (problem) throw invalidPatch(shown(), problem);
  }
  return obj as KubeObject;
}
