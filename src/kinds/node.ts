/** Node: cluster-scoped; built by the bootstrap, never created by users in the chapter. */
import type { KindInfo } from '../api/kind.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { ageOf } from './common.js';
import { describeNode, nodeRoles } from './node-describe.js';

export const nodeKind = {
  kind: 'Node',
  resource: 'nodes',
  singular: 'node',
  shortNames: ['no'],
  group: '',
  version: 'v1',
  namespaced: false,
  subresources: ['status', 'proxy'],
  table: {
    columns: [
      { name: 'NAME' },
      { name: 'STATUS' },
      { name: 'ROLES' },
      { name: 'AGE' },
      { name: 'VERSION' },
      { name: 'INTERNAL-IP', wide: true },
      { name: 'EXTERNAL-IP', wide: true },
      { name: 'OS-IMAGE', wide: true },
      { name: 'KERNEL-VERSION', wide: true },
      { name: 'CONTAINER-RUNTIME', wide: true },
    ],
    row(o, ctx) {
      const n = o as unknown as Node;
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      let status = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
      if (n.spec?.unschedulable) status += ',SchedulingDisabled';
      const roles = nodeRoles(n.metadata?.labels as Record<string, string> | undefined);
      const addr = (t: string) => n.status?.addresses?.find((a) => a.type === t)?.address ?? '<none>';
      const info = n.status?.nodeInfo;
      return [
        o.metadata.name,
        status,
        roles.length ? roles.join(',') : '<none>',
        ageOf(o, ctx),
        info?.kubeletVersion ?? '<unknown>',
        addr('InternalIP'),
        addr('ExternalIP'),
        info?.osImage || '<unknown>',
        info?.kernelVersion || '<unknown>',
        info?.containerRuntimeVersion || '<unknown>',
      ];
    },
  },
  describe: describeNode,
} satisfies KindInfo;
