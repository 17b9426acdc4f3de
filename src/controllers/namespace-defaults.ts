/**
 * What kube-controller-manager puts in every namespace: the serviceaccount controller's `default`
 * ServiceAccount and the root-ca-cert-publisher's `kube-root-ca.crt` ConfigMap (recreated when deleted,
 * its data put back when edited). Both are the cluster's own objects, so they draw from the system
 * streams (asSystem) and never move the names of a user's objects in that namespace.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { asSystem } from '../env.js';
import { getObject, insertObject, saveIfChanged } from '../api/objects.js';
import { serverMinor } from '../api/kind.js';

export const ROOT_CA_NAME = 'kube-root-ca.crt';
const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
const CA_MEMORY = 'cluster-ca';
const ROOT_CA_SINCE = 20;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The cluster CA certificate (PEM), made once from the seeded generator and kept in the state: a
 * certificate-shaped text of the size kubeadm's CA has (it is never parsed, only shown and mounted).
 */
export function clusterCA(state: ClusterState, env: Parameters<typeof asSystem>[0]): string {
  const mem = state.memory[CA_MEMORY] as { pem?: string } | undefined;
  if (mem?.pem) return mem.pem;
  const body = 'MIIDBTCCAe2gAwIBAgII' + asSystem(env, state).rngFor(undefined).string(1052, B64) + '==';
  const lines = body.match(/.{1,64}/g)!;
  const pem = `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  state.memory[CA_MEMORY] = { pem };
  return pem;
}

/** Per loaded state: the resourceVersion after a pass that found every namespace complete. */
const settled = new WeakMap<ClusterState, number>();

export const namespaceDefaults: Controller = {
  name: 'namespace-defaults',
  reconcile(state, env) {
    // Nothing was written since every namespace was found complete: nothing can be missing.
    if (settled.get(state) === state.meta.resourceVersion) return false;
    const namespaces = Object.values(state.objects.namespaces ?? {});
    if (!namespaces.length) return false;
    const sys = asSystem(env, state);
    let changed = false;
    for (const ns of namespaces) {
      const name = ns.metadata.name;
      if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') continue;
      if (!getObject(state, 'serviceaccounts', name, 'default')) {
        insertObject(state, 'serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } }, sys);
        changed = true;
      }
      // The root-ca-cert-publisher arrived with 1.20 (RootCAConfigMap): older clusters have no such ConfigMap.
      if (serverMinor(state) < ROOT_CA_SINCE) continue;
      const pem = clusterCA(state, env);
      const cm = getObject(state, 'configmaps', name, ROOT_CA_NAME);
      if (!cm) {
        const fresh: KubeObject = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_NAME, namespace: name, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
          data: { 'ca.crt': pem },
        };
        insertObject(state, 'configmaps', fresh, sys);
        changed = true;
      } else if ((cm.data as Record<string, string> | undefined)?.['ca.crt'] !== pem || Object.keys((cm.data as object | undefined) ?? {}).length !== 1) {
        // The publisher owns the content: an edit is put back (annotations and labels are left as edited).
        const before = JSON.stringify(cm);
        cm.data = { 'ca.crt': pem };
        delete cm.binaryData;
        if (saveIfChanged(state, 'configmaps', cm, before)) changed = true;
      }
    }
    if (!changed) settled.set(state, state.meta.resourceVersion);
    return changed;
  },
};
