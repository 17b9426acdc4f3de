/**
 * Server-side Table responses (meta.k8s.io/v1) built from the same column definitions and row functions
 * kube-sim's own `get` prints, so the real kubectl shows identical columns (priority 1 = wide only).
 */
import type { KubeObject } from '../api/types.js';
import type { KindInfo, PrintContext } from '../api/kind.js';
import { servedColumns } from '../api/kind.js';

export function toTable(info: KindInfo, objects: KubeObject[], ctx: PrintContext, includeObject: string | null, resourceVersion: string): unknown {
  const served = servedColumns(info, ctx.state);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: info.table.columns.filter((_, i) => served[i]).map((c, i) => ({
      name: c.name,
      type: 'string',
      format: i === 0 ? 'name' : '',
      description: '',
      priority: c.wide ? 1 : 0,
    })),
    // A custom resource's row is computed from the object as read (its schema's defaults applied).
    rows: objects.map((stored) => (info.custom ? info.custom.onRead(stored) : stored)).map((o) => ({
      cells: info.table.row(o, ctx).filter((_, i) => served[i]),
      object:
        includeObject === 'Object'
          ? o
          : includeObject === 'None'
            ? undefined
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
