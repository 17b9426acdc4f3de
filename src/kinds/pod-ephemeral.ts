/**
 * Ephemeral containers (`kubectl debug`): the API server's rules for them, as
 * pkg/apis/core/validation/validation.go (v1.32) has them. They are written only through the pod's
 * `ephemeralcontainers` subresource, which takes nothing from the request but `spec.ephemeralContainers`
 * (registry/core/pod/strategy.go dropNonEphemeralContainerUpdates), and may only add containers.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { semanticEqual } from '../api/semantic.js';

/** An ephemeral container: a container's fields plus the container whose namespaces it may share. */
export type EphemeralContainer = Container & { targetContainerName?: string };

type Spec = { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: EphemeralContainer[] };

/** allowedEphemeralContainerFields: the container fields an ephemeral container may not set. */
const FORBIDDEN_FIELDS = ['ports', 'resources', 'resizePolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'restartPolicy'] as const;
const CANNOT_BE_SET = 'cannot be set for an Ephemeral Container';

/** A set field: what Go's comparison with the zero value counts as set (an empty object or list is not). */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v as object).some(isSet);
  return true;
}

/** Every container a pod declares: its app, init and ephemeral containers, in that order. */
export function everyContainer(pod: KubeObject): EphemeralContainer[] {
  const s = (pod.spec ?? {}) as Spec;
  return [...(s.containers ?? []), ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])];
}

/** A container's status as the kubelet reports it: its state (running, terminated or waiting). */
export interface ContainerStatusView {
  name: string;
  state?: { running?: unknown; terminated?: unknown; waiting?: { reason?: string; message?: string } };
}

/** The status of container `name`, among the init, app and ephemeral containers' statuses (getContainerStatusByName). */
export function containerStatusNamed(pod: KubeObject, name: string): ContainerStatusView | undefined {
  const st = (pod.status ?? {}) as Record<'initContainerStatuses' | 'containerStatuses' | 'ephemeralContainerStatuses', ContainerStatusView[] | undefined>;
  return [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])].find((s) => s.name === name);
}

/**
 * validateEphemeralContainers: names unique across every container of the pod, a target that is one of
 * its app or init containers, none of the fields the allow-list leaves out, no subPath mounts.
 */
export function validateEphemeralContainers(spec: Record<string, unknown>, path: string): FieldError[] {
  const s = spec as Spec;
  const errors: FieldError[] = [];
  const others = new Set([...(s.containers ?? []), ...(s.initContainers ?? [])].map((c) => c.name));
  const all = new Set(others);
  (s.ephemeralContainers ?? []).forEach((ec, i) => {
    const f = `${path}.ephemeralContainers[${i}]`;
    if (!ec.name) errors.push({ field: `${f}.name`, type: 'Required' });
    else if (all.has(ec.name)) errors.push({ field: `${f}.name`, type: 'Duplicate', value: ec.name });
    else all.add(ec.name);
    if (!ec.image || !String(ec.image).trim()) errors.push({ field: `${f}.image`, type: 'Required' });
    if (ec.targetContainerName && !others.has(ec.targetContainerName)) errors.push({ field: `${f}.targetContainerName`, type: 'NotFound', value: ec.targetContainerName });
    const w = ec as unknown as Record<string, unknown>;
    for (const k of FORBIDDEN_FIELDS) if (isSet(w[k])) errors.push({ field: `${f}.${k}`, type: 'Forbidden', detail: CANNOT_BE_SET });
    (ec.volumeMounts ?? []).forEach((m, j) => {
      if (m.subPath) errors.push({ field: `${f}.volumeMounts[${j}].subPath`, type: 'Forbidden', detail: CANNOT_BE_SET });
      if (m.subPathExpr) errors.push({ field: `${f}.volumeMounts[${j}].subPathExpr`, type: 'Forbidden', detail: CANNOT_BE_SET });
    });
  });
  return errors;
}

/** ValidatePodEphemeralContainersUpdate's own rule: existing ephemeral containers stay, unchanged. */
export function validateEphemeralUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const now = new Map(((next.spec as Spec).ephemeralContainers ?? []).map((c) => [c.name, c]));
  const errors: FieldError[] = [];
  for (const prev of (old.spec as Spec).ephemeralContainers ?? []) {
    const cur = now.get(prev.name);
    // The server appends go-cmp's diff to "may not be changed"; kube-sim names the container only.
    if (!cur) errors.push({ field: 'spec.ephemeralContainers', type: 'Forbidden', detail: `existing ephemeral containers "${prev.name}" may not be removed\n` });
    else if (!semanticEqual(prev, cur)) errors.push({ field: 'spec.ephemeralContainers', type: 'Forbidden', detail: `existing ephemeral containers "${prev.name}" may not be changed\n` });
  }
  return errors;
}

/**
 * The pod an `ephemeralcontainers` write leaves: the stored pod with only the request's ephemeral
 * containers taken (everything else in the request is dropped, as the subresource's strategy does).
 */
export function withEphemeralContainers(old: KubeObject, requested: KubeObject): KubeObject {
  const next = structuredClone(old);
  const list = (requested.spec as Spec | undefined)?.ephemeralContainers;
  const spec = next.spec as Spec;
  if (list?.length) spec.ephemeralContainers = list;
  else delete spec.ephemeralContainers;
  return next;
}
