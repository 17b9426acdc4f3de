/**
 * Pod volumes as the kubelet mounts them into a container: configMap, secret, downwardAPI and projected
 * volumes show their keys as files (items, paths and optional honoured; secrets decoded) under the
 * kubelet's `..<timestamp>` / `..data` layout, and follow their ConfigMap or Secret when it changes (read
 * fresh from the API objects; a real kubelet takes up to a minute); subPath mounts are copied once at
 * container start and never change. emptyDir volumes live as long as the pod and are shared by its
 * containers; persistentVolumeClaim volumes keep their files in the claim's storage, shared by every pod
 * that mounts the claim and kept across pod restarts and deletions. Stores live in `state.memory`.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Container, Volume } from 'kubernetes-types/core/v1.js';
import { nodeRootFiles } from '../shell/node-root.js';
import { everyContainer } from '../kinds/pod-ephemeral.js';
import { getObject } from '../api/objects.js';
import { fieldPathValue } from './kubelet-env.js';
import { formatQuantity, parseQuantity } from '../printers/quantity.js';
import { fnv1a32 } from './template-hash.js';
import { TOMBSTONE } from '../shell/fs.js';

const MEMORY = 'kubelet-volumes';
/** The CA bundle a cluster without a `kube-root-ca.crt` ConfigMap projects. */
const FALLBACK_CA = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIKube-sim-cluster-CA\n-----END CERTIFICATE-----\n';

interface VolumeStores {
  /** emptyDir contents by pod uid, then volume name (relative path -> content; directories end in '/'). */
  emptyDirs: Record<string, Record<string, Record<string, string>>>;
  /** Claim contents by `<namespace>/<claim>`. */
  claims: Record<string, Record<string, string>>;
}

function stores(state: ClusterState): VolumeStores {
  return (state.memory[MEMORY] ??= { emptyDirs: {}, claims: {} }) as VolumeStores;
}

/** One mount of a container: where, and the files it shows (relative paths); writable ones are live stores. */
export interface Mount {
  path: string;
  files(): Record<string, string>;
  writable: boolean;
}

/** Thrown when a volume cannot be set up (a missing ConfigMap, Secret or key): the container stays ContainerCreating. */
export class MountError extends Error {}

const decode = (v: string) => Buffer.from(v, 'base64').toString('utf8');

interface KeyToPath { key: string; path: string }

/** Keys of a ConfigMap/Secret as files: every key, or the listed items at their paths. */
function keyFiles(data: Record<string, string>, items: KeyToPath[] | undefined, what: string, optional: boolean): Record<string, string> {
  if (!items?.length) return { ...data };
  const out: Record<string, string> = {};
  for (const it of items) {
    if (it.key in data) out[it.path] = data[it.key]!;
    else if (!optional) throw new MountError(`${what} references non-existent config key: ${it.key}`);
  }
  return out;
}

function configMapFiles(state: ClusterState, ns: string, name: string, items: KeyToPath[] | undefined, optional: boolean): Record<string, string> {
  const cm = getObject(state, 'configmaps', ns, name) as { data?: Record<string, string>; binaryData?: Record<string, string> } | undefined;
  if (!cm) {
    if (name === 'kube-root-ca.crt') return keyFiles({ 'ca.crt': FALLBACK_CA }, items, 'configmap', optional);
    if (optional) return {};
    throw new MountError(`configmap "${name}" not found`);
  }
  const data = { ...(cm.data ?? {}) };
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data[k] = decode(v);
  return keyFiles(data, items, 'configmap', optional);
}

function secretFiles(state: ClusterState, ns: string, name: string, items: KeyToPath[] | undefined, optional: boolean): Record<string, string> {
  const s = getObject(state, 'secrets', ns, name) as { data?: Record<string, string> } | undefined;
  if (!s) {
    if (optional) return {};
    throw new MountError(`secret "${name}" not found`);
  }
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) data[k] = decode(v);
  return keyFiles(data, items, 'secret', optional);
}

interface DownwardItem { path: string; fieldRef?: { fieldPath: string }; resourceFieldRef?: { containerName?: string; resource: string; divisor?: string } }

/** A resourceFieldRef's value: the container's request or limit divided by the divisor, rounded up (limits default to the node's allocatable). */
export function resourceFieldValue(c: Container | undefined, resource: string, divisor: string | undefined, node: KubeObject | undefined): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  let q = (c?.resources?.[kind] as Record<string, string | number> | undefined)?.[name];
  if (q === undefined && kind === 'limits') q = (node?.status as { allocatable?: Record<string, string> } | undefined)?.allocatable?.[name];
  const value = parseQuantity(q ?? '0');
  const div = parseQuantity(divisor ?? '1');
  if (div.milli <= 0n) return formatQuantity(value);
  return String((value.milli + div.milli - 1n) / div.milli);
}

function downwardFiles(state: ClusterState, pod: KubeObject, items: DownwardItem[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const st = (pod.status ?? {}) as { podIP?: string; hostIP?: string };
  const node = getObject(state, 'nodes', undefined, (pod.spec as { nodeName?: string }).nodeName ?? '');
  for (const it of items ?? []) {
    if (it.fieldRef) out[it.path] = fieldPathValue(pod, it.fieldRef.fieldPath, st.podIP ?? '', st.hostIP ?? '');
    else if (it.resourceFieldRef) {
      const c = ((pod.spec as { containers?: Container[] }).containers ?? []).find((x) => x.name === it.resourceFieldRef!.containerName);
      out[it.path] = resourceFieldValue(c, it.resourceFieldRef.resource, it.resourceFieldRef.divisor, node);
    }
  }
  return out;
}

/** The projected service-account token: a JWT-shaped string naming the service account (never a real credential). */
export function serviceAccountToken(pod: KubeObject): string {
  const sa = (pod.spec as { serviceAccountName?: string }).serviceAccountName ?? 'default';
  return `eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmUtc2ltIn0.${Buffer.from(`system:serviceaccount:${pod.metadata.namespace}:${sa}`).toString('base64url')}.c2ltdWxhdGVk`;
}

interface ProjectedSource {
  serviceAccountToken?: { path: string };
  configMap?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardItem[] };
}

/** The files of a read-only (API-backed) volume, or undefined for storage volumes. */
function apiVolumeFiles(state: ClusterState, pod: KubeObject, v: Volume): Record<string, string> | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  if (v.configMap) return configMapFiles(state, ns, v.configMap.name ?? '', v.configMap.items as KeyToPath[] | undefined, v.configMap.optional === true);
  if (v.secret) return secretFiles(state, ns, v.secret.secretName ?? '', v.secret.items as KeyToPath[] | undefined, v.secret.optional === true);
  if (v.downwardAPI) return downwardFiles(state, pod, v.downwardAPI.items as DownwardItem[] | undefined);
  if (v.projected) {
    const out: Record<string, string> = {};
    for (const src of (v.projected.sources ?? []) as ProjectedSource[]) {
      if (src.serviceAccountToken) out[src.serviceAccountToken.path] = serviceAccountToken(pod);
      if (src.configMap) Object.assign(out, configMapFiles(state, ns, src.configMap.name ?? '', src.configMap.items, src.configMap.optional === true));
      if (src.secret) Object.assign(out, secretFiles(state, ns, src.secret.name ?? '', src.secret.items, src.secret.optional === true));
      if (src.downwardAPI) Object.assign(out, downwardFiles(state, pod, src.downwardAPI.items));
    }
    return out;
  }
  return undefined;
}

/** The atomic-writer layout: files under `..<timestamp>/`, `..data` pointing there, and each key at the top. */
function atomicLayout(pod: KubeObject, volume: string, files: Record<string, string>): Record<string, string> {
  const started = new Date(((pod.status as { startTime?: string } | undefined)?.startTime ?? pod.metadata.creationTimestamp) || 0);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `..${started.getUTCFullYear()}_${p(started.getUTCMonth() + 1)}_${p(started.getUTCDate())}_${p(started.getUTCHours())}_${p(started.getUTCMinutes())}_${p(started.getUTCSeconds())}.${String(fnv1a32(`${pod.metadata.uid}/${volume}`) % 1_000_000_000).padStart(9, '0')}`;
  const out: Record<string, string> = { [`${stamp}/`]: '', '..data/': '' };
  for (const [k, v] of Object.entries(files)) {
    out[k] = v;
    out[`${stamp}/${k}`] = v;
    out[`..data/${k}`] = v;
    // Keys given as paths (`items[].path: a/b`) make their directories.
    for (let i = k.indexOf('/'); i > 0; i = k.indexOf('/', i + 1)) out[`${k.slice(0, i + 1)}`] = '';
  }
  return out;
}

/** The storage of a writable volume: the pod's emptyDir or the claim's files. */
function storageOf(state: ClusterState, pod: KubeObject, v: Volume): Record<string, string> | undefined {
  const s = stores(state);
  if (v.emptyDir) return ((s.emptyDirs[pod.metadata.uid ?? ''] ??= {})[v.name] ??= {});
  if (v.persistentVolumeClaim) return (s.claims[`${pod.metadata.namespace}/${v.persistentVolumeClaim.claimName}`] ??= {});
  if (v.hostPath) {
    // The node's root (`kubectl debug node/NAME` mounts it at /host) starts as kind's node filesystem.
    const node = (pod.spec as { nodeName?: string }).nodeName ?? '';
    return (s.claims[`hostPath:${node}:${v.hostPath.path}`] ??= v.hostPath.path === '/' ? nodeRootFiles(state, node) : {});
  }
  return undefined;
}

/** A view of a store under a sub-directory (subPath mounts of storage volumes). */
function subStore(store: Record<string, string>, sub: string): Record<string, string> {
  const prefix = `${sub.replace(/\/$/, '')}/`;
  store[prefix] ??= '';
  return new Proxy(store, {
    get: (t, k) => (typeof k === 'string' ? t[prefix + k] : undefined),
    set: (t, k, v) => ((t[prefix + String(k)] = v), true),
    has: (t, k) => typeof k === 'string' && prefix + k in t,
    deleteProperty: (t, k) => (delete t[prefix + String(k)], true),
    ownKeys: (t) => Object.keys(t).filter((k) => k.startsWith(prefix) && k !== prefix).map((k) => k.slice(prefix.length)),
    getOwnPropertyDescriptor: (t, k) => (typeof k === 'string' && prefix + k in t ? { value: t[prefix + k], enumerable: true, configurable: true, writable: true } : undefined),
  });
}

/** The mounts of one container, in mount-path order (a deeper mount shadows its parent's files). */
export function containerMounts(state: ClusterState, pod: KubeObject, container: string): Mount[] {
  const spec = (pod.spec ?? {}) as { volumes?: Volume[] };
  const c = everyContainer(pod).find((x) => x.name === container);
  const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
  const mounts: Mount[] = [];
  for (const m of c?.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    const path = m.mountPath.replace(/\/+$/, '') || '/';
    if (m.subPath) {
      // A subPath of an API volume is one file copied at container start (see subPathFiles); of storage, a sub-directory.
      const store = storageOf(state, pod, v);
      if (store) mounts.push({ path, files: () => subStore(store, m.subPath!), writable: !m.readOnly });
      continue;
    }
    const store = storageOf(state, pod, v);
    if (store) mounts.push({ path, files: () => store, writable: !m.readOnly });
    else {
      // Built once per view (one command): the API objects do not change while a program reads them.
      let built: Record<string, string> | undefined;
      const build = () => {
        try {
          return atomicLayout(pod, v.name, apiVolumeFiles(state, pod, v) ?? {});
        } catch {
          return {};
        }
      };
      mounts.push({ path, files: () => (built ??= build()), writable: false });
    }
  }
  return mounts.sort((a, b) => a.path.length - b.path.length);
}

/**
 * What the kubelet checks before it starts a container: every API volume it mounts can be built. Returns
 * the FailedMount message (`MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found`) or undefined.
 */
export function mountProblem(state: ClusterState, pod: KubeObject, container: string): string | undefined {
  const spec = (pod.spec ?? {}) as { volumes?: Volume[] };
  const c = everyContainer(pod).find((x) => x.name === container);
  const used = new Set((c?.volumeMounts ?? []).map((m) => m.name));
  for (const v of spec.volumes ?? []) {
    if (!used.has(v.name)) continue;
    try {
      apiVolumeFiles(state, pod, v);
    } catch (e) {
      if (e instanceof MountError) return `MountVolume.SetUp failed for volume "${v.name}" : ${e.message}`;
      throw e;
    }
  }
  return undefined;
}

/** subPath mounts of API volumes: single files copied into the container when it starts (they never update). */
export function subPathFiles(state: ClusterState, pod: KubeObject, container: string): Record<string, string> {
  const spec = (pod.spec ?? {}) as { volumes?: Volume[] };
  const c = everyContainer(pod).find((x) => x.name === container);
  const out: Record<string, string> = {};
  for (const m of c?.volumeMounts ?? []) {
    const v = (spec.volumes ?? []).find((x) => x.name === m.name);
    if (!m.subPath || !v || storageOf(state, pod, v)) continue;
    const files = apiVolumeFiles(state, pod, v) ?? {};
    if (m.subPath in files) out[m.mountPath] = files[m.subPath]!;
    else out[`${m.mountPath.replace(/\/+$/, '')}/`] = '';
  }
  return out;
}

/** A file of a container as its programs see it (volumes over the container's own files over nothing); undefined when absent. */
export function readContainerFile(state: ClusterState, pod: KubeObject, container: string, path: string): string | undefined {
  const own = () => state.runtime[pod.metadata.uid ?? '']?.[container]?.files;
  const v = mountedFiles(own, () => own() ?? {}, containerMounts(state, pod, container)).read();
  const text = v && path in v ? v[path] : undefined;
  return text === TOMBSTONE ? undefined : text;
}

/** Forget the emptyDirs of pods that no longer exist and the files of claims that were deleted. */
export function sweepVolumes(state: ClusterState, livePods: Set<string>): boolean {
  const s = state.memory[MEMORY] as VolumeStores | undefined;
  if (!s) return false;
  let changed = false;
  for (const uid of Object.keys(s.emptyDirs)) {
    if (!livePods.has(uid)) {
      delete s.emptyDirs[uid];
      changed = true;
    }
  }
  if (state.objects.persistentvolumeclaims) {
    for (const key of Object.keys(s.claims)) {
      if (!key.startsWith('hostPath:') && !state.objects.persistentvolumeclaims[key]) {
        delete s.claims[key];
        changed = true;
      }
    }
  }
  return changed;
}

/**
 * A container's file map with its mounts laid over it: paths under a mount read and write the volume,
 * the rest the container's own files. `own` is the container's overlay (undefined: not created yet).
 */
export function mountedFiles(own: () => Record<string, string> | undefined, ownWritable: () => Record<string, string>, mounts: Mount[]): { read(): Record<string, string> | undefined; write(): Record<string, string> } {
  if (!mounts.length) return { read: own, write: ownWritable };
  const dirOf = (m: Mount) => (m.path === '/' ? '/' : `${m.path}/`);
  // `rm -rf` of a mount point unmounts it in the simulation (the container's own overlay remembers it).
  const live = () => mounts.filter((m) => own()?.[dirOf(m)] !== TOMBSTONE);
  const mountDirsNow = () => new Set(live().map(dirOf));
  const route = (path: string): { m: Mount; rel: string } | undefined => {
    const ms = live();
    for (let i = ms.length - 1; i >= 0; i--) {
      const m = ms[i]!;
      const dir = dirOf(m);
      if (path.startsWith(dir) && path !== dir) return { m, rel: path.slice(dir.length) };
    }
    return undefined;
  };
  const view = (target: () => Record<string, string> | undefined) =>
    new Proxy({} as Record<string, string>, {
      // Under a mount only the volume's files exist: anything else there (the image's own files) reads as deleted.
      get: (_t, k) => {
        if (typeof k !== 'string') return undefined;
        if (mountDirsNow().has(k)) return '';
        const r = route(k);
        return r ? (r.m.files()[r.rel] ?? TOMBSTONE) : target()?.[k];
      },
      has: (_t, k) => {
        if (typeof k !== 'string') return false;
        if (mountDirsNow().has(k) || route(k)) return true;
        return !!target() && k in target()!;
      },
      set: (_t, k, v) => {
        const key = String(k);
        const r = route(key);
        if (r) {
          if (r.m.writable) r.m.files()[r.rel] = v;
        } else ownWritable()[key] = v;
        return true;
      },
      deleteProperty: (_t, k) => {
        const key = String(k);
        const r = route(key);
        if (r) {
          if (r.m.writable) delete r.m.files()[r.rel];
        } else if (mountDirsNow().has(key)) ownWritable()[key] = TOMBSTONE;
        else delete ownWritable()[key];
        return true;
      },
      ownKeys: () => {
        const keys = new Set(Object.keys(target() ?? {}).filter((k) => !route(k) && !mountDirsNow().has(k)));
        for (const m of live()) {
          const dir = dirOf(m);
          keys.add(dir);
          for (const rel of Object.keys(m.files())) if (route(dir + rel)?.m === m) keys.add(dir + rel);
        }
        return [...keys];
      },
      getOwnPropertyDescriptor: (_t, k) => {
        if (typeof k !== 'string') return undefined;
        if (mountDirsNow().has(k)) return { value: '', enumerable: true, configurable: true, writable: true };
        const r = route(k);
        const files = r ? r.m.files() : target();
        const key = r ? r.rel : k;
        return files && key in files ? { value: files[key], enumerable: true, configurable: true, writable: true } : undefined;
      },
    });
  return { read: () => view(own), write: () => view(ownWritable) };
}
