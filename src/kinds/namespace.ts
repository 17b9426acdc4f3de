/** Namespace: cluster-scoped; STATUS Active/Terminating. */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';

export const namespaceKind = {
  kind: 'Namespace',
  resource: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  group: '',
  version: 'v1',
  namespaced: false,
  table: {
    columns: [{ name: 'NAME' }, { name: 'STATUS' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ((o.status as { phase?: string } | undefined)?.phase ?? 'Active'), ageOf(o, ctx)],
  },
  admit(obj) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
    obj.spec ??= { finalizers: ['kubernetes'] };
    obj.status ??= { phase: 'Active' };
  },
} satisfies KindInfo;
