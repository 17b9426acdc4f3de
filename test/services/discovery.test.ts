/** Discovery as data: service env vars (reference §5), DNS records, resolv.conf and /etc/hosts (§6). */
import { describe, expect, test, beforeAll } from 'vitest';
import { TestCluster } from '../helpers.js';
import { addPods, podObject, stateOf, KUBIA_PODS } from './fixtures.js';
import * as M from './manifests.js';
import { serviceEnvVars } from '../../src/network/envvars.js';
import { cloneState } from '../../src/store/parts.js';
import { dnsQuery, resolvConf, hostsFile, resolveWithSearch } from '../../src/network/dns.js';

let c: TestCluster;
const ip = (name: string, ns = 'default') => (stateOf(c).objects.services![`${ns}/${name}`]!.spec as { clusterIP: string }).clusterIP;

beforeAll(async () => {
  c = new TestCluster();
  await c.ok('create ns foo');
  addPods(c, ...KUBIA_PODS, { name: 'web-0', labels: { app: 'web' }, ip: '10.244.2.20', hostname: 'web-0', subdomain: 'web' });
  c.file('all.yaml', [M.KUBIA_SVC, M.KUBIA_MULTI, M.EXTERNAL_NAME, M.KUBIA_HEADLESS, M.KUBIA_HEADLESS_PNA].join('---\n'));
  await c.ok('create -f all.yaml');
  c.file('web.yaml', `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  ports:
  - name: http
    port: 80
  selector:
    app: web
`);
  await c.ok('create -f web.yaml');
  c.file('dns.yaml', `apiVersion: v1
kind: Service
metadata:
  name: dns
  namespace: foo
spec:
  ports:
  - name: dns
    port: 53
    protocol: UDP
  selector:
    app: dns
`);
  await c.ok('create -f dns.yaml');
});

describe('service environment variables', () => {
  test('a pod in default sees kubernetes, kubia and kubia-multi (not headless or ExternalName)', () => {
    const env = serviceEnvVars(stateOf(c), podObject({ name: 'client' }));
    const k = ip('kubia');
    const m = ip('kubia-multi');
    expect(env).toEqual({
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBIA_MULTI_PORT: `tcp://${m}:80`,
      KUBIA_MULTI_PORT_443_TCP: `tcp://${m}:443`,
      KUBIA_MULTI_PORT_443_TCP_ADDR: m,
      KUBIA_MULTI_PORT_443_TCP_PORT: '443',
      KUBIA_MULTI_PORT_443_TCP_PROTO: 'tcp',
      KUBIA_MULTI_PORT_80_TCP: `tcp://${m}:80`,
      KUBIA_MULTI_PORT_80_TCP_ADDR: m,
      KUBIA_MULTI_PORT_80_TCP_PORT: '80',
      KUBIA_MULTI_PORT_80_TCP_PROTO: 'tcp',
      KUBIA_MULTI_SERVICE_HOST: m,
      KUBIA_MULTI_SERVICE_PORT: '80',
      KUBIA_MULTI_SERVICE_PORT_HTTP: '80',
      KUBIA_MULTI_SERVICE_PORT_HTTPS: '443',
      KUBIA_PORT: `tcp://${k}:80`,
      KUBIA_PORT_80_TCP: `tcp://${k}:80`,
      KUBIA_PORT_80_TCP_ADDR: k,
      KUBIA_PORT_80_TCP_PORT: '80',
      KUBIA_PORT_80_TCP_PROTO: 'tcp',
      KUBIA_SERVICE_HOST: k,
      KUBIA_SERVICE_PORT: '80',
    });
  });

  test('another namespace sees its own services plus kubernetes; enableServiceLinks: false only kubernetes', () => {
    const env = serviceEnvVars(stateOf(c), podObject({ name: 'x', namespace: 'foo' }));
    expect(Object.keys(env).filter((k) => !k.startsWith('KUBERNETES_')).sort()).toEqual([
      'DNS_PORT',
      'DNS_PORT_53_UDP',
      'DNS_PORT_53_UDP_ADDR',
      'DNS_PORT_53_UDP_PORT',
      'DNS_PORT_53_UDP_PROTO',
      'DNS_SERVICE_HOST',
      'DNS_SERVICE_PORT',
      'DNS_SERVICE_PORT_DNS',
    ]);
    expect(env.DNS_PORT_53_UDP).toBe(`udp://${ip('dns', 'foo')}:53`);
    const off = serviceEnvVars(stateOf(c), podObject({ name: 'y', enableServiceLinks: false }));
    expect(Object.keys(off).every((k) => k.startsWith('KUBERNETES_'))).toBe(true);
    expect(Object.keys(off).length).toBe(8);
  });
});

describe('cluster DNS', () => {
  test('A record of a ClusterIP service; case-insensitive; trailing dot', () => {
    const s = stateOf(c);
    expect(dnsQuery(s, 'kubia.default.svc.cluster.local', 'A')).toEqual({ kind: 'A', name: 'kubia.default.svc.cluster.local', ips: [ip('kubia')] });
    expect(dnsQuery(s, 'KUBIA.Default.svc.cluster.local.', 'A')).toEqual({ kind: 'A', name: 'kubia.default.svc.cluster.local', ips: [ip('kubia')] });
    expect(dnsQuery(s, 'nosuch.default.svc.cluster.local', 'A')).toEqual({ kind: 'NXDOMAIN', name: 'nosuch.default.svc.cluster.local' });
    expect(dnsQuery(s, 'kube-dns.kube-system.svc.cluster.local', 'A')).toEqual({ kind: 'A', name: 'kube-dns.kube-system.svc.cluster.local', ips: ['10.96.0.10'] });
  });

  test('headless: one A per ready endpoint; all with publishNotReadyAddresses; NXDOMAIN when none', () => {
    const s = stateOf(c);
    expect(dnsQuery(s, 'kubia-headless.default.svc.cluster.local', 'A')).toEqual({ kind: 'A', name: 'kubia-headless.default.svc.cluster.local', ips: ['10.244.1.5', '10.244.2.4', '10.244.2.9'] });
    const all = dnsQuery(s, 'kubia-headless-all.default.svc.cluster.local', 'A');
    expect(all.kind === 'A' && [...all.ips].sort()).toEqual(['10.244.1.5', '10.244.1.6', '10.244.2.4', '10.244.2.9']);
    const none = cloneState(s);
    for (const sl of Object.values(none.objects.endpointslices!)) for (const e of (sl as { endpoints?: { conditions: { ready: boolean } }[] }).endpoints ?? []) e.conditions.ready = false;
    expect(dnsQuery(none, 'kubia-headless.default.svc.cluster.local', 'A').kind).toBe('NXDOMAIN');
    expect(dnsQuery(s, '10-244-1-5.kubia-headless.default.svc.cluster.local', 'A')).toEqual({ kind: 'A', name: '10-244-1-5.kubia-headless.default.svc.cluster.local', ips: ['10.244.1.5'] });
    expect(dnsQuery(s, 'web-0.web.default.svc.cluster.local', 'A')).toEqual({ kind: 'A', name: 'web-0.web.default.svc.cluster.local', ips: ['10.244.2.20'] });
  });

  test('ExternalName: CNAME, with A records when the target is a simulated external host', () => {
    const s = stateOf(c);
    expect(dnsQuery(s, 'external-service.default.svc.cluster.local', 'A')).toEqual({ kind: 'CNAME', name: 'external-service.default.svc.cluster.local', target: 'api.somecompany.com', ips: [] });
    s.settings.externalHosts = [{ name: 'api.somecompany.com', ip: '93.184.216.34' }];
    expect(dnsQuery(s, 'external-service.default.svc.cluster.local', 'A')).toEqual({ kind: 'CNAME', name: 'external-service.default.svc.cluster.local', target: 'api.somecompany.com', ips: ['93.184.216.34'] });
    expect(dnsQuery(s, 'api.somecompany.com', 'A')).toEqual({ kind: 'A', name: 'api.somecompany.com', ips: ['93.184.216.34'] });
    const svc = s.objects.services!['default/external-service']!.spec as { externalName: string };
    svc.externalName = 'kubia.default.svc.cluster.local';
    expect(dnsQuery(s, 'external-service.default.svc.cluster.local', 'A')).toEqual({ kind: 'CNAME', name: 'external-service.default.svc.cluster.local', target: 'kubia.default.svc.cluster.local', ips: [ip('kubia')] });
  });

  test('SRV for named ports: service target for ClusterIP, per endpoint for headless', () => {
    const s = stateOf(c);
    expect(dnsQuery(s, '_http._tcp.kubia-multi.default.svc.cluster.local', 'SRV')).toEqual({
      kind: 'SRV',
      name: '_http._tcp.kubia-multi.default.svc.cluster.local',
      records: [{ priority: 0, weight: 100, port: 80, target: 'kubia-multi.default.svc.cluster.local.' }],
    });
    expect(dnsQuery(s, '_http._tcp.web.default.svc.cluster.local', 'SRV')).toEqual({
      kind: 'SRV',
      name: '_http._tcp.web.default.svc.cluster.local',
      records: [{ priority: 0, weight: 100, port: 80, target: 'web-0.web.default.svc.cluster.local.' }],
    });
    expect(dnsQuery(s, '_nope._tcp.kubia-multi.default.svc.cluster.local', 'SRV').kind).toBe('NXDOMAIN');
  });

  test('pod A records and PTR of cluster IPs', () => {
    const s = stateOf(c);
    expect(dnsQuery(s, '10-244-1-5.default.pod.cluster.local', 'A')).toEqual({ kind: 'A', name: '10-244-1-5.default.pod.cluster.local', ips: ['10.244.1.5'] });
    const [a, b, cc, d] = ip('kubia').split('.');
    expect(dnsQuery(s, `${d}.${cc}.${b}.${a}.in-addr.arpa`, 'PTR')).toEqual({ kind: 'PTR', name: `${d}.${cc}.${b}.${a}.in-addr.arpa`, target: 'kubia.default.svc.cluster.local.' });
    expect(dnsQuery(s, '10.0.96.10.in-addr.arpa', 'PTR')).toEqual({ kind: 'PTR', name: '10.0.96.10.in-addr.arpa', target: 'kube-dns.kube-system.svc.cluster.local.' });
  });

  test('search-list expansion with ndots:5 reports every name tried', () => {
    const s = stateOf(c);
    const pod = podObject({ name: 'client' });
    expect(resolveWithSearch(s, pod, 'kubia', 'A')).toEqual({ answer: { kind: 'A', name: 'kubia.default.svc.cluster.local', ips: [ip('kubia')] }, tried: ['kubia.default.svc.cluster.local'] });
    expect(resolveWithSearch(s, pod, 'dns.foo', 'A').tried).toEqual(['dns.foo.default.svc.cluster.local', 'dns.foo.svc.cluster.local']);
    expect(resolveWithSearch(s, pod, 'nosuch', 'A')).toEqual({
      answer: { kind: 'NXDOMAIN', name: 'nosuch' },
      tried: ['nosuch.default.svc.cluster.local', 'nosuch.svc.cluster.local', 'nosuch.cluster.local', 'nosuch'],
    });
    expect(resolveWithSearch(s, pod, 'kubia.default.svc.cluster.local.', 'A').tried).toEqual(['kubia.default.svc.cluster.local']);
  });
});

describe('resolv.conf and /etc/hosts', () => {
  test('per dnsPolicy and namespace', () => {
    const s = stateOf(c);
    expect(resolvConf(s, podObject({ name: 'a' }))).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(resolvConf(s, podObject({ name: 'a', namespace: 'foo' }))).toBe('search foo.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(resolvConf(s, podObject({ name: 'a', dnsPolicy: 'Default' }))).toBe('nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n');
    expect(resolvConf(s, podObject({ name: 'a', hostNetwork: true }))).toBe('nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n');
    expect(resolvConf(s, podObject({ name: 'a', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    expect(
      resolvConf(s, podObject({ name: 'a', dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } })),
    ).toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n');
    expect(resolvConf(s, podObject({ name: 'a', dnsConfig: { options: [{ name: 'ndots', value: '1' }] } }))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:1\n',
    );
  });

  test('hosts file with and without hostname/subdomain', () => {
    const s = stateOf(c);
    const head = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
    expect(hostsFile(s, podObject({ name: 'kubia-7xq2b', ip: '10.244.1.5' }))).toBe(head + '10.244.1.5\tkubia-7xq2b\n');
    expect(hostsFile(s, podObject({ name: 'web-0', ip: '10.244.1.5', hostname: 'web-0', subdomain: 'web' }))).toBe(head + '10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n');
  });
});
