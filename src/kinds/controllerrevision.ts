/** ControllerRevision (apps/v1): the immutable template snapshots StatefulSets (and DaemonSets) keep as history. */
import type { KindInfo } from '../api/kind.js';
import { ageOf } from './common.js';
import { describeGeneric } from '../printers/describe-generic.js';

export const controllerRevisionKind = {
  kind: 'ControllerRevision',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  shortNames: [],
  group: 'apps',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'CONTROLLER' }, { name: 'REVISION' }, { name: 'AGE' }],
    row: (o, ctx) => {
      // formatResourceName: the controller as `<kind>.<group>/<name>`, lower-cased.
      const owner = o.metadata.ownerReferences?.find((r) => r.controller);
      const group = owner?.apiVersion.includes('/') ? `.${owner.apiVersion.slice(0, owner.apiVersion.indexOf('/'))}` : '';
      return [o.metadata.name, owner ? `${owner.kind.toLowerCase()}${group}/${owner.name}` : '<none>', String((o as { revision?: number }).revision ?? 0), ageOf(o, ctx)];
    },
  },
  describe: describeGeneric,
} satisfies KindInfo;
