/** ConfigMap (stub table; owned by the configmap0 work: replace columns, add describe/admit/validate). */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';

export const configmapKind = {
  kind: 'ConfigMap',
  resource: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  group: '',
  version: 'v1',
  namespaced: true,
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ageOf(o, ctx)],
  },
} satisfies KindInfo;
