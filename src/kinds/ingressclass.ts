/** IngressClass: which controller serves Ingresses of a class; one may be the default (annotation). */
import type { KindInfo, AdmitContext } from '../api/kind.js';
import type { ClusterState, FieldError, KubeObject } from '../api/types.js';
import { listObjects } from '../api/objects.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { ageOf } from './common.js';

interface IngressClassSpec {
  controller?: string;
  parameters?: { apiGroup?: string; kind?: string; name?: string; namespace?: string; scope?: string };
}

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** The IngressClasses annotated as default (admission uses one only when exactly one exists, as the apiserver). */
export function defaultIngressClasses(state: ClusterState): KubeObject[] {
  return listObjects(state, 'ingressclasses').filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

function specOf(o: KubeObject): IngressClassSpec {
  return (o.spec ?? {}) as IngressClassSpec;
}

function parametersText(p: IngressClassSpec['parameters']): string {
  if (!p) return '<none>';
  return `${p.kind ?? ''}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
}

const CONTROLLER_PATH = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/\S+$/;

function validate(o: KubeObject, ctx: AdmitContext): FieldError[] {
  const errors: FieldError[] = [];
  const c = specOf(o).controller;
  if (!c) errors.push({ field: 'spec.controller', type: 'Required' });
  else if (c.length > 250) errors.push({ field: 'spec.controller', type: 'TooLong', detail: 'may not be more than 250 bytes' });
  else if (!CONTROLLER_PATH.test(c)) errors.push({ field: 'spec.controller', type: 'Invalid', value: c, detail: 'must be a domain-prefixed path (such as "acme.io/foo")' });
  if (ctx.old && specOf(ctx.old).controller !== c) errors.push({ field: 'spec.controller', type: 'Invalid', value: c, detail: 'field is immutable' });
  return errors;
}

function describe(o: KubeObject, now: Date, state: ClusterState): string {
  const w = new DescribeWriter();
  const s = specOf(o);
  w.line(0, 'Name:', o.metadata.name);
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Controller:', s.controller ?? '');
  if (s.parameters) {
    w.line(0, 'Parameters:');
    if (s.parameters.apiGroup) w.line(1, 'APIGroup:', s.parameters.apiGroup);
    w.line(1, 'Kind:', s.parameters.kind ?? '');
    w.line(1, 'Name:', s.parameters.name ?? '');
    if (s.parameters.namespace) w.line(1, 'Namespace:', s.parameters.namespace);
    if (s.parameters.scope) w.line(1, 'Scope:', s.parameters.scope);
  }
  return withEvents(w, eventsFor(state, o), now);
}

export const ingressclassKind = {
  kind: 'IngressClass',
  resource: 'ingressclasses',
  singular: 'ingressclass',
  shortNames: [],
  group: 'networking.k8s.io',
  version: 'v1',
  namespaced: false,
  subresources: [],
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'CONTROLLER' }, { name: 'PARAMETERS' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, specOf(o).controller ?? '', parametersText(specOf(o).parameters), ageOf(o, ctx)],
  },
  describe: (o, ctx) => describe(o, ctx.now, ctx.state),
  validate,
} satisfies KindInfo;
