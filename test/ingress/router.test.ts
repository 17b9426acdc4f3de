/**
 * The ingress-nginx data plane on hand-built states: host and path routing of the chapter's Ingresses,
 * the controller's 404/503/308 answers with nginx's headers, TLS certificates, and which addresses
 * reach the controller. The forward stub stands for the pods (the traffic work delivers for real).
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { ingressCertificate, ingressHandle, isIngressEntry } from '../../src/network/ingress-router.js';
import { insertObject } from '../../src/api/objects.js';
import { emptyCluster, get, recorder, withIngress, withNginx, withService, type Fixture } from './fixtures.js';

const MULTI = `apiVersion: networking.k8s.io/v1
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
            name: kubia-nodeport
            port:
              number: 80
      - path: /foo
        pathType: Prefix
        backend:
          service:
            name: kubia-foo
            port:
              number: 80
  - host: bar.example.com
    http:
      paths:
      - path: /bar
        pathType: Prefix
        backend:
          service:
            name: kubia-bar
            port:
              number: 80
`;

const WILDCARD = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: kubia-wildcard
spec:
  rules:
  - host: "*.foo.com"
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: wild
            port:
              number: 80
  - host: exact.foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: exact
            port:
              number: 80
`;

function cluster(): Fixture {
  const f = withNginx(emptyCluster());
  withService(f, 'kubia-nodeport', [{ port: 80, targetPort: 8080 }], ['10.244.1.5', '10.244.2.4']);
  withService(f, 'kubia-foo', [{ port: 80, targetPort: 8080 }], ['10.244.2.7']);
  withService(f, 'kubia-bar', [{ port: 80, targetPort: 8080 }], ['10.244.1.8']);
  withService(f, 'wild', [{ port: 80, targetPort: 8080 }], ['10.244.3.1']);
  withService(f, 'exact', [{ port: 80, targetPort: 8080 }], ['10.244.3.2']);
  withService(f, 'empty', [{ port: 80, targetPort: 8080 }], [], ['10.244.3.9']);
  return f;
}

describe('routing the chapter ingress with several paths and hosts', () => {
  test.each([
    ['kubia.example.com', '/', '10.244.1.5'],
    ['kubia.example.com', '/anything', '10.244.1.5'],
    ['kubia.example.com', '/foo', '10.244.2.7'],
    ['kubia.example.com', '/foo/bar', '10.244.2.7'],
    ['kubia.example.com', '/foobar', '10.244.1.5'],
    ['kubia.example.com:80', '/foo?x=1', '10.244.2.7'],
    ['bar.example.com', '/bar', '10.244.1.8'],
    ['bar.example.com', '/bar/baz', '10.244.1.8'],
  ])('Host %s path %s → pod %s', (host, path, ip) => {
    const f = cluster();
    withIngress(f, MULTI);
    const r = recorder();
    const res = ingressHandle(f.state, f.env, get(host, path), r.forward);
    expect(res.status).toBe(200);
    expect(r.calls[0]!.ip).toBe(ip);
    expect(r.calls[0]!.port).toBe(8080);
  });

  test('unmatched path of a known host, unknown host, no host at all → 404 page', () => {
    const f = cluster();
    withIngress(f, MULTI);
    for (const [host, path] of [['bar.example.com', '/'], ['other.example.com', '/'], ['172.18.0.3', '/']] as const) {
      const r = recorder();
      const res = ingressHandle(f.state, f.env, get(host, path), r.forward);
      expect(res.status).toBe(404);
      expect(r.calls).toHaveLength(0);
    }
    const res = ingressHandle(f.state, f.env, get('x', '/'), recorder().forward);
    expect(res.statusText).toBe('Not Found');
    expect(res.headers).toEqual([
      ['Date', 'Sat, 21 Nov 2026 22:50:00 GMT'],
      ['Content-Type', 'text/html'],
      ['Content-Length', '146'],
      ['Connection', 'keep-alive'],
    ]);
    expect(res.body).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
  });

  test('round-robin over the ready endpoints, straight to pod IPs', () => {
    const f = cluster();
    withIngress(f, MULTI);
    const r = recorder();
    for (let i = 0; i < 4; i++) ingressHandle(f.state, f.env, get('kubia.example.com', '/'), r.forward);
    expect(r.calls.map((c) => c.ip)).toEqual(['10.244.1.5', '10.244.2.4', '10.244.1.5', '10.244.2.4']);
    const h = r.calls[0]!.req.headers;
    expect(h.Host).toBe('kubia.example.com');
    expect(h['X-Forwarded-For']).toBe('172.18.0.1');
    expect(h['X-Forwarded-Proto']).toBe('http');
    expect(r.calls[0]!.req.clientIP).toBe('10.244.1.9');
  });
});

describe('wildcard hosts (chapter table)', () => {
  test.each([
    ['bar.foo.com', 200, '10.244.3.1'],
    ['baz.bar.foo.com', 404, undefined],
    ['foo.com', 404, undefined],
    ['exact.foo.com', 200, '10.244.3.2'],
  ])('Host %s → %i', (host, status, ip) => {
    const f = cluster();
    withIngress(f, WILDCARD);
    const r = recorder();
    expect(ingressHandle(f.state, f.env, get(host, '/'), r.forward).status).toBe(status);
    expect(r.calls[0]?.ip).toBe(ip);
  });
});

describe('Exact vs Prefix and longest match across paths', () => {
  const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: paths
spec:
  rules:
  - http:
      paths:
      - {path: /foo, pathType: Prefix, backend: {service: {name: kubia-foo, port: {number: 80}}}}
      - {path: /foo, pathType: Exact, backend: {service: {name: exact, port: {number: 80}}}}
      - {path: /foo/bar, pathType: Prefix, backend: {service: {name: kubia-bar, port: {number: 80}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: kubia-nodeport, port: {number: 80}}}}
`;
  test.each([
    ['/foo', '10.244.3.2'],
    ['/foo/', '10.244.2.7'],
    ['/foo/bar/baz', '10.244.1.8'],
    ['/foo/barbaz', '10.244.2.7'],
    ['/other', '10.244.1.5'],
  ])('%s → %s', (path, ip) => {
    const f = cluster();
    withIngress(f, yaml);
    const r = recorder();
    ingressHandle(f.state, f.env, get('any.host', path), r.forward);
    expect(r.calls[0]?.ip).toBe(ip);
  });
});

describe('503 when the backend cannot serve', () => {
  const yaml = (svc: string, port = 80) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: x
spec:
  rules:
  - host: x.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ${svc}, port: {number: ${port}}}}}
`;
  test.each([
    ['no ready endpoint', 'empty', 80],
    ['missing service', 'nosuchsvc', 80],
    ['port the service does not have', 'kubia-foo', 81],
  ])('%s', (_why, svc, port) => {
    const f = cluster();
    withIngress(f, yaml(svc, port));
    const r = recorder();
    const res = ingressHandle(f.state, f.env, get('x.example.com', '/'), r.forward);
    expect(r.calls).toHaveLength(0);
    expect(res.status).toBe(503);
    expect(res.statusText).toBe('Service Temporarily Unavailable');
    expect(res.body).toContain('<head><title>503 Service Temporarily Unavailable</title></head>');
    expect(res.headers.find(([k]) => k === 'Content-Length')?.[1]).toBe(String(res.body.length));
    expect(res.body.length).toBe(190);
  });

  test('a refused connection to the pod gives 502 after trying other endpoints', () => {
    const f = cluster();
    withIngress(f, yaml('kubia-nodeport'));
    const tried: string[] = [];
    const res = ingressHandle(f.state, f.env, get('x.example.com', '/'), (ip) => {
      tried.push(ip);
      return { ok: false, error: 'refused' };
    });
    expect(res.status).toBe(502);
    expect(tried.sort()).toEqual(['10.244.1.5', '10.244.2.4']);
  });
});

describe('default backend', () => {
  test('an Ingress with only defaultBackend catches every host and path', () => {
    const f = cluster();
    withIngress(f, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: defonly
spec:
  defaultBackend:
    service:
      name: kubia-bar
      port:
        number: 80
`);
    const r = recorder();
    expect(ingressHandle(f.state, f.env, get('whatever', '/x/y'), r.forward).status).toBe(200);
    expect(r.calls[0]!.ip).toBe('10.244.1.8');
  });
});

describe('TLS', () => {
  const tlsYaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: kubia
spec:
  tls:
  - hosts:
    - kubia.example.com
    secretName: tls-secret
  - hosts:
    - example.org
    secretName: example-org-tls
  rules:
  - host: kubia.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: kubia-nodeport, port: {number: 80}}}}
`;
  function withSecret(f: Fixture): void {
    const crt = readFileSync(new URL('../../examples/chapter/tls.crt', import.meta.url));
    const key = readFileSync(new URL('../../examples/chapter/tls.key', import.meta.url));
    insertObject(f.state, 'secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls-secret', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': crt.toString('base64'), 'tls.key': key.toString('base64') } }, f.env);
  }

  test('plain HTTP to a TLS host is redirected with 308', () => {
    const f = cluster();
    withIngress(f, tlsYaml);
    const r = recorder();
    const res = ingressHandle(f.state, f.env, get('kubia.example.com', '/foo?a=b'), r.forward);
    expect(r.calls).toHaveLength(0);
    expect([res.status, res.statusText]).toEqual([308, 'Permanent Redirect']);
    expect(res.headers).toEqual([
      ['Date', 'Sat, 21 Nov 2026 22:50:00 GMT'],
      ['Content-Type', 'text/html'],
      ['Content-Length', '164'],
      ['Connection', 'keep-alive'],
      ['Location', 'https://kubia.example.com/foo?a=b'],
    ]);
  });

  test('HTTPS is terminated at the controller and proxied as HTTP to the pod, with HSTS', () => {
    const f = cluster();
    withIngress(f, tlsYaml);
    withSecret(f);
    const r = recorder();
    const res = ingressHandle(f.state, f.env, get('kubia.example.com', '/', 'https'), r.forward);
    expect(res.status).toBe(200);
    expect(r.calls[0]!.req.scheme).toBe('http');
    expect(r.calls[0]!.req.headers['X-Forwarded-Proto']).toBe('https');
    expect(res.headers).toEqual([
      ['Date', 'Sat, 21 Nov 2026 22:50:00 GMT'],
      ['Content-Type', 'text/plain'],
      ['Content-Length', String(res.body.length)],
      ['Connection', 'keep-alive'],
      ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
    ]);
  });

  test('the certificate comes from the secret; a missing secret falls back to the fake one', () => {
    const f = cluster();
    withIngress(f, tlsYaml);
    expect(ingressCertificate(f.state, 'kubia.example.com')).toMatchObject({ subject: 'O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate', selfSigned: true });
    withSecret(f);
    expect(ingressCertificate(f.state, 'kubia.example.com')).toEqual({
      subject: 'CN=kubia.example.com',
      issuer: 'CN=kubia.example.com',
      selfSigned: true,
      dnsNames: ['kubia.example.com'],
      fromSecret: 'default/tls-secret',
    });
    expect(ingressCertificate(f.state, 'example.org').fromSecret).toBeUndefined();
  });
});

describe('without a running controller nothing answers', () => {
  test('controller pod Pending: not an entry point', () => {
    const f = withNginx(emptyCluster(), { running: false });
    expect(isIngressEntry(f.state, '10.244.1.9', 80)).toBe(false);
    expect(isIngressEntry(f.state, '172.18.0.3', 80)).toBe(false);
  });
  test('no ingress-nginx at all', () => {
    const f = emptyCluster();
    expect(isIngressEntry(f.state, '172.18.0.3', 80)).toBe(false);
  });
});

describe('entry points of the controller', () => {
  test.each([
    ['controller pod IP', '10.244.1.9', 80, true],
    ['hostPort on its node', '172.18.0.3', 443, true],
    ['hostPort on another node', '172.18.0.4', 80, false],
    ['localhost (kind extraPortMappings)', '127.0.0.1', 80, true],
    ['service cluster IP', '10.96.50.10', 80, true],
    ['node port on any node', '172.18.0.2', 30080, true],
    ['admission webhook service', '10.96.50.11', 80, false],
  ])('%s %s:%i → %s', (_what, ip, port, yes) => {
    const f = withNginx(emptyCluster());
    expect(isIngressEntry(f.state, ip, port)).toBe(yes);
  });
});
