/**
 * What the kubelet answers when a container's log is asked for (`kubectl logs`, the API's pods/log,
 * `run` and `attach` showing output): the lines of the current (or previous) incarnation, or its
 * BadRequest for a container that has not started or has no previous run.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiError } from '../api/errors.js';
import { kubeletMemory } from './kubelet-state.js';

/** Log lines of one container, or the kubelet's error (as an ApiError BadRequest). */
export function containerLogs(state: ClusterState, pod: KubeObject, container: string, previous: boolean): string[] {
  const p = pod as unknown as Pod;
  if (!p.spec?.nodeName) return [];
  const cs = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? []), ...(p.status?.ephemeralContainerStatuses ?? [])].find((s) => s.name === container);
  const podName = pod.metadata.name;
  const k = kubeletMemory(state).pods[pod.metadata.uid ?? '']?.containers[container];
  const rt = state.runtime[pod.metadata.uid ?? '']?.[container];
  const last = cs?.lastState?.terminated;
  const st = cs?.state ?? {};
  if (previous) {
    if (!last?.containerID) throw new ApiError('BadRequest', `previous terminated container "${container}" in pod "${podName}" not found`);
    return st.waiting ? rt?.logs ?? [] : k?.previousLogs ?? [];
  }
  if (st.running || (st.terminated && st.terminated.containerID)) return rt?.logs ?? [];
  if (st.terminated || last) {
    if (!(last?.containerID || st.terminated?.containerID)) throw new ApiError('BadRequest', `container "${container}" in pod "${podName}" is terminated`);
    return rt?.logs ?? [];
  }
  const reason = st.waiting?.reason ?? 'ContainerCreating';
  const why = reason === 'ErrImagePull' ? "image can't be pulled" : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
  throw new ApiError('BadRequest', `container "${container}" in pod "${podName}" is waiting to start: ${why}`);
}
