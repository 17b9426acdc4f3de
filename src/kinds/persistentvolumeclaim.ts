/**
 * PersistentVolumeClaim (core/v1): table, describe (with the pods using the claim), defaults as a v1.32
 * server with kind's admission plugins (DefaultStorageClass names the default class, StorageObjectInUseProtection
 * adds the `kubernetes.io/pvc-protection` finalizer) and validation (spec immutable once bound, except the request).
 */
import type { AdmitContext, KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { age, rfc1123z } from '../printers/duration.js';
import { listObjects } from '../api/objects.js';
import { parseQuantity } from '../printers/quantity.js';
import { accessModeErrors, accessModesText, goStringSlice, isDefaultClass, storageClassOf, storageQuantityErrors, storageText } from './storage-common.js';

/** The PVC spec fields kube-sim reads. */
export interface PvcSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  selector?: LabelSelector;
  storageClassName?: string;
  volumeAttributesClassName?: string;
  volumeMode?: string;
  volumeName?: string;
  dataSource?: { apiGroup?: string; kind?: string; name?: string };
}
/** The PVC status kube-sim writes (live: the PV controller recomputes it). */
export interface PvcStatus {
  phase?: string;
  accessModes?: string[];
  capacity?: Record<string, string>;
  conditions?: { type: string; status: string; lastProbeTime?: string; lastTransitionTime?: string; reason?: string; message?: string }[];
}

const spec = (o: KubeObject) => (o.spec ?? {}) as PvcSpec;
const status = (o: KubeObject) => (o.status ?? {}) as PvcStatus;

/** The finalizer the StorageObjectInUseProtection admission plugin puts on every claim. */
export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

/** Pods of the claim's namespace with a volume naming it (getPodsForPVC), sorted by name. */
function podsUsing(ctx: PrintContext, o: KubeObject): string[] {
  const names: string[] = [];
  for (const p of listObjects(ctx.state, 'pods', o.metadata.namespace)) {
    const vols = ((p.spec ?? {}) as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] }).volumes ?? [];
    if (vols.some((v) => v.persistentVolumeClaim?.claimName === o.metadata.name)) names.push(p.metadata.name);
  }
  return names.sort();
}

function describe(o: KubeObject, ctx: PrintContext): string {
  const s = spec(o);
  const st = status(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.line(0, 'StorageClass:', storageClassOf(o));
  if (o.metadata.deletionTimestamp) w.line(0, 'Status:', `Terminating (lasts ${age(o.metadata.deletionTimestamp, ctx.now)})`);
  else w.line(0, 'Status:', st.phase ?? '');
  w.line(0, 'Volume:', s.volumeName ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Finalizers:', goStringSlice(o.metadata.finalizers));
  const bound = !!s.volumeName;
  w.line(0, 'Capacity:', bound ? storageText(st.capacity) : '');
  w.line(0, 'Access Modes:', bound ? accessModesText(st.accessModes) : '');
  if (s.volumeMode) w.line(0, 'VolumeMode:', s.volumeMode);
  if (s.dataSource) {
    w.line(0, 'DataSource:');
    if (s.dataSource.apiGroup !== undefined) w.line(1, 'APIGroup:', s.dataSource.apiGroup);
    w.line(1, 'Kind:', s.dataSource.kind ?? '');
    w.line(1, 'Name:', s.dataSource.name ?? '');
  }
  const pods = podsUsing(ctx, o);
  if (!pods.length) w.line(0, 'Used By:', '<none>');
  else pods.forEach((n, i) => w.line(0, i === 0 ? 'Used By:' : '', n));
  if (st.conditions?.length) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status', 'LastProbeTime', 'LastTransitionTime', 'Reason', 'Message');
    w.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
    for (const c of st.conditions) {
      const t = (x?: string) => (x ? rfc1123z(x) : 'Mon, 01 Jan 0001 00:00:00 +0000');
      w.line(1, `${c.type} `, `${c.status} `, `${t(c.lastProbeTime)} `, `${t(c.lastTransitionTime)} `, `${c.reason ?? ''} `, c.message ?? '');
    }
  }
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

/**
 * Defaults and admission on create: volumeMode Filesystem, phase Pending, the pvc-protection finalizer, and
 * (DefaultStorageClass) the default class when no class is named at all.
 */
function admit(o: KubeObject, ctx: AdmitContext): void {
  const s = (o.spec ??= {}) as PvcSpec;
  s.volumeMode ??= 'Filesystem';
  if (ctx.operation !== 'create') return;
  const st = (o.status ??= {}) as PvcStatus;
  st.phase ??= 'Pending';
  const fin = (o.metadata.finalizers ??= []);
  if (!fin.includes(PVC_PROTECTION)) fin.push(PVC_PROTECTION);
  if (s.storageClassName === undefined && o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) {
    const def = listObjects(ctx.state, 'storageclasses').filter(isDefaultClass).sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0];
    if (def) s.storageClassName = def.metadata.name;
  }
}

/** ValidatePersistentVolumeClaim(Update). */
function validate(o: KubeObject, ctx: AdmitContext): FieldError[] {
  const s = spec(o);
  const errors: FieldError[] = accessModeErrors(s.accessModes, 'spec.accessModes', 'at least 1 access mode is required');
  const requests = s.resources?.requests ?? {};
  if (!('storage' in requests)) errors.push({ field: 'spec.resources[storage]', type: 'Required', detail: '' });
  else errors.push(...storageQuantityErrors(requests.storage, 'spec.resources[storage]'));
  if (ctx.operation === 'update' && ctx.old) {
    const old = spec(ctx.old);
    const bound = status(ctx.old).phase === 'Bound';
    // What may change: the storage request of a bound claim, volumeName / class while unset (the binder sets them).
    const comparable = (x: PvcSpec) => {
      const c: PvcSpec = structuredClone(x);
      if (bound && c.resources?.requests) c.resources.requests = { ...c.resources.requests, storage: old.resources?.requests?.storage ?? '' };
      if (!old.volumeName) delete c.volumeName;
      if (old.storageClassName === undefined) delete c.storageClassName;
      return canonical(c);
    };
    if (comparable(s) !== comparable(old)) {
      // The real message goes on with a cmp.Diff of the two specs, which kube-sim does not render.
      errors.push({ field: 'spec', type: 'Forbidden', detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' });
    } else if (bound && parseQuantity(requests.storage).milli < parseQuantity(old.resources?.requests?.storage).milli) {
      errors.push({ field: 'spec.resources.requests.storage', type: 'Forbidden', detail: 'field can not be less than previous value' });
    }
  }
  return errors;
}

/** JSON with keys sorted at every level, so two specs compare by content. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

export const persistentvolumeclaimKind = {
  kind: 'PersistentVolumeClaim',
  resource: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  shortNames: ['pvc'],
  group: '',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [
      { name: 'NAME' }, { name: 'STATUS' }, { name: 'VOLUME' }, { name: 'CAPACITY' }, { name: 'ACCESS MODES' },
      { name: 'STORAGECLASS' }, { name: 'VOLUMEATTRIBUTESCLASS', sinceMinor: 29 }, { name: 'AGE' }, { name: 'VOLUMEMODE', wide: true },
    ],
    row: (o, ctx) => {
      const s = spec(o);
      const bound = !!s.volumeName;
      return [
        o.metadata.name,
        o.metadata.deletionTimestamp ? 'Terminating' : status(o).phase ?? '',
        s.volumeName ?? '',
        bound ? storageText(status(o).capacity) : '',
        bound ? accessModesText(status(o).accessModes) : '',
        storageClassOf(o),
        s.volumeAttributesClassName ?? '<unset>',
        ageOf(o, ctx),
        s.volumeMode ?? '<unset>',
      ];
    },
  },
  describe,
  admit,
  validate,
} satisfies KindInfo;
