/** ControllerRevision (apps/v1): the immutable template snapshots behind `rollout history|undo` of DaemonSets. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';

/** `daemonset.apps/kube-proxy`, the CONTROLLER cell (formatResourceName with the group kind). */
function controllerText(o: KubeObject): string {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref) return '<none>';
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

/** ValidateControllerRevision(Update): a non-negative revision; data is immutable. */
function validate(o: KubeObject, ctx: { operation: 'create' | 'update'; old?: KubeObject }): FieldError[] {
  const errors: FieldError[] = [];
  const rev = o.revision as number | undefined;
  if (rev === undefined || rev < 0) errors.push({ field: 'revision', type: 'Invalid', value: rev ?? 0, detail: 'must be greater than or equal to 0' });
  if (ctx.operation === 'update' && ctx.old && JSON.stringify(ctx.old.data) !== JSON.stringify(o.data)) errors.push({ field: 'data', type: 'Invalid', valueText: 'runtime.RawExtension', detail: 'field is immutable' });
  return errors;
}

export const controllerrevisionKind = {
  kind: 'ControllerRevision',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  shortNames: [],
  group: 'apps',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'CONTROLLER' }, { name: 'REVISION' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, controllerText(o), String(o.revision ?? 0), ageOf(o, ctx)],
  },
  validate,
} satisfies KindInfo;
