/**
 * Keeps the registry's custom kinds in step with a state's established CustomResourceDefinitions: called
 * wherever a command or a request loads the state, so every lookup of that command (names typed,
 * manifests' kinds, discovery) sees the custom resources the cluster serves. A CRD created by a command
 * serves its resource from the next command on, as kubectl's discovery (read once per command) does.
 */
import type { ClusterState, KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import { setCustomKinds, setCustomKindsSource } from './registry.js';
import { customKindInfo } from '../kinds/custom-resource.js';
import { isEstablished } from '../kinds/crd-validate.js';

/** The CRDs last synchronised, as JSON, so an unchanged set (the usual case: none) costs nothing. */
let lastStamp = '[]';

/** Make the registry serve the custom resources of `state`'s established CRDs (and no others). */
export function syncCustomKinds(state: ClusterState): void {
  const crds = (Object.values(state.objects.customresourcedefinitions ?? {}) as KubeObject[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const stamp = JSON.stringify(crds);
  if (stamp === lastStamp) return setCustomKindsSource(undefined);
  lastStamp = stamp;
  const kinds: KindInfo[] = [];
  for (const crd of crds) {
    if (!isEstablished(crd)) continue;
    const info = customKindInfo(crd);
    if (info) kinds.push(info);
  }
  setCustomKinds(kinds);
}
