/**
 * The objects `-f FILE...` names for the commands that look them up (get, describe): each manifest's
 * kind, namespace (its own, or the command's) and name, or kubectl's error for one it cannot decode.
 */
import type { ClusterState } from '../api/types.js';
import type { KindInfo } from '../api/kind.js';
import { readManifests } from '../api/manifest.js';
import { decodeManifest } from '../api/server.js';
import { formatError } from './format-error.js';

export type ManifestTarget = { info: KindInfo; namespace: string | undefined; name: string } | { error: string };

/** Decode the manifests `readManifests` read, in order, without validating them (only their identity counts). */
export function manifestTargets(state: ClusterState, docs: Awaited<ReturnType<typeof readManifests>>, namespace: string): ManifestTarget[] {
  return docs.map((d) => {
    try {
      const { info, obj } = decodeManifest(state, d.doc, d.source, namespace, { validate: 'none' });
      return { info, namespace: info.namespaced ? obj.metadata.namespace : undefined, name: obj.metadata.name };
    } catch (e) {
      return { error: formatError(e).text };
    }
  });
}
