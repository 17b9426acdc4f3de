/** `expose` and `create service` as kubectl 1.32 prints them (dry-run YAML checked against the real kubectl). */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { addPods, stateOf } from './fixtures.js';

async function cluster(): Promise<TestCluster> {
  const c = new TestCluster();
  await c.ok('get ns');
  addPods(
    c,
    { name: 'kubia-manual', labels: { app: 'kubia', env: 'prod' }, ip: '10.244.1.5' },
    { name: 'bare', ip: '10.244.1.6' },
    { name: 'noports', labels: { app: 'x' }, ip: '10.244.1.7', ports: [] },
    { name: 'dns', labels: { app: 'dns' }, ip: '10.244.1.8', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53, protocol: 'TCP' }, { containerPort: 9153 }] },
  );
  return c;
}

describe('expose', () => {
  test('pod with --port/--target-port, dry run YAML', async () => {
    const c = await cluster();
    expect(await c.ok('expose pod kubia-manual --port=80 --target-port=8080 --dry-run=client -o yaml')).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: kubia
    env: prod
  name: kubia-manual
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: kubia
    env: prod
status:
  loadBalancer: {}
`);
  });

  test('port introspected; several protocols on one port become port-N-<proto>', async () => {
    const c = await cluster();
    expect(await c.ok('expose pod dns --dry-run=client -o yaml')).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: dns
  name: dns
spec:
  ports:
  - name: port-1-udp
    port: 53
    protocol: UDP
    targetPort: 53
  - name: port-1-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: port-2
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    app: dns
status:
  loadBalancer: {}
`);
  });

  test('creates the service with allocation; "exposed"; type, external IP, affinity', async () => {
    const c = await cluster();
    expect(await c.ok('expose pod kubia-manual --name=kubia --port=80 --target-port=8080 --type=NodePort')).toBe('service/kubia exposed\n');
    const out = await c.ok('get svc kubia');
    const spec = stateOf(c).objects.services!['default/kubia']!.spec as { clusterIP: string; ports: { nodePort: number }[] };
    expect(out).toContain(`kubia   NodePort   ${spec.clusterIP}   <none>        80:${spec.ports[0]!.nodePort}/TCP   0s\n`);
    expect(await c.ok('get ep kubia')).toContain('10.244.1.5:8080');
    expect(await c.ok('expose pod kubia-manual --name=k2 --port=80 --external-ip=1.2.3.4 --session-affinity=ClientIP --dry-run=client')).toBe('service/k2 exposed (dry run)\n');
    await c.ok('expose pod kubia-manual --name=k3 --port=80 --external-ip=1.2.3.4 --session-affinity=ClientIP');
    expect(await c.ok('get svc k3 -o jsonpath={.spec.externalIPs[0]}/{.spec.sessionAffinityConfig.clientIP.timeoutSeconds}')).toBe('1.2.3.4/10800');
  });

  test('expose svc and rs derive selector and ports', async () => {
    const c = await cluster();
    await c.ok('expose pod kubia-manual --name=kubia --port=80 --target-port=8080');
    expect(await c.ok('expose svc kubia --name=kubia2 --dry-run=client -o yaml')).toContain(`spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: kubia
    env: prod
`);
    c.file('rs.yaml', `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 0
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
`);
    await c.ok('create -f rs.yaml');
    expect(await c.ok('expose rs web --dry-run=client -o yaml')).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  name: web
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web
status:
  loadBalancer: {}
`);
  });

  test.each([
    ['expose pod nosuch --port=80', 'Error from server (NotFound): pods "nosuch" not found\n'],
    ['expose pod bare --port=80', "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n"],
    ['expose pod noports', "error: couldn't find port via --port flag or introspection\n"],
    ['expose svc kubernetes --name=k', "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set\n"],
    ['expose node kind-worker --port=80', 'error: cannot expose a Node\n'],
    ['expose pod kubia-manual --port=abc', 'error: strconv.Atoi: parsing "abc": invalid syntax\n'],
    ['expose pod kubia-manual --port=80 --session-affinity=foo', 'error: unknown session affinity: foo\n'],
    [
      'expose',
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    ],
  ])('%s', async (line, err) => {
    const c = await cluster();
    const r = await c.run(line);
    expect(r.stderr).toBe(err);
    expect(r.exitCode).toBe(1);
  });

  test('-f names the resource by its manifest (the manifest is not applied)', async () => {
    const c = new TestCluster();
    c.file('rc.yaml', 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: kubia\nspec:\n  replicas: 1\n  selector:\n    app: kubia\n  template:\n    metadata:\n      labels:\n        app: kubia\n    spec:\n      containers:\n      - name: kubia\n        image: luksa/kubia\n        ports:\n        - containerPort: 8080\n');
    expect(await c.run('expose -f rc.yaml --port=80')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): replicationcontrollers "kubia" not found\n', exitCode: 1 });
    await c.ok('create -f rc.yaml');
    expect(await c.ok('expose -f rc.yaml --port=80 --target-port=8080 --name=kubia-http')).toBe('service/kubia-http exposed\n');
    expect(await c.ok('get svc kubia-http -o jsonpath={.spec.selector.app}:{.spec.ports[0].targetPort}')).toBe('kubia:8080');
  });

  test('exposing twice: AlreadyExists, not wrapped', async () => {
    const c = await cluster();
    await c.ok('expose pod kubia-manual --port=80');
    expect((await c.run('expose pod kubia-manual --port=80')).stderr).toBe('Error from server (AlreadyExists): services "kubia-manual" already exists\n');
  });
});

describe('create service', () => {
  test('clusterip dry run', async () => {
    const c = new TestCluster();
    expect(await c.ok('create service clusterip foo --tcp=80:8080 --dry-run=client -o yaml')).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: foo
  name: foo
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: foo
  type: ClusterIP
status:
  loadBalancer: {}
`);
  });

  test('nodeport with --node-port, several --tcp values', async () => {
    const c = new TestCluster();
    expect(await c.ok('create service nodeport foo --tcp=80:8080,443 --node-port=30001 --dry-run=client -o yaml')).toContain(`  ports:
  - name: 80-8080
    nodePort: 30001
    port: 80
    protocol: TCP
    targetPort: 8080
  - name: "443"
    nodePort: 30001
    port: 443
    protocol: TCP
    targetPort: 443
`);
  });

  test('externalname and headless', async () => {
    const c = new TestCluster();
    expect(await c.ok('create service externalname foo --external-name=a.b.com --dry-run=client -o yaml')).toContain('spec:\n  externalName: a.b.com\n  selector:\n    app: foo\n  type: ExternalName\n');
    expect(await c.ok('create service clusterip foo --clusterip=None --dry-run=client -o yaml')).toContain('spec:\n  clusterIP: None\n  selector:\n    app: foo\n  type: ClusterIP\n');
    expect(await c.ok('create service clusterip foo -n bar --tcp=80 --dry-run=client -o yaml')).toContain('  name: foo\n  namespace: bar\n');
  });

  test('creates and prints; errors wrapped', async () => {
    const c = new TestCluster();
    expect(await c.ok('create service clusterip kubia --tcp=80:8080')).toBe('service/kubia created\n');
    expect(await c.ok('create service loadbalancer lb --tcp=80:8080')).toBe('service/lb created\n');
    expect(await c.ok('get svc lb')).toContain('<pending>');
    const cases: [string, string][] = [
      ['create service clusterip kubia --tcp=80:8080', 'error: failed to create ClusterIP service: services "kubia" already exists\n'],
      [
        'create service nodeport x --tcp=80 --node-port=99999',
        'error: failed to create NodePort service: Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 99999: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
      ],
      ['create service clusterip', "error: exactly one NAME is required, got 0\nSee 'kubectl create service clusterip -h' for help and examples\n"],
      ['create service clusterip foo', 'error: at least one tcp port specifier must be provided\n'],
      ['create service clusterip foo --tcp=abc', 'error: strconv.ParseUint: parsing "abc": invalid syntax\n'],
      ['create service externalname foo', 'error: required flag(s) "external-name" not set\n'],
    ];
    for (const [line, err] of cases) {
      const r = await c.run(line);
      expect(r.stderr, line).toBe(err);
      expect(r.exitCode, line).toBe(1);
    }
  });
});
