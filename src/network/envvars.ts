/** Service environment variables a container gets at start (reference §5). Owned by the services work. */
import type { ClusterState, KubeObject } from '../api/types.js';

/** The service variables for a container of `pod` starting now (its explicit env is applied on top by the kubelet). */
export function serviceEnvVars(state: ClusterState, pod: KubeObject): Record<string, string> {
  void state;
  void pod;
  return {};
}
