/** Deployment (apps/v1): table, describe (with Old/NewReplicaSets), defaults and validation. */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { rfc1123z } from '../printers/duration.js';
import { fromLabelSelector, type Requirement } from '../api/selectors.js';
import { ageOf } from './common.js';
import {
  defaultPodTemplate, validateSelectorOwner, selectorImmutability, containerCells,
  describePodTemplate, describeConditions, type PodTemplate,
} from './pod-template.js';

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string }[];
}

const spec = (o: KubeObject) => (o.spec ?? {}) as DeploymentSpec;

/** labels.Selector.String(): requirements sorted by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. */
export function selectorString(sel: LabelSelector | undefined): string {
  const reqs = fromLabelSelector(sel);
  if (!reqs || !reqs.length) return reqs ? '' : '<none>';
  const text = (r: Requirement) => {
    const vals = [...r.values].sort();
    if (r.op === 'In') return vals.length === 1 && sel?.matchLabels?.[r.key] === vals[0] ? `${r.key}=${vals[0]}` : `${r.key} in (${vals.join(',')})`;
    if (r.op === 'NotIn') return `${r.key} notin (${vals.join(',')})`;
    if (r.op === 'Exists') return r.key;
    return `!${r.key}`;
  };
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(text).join(',');
}

/** ReplicaSets whose controller is this deployment, split as kubectl does: the one matching the template, and the rest. */
export function replicaSetsOf(ctx: PrintContext, d: KubeObject): { newRS?: KubeObject; oldRSs: KubeObject[] } {
  const owned = Object.values(ctx.state.objects.replicasets ?? {})
    .filter((rs) => rs.metadata.namespace === d.metadata.namespace && rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid))
    .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || (a.metadata.name < b.metadata.name ? -1 : 1));
  const want = templateKey(spec(d).template);
  let newRS: KubeObject | undefined;
  const oldRSs: KubeObject[] = [];
  for (const rs of owned) {
    if (!newRS && templateKey((rs.spec as { template?: PodTemplate }).template) === want) newRS = rs;
    else oldRSs.push(rs);
  }
  // kubectl lists every old ReplicaSet (even scaled to 0) in API order: by name.
  oldRSs.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  return { newRS, oldRSs };
}

/** Stable JSON of a template without the pod-template-hash label (EqualIgnoreHash). */
export function templateKey(t: PodTemplate | undefined): string {
  // Compared after defaulting: a template stored without the API defaults still equals its ReplicaSet's.
  const c = structuredClone(t ?? {}) as PodTemplate;
  defaultPodTemplate(c);
  if (c.metadata?.labels) {
    delete c.metadata.labels['pod-template-hash'];
    if (!Object.keys(c.metadata.labels).length) delete c.metadata.labels;
  }
  return stableJson(c);
}

/** JSON with object keys sorted at every level. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function rsSummary(rs: KubeObject): string {
  return `${rs.metadata.name} (${(rs.status as { replicas?: number } | undefined)?.replicas ?? 0}/${(rs.spec as { replicas?: number }).replicas ?? 0} replicas created)`;
}

export const deploymentKind = {
  kind: 'Deployment',
  resource: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
  group: 'apps',
  version: 'v1',
  namespaced: true,
  subresources: ['status', 'scale'],
  categories: ['all'],
  table: {
    columns: [
      { name: 'NAME' }, { name: 'READY' }, { name: 'UP-TO-DATE' }, { name: 'AVAILABLE' }, { name: 'AGE' },
      { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
    ],
    row: (o, ctx) => {
      const s = spec(o);
      const st = (o.status ?? {}) as DeploymentStatus;
      return [
        o.metadata.name,
        `${st.readyReplicas ?? 0}/${s.replicas ?? 0}`,
        String(st.updatedReplicas ?? 0),
        String(st.availableReplicas ?? 0),
        ageOf(o, ctx),
        ...containerCells(s.template),
        selectorString(s.selector),
      ];
    },
  },
  describe(o, ctx) {
    const s = spec(o);
    const st = (o.status ?? {}) as DeploymentStatus;
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'CreationTimestamp:', rfc1123z(o.metadata.creationTimestamp ?? ''));
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    w.line(0, 'Selector:', selectorString(s.selector));
    w.line(0, 'Replicas:', `${s.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
    w.line(0, 'StrategyType:', s.strategy?.type ?? '');
    w.line(0, 'MinReadySeconds:', String(s.minReadySeconds ?? 0));
    const ru = s.strategy?.rollingUpdate;
    if (ru) w.line(0, 'RollingUpdateStrategy:', `${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge`);
    describePodTemplate(w, s.template);
    describeConditions(w, st.conditions);
    const { newRS, oldRSs } = replicaSetsOf(ctx, o);
    if (oldRSs.length || newRS) {
      w.line(0, 'OldReplicaSets:', oldRSs.length ? oldRSs.map(rsSummary).join(', ') : '<none>');
      w.line(0, 'NewReplicaSet:', newRS ? rsSummary(newRS) : '<none>');
    }
    return withEvents(w, eventsFor(ctx.state, o), ctx.now);
  },
  admit(o) {
    const s = (o.spec ??= {}) as DeploymentSpec;
    s.replicas ??= 1;
    s.strategy ??= {};
    s.strategy.type ??= 'RollingUpdate';
    if (s.strategy.type === 'RollingUpdate') {
      s.strategy.rollingUpdate ??= {};
      s.strategy.rollingUpdate.maxSurge ??= '25%';
      s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(s.template);
  },
  validate(o, ctx) {
    const s = spec(o);
    const errors: FieldError[] = validateSelectorOwner(s);
    const type = s.strategy?.type;
    if (type && type !== 'RollingUpdate' && type !== 'Recreate') {
      errors.push({ field: 'spec.strategy.type', type: 'Unsupported', value: type, supported: ['Recreate', 'RollingUpdate'] });
    }
    if (type === 'Recreate' && s.strategy?.rollingUpdate) {
      errors.push({ field: 'spec.strategy.rollingUpdate', type: 'Forbidden', detail: 'may not be specified when strategy `type` is \'Recreate\'' });
    }
    if (ctx.operation === 'update') errors.push(...selectorImmutability(s, ctx.old && spec(ctx.old)));
    return errors;
  },
} satisfies KindInfo;
