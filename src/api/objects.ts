/**
 * Reading and writing objects in the state: the only place that knows how objects are keyed, and where
 * uid, resourceVersion and creationTimestamp are assigned (they survive updates: object identity is kept).
 */
import type { ClusterState, KubeObject } from './types.js';
import type { Env } from '../env.js';
import { rfc3339, NAME_ALPHABET } from '../env.js';

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
  return state.objects[resource]?.[objectKey(namespace, name)] as T | undefined;
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
 * Resources whose API server strategy sets metadata.generation (1 on create, +1 per spec change). Services,
 * namespaces, nodes and pods (before PodObservedGenerationTracking) carry none on a v1.32 server.
 */
const GENERATION_TRACKED = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'ingresses', 'ingressclasses', 'daemonsets', 'jobs', 'cronjobs', 'statefulsets', 'networkpolicies']);
function tracksGeneration(resource: string): boolean {
  return GENERATION_TRACKED.has(resource);
}

/** Next resourceVersion (monotonic across the cluster, as etcd's revision). */
export function nextResourceVersion(state: ClusterState): string {
  state.meta.resourceVersion += 1;
  return String(state.meta.resourceVersion);
}

/**
 * Store a new object: fills uid, creationTimestamp, resourceVersion (and generation for kinds with a spec),
 * resolving metadata.generateName with the API server's 5-character suffix.
 */
export function insertObject<T extends KubeObject>(state: ClusterState, resource: string, obj: T, env: Env): T {
  const md = obj.metadata;
  if (!md.name && md.generateName) {
    const base = md.generateName.length > 58 ? md.generateName.slice(0, 58) : md.generateName;
    do md.name = base + env.rngFor(md.namespace).string(5, NAME_ALPHABET);
    while (getObject(state, resource, md.namespace, md.name));
  }
  md.uid ??= env.rngFor(md.namespace).uuid();
  md.creationTimestamp ??= rfc3339(env.now());
  md.resourceVersion = nextResourceVersion(state);
  if ('spec' in obj && md.generation === undefined && tracksGeneration(resource)) md.generation = 1;
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
    if (JSON.stringify((old as { spec?: unknown }).spec) !== JSON.stringify((obj as { spec?: unknown }).spec) && 'spec' in obj && tracksGeneration(resource)) {
      obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
    }
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

export function removeObject(state: ClusterState, resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
  const b = state.objects[resource];
  const key = objectKey(namespace, name);
  const old = b?.[key];
  if (b && old) delete b[key];
  return old;
}
