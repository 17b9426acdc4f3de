/**
 * The bundled catalogue of remote manifests: kube-sim has no network, so `apply -f <URL>` of the
 * well-known ingress-nginx deploy.yaml URLs and of the kubernetes.io examples tutorials apply
 * (website-examples.ts) is answered from text kept here. Registered with the API's manifest reader when
 * this module is imported (src/cli/commands/addons.ts imports it).
 */
import { setRemoteManifestResolver, type RemoteManifest } from '../api/manifest.js';
import { deployYamlLegacy, deployYamlV1, type Provider } from './ingress-nginx/deploy-yaml.js';
import { WEBSITE_EXAMPLES, websiteExamplePath } from './website-examples.js';

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

/** The ingress-nginx manifest text for a URL, or undefined when the URL is not one of its deploy.yaml. */
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

/** Is this -f source one of the bundled add-on manifests (whose RBAC and webhook objects are acknowledged)? */
export function isBundledManifest(source: string): boolean {
  return /^https?:\/\//.test(source) && resolveBundled(source) !== undefined;
}

/** What fetching a URL gives: a bundled manifest, the 404 of a website example kube-sim does not bundle, or nothing known. */
export function fetchBundled(url: string): RemoteManifest | undefined {
  const addon = resolveBundled(url);
  if (addon !== undefined) return { text: addon };
  const example = websiteExamplePath(url);
  if (example === undefined) return undefined;
  return Object.hasOwn(WEBSITE_EXAMPLES, example) ? { text: WEBSITE_EXAMPLES[example]! } : { status: 404, statusText: 'Not Found' };
}

setRemoteManifestResolver(fetchBundled);
