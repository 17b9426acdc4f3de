/**
 * What a delete does besides removing the object: the propagation policy towards dependents (what the
 * garbage collector does with objects whose ownerReferences name it), the namespace controller's work
 * for a deleted namespace, and the deletes the API server refuses (the immortal namespaces, failed
 * preconditions).
 */
import type { ClusterState, KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import { ApiError } from './errors.js';
import { listObjects, removeObject, nextResourceVersion } from './objects.js';
import { allKinds, kindByResource } from './registry.js';
import { checkDeletePreconditions } from './preconditions.js';
import { managedFieldsAfter } from './managed-fields.js';
import { isSystemPriorityClass } from '../kinds/priorityclass.js';

/** DeleteOptions.propagationPolicy. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** kubectl's --cascade values and the policies they send. */
export function propagationOf(cascade: string | boolean | undefined): PropagationPolicy {
  if (cascade === undefined || cascade === true || cascade === '' || cascade === 'true' || cascade === 'background') return 'Background';
  if (cascade === 'orphan' || cascade === false || cascade === 'false') return 'Orphan';
  if (cascade === 'foreground') return 'Foreground';
  throw new CascadeFlagError(String(cascade));
}

/** An unknown --cascade value (kubectl's own error). */
export class CascadeFlagError extends Error {
  constructor(value: string) {
    super(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`);
  }
}

/**
 * The policy when a request names none: the kind's default garbage-collection policy. ReplicationControllers
 * in core/v1 orphan their pods (kept for compatibility); everything else deletes its dependents.
 */
export function defaultPropagation(info: KindInfo): PropagationPolicy {
  return info.kind === 'ReplicationController' ? 'Orphan' : 'Background';
}

/** Namespaces the NamespaceLifecycle admission plugin never lets go. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** Refuse deletes the API server refuses: an immortal namespace, failed preconditions. */
export function checkDeletable(info: KindInfo, live: KubeObject, pre: { resourceVersion?: string; uid?: string } | undefined): void {
  if (info.kind === 'Namespace' && IMMORTAL_NAMESPACES.has(live.metadata.name)) {
    throw new ApiError('Forbidden', `namespaces "${live.metadata.name}" is forbidden: this namespace may not be deleted`);
  }
  // The priorityclasses storage's Delete (pkg/registry/scheduling/priorityclass/storage) refuses the system classes.
  if (info.kind === 'PriorityClass' && isSystemPriorityClass(live.metadata.name)) {
    throw new ApiError('Forbidden', `priorityclasses.scheduling.k8s.io "${live.metadata.name}" is forbidden: this is a system priority class and cannot be deleted`);
  }
  checkDeletePreconditions(info, live, pre);
}

/**
 * The garbage collector's orphaning: every object naming `owner` in its ownerReferences loses that
 * reference (and keeps existing). The change is the collector's (kube-controller-manager) in managedFields.
 */
export function orphanDependents(state: ClusterState, owner: KubeObject, now: string): void {
  const uid = owner.metadata.uid;
  if (!uid) return;
  for (const resource of Object.keys(state.objects)) {
    if (resource === 'events') continue;
    for (const o of Object.values(state.objects[resource]!)) {
      const refs = o.metadata.ownerReferences;
      if (!refs?.some((r) => r.uid === uid)) continue;
      const before = structuredClone(o);
      const kept = refs.filter((r) => r.uid !== uid);
      if (kept.length) o.metadata.ownerReferences = kept;
      else delete o.metadata.ownerReferences;
      let info: KindInfo | undefined;
      try {
        info = kindByResource(resource);
      } catch {
        info = undefined;
      }
      if (info) {
        const entries = managedFieldsAfter(info, before, o, { manager: 'kube-controller-manager', operation: 'Update', apiVersion: before.apiVersion, now });
        if (entries?.length) o.metadata.managedFields = entries as never;
        else delete o.metadata.managedFields;
      }
      o.metadata.resourceVersion = nextResourceVersion(state);
    }
  }
}

/**
 * The namespace controller's work, done at once (kube-sim has no Terminating phase): every object in a
 * deleted namespace goes with it; the kubelet drops the runtimes of pods that no longer exist.
 */
export function deleteNamespaceContents(state: ClusterState, namespace: string): void {
  for (const info of allKinds()) {
    if (!info.namespaced) continue;
    for (const o of listObjects(state, info.resource, namespace)) removeObject(state, info.resource, namespace, o.metadata.name);
  }
}

/**
 * The CRD finalizer's work, done at once: deleting a CustomResourceDefinition deletes every custom
 * resource it defined (stored under the CRD's own name, `<plural>.<group>`: custom-resource.ts).
 */
export function deleteCustomResources(state: ClusterState, crdName: string): void {
  for (const o of listObjects(state, crdName)) removeObject(state, crdName, o.metadata.namespace, o.metadata.name);
}
