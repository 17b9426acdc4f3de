/**
 * Optimistic concurrency as the API server enforces it: an update that names a resourceVersion must name
 * the object's current one (else 409 Conflict, "the object has been modified"), and a delete's
 * preconditions (uid, resourceVersion) must hold. An empty or "0" resourceVersion is unconditional.
 */
import type { KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import { qualifiedResource } from './kind.js';
import { ApiError, invalid } from './errors.js';

/** 409 Conflict in the server's words: `Operation cannot be fulfilled on pods "p": <why>`. */
export function conflict(info: KindInfo, name: string, why: string): ApiError {
  return new ApiError('Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`);
}

/** The optimistic-lock message of a stale resourceVersion. */
export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** storage's ParseResourceVersion: a decimal uint64, or empty/"0" for none. */
function parseResourceVersion(info: KindInfo, name: string, rv: string): bigint | undefined {
  if (rv === '' || rv === '0') return undefined;
  if (!/^\d+$/.test(rv) || BigInt(rv) > 18446744073709551615n) {
    const why = /^\d+$/.test(rv) ? 'value out of range' : 'invalid syntax';
    throw invalid(info.resource, name, [{ field: 'resourceVersion', type: 'Invalid', value: rv, detail: `strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${why}` }]);
  }
  return BigInt(rv);
}

/** An update naming `rv` (undefined: none) must find the object at that version. */
export function checkResourceVersion(info: KindInfo, live: KubeObject, rv: unknown): void {
  if (rv === undefined || rv === null) return;
  const wanted = parseResourceVersion(info, live.metadata.name, String(rv));
  if (wanted !== undefined && String(wanted) !== live.metadata.resourceVersion) throw conflict(info, live.metadata.name, OBJECT_MODIFIED);
}

/** DeleteOptions.preconditions: the object deleted must still be the one (uid) at the version (resourceVersion) the client saw. */
export function checkDeletePreconditions(info: KindInfo, live: KubeObject, pre: { resourceVersion?: string; uid?: string } | undefined): void {
  if (pre?.uid && pre.uid !== live.metadata.uid) {
    throw conflict(info, live.metadata.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid ?? ''}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== live.metadata.resourceVersion) {
    throw conflict(info, live.metadata.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion ?? ''}`);
  }
}
