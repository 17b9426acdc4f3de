/**
 * EndpointSlices made by hand for a Service without a selector (the Service concept page): the API
 * accepts them with the v1.32 apiserver's defaults and validation, kube-proxy and the cluster DNS use
 * them, and the controllers leave them alone.
 */
import { describe, expect, test } from 'vitest';
import { request } from 'node:http';
import { TestCluster } from '../helpers.js';
import { startServer } from '../../src/serve/server.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: 9376
`;

const slice = (addresses: string[], extra = '') => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: my-service-1
  labels:
    kubernetes.io/service-name: my-service
addressType: IPv4
ports:
- name: http
  appProtocol: http
  port: 8080
endpoints:
${addresses.map((a) => `- addresses:\n  - "${a}"\n${extra}`).join('')}`;

/** A cluster with two kubia pods outside any selector and a client pod. */
async function cluster(): Promise<{ c: TestCluster; ips: string[] }> {
  const c = new TestCluster();
  await c.ok('run backend-a --image=luksa/kubia --labels=role=backend');
  await c.ok('run backend-b --image=luksa/kubia --labels=role=backend');
  await c.ok('run client --image=curlimages/curl --command -- sleep 3600');
  const ips = [await c.ok("get po backend-a -o jsonpath={.status.podIP}"), await c.ok("get po backend-b -o jsonpath={.status.podIP}")];
  return { c, ips };
}

describe('EndpointSlices by hand', () => {
  test('a selector-less Service routes to the addresses of a hand-made slice; the port defaults are the apiserver\'s', async () => {
    const { c, ips } = await cluster();
    c.file('svc.yaml', `${SERVICE}---\n${slice([ips[0]!])}`);
    expect(await c.ok('apply -f svc.yaml')).toBe('service/my-service created\nendpointslice.discovery.k8s.io/my-service-1 created\n');
    expect(await c.ok('get endpointslice my-service-1')).toBe(`NAME           ADDRESSTYPE   PORTS   ENDPOINTS    AGE\nmy-service-1   IPv4          8080    ${ips[0]}   0s\n`);
    expect(await c.ok('get endpointslice my-service-1 -o jsonpath={.ports}')).toBe('[{"appProtocol":"http","name":"http","port":8080,"protocol":"TCP"}]');
    expect(await c.ok('exec client -- curl -s http://my-service')).toBe("You've hit backend-a\n");
    expect(await c.ok('describe svc my-service')).toContain(`Endpoints:                ${ips[0]}:8080\n`);
    // kube-proxy's rules hold the hand-made endpoint; no Endpoints object is made from a slice.
    expect(await c.ok('proxy rules --node kind-worker')).toContain(`-A KUBE-SEP-`);
    expect(await c.ok('proxy rules --node kind-worker')).toContain(`-j DNAT --to-destination ${ips[0]}:8080`);
    expect((await c.run('get endpoints my-service')).stderr).toBe('Error from server (NotFound): endpoints "my-service" not found\n');

    // Updating the slice moves the traffic; the controllers leave the slice as the user wrote it.
    await c.ok(`patch endpointslice my-service-1 --type=json -p '[{"op":"replace","path":"/endpoints/0/addresses/0","value":"${ips[1]}"}]'`);
    await c.ok('advance 30s');
    expect(await c.ok('exec client -- curl -s http://my-service')).toBe("You've hit backend-b\n");
    expect(await c.ok('get endpointslice my-service-1 -o jsonpath={.metadata.labels}')).toBe('{"kubernetes.io/service-name":"my-service"}');

    // An endpoint marked not ready is left out, as kube-proxy does; with none left, the Service rejects.
    c.file('notready.yaml', slice([ips[1]!], '  conditions:\n    ready: false\n'));
    await c.ok('apply -f notready.yaml');
    expect(await c.run('exec client -- curl -sS http://my-service')).toMatchObject({ exitCode: 7 });
    await c.ok('delete endpointslice my-service-1');
    expect(await c.run('exec client -- curl -sS http://my-service')).toMatchObject({ exitCode: 7 });
  });

  test('several slices of one Service add up; the cluster DNS answers a headless Service from them', async () => {
    const { c, ips } = await cluster();
    const headless = SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n');
    c.file('h.yaml', `${headless}---\n${slice([ips[0]!])}---\n${slice([ips[1]!]).replace('my-service-1', 'my-service-2')}`);
    await c.ok('apply -f h.yaml');
    const answer = (await c.run('exec client -- nslookup my-service')).stdout;
    expect(answer).toContain(`Address: ${ips[0]}\n`);
    expect(answer).toContain(`Address: ${ips[1]}\n`);
  });

  test('the apiserver\'s validation, with its paths and messages', async () => {
    const c = new TestCluster();
    c.file('bad.yaml', `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: bad
addressType: IPv4
ports:
- name: Http
  protocol: FOO
- name: Http
endpoints:
- addresses: []
- addresses: ["127.0.0.1", "10.0.0.300", "169.254.1.1"]
  hostname: Bad_Host
  nodeName: Node_1
`);
    const label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    const subdomain =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    expect(await c.run('create -f bad.yaml')).toEqual({
      stdout: '',
      stderr: [
        'The EndpointSlice "bad" is invalid: ',
        '* endpoints[0].addresses: Required value: must contain at least 1 address',
        '* endpoints[1].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        '* endpoints[1].addresses[1]: Invalid value: "10.0.0.300": must be a valid IPv4 address',
        '* endpoints[1].addresses[1]: Invalid value: "10.0.0.300": must be a valid IP address',
        '* endpoints[1].addresses[2]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        `* endpoints[1].nodeName: Invalid value: "Node_1": ${subdomain}`,
        `* endpoints[1].hostname: Invalid value: "Bad_Host": ${label}`,
        `* ports[0].name: Invalid value: "Http": ${label}`,
        '* ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
        `* ports[1].name: Invalid value: "Http": ${label}`,
        '* ports[1].name: Duplicate value: "Http"',
        '',
      ].join('\n'),
      exitCode: 1,
    });
    const bare = (extra: string) => `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: x\n${extra}`;
    c.file('none.yaml', bare('endpoints: []\n'));
    expect((await c.run('create -f none.yaml')).stderr).toBe('The EndpointSlice "x" is invalid: addressType: Required value\n');
    c.file('ip.yaml', bare('addressType: IP\n'));
    expect((await c.run('create -f ip.yaml')).stderr).toBe('The EndpointSlice "x" is invalid: addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"\n');
    c.file('fqdn.yaml', bare('addressType: FQDN\nendpoints:\n- addresses: ["example"]\n- addresses: ["api.example.com."]\n'));
    expect((await c.run('create -f fqdn.yaml')).stderr).toBe('The EndpointSlice "x" is invalid: endpoints[0].addresses[0]: Invalid value: "example": should be a domain with at least two segments separated by dots\n');
    c.file('v6.yaml', bare('addressType: IPv6\nendpoints:\n- addresses: ["fe80::1"]\n'));
    expect((await c.run('create -f v6.yaml')).stderr).toBe('The EndpointSlice "x" is invalid: endpoints[0].addresses[0]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)\n');
    c.file('ok.yaml', bare('addressType: IPv4\nendpoints:\n- addresses: ["10.1.2.3"]\n'));
    await c.ok('create -f ok.yaml');
    c.file('ok6.yaml', bare('addressType: IPv6\nendpoints:\n- addresses: ["2001:db8::1"]\n'));
    expect((await c.run('replace -f ok6.yaml')).stderr).toBe('The EndpointSlice "x" is invalid: addressType: Invalid value: "IPv6": field is immutable\n');
  });

  test('through serve, a client creates a slice with a POST (no longer 405)', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    const { server, port } = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env: c.env, cwd: c.dir, store: c.store }, {}, { port: 0 });
    try {
      const body = JSON.stringify({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'manual', labels: { 'kubernetes.io/service-name': 'x' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'] }], ports: [{ port: 80 }] });
      const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', headers: { 'Content-Type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(r.status).toBe(201);
      expect(JSON.parse(r.body)).toMatchObject({ kind: 'EndpointSlice', metadata: { name: 'manual' }, ports: [{ name: '', port: 80, protocol: 'TCP' }] });
    } finally {
      server.close();
    }
    expect(await c.ok('get endpointslice manual -o name')).toBe('endpointslice.discovery.k8s.io/manual\n');
  });
});
