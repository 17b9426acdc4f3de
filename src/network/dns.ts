/** Cluster DNS (CoreDNS) answers, resolv.conf and /etc/hosts, computed on read. Owned by the services work. */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { DnsAnswer } from './contracts.js';

/** Answer one fully-qualified query (no search-list expansion: the resolver in the shell does that). */
export function dnsQuery(state: ClusterState, fqdn: string, type: 'A' | 'SRV' | 'PTR' | 'AAAA' | 'CNAME' | 'ANY'): DnsAnswer {
  void state;
  void type;
  return { kind: 'NXDOMAIN', name: fqdn };
}

/** The pod's /etc/resolv.conf text per its dnsPolicy. */
export function resolvConf(state: ClusterState, pod: KubeObject): string {
  void state;
  return `search ${pod.metadata.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
}
