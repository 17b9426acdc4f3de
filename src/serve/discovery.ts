/**
 * API discovery built from the registry: legacy (/api, /apis, /api/v1, /apis/<g>/<v>) and aggregated
 * (apidiscovery.k8s.io/v2), with categories so `kubectl get all` works. One registry drives both.
 */
import { pluralOf, servesSubresource, type KindInfo } from '../api/kind.js';
import type { ClusterState } from '../api/types.js';
import { allKinds } from '../api/registry.js';
import { resolveKind, servedGroupVersions } from '../api/versions.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_VERBS = ['get', 'list', 'watch'];

/** Group-versions the simulated cluster's version serves (a 1.17 cluster has extensions/v1beta1), core first. */
export function groupVersions(state: ClusterState): { group: string; version: string }[] {
  return servedGroupVersions(state)
    .map((gv) => (gv.includes('/') ? { group: gv.slice(0, gv.indexOf('/')), version: gv.slice(gv.indexOf('/') + 1) } : { group: '', version: gv }))
    .sort((a, b) => (a.group === '' ? -1 : b.group === '' ? 1 : a.group.localeCompare(b.group) || a.version.localeCompare(b.version)));
}

/** Resources of a group-version in the API server's order (alphabetical), which `kubectl get all` follows. */
export function kindsOf(state: ClusterState, group: string, version: string): KindInfo[] {
  const gv = group ? `${group}/${version}` : version;
  return allKinds()
    .filter((k) => resolveKind(state, gv, k.kind))
    .sort((a, b) => (pluralOf(a) < pluralOf(b) ? -1 : 1));
}

/**
 * A group's preferred version: the highest GA one served (autoscaling prefers v2 to v1, as the API
 * server's version priority and a CRD's kube-aware version order do), else the first served one.
 */
function preferred(versions: string[]): string {
  const ga = versions.filter((v) => /^v\d+$/.test(v)).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
  return ga[0] ?? versions[0]!;
}

function hasScale(k: KindInfo): boolean {
  return servesSubresource(k, 'scale');
}

/** `/api` (legacy form). */
export function apiVersions(port: number): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] };
}

/** `/apis` (legacy form). */
export function apiGroupList(state: ClusterState): unknown {
  const byGroup = new Map<string, string[]>();
  for (const gv of groupVersions(state)) if (gv.group) byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv.version]);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...byGroup].map(([group, versions]) => {
      const pv = preferred(versions);
      return {
        name: group,
        versions: [pv, ...versions.filter((v) => v !== pv)].map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${group}/${pv}`, version: pv },
      };
    }),
  };
}

/** `/api/v1` or `/apis/<g>/<v>`. */
export function apiResourceList(state: ClusterState, group: string, version: string): unknown | undefined {
  const kinds = kindsOf(state, group, version);
  if (!kinds.length) return undefined;
  const resources: unknown[] = [];
  for (const k of kinds) {
    const plural = pluralOf(k);
    resources.push({
      name: plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.readOnly ? READ_VERBS : VERBS,
      ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
      ...(k.categories?.length ? { categories: k.categories } : {}),
    });
    if (hasScale(k)) resources.push({ name: `${plural}/scale`, singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    if (servesSubresource(k, 'status')) resources.push({ name: `${plural}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'patch', 'update'] });
    if (k.kind === 'Pod') {
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
      resources.push({ name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] });
      // kubectl drain evicts only when it finds this entry (drain.CheckEvictionSupport), else it deletes.
      resources.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Aggregated discovery for `/api` (core) or `/apis` (named groups). */
export function aggregated(state: ClusterState, core: boolean): unknown {
  const byGroup = new Map<string, string[]>();
  for (const gv of groupVersions(state)) if ((gv.group === '') === core) byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv.version]);
  const items = [...byGroup].map(([group, versions]) => {
    const pv = preferred(versions);
    return {
      metadata: { name: group },
      versions: [pv, ...versions.filter((v) => v !== pv)].map((version) => ({
        version,
        freshness: 'Current',
        resources: kindsOf(state, group, version).map((k) => ({
          resource: pluralOf(k),
          singularResource: k.singular,
          scope: k.namespaced ? 'Namespaced' : 'Cluster',
          // The kind as this group-version serves it (an Ingress under extensions/v1beta1 on a 1.17 cluster).
          responseKind: { group, version, kind: k.kind },
          verbs: k.readOnly ? READ_VERBS : VERBS,
          ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
          ...(k.categories?.length ? { categories: k.categories } : {}),
          subresources: [
            ...(servesSubresource(k, 'status') ? [{ subresource: 'status', responseKind: { group, version, kind: k.kind }, verbs: ['get', 'patch', 'update'] }] : []),
            ...(hasScale(k) ? [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] }] : []),
            ...(k.kind === 'Pod' && group === '' ? [{ subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] }] : []),
          ],
        })),
      })),
    };
  });
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
