/** StorageClass (storage.k8s.io/v1, cluster-scoped): table (`standard (default)`), describe, defaults and validation. */
import type { AdmitContext, KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf, labelsText } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { isDefaultClass } from './storage-common.js';
import { isDns1123Subdomain } from '../api/validation.js';

/** A StorageClass's top-level fields (it has no spec). */
export interface StorageClassFields {
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
  allowedTopologies?: { matchLabelExpressions?: { key: string; values?: string[] }[] }[];
}

const fields = (o: KubeObject) => o as unknown as StorageClassFields;

function describe(o: KubeObject, ctx: PrintContext): string {
  const f = fields(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'IsDefaultClass:', isDefaultClass(o) ? 'Yes' : 'No');
  w.line(0, 'Annotations:', labelsText(o.metadata.annotations));
  w.line(0, 'Provisioner:', f.provisioner ?? '');
  w.line(0, 'Parameters:', labelsText(f.parameters));
  w.line(0, 'AllowVolumeExpansion:', f.allowVolumeExpansion === undefined ? '<unset>' : String(f.allowVolumeExpansion));
  if (!f.mountOptions?.length) w.line(0, 'MountOptions:', '<none>');
  else {
    w.line(0, 'MountOptions:');
    for (const m of f.mountOptions) w.line(1, m);
  }
  if (f.reclaimPolicy) w.line(0, 'ReclaimPolicy:', f.reclaimPolicy);
  if (f.volumeBindingMode) w.line(0, 'VolumeBindingMode:', f.volumeBindingMode);
  if (f.allowedTopologies) {
    if (!f.allowedTopologies.length) w.line(0, 'AllowedTopologies:', '<none>');
    else {
      w.line(0, 'AllowedTopologies:', '');
      f.allowedTopologies.forEach((term, i) => {
        const reqs = term.matchLabelExpressions ?? [];
        if (!reqs.length) w.line(1, `Term ${i}:`, '<none>');
        reqs.forEach((r, j) => w.line(1, j === 0 ? `Term ${i}:` : '', `${r.key} in${r.values?.length ? ` [${r.values.join(', ')}]` : ''}`));
      });
    }
  }
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

/** SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
function admit(o: KubeObject): void {
  const f = fields(o);
  f.reclaimPolicy ??= 'Delete';
  f.volumeBindingMode ??= 'Immediate';
}

/** ValidateStorageClass(Update): a provisioner that is a qualified name, supported policies, immutable parameters. */
function validate(o: KubeObject, ctx: AdmitContext): FieldError[] {
  const f = fields(o);
  const errors: FieldError[] = [];
  if (!f.provisioner) errors.push({ field: 'provisioner', type: 'Required', detail: '' });
  else if (f.provisioner.length > 63) errors.push({ field: 'provisioner', type: 'TooLong', value: f.provisioner, detail: 'must have at most 63 bytes' });
  else if (!f.provisioner.split('/').every((part) => part === '' || isDns1123Subdomain(part.toLowerCase()) || /^[A-Za-z0-9._-]+$/.test(part))) {
    errors.push({ field: 'provisioner', type: 'Invalid', value: f.provisioner, detail: 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\'' });
  }
  if (f.reclaimPolicy && !['Delete', 'Retain'].includes(f.reclaimPolicy)) errors.push({ field: 'reclaimPolicy', type: 'Unsupported', value: f.reclaimPolicy, supported: ['Delete', 'Retain'] });
  if (f.volumeBindingMode && !['Immediate', 'WaitForFirstConsumer'].includes(f.volumeBindingMode)) {
    errors.push({ field: 'volumeBindingMode', type: 'Unsupported', value: f.volumeBindingMode, supported: ['Immediate', 'WaitForFirstConsumer'] });
  }
  if (ctx.operation === 'update' && ctx.old) {
    const old = fields(ctx.old);
    if (JSON.stringify(old.parameters ?? {}) !== JSON.stringify(f.parameters ?? {})) errors.push({ field: 'parameters', type: 'Forbidden', detail: 'updates to parameters are forbidden.' });
    if (old.provisioner !== f.provisioner) errors.push({ field: 'provisioner', type: 'Forbidden', detail: 'updates to provisioner are forbidden.' });
    if (old.reclaimPolicy !== f.reclaimPolicy) errors.push({ field: 'reclaimPolicy', type: 'Forbidden', detail: 'updates to reclaimPolicy are forbidden.' });
    if (old.volumeBindingMode !== f.volumeBindingMode) errors.push({ field: 'volumeBindingMode', type: 'Invalid', value: f.volumeBindingMode, detail: 'field is immutable' });
  }
  return errors;
}

export const storageclassKind = {
  kind: 'StorageClass',
  resource: 'storageclasses',
  subresources: [],
  singular: 'storageclass',
  shortNames: ['sc'],
  group: 'storage.k8s.io',
  version: 'v1',
  namespaced: false,
  table: {
    columns: [
      { name: 'NAME' }, { name: 'PROVISIONER' }, { name: 'RECLAIMPOLICY', sinceMinor: 13 }, { name: 'VOLUMEBINDINGMODE', sinceMinor: 13 },
      { name: 'ALLOWVOLUMEEXPANSION', sinceMinor: 13 }, { name: 'AGE' },
    ],
    row: (o, ctx) => {
      const f = fields(o);
      return [
        isDefaultClass(o) ? `${o.metadata.name} (default)` : o.metadata.name,
        f.provisioner ?? '',
        f.reclaimPolicy ?? 'Delete',
        f.volumeBindingMode ?? 'Immediate',
        String(f.allowVolumeExpansion ?? false),
        ageOf(o, ctx),
      ];
    },
  },
  describe,
  admit,
  validate,
} satisfies KindInfo;
