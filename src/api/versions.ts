/**
 * Which apiVersion/kind pairs the simulated API server serves, given its Kubernetes version, and how an
 * older version converts to the stored one. (Basic form: the preferred versions only; older versions for
 * older clusters are added by the schema work.)
 */
import type { ClusterState, KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import { allKinds, kindByKind } from './registry.js';
import { apiVersionOf } from './kind.js';

export interface ServedVersion {
  info: KindInfo;
  /** Convert a manifest of this version to the stored (preferred) version. */
  convert(obj: KubeObject): KubeObject;
}

/** Resolve a manifest's apiVersion + kind, or undefined when the server has no such mapping. */
export function resolveKind(state: ClusterState, apiVersion: string, kind: string): ServedVersion | undefined {
  void state;
  const info = kindByKind(kind);
  if (!info || apiVersionOf(info) !== apiVersion) return undefined;
  return { info, convert: (o) => o };
}

/** All group/versions served (for api-versions and discovery). */
export function servedGroupVersions(state: ClusterState): string[] {
  void state;
  return [...new Set(allKinds().map(apiVersionOf))].sort();
}
