/** EndpointSlice (stub table; owned by the endpointslice0 work: replace columns, add describe/admit/validate). */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';

export const endpointsliceKind = {
  kind: 'EndpointSlice',
  resource: 'endpointslices',
  singular: 'endpointslice',
  shortNames: [],
  group: 'discovery.k8s.io',
  version: 'v1',
  namespaced: true,
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ageOf(o, ctx)],
  },
} satisfies KindInfo;
