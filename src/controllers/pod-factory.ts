/**
 * Pods (and claims) made by a workload controller from its template, sent through the API server's
 * write path so admission (defaults, LimitRanger, ResourceQuota) applies as it does to a user's pod.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { PodTemplate } from '../kinds/pod-template.js';
import { KINDS } from '../api/registry.js';
import { createObject } from '../api/server.js';
import { removeObject } from '../api/objects.js';

/** A controller ownerReference to `owner` (blockOwnerDeletion as controllers set it). */
export function controllerOwnerRef(owner: KubeObject) {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export interface PodIdentity {
  /** A fixed name (StatefulSet) ... */
  name?: string;
  /** ... or a prefix the API server completes (Job, ReplicaSet). */
  generateName?: string;
  /** Labels added to the template's (pod-name, revision hash, ...). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Fields set on the pod spec besides the template's (hostname, subdomain, claim volumes). */
  spec?: Record<string, unknown>;
}

/** Each template's JSON, made once (a scale-up copies one template thousands of times). */
const templateJson = new WeakMap<object, string>();

/** Create a pod from `template` owned by `owner`; throws the API server's error when admission refuses it. */
export function createPodFromTemplate(state: ClusterState, env: Env, owner: KubeObject, template: PodTemplate | undefined, id: PodIdentity): KubeObject {
  let json = template ? templateJson.get(template) : '{}';
  if (json === undefined) templateJson.set(template!, (json = JSON.stringify(template)));
  const tpl = JSON.parse(json) as PodTemplate;
  const md = tpl.metadata ?? {};
  const labels = { ...(md.labels ?? {}), ...(id.labels ?? {}) };
  const annotations = { ...(md.annotations ?? {}), ...(id.annotations ?? {}) };
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: id.name ?? '',
      ...(id.generateName ? { generateName: id.generateName } : {}),
      namespace: owner.metadata.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [controllerOwnerRef(owner)],
    },
    spec: withFields((tpl.spec ?? { containers: [] }) as Record<string, unknown>, id.spec),
  };
  return createObject(state, env, KINDS.Pod, pod, { fieldManager: 'kube-controller-manager' });
}

/**
 * `fields` set on `spec` in place (`spec` is freshly parsed: the pod's own). Not a spread copy: V8 makes
 * a spread copy of a parsed object slow to add properties to, and admission then adds a dozen (defaultPod
 * took 5x as long on 10,000 pods of a scale-up).
 */
function withFields(spec: Record<string, unknown>, fields: Record<string, unknown> | undefined): Record<string, unknown> {
  // Controllers' own fields (hostname, subdomain, claim volumes): no `__proto__` among them.
  for (const k of Object.keys(fields ?? {})) spec[k] = fields![k];
  return spec;
}

/** Delete a pod now (kube-sim has no graceful termination) together with its container runtimes. */
export function deletePodNow(state: ClusterState, pod: KubeObject): void {
  removeObject(state, 'pods', pod.metadata.namespace, pod.metadata.name);
  if (pod.metadata.uid) delete state.runtime[pod.metadata.uid];
  state.meta.resourceVersion += 1;
}
