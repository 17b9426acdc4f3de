/**
 * The system PriorityClasses a kind v1.32 cluster has from its start: the API server's post-start hook
 * (scheduling/bootstrap-system-priority-classes) creates them before anything else, so they take the first
 * resourceVersions (below the bootstrap RBAC objects', rbac-bootstrap.ts) and their uids come from a stream
 * of their own: no name, uid or resourceVersion of any other object moves because they exist.
 */
import type { ClusterState } from '../api/types.js';
import { insertObject } from '../api/objects.js';
import { Rng, type Env } from '../env.js';
import { SYSTEM_PRIORITY_CLASSES, systemPriorityClassObject } from '../kinds/priorityclass.js';

/** ResourceVersions 1, 2, ...: the lowest, which nothing else takes. */
export const PRIORITY_CLASS_RESOURCE_VERSIONS = SYSTEM_PRIORITY_CLASSES.length;

/** Store the system classes, created at `created` (before any pod is admitted: their priority comes from them). */
export function putSystemPriorityClasses(state: ClusterState, env: Env, created: string): void {
  const after = state.meta.resourceVersion;
  state.meta.resourceVersion = 0;
  const own: Env = { ...env, uidRngFor: () => new Rng(state, 'system-uid:priorityclasses') };
  for (const c of SYSTEM_PRIORITY_CLASSES) {
    const pc = systemPriorityClassObject(c.name)!;
    pc.metadata.creationTimestamp = created;
    insertObject(state, 'priorityclasses', pc, own);
  }
  state.meta.resourceVersion = after;
}
