/**
 * EndpointSlice (discovery.k8s.io/v1): table, describe, and the lookup kube-proxy, DNS and describe svc
 * use. The controllers write the slices of Services with a selector (and mirror hand-made Endpoints);
 * users may create, update and delete slices too, typically for a Service without a selector.
 */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { admitEndpointSlice, validateEndpointSlice } from './endpointslice-validate.js';
import { registerDigest, registerIndex, trackerOf } from '../store/tracker.js';
import { ownerUids } from '../api/objects.js';

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

/**
 * What the store keeps of an EndpointSlice (store/tracker.ts): its owner uids (the garbage collector's
 * owner index, controllers/digests.ts) and the Service its service-name label names (`namespace/name`),
 * so kube-proxy finds a Service's slices, whoever made them, without parsing every slice (1.3 MB at
 * 1,000 Services, for each `exec -- curl`). Sparse: undefined when it has neither.
 */
export interface SliceDigest {
  refs?: string[];
  svc?: string;
}

function sliceDigest(o: KubeObject): SliceDigest | undefined {
  const d: SliceDigest = {};
  const refs = ownerUids(o);
  if (refs) d.refs = refs;
  const svc = o.metadata.labels?.[SERVICE_NAME_LABEL];
  if (svc) d.svc = `${o.metadata.namespace ?? ''}/${svc}`;
  return d.refs || d.svc ? d : undefined;
}

// Version 2: version 1 kept only the owner uids.
registerDigest('endpointslices', { version: 2, fn: sliceDigest });

/** EndpointSlices by the Service their service-name label names. */
const SLICES_BY_SERVICE = 'endpointslices.service';
registerIndex(SLICES_BY_SERVICE, { resource: 'endpointslices', version: 1, keysOf: (d: unknown) => ((d as SliceDigest | undefined)?.svc ? [(d as SliceDigest).svc!] : []) });

/**
 * Slices labelled for a Service (`kubernetes.io/service-name=<svc>`), whoever made them (the controller,
 * the mirroring controller, or a user), in name order, found through the store's index (no slice of
 * another Service parsed). kube-proxy asks for every connection and every service port it renders.
 */
export function slicesOfService(state: ClusterState, namespace: string, service: string): EndpointSlice[] {
  const slices = state.objects.endpointslices ?? {};
  const found: EndpointSlice[] = [];
  for (const key of trackerOf(state).lookup(SLICES_BY_SERVICE, `${namespace}/${service}`)) {
    const s = Object.hasOwn(slices, key) ? slices[key] : undefined;
    if (s) found.push(s as EndpointSlice);
  }
  return found.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
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
  table: {
    columns: [{ name: 'NAME' }, { name: 'ADDRESSTYPE' }, { name: 'PORTS' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
    row: (o, ctx) => {
      const s = o as EndpointSlice;
      return [o.metadata.name, s.addressType ?? '', portsCell(s), endpointsCell(s), ageOf(o, ctx)];
    },
  },
  describe: describeSlice,
  admit: admitEndpointSlice,
  validate: validateEndpointSlice,
} satisfies KindInfo;
