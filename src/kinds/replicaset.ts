/** ReplicaSet (apps/v1): table, describe, defaults and validation (reference §1.6, §2.4). */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { selectorString } from './deployment.js';
import {
  defaultPodTemplate, validateSelectorOwner, selectorImmutability, replicaTable,
  describePodTemplate, podsStatusText, podsControlledBy, describeConditions, type PodTemplate,
} from './pod-template.js';

interface RsSpec { replicas?: number; minReadySeconds?: number; selector?: LabelSelector; template?: PodTemplate }
interface RsStatus { replicas?: number; conditions?: { type: string; status: string; reason?: string }[] }

const spec = (o: KubeObject) => (o.spec ?? {}) as RsSpec;

/** `Deployment/kubia` for an object with a controller ownerReference, else ''. */
export function controlledBy(o: KubeObject): string {
  const r = o.metadata.ownerReferences?.find((x) => x.controller);
  return r ? `${r.kind}/${r.name}` : '';
}

export const replicasetKind = {
  kind: 'ReplicaSet',
  resource: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
  group: 'apps',
  version: 'v1',
  namespaced: true,
  subresources: ['status', 'scale'],
  categories: ['all'],
  table: replicaTable((o) => selectorString(spec(o).selector) || '<none>'),
  describe(o, ctx) {
    const s = spec(o);
    const st = (o.status ?? {}) as RsStatus;
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'Selector:', selectorString(s.selector) || '<none>');
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    const by = controlledBy(o);
    if (by) w.line(0, 'Controlled By:', by);
    w.line(0, 'Replicas:', `${st.replicas ?? 0} current / ${s.replicas ?? 0} desired`);
    w.line(0, 'Pods Status:', podsStatusText(podsControlledBy(ctx.state, o.metadata.namespace, o.metadata.uid)));
    describePodTemplate(w, s.template);
    describeConditions(w, st.conditions);
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o) {
    const s = (o.spec ??= {}) as RsSpec;
    s.replicas ??= 1;
    defaultPodTemplate(s.template);
  },
  validate(o, ctx) {
    const s = spec(o);
    const errors: FieldError[] = validateSelectorOwner(s);
    if (ctx.operation === 'update') errors.push(...selectorImmutability(s, ctx.old && spec(ctx.old)));
    return errors;
  },
} satisfies KindInfo;
