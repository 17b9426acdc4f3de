/** Endpoints (core/v1): table (ENDPOINTS truncation rule), describe (reference §2.2), manual creation by users. */
import type { AdmitContext, KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { isIP, INVALID_IP } from './service-alloc.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace: string; uid?: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export type Endpoints = KubeObject & { subsets?: EndpointSubset[] | null };

/** The ENDPOINTS cell: ready `ip:port` pairs, first 3, then ` + N more...`; `<none>` without subsets. */
export function endpointsCell(o: KubeObject): string {
  const subsets = (o as Endpoints).subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const portsList = ss.ports?.length ? ss.ports : [undefined];
    for (const p of portsList) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) {
          more = true;
          break;
        }
        list.push(p ? `${a.ip}:${p.port}` : a.ip);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - 3} more...` : text;
}

function describeEndpoints(o: KubeObject, ctx: PrintContext): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Subsets:');
  for (const ss of (o as Endpoints).subsets ?? []) {
    const join = (a: EndpointAddress[] | undefined) => (a?.length ? a.map((x) => x.ip).join(',') : '<none>');
    w.line(1, 'Addresses:', join(ss.addresses));
    w.line(1, 'NotReadyAddresses:', join(ss.notReadyAddresses));
    if (ss.ports?.length) {
      w.line(1, 'Ports:');
      w.line(2, 'Name', 'Port', 'Protocol');
      w.line(2, '----', '----', '--------');
      for (const p of ss.ports) w.line(2, p.name || '<unset>', String(p.port), p.protocol ?? 'TCP');
    }
    w.raw('\n');
  }
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

/** Defaults for hand-made Endpoints (port protocol TCP), as the apiserver applies. */
function admitEndpoints(o: KubeObject, _ctx: AdmitContext): void {
  for (const ss of (o as Endpoints).subsets ?? []) for (const p of ss.ports ?? []) p.protocol ||= 'TCP';
}

function validateEndpoints(o: KubeObject, _ctx: AdmitContext): FieldError[] {
  const errs: FieldError[] = [];
  ((o as Endpoints).subsets ?? []).forEach((ss, i) => {
    const at = `subsets[${i}]`;
    for (const [key, list] of [['addresses', ss.addresses], ['notReadyAddresses', ss.notReadyAddresses]] as const) {
      (list ?? []).forEach((a, j) => {
        if (!a.ip) errs.push({ field: `${at}.${key}[${j}].ip`, type: 'Required' });
        else if (!isIP(a.ip)) errs.push({ field: `${at}.${key}[${j}].ip`, type: 'Invalid', value: a.ip, detail: INVALID_IP });
      });
    }
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      if (ports.length > 1 && !p.name) errs.push({ field: `${at}.ports[${j}].name`, type: 'Required' });
      if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) errs.push({ field: `${at}.ports[${j}].port`, type: 'Invalid', value: p.port ?? 0, detail: 'must be between 1 and 65535, inclusive' });
      if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol ?? '')) errs.push({ field: `${at}.ports[${j}].protocol`, type: 'Unsupported', value: p.protocol ?? '', supported: ['SCTP', 'TCP', 'UDP'] });
    });
  });
  return errs;
}

export const endpointsKind = {
  kind: 'Endpoints',
  resource: 'endpoints',
  singular: 'endpoints',
  shortNames: ['ep'],
  group: '',
  version: 'v1',
  namespaced: true,
  subresources: [],
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, endpointsCell(o), ageOf(o, ctx)],
  },
  describe: describeEndpoints,
  admit: admitEndpoints,
  validate: validateEndpoints,
} satisfies KindInfo;
