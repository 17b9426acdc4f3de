/** DaemonSet (apps/v1): table, describe, defaults and validation as a v1.32 server (the controller is src/controllers/daemonset.ts). */
import type { AdmitContext, KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { selectorString } from './deployment.js';
import {
  defaultPodTemplate, validateReplicaTemplate, selectorImmutability, containerCells, describePodTemplate,
  podsControlledBy, goLabelSelector, labelSelectorMatcher, type PodTemplate,
} from './pod-template.js';

/** The DaemonSet spec fields kube-sim reads. */
export interface DsSpec {
  selector?: LabelSelector;
  template?: PodTemplate;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}
/** The DaemonSet status (live: the controller recomputes it). */
export interface DsStatus {
  currentNumberScheduled?: number;
  desiredNumberScheduled?: number;
  numberAvailable?: number;
  numberMisscheduled?: number;
  numberReady?: number;
  numberUnavailable?: number;
  updatedNumberScheduled?: number;
  observedGeneration?: number;
}

const spec = (o: KubeObject) => (o.spec ?? {}) as DsSpec;
const status = (o: KubeObject) => (o.status ?? {}) as DsStatus;

/** labels.FormatLabels of the template's nodeSelector. */
function nodeSelectorText(o: KubeObject): string {
  const ns = spec(o).template?.spec?.nodeSelector ?? {};
  const keys = Object.keys(ns).sort();
  return keys.length ? keys.map((k) => `${k}=${ns[k]}`).join(',') : '<none>';
}

function describe(o: KubeObject, ctx: PrintContext): string {
  const s = spec(o);
  const st = status(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Selector:', selectorString(s.selector));
  w.line(0, 'Node-Selector:', nodeSelectorText(o));
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  // These five lines have no tab in kubectl: they are not aligned with the rest.
  w.raw(`Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.raw(`Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.raw(`Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.raw(`Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.raw(`Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  // getPodStatusForController: pods matching the selector and controlled by this DaemonSet.
  const matcher = labelSelectorMatcher(s.selector);
  const pods = podsControlledBy(ctx.state, o.metadata.namespace, o.metadata.uid).filter((p) => !matcher || matcher(p.metadata.labels ?? {}));
  let r = 0, wt = 0, sc = 0, f = 0;
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Running') r++;
    else if (phase === 'Pending') wt++;
    else if (phase === 'Succeeded') sc++;
    else if (phase === 'Failed') f++;
  }
  w.line(0, 'Pods Status:', `${r} Running / ${wt} Waiting / ${sc} Succeeded / ${f} Failed`);
  describePodTemplate(w, s.template);
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

/** The annotation the apps/v1 API keeps the template generation in (the DaemonSet's spec.templateGeneration internally). */
export const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/**
 * SetDefaults_DaemonSet (RollingUpdate with maxUnavailable 1 and maxSurge 0, a history of 10, template
 * defaults) and the strategy's template generation: 1 on create, +1 whenever an update changes the template.
 */
function admit(o: KubeObject, ctx: AdmitContext): void {
  const s = (o.spec ??= {}) as DsSpec;
  const oldGen = Number(ctx.old?.metadata.annotations?.[TEMPLATE_GENERATION] ?? 0) || 0;
  const changed = ctx.operation === 'create' || JSON.stringify((ctx.old?.spec as DsSpec | undefined)?.template) !== JSON.stringify(s.template);
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: String(ctx.operation === 'create' ? 1 : changed ? oldGen + 1 : oldGen || 1) };
  const u = (s.updateStrategy ??= {});
  u.type ??= 'RollingUpdate';
  if (u.type === 'RollingUpdate') {
    const ru = (u.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  defaultPodTemplate(s.template);
}

/** ValidateDaemonSet(Update): a non-empty selector matching the template, a valid template, a known update strategy. */
function validate(o: KubeObject, ctx: AdmitContext): FieldError[] {
  const s = spec(o);
  const errors: FieldError[] = [];
  if (!s.selector) errors.push({ field: 'spec.selector', type: 'Required', detail: '' });
  else if (!Object.keys(s.selector.matchLabels ?? {}).length && !(s.selector.matchExpressions ?? []).length) {
    errors.push({ field: 'spec.selector', type: 'Invalid', valueText: goLabelSelector(s.selector), detail: 'empty selector is invalid for daemonset' });
  }
  errors.push(...validateReplicaTemplate({ template: s.template }, s.selector ? labelSelectorMatcher(s.selector) : null));
  const type = s.updateStrategy?.type;
  if (type !== undefined && type !== 'RollingUpdate' && type !== 'OnDelete') errors.push({ field: 'spec.updateStrategy', type: 'Unsupported', value: type, supported: ['OnDelete', 'RollingUpdate'] });
  if (s.minReadySeconds !== undefined && s.minReadySeconds < 0) errors.push({ field: 'spec.minReadySeconds', type: 'Invalid', value: s.minReadySeconds, detail: 'must be greater than or equal to 0' });
  if (ctx.operation === 'update') errors.push(...selectorImmutability(s, ctx.old && spec(ctx.old)));
  return errors;
}

export const daemonsetKind = {
  kind: 'DaemonSet',
  resource: 'daemonsets',
  singular: 'daemonset',
  shortNames: ['ds'],
  group: 'apps',
  version: 'v1',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [
      { name: 'NAME' }, { name: 'DESIRED' }, { name: 'CURRENT' }, { name: 'READY' }, { name: 'UP-TO-DATE' }, { name: 'AVAILABLE' },
      { name: 'NODE SELECTOR' }, { name: 'AGE' }, { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
    ],
    row: (o, ctx) => {
      const st = status(o);
      return [
        o.metadata.name,
        String(st.desiredNumberScheduled ?? 0),
        String(st.currentNumberScheduled ?? 0),
        String(st.numberReady ?? 0),
        String(st.updatedNumberScheduled ?? 0),
        String(st.numberAvailable ?? 0),
        nodeSelectorText(o),
        ageOf(o, ctx),
        ...containerCells(spec(o).template),
        selectorString(spec(o).selector) || '<none>',
      ];
    },
  },
  describe,
  admit,
  validate,
} satisfies KindInfo;
