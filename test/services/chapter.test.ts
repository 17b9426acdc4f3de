/**
 * Scenario tests from every service manifest of the chapter: full `get`, `describe` and `get ep` text.
 * Seeded values (cluster IPs, random nodePorts) are read back from the state so the expected text stays
 * exact while other areas change how much randomness they draw before us.
 */
import { describe, expect, test, beforeAll } from 'vitest';
import { TestCluster } from '../helpers.js';
import { addPods, KUBIA_PODS, stateOf } from './fixtures.js';
import * as M from './manifests.js';

let c: TestCluster;
const ip = (name: string) => (stateOf(c).objects.services![`default/${name}`]!.spec as { clusterIP: string }).clusterIP;
const np = (name: string, i = 0) => (stateOf(c).objects.services![`default/${name}`]!.spec as { ports: { nodePort: number }[] }).ports[i]!.nodePort;

beforeAll(async () => {
  c = new TestCluster();
  await c.ok('get ns');
  addPods(c, ...KUBIA_PODS);
  c.file('all.yaml', [M.KUBIA_SVC, M.KUBIA_SESSION, M.KUBIA_MULTI, M.KUBIA_NODEPORT, M.KUBIA_LB, M.EXTERNAL_MANUAL, M.KUBIA_HEADLESS, M.KUBIA_HEADLESS_PNA].join('---\n'));
  c.file('alias.yaml', M.EXTERNAL_NAME.replace('name: external-service', 'name: external-alias'));
  expect(await c.ok('create -f all.yaml')).toBe(
    [
      'service/kubia created',
      'service/kubia-session created',
      'service/kubia-multi created',
      'service/kubia-nodeport created',
      'service/kubia-loadbalancer created',
      'service/external-service created',
      'endpoints/external-service created',
      'service/kubia-headless created',
      'service/kubia-headless-all created',
      '',
    ].join('\n'),
  );
  expect(await c.ok('create -f alias.yaml')).toBe('service/external-alias created\n');
});

describe('chapter services', () => {
  test('get svc -o wide', async () => {
    const rows = [
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
      ['external-alias', 'ExternalName', '<none>', 'api.somecompany.com', '80/TCP', '0s', '<none>'],
      ['external-service', 'ClusterIP', ip('external-service'), '<none>', '80/TCP', '0s', '<none>'],
      ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '5m', '<none>'],
      ['kubia', 'ClusterIP', ip('kubia'), '<none>', '80/TCP', '0s', 'app=kubia'],
      ['kubia-headless', 'ClusterIP', 'None', '<none>', '80/TCP', '0s', 'app=kubia'],
      ['kubia-headless-all', 'ClusterIP', 'None', '<none>', '80/TCP', '0s', 'app=kubia'],
      ['kubia-loadbalancer', 'LoadBalancer', ip('kubia-loadbalancer'), '<pending>', `80:${np('kubia-loadbalancer')}/TCP`, '0s', 'app=kubia'],
      ['kubia-multi', 'ClusterIP', ip('kubia-multi'), '<none>', '80/TCP,443/TCP', '0s', 'app=kubia'],
      ['kubia-nodeport', 'NodePort', ip('kubia-nodeport'), '<none>', '80:30123/TCP', '0s', 'app=kubia'],
      ['kubia-session', 'ClusterIP', ip('kubia-session'), '<none>', '80/TCP', '0s', 'app=kubia'],
    ];
    const widths = rows[0]!.map((_, i) => Math.max(6, ...rows.map((r) => r[i]!.length + 3)));
    const text = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('') + '\n').join('');
    expect(await c.ok('get svc -o wide')).toBe(text);
  });

  test('cluster IPs come from the upper band of 10.96.0.0/16 and are distinct', () => {
    const ips = ['kubia', 'kubia-session', 'kubia-multi', 'kubia-nodeport', 'kubia-loadbalancer', 'external-service'].map(ip);
    for (const x of ips) expect(x).toMatch(/^10\.96\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-5])\.\d+$/);
    expect(new Set(ips).size).toBe(ips.length);
    expect(np('kubia-loadbalancer')).toBeGreaterThanOrEqual(30086);
    expect(np('kubia-loadbalancer')).toBeLessThanOrEqual(32767);
  });

  test('get ep: ready addresses only, first three then "+ N more..."', async () => {
    expect(await c.ok('get ep')).toBe(
      `NAME                 ENDPOINTS                                                     AGE
external-service     11.11.11.11:80,22.22.22.22:80                                 0s
kubernetes           172.18.0.2:6443                                               5m
kubia                10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080               0s
kubia-headless       10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080               0s
kubia-headless-all   10.244.1.5:8080,10.244.1.6:8080,10.244.2.4:8080 + 1 more...   0s
kubia-loadbalancer   10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080               0s
kubia-multi          10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080 + 3 more...   0s
kubia-nodeport       10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080               0s
kubia-session        10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080               0s
`,
    );
  });

  test('describe svc kubia: the 1.32 "+ 0 more..." quirk with 3 ready + 1 not-ready pods', async () => {
    expect(await c.ok('describe svc kubia')).toBe(`Name:                     kubia
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=kubia
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       ${ip('kubia')}
IPs:                      ${ip('kubia')}
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
Endpoints:                10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080 + 0 more...
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  test('describe svc kubia-multi: one Endpoints line per named port', async () => {
    expect(await c.ok('describe svc kubia-multi')).toBe(`Name:                     kubia-multi
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=kubia
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       ${ip('kubia-multi')}
IPs:                      ${ip('kubia-multi')}
Port:                     http  80/TCP
TargetPort:               8080/TCP
Endpoints:                10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080 + 0 more...
Port:                     https  443/TCP
TargetPort:               8443/TCP
Endpoints:                10.244.1.5:8443,10.244.2.4:8443,10.244.2.9:8443 + 0 more...
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  test('session affinity: ClientIP shown, timeout kept in the spec', async () => {
    const out = await c.ok('describe svc kubia-session');
    expect(out).toContain('Session Affinity:         ClientIP\n');
    const y = await c.ok('get svc kubia-session -o yaml');
    expect(y).toContain(`  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 3600
`);
  });

  test('describe svc kubia-nodeport: explicit nodePort and externalTrafficPolicy Local', async () => {
    expect(await c.ok('describe svc kubia-nodeport')).toBe(`Name:                     kubia-nodeport
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=kubia
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       ${ip('kubia-nodeport')}
IPs:                      ${ip('kubia-nodeport')}
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
NodePort:                 <unset>  30123/TCP
Endpoints:                10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080 + 0 more...
Session Affinity:         None
External Traffic Policy:  Local
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  test('describe svc kubia-loadbalancer: pending, nodePort allocated, no event (kind runs no service controller)', async () => {
    expect(await c.ok('describe svc kubia-loadbalancer')).toBe(`Name:                     kubia-loadbalancer
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=kubia
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       ${ip('kubia-loadbalancer')}
IPs:                      ${ip('kubia-loadbalancer')}
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
NodePort:                 <unset>  ${np('kubia-loadbalancer')}/TCP
Endpoints:                10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080 + 0 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  test('describe svc of an ExternalName service: empty IP with trailing spaces, no cluster IP', async () => {
    expect(await c.ok('describe svc external-alias')).toBe(`Name:              external-alias
Namespace:         default
Labels:            <none>
Annotations:       <none>
Selector:          <none>
Type:              ExternalName
IP Families:       <none>
IP:                
IPs:               <none>
External Name:     api.somecompany.com
Port:              <unset>  80/TCP
TargetPort:        80/TCP
Endpoints:         <none>
Session Affinity:  None
Events:            <none>
`);
  });

  test('external-service without selector uses the hand-made Endpoints (mirrored into a slice)', async () => {
    expect(await c.ok('describe svc external-service')).toContain('Endpoints:                11.11.11.11:80,22.22.22.22:80\n');
    expect(await c.ok('describe ep external-service')).toBe(`Name:         external-service
Namespace:    default
Labels:       <none>
Annotations:  <none>
Subsets:
  Addresses:          11.11.11.11,22.22.22.22
  NotReadyAddresses:  <none>
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  80    TCP

Events:  <none>
`);
  });

  test('headless: IP None, ready endpoints only; publishNotReadyAddresses lists all', async () => {
    const h = await c.ok('describe svc kubia-headless');
    expect(h).toContain('IP:                       None\nIPs:                      None\n');
    expect(h).toContain('Endpoints:                10.244.1.5:8080,10.244.2.4:8080,10.244.2.9:8080 + 0 more...\n');
    const all = await c.ok('describe svc kubia-headless-all');
    expect(all).toContain('Endpoints:                10.244.1.5:8080,10.244.1.6:8080,10.244.2.4:8080 + 1 more...\n');
    expect(await c.ok('get ep kubia-headless -o yaml')).toContain('    service.kubernetes.io/headless: ""\n');
  });

  test('describe ep kubia: ready and not-ready addresses', async () => {
    expect(await c.ok('describe ep kubia')).toBe(`Name:         kubia
Namespace:    default
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2026-11-21T22:50:00Z
Subsets:
  Addresses:          10.244.1.5,10.244.2.4,10.244.2.9
  NotReadyAddresses:  10.244.1.6
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  8080  TCP

Events:  <none>
`);
    expect(await c.ok('describe ep kubia-multi')).toContain(`    Name   Port  Protocol
    ----   ----  --------
    http   8080  TCP
    https  8443  TCP
`);
  });
});
