/**
 * What a watch's DELETED event carries, for `kube-sim get -w` and for `serve`'s watch streams alike.
 */
import type { ClusterState, KubeObject } from './types.js';
import { getObject } from './objects.js';
import { rfc3339 } from '../env.js';

/**
 * The object of a DELETED event for `last`, an object a watch saw and no longer selects. Still there
 * (a label changed): the object as it is now, as the API server sends it. Gone: as it was last seen,
 * with the resourceVersion of the deletion (remembered for a deletion through the API; otherwise the
 * cluster's write counter, newer than any it had); kube-sim deletes a pod at once where a cluster
 * deletes it gracefully, so a pod comes marked as being deleted (deletionTimestamp) and kubectl shows
 * its last row `Terminating`.
 */
export function deletedEventObject(state: ClusterState, resource: string, last: KubeObject, now: Date): KubeObject {
  const still = getObject(state, resource, last.metadata.namespace, last.metadata.name);
  if (still && still.metadata.uid === last.metadata.uid) return still;
  const rv = deletionVersion(state, last.metadata.uid) ?? Math.max(state.meta.resourceVersion, Number(last.metadata.resourceVersion ?? 0) + 1);
  const metadata = { ...last.metadata, resourceVersion: String(rv) };
  if (last.kind === 'Pod' && !metadata.deletionTimestamp) metadata.deletionTimestamp = rfc3339(now);
  return { ...last, metadata };
}

/** Where the resourceVersions of recent deletions through the API are kept: [uid, resourceVersion] pairs, oldest first. */
const DELETIONS = 'deletions';
/**
 * How many deletions are remembered. A watch looks several times a second, so it needs only the last
 * few; the bound keeps the state from growing with every delete.
 */
const REMEMBERED = 1000;

/**
 * Remember that `deleted` went with the cluster's current resourceVersion (the one its delete moved the
 * counter to), so each watch's DELETED event carries that version: without it, two deletions seen in one
 * look both carried the latest counter, the same version as each other and as any later write.
 */
export function rememberDeletion(state: ClusterState, deleted: KubeObject): void {
  const uid = deleted.metadata.uid;
  if (!uid) return;
  const kept = (state.memory[DELETIONS] ?? []) as [string, number][];
  state.memory[DELETIONS] = [...kept.slice(-(REMEMBERED - 1)), [uid, state.meta.resourceVersion]];
}

/** The resourceVersion of the remembered deletion of the object with this uid. */
function deletionVersion(state: ClusterState, uid: string | undefined): number | undefined {
  if (!uid) return undefined;
  const kept = state.memory[DELETIONS] as [string, number][] | undefined;
  if (!Array.isArray(kept)) return undefined;
  for (let i = kept.length - 1; i >= 0; i--) if (kept[i]?.[0] === uid) return kept[i]![1];
  return undefined;
}
