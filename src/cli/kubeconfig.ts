/**
 * kube-sim's kubeconfig as kubectl models it (clusters, contexts, users, current-context), read from and
 * written to the cluster's KubeconfigFile in kubectl's own YAML, and printed as `kubectl config view`
 * prints it (sorted by name, secrets shortened unless --raw). While the file does not exist the
 * kubeconfig is kind's: one context `kind-kind` with no namespace.
 */
import { parse } from 'yaml';
import type { KubeconfigFile } from '../store/kubeconfig-file.js';
import { RawError } from '../api/errors.js';
import { goYamlSyntaxError } from '../api/goyaml-check.js';
import { sortKeys, toYaml } from '../printers/output.js';

export type Fields = Record<string, unknown>;

export interface ContextFields {
  cluster?: string;
  user?: string;
  namespace?: string;
  [field: string]: unknown;
}

/** A kubeconfig: the three maps by name (as clientcmd's api.Config holds them) and the current context. */
export interface Kubeconfig {
  clusters: Map<string, Fields>;
  contexts: Map<string, ContextFields>;
  users: Map<string, Fields>;
  currentContext: string;
}

/** kind's context, cluster and user name for the default cluster name `kind`. */
export const KIND_CONTEXT = 'kind-kind';

/** A stand-in for kind's certificates: kube-sim's cluster has no TLS, and says so if decoded. */
const FAKE_PEM = (what: string) => Buffer.from(`-----BEGIN ${what}-----\nkube-sim simulates this cluster: there is no real ${what.toLowerCase()}\n-----END ${what}-----\n`).toString('base64');
let fakeCerts: { cert: string; key: string } | undefined;

/** The kubeconfig `kind create cluster` writes, pointing at `server`. */
export function kindKubeconfig(server: string): Kubeconfig {
  fakeCerts ??= { cert: FAKE_PEM('CERTIFICATE'), key: FAKE_PEM('RSA PRIVATE KEY') };
  return {
    clusters: new Map([[KIND_CONTEXT, { 'certificate-authority-data': fakeCerts.cert, server }]]),
    contexts: new Map([[KIND_CONTEXT, { cluster: KIND_CONTEXT, user: KIND_CONTEXT }]]),
    users: new Map([[KIND_CONTEXT, { 'client-certificate-data': fakeCerts.cert, 'client-key-data': fakeCerts.key }]]),
    currentContext: KIND_CONTEXT,
  };
}

/** Go's JSON name for a value's type, as encoding/json words an unmarshal error. */
function jsonType(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

function named(list: unknown, field: string, where: string): Map<string, Fields> {
  const out = new Map<string, Fields>();
  if (list === null || list === undefined) return out;
  const type = `Named${field === 'user' ? 'AuthInfo' : field[0]!.toUpperCase() + field.slice(1)}`;
  const fail = (v: unknown, at: string, of: string) =>
    new RawError(`error: error loading config file "${where}": json: cannot unmarshal ${jsonType(v)} into Go struct field ${at} of type ${of}`);
  if (!Array.isArray(list)) throw fail(list, `Config.${field}s`, `[]v1.${type}`);
  for (const item of list as unknown[]) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw fail(item, `Config.${field}s`, `v1.${type}`);
    const { name, [field]: body } = item as Record<string, unknown>;
    if (name !== undefined && typeof name !== 'string') throw fail(name, `${type}.${field}s.name`, 'string');
    out.set((name as string | undefined) ?? '', body && typeof body === 'object' ? { ...(body as Fields) } : {});
  }
  return out;
}

/** Parse kubeconfig text (kubectl's YAML); `where` names the file in errors. */
export function parseKubeconfig(text: string, where: string): Kubeconfig {
  let doc: unknown;
  // go-yaml's words for a file kubectl could not read either.
  const syntax = goYamlSyntaxError(text);
  if (syntax) throw new RawError(`error: error loading config file "${where}": yaml: ${syntax}`);
  try {
    doc = parse(text);
  } catch {
    throw new RawError(`error: error loading config file "${where}": yaml: did not find expected node content`);
  }
  const d = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  return {
    clusters: named(d.clusters, 'cluster', where),
    contexts: named(d.contexts, 'context', where) as Map<string, ContextFields>,
    users: named(d.users, 'user', where),
    currentContext: typeof d['current-context'] === 'string' ? d['current-context'] : '',
  };
}

/** The cluster's kubeconfig: its file, or kind's default for `server` while there is none. */
export function loadKubeconfig(file: KubeconfigFile, server: () => string): Kubeconfig {
  const text = file.read();
  return text === null ? kindKubeconfig(server()) : parseKubeconfig(text, file.location);
}

/** Change the cluster's kubeconfig under its lock and write it back as kubectl writes it. */
export function updateKubeconfig<T>(file: KubeconfigFile, server: () => string, change: (cfg: Kubeconfig) => T): T {
  let result: T;
  file.update((text) => {
    const cfg = text === null ? kindKubeconfig(server()) : parseKubeconfig(text, file.location);
    result = change(cfg);
    return kubeconfigYaml(cfg);
  });
  return result!;
}

const byName = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * An entry as the v1 types serialise it: a context always has `cluster` and `user` and a cluster its
 * `server` (even empty); empty optional fields (a context's `namespace`) are left out.
 */
function serialised(body: Fields, field: string): Fields {
  const out: Fields = {};
  if (field === 'context') Object.assign(out, { cluster: '', user: '' });
  if (field === 'cluster') out.server = '';
  for (const [k, v] of Object.entries(body)) if (!(v === '' && !(k in out))) out[k] = v;
  return out;
}

/** The v1 Config document with the maps as name-sorted lists (null when empty, as kubectl prints them). */
function document(cfg: Kubeconfig): Fields {
  const list = (m: Map<string, Fields>, field: string) => (m.size ? byName(m).map(([name, body]) => ({ name, [field]: serialised(body, field) })) : null);
  return {
    apiVersion: 'v1',
    clusters: list(cfg.clusters, 'cluster'),
    contexts: list(cfg.contexts, 'context'),
    'current-context': cfg.currentContext,
    kind: 'Config',
    preferences: {},
    users: list(cfg.users, 'user'),
  };
}

/** kubectl's YAML of the kubeconfig (keys sorted): what it writes to the file and `config view` prints. */
export function kubeconfigYaml(cfg: Kubeconfig): string {
  return toYaml(sortKeys(document(cfg)));
}

/** Field order of clientcmd's v1 types, which `config view -o json` follows. */
const JSON_ORDER: Record<string, string[]> = {
  cluster: ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'],
  context: ['cluster', 'user', 'namespace', 'extensions'],
  user: ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions'],
};

function ordered(body: Fields, field: string): Fields {
  const order = JSON_ORDER[field]!;
  const keys = Object.keys(body).sort((a, b) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0));
  return Object.fromEntries(keys.map((k) => [k, body[k]]));
}

/** `config view -o json`: the v1 Config in its struct order, indented by four spaces. */
export function kubeconfigJson(cfg: Kubeconfig): string {
  const list = (m: Map<string, Fields>, field: string) => (m.size ? byName(m).map(([name, body]) => ({ name, [field]: ordered(serialised(body, field), field) })) : null);
  const doc = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: list(cfg.clusters, 'cluster'),
    users: list(cfg.users, 'user'),
    contexts: list(cfg.contexts, 'context'),
    'current-context': cfg.currentContext,
  };
  return JSON.stringify(doc, null, 4) + '\n';
}

/** The Config document for printers (-o jsonpath/template/name). */
export function kubeconfigDocument(cfg: Kubeconfig): Fields {
  return document(cfg);
}

const DATA_FIELDS = ['certificate-authority-data', 'client-certificate-data', 'client-key-data'];
const SECRET_FIELDS = ['token', 'password'];

/** `config view` without --raw: certificate data `DATA+OMITTED`, tokens and passwords `REDACTED`. */
export function shortened(cfg: Kubeconfig): Kubeconfig {
  const hide = (body: Fields): Fields =>
    Object.fromEntries(Object.entries(body).map(([k, v]) => [k, DATA_FIELDS.includes(k) ? 'DATA+OMITTED' : SECRET_FIELDS.includes(k) && v ? 'REDACTED' : v]));
  return {
    ...cfg,
    clusters: new Map([...cfg.clusters].map(([n, b]) => [n, hide(b)])),
    users: new Map([...cfg.users].map(([n, b]) => [n, hide(b)])),
  };
}

/** `config view --minify`: the current context with only its cluster and user. */
export function minified(cfg: Kubeconfig): Kubeconfig {
  if (!cfg.currentContext) throw new RawError('error: current-context must exist in order to minify');
  const ctx = cfg.contexts.get(cfg.currentContext);
  if (!ctx) throw new RawError(`error: cannot locate context ${cfg.currentContext}`);
  const only = <T>(m: Map<string, T>, name: string | undefined) => new Map(name !== undefined && m.has(name) ? [[name, m.get(name)!]] : []);
  return {
    clusters: only(cfg.clusters, ctx.cluster),
    contexts: new Map([[cfg.currentContext, ctx]]),
    users: only(cfg.users, ctx.user),
    currentContext: cfg.currentContext,
  };
}
