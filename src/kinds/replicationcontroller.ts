/** ReplicationController (v1): table, describe, defaults (selector and labels from the template) and validation. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { labelsText } from './common.js';
import { fromMap, matches } from '../api/selectors.js';
import {
  defaultPodTemplate, validateReplicaTemplate, replicaTable, describePodTemplate, podsStatusText,
  podsControlledBy, describeConditions, type PodTemplate,
} from './pod-template.js';

interface RcSpec { replicas?: number; minReadySeconds?: number; selector?: Record<string, string>; template?: PodTemplate }
interface RcStatus { replicas?: number; conditions?: { type: string; status: string; reason?: string }[] }

const spec = (o: KubeObject) => (o.spec ?? {}) as RcSpec;

export const replicationcontrollerKind = {
  kind: 'ReplicationController',
  resource: 'replicationcontrollers',
  singular: 'replicationcontroller',
  shortNames: ['rc'],
  group: '',
  version: 'v1',
  namespaced: true,
  subresources: ['status', 'scale'],
  categories: ['all'],
  table: replicaTable((o) => labelsText(spec(o).selector)),
  describe(o, ctx) {
    const s = spec(o);
    const st = (o.status ?? {}) as RcStatus;
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'Selector:', labelsText(s.selector));
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    w.line(0, 'Replicas:', `${st.replicas ?? 0} current / ${s.replicas ?? 0} desired`);
    w.line(0, 'Pods Status:', podsStatusText(podsControlledBy(ctx.state, o.metadata.namespace, o.metadata.uid)));
    describePodTemplate(w, s.template);
    describeConditions(w, st.conditions);
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o) {
    // The v1 defaulter: selector and object labels come from the template labels when not given.
    const s = (o.spec ??= {}) as RcSpec;
    const tl = s.template?.metadata?.labels;
    if (tl && Object.keys(tl).length) {
      if (!s.selector || !Object.keys(s.selector).length) s.selector = { ...tl };
      if (!o.metadata.labels || !Object.keys(o.metadata.labels).length) o.metadata.labels = { ...tl };
    }
    s.replicas ??= 1;
    defaultPodTemplate(s.template);
  },
  validate(o) {
    const s = spec(o);
    const errors: FieldError[] = [];
    if (!s.selector || !Object.keys(s.selector).length) errors.push({ field: 'spec.selector', type: 'Required', detail: '' });
    const reqs = fromMap(s.selector);
    // The core group words the mismatch differently from apps/v1.
    errors.push(...validateReplicaTemplate(s, s.selector && Object.keys(s.selector).length ? (l) => matches(reqs, l) : null, 'selector does not match labels in template'));
    return errors;
  },
} satisfies KindInfo;
