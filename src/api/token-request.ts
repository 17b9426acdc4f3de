/**
 * The service account's `token` subresource (POST an authentication.k8s.io/v1 TokenRequest), answered as
 * kube-apiserver 1.32's TokenREST answers it (pkg/registry/core/serviceaccount/storage/token.go) on a kind
 * cluster: the request's name and namespace must be the URL's, the service account must exist, unset
 * audiences become the API server's (kind: its issuer), the lifetime must lie between 10 minutes and 2^32
 * seconds (no --service-account-max-token-expiration on kind, so nothing is shortened), and a bound Pod,
 * Node or Secret must exist (with the UID given, if one is). The token is a JWT with the claims of
 * pkg/serviceaccount/claims.go. Nothing is stored: only the jti's draw moves the namespace's run-time stream.
 */
import type { ClusterState, FieldError, KubeObject } from './types.js';
import type { Env } from '../env.js';
import { rfc3339 } from '../env.js';
import { ApiError, invalid, notFound } from './errors.js';
import { getObject } from './objects.js';
import { goJsonText } from '../util/go-json.js';
import { sha256 } from '../util/sha256.js';

/** kind's --service-account-issuer, which is also the API server's audience (--api-audiences unset). */
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

/** TokenRequestSpec as sent (v1 defaulting gives expirationSeconds 3600). */
export interface TokenRequestSpec {
  audiences?: string[] | null;
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

/** The TokenRequest a client posts: only metadata's name and namespace and the spec are read. */
export interface TokenRequestBody {
  metadata?: { name?: string; namespace?: string };
  spec?: TokenRequestSpec;
}

/** The default lifetime (authentication/v1 SetDefaults_TokenRequestSpec). */
const DEFAULT_EXPIRATION_SECONDS = 3600;
/** The lifetime the kubelet asks for a projected token; the API server then issues a year-long one that warns after it. */
const WARN_ONLY_EXPIRATION_SECONDS = 60 * 60 + 7;
const EXTENDED_EXPIRATION_SECONDS = 24 * 365 * 60 * 60;
const GROUP_KIND = 'TokenRequest.authentication.k8s.io';

/** NewInvalid(TokenRequest.authentication.k8s.io, name, errs): the message names the group, the details the kind. */
function invalidRequest(name: string, causes: FieldError[]): ApiError {
  return new ApiError('Invalid', invalid(GROUP_KIND, name, causes).message, { kind: 'TokenRequest', name, causes });
}

interface Ref {
  name: string;
  uid?: string;
}

/** POST .../serviceaccounts/NAME/token: the TokenRequest the API server answers, or its ApiError. */
export function createToken(state: ClusterState, env: Env, namespace: string, name: string, body: TokenRequestBody): KubeObject {
  const md = body.metadata ?? {};
  if (md.name && md.name !== name) throw invalidRequest(name, [{ field: 'metadata.name', type: 'Invalid', value: md.name, detail: 'must match the service account name if specified' }]);
  if (md.namespace && md.namespace !== namespace) {
    throw invalidRequest(name, [{ field: 'metadata.namespace', type: 'Invalid', value: md.namespace, detail: 'must match the service account namespace if specified' }]);
  }
  const sa = getObject(state, 'serviceaccounts', namespace, name);
  if (!sa) throw notFound('serviceaccounts', name);
  const spec = body.spec ?? {};
  const audiences = spec.audiences?.length ? spec.audiences : [API_AUDIENCE];
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const nowSeconds = Math.floor(env.now().getTime() / 1000);
  const causes: FieldError[] = [];
  if (expirationSeconds < 600) causes.push({ field: 'spec.expirationSeconds', type: 'Invalid', value: expirationSeconds, detail: 'may not specify a duration less than 10 minutes' });
  if (expirationSeconds > 2 ** 32) causes.push({ field: 'spec.expirationSeconds', type: 'Invalid', value: expirationSeconds, detail: 'may not specify a duration larger than 2^32 seconds' });
  // Static validation names no object (NewInvalid(gk, "", errs)).
  if (causes.length) throw invalidRequest('', causes);

  const bound = spec.boundObjectRef ? boundObject(state, namespace, name, spec.boundObjectRef) : {};
  // The kubelet's projected tokens (pod-bound, 3607 s, the API audiences only) live a year and warn after 3607 s.
  let exp = expirationSeconds;
  let warnAfter: number | undefined;
  if (bound.pod && expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS && audiences.every((a) => a === API_AUDIENCE)) {
    warnAfter = nowSeconds + expirationSeconds;
    exp = EXTENDED_EXPIRATION_SECONDS;
  }
  const kubernetesIo: Record<string, unknown> = { namespace, ...(bound.node ? { node: bound.node } : {}), ...(bound.pod ? { pod: bound.pod } : {}), ...(bound.secret ? { secret: bound.secret } : {}) };
  kubernetesIo.serviceaccount = { name, uid: sa.metadata.uid };
  if (warnAfter !== undefined) kubernetesIo.warnafter = warnAfter;
  // go-jose merges the public and private claims into a map: keys in sorted order, nested ones too.
  const claims = {
    aud: audiences,
    exp: nowSeconds + exp,
    iat: nowSeconds,
    iss: API_AUDIENCE,
    jti: env.runtimeRngFor(namespace).uuid(),
    'kubernetes.io': kubernetesIo,
    nbf: nowSeconds,
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
  const ref = spec.boundObjectRef;
  // In authenticationv1.TokenRequest's field order (kind first): kubectl's JSON printer keeps a typed object's order.
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: rfc3339(new Date(nowSeconds * 1000)) },
    spec: {
      audiences,
      expirationSeconds,
      boundObjectRef: ref ? { kind: ref.kind || undefined, apiVersion: ref.apiVersion || undefined, name: ref.name || undefined, uid: ref.uid || undefined } : null,
    },
    status: { token: signedToken(state, claims), expirationTimestamp: rfc3339(new Date((nowSeconds + expirationSeconds) * 1000)) },
  } as KubeObject;
}

/** The bound object's claims, after the checks TokenREST makes (it must exist, with the UID given). */
function boundObject(state: ClusterState, namespace: string, saName: string, ref: NonNullable<TokenRequestSpec['boundObjectRef']>): { pod?: Ref; node?: Ref; secret?: Ref } {
  const apiVersion = ref.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const kind = ref.kind ?? '';
  const name = ref.name ?? '';
  let out: { pod?: Ref; node?: Ref; secret?: Ref };
  let uid: string | undefined;
  if (group === '' && kind === 'Pod') {
    const pod = getObject(state, 'pods', namespace, name);
    if (!pod) throw notFound('pods', name);
    const spec = (pod.spec ?? {}) as { serviceAccountName?: string; nodeName?: string };
    if (spec.serviceAccountName !== saName) throw new ApiError('BadRequest', `cannot bind token for serviceaccount ${JSON.stringify(saName)} to pod running with different serviceaccount name.`);
    uid = pod.metadata.uid;
    out = { pod: { name, uid } };
    // A scheduled pod's node goes into the claims too; a node that is gone leaves only its name.
    if (spec.nodeName) out.node = refOf(getObject(state, 'nodes', undefined, spec.nodeName), spec.nodeName);
  } else if (group === '' && kind === 'Node') {
    const node = getObject(state, 'nodes', undefined, name);
    if (!node) throw notFound('nodes', name);
    uid = node.metadata.uid;
    out = { node: { name, uid } };
  } else if (group === '' && kind === 'Secret') {
    const secret = getObject(state, 'secrets', namespace, name);
    if (!secret) throw notFound('secrets', name);
    uid = secret.metadata.uid;
    out = { secret: { name, uid } };
  } else {
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    throw new ApiError('BadRequest', `cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  }
  if (ref.uid && ref.uid !== uid) {
    throw new ApiError('Conflict', `Operation cannot be fulfilled on ${kind} ${JSON.stringify(name)}: the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return out;
}

/** A `{name, uid}` claim (omitempty: a missing object's uid is left out). */
function refOf(obj: KubeObject | undefined, name: string): Ref {
  return obj?.metadata.uid ? { name, uid: obj.metadata.uid } : { name };
}

/** Length of an RS256 signature by the 2048-bit service account key kubeadm makes. */
const SIGNATURE_BYTES = 256;

/**
 * The cluster's signing secret, a function of its seed alone: kube-sim keeps no RSA key, so a token is
 * "signed" with HMAC-SHA-256 stretched to an RS256 signature's length. Like RS256 (PKCS #1 v1.5) it is
 * deterministic, so the same claims give the same token, and a token can be checked by signing again.
 */
function signingKey(state: ClusterState): Uint8Array {
  return sha256(Buffer.from(`kube-sim service account signing key\u0000${state.meta.seed}`, 'utf8'));
}

/** HMAC-SHA-256 (RFC 2104) over the plain-JavaScript SHA-256 (node:crypto costs start-up time). */
function hmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key);
  const inner = Buffer.concat([block.map((b) => b ^ 0x36), message]);
  return sha256(Buffer.concat([block.map((b) => b ^ 0x5c), sha256(inner)]));
}

const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

/** header.payload.signature, the header as go-jose writes it for kube-apiserver (alg, then the key's id). */
function signedToken(state: ClusterState, claims: Record<string, unknown>): string {
  const key = signingKey(state);
  const kid = b64url(sha256(Buffer.concat([Buffer.from('kid\u0000'), key])));
  const input = `${b64url(goJsonText({ alg: 'RS256', kid }))}.${b64url(goJsonText(claims))}`;
  const signature = new Uint8Array(SIGNATURE_BYTES);
  for (let i = 0; i * 32 < SIGNATURE_BYTES; i++) signature.set(hmac(key, Buffer.from(`${i}\u0000${input}`, 'utf8')).subarray(0, Math.min(32, SIGNATURE_BYTES - i * 32)), i * 32);
  return `${input}.${b64url(signature)}`;
}
