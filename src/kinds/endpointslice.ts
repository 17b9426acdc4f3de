/** EndpointSlice (discovery.k8s.io/v1): table, describe, and the lookup describe svc uses. Written by controllers only. */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';

export interface SliceEndpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace: string; uid?: string };
  zone?: string;
}

export interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export type EndpointSlice = KubeObject & { addressType?: string; endpoints?: SliceEndpoint[] | null; ports?: SlicePort[] | null };

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Slices labelled for a Service (`kubernetes.io/service-name=<svc>`), in name order. */
export function slicesOfService(state: ClusterState, namespace: string, service: string): EndpointSlice[] {
  const out: EndpointSlice[] = [];
  for (const s of Object.values(state.objects.endpointslices ?? {})) {
    if (s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === service) out.push(s as EndpointSlice);
  }
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** First three items, then ` + N more...`; `<unset>` when empty (printers.go listWithMoreString). */
function listWithMore(items: string[]): string {
  if (!items.length) return '<unset>';
  return items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');
}

function portsCell(s: EndpointSlice): string {
  return listWithMore((s.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name ?? '*')));
}

function endpointsCell(s: EndpointSlice): string {
  return listWithMore((s.endpoints ?? []).flatMap((e) => e.addresses));
}

const unset = (v: unknown) => (v === undefined || v === null || v === '' ? '<unset>' : String(v));

function describeSlice(o: KubeObject, ctx: PrintContext): string {
  const s = o as EndpointSlice;
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'AddressType:', s.addressType ?? '');
  // kubectl writes these two without a tab, so they break the alignment block.
  if (!s.ports?.length) w.raw('Ports: <unset>\n');
  else {
    w.line(0, 'Ports:');
    w.line(1, 'Name\tPort\tProtocol');
    w.line(1, '----\t----\t--------');
    for (const p of s.ports) w.line(1, unset(p.name), unset(p.port), unset(p.protocol));
  }
  if (!s.endpoints?.length) w.raw('Endpoints: <none>\n');
  else {
    w.line(0, 'Endpoints:');
    for (const e of s.endpoints) {
      w.line(1, '- Addresses:', e.addresses.join(','));
      w.line(2, 'Conditions:');
      w.line(3, 'Ready:', unset(e.conditions?.ready));
      w.line(2, 'Hostname:', unset(e.hostname));
      if (e.targetRef) w.line(2, 'TargetRef:', `${e.targetRef.kind}/${e.targetRef.name}`);
      w.line(2, 'NodeName:', unset(e.nodeName));
      w.line(2, 'Zone:', unset(e.zone));
    }
  }
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

export const endpointsliceKind = {
  kind: 'EndpointSlice',
  resource: 'endpointslices',
  singular: 'endpointslice',
  shortNames: [],
  group: 'discovery.k8s.io',
  version: 'v1',
  namespaced: true,
  subresources: [],
  categories: [],
  readOnly: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'ADDRESSTYPE' }, { name: 'PORTS' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
    row: (o, ctx) => {
      const s = o as EndpointSlice;
      return [o.metadata.name, s.addressType ?? '', portsCell(s), endpointsCell(s), ageOf(o, ctx)];
    },
  },
  describe: describeSlice,
} satisfies KindInfo;
