/**
 * The persistent-volume controller and kind's local-path provisioner, as one level-triggered pass:
 * - a PV without a claim is Available; one whose claim exists is Bound; one whose claim is gone is
 *   Released, and deleted when its policy is Delete (the provisioner removes what it made);
 * - a Pending claim binds to the smallest Available PV that fits (class, access modes, size, selector),
 *   or names it in spec.volumeName;
 * - a claim of a WaitForFirstConsumer class waits (one `WaitForFirstConsumer` event) until a pod using
 *   it is scheduled; then the local-path provisioner (`rancher.io/local-path`, running as the
 *   local-path-provisioner Deployment) creates `pvc-<claim uid>` on that node, with a hostPath under
 *   /var/local-path-provisioner and node affinity to the node, and the claim binds to it.
 * PVs and claims are few: the pass is skipped when none exist.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { PvcSpec, PvcStatus } from '../kinds/persistentvolumeclaim.js';
import type { PvSpec } from '../kinds/persistentvolume.js';
import type { StorageClassFields } from '../kinds/storageclass.js';
import { asSystem, rfc3339 } from '../env.js';
import { getObject, insertObject, removeObject, saveIfChanged } from '../api/objects.js';
import { recordEvent } from '../api/events.js';
import { parseQuantity } from '../printers/quantity.js';
import { fromLabelSelector, matches } from '../api/selectors.js';
import { storageClassOf } from '../kinds/storage-common.js';
import { PV_PROTECTION } from '../kinds/persistentvolume.js';

const PV_CONTROLLER = { component: 'persistentvolume-controller' };
/** kind's provisioner and where it keeps volumes on the node. */
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
const LOCAL_PATH_ROOT = '/var/local-path-provisioner';
/** Memory: the last event reason noted per claim uid. */
const PV_MEMORY = 'persistentvolume-controller';

/** Pods (in a namespace) naming a claim in their volumes. */
function consumers(state: ClusterState, namespace: string | undefined, claim: string): KubeObject[] {
  return Object.values(state.objects.pods ?? {}).filter(
    (p) => p.metadata.namespace === namespace && (((p.spec ?? {}) as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] }).volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim),
  );
}

function setPhase(state: ClusterState, resource: string, o: KubeObject, phase: string, now: string): boolean {
  const st = (o.status ??= {}) as { phase?: string; lastPhaseTransitionTime?: string };
  if (st.phase === phase) return false;
  const before = JSON.stringify(o);
  st.phase = phase;
  if (resource === 'persistentvolumes') st.lastPhaseTransitionTime = now;
  return saveIfChanged(state, resource, o, before);
}

/** Can this PV satisfy the claim (class, access modes, capacity, selector)? */
function fits(pv: KubeObject, pvc: KubeObject): boolean {
  const s = (pv.spec ?? {}) as PvSpec;
  const c = (pvc.spec ?? {}) as PvcSpec;
  if (storageClassOf(pv) !== storageClassOf(pvc)) return false;
  if (!(c.accessModes ?? []).every((m) => (s.accessModes ?? []).includes(m))) return false;
  if ((s.volumeMode ?? 'Filesystem') !== (c.volumeMode ?? 'Filesystem')) return false;
  if (parseQuantity(s.capacity?.storage).milli < parseQuantity(c.resources?.requests?.storage).milli) return false;
  const reqs = fromLabelSelector(c.selector);
  return !reqs || matches(reqs, pv.metadata.labels ?? {});
}

/**
 * Bind claim and volume both ways (the controller's bind + the annotations it leaves). A volume the
 * provisioner made for the claim comes pre-bound: only the claim says bound-by-controller then.
 */
function bind(state: ClusterState, pvc: KubeObject, pv: KubeObject, now: string, byController: boolean, provisioned = false): void {
  const pvBefore = JSON.stringify(pv);
  const s = pv.spec as PvSpec;
  s.claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid };
  if (byController && !provisioned) pv.metadata.annotations = { ...(pv.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
  const pst = (pv.status ??= {}) as { phase?: string; lastPhaseTransitionTime?: string };
  if (pst.phase !== 'Bound') pst.lastPhaseTransitionTime = now;
  pst.phase = 'Bound';
  saveIfChanged(state, 'persistentvolumes', pv, pvBefore);
  const before = JSON.stringify(pvc);
  const c = pvc.spec as PvcSpec;
  c.volumeName = pv.metadata.name;
  const a = (pvc.metadata.annotations ??= {});
  a['pv.kubernetes.io/bind-completed'] = 'yes';
  if (byController) a['pv.kubernetes.io/bound-by-controller'] = 'yes';
  const st = (pvc.status ??= {}) as PvcStatus;
  st.phase = 'Bound';
  st.accessModes = [...((pv.spec as PvSpec).accessModes ?? [])];
  st.capacity = { ...((pv.spec as PvSpec).capacity ?? {}) };
  saveIfChanged(state, 'persistentvolumeclaims', pvc, before);
}

/** The local-path provisioner's volume for a claim on a node. */
function provision(state: ClusterState, env: Env, pvc: KubeObject, sc: KubeObject, node: string): KubeObject {
  const c = pvc.spec as PvcSpec;
  const f = sc as unknown as StorageClassFields;
  const name = `pvc-${pvc.metadata.uid}`;
  const pv: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { 'local.path.provisioner/selected-node': node, 'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER },
      finalizers: [PV_PROTECTION],
    },
    spec: {
      accessModes: [...(c.accessModes ?? [])],
      capacity: { storage: c.resources?.requests?.storage ?? '0' },
      hostPath: { path: `${LOCAL_PATH_ROOT}/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      persistentVolumeReclaimPolicy: f.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: c.volumeMode ?? 'Filesystem',
    },
    status: { phase: 'Pending' },
  };
  return insertObject(state, 'persistentvolumes', pv, env);
}

/** The name the provisioner reports events under: `rancher.io/local-path_<provisioner pod>_<uuid>`. */
function provisionerIdentity(state: ClusterState, env: Env): string | undefined {
  const pod = Object.values(state.objects.pods ?? {}).find((p) => p.metadata.namespace === 'local-path-storage' && p.metadata.labels?.app === 'local-path-provisioner' && !p.metadata.deletionTimestamp);
  if (!pod) return undefined;
  const mem = (state.memory['local-path-provisioner'] ??= {}) as { identity?: string; pod?: string };
  if (mem.pod !== pod.metadata.uid || !mem.identity) {
    mem.pod = pod.metadata.uid;
    mem.identity = `${LOCAL_PATH_PROVISIONER}_${pod.metadata.name}_${asSystem(env, state).runtimeRngFor('local-path-storage').uuid()}`;
  }
  return mem.identity;
}

/**
 * One event per claim and reason while the claim stays in that state: the real controller repeats it on
 * every 15 s resync (the count grows), which a fixed-point loop cannot do without never settling.
 */
function noteOnce(state: ClusterState, env: Env, pvc: KubeObject, reason: string, message: string): void {
  const mem = (state.memory[PV_MEMORY] ??= {}) as Record<string, string>;
  const uid = pvc.metadata.uid ?? '';
  if (mem[uid] === reason) return;
  mem[uid] = reason;
  recordEvent(state, env, pvc, 'Normal', reason, message, PV_CONTROLLER);
}

function syncClaim(state: ClusterState, env: Env, pvc: KubeObject, pvs: KubeObject[], now: string): void {
  const c = (pvc.spec ?? {}) as PvcSpec;
  const st = (pvc.status ?? {}) as PvcStatus;
  if (c.volumeName) {
    const pv = getObject(state, 'persistentvolumes', undefined, c.volumeName);
    if (!pv) {
      setPhase(state, 'persistentvolumeclaims', pvc, st.phase === 'Bound' ? 'Lost' : 'Pending', now);
      return;
    }
    const ref = (pv.spec as PvSpec).claimRef;
    if (ref && ref.uid && ref.uid !== pvc.metadata.uid) return;
    if (st.phase !== 'Bound' || !ref) bind(state, pvc, pv, now, false);
    return;
  }
  const candidates = pvs
    .filter((pv) => !(pv.spec as PvSpec).claimRef && (pv.status as { phase?: string } | undefined)?.phase === 'Available' && fits(pv, pvc))
    .sort((a, b) => Number(parseQuantity((a.spec as PvSpec).capacity?.storage).milli - parseQuantity((b.spec as PvSpec).capacity?.storage).milli) || (a.metadata.name < b.metadata.name ? -1 : 1));
  const className = storageClassOf(pvc);
  const sc = className ? getObject(state, 'storageclasses', undefined, className) : undefined;
  const waitForConsumer = (sc as unknown as StorageClassFields | undefined)?.volumeBindingMode === 'WaitForFirstConsumer';
  const users = waitForConsumer ? consumers(state, pvc.metadata.namespace, pvc.metadata.name) : [];
  const node = users.map((p) => (p.spec as { nodeName?: string }).nodeName).find((n) => n);
  if (candidates.length && (!waitForConsumer || node)) {
    bind(state, pvc, candidates[0]!, now, true);
    return;
  }
  if (!sc) return;
  if (waitForConsumer && !node) {
    noteOnce(state, env, pvc, 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    return;
  }
  const provisioner = (sc as unknown as StorageClassFields).provisioner ?? '';
  const annotations = (pvc.metadata.annotations ?? {}) as Record<string, string>;
  if (annotations['volume.kubernetes.io/storage-provisioner'] !== provisioner || (node && annotations['volume.kubernetes.io/selected-node'] !== node)) {
    const before = JSON.stringify(pvc);
    pvc.metadata.annotations = {
      ...annotations,
      'volume.beta.kubernetes.io/storage-provisioner': provisioner,
      ...(node ? { 'volume.kubernetes.io/selected-node': node } : {}),
      'volume.kubernetes.io/storage-provisioner': provisioner,
    };
    saveIfChanged(state, 'persistentvolumeclaims', pvc, before);
  }
  noteOnce(state, env, pvc, 'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
  if (provisioner !== LOCAL_PATH_PROVISIONER || !node) return;
  const identity = provisionerIdentity(state, env);
  if (!identity) return;
  const source = { component: identity };
  recordEvent(state, env, pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`, source);
  const pv = provision(state, asSystem(env, state), pvc, sc, node);
  recordEvent(state, env, pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name}`, source);
  bind(state, pvc, pv, now, true, true);
}

function syncVolume(state: ClusterState, pv: KubeObject, now: string): void {
  const s = (pv.spec ?? {}) as PvSpec;
  if (!s.claimRef) {
    setPhase(state, 'persistentvolumes', pv, 'Available', now);
    return;
  }
  const pvc = s.claimRef.name ? getObject(state, 'persistentvolumeclaims', s.claimRef.namespace, s.claimRef.name) : undefined;
  if (pvc && (!s.claimRef.uid || pvc.metadata.uid === s.claimRef.uid)) {
    setPhase(state, 'persistentvolumes', pv, 'Bound', now);
    return;
  }
  // The claim is gone: a provisioned volume with policy Delete is deleted, any other is Released.
  if (s.persistentVolumeReclaimPolicy === 'Delete' && pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']) {
    removeObject(state, 'persistentvolumes', undefined, pv.metadata.name);
    return;
  }
  setPhase(state, 'persistentvolumes', pv, 'Released', now);
}

export const volumeController: Controller = {
  name: 'persistentvolume-controller',
  reconcile(state, env) {
    const claims = Object.values(state.objects.persistentvolumeclaims ?? {});
    const volumes = Object.values(state.objects.persistentvolumes ?? {});
    if (!claims.length && !volumes.length) return false;
    const rv = state.meta.resourceVersion;
    const now = rfc3339(env.now());
    for (const pv of volumes) syncVolume(state, pv, now);
    const pvs = Object.values(state.objects.persistentvolumes ?? {});
    for (const pvc of claims.sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)))) {
      if (((pvc.status ?? {}) as PvcStatus).phase === 'Bound' && (pvc.spec as PvcSpec).volumeName && getObject(state, 'persistentvolumes', undefined, (pvc.spec as PvcSpec).volumeName!)) continue;
      syncClaim(state, env, pvc, pvs, now);
    }
    return state.meta.resourceVersion !== rv;
  },
};
