/**
 * ControllerRevision history shared by the owners that keep it (DaemonSet, StatefulSet): an owner's
 * revisions in revision order, and the pod template one stores (its data is a `$patch: replace` of
 * spec.template).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { PodTemplate } from '../kinds/pod-template.js';

/** The owner's ControllerRevisions, oldest revision first. */
export function revisionsOf(state: ClusterState, owner: KubeObject): KubeObject[] {
  return Object.values(state.objects.controllerrevisions ?? {})
    .filter((r) => r.metadata.namespace === owner.metadata.namespace && r.metadata.ownerReferences?.some((o) => o.controller && o.uid === owner.metadata.uid))
    .sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
}

/** The template a ControllerRevision records. */
export function revisionTemplate(rev: KubeObject): PodTemplate | undefined {
  const t = (rev.data as { spec?: { template?: PodTemplate & { $patch?: string } } } | undefined)?.spec?.template;
  if (!t) return undefined;
  const { $patch: _p, ...rest } = t;
  return structuredClone(rest);
}
