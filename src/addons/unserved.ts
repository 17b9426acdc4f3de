/**
 * Objects of kinds kube-sim does not serve (ValidatingWebhookConfiguration), or did not when these manifests
 * were bundled (RBAC: acknowledged still, so that the objects after them keep their resourceVersions),
 * inside the bundled remote manifests (ingress-nginx's deploy.yaml). kubectl prints one line per object
 * it creates; so that `apply -f <deploy.yaml URL>` prints what the real one does, these documents are
 * acknowledged with the same line and remembered by name (created / unchanged / AlreadyExists), but not
 * stored as objects: nothing in the simulation uses them.
 */
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import { alreadyExists, notFound } from '../api/errors.js';
import { nextResourceVersion } from '../api/objects.js';
import { isBundledManifest } from './remote-manifests.js';

interface UnservedKind {
  /** `kubectl` line prefix (`<kind lower>[.<group>]`). */
  prefix: string;
  /** Plural with group, for AlreadyExists. */
  resource: string;
  namespaced: boolean;
}

const UNSERVED: Record<string, UnservedKind> = {
  'v1/ServiceAccount': { prefix: 'serviceaccount', resource: 'serviceaccounts', namespaced: true },
  'rbac.authorization.k8s.io/v1/Role': { prefix: 'role.rbac.authorization.k8s.io', resource: 'roles.rbac.authorization.k8s.io', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { prefix: 'rolebinding.rbac.authorization.k8s.io', resource: 'rolebindings.rbac.authorization.k8s.io', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { prefix: 'clusterrole.rbac.authorization.k8s.io', resource: 'clusterroles.rbac.authorization.k8s.io', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { prefix: 'clusterrolebinding.rbac.authorization.k8s.io', resource: 'clusterrolebindings.rbac.authorization.k8s.io', namespaced: false },
  'apps/v1/DaemonSet': { prefix: 'daemonset.apps', resource: 'daemonsets.apps', namespaced: true },
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': {
    prefix: 'validatingwebhookconfiguration.admissionregistration.k8s.io',
    resource: 'validatingwebhookconfigurations.admissionregistration.k8s.io',
    namespaced: false,
  },
};

/** Older API versions the old (0.x) manifests use, served by clusters of their time. */
const LEGACY: Record<string, { key: string; removedIn: number }> = {
  'rbac.authorization.k8s.io/v1beta1/Role': { key: 'rbac.authorization.k8s.io/v1/Role', removedIn: 22 },
  'rbac.authorization.k8s.io/v1beta1/RoleBinding': { key: 'rbac.authorization.k8s.io/v1/RoleBinding', removedIn: 22 },
  'rbac.authorization.k8s.io/v1beta1/ClusterRole': { key: 'rbac.authorization.k8s.io/v1/ClusterRole', removedIn: 22 },
  'rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding': { key: 'rbac.authorization.k8s.io/v1/ClusterRoleBinding', removedIn: 22 },
  'admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration': { key: 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration', removedIn: 22 },
};

const MEMORY = 'unserved-objects';

function minorVersion(state: ClusterState): number {
  return Number(/^v\d+\.(\d+)/.exec(state.settings.kubernetesVersion)?.[1] ?? 32);
}

/**
 * For a document of a bundled manifest whose kind kube-sim does not serve: the line kubectl would print
 * (without the dry-run suffix), after recording it; undefined for every other document.
 * Throws AlreadyExists for `create` of an object already recorded.
 */
export function acknowledgeUnserved(state: ClusterState, env: Env, source: string, doc: unknown, namespace: string, verb: 'create' | 'apply' | 'replace', dryRun: boolean): string | undefined {
  if (!isBundledManifest(source)) return undefined;
  return acknowledgeDoc(state, env, doc, namespace, verb, dryRun);
}

/** The same for a document the add-ons install (no source check). */
export function acknowledgeDoc(state: ClusterState, env: Env, doc: unknown, namespace: string, verb: 'create' | 'apply' | 'replace', dryRun: boolean): string | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
  let key = `${d.apiVersion}/${d.kind}`;
  const legacy = LEGACY[key];
  if (legacy) {
    // On a cluster that no longer serves the old version, let the normal path report the mapping error.
    if (minorVersion(state) >= legacy.removedIn) return undefined;
    key = legacy.key;
  }
  const kind = UNSERVED[key];
  if (!kind || !d.metadata?.name) return undefined;
  const ns = kind.namespaced ? (d.metadata.namespace ?? namespace) : '';
  const id = `${kind.resource}/${ns}/${d.metadata.name}`;
  const mem = ((state.memory[MEMORY] ??= {}) as Record<string, true>);
  const known = mem[id] === true;
  if (known && verb === 'create') throw alreadyExists(kind.resource, d.metadata.name);
  if (!known && !dryRun) {
    mem[id] = true;
    nextResourceVersion(state);
  }
  return `${kind.prefix}/${d.metadata.name} ${known ? (verb === 'replace' ? 'replaced' : 'unchanged') : 'created'}`;
}

/** Forget the acknowledged objects of one namespace (when ingress-nginx is uninstalled). */
export function forgetUnserved(state: ClusterState, names: (id: string) => boolean): void {
  const mem = state.memory[MEMORY] as Record<string, true> | undefined;
  if (!mem) return;
  let changed = false;
  for (const id of Object.keys(mem)) {
    if (names(id)) {
      delete mem[id];
      changed = true;
    }
  }
  if (changed) nextResourceVersion(state);
}

/**
 * `delete -f` of a bundled manifest: for a document of an unserved kind, forget it and return kubectl's
 * line (`serviceaccount "ingress-nginx" deleted`); throws NotFound when it was never created.
 */
export function deleteUnserved(state: ClusterState, source: string, doc: unknown, namespace: string): string | undefined {
  if (!isBundledManifest(source) || !doc || typeof doc !== 'object') return undefined;
  const d = doc as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
  const key = LEGACY[`${d.apiVersion}/${d.kind}`]?.key ?? `${d.apiVersion}/${d.kind}`;
  const kind = UNSERVED[key];
  if (!kind || !d.metadata?.name) return undefined;
  const ns = kind.namespaced ? (d.metadata.namespace ?? namespace) : '';
  const id = `${kind.resource}/${ns}/${d.metadata.name}`;
  const mem = state.memory[MEMORY] as Record<string, true> | undefined;
  if (!mem?.[id]) throw notFound(kind.resource, d.metadata.name);
  delete mem[id];
  nextResourceVersion(state);
  return `${kind.prefix} "${d.metadata.name}" deleted`;
}
