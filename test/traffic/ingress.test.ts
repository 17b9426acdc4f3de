/** Requests through the ingress controller from outside, and internalTrafficPolicy Local inside. */
import { expect, test } from 'vitest';
import type { ClusterState } from '../../src/api/types.js';
import { kubiaCluster, podNames } from './fixtures.js';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: kubia
spec:
  rules:
  - host: kubia.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: kubia
            port:
              number: 80
`;

test('kube-sim curl through the ingress address: Host routing, 404, TLS verification, --resolve, --trace', async () => {
  const c = await kubiaCluster(INGRESS);
  await c.ok('addons enable ingress');
  await c.ok('advance 60s');
  const s: ClusterState = c.store.load()!;
  const address = ((s.objects.ingresses!['default/kubia']!.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]!).ip;
  expect(await c.ok(`curl -s -H 'Host: kubia.example.com' http://${address}`)).toMatch(/^You've hit kubia-/);
  expect(await c.ok(`curl -s --resolve kubia.example.com:80:${address} http://kubia.example.com`)).toMatch(/^You've hit kubia-/);
  // nginx's own error pages end their lines with CRLF.
  expect(await c.ok(`curl -s -H 'Host: other.example.com' http://${address}`)).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
  const tls = await c.run(`curl -H 'Host: kubia.example.com' https://${address}`);
  expect(tls.exitCode).toBe(60);
  expect(tls.stderr.startsWith('curl: (60) SSL certificate problem: self-signed certificate\nMore details here: https://curl.se/docs/sslcerts.html\n')).toBe(true);
  expect(await c.ok(`curl -sk -H 'Host: kubia.example.com' https://${address}`)).toMatch(/^You've hit kubia-/);
  const v = await c.run(`curl -sv -H 'Host: kubia.example.com' http://${address}`);
  expect(v.stderr).toContain(`*   Trying ${address}:80...\n* Connected to ${address} (${address}) port 80 (#0)\n> GET / HTTP/1.1\n> Host: kubia.example.com\n> User-Agent: curl/7.88.1\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n`);
  const t = await c.run(`curl --trace -s -H 'Host: kubia.example.com' http://${address}`);
  const lines = t.stderr.trim().split('\n');
  expect(lines[0]).toBe(`[trace] ${address}:80 is the ingress controller: routing Host "kubia.example.com" path "/"`);
  expect(lines[1]).toMatch(/^\[trace\] ingress-nginx proxies to endpoint 10\.244\.\d+\.\d+:8080$/);
  expect(lines[2]).toMatch(/^\[trace\] answered by pod default\/kubia-/);
  expect(lines).toHaveLength(4);
});

test('internalTrafficPolicy Local keeps in-cluster traffic on the client\'s node', async () => {
  const c = await kubiaCluster(`apiVersion: v1
kind: Service
metadata:
  name: kubia-local
spec:
  internalTrafficPolicy: Local
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`);
  const s: ClusterState = c.store.load()!;
  const nodeOf = (name: string) => (s.objects.pods![`default/${name}`]!.spec as { nodeName: string }).nodeName;
  const pods = await podNames(c, 'kubia-');
  for (const client of pods) {
    for (let i = 0; i < 3; i++) {
      const served = /^You've hit (\S+)\n$/.exec(await c.ok(`exec ${client} -- curl -s http://kubia-local`))?.[1];
      expect(nodeOf(served!)).toBe(nodeOf(client));
    }
  }
  // A node without a local endpoint drops the traffic.
  const lonely = Object.values(s.objects.nodes!).map((n) => n.metadata.name).find((n) => !pods.some((p) => nodeOf(p) === n))!;
  expect(await c.run(`ssh ${lonely} -- curl -sS -m 1 http://${(s.objects.services!['default/kubia-local']!.spec as { clusterIP: string }).clusterIP}`)).toEqual({
    stdout: '',
    stderr: 'curl: (28) Connection timed out after 1001 milliseconds\n',
    exitCode: 28,
  });
});

test('a TLS host redirects plain HTTP (308); curl -L follows it to https', async () => {
  const c = await kubiaCluster(INGRESS.replace('spec:\n  rules:', 'spec:\n  tls:\n  - hosts:\n    - kubia.example.com\n    secretName: tls-secret\n  rules:'));
  await c.ok('addons enable ingress');
  await c.ok('advance 60s');
  const s: ClusterState = c.store.load()!;
  const address = ((s.objects.ingresses!['default/kubia']!.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]!).ip;
  const head = await c.ok(`curl -sI -H 'Host: kubia.example.com' http://${address}`);
  expect(head.startsWith('HTTP/1.1 308 Permanent Redirect\r\n')).toBe(true);
  expect(head).toContain('Location: https://kubia.example.com/\r\n');
  const resolve = `--resolve kubia.example.com:80:${address} --resolve kubia.example.com:443:${address}`;
  expect(await c.ok(`curl -skL ${resolve} http://kubia.example.com`)).toMatch(/^You've hit kubia-/);
});
