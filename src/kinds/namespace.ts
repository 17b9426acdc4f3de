/** Namespace: cluster-scoped; STATUS Active/Terminating. */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter } from '../printers/describe.js';
import { rfc1123z } from '../printers/duration.js';
import { listObjects } from '../api/objects.js';
import { hardResources, quantityText, scopeLines, type QuotaStatus } from './resourcequota.js';
import { limitRows } from './limitrange.js';

interface NamespaceStatus {
  phase?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[];
}

/** kubectl describe namespace: its conditions, then the quotas and limit ranges in it (DescribeResourceQuotas / DescribeLimitRanges). */
function describe(o: KubeObject, ctx: PrintContext): string {
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
  const inNamespace = (resource: string) => listObjects(ctx.state, resource, o.metadata.name);
  w.raw('\n');
  const quotas = inNamespace('resourcequotas');
  if (!quotas.length) w.raw('No resource quota.\n');
  else {
    w.raw('Resource Quotas\n');
    for (const q of quotas) {
      const st = (q.status ?? {}) as QuotaStatus;
      w.line(1, 'Name:', q.metadata.name);
      const sc = scopeLines(q);
      if (sc) {
        w.line(1, 'Scopes:', sc.scopes);
        for (const h of sc.help) w.line(1, `* ${h}`);
      }
      w.line(1, 'Resource', 'Used', 'Hard');
      w.line(1, '--------', '---', '---');
      for (const r of hardResources(q)) w.line(1, r, quantityText(st.used?.[r]), quantityText(st.hard?.[r]));
    }
  }
  w.raw('\n');
  const limits = inNamespace('limitranges');
  if (!limits.length) w.raw('No LimitRange resource.\n');
  else {
    w.raw('Resource Limits\n');
    w.line(0, ' Type', 'Resource', 'Min', 'Max', 'Default Request', 'Default Limit', 'Max Limit/Request Ratio');
    w.line(0, ' ----', '--------', '---', '---', '---------------', '-------------', '-----------------------');
    for (const lr of limits) for (const row of limitRows(lr)) w.line(0, ` ${row[0]}`, ...row.slice(1));
  }
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
