/** The endpoints / EndpointSlice controllers (reference §7) through commands and hand-placed pods. */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { addPods, setReady, stateOf, withState, KUBIA_PODS } from './fixtures.js';
import * as M from './manifests.js';
import type { EndpointSlice } from '../../src/kinds/endpointslice.js';
import type { Endpoints } from '../../src/kinds/endpoints.js';

const slices = (c: TestCluster, svc: string) =>
  Object.values(stateOf(c).objects.endpointslices ?? {}).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc) as EndpointSlice[];
const ep = (c: TestCluster, name: string) => stateOf(c).objects.endpoints?.[`default/${name}`] as Endpoints | undefined;

describe('endpoints controller', () => {
  test('a named targetPort resolves per pod: different numbers end up in different subsets', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    addPods(
      c,
      { name: 'a', labels: { app: 'kubia' }, ip: '10.244.1.10', ports: [{ name: 'http', containerPort: 8080 }, { name: 'https', containerPort: 8443 }] },
      { name: 'b', labels: { app: 'kubia' }, ip: '10.244.1.9', ports: [{ name: 'http', containerPort: 8080 }, { name: 'https', containerPort: 8443 }] },
      { name: 'c', labels: { app: 'kubia' }, ip: '10.244.2.3', ports: [{ name: 'http', containerPort: 9090 }] },
      { name: 'd', labels: { app: 'kubia' }, ip: '10.244.2.7', ports: [{ name: 'other', containerPort: 1234 }] },
    );
    c.file('named.yaml', M.KUBIA_NAMED);
    await c.ok('create -f named.yaml');
    expect(await c.ok('describe ep kubia-named')).toBe(`Name:         kubia-named
Namespace:    default
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2026-11-21T22:50:00Z
Subsets:
  Addresses:          10.244.1.10,10.244.1.9
  NotReadyAddresses:  <none>
  Ports:
    Name   Port  Protocol
    ----   ----  --------
    http   8080  TCP
    https  8443  TCP

  Addresses:          10.244.2.3
  NotReadyAddresses:  <none>
  Ports:
    Name  Port  Protocol
    ----  ----  --------
    http  9090  TCP

Events:  <none>
`);
    // Addresses sort as strings: 10.244.1.10 before 10.244.1.9.
    expect(await c.ok('get ep kubia-named')).toBe(`NAME          ENDPOINTS                                                       AGE
kubia-named   10.244.1.10:8080,10.244.1.9:8080,10.244.1.10:8443 + 2 more...   0s
`);
    expect(slices(c, 'kubia-named').length).toBe(2);
  });

  test('readiness moves an address between addresses and notReadyAddresses; identity is kept', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    addPods(c, ...KUBIA_PODS);
    c.file('svc.yaml', M.KUBIA_SVC);
    await c.ok('create -f svc.yaml');
    const uid = ep(c, 'kubia')!.metadata.uid;
    const sliceUid = slices(c, 'kubia')[0]!.metadata.uid;
    setReady(c, 'kubia-vwz6k', true);
    expect(await c.ok('get ep kubia')).toBe(`NAME    ENDPOINTS                                                     AGE
kubia   10.244.1.5:8080,10.244.1.6:8080,10.244.2.4:8080 + 1 more...   0s
`);
    setReady(c, 'kubia-7xq2b', false);
    expect(ep(c, 'kubia')!.subsets![0]!.notReadyAddresses!.map((a) => a.ip)).toEqual(['10.244.1.5']);
    expect(ep(c, 'kubia')!.metadata.uid).toBe(uid);
    expect(slices(c, 'kubia')[0]!.metadata.uid).toBe(sliceUid);
    const s = slices(c, 'kubia')[0]!;
    expect(s.metadata.name).toMatch(/^kubia-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'kubia' });
    expect(s.endpoints!.find((e) => e.addresses[0] === '10.244.1.5')!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(s.endpoints!.find((e) => e.addresses[0] === '10.244.1.5')!.targetRef).toMatchObject({ kind: 'Pod', name: 'kubia-7xq2b', namespace: 'default' });
  });

  test('pods without an IP, finished or terminating are left out', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    addPods(
      c,
      { name: 'noip', labels: { app: 'kubia' } },
      { name: 'done', labels: { app: 'kubia' }, ip: '10.244.1.20', phase: 'Succeeded' },
      { name: 'ok', labels: { app: 'kubia' }, ip: '10.244.1.21' },
      { name: 'other', labels: { app: 'other' }, ip: '10.244.1.22' },
      { name: 'elsewhere', namespace: 'kube-system', labels: { app: 'kubia' }, ip: '10.244.1.23' },
    );
    withState(c, (s) => {
      s.objects.pods!['default/ok']!.metadata.deletionTimestamp = '2026-11-21T22:50:00Z';
      s.meta.resourceVersion++;
    });
    addPods(c, { name: 'ok2', labels: { app: 'kubia' }, ip: '10.244.1.24' });
    c.file('svc.yaml', M.KUBIA_SVC);
    await c.ok('create -f svc.yaml');
    expect(await c.ok('get ep kubia')).toContain('kubia   10.244.1.24:8080   0s\n');
    // The EndpointSlice keeps the terminating pod, marked so (not ready).
    const eps = slices(c, 'kubia')[0]!.endpoints!;
    expect(eps.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['10.244.1.24', { ready: true, serving: true, terminating: false }],
      ['10.244.1.21', { ready: false, serving: true, terminating: true }],
    ]);
  });

  test('selector matching nothing: Endpoints without subsets, an empty slice, empty describe value', async () => {
    const c = new TestCluster();
    c.file('svc.yaml', M.KUBIA_SVC.replace('app: kubia', 'app: nomatch').replace('name: kubia', 'name: nomatch'));
    await c.ok('create -f svc.yaml');
    expect(await c.ok('get ep nomatch')).toBe('NAME      ENDPOINTS   AGE\nnomatch   <none>      0s\n');
    expect(await c.ok('describe svc nomatch')).toContain('Endpoints:                \n');
    const [s] = slices(c, 'nomatch');
    expect(s!.endpoints).toBeNull();
    expect(await c.ok('describe ep nomatch')).toBe(`Name:         nomatch
Namespace:    default
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2026-11-21T22:50:00Z
Subsets:
Events:  <none>
`);
  });

  test('selector-less service: no managed Endpoints; adding a selector takes over the hand-made one', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    addPods(c, ...KUBIA_PODS);
    c.file('svc.yaml', M.EXTERNAL_MANUAL.split('---\n')[0]!);
    await c.ok('apply -f svc.yaml');
    expect(ep(c, 'external-service')).toBeUndefined();
    expect(await c.ok('describe svc external-service')).toContain('Endpoints:                <none>\n');
    c.file('ep.yaml', M.EXTERNAL_MANUAL.split('---\n')[1]!);
    await c.ok('create -f ep.yaml');
    const uid = ep(c, 'external-service')!.metadata.uid;
    expect(slices(c, 'external-service').map((s) => s.metadata.labels!['endpointslice.kubernetes.io/managed-by'])).toEqual(['endpointslicemirroring-controller.k8s.io']);
    // The chapter: edit the service to add a pod selector; the controller now manages the Endpoints.
    c.file('svc2.yaml', M.EXTERNAL_MANUAL.split('---\n')[0]! + '  selector:\n    app: kubia\n');
    expect(await c.ok('apply -f svc2.yaml')).toBe('service/external-service configured\n');
    expect(await c.ok('get ep external-service')).toBe(`NAME               ENDPOINTS                                   AGE
external-service   10.244.1.5:80,10.244.2.4:80,10.244.2.9:80   0s
`);
    expect(ep(c, 'external-service')!.metadata.uid).toBe(uid);
    expect(slices(c, 'external-service').map((s) => s.metadata.labels!['endpointslice.kubernetes.io/managed-by'])).toEqual(['endpointslice-controller.k8s.io']);
  });

  test('deleting a service removes its Endpoints and EndpointSlices', async () => {
    const c = new TestCluster();
    c.file('svc.yaml', M.KUBIA_SVC);
    await c.ok('create -f svc.yaml');
    expect(ep(c, 'kubia')).toBeDefined();
    await c.ok('delete svc kubia');
    expect(ep(c, 'kubia')).toBeUndefined();
    expect(slices(c, 'kubia')).toEqual([]);
  });

  test('users may create EndpointSlices (the API allows it; test/traffic/endpointslices.test.ts has the rest)', async () => {
    const c = new TestCluster();
    c.file('s.yaml', 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: x\naddressType: IPv4\nendpoints: []\n');
    expect(await c.run('create -f s.yaml')).toEqual({ stdout: 'endpointslice.discovery.k8s.io/x created\n', stderr: '', exitCode: 0 });
  });

  test('get endpointslices columns', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    addPods(c, ...KUBIA_PODS);
    c.file('svc.yaml', M.KUBIA_MULTI);
    await c.ok('create -f svc.yaml');
    const name = slices(c, 'kubia-multi')[0]!.metadata.name;
    const out = await c.ok('get endpointslices');
    expect(out).toContain(`${name}   IPv4          8080,8443   10.244.1.5,10.244.2.4,10.244.2.9 + 1 more...   0s\n`);
  });
});
