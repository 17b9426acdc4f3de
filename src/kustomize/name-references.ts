/**
 * kustomize's name reference transformer: once prefixes, suffixes and content hashes have renamed
 * objects, every field that names one of them (a pod's configMapRef, secretKeyRef, volumes, claimName,
 * serviceAccountName, a StatefulSet's serviceName, an Ingress backend, a binding's roleRef, ...) is
 * rewritten to the new name. Fields naming objects outside the kustomization are left alone.
 */
import { meta, namespaceable } from './transformers.js';
import { isObj, type Json, type Obj } from './json.js';

/** An object of the build with every name it has had (the first is the name in its source). */
export interface Named {
  obj: Obj;
  names: string[];
  /** Every namespace it has had (the first is its source's, or '' for none). */
  namespaces: string[];
}

/** Where a referring kind keeps its pod spec. */
const POD_SPEC: Record<string, string> = {
  Pod: 'spec',
  PodTemplate: 'template/spec',
  ReplicationController: 'spec/template/spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  Job: 'spec/template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
};

/** Fields of a pod spec naming an object of each kind. */
const IN_POD_SPEC: Record<string, string[]> = {
  ConfigMap: [
    'containers[]/env[]/valueFrom/configMapKeyRef/name',
    'initContainers[]/env[]/valueFrom/configMapKeyRef/name',
    'containers[]/envFrom[]/configMapRef/name',
    'initContainers[]/envFrom[]/configMapRef/name',
    'volumes[]/configMap/name',
    'volumes[]/projected/sources[]/configMap/name',
  ],
  Secret: [
    'containers[]/env[]/valueFrom/secretKeyRef/name',
    'initContainers[]/env[]/valueFrom/secretKeyRef/name',
    'containers[]/envFrom[]/secretRef/name',
    'initContainers[]/envFrom[]/secretRef/name',
    'volumes[]/secret/secretName',
    'volumes[]/projected/sources[]/secret/name',
    'imagePullSecrets[]/name',
  ],
  PersistentVolumeClaim: ['volumes[]/persistentVolumeClaim/claimName'],
  ServiceAccount: ['serviceAccountName'],
  PriorityClass: ['priorityClassName'],
};

/** Fields outside pod specs: referred kind → referring kind → paths. */
const OTHER: Record<string, Record<string, string[]>> = {
  Service: { StatefulSet: ['spec/serviceName'], Ingress: ['spec/defaultBackend/service/name', 'spec/rules[]/http/paths[]/backend/service/name'] },
  Secret: { Ingress: ['spec/tls[]/secretName'], ServiceAccount: ['imagePullSecrets[]/name'] },
  PersistentVolume: { PersistentVolumeClaim: ['spec/volumeName'] },
  StorageClass: { PersistentVolume: ['spec/storageClassName'], PersistentVolumeClaim: ['spec/storageClassName'], StatefulSet: ['spec/volumeClaimTemplates[]/spec/storageClassName'] },
  Deployment: { HorizontalPodAutoscaler: ['spec/scaleTargetRef/name'] },
  StatefulSet: { HorizontalPodAutoscaler: ['spec/scaleTargetRef/name'] },
  ReplicaSet: { HorizontalPodAutoscaler: ['spec/scaleTargetRef/name'] },
};

/** The paths in `referrer` that may name an object of `kind`. */
function pathsFor(kind: string, referrer: Obj): string[] {
  const rk = String(referrer.kind);
  const out = [...(OTHER[kind]?.[rk] ?? [])];
  const pod = POD_SPEC[rk];
  if (pod) for (const p of IN_POD_SPEC[kind] ?? []) out.push(`${pod}/${p}`);
  return out;
}

/** Call `f` with each map holding a string field at `path`, and that field's key. */
function eachField(node: Json, steps: string[], f: (holder: Obj, key: string) => void): void {
  if (!isObj(node) || steps.length === 0) return;
  const [step, ...rest] = steps as [string, ...string[]];
  if (rest.length === 0) {
    if (typeof node[step] === 'string') f(node, step);
    return;
  }
  if (step.endsWith('[]')) {
    const list = node[step.slice(0, -2)];
    if (Array.isArray(list)) for (const el of list) eachField(el, rest, f);
    return;
  }
  eachField(node[step], rest, f);
}

const nsOf = (o: Obj): string | undefined => (isObj(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : undefined);

/** Rewrite, in every object, the fields naming a renamed object of the build to its final name. */
export function fixNameReferences(objects: Named[]): void {
  const renamed = objects.filter((r) => r.names.some((n) => n !== meta(r.obj).name));
  if (!renamed.length) return;
  for (const referrer of objects) {
    for (const target of renamed) {
      const kind = String(target.obj.kind);
      const current = String(meta(target.obj).name);
      const sameNamespace = !namespaceable(kind) || nsOf(target.obj) === nsOf(referrer.obj);
      if (!sameNamespace) continue;
      for (const p of pathsFor(kind, referrer.obj)) {
        eachField(referrer.obj, p.split('/'), (holder, key) => {
          if (target.names.includes(holder[key] as string)) holder[key] = current;
        });
      }
      rewriteBindings(referrer.obj, target, kind, current);
    }
  }
}

/** A binding's roleRef and its ServiceAccount subjects. */
function rewriteBindings(referrer: Obj, target: Named, kind: string, current: string): void {
  if (referrer.kind !== 'RoleBinding' && referrer.kind !== 'ClusterRoleBinding') return;
  const ref = referrer.roleRef;
  if ((kind === 'Role' || kind === 'ClusterRole') && isObj(ref) && ref.kind === kind && target.names.includes(ref.name as string)) ref.name = current;
  if (kind === 'ServiceAccount' && Array.isArray(referrer.subjects)) {
    for (const s of referrer.subjects) {
      if (isObj(s) && s.kind === 'ServiceAccount' && target.names.includes(s.name as string) && (s.namespace === undefined || s.namespace === nsOf(target.obj))) s.name = current;
    }
  }
}
