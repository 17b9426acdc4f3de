/**
 * Pods (and claims) made by a workload controller from its template, sent through the API server's
 * write path so admission (defaults, LimitRanger, ResourceQuota) applies as it does to a user's pod.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { PodTemplate } from '../kinds/pod-template.js';
import { KINDS } from '../api/registry.js';
import { createObject } from '../api/server.js';
import { insertObject, removeObject } from '../api/objects.js';
import { NAME_ALPHABET, rfc3339 } from '../env.js';
import { fillTemplate, holeMark, pieceOf, stampText, templateOf, type TextTemplate } from '../store/text-stamps.js';

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
  const tpl = JSON.parse(templateText(template)) as PodTemplate;
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
 * A maker of one owner's pods from one template, for a controller creating many in a row (a scale-up).
 * The first pod goes through the API server's write path; when nothing in that path can come out
 * differently for the next pods (see `prototypeOf`), each further pod is a copy of it with what the server
 * draws for each pod drawn afresh, in the same order from the same streams: the service-account volume's
 * suffix, then the generated name, uid and resourceVersion. Every pod is byte for byte what the write
 * path would have made; a new instant (the wall clock's next second) sends the next pod through it again.
 */
export function podMaker(state: ClusterState, env: Env, owner: KubeObject, template: PodTemplate | undefined, id: PodIdentity): () => KubeObject {
  let proto: Prototype | null = null;
  return () => {
    if (proto && proto.now === rfc3339(env.now())) return fromPrototype(state, env, proto);
    const pod = createPodFromTemplate(state, env, owner, template, id);
    proto = prototypeOf(state, pod, template, id);
    return pod;
  };
}

/** What every pod of a run shares: its JSON without identity, and where its drawn volume name goes. */
interface Prototype {
  /** The instant it was made at (creationTimestamp, managedFields time). */
  now: string;
  /** A fresh copy of the pod with an empty name, a null uid and resourceVersion, managedFields as 0. */
  copy: () => KubeObject;
  managedFields: unknown;
  /** Paths (in spec) of every use of the service-account volume's name; null when none was drawn. */
  volumePaths: (string | number)[][] | null;
  /** The pods' JSON text with holes for the values in `Hole` order (null: not stamped). */
  text: TextTemplate | null;
  /** JSON texts of the managedFields and of the status every copy starts with. */
  managedText: string;
  statusText: string;
}

/** The values a pod's text template has holes for (text-stamps.ts), by index. */
const enum Hole {
  Name,
  Uid,
  ResourceVersion,
  ManagedFields,
  Volume,
  Status,
}

const ACCESS_VOLUME = 'kube-api-access-';

/**
 * The prototype of pods alike to `pod` (just created through the write path), or null when a next pod
 * could come out otherwise than as a copy: a fixed name; a ResourceQuota in the namespace (admission
 * charges and may refuse each pod); a template that names a service-account volume itself (then whether
 * one is drawn is not a given).
 */
function prototypeOf(state: ClusterState, pod: KubeObject, template: PodTemplate | undefined, id: PodIdentity): Prototype | null {
  const md = pod.metadata;
  if (id.name || !id.generateName || !md.creationTimestamp || md.generation !== undefined) return null;
  for (const q of Object.values(state.objects.resourcequotas ?? {})) if (q.metadata.namespace === md.namespace) return null;
  if (templateText(template).includes(ACCESS_VOLUME)) return null;
  const spec = (pod.spec ?? {}) as { volumes?: { name?: string }[] };
  const volume = spec.volumes?.find((v) => v.name?.startsWith(ACCESS_VOLUME))?.name;
  const volumePaths: (string | number)[][] = [];
  if (volume) pathsOf(pod.spec, volume, [], volumePaths);
  const { name, uid, resourceVersion, managedFields } = md;
  const hasManaged = Object.hasOwn(md, 'managedFields');
  let text: string;
  try {
    md.name = '';
    md.uid = null as never;
    md.resourceVersion = null as never;
    if (hasManaged) md.managedFields = 0 as never;
    text = JSON.stringify(pod);
  } finally {
    md.name = name;
    md.uid = uid;
    md.resourceVersion = resourceVersion;
    if (hasManaged) md.managedFields = managedFields;
  }
  const status = Object.keys(pod).at(-1) === 'status' ? pod.status : undefined;
  return {
    now: md.creationTimestamp,
    copy: copier(text),
    managedFields: hasManaged ? managedFields : undefined,
    volumePaths: volume ? volumePaths : null,
    text: textTemplate(pod, volume ? volumePaths : [], hasManaged, status !== undefined),
    managedText: hasManaged ? JSON.stringify(managedFields) : '',
    statusText: status !== undefined ? JSON.stringify(status) : '',
  };
}

/**
 * The template of the text of the pods copied from `pod`: its JSON with a hole for each value a copy
 * draws afresh (name, uid, resourceVersion, the volume name at each of `volumePaths`), for the shared
 * managedFields, and for the status when it is the last member (a scheduler's mark then restamps it).
 */
function textTemplate(pod: KubeObject, volumePaths: (string | number)[][], hasManaged: boolean, statusHole: boolean): TextTemplate | null {
  const md = pod.metadata;
  const { name, uid, resourceVersion, managedFields } = md;
  const status = pod.status;
  const volume = volumePaths.length ? (valueAt(pod.spec, volumePaths[0]!) as string) : '';
  const expected = 3 + (hasManaged ? 1 : 0) + volumePaths.length + (statusHole ? 1 : 0);
  try {
    md.name = holeMark(Hole.Name);
    md.uid = holeMark(Hole.Uid);
    md.resourceVersion = holeMark(Hole.ResourceVersion);
    if (hasManaged) md.managedFields = holeMark(Hole.ManagedFields) as never;
    for (const path of volumePaths) setAt(pod.spec, path, holeMark(Hole.Volume));
    if (statusHole) pod.status = holeMark(Hole.Status) as never;
    return templateOf(JSON.stringify(pod), expected);
  } finally {
    md.name = name;
    md.uid = uid;
    md.resourceVersion = resourceVersion;
    if (hasManaged) md.managedFields = managedFields;
    for (const path of volumePaths) setAt(pod.spec, path, volume);
    if (statusHole) pod.status = status;
  }
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v = root as Record<string | number, unknown>;
  for (const k of path) v = v[k] as Record<string | number, unknown>;
  return v;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let holder = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) holder = holder[path[i]!] as Record<string | number, unknown>;
  holder[path[path.length - 1]!] = value;
}

/**
 * A maker of fresh copies of the value whose JSON text is `text`. JSON text is a JavaScript object literal
 * (a `__proto__` key aside, which a literal would take for the prototype): compiled once, each call
 * copies V8's boilerplate of it, about three times as fast as parsing the text again (10,000 pods of a
 * scale-up). The text is JSON.stringify's, so it holds nothing but data.
 */
function copier(text: string): () => KubeObject {
  if (!text.includes('"__proto__"')) {
    try {
      return new Function(`return ${text};`) as () => KubeObject;
    } catch {
      /* code generation from strings disallowed: parse instead */
    }
  }
  return () => JSON.parse(text) as KubeObject;
}

/** Every path under `value` holding the string `needle`. */
function pathsOf(value: unknown, needle: string, at: (string | number)[], out: (string | number)[][]): void {
  if (value === needle) out.push([...at]);
  else if (Array.isArray(value)) value.forEach((x, i) => pathsOf(x, needle, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, x] of Object.entries(value)) pathsOf(x, needle, [...at, k], out);
}

/** The next pod of a run: the write path's draws in its order, then stored as the write path stores it. */
function fromPrototype(state: ClusterState, env: Env, proto: Prototype): KubeObject {
  const pod = proto.copy();
  let volume = '';
  if (proto.volumePaths) {
    // defaultPod's draw, made before the name is generated.
    volume = ACCESS_VOLUME + env.rngFor(pod.metadata.namespace).string(5, NAME_ALPHABET);
    for (const path of proto.volumePaths) setAt(pod.spec, path, volume);
  }
  if (proto.managedFields !== undefined) pod.metadata.managedFields = proto.managedFields as never;
  // Name, uid and resourceVersion as insertObject gives them (creationTimestamp is the same instant).
  insertObject(state, 'pods', pod, env);
  const t = proto.text;
  if (t) {
    const md = pod.metadata;
    const values = [JSON.stringify(md.name), JSON.stringify(md.uid), JSON.stringify(md.resourceVersion), proto.managedText, JSON.stringify(volume), proto.statusText];
    stampText(pod, fillTemplate(t, values), pieceOf(t, Hole.ResourceVersion), pieceOf(t, Hole.Status));
  }
  return pod;
}

function templateText(template: PodTemplate | undefined): string {
  if (!template) return '{}';
  let json = templateJson.get(template);
  if (json === undefined) templateJson.set(template, (json = JSON.stringify(template)));
  return json;
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
}
