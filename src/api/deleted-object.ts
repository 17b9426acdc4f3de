/**
 * What a watch's DELETED event carries, for `kube-sim get -w` and for `serve`'s watch streams alike.
 */
import type { ClusterState, KubeObject } from './types.js';
import { getObject } from './objects.js';
import { deletionVersion } from './deletion-log.js';
import { rfc3339 } from '../env.js';

/**
 * The object of a DELETED event for `last`, an object a watch saw and no longer selects. Still there
 * (a label changed): the object as it is now, as the API server sends it. Gone: as it was last seen,
 * with the resourceVersion its deletion took (deletion-log.ts; for a deletion too old to be remembered,
 * the cluster's write counter, newer than any it had); kube-sim deletes a pod at once where a cluster
 * deletes it gracefully, so a pod comes marked as being deleted (deletionTimestamp) and kubectl shows
 * its last row `Terminating`.
 */
export function deletedEventObject(state: ClusterState, resource: string, last: KubeObject, now: Date): KubeObject {
  const still = getObject(state, resource, last.metadata.namespace, last.metadata.name);
  if (still && still.metadata.uid === last.metadata.uid) return still;
  const rv = deletionVersion(state, resource, last.metadata.uid) ?? Math.max(state.meta.resourceVersion, Number(last.metadata.resourceVersion ?? 0) + 1);
  const metadata = { ...last.metadata, resourceVersion: String(rv) };
  if (last.kind === 'Pod' && !metadata.deletionTimestamp) metadata.deletionTimestamp = rfc3339(now);
  return { ...last, metadata };
}
