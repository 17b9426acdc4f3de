/**
 * kubectl describe node: identity, taints, the kubelet's lease, conditions, addresses, capacity,
 * system info, the non-terminated pods scheduled there with their requests and limits, the totals
 * against allocatable, and events.
 */
import type { PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import type { Node, Pod, Container } from 'kubernetes-types/core/v1.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { age, rfc1123z } from '../printers/duration.js';
import { parseQuantity, addQuantity, formatQuantity, quantityValue, ZERO, type Quantity } from '../printers/quantity.js';

export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export function describeNode(o: KubeObject, ctx: PrintContext): string {
  const n = o as unknown as Node;
  const spec = n.spec ?? {};
  const status = n.status ?? {};
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  const roles = nodeRoles(o.metadata.labels);
  w.line(0, 'Roles:', roles.length ? roles.join(',') : '<none>');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.line(0, 'CreationTimestamp:', o.metadata.creationTimestamp ? rfc1123z(o.metadata.creationTimestamp) : '');
  const taintKey = (t: { effect: string; key: string }) => `${t.effect},${t.key}`;
  const taints = [...(spec.taints ?? [])].sort((a, b) => (taintKey(a) < taintKey(b) ? -1 : taintKey(a) > taintKey(b) ? 1 : 0));
  if (!taints.length) w.line(0, 'Taints:', '<none>');
  taints.forEach((t, i) => w.line(0, i === 0 ? 'Taints:' : '', `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  w.line(0, 'Unschedulable:', String(!!spec.unschedulable));
  // The kubelet renews its Lease in kube-node-lease every 10 s; kube-sim derives it on read.
  w.line(0, 'Lease:');
  w.line(1, 'HolderIdentity:', o.metadata.name);
  w.line(1, 'AcquireTime:', '<unset>');
  w.line(1, 'RenewTime:', rfc1123z(new Date(Math.floor(ctx.now.getTime() / 10_000) * 10_000).toISOString()));
  const conditions = status.conditions ?? [];
  if (conditions.length) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message');
    w.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
    for (const c of conditions) {
      // kubectl writes each cell with a trailing space before the tab.
      w.line(1, `${c.type} `, `${c.status} `, `${time(c.lastHeartbeatTime)} `, `${time(c.lastTransitionTime)} `, `${c.reason ?? ''} `, c.message ?? '');
    }
  }
  w.line(0, 'Addresses:');
  for (const a of status.addresses ?? []) w.line(1, `${a.type}:`, a.address);
  const resourceList = (title: string, list: Record<string, unknown> | undefined) => {
    if (!list || !Object.keys(list).length) return;
    w.line(0, title);
    for (const k of Object.keys(list).sort()) w.line(1, `${k}:`, formatQuantity(parseQuantity(list[k] as string)));
  };
  resourceList('Capacity:', status.capacity);
  resourceList('Allocatable:', status.allocatable);
  const info = status.nodeInfo;
  w.line(0, 'System Info:');
  w.line(1, 'Machine ID:', info?.machineID ?? '');
  w.line(1, 'System UUID:', info?.systemUUID ?? '');
  w.line(1, 'Boot ID:', info?.bootID ?? '');
  w.line(1, 'Kernel Version:', info?.kernelVersion ?? '');
  w.line(1, 'OS Image:', info?.osImage ?? '');
  w.line(1, 'Operating System:', info?.operatingSystem ?? '');
  w.line(1, 'Architecture:', info?.architecture ?? '');
  w.line(1, 'Container Runtime Version:', info?.containerRuntimeVersion ?? '');
  w.line(1, 'Kubelet Version:', info?.kubeletVersion ?? '');
  w.line(1, 'Kube-Proxy Version:', info?.kubeProxyVersion ?? '');
  if (spec.podCIDR) w.line(0, 'PodCIDR:', spec.podCIDR);
  if (spec.podCIDRs?.length) w.line(0, 'PodCIDRs:', spec.podCIDRs.join(','));
  if (spec.providerID) w.line(0, 'ProviderID:', spec.providerID);
  podsSection(w, n, o.metadata.name, ctx);
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

function time(t: string | undefined): string {
  return t ? rfc1123z(t) : 'Mon, 01 Jan 0001 00:00:00 +0000';
}

type Totals = Record<string, Quantity>;

function podsSection(w: DescribeWriter, n: Node, nodeName: string, ctx: PrintContext): void {
  const pods = Object.values(ctx.state.objects.pods ?? {})
    .map((p) => p as unknown as Pod & KubeObject)
    .filter((p) => p.spec?.nodeName === nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  const allocatable = (n.status?.allocatable && Object.keys(n.status.allocatable).length ? n.status.allocatable : n.status?.capacity) ?? {};
  const allocCpu = parseQuantity(allocatable.cpu).milli;
  const allocMem = quantityValue(parseQuantity(allocatable.memory));
  const allocEph = quantityValue(parseQuantity(allocatable['ephemeral-storage']));
  const pct = (part: bigint, whole: bigint) => (whole === 0n ? 0n : (part * 100n) / whole);
  w.line(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  w.line(1, 'Namespace', 'Name', '', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
  w.line(1, '---------', '----', '', '------------', '----------', '---------------', '-------------', '---');
  const reqTotal: Totals = {};
  const limTotal: Totals = {};
  for (const p of pods) {
    const { req, lim } = podRequestsAndLimits(p);
    for (const [k, v] of Object.entries(req)) reqTotal[k] = addQuantity(reqTotal[k] ?? ZERO, v);
    for (const [k, v] of Object.entries(lim)) limTotal[k] = addQuantity(limTotal[k] ?? ZERO, v);
    const cr = req.cpu ?? ZERO;
    const cl = lim.cpu ?? ZERO;
    const mr = req.memory ?? ZERO;
    const ml = lim.memory ?? ZERO;
    w.line(
      1,
      p.metadata.namespace ?? '',
      p.metadata.name,
      '',
      `${formatQuantity(cr)} (${pct(cr.milli, allocCpu)}%)`,
      `${formatQuantity(cl)} (${pct(cl.milli, allocCpu)}%)`,
      `${formatQuantity(mr)} (${pct(quantityValue(mr), allocMem)}%)`,
      `${formatQuantity(ml)} (${pct(quantityValue(ml), allocMem)}%)`,
      age(p.metadata.creationTimestamp, ctx.now),
    );
  }
  w.raw('Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.line(1, 'Resource', 'Requests', 'Limits');
  w.line(1, '--------', '--------', '------');
  const row = (name: string, whole: bigint, milli: boolean) => {
    const r = reqTotal[name] ?? ZERO;
    const l = limTotal[name] ?? ZERO;
    const v = (q: Quantity) => (milli ? q.milli : quantityValue(q));
    w.line(1, name, `${formatQuantity(r)} (${pct(v(r), whole)}%)`, `${formatQuantity(l)} (${pct(v(l), whole)}%)`);
  };
  row('cpu', allocCpu, true);
  row('memory', allocMem, false);
  row('ephemeral-storage', allocEph, false);
}

/** resourcehelper.PodRequestsAndLimits: sum over containers, at least the largest init container, plus overhead. */
function podRequestsAndLimits(p: Pod): { req: Totals; lim: Totals } {
  const sum = (cs: readonly Container[] | undefined, which: 'requests' | 'limits') => {
    const out: Totals = {};
    for (const c of cs ?? []) {
      const list = (c.resources?.[which] ?? {}) as Record<string, string>;
      // Limits without requests default the requests (API server defaulting).
      const eff = which === 'requests' ? { ...((c.resources?.limits ?? {}) as Record<string, string>), ...list } : list;
      for (const [k, v] of Object.entries(eff)) out[k] = addQuantity(out[k] ?? ZERO, parseQuantity(v));
    }
    return out;
  };
  const maxInit = (which: 'requests' | 'limits', base: Totals) => {
    for (const c of p.spec?.initContainers ?? []) {
      const one = sum([c], which);
      for (const [k, v] of Object.entries(one)) if (!base[k] || v.milli > base[k]!.milli) base[k] = v;
    }
    for (const [k, v] of Object.entries((p.spec?.overhead ?? {}) as Record<string, string>)) base[k] = addQuantity(base[k] ?? ZERO, parseQuantity(v));
    return base;
  };
  return { req: maxInit('requests', sum(p.spec?.containers, 'requests')), lim: maxInit('limits', sum(p.spec?.containers, 'limits')) };
}
