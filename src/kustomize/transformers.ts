/**
 * kustomize's builtin transformers over plain objects: labels and annotations at their field specs,
 * namespace, name prefix and suffix, images, replicas. Each changes objects in place.
 */
import { type FieldSpec, specApplies } from './field-specs.js';
import { isObj, type Json, type Obj } from './json.js';

/** Kinds kustomize never gives a namespace (resid.NotNamespaceableKinds). */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'Cluster', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass',
  'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview',
  'ValidatingWebhookConfiguration', 'VolumeAttachment', 'IngressClass',
]);

/** Is this kind namespaced as kustomize sees it? */
export function namespaceable(kind: unknown): boolean {
  return !CLUSTER_SCOPED.has(String(kind));
}

/** The maps at `path` (a `[]` step walks a list), created along the way when `create`. */
function mapsAt(node: Json, path: string[], create: boolean): Obj[] {
  if (!isObj(node)) return [];
  if (path.length === 0) return [node];
  const [step, ...rest] = path as [string, ...string[]];
  if (step.endsWith('[]')) {
    const list = node[step.slice(0, -2)];
    return Array.isArray(list) ? list.flatMap((el) => mapsAt(el, rest, create)) : [];
  }
  if (node[step] === undefined || node[step] === null) {
    if (!create) return [];
    node[step] = {};
  }
  return mapsAt(node[step], rest, create);
}

/** Add `pairs` to the map at each field spec that applies (labels, annotations, selectors). */
export function addToMaps(obj: Obj, specs: FieldSpec[], pairs: Record<string, string>): void {
  if (!Object.keys(pairs).length) return;
  for (const fs of specs) {
    if (!specApplies(fs, obj)) continue;
    for (const m of mapsAt(obj, fs.path, fs.create)) Object.assign(m, pairs);
  }
}

/** metadata, created when missing. */
export function meta(obj: Obj): Obj {
  if (!isObj(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

/** The namespace transformer: every namespaced object moves to `ns`, a Namespace object is renamed to it. */
export function setNamespace(obj: Obj, ns: string): void {
  if (obj.kind === 'Namespace') {
    meta(obj).name = ns;
    return;
  }
  if (!namespaceable(obj.kind)) return;
  meta(obj).namespace = ns;
  // ServiceAccount subjects of bindings follow the objects they name into the namespace.
  if ((obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') && Array.isArray(obj.subjects)) {
    for (const s of obj.subjects) if (isObj(s) && s.kind === 'ServiceAccount' && (s.namespace === undefined || s.namespace === 'default')) s.namespace = ns;
  }
}

/** An image reference split into name, tag and digest (`registry:5000/app:1.0@sha256:...`). */
function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), ...(digest ? { digest } : {}) };
  return { name: rest, ...(digest ? { digest } : {}) };
}

/** One `images` entry. */
export interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Call `f` with every container and init container anywhere in the object (pod specs, templates, job templates). */
export function eachContainer(node: Json, f: (container: Obj) => void): void {
  if (Array.isArray(node)) {
    for (const el of node) eachContainer(el, f);
    return;
  }
  if (!isObj(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) for (const c of v) if (isObj(c)) f(c);
    if (typeof v === 'object' && v !== null) eachContainer(v, f);
  }
}

/** The image transformer: every container and init container whose image has the rule's name gets the new name, tag or digest. */
export function setImages(node: Json, rule: ImageRule): void {
  eachContainer(node, (c) => {
    if (typeof c.image === 'string') c.image = newImage(c.image, rule) ?? c.image;
  });
}

function newImage(image: string, rule: ImageRule): string | undefined {
  const parts = splitImage(image);
  if (parts.name !== rule.name) return undefined;
  const name = rule.newName || parts.name;
  if (rule.digest) return `${name}@${rule.digest}`;
  if (rule.newTag) return `${name}:${rule.newTag}`;
  return name + (parts.tag !== undefined ? `:${parts.tag}` : '') + (parts.digest ? `@${parts.digest}` : '');
}
