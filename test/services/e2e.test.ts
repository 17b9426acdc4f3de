/**
 * End to end through the other areas' controllers: a ReplicaSet's pods (IPs from the kubelet) back a
 * Service, and the chapter's `delete po --all` lesson: env vars are latched when a container starts.
 */
import { expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { KUBIA_RS } from '../fixtures/kubia.js';
import { stateOf } from './fixtures.js';
import { latchedEnv } from '../../src/network/envvars.js';
import * as M from './manifests.js';

const RS = KUBIA_RS;

const podIPs = (c: TestCluster) =>
  Object.values(stateOf(c).objects.pods ?? {})
    .filter((p) => p.metadata.namespace === 'default')
    .map((p) => (p.status as { podIP?: string }).podIP!)
    .sort();

const envOf = (c: TestCluster) =>
  Object.values(stateOf(c).objects.pods ?? {})
    .filter((p) => p.metadata.namespace === 'default')
    .map((p) => { const s = stateOf(c); return latchedEnv(s, s.runtime[p.metadata.uid!]?.kubia) ?? {}; });

test('ReplicaSet pods back the service; env vars only after the pods are recreated', async () => {
  const c = new TestCluster();
  c.file('rs.yaml', RS);
  c.file('svc.yaml', M.KUBIA_SVC);
  await c.ok('create -f rs.yaml');
  await c.ok('advance 30s');
  await c.ok('create -f svc.yaml');
  const ips = podIPs(c);
  expect(ips.length).toBe(3);
  const cell = ips.map((ip) => `${ip}:8080`).join(',');
  expect(await c.ok('describe svc kubia')).toContain(`Endpoints:                ${cell}\n`);
  expect(await c.ok('get ep kubia')).toContain(`kubia   ${cell}   0s\n`);
  // Pods created before the service do not see it...
  for (const env of envOf(c)) {
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(env.KUBIA_SERVICE_HOST).toBeUndefined();
  }
  // ...until they are recreated.
  await c.ok('delete po --all');
  await c.ok('advance 30s');
  const svcIP = (stateOf(c).objects.services!['default/kubia']!.spec as { clusterIP: string }).clusterIP;
  const envs = envOf(c);
  expect(envs.length).toBe(3);
  for (const env of envs) {
    expect(env.KUBIA_SERVICE_HOST).toBe(svcIP);
    expect(env.KUBIA_SERVICE_PORT).toBe('80');
  }
  // The new pods replace the old ones in the endpoints.
  const cell2 = podIPs(c).map((ip) => `${ip}:8080`).join(',');
  expect(await c.ok('get ep kubia')).toContain(`kubia   ${cell2}   `);
});

test('headless service over readiness-probed pods: NXDOMAIN, then the ready pod, then all with publishNotReadyAddresses', async () => {
  const c = new TestCluster();
  c.file('rs.yaml', RS.replace(/kubia/g, 'goweb').replace('replicas: 3', 'replicas: 2').replace('        ports:\n        - containerPort: 8080\n', '        readinessProbe:\n          exec:\n            command: ["ls", "/var/ready"]\n          periodSeconds: 2\n').replace('image: luksa/goweb', 'image: luksa/kubia'));
  c.file('svc.yaml', `apiVersion: v1
kind: Service
metadata:
  name: goweb-headless
spec:
  clusterIP: None
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: goweb
`);
  await c.ok('create -f rs.yaml');
  await c.ok('create -f svc.yaml');
  await c.ok('advance 20s');
  const { dnsQuery } = await import('../../src/network/dns.js');
  const fqdn = 'goweb-headless.default.svc.cluster.local';
  expect(dnsQuery(stateOf(c), fqdn, 'A').kind).toBe('NXDOMAIN');
  expect(await c.ok('get ep goweb-headless')).toBe('NAME             ENDPOINTS   AGE\ngoweb-headless               20s\n');
  const pods = (await c.ok('get po -o name')).trim().split('\n').map((s) => s.replace('pod/', ''));
  await c.ok(`exec ${pods[0]} -- touch /var/ready`);
  await c.ok('advance 5s');
  const readyIP = (stateOf(c).objects.pods![`default/${pods[0]}`]!.status as { podIP: string }).podIP;
  expect(dnsQuery(stateOf(c), fqdn, 'A')).toEqual({ kind: 'A', name: fqdn, ips: [readyIP] });
  await c.ok(`patch svc goweb-headless -p '{"spec":{"publishNotReadyAddresses":true}}'`);
  const all = dnsQuery(stateOf(c), fqdn, 'A');
  expect(all.kind === 'A' ? [...all.ips].sort() : []).toEqual(podIPs(c));
});

test('expose a Deployment created by `create deployment`: its pods become the endpoints', async () => {
  const c = new TestCluster();
  await c.ok('create deployment kubia --image=luksa/kubia --replicas=2 --port=8080');
  await c.ok('advance 30s');
  expect(await c.ok('expose deploy kubia --port=80 --target-port=8080 --dry-run=client -o yaml')).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: kubia
  name: kubia
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: kubia
status:
  loadBalancer: {}
`);
  expect(await c.ok('expose deploy kubia --port=80 --target-port=8080')).toBe('service/kubia exposed\n');
  const cell = podIPs(c).map((ip) => `${ip}:8080`).join(',');
  expect(await c.ok('get ep kubia')).toBe(`NAME    ENDPOINTS${' '.repeat(Math.max(6, cell.length + 3) - 9)}AGE\nkubia   ${cell}   0s\n`);
});
