/** StatefulSet (apps/v1): table (READY), describe with Volume Claims, the API server's defaults and validation. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { rfc1123z } from '../printers/duration.js';
import { selectorString, stableJson } from './deployment.js';
import { ageOf } from './common.js';
import {
  containerCells, defaultPodTemplate, describePodTemplate, podsControlledBy, podsStatusText,
  selectorImmutability, validateSelectorOwner, type PodTemplate,
} from './pod-template.js';

export interface ClaimTemplate {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: { accessModes?: string[]; storageClassName?: string; volumeMode?: string; resources?: { requests?: Record<string, string> }; [k: string]: unknown };
  status?: Record<string, unknown>;
}
export interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  serviceName?: string;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  volumeClaimTemplates?: ClaimTemplate[];
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  ordinals?: { start?: number };
}
export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
}

const spec = (o: KubeObject) => (o.spec ?? {}) as StatefulSetSpec;

/** Fields a StatefulSet update may change; any other spec change is refused as a whole. */
const UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

function describeClaimTemplates(w: DescribeWriter, claims: ClaimTemplate[] | undefined): void {
  if (!claims?.length) {
    w.line(0, 'Volume Claims:', '<none>');
    return;
  }
  w.line(0, 'Volume Claims:');
  for (const c of claims) {
    w.line(1, 'Name:', c.metadata?.name ?? '');
    w.line(1, 'StorageClass:', c.spec?.storageClassName ?? c.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '');
    const labels = Object.keys(c.metadata?.labels ?? {}).sort();
    if (!labels.length) w.line(1, 'Labels:', '<none>');
    else labels.forEach((k, i) => w.line(1, i ? '' : 'Labels:', `${k}=${c.metadata!.labels![k]}`));
    const ann = Object.keys(c.metadata?.annotations ?? {}).sort();
    if (!ann.length) w.line(1, 'Annotations:', '<none>');
    else ann.forEach((k, i) => w.line(1, i ? '' : 'Annotations:', `${k}=${c.metadata!.annotations![k]}`));
    w.line(1, 'Capacity:', c.spec?.resources?.requests?.storage ?? '<default>');
    w.line(1, 'Access Modes:', `[${(c.spec?.accessModes ?? []).join(' ')}]`);
  }
}

export const statefulSetKind = {
  kind: 'StatefulSet',
  resource: 'statefulsets',
  singular: 'statefulset',
  shortNames: ['sts'],
  group: 'apps',
  version: 'v1',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [{ name: 'NAME' }, { name: 'READY' }, { name: 'AGE' }, { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }],
    row: (o, ctx) => [o.metadata.name, `${(o.status as StatefulSetStatus | undefined)?.readyReplicas ?? 0}/${spec(o).replicas ?? 0}`, ageOf(o, ctx), ...containerCells(spec(o).template)],
  },
  describe(o, ctx) {
    const s = spec(o);
    const st = (o.status ?? {}) as StatefulSetStatus;
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'CreationTimestamp:', rfc1123z(o.metadata.creationTimestamp ?? ''));
    w.line(0, 'Selector:', selectorString(s.selector));
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    w.line(0, 'Replicas:', `${s.replicas ?? 0} desired | ${st.replicas ?? 0} total`);
    w.line(0, 'Update Strategy:', s.updateStrategy?.type ?? '');
    const ru = s.updateStrategy?.rollingUpdate;
    if (ru?.partition !== undefined) {
      w.line(1, 'Partition:', String(ru.partition));
      if (ru.maxUnavailable !== undefined) w.line(1, 'MaxUnavailable:', String(ru.maxUnavailable));
    }
    w.line(0, 'Pods Status:', podsStatusText(podsControlledBy(ctx.state, o.metadata.namespace, o.metadata.uid)));
    describePodTemplate(w, s.template);
    describeClaimTemplates(w, s.volumeClaimTemplates);
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o) {
    const s = (o.spec ??= {}) as StatefulSetSpec;
    s.replicas ??= 1;
    s.podManagementPolicy ??= 'OrderedReady';
    s.updateStrategy ??= {};
    s.updateStrategy.type ??= 'RollingUpdate';
    if (s.updateStrategy.type === 'RollingUpdate') {
      s.updateStrategy.rollingUpdate ??= {};
      s.updateStrategy.rollingUpdate.partition ??= 0;
    }
    s.revisionHistoryLimit ??= 10;
    s.persistentVolumeClaimRetentionPolicy ??= {};
    s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
    s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
    defaultPodTemplate(s.template);
    for (const c of s.volumeClaimTemplates ?? []) {
      c.apiVersion ??= 'v1';
      c.kind ??= 'PersistentVolumeClaim';
      c.metadata ??= {};
      if (c.metadata.creationTimestamp === undefined) c.metadata.creationTimestamp = null;
      c.spec ??= {};
      c.spec.volumeMode ??= 'Filesystem';
      c.status ??= { phase: 'Pending' };
    }
  },
  // ValidateStatefulSetSpec's order: pod management policy, update strategy, then selector and template.
  validate(o, ctx) {
    const s = spec(o);
    const errors: FieldError[] = [];
    if (s.podManagementPolicy && !['OrderedReady', 'Parallel'].includes(s.podManagementPolicy)) {
      errors.push({ field: 'spec.podManagementPolicy', type: 'Invalid', value: s.podManagementPolicy, detail: "must be 'OrderedReady' or 'Parallel'" });
    }
    const type = s.updateStrategy?.type;
    if (type && type !== 'RollingUpdate' && type !== 'OnDelete') {
      const ru = s.updateStrategy?.rollingUpdate ? '&apps.RollingUpdateStatefulSetStrategy{...}' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)';
      errors.push({ field: 'spec.updateStrategy', type: 'Invalid', valueText: `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(type)}, RollingUpdate:${ru}}`, detail: "must be 'RollingUpdate' or 'OnDelete'" });
    }
    const partition = s.updateStrategy?.rollingUpdate?.partition;
    if (typeof partition === 'number' && partition < 0) errors.push({ field: 'spec.updateStrategy.rollingUpdate.partition', type: 'Invalid', value: partition, detail: 'must be greater than or equal to 0' });
    errors.push(...validateSelectorOwner(s).map((e) => (e.detail === 'empty selector is invalid for deployment' ? { ...e, detail: 'empty selector is invalid for statefulset' } : e)));
    (s.volumeClaimTemplates ?? []).forEach((c, i) => {
      if (!c.metadata?.name) errors.push({ field: `spec.volumeClaimTemplates[${i}].metadata.name`, type: 'Required', detail: 'name or generateName is required' });
      if (!c.spec?.accessModes?.length) errors.push({ field: `spec.volumeClaimTemplates[${i}].spec.accessModes`, type: 'Required', detail: 'at least 1 access mode is required' });
      if (!c.spec?.resources?.requests?.storage) errors.push({ field: `spec.volumeClaimTemplates[${i}].spec.resources[storage]`, type: 'Required' });
    });
    if (ctx.operation === 'update' && ctx.old) {
      errors.push(...selectorImmutability(s, spec(ctx.old)));
      const strip = (x: StatefulSetSpec) => {
        const c: Record<string, unknown> = { ...x };
        for (const k of UPDATABLE) delete c[k];
        delete c.selector;
        return stableJson(c);
      };
      if (strip(s) !== strip(spec(ctx.old))) {
        errors.push({ field: 'spec', type: 'Forbidden', detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" });
      }
    }
    return errors;
  },
} satisfies KindInfo;

