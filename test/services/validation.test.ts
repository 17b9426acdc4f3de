/** Service validation and allocation errors with the apiserver's exact text (reference §3.2). */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const svc = (name: string, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${spec}`;

async function create(c: TestCluster, file: string, text: string) {
  c.file(file, text);
  return c.run(`create -f ${file}`);
}

describe('service validation', () => {
  test.each([
    [
      'multi-noname.yaml',
      svc('kubia2', '  ports:\n  - port: 80\n  - port: 443\n'),
      'The Service "kubia2" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n',
    ],
    [
      'np-range.yaml',
      svc('kubia3', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n'),
      'The Service "kubia3" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    ],
    [
      'dup-port.yaml',
      svc('a', '  ports:\n  - name: a\n    port: 80\n  - name: b\n    port: 80\n    targetPort: 8080\n'),
      'The Service "a" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}\n',
    ],
    ['dup-name.yaml', svc('a', '  ports:\n  - name: http\n    port: 80\n  - name: http\n    port: 81\n'), 'The Service "a" is invalid: spec.ports[1].name: Duplicate value: "http"\n'],
    [
      'bad-portname.yaml',
      svc('a', '  ports:\n  - name: HTTP\n    port: 80\n'),
      `The Service "a" is invalid: spec.ports[0].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n`,
    ],
    [
      'bad-name.yaml',
      svc('1kubia', '  ports:\n  - port: 80\n'),
      `The Service "1kubia" is invalid: metadata.name: Invalid value: "1kubia": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`,
    ],
    ['noports.yaml', svc('a', '  selector:\n    app: a\n'), 'The Service "a" is invalid: spec.ports: Required value\n'],
    ['bigport.yaml', svc('a', '  ports:\n  - port: 70000\n    targetPort: 8080\n'), 'The Service "a" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n'],
    [
      'badtarget.yaml',
      svc('a', '  ports:\n  - port: 80\n    targetPort: http_port\n'),
      'The Service "a" is invalid: spec.ports[0].targetPort: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n',
    ],
    [
      'badproto.yaml',
      svc('a', '  ports:\n  - port: 80\n    protocol: HTTP\n'),
      'The Service "a" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"\n',
    ],
    [
      'badtype.yaml',
      svc('a', '  type: Foo\n  ports:\n  - port: 80\n'),
      'The Service "a" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n',
    ],
    [
      'np-on-clusterip.yaml',
      svc('a', '  ports:\n  - port: 80\n    nodePort: 30500\n'),
      "The Service \"a\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'\n",
    ],
    [
      'dup-nodeport.yaml',
      svc('a', '  type: NodePort\n  ports:\n  - name: a\n    port: 80\n    nodePort: 30500\n  - name: b\n    port: 81\n    nodePort: 30500\n'),
      'The Service "a" is invalid: spec.ports[1].nodePort: Duplicate value: 30500\n',
    ],
    [
      'outside.yaml',
      svc('a', '  clusterIP: 10.0.0.5\n  ports:\n  - port: 80\n'),
      'The Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/16\n',
    ],
    [
      'taken.yaml',
      svc('a', '  clusterIP: 10.96.0.1\n  ports:\n  - port: 80\n'),
      'The Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated\n',
    ],
    ['notip.yaml', svc('a', '  clusterIP: abc\n  ports:\n  - port: 80\n'), 'The Service "a" is invalid: spec.clusterIPs[0]: Invalid value: "abc": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)\n'],
    ['extname.yaml', svc('a', '  type: ExternalName\n'), 'The Service "a" is invalid: spec.externalName: Required value\n'],
    [
      'extname-bad.yaml',
      svc('a', '  type: ExternalName\n  externalName: Foo_bar\n'),
      `The Service "a" is invalid: spec.externalName: Invalid value: "Foo_bar": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    ],
    [
      'headless-np.yaml',
      svc('a', '  type: NodePort\n  clusterIP: None\n  ports:\n  - port: 80\n'),
      `The Service "a" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services\n`,
    ],
    [
      'headless-lb.yaml',
      svc('a', '  type: LoadBalancer\n  clusterIP: None\n  ports:\n  - port: 80\n'),
      `The Service "a" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services\n`,
    ],
    [
      'etp.yaml',
      svc('a', '  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n'),
      "The Service \"a\" is invalid: spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services\n",
    ],
    [
      'affinity.yaml',
      svc('a', '  sessionAffinity: Sticky\n  ports:\n  - port: 80\n'),
      'The Service "a" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"\n',
    ],
  ])('%s', async (file, text, err) => {
    const c = new TestCluster();
    const r = await create(c, file, text);
    expect(r.stderr).toBe(err);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
  });

  test('nodePort already allocated to another service', async () => {
    const c = new TestCluster();
    expect((await create(c, 'a.yaml', svc('a', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30123\n'))).exitCode).toBe(0);
    const r = await create(c, 'b.yaml', svc('b', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30123\n'));
    expect(r.stderr).toBe('The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30123: provided port is already allocated\n');
  });

  test('multi-document create: invalid one prints the raw server message, the other still created', async () => {
    const c = new TestCluster();
    const r = await create(c, 'two.yaml', svc('kubia2', '  ports:\n  - port: 80\n  - port: 443\n') + '---\n' + svc('kubia', '  ports:\n  - port: 80\n'));
    expect(r.stderr).toBe(
      'Error from server (Invalid): error when creating "two.yaml": Service "kubia2" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]\n',
    );
    expect(r.stdout).toBe('service/kubia created\n');
  });

  test('a requested cluster IP in range is honoured; a failed create saves nothing', async () => {
    const c = new TestCluster();
    expect((await create(c, 'a.yaml', svc('a', '  clusterIP: 10.96.0.50\n  ports:\n  - port: 80\n'))).exitCode).toBe(0);
    expect(await c.ok('get svc a')).toContain('10.96.0.50');
    await create(c, 'bad.yaml', svc('bad', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 99\n'));
    expect((await c.run('get svc bad')).stderr).toBe('Error from server (NotFound): services "bad" not found\n');
  });
});

describe('service updates', () => {
  test('clusterIP is immutable; a manifest without it keeps the allocated one', async () => {
    const c = new TestCluster();
    await create(c, 'a.yaml', svc('kubia', '  ports:\n  - port: 80\n  selector:\n    app: kubia\n'));
    const before = await c.ok('get svc kubia -o jsonpath={.spec.clusterIP}');
    c.file('a2.yaml', svc('kubia', '  ports:\n  - port: 81\n  selector:\n    app: kubia\n'));
    expect(await c.ok('replace -f a2.yaml')).toBe('service/kubia replaced\n');
    expect(await c.ok('get svc kubia -o jsonpath={.spec.clusterIP}')).toBe(before);
    c.file('a3.yaml', svc('kubia', '  clusterIP: None\n  ports:\n  - port: 81\n  selector:\n    app: kubia\n'));
    const r = await c.run('replace -f a3.yaml');
    expect(r.stderr).toBe('The Service "kubia" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set\n');
  });

  test('type changes allocate nodePorts and clear them again', async () => {
    const c = new TestCluster();
    c.file('a.yaml', svc('kubia', '  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n'));
    await c.ok('apply -f a.yaml');
    c.file('a.yaml', svc('kubia', '  type: NodePort\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n'));
    expect(await c.ok('apply -f a.yaml')).toBe('service/kubia configured\n');
    const ports = await c.ok('get svc kubia -o jsonpath={.spec.ports[0].nodePort}');
    expect(Number(ports)).toBeGreaterThanOrEqual(30000);
    expect(await c.ok('get svc kubia -o jsonpath={.spec.externalTrafficPolicy}')).toBe('Cluster');
    c.file('a.yaml', svc('kubia', '  type: ClusterIP\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n'));
    await c.ok('apply -f a.yaml');
    const y = await c.ok('get svc kubia -o yaml');
    expect(y).not.toContain('nodePort');
    expect(y).not.toContain('externalTrafficPolicy');
    c.file('a.yaml', svc('kubia', '  type: ExternalName\n  externalName: example.com\n  selector:\n    app: kubia\n'));
    await c.ok('apply -f a.yaml');
    const ext = await c.ok('get svc kubia -o yaml');
    expect(ext).not.toContain('clusterIP');
    expect(ext).not.toContain('ipFamilies');
  });

  test('patch: changing only clusterIP is refused with the new value; ExternalName round trip', async () => {
    const c = new TestCluster();
    await create(c, 'a.yaml', svc('kubia', '  ports:\n  - port: 80\n  selector:\n    app: kubia\n'));
    const r = await c.run(`patch svc kubia -p '{"spec":{"clusterIP":"10.96.3.3"}}'`);
    expect(r.stderr).toBe('The Service "kubia" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.3.3"}: may not change once set\n');
    await c.ok(`patch svc kubia -p '{"spec":{"type":"ExternalName","externalName":"x.com"}}'`);
    expect(await c.ok('get svc kubia')).toContain('kubia   ExternalName   <none>       x.com         80/TCP    0s\n');
    await c.ok(`patch svc kubia -p '{"spec":{"type":"ClusterIP"}}'`);
    const y = await c.ok('get svc kubia -o yaml');
    expect(y).not.toContain('externalName');
    expect(y).toMatch(/clusterIP: 10\.96\.\d+\.\d+\n/);
  });
});
