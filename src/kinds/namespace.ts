/** Namespace: cluster-scoped; STATUS Active/Terminating. */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter } from '../printers/describe.js';
import { rfc1123z } from '../printers/duration.js';

interface NamespaceStatus {
  phase?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[];
}

/** kubectl describe namespace: kube-sim serves no ResourceQuota or LimitRange objects, so both lists are empty. */
function describe(o: KubeObject, _ctx: PrintContext): string {
  const status = (o.status ?? {}) as NamespaceStatus;
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Status:', status.phase ?? '');
  if (status.conditions?.length) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status', 'LastTransitionTime', 'Reason', 'Message');
    w.line(1, '----', '------', '------------------', '------', '-------');
    for (const c of status.conditions) {
      w.line(1, c.type, c.status, c.lastTransitionTime ? rfc1123z(c.lastTransitionTime) : '', c.reason ?? '', c.message ?? '');
    }
  }
  w.raw('\nNo resource quota.\n');
  w.raw('\nNo LimitRange resource.\n');
  return w.toString();
}

export const namespaceKind = {
  kind: 'Namespace',
  resource: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  group: '',
  version: 'v1',
  namespaced: false,
  subresources: ['status', 'finalize'],
  table: {
    columns: [{ name: 'NAME' }, { name: 'STATUS' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, ((o.status as { phase?: string } | undefined)?.phase ?? 'Active'), ageOf(o, ctx)],
  },
  describe,
  admit(obj) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
    // The API server always sets the kubernetes finalizer and the Active phase on a new namespace.
    const spec = (obj.spec ?? {}) as { finalizers?: string[] };
    if (!spec.finalizers?.includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
    obj.spec = spec;
    if (!(obj.status as { phase?: string } | undefined)?.phase) obj.status = { ...((obj.status as object) ?? {}), phase: 'Active' };
  },
} satisfies KindInfo;
