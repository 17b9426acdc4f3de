/** NetworkPolicy (networking.k8s.io/v1): table (POD-SELECTOR), kubectl's describe, the API defaults and validation. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { DescribeWriter } from '../printers/describe.js';
import { selectorString } from './deployment.js';
import { ageOf } from './common.js';
import type { NetworkPolicySpec, PolicyPeerSpec, PolicyPort } from '../network/policy.js';

const spec = (o: KubeObject) => (o.spec ?? {}) as NetworkPolicySpec;

/** metav1.FormatLabelSelector: the selector text, `<none>` when it is empty. */
function formatSelector(sel: LabelSelector | undefined): string {
  return selectorString(sel ?? {}) || '<none>';
}

/** metav1.Time's String(): `2026-11-21 22:50:00 +0000 UTC` (describe's `Created on`). */
function goTime(ts: string | undefined): string {
  if (!ts) return '0001-01-01 00:00:00 +0000 UTC';
  return `${new Date(ts).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;
}

function portLines(w: DescribeWriter, indent: string, ports: PolicyPort[] | undefined): void {
  if (!ports?.length) {
    w.raw(`${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    const port = p.port === undefined ? '<nil>' : String(p.port);
    w.raw(p.endPort === undefined ? `${indent}To Port: ${port}/${proto}\n` : `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
  }
}

function peerLines(w: DescribeWriter, indent: string, heading: 'From' | 'To', peers: PolicyPeerSpec[] | undefined): void {
  if (!peers?.length) {
    w.raw(heading === 'From' ? `${indent}From: <any> (traffic not restricted by source)\n` : `${indent}To: <any> (traffic not restricted by destination)\n`);
    return;
  }
  for (const p of peers) {
    w.raw(`${indent}${heading}:\n`);
    if (p.podSelector && p.namespaceSelector) {
      w.raw(`  ${indent}NamespaceSelector: ${formatSelector(p.namespaceSelector)}\n`);
      w.raw(`  ${indent}PodSelector: ${formatSelector(p.podSelector)}\n`);
    } else if (p.podSelector) w.raw(`  ${indent}PodSelector: ${formatSelector(p.podSelector)}\n`);
    else if (p.namespaceSelector) w.raw(`  ${indent}NamespaceSelector: ${formatSelector(p.namespaceSelector)}\n`);
    else if (p.ipBlock) {
      w.raw(`  ${indent}IPBlock:\n`);
      w.raw(`    ${indent}CIDR: ${p.ipBlock.cidr}\n`);
      w.raw(`    ${indent}Except: ${(p.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function describeRules(w: DescribeWriter, rules: { ports?: PolicyPort[]; peers?: PolicyPeerSpec[] }[], heading: 'From' | 'To', isolated: string): void {
  const indent = '    ';
  if (!rules.length) {
    w.raw(`${indent}${isolated}\n`);
    return;
  }
  rules.forEach((r, i) => {
    portLines(w, indent, r.ports);
    peerLines(w, indent, heading, r.peers);
    if (i !== rules.length - 1) w.raw(`${indent}----------\n`);
  });
}

export const networkPolicyKind = {
  kind: 'NetworkPolicy',
  resource: 'networkpolicies',
  singular: 'networkpolicy',
  shortNames: ['netpol'],
  group: 'networking.k8s.io',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'POD-SELECTOR' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, formatSelector(spec(o).podSelector), ageOf(o, ctx)],
  },
  describe(o) {
    const s = spec(o);
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'Created on:', goTime(o.metadata.creationTimestamp));
    w.map(0, 'Labels:', o.metadata.labels);
    w.map(0, 'Annotations:', o.metadata.annotations, ': ');
    w.raw('Spec:\n');
    const sel = s.podSelector ?? {};
    const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
    w.raw(`  PodSelector:     ${empty ? '<none> (Allowing the specific traffic to all pods in this namespace)' : formatSelector(sel)}\n`);
    const types = s.policyTypes ?? [];
    if (types.includes('Ingress')) {
      w.raw('  Allowing ingress traffic:\n');
      describeRules(w, (s.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })), 'From', '<none> (Selected pods are isolated for ingress connectivity)');
    } else w.raw('  Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.raw('  Allowing egress traffic:\n');
      describeRules(w, (s.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to })), 'To', '<none> (Selected pods are isolated for egress connectivity)');
    } else w.raw('  Not affecting egress traffic\n');
    w.raw(`  Policy Types: ${types.join(', ')}\n`);
    return w.toString();
  },
  // The API defaults: policyTypes from the rules present, TCP for ports without a protocol.
  admit(o) {
    const s = (o.spec ??= {}) as NetworkPolicySpec;
    s.podSelector ??= {};
    if (!s.policyTypes?.length) s.policyTypes = s.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
    for (const r of [...(s.ingress ?? []), ...(s.egress ?? [])]) for (const p of r.ports ?? []) p.protocol ??= 'TCP';
  },
  validate(o) {
    const errors: FieldError[] = [];
    const s = spec(o);
    // ValidateNetworkPolicyPeer: the ipBlock's own errors, then how many peer kinds the entry names.
    const checkPeers = (peers: PolicyPeerSpec[] | undefined, path: string) =>
      (peers ?? []).forEach((p, i) => {
        const n = [p.podSelector, p.namespaceSelector, p.ipBlock].filter(Boolean).length;
        if (p.ipBlock && !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(p.ipBlock.cidr ?? '')) {
          errors.push({ field: `${path}[${i}].ipBlock.cidr`, type: 'Invalid', value: p.ipBlock.cidr ?? '', detail: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)' });
        }
        if (!n) errors.push({ field: `${path}[${i}]`, type: 'Required', detail: 'must specify a peer' });
        else if (n > 1 && p.ipBlock) errors.push({ field: `${path}[${i}]`, type: 'Forbidden', detail: 'may not specify both ipBlock and another peer' });
      });
    (s.ingress ?? []).forEach((r, i) => checkPeers(r.from, `spec.ingress[${i}].from`));
    (s.egress ?? []).forEach((r, i) => checkPeers(r.to, `spec.egress[${i}].to`));
    // ValidateNetworkPolicySpec checks the policy types after the rules.
    (s.policyTypes ?? []).forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress') errors.push({ field: `spec.policyTypes[${i}]`, type: 'Unsupported', value: t, supported: ['Ingress', 'Egress'] });
    });
    return errors;
  },
} satisfies KindInfo;
