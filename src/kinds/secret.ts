/** Secret (stub table; owned by the secret0 work: replace columns, add describe/admit/validate). */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';

export const secretKind = {
  kind: 'Secret',
  resource: 'secrets',
  singular: 'secret',
  shortNames: [],
  group: '',
  version: 'v1',
  namespaced: true,
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ageOf(o, ctx)],
  },
} satisfies KindInfo;
