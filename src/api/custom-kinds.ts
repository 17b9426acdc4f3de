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

/**
 * kubectl's discovery cache (~/.kube/cache/discovery) still names the resources of a CRD deleted since it
 * was filled, so kubectl resolves the name and the list request gets the server's 404 (the page's
 * `Unable to list ...` after `kubectl delete -f resourcedefinition.yaml`). Kept in the state's memory
 * until a CRD of that group and plural is created again. (The real cache also expires after 6 hours.)
 */
const DISCOVERY_CACHE = 'kubectl-discovery-cache';

/** A resource kubectl's cache still knows: the names it resolves and the group-version it lists. */
export interface CachedResource {
  names: string[];
  group: string;
  version: string;
  plural: string;
}

let stale: CachedResource[] = [];

/** Remember a deleted CRD's resource as kubectl's discovery cache still has it. */
export function rememberDeletedResource(state: ClusterState, info: KindInfo): void {
  const plural = info.plural ?? info.resource;
  const names = [plural, info.singular, info.kind.toLowerCase(), ...info.shortNames];
  const entry: CachedResource = { names: [...names, ...names.map((n) => `${n}.${info.group}`)], group: info.group, version: info.version, plural };
  const kept = ((state.memory[DISCOVERY_CACHE] ?? []) as CachedResource[]).filter((c) => !(c.group === entry.group && c.plural === entry.plural));
  state.memory[DISCOVERY_CACHE] = [...kept, entry];
}

/** The cached resource a typed name resolves to, when no served kind has it. */
export function cachedResource(typed: string): CachedResource | undefined {
  const t = typed.toLowerCase();
  return stale.find((c) => c.names.includes(t));
}

/** Make the registry serve the custom resources of `state`'s established CRDs (and no others; none without a state). */
export function syncCustomKinds(state: ClusterState | null): void {
  if (!state) {
    stale = [];
    lastStamp = '[]';
    return setCustomKinds([]);
  }
  const served = (c: CachedResource) => crds.some((crd) => crd.metadata.name === `${c.plural}.${c.group}`);
  const crds = (Object.values(state.objects.customresourcedefinitions ?? {}) as KubeObject[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  stale = ((state.memory[DISCOVERY_CACHE] ?? []) as CachedResource[]).filter((c) => !served(c));
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
