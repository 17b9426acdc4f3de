/**
 * ValidatePodUpdate (v1.32): what an update of an existing pod may change. Images, activeDeadlineSeconds
 * (set, or lowered), added tolerations (and tolerationSeconds of existing ones), a negative grace period
 * set to 1; metadata (labels, annotations) freely. Anything else in the spec is refused with the
 * server's Forbidden message and the go-cmp diff of the spec it attaches. Fields compare semantically
 * (key order, empty values and quantity spellings do not count as changes).
 */
import type { FieldError, KubeObject } from '../api/types.js';
import { semanticEqual } from '../api/semantic.js';
import { podSpecDiff } from '../api/go-diff.js';

const UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

const MAX_INT32 = 2147483647;

type Spec = Record<string, unknown> & {
  containers?: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  tolerations?: Record<string, unknown>[];
  activeDeadlineSeconds?: number;
  terminationGracePeriodSeconds?: number;
  schedulingGates?: unknown[];
};

/** ValidateContainerUpdates: same number of containers, each with a non-blank, unpadded image. */
function containerUpdates(next: Record<string, unknown>[] | undefined, old: Record<string, unknown>[] | undefined, path: string): { errors: FieldError[]; stop: boolean } {
  const n = next ?? [];
  const o = old ?? [];
  if (n.length !== o.length) return { errors: [{ field: path, type: 'Forbidden', detail: 'pod updates may not add or remove containers' }], stop: true };
  const errors: FieldError[] = [];
  n.forEach((c, i) => {
    const image = typeof c.image === 'string' ? c.image : '';
    if (!image) errors.push({ field: `${path}[${i}].image`, type: 'Required' });
    if (image.trim().length !== image.length) errors.push({ field: `${path}[${i}].image`, type: 'Invalid', value: image, detail: 'must not have leading or trailing whitespace' });
  });
  return { errors, stop: false };
}

/** validateOnlyAddedTolerations: every old toleration is still there (its tolerationSeconds may change). */
function onlyAddedTolerations(next: Record<string, unknown>[] | undefined, old: Record<string, unknown>[] | undefined): FieldError[] {
  for (const o of old ?? []) {
    const found = (next ?? []).some((t) => semanticEqual({ ...o, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [{ field: 'spec.tolerations', type: 'Forbidden', detail: 'existing toleration can not be modified except its tolerationSeconds' }];
  }
  return [];
}

/** activeDeadlineSeconds: may be set from nil, or lowered; never raised, cleared or out of range. */
function activeDeadline(next: Spec, old: Spec): FieldError[] {
  const n = next.activeDeadlineSeconds;
  const o = old.activeDeadlineSeconds;
  if (n !== undefined) {
    if (n < 0 || n > MAX_INT32) return [{ field: 'spec.activeDeadlineSeconds', type: 'Invalid', value: n, detail: `must be between 0 and ${MAX_INT32}, inclusive` }];
    if (o !== undefined && o < n) return [{ field: 'spec.activeDeadlineSeconds', type: 'Invalid', value: n, detail: 'must be less than or equal to previous value' }];
  } else if (o !== undefined) {
    return [{ field: 'spec.activeDeadlineSeconds', type: 'Invalid', valueText: '"null"', detail: 'must not update from a positive integer to nil value' }];
  }
  return [];
}

/** The new spec with every field an update may change put back to its old value (the server's "munged" spec). */
function munged(next: Spec, old: Spec): Spec {
  const m = structuredClone(next);
  for (const list of ['containers', 'initContainers'] as const) {
    m[list]?.forEach((c, i) => {
      const prev = old[list]?.[i];
      if (prev && 'image' in prev) c.image = prev.image;
      else delete c.image;
    });
  }
  for (const k of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations'] as const) {
    if (old[k] === undefined) delete m[k];
    else (m as Record<string, unknown>)[k] = old[k];
  }
  const grace = old.terminationGracePeriodSeconds;
  if (grace !== undefined && grace < 0 && m.terminationGracePeriodSeconds === 1) m.terminationGracePeriodSeconds = grace;
  return m;
}

/** The update errors of a pod (the new object's own validation is done by validatePod). */
export function validatePodUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const spec = (next.spec ?? {}) as Spec;
  const prev = (old.spec ?? {}) as Spec;
  const errors: FieldError[] = [];
  for (const [list, path] of [['containers', 'spec.containers'], ['initContainers', 'spec.initContainers']] as const) {
    const r = containerUpdates(spec[list], prev[list], path);
    errors.push(...r.errors);
    if (r.stop) return errors;
  }
  const deadline = activeDeadline(spec, prev);
  if (deadline.length) return [...errors, ...deadline];
  errors.push(...onlyAddedTolerations(spec.tolerations, prev.tolerations));
  const m = munged(spec, prev);
  if (!semanticEqual(m, prev)) {
    errors.push({ field: 'spec', type: 'Forbidden', detail: `pod updates may not change fields other than ${UPDATABLE}\n${podSpecDiff(prev, m)}` });
  }
  return errors;
}
