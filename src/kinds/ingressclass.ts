/** IngressClass (stub table; owned by the ingressclass0 work: replace columns, add describe/admit/validate). */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';

export const ingressclassKind = {
  kind: 'IngressClass',
  resource: 'ingressclasses',
  singular: 'ingressclass',
  shortNames: [],
  group: 'networking.k8s.io',
  version: 'v1',
  namespaced: false,
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ageOf(o, ctx)],
  },
} satisfies KindInfo;
