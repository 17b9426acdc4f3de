/**
 * Reading and writing objects in the state: the only place that knows how objects are keyed, and where
 * uid, resourceVersion and creationTimestamp are assigned (they survive updates: object identity is kept).
 */
import type { ClusterState, KubeObject } from './types.js';
import type { Env } from '../env.js';
import { rfc3339, NAME_ALPHABET } from '../env.js';
import { canonicalJson } from './semantic.js';
import { rememberDeletion } from './deletion-log.js';

/** The uids an object's owner references name (undefined when it has none): what the digests keep for the garbage collector. */
export function ownerUids(o: KubeObject): string[] | undefined {
  const refs = o.metadata.ownerReferences;
  return refs?.length ? refs.map((r) => r.uid) : undefined;
}

/** Storage key of an object inside its resource map. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The resource map for a plural (created on first use). */
export function bucket(state: ClusterState, resource: string): Record<string, KubeObject> {
  return (state.objects[resource] ??= {});
}

export function getObject<T extends KubeObject = KubeObject>(
  state: ClusterState,
  resource: string,
  namespace: string | undefined,
  name: string,
): T | undefined {
  const objects = state.objects[resource];
  const key = objectKey(namespace, name);
  // Own entries only: a cluster-scoped object may be named `constructor`, and a name looked up may be anything.
  return objects && Object.hasOwn(objects, key) ? (objects[key] as T) : undefined;
}

/** Objects of a resource, optionally in one namespace, in etcd order (namespace, then name). */
export function listObjects<T extends KubeObject = KubeObject>(
  state: ClusterState,
  resource: string,
  namespace?: string,
): T[] {
  const all = Object.values(state.objects[resource] ?? {}) as T[];
  const picked = namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  return picked.sort(compareObjects);
}

export function compareObjects(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * Resources whose API server strategy sets metadata.generation (1 on create, +1 per change of what
 * generationInput returns). Services, namespaces, nodes and pods (before PodObservedGenerationTracking)
 * carry none on a v1.32 server.
 */
const GENERATION_TRACKED = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'ingresses', 'ingressclasses', 'daemonsets', 'jobs', 'cronjobs', 'statefulsets', 'networkpolicies', 'endpointslices', 'customresourcedefinitions', 'priorityclasses', 'poddisruptionbudgets']);

/** A custom resource's map key is `<plural>.<group>` (custom-resource.ts); no built-in resource has a dot. */
const isCustomResource = (resource: string) => resource.includes('.');

/**
 * What a change of moves an object's generation, or undefined for an object that has none: the spec;
 * for an EndpointSlice, which has no spec, everything outside its metadata (addressType, endpoints,
 * ports) and its labels (the endpointslice strategy's PrepareForUpdate). Compared semantically: an
 * empty list or map is the same as none.
 */
function generationInput(resource: string, obj: KubeObject): string | undefined {
  if (isCustomResource(resource)) {
    // The custom resource strategy: everything but metadata and status.
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...body } = obj;
    return canonicalJson(body);
  }
  if (!GENERATION_TRACKED.has(resource)) return undefined;
  // The priorityclass strategy sets 1 on create and nothing on update: its generation never moves.
  if (resource === 'priorityclasses') return '';
  if (resource === 'endpointslices') {
    const { metadata, apiVersion: _apiVersion, kind: _kind, ...body } = obj;
    return canonicalJson(semantic({ body, labels: metadata.labels }) ?? {});
  }
  // In content, not key order: a decoded copy's keys come out sorted.
  return 'spec' in obj ? canonicalJson((obj as { spec?: unknown }).spec) : undefined;
}

/** Whether generationInput has a value for `obj` (without computing it: a new EndpointSlice's is its whole body). */
function hasGeneration(resource: string, obj: KubeObject): boolean {
  return isCustomResource(resource) || (GENERATION_TRACKED.has(resource) && (resource === 'endpointslices' || resource === 'priorityclasses' || 'spec' in obj));
}

/** `v` without null, empty lists and empty maps (Go's Semantic.DeepEqual holds nil and empty equal). */
function semantic(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(semantic) : undefined;
  if (v === null || typeof v !== 'object') return v ?? undefined;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const y = semantic(x);
    if (y !== undefined) out[k] = y;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The generation an update gives an object: one more than before when what generationInput returns
 * changed, for the kinds whose strategy tracks it; undefined when it stays.
 */
export function generationAfter(resource: string, old: KubeObject, next: KubeObject): number | undefined {
  const input = generationInput(resource, next);
  if (input === undefined || input === generationInput(resource, old)) return undefined;
  return (old.metadata.generation ?? 1) + 1;
}

/** Next resourceVersion (monotonic across the cluster, as etcd's revision). */
export function nextResourceVersion(state: ClusterState): string {
  state.meta.resourceVersion += 1;
  return String(state.meta.resourceVersion);
}

/**
 * Give a new object what the server sets on create (without storing it): the name from
 * metadata.generateName with the API server's 5-character suffix, uid, creationTimestamp, and generation
 * for kinds with a spec. A server-side dry run answers with this.
 */
export function stampNewObject<T extends KubeObject>(state: ClusterState, resource: string, obj: T, env: Env): T {
  const md = obj.metadata;
  if (!md.name && md.generateName) {
    const base = md.generateName.length > 58 ? md.generateName.slice(0, 58) : md.generateName;
    do md.name = base + env.rngFor(md.namespace).string(5, NAME_ALPHABET);
    while (getObject(state, resource, md.namespace, md.name));
  }
  md.uid ??= env.uidRngFor(md.namespace).uuid();
  md.creationTimestamp ??= rfc3339(env.now());
  if (md.generation === undefined && hasGeneration(resource, obj)) md.generation = 1;
  return obj;
}

/** Store a new object, stamped as stampNewObject does, with the next resourceVersion. */
export function insertObject<T extends KubeObject>(state: ClusterState, resource: string, obj: T, env: Env): T {
  stampNewObject(state, resource, obj, env);
  const md = obj.metadata;
  md.resourceVersion = nextResourceVersion(state);
  bucket(state, resource)[objectKey(md.namespace, md.name)] = obj;
  return obj;
}

/** Replace an existing object keeping its identity (uid, creationTimestamp); bumps resourceVersion. */
export function updateObject<T extends KubeObject>(state: ClusterState, resource: string, obj: T): T {
  const key = objectKey(obj.metadata.namespace, obj.metadata.name);
  const old = state.objects[resource]?.[key];
  if (old) {
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    const generation = generationAfter(resource, old, obj);
    if (generation !== undefined) obj.metadata.generation = generation;
  }
  obj.metadata.resourceVersion = nextResourceVersion(state);
  bucket(state, resource)[key] = obj;
  return obj;
}

/** Write back an object mutated in place only if it changed; returns whether it did. Controllers use this. */
export function saveIfChanged(state: ClusterState, resource: string, obj: KubeObject, before: string): boolean {
  if (JSON.stringify(obj) === before) return false;
  obj.metadata.resourceVersion = nextResourceVersion(state);
  bucket(state, resource)[objectKey(obj.metadata.namespace, obj.metadata.name)] = obj;
  return true;
}

/**
 * Delete a stored object. Every removal is a write, as every delete is in etcd: it takes the next
 * resourceVersion and is remembered under it (deletion-log.ts), so each watch's DELETED event carries its
 * own version, in deletion order, whoever deleted it (a user, a controller, the garbage collector).
 */
export function removeObject(state: ClusterState, resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
  const b = state.objects[resource];
  const key = objectKey(namespace, name);
  const old = b?.[key];
  if (!b || !old) return undefined;
  delete b[key];
  rememberDeletion(state, resource, old.metadata.uid, Number(nextResourceVersion(state)));
  return old;
}
