/**
 * The bundled catalogue of remote manifests: kube-sim has no network, so `apply -f <URL>` of the
 * well-known ingress-nginx deploy.yaml URLs is answered from text generated here. Registered with the
 * API's manifest reader when this module is imported (src/cli/commands/addons.ts imports it).
 */
import { setRemoteManifestResolver } from '../api/manifest.js';
import { deployYamlLegacy, deployYamlV1, type Provider } from './ingress-nginx/deploy-yaml.js';

/** The controller version `main` and unversioned URLs install. */
export const CURRENT_INGRESS_NGINX = '1.12.0';

const GITHUB = /^https:\/\/raw\.githubusercontent\.com\/kubernetes\/ingress-nginx\/([^/]+)\/deploy\/static\/(?:provider\/)?([a-z-]+)\/deploy\.yaml$/;
const KIND_DOCS = new Set(['https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml']);

/** Provider directories of the real repository, mapped to the semantics kube-sim simulates. */
const PROVIDERS: Record<string, Provider> = {
  kind: 'kind',
  cloud: 'cloud',
  aws: 'cloud',
  do: 'cloud',
  exoscale: 'cloud',
  scw: 'cloud',
  'provider-cloud': 'cloud',
  baremetal: 'baremetal',
};

/** The manifest text for a URL, or undefined when the URL is not in the catalogue. */
export function resolveBundled(url: string): string | undefined {
  if (KIND_DOCS.has(url)) return deployYamlV1('kind', CURRENT_INGRESS_NGINX);
  const m = GITHUB.exec(url);
  if (!m) return undefined;
  const [, ref, dir] = m;
  const provider = PROVIDERS[dir!];
  if (!provider) return undefined;
  if (ref === 'main' || ref === 'master') return deployYamlV1(provider, CURRENT_INGRESS_NGINX);
  const tag = /^controller-v?(\d+)\.(\d+)\.(\d+)$/.exec(ref!);
  if (!tag) return undefined;
  const version = `${tag[1]}.${tag[2]}.${tag[3]}`;
  return Number(tag[1]) >= 1 ? deployYamlV1(provider, version) : deployYamlLegacy(provider, version);
}

/** Is this -f source one of the bundled manifests? */
export function isBundledManifest(source: string): boolean {
  return /^https?:\/\//.test(source) && resolveBundled(source) !== undefined;
}

setRemoteManifestResolver(resolveBundled);
