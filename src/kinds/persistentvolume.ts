/** PersistentVolume (core/v1, cluster-scoped): table, describe, defaults and validation as a v1.32 server. */
import type { AdmitContext, KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { age } from '../printers/duration.js';
import { accessModeErrors, accessModesText, goStringSlice, storageClassOf, storageQuantityErrors, storageText } from './storage-common.js';

interface NodeSelectorRequirement { key: string; operator: string; values?: string[] }
/** The PV spec fields kube-sim reads. */
export interface PvSpec {
  accessModes?: string[];
  capacity?: Record<string, string>;
  claimRef?: { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  hostPath?: { path?: string; type?: string };
  local?: { path?: string; fsType?: string };
  nodeAffinity?: { required?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[] }[] } };
  persistentVolumeReclaimPolicy?: string;
  storageClassName?: string;
  volumeAttributesClassName?: string;
  volumeMode?: string;
  [source: string]: unknown;
}
interface PvStatus { phase?: string; reason?: string; message?: string }

const spec = (o: KubeObject) => (o.spec ?? {}) as PvSpec;
const status = (o: KubeObject) => (o.status ?? {}) as PvStatus;

/** The volume source fields a PV may carry (exactly one). */
const SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk',
  'glusterfs', 'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

function phaseText(o: KubeObject): string {
  return o.metadata.deletionTimestamp ? 'Terminating' : status(o).phase ?? '';
}

/** printVolumeNodeAffinity: `Node Affinity:` then the required terms, one expression per line. */
function describeNodeAffinity(w: DescribeWriter, affinity: PvSpec['nodeAffinity']): void {
  if (!affinity?.required) {
    w.line(0, 'Node Affinity:', '<none>');
    return;
  }
  w.line(0, 'Node Affinity:', '');
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (!terms.length) {
    w.line(1, 'Required Terms:', '<none>');
    return;
  }
  w.line(1, 'Required Terms:', '');
  terms.forEach((term, i) => {
    const reqs = term.matchExpressions ?? [];
    if (!reqs.length) w.line(2, `Term ${i}:`, '<none>');
    reqs.forEach((r, j) => {
      const text = `${r.key} ${r.operator.toLowerCase()}${r.values?.length ? ` [${r.values.join(', ')}]` : ''}`;
      w.line(2, j === 0 ? `Term ${i}:` : '', text);
    });
  });
}

/** The `Source:` block for the sources kube-sim describes (hostPath, local); others print `<unknown>` as kubectl's default. */
function describeSource(w: DescribeWriter, s: PvSpec): void {
  w.line(0, 'Source:');
  if (s.hostPath) {
    w.line(2, 'Type:', 'HostPath (bare host directory volume)');
    w.line(2, 'Path:', s.hostPath.path ?? '');
    w.line(2, 'HostPathType:', s.hostPath.type ?? '<none>');
  } else if (s.local) {
    w.line(2, 'Type:', 'LocalVolume (a persistent volume backed by local storage on a node)');
    w.line(2, 'Path:', s.local.path ?? '');
  } else {
    w.line(1, '<unknown>');
  }
}

function describe(o: KubeObject, ctx: PrintContext): string {
  const s = spec(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Finalizers:', goStringSlice(o.metadata.finalizers));
  w.line(0, 'StorageClass:', storageClassOf(o));
  if (o.metadata.deletionTimestamp) w.line(0, 'Status:', `Terminating (lasts ${age(o.metadata.deletionTimestamp, ctx.now)})`);
  else w.line(0, 'Status:', status(o).phase ?? '');
  w.line(0, 'Claim:', s.claimRef ? `${s.claimRef.namespace ?? ''}/${s.claimRef.name ?? ''}` : '');
  w.line(0, 'Reclaim Policy:', s.persistentVolumeReclaimPolicy ?? '');
  w.line(0, 'Access Modes:', accessModesText(s.accessModes));
  if (s.volumeMode) w.line(0, 'VolumeMode:', s.volumeMode);
  w.line(0, 'Capacity:', storageText(s.capacity));
  describeNodeAffinity(w, s.nodeAffinity);
  w.line(0, 'Message:', status(o).message ?? '');
  describeSource(w, s);
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

/** The finalizer the StorageObjectInUseProtection admission plugin puts on every volume. */
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

/** SetDefaults_PersistentVolume(Spec): Retain, Filesystem, phase Pending (the PV controller then makes it Available); the pv-protection finalizer. */
function admit(o: KubeObject, ctx: AdmitContext): void {
  const s = (o.spec ??= {}) as PvSpec;
  s.persistentVolumeReclaimPolicy ??= 'Retain';
  s.volumeMode ??= 'Filesystem';
  if (ctx.operation !== 'create') return;
  const st = (o.status ??= {}) as PvStatus;
  st.phase ??= 'Pending';
  const fin = (o.metadata.finalizers ??= []);
  if (!fin.includes(PV_PROTECTION)) fin.push(PV_PROTECTION);
}

/** ValidatePersistentVolumeSpec: access modes, a `storage` capacity and nothing else, exactly one volume source. */
function validate(o: KubeObject, ctx: { operation: 'create' | 'update'; old?: KubeObject }): FieldError[] {
  const s = spec(o);
  const errors: FieldError[] = accessModeErrors(s.accessModes, 'spec.accessModes', '');
  const cap = s.capacity ?? {};
  if (!Object.keys(cap).length) errors.push({ field: 'spec.capacity', type: 'Required', detail: '' });
  else if (!('storage' in cap) || Object.keys(cap).length > 1) {
    errors.push({ field: 'spec.capacity', type: 'Unsupported', valueText: goResourceMap(cap), supported: ['storage'] });
  }
  if ('storage' in cap) errors.push(...storageQuantityErrors(cap.storage, 'spec.capacity[storage]'));
  const sources = SOURCES.filter((k) => s[k] !== undefined && s[k] !== null);
  if (!sources.length) errors.push({ field: 'spec', type: 'Required', detail: 'must specify a volume type' });
  else if (sources.length > 1) errors.push({ field: `spec.${sources[1]}`, type: 'Forbidden', detail: 'may not specify more than 1 volume type' });
  if (s.hostPath && !s.hostPath.path) errors.push({ field: 'spec.hostPath.path', type: 'Required', detail: '' });
  if (s.local && !s.nodeAffinity) errors.push({ field: 'spec.nodeAffinity', type: 'Required', detail: 'Local volume requires node affinity' });
  if (ctx.operation === 'update' && ctx.old) {
    const old = spec(ctx.old);
    for (const k of sources) {
      if (JSON.stringify(old[k]) !== JSON.stringify(s[k])) errors.push({ field: 'spec.persistentvolumesource', type: 'Forbidden', detail: 'spec.persistentvolumesource is immutable after creation' });
    }
  }
  return errors;
}

/** Go's `%v` of a resource list as field.NotSupported renders it: `map[cpu:1 storage:1Gi]`. */
function goResourceMap(m: Record<string, string>): string {
  return `map[${Object.keys(m).sort().map((k) => `${k}:${m[k]}`).join(' ')}]`;
}

export const persistentvolumeKind = {
  kind: 'PersistentVolume',
  resource: 'persistentvolumes',
  singular: 'persistentvolume',
  shortNames: ['pv'],
  group: '',
  version: 'v1',
  namespaced: false,
  table: {
    columns: [
      { name: 'NAME' }, { name: 'CAPACITY' }, { name: 'ACCESS MODES' }, { name: 'RECLAIM POLICY' }, { name: 'STATUS' },
      { name: 'CLAIM' }, { name: 'STORAGECLASS' }, { name: 'VOLUMEATTRIBUTESCLASS', sinceMinor: 29 }, { name: 'REASON' }, { name: 'AGE' },
      { name: 'VOLUMEMODE', wide: true },
    ],
    row: (o, ctx) => {
      const s = spec(o);
      return [
        o.metadata.name,
        storageText(s.capacity),
        accessModesText(s.accessModes),
        s.persistentVolumeReclaimPolicy ?? '',
        phaseText(o),
        s.claimRef ? `${s.claimRef.namespace ?? ''}/${s.claimRef.name ?? ''}` : '',
        storageClassOf(o),
        s.volumeAttributesClassName ?? '<unset>',
        status(o).reason ?? '',
        ageOf(o, ctx),
        s.volumeMode ?? '<unset>',
      ];
    },
  },
  describe,
  admit,
  validate,
} satisfies KindInfo;
