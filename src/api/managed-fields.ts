/**
 * metadata.managedFields as the API server keeps them (structured-merge-diff's field manager): one entry
 * per manager, operation (Update or Apply), apiVersion (Update only) and subresource, holding the set of
 * fields that manager last set (`fieldsV1`) and when its set last changed. An update gives its manager
 * the fields it added or changed, taking them away from every other manager; fields it removed leave
 * everyone's sets. Every write of the shared write path records it, so new kinds get it for free.
 */
import type { KubeObject } from './types.js';
import type { KindInfo } from './kind.js';
import type { ObjectType } from './schema/types.js';
import { KIND_SCHEMAS } from './schema/kinds.js';
import { obj } from './schema/types.js';
import { TOP } from './schema/meta.js';
import { FieldSet, compareObjects, fieldPath } from './field-set.js';
import { JsonMemo } from '../util/json-memo.js';

type Json = unknown;

/** One stored managedFields entry (metav1.ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, Json>;
  subresource?: string;
}

/** A decoded entry: its identity and its field set. */
export interface Managed {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Who writes, and how: the request's field manager, operation, version and subresource. */
export interface WriteIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** RFC 3339 time of the write. */
  now: string;
}

/** The identity structured-merge-diff keys entries by: an applier's apiVersion does not count. */
export function managerId(m: { manager: string; operation: string; apiVersion: string; subresource?: string }): string {
  return JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : m.apiVersion, m.subresource ?? '']);
}

/** Fields the server never attributes to anyone (apiVersion, kind, identity metadata). */
const STRIPPED = ['apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.namespace', 'metadata.creationTimestamp', 'metadata.selfLink', 'metadata.uid', 'metadata.clusterName', 'metadata.generation', 'metadata.managedFields', 'metadata.resourceVersion'].map(fieldPath);

/** A set without the stripped fields and the fields the write's subresource resets (status, or all but status). */
export function filterSet(set: FieldSet, subresource: string | undefined): FieldSet {
  let out = set.clone();
  for (const p of STRIPPED) out.removeMember(p);
  if (subresource === 'status') out = out.onlyPrefix(['f:status']);
  else out.removePrefix(['f:status']);
  return out;
}

/** The schema structured-merge-diff walks for a kind (the trio alone for kinds without one). */
export function schemaOf(info: KindInfo): ObjectType {
  return (KIND_SCHEMAS[info.kind] as ObjectType | undefined) ?? obj(info.kind, '', TOP);
}

/**
 * The Go zero value of a kind as JSON (what an update from nothing compares against): non-pointer
 * structs and fields without omitempty are present (`spec: {}`, `containers: null`), so creating an
 * object does not give those nodes a `"."` entry. Kinds not listed get metadata, spec and status, and
 * a pod template when their spec has one.
 */
function zeroOf(info: KindInfo): Record<string, Json> {
  const podTemplate = { metadata: { creationTimestamp: null }, spec: { containers: null } };
  const meta = { metadata: { creationTimestamp: null } };
  switch (info.kind) {
    case 'Pod':
      return { ...meta, spec: { containers: null }, status: {} };
    case 'Service':
    case 'Ingress':
      return { ...meta, spec: {}, status: { loadBalancer: {} } };
    case 'Deployment':
      return { ...meta, spec: { selector: null, template: podTemplate, strategy: {} }, status: {} };
    case 'ReplicaSet':
      return { ...meta, spec: { selector: null, template: podTemplate }, status: { replicas: 0 } };
    case 'ReplicationController':
      return { ...meta, spec: {}, status: { replicas: 0 } };
    case 'EndpointSlice':
      return { ...meta, addressType: '', endpoints: null };
    case 'Event':
      return { ...meta, involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: '', reportingInstance: '' };
    case 'ConfigMap':
    case 'Secret':
    case 'Endpoints':
      return meta;
    case 'HorizontalPodAutoscaler':
      // v2's status: desiredReplicas and currentMetrics have no omitempty.
      return { ...meta, spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: { desiredReplicas: 0, currentMetrics: null } };
  }
  const fields = schemaOf(info).fields;
  const spec = fields.spec?.type;
  const out: Record<string, Json> = { ...meta };
  if (spec) out.spec = spec.t === 'object' && spec.fields.template ? { template: podTemplate } : {};
  if (fields.status) out.status = {};
  return out;
}

/** The status a kind's Go zero value serializes (`{}`, `{replicas: 0}`), or undefined for kinds without one. */
export function zeroStatusOf(info: KindInfo): Json | undefined {
  return zeroOf(info).status;
}

/** Parse stored entries; undefined when they cannot be (the server then keeps none from the request). */
export function decodeManaged(list: Json): Managed[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: Managed[] = [];
  for (const e of list) {
    if (!e || typeof e !== 'object') return undefined;
    const r = e as Record<string, Json>;
    const set = FieldSet.fromJSON(r.fieldsV1 ?? {});
    if (!set || typeof r.manager !== 'string' || (r.operation !== 'Apply' && r.operation !== 'Update')) return undefined;
    out.push({
      manager: r.manager,
      operation: r.operation,
      apiVersion: typeof r.apiVersion === 'string' ? r.apiVersion : '',
      subresource: typeof r.subresource === 'string' && r.subresource ? r.subresource : undefined,
      time: typeof r.time === 'string' ? r.time : undefined,
      set,
    });
  }
  return out;
}

/** Entries in the server's order: Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManaged(list: Managed[]): ManagedFieldsEntry[] {
  const sorted = list.slice().sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const tp = p.time ? Date.parse(p.time) : 0;
    const tq = q.time ? Date.parse(q.time) : 0;
    if (tp !== tq) return tp - tq;
    for (const k of ['manager', 'apiVersion', 'subresource'] as const) {
      const a = p[k] ?? '';
      const b = q[k] ?? '';
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  });
  return sorted.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1' as const,
    fieldsV1: m.set.toJSON(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

/**
 * The managers a write starts from: the request's own managedFields when it sends some (a single empty
 * entry resets them), otherwise the live object's (clients that do not know the field cannot drop it).
 */
export function startingManagers(requested: Json, live: KubeObject | undefined): Managed[] {
  if (Array.isArray(requested) && requested.length === 1 && requested[0] && typeof requested[0] === 'object' && Object.keys(requested[0] as object).length === 0) return [];
  const fromRequest = Array.isArray(requested) && requested.length ? decodeManaged(requested) : undefined;
  if (fromRequest?.length) return fromRequest;
  return decodeManaged(live?.metadata.managedFields) ?? [];
}

/**
 * Give the fields in `taken` to `who` and take the `removed` ones from everybody: the update half of
 * structured-merge-diff's Updater, shared by updates and applies. Empty managers disappear.
 */
export function transfer(managers: Managed[], who: WriteIdentity, taken: FieldSet, removed: FieldSet, own?: FieldSet): Managed[] {
  const id = managerId(who);
  const out: Managed[] = [];
  let previous: Managed | undefined;
  for (const m of managers) {
    const set = m.set.difference(taken).difference(removed);
    if (managerId(m) === id) previous = { ...m, set };
    else if (!set.empty()) out.push({ ...m, set });
  }
  if (own) {
    if (!own.empty()) out.push({ ...who, time: who.now, set: own });
  } else if (!taken.empty()) {
    out.push({ manager: who.manager, operation: who.operation, apiVersion: who.apiVersion, subresource: who.subresource, time: who.now, set: previous ? previous.set.union(taken) : taken });
  } else if (previous && !previous.set.empty()) out.push(previous);
  return out;
}

/**
 * The managedFields after an Update by `who` that turned `live` (undefined on create) into `next`, from
 * the comparison of the two. `requested` is the managedFields the request carried.
 */
export function managedFieldsAfter(info: KindInfo, live: KubeObject | undefined, next: KubeObject, who: WriteIdentity, requested?: Json): ManagedFieldsEntry[] | undefined {
  if (live !== undefined || requested !== undefined) return computeAfter(info, live, next, who, requested);
  // A controller creating many alike objects (a ReplicaSet's pods) gets the same entries each time.
  return CREATED.get([info.kind, who, stripForCompare(next)], () => computeAfter(info, live, next, who, requested));
}

/** The entries of the last few creates, by what was created (entries are never changed in place). */
const CREATED = new JsonMemo<ManagedFieldsEntry[] | undefined>(16);

function computeAfter(info: KindInfo, live: KubeObject | undefined, next: KubeObject, who: WriteIdentity, requested?: Json): ManagedFieldsEntry[] | undefined {
  const schema = schemaOf(info);
  const before = live ?? zeroOf(info);
  const c = compareObjects(stripForCompare(before), stripForCompare(next), schema);
  const taken = filterSet(c.added.union(c.modified), who.subresource);
  const removed = filterSet(c.removed, who.subresource);
  const managers = transfer(startingManagers(requested, live), who, taken, removed);
  return managers.length ? encodeManaged(managers) : undefined;
}

/** What a create request itself set, of the fields admission or allocation may add (taken before admission). */
export interface SentFields {
  spec: Set<string>;
  volumes: Set<string>;
  /** Mount paths by container name. */
  mounts: Map<string, Set<string>>;
  /** Service ports (by port number) that came with a nodePort. */
  nodePorts: Set<number>;
}

type Spec = Record<string, Json> & {
  volumes?: { name?: string }[];
  containers?: { name?: string; volumeMounts?: { mountPath?: string }[] }[];
  initContainers?: { name?: string; volumeMounts?: { mountPath?: string }[] }[];
  ports?: { port?: number; nodePort?: number }[];
};

/** The parts of a request `managedView` needs, read before admission changes the object. */
export function sentFields(obj: KubeObject): SentFields {
  const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : {}) as Spec;
  const mounts = new Map<string, Set<string>>();
  for (const c of [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])]) {
    mounts.set(String(c?.name), new Set((Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).map((m) => String(m?.mountPath))));
  }
  return {
    spec: new Set(Object.keys(spec)),
    volumes: new Set((Array.isArray(spec.volumes) ? spec.volumes : []).map((v) => String(v?.name))),
    mounts,
    nodePorts: new Set((Array.isArray(spec.ports) ? spec.ports : []).filter((p) => p?.nodePort !== undefined).map((p) => Number(p.port))),
  };
}

/**
 * A created object as its creator's fields count it: what admission plugins and the registry added
 * (the service-account volume, an allocated clusterIP or nodePort, the scheduler's node) belongs to no
 * manager unless the request itself set it. Copies only what it changes.
 */
export function managedView(info: KindInfo, admitted: KubeObject, sent: SentFields): KubeObject {
  if ((info.kind !== 'Pod' && info.kind !== 'Service') || !admitted.spec) return admitted;
  const spec: Spec = { ...(admitted.spec as Spec) };
  const dropUnsent = (keys: string[]) => {
    for (const k of keys) if (!sent.spec.has(k)) delete spec[k];
  };
  if (info.kind === 'Pod') {
    dropUnsent(['serviceAccountName', 'serviceAccount', 'nodeName', 'priority', 'preemptionPolicy', 'tolerations']);
    const volumes = spec.volumes?.filter((v) => sent.volumes.has(String(v.name)));
    if (volumes?.length) spec.volumes = volumes;
    else delete spec.volumes;
    for (const list of ['containers', 'initContainers'] as const) {
      spec[list] = spec[list]?.map((c) => {
        const mine = sent.mounts.get(String(c.name)) ?? new Set<string>();
        const mounts = c.volumeMounts?.filter((m) => mine.has(String(m.mountPath)));
        const { volumeMounts: _, ...rest } = c;
        return mounts?.length ? { ...rest, volumeMounts: mounts } : rest;
      });
      if (spec[list] === undefined) delete spec[list];
    }
  } else {
    dropUnsent(['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'healthCheckNodePort']);
    spec.ports = spec.ports?.map((p) => {
      if (sent.nodePorts.has(Number(p.port))) return p;
      const { nodePort: _, ...rest } = p;
      return rest;
    });
    if (spec.ports === undefined) delete spec.ports;
  }
  return { ...admitted, spec };
}

/** The object without its managedFields (they are never compared as fields). */
function stripForCompare(o: Json): Json {
  const c = { ...(o as Record<string, Json>) };
  if (c.metadata && typeof c.metadata === 'object') {
    const m = { ...(c.metadata as Record<string, Json>) };
    delete m.managedFields;
    c.metadata = m;
  }
  return c;
}
