/** Pod (stub table; owned by the pod0 work: replace columns, add describe/admit/validate). */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';

export const podKind = {
  kind: 'Pod',
  resource: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  group: '',
  version: 'v1',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [{ name: 'NAME' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ageOf(o, ctx)],
  },
} satisfies KindInfo;
