/** Service: table (reference §1.6), describe (§2.1, kubectl 1.32), admission and validation. */
import type { KindInfo, PrintContext } from '../api/kind.js';
import { serverMinor } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { ageOf, labelsText } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { admitService, svcSpec, type ServiceStatus } from './service-admit.js';
import { validateService } from './service-validate.js';
import { slicesOfService, type EndpointSlice } from './endpointslice.js';

const statusOf = (o: KubeObject) => (o.status ?? {}) as ServiceStatus;

/** LoadBalancer ingress addresses: ip (or hostname), de-duplicated and sorted. */
function lbIngress(o: KubeObject): string[] {
  const seen = new Set<string>();
  for (const i of statusOf(o).loadBalancer?.ingress ?? []) {
    const v = i.ip || i.hostname;
    if (v) seen.add(v);
  }
  return [...seen].sort();
}

export function externalIPCell(o: KubeObject): string {
  const s = svcSpec(o);
  switch (s.type ?? 'ClusterIP') {
    case 'ExternalName':
      return s.externalName ?? '<none>';
    case 'LoadBalancer': {
      const all = [...lbIngress(o), ...(s.externalIPs ?? [])];
      return all.length ? all.join(',') : '<pending>';
    }
    default:
      return s.externalIPs?.length ? s.externalIPs.join(',') : '<none>';
  }
}

export function portsCell(o: KubeObject): string {
  const ports = svcSpec(o).ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/**
 * The describe `Endpoints:` value from EndpointSlices (kubectl 1.31+), including its quirk: once three
 * addresses are listed any further endpoint turns on the "more" suffix, but only ready ones are counted.
 */
export function endpointsLine(slices: EndpointSlice[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const sl of slices) {
    const eps = sl.endpoints ?? [];
    if (!sl.ports?.length) {
      for (const e of eps) {
        if (list.length === max) more = true;
        if (e.conditions?.ready === false) continue;
        if (!more) list.push(e.addresses[0]!);
        count++;
      }
      continue;
    }
    for (const p of sl.ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of eps) {
        if (list.length === max) more = true;
        if (e.conditions?.ready === false) continue;
        if (!more) list.push(`${e.addresses[0]}:${p.port}`);
        count++;
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

function describeService(o: KubeObject, ctx: PrintContext): string {
  const s = svcSpec(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'Selector:', labelsText(s.selector ?? undefined));
  w.line(0, 'Type:', s.type ?? '');
  // The kubectl of a pre-1.20 cluster (the dispatcher picks it by server version) had no dual-stack lines.
  const dualStackEra = serverMinor(ctx.state) >= 20;
  if (s.ipFamilyPolicy) w.line(0, 'IP Family Policy:', s.ipFamilyPolicy);
  if (dualStackEra) w.line(0, 'IP Families:', s.ipFamilies?.length ? s.ipFamilies.join(',') : '<none>');
  w.line(0, 'IP:', s.clusterIP ?? '');
  if (dualStackEra) w.line(0, 'IPs:', s.clusterIPs?.length ? s.clusterIPs.join(',') : '<none>');
  if (s.externalIPs?.length) w.line(0, 'External IPs:', s.externalIPs.join(','));
  if (s.loadBalancerIP) w.line(0, 'Desired LoadBalancer IP:', s.loadBalancerIP);
  if (s.externalName) w.line(0, 'External Name:', s.externalName);
  const ingress = statusOf(o).loadBalancer?.ingress ?? [];
  if (ingress.length) {
    w.line(0, 'LoadBalancer Ingress:', ingress.map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : (i.hostname ?? ''))).join(', '));
  }
  const slices = slicesOfService(ctx.state, o.metadata.namespace ?? 'default', o.metadata.name);
  for (const p of s.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? 'TCP';
    w.line(0, 'Port:', name, `${p.port}/${proto}`);
    w.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${proto}`);
    if (p.nodePort) w.line(0, 'NodePort:', name, `${p.nodePort}/${proto}`);
    w.line(0, 'Endpoints:', endpointsLine(slices, p.name ?? ''));
  }
  w.line(0, 'Session Affinity:', s.sessionAffinity ?? 'None');
  if (s.externalTrafficPolicy) w.line(0, 'External Traffic Policy:', s.externalTrafficPolicy);
  if (s.internalTrafficPolicy) w.line(0, 'Internal Traffic Policy:', s.internalTrafficPolicy);
  if (s.healthCheckNodePort) w.line(0, 'HealthCheck NodePort:', String(s.healthCheckNodePort));
  if (s.loadBalancerSourceRanges?.length) w.line(0, 'LoadBalancer Source Ranges:', s.loadBalancerSourceRanges.join(','));
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

export const serviceKind = {
  kind: 'Service',
  resource: 'services',
  singular: 'service',
  shortNames: ['svc'],
  group: '',
  version: 'v1',
  namespaced: true,
  categories: ['all'],
  table: {
    columns: [{ name: 'NAME' }, { name: 'TYPE' }, { name: 'CLUSTER-IP' }, { name: 'EXTERNAL-IP' }, { name: 'PORT(S)' }, { name: 'AGE' }, { name: 'SELECTOR', wide: true }],
    row: (o, ctx) => {
      const s = svcSpec(o);
      return [o.metadata.name, s.type ?? 'ClusterIP', s.clusterIP || '<none>', externalIPCell(o), portsCell(o), ageOf(o, ctx), labelsText(s.selector ?? undefined)];
    },
  },
  describe: describeService,
  admit: admitService,
  validate: validateService,
} satisfies KindInfo;
