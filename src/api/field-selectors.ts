/**
 * Field selectors (`--field-selector status.phase=Running,spec.nodeName!=x`) as the API server serves
 * them: only the fields each resource supports (metadata.name and metadata.namespace everywhere), with
 * the server's BadRequest text for others. Values compare as strings, as the server's field sets do.
 */
import type { KindInfo } from './kind.js';
import type { KubeObject } from './types.js';
import { ApiError } from './errors.js';
import { apiVersionOf } from './kind.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Extra selectable fields per resource (k8s.io/kubernetes pkg/registry/.../strategy.go *ToSelectableFields). */
const SUPPORTED: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: [
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  secrets: ['type'],
  replicationcontrollers: ['status.replicas'],
  replicasets: ['status.replicas'],
  services: ['spec.clusterIP', 'spec.type'],
};

export function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new ApiError('BadRequest', `invalid selector: '${text}'; can't understand '${part}'`);
    out.push({ field: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
  }
  return out;
}

/** The object's value for a selectable field, as the server's field set renders it. */
function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') {
    const src = (obj as { source?: { component?: string } }).source;
    return src?.component ?? '';
  }
  let cur: unknown = obj;
  for (const p of field.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  if (cur === undefined || cur === null) return field === 'spec.unschedulable' || field === 'spec.hostNetwork' ? 'false' : '';
  return String(cur);
}

/** The API server's own check: a field the resource cannot select on is a BadRequest `field label not supported`. */
export function checkServedFields(info: KindInfo, reqs: FieldRequirement[]): void {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(SUPPORTED[info.resource] ?? [])]);
  const bad = reqs.find((r) => !allowed.has(r.field));
  if (bad) throw new ApiError('BadRequest', `field label not supported: ${bad.field}`);
}

/** Check the selector is servable for the resource; throws the server's BadRequest as kubectl rewords it for get. */
export function checkFieldSelector(info: KindInfo, reqs: FieldRequirement[], labelSelector: string, raw: string): void {
  try {
    checkServedFields(info, reqs);
  } catch (e) {
    const gv = info.group ? apiVersionOf(info) : `/${info.version}`;
    throw new ApiError('BadRequest', `Unable to find "${gv}, Resource=${info.resource}" that match label selector "${labelSelector}", field selector "${raw}": ${(e as Error).message}`);
  }
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}
