/**
 * The add-ons (minikube's convention): what each installs, through the same API write path as
 * `kubectl apply`, and how it is removed. Enabled state and configuration live in state.settings.addons.
 */
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import { parseManifestText } from '../api/manifest.js';
import { CliError } from '../api/errors.js';
import { createObject, decodeManifest } from '../api/server.js';
import { getObject, nextResourceVersion, removeObject } from '../api/objects.js';
import { deployYamlV1 } from './ingress-nginx/deploy-yaml.js';
import { CURRENT_INGRESS_NGINX } from './remote-manifests.js';
import { acknowledgeDoc, forgetUnserved } from './unserved.js';
import { DEFAULT_POOL, parsePool } from './metallb/pool.js';
import { metallbYaml } from './metallb/manifest.js';

export interface AddonDef {
  name: string;
  /** MAINTAINER column of `addons list`. */
  maintainer: string;
  /** Lines printed before the images (minikube's maintainer notice). */
  notice: string[];
  images: string[];
  /** `🔎  Verifying ... addon...` line, when minikube prints one. */
  verifies: boolean;
  /** The namespace the add-on owns (removed with everything in it on disable). */
  namespace: string;
  /** Cluster-scoped objects it creates: [resource, name]. */
  clusterObjects: [string, string][];
  manifest(state: ClusterState): string;
}

const INGRESS_VERSION = CURRENT_INGRESS_NGINX;
const CERTGEN = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.0';

export const ADDONS: AddonDef[] = [
  {
    name: 'ingress',
    maintainer: 'Kubernetes',
    notice: [
      '💡  ingress is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.',
      'You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS',
    ],
    images: [`registry.k8s.io/ingress-nginx/controller:v${INGRESS_VERSION}`, CERTGEN, CERTGEN],
    verifies: true,
    namespace: 'ingress-nginx',
    clusterObjects: [['ingressclasses', 'nginx']],
    manifest: () => deployYamlV1('kind', INGRESS_VERSION, true),
  },
  {
    name: 'metallb',
    maintainer: '3rd party (MetalLB)',
    notice: [
      '❗  metallb is a 3rd party addon and is not maintained or verified by minikube maintainers, enable at your own risk.',
      '❗  metallb does not currently have an associated maintainer.',
    ],
    images: ['quay.io/metallb/controller:v0.9.6', 'quay.io/metallb/speaker:v0.9.6'],
    verifies: false,
    namespace: 'metallb-system',
    clusterObjects: [],
    manifest: (state) => metallbYaml(poolOf(state)),
  },
];

export function findAddon(name: string): AddonDef | undefined {
  return ADDONS.find((a) => a.name === name);
}

export function addonEnabled(state: ClusterState, name: string): boolean {
  return state.settings.addons?.[name]?.enabled === true;
}

export function poolOf(state: ClusterState): string {
  return ((state.settings.addons?.metallb?.config as { pool?: string } | undefined)?.pool) ?? DEFAULT_POOL;
}

/** Validate and store the MetalLB pool; returns an error text when the range is invalid. */
export function setPool(state: ClusterState, pool: string): string | undefined {
  const parsed = parsePool(pool);
  if ('error' in parsed) return parsed.error;
  const entry = (state.settings.addons.metallb ??= { enabled: false });
  entry.config = { ...(entry.config ?? {}), pool };
  return undefined;
}

/** Create what the add-on installs (objects that already exist are left as they are). */
export function installAddon(state: ClusterState, env: Env, addon: AddonDef): void {
  for (const d of parseManifestText(addon.manifest(state), `addon ${addon.name}`)) {
    if (acknowledgeDoc(state, env, d.doc, addon.namespace, 'apply', false) !== undefined) continue;
    let decoded;
    try {
      decoded = decodeManifest(state, d.doc, d.source, addon.namespace);
    } catch (e) {
      // A kind this cluster version does not serve yet (IngressClass before 1.19): installed without it.
      if (e instanceof CliError) continue;
      throw e;
    }
    const { info, obj } = decoded;
    const live = getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name);
    if (live) {
      // Keep configuration objects in step with the add-on settings (the MetalLB pool).
      if (info.resource === 'configmaps' && JSON.stringify(live.data) !== JSON.stringify(obj.data)) {
        live.data = obj.data;
        live.metadata.resourceVersion = nextResourceVersion(state);
      }
      continue;
    }
    createObject(state, env, info, obj);
  }
}

/** Remove everything the add-on installed: its namespace with all it contains, and its cluster objects. */
export function uninstallAddon(state: ClusterState, addon: AddonDef): void {
  const ns = addon.namespace;
  for (const [resource, items] of Object.entries(state.objects)) {
    for (const o of Object.values(items)) {
      if (o.metadata.namespace === ns) {
        removeObject(state, resource, ns, o.metadata.name);
        if (resource === 'pods' && o.metadata.uid) delete state.runtime[o.metadata.uid];
      }
    }
  }
  removeObject(state, 'namespaces', undefined, ns);
  for (const [resource, name] of addon.clusterObjects) removeObject(state, resource, undefined, name);
  forgetUnserved(state, (id) => id.includes(`/${ns}/`) || (addon.name === 'ingress' && /\/\/ingress-nginx(-admission)?$/.test(id)));
  nextResourceVersion(state);
}
