/** ReplicaSet (apps/v1): table, describe, defaults and validation (reference §1.6, §2.4). */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { selectorString } from './deployment.js';
import {
  defaultPodTemplate, validateReplicaTemplate, labelSelectorMatcher, goLabelSelector, replicaTable,
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
    const errors: FieldError[] = [];
    if (!s.selector) errors.push({ field: 'spec.selector', type: 'Required', detail: '' });
    else if (!Object.keys(s.selector.matchLabels ?? {}).length && !(s.selector.matchExpressions ?? []).length) {
      errors.push({ field: 'spec.selector', type: 'Invalid', valueText: goLabelSelector(s.selector), detail: 'empty selector is invalid for deployment' });
    }
    errors.push(...validateReplicaTemplate(s, s.selector ? labelSelectorMatcher(s.selector) : null));
    if (ctx.operation === 'update' && ctx.old) {
      const before = spec(ctx.old).selector;
      if (JSON.stringify(before) !== JSON.stringify(s.selector)) {
        errors.push({ field: 'spec.selector', type: 'Invalid', valueText: goLabelSelector(s.selector), detail: 'field is immutable' });
      }
    }
    return errors;
  },
} satisfies KindInfo;
