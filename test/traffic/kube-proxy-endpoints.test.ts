/**
 * kube-proxy's own endpoints on a node: the metrics server on 127.0.0.1:10249 (/proxyMode, /healthz,
 * /metrics), the health server on :10256 (/healthz, /livez), and a Local-policy LoadBalancer's
 * healthCheckNodePort, as kube-proxy v1.32 answers them (bodies and headers from its source).
 */
import { describe, expect, test } from 'vitest';
import { kubiaCluster, podNames } from './fixtures.js';
import { TestCluster } from '../helpers.js';

const NODE_IPS = { 'kind-control-plane': '172.18.0.2', 'kind-worker': '172.18.0.3', 'kind-worker2': '172.18.0.4' } as const;

describe('kube-proxy\'s endpoints on a node', () => {
  test('/proxyMode on 127.0.0.1:10249 from the node itself, following the proxy mode; not on the node IP', async () => {
    const c = new TestCluster();
    expect(await c.run('ssh kind-worker -- curl -s localhost:10249/proxyMode')).toEqual({ stdout: 'iptables', stderr: '', exitCode: 0 });
    expect(await c.ok('ssh kind-worker -- curl -si http://127.0.0.1:10249/proxyMode')).toBe(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: Sat, 21 Nov 2026 22:50:00 GMT\r\nContent-Length: 8\r\n\r\niptables',
    );
    expect(await c.ok('ssh kind-worker -- curl -s localhost:10249/healthz')).toBe('ok');
    expect(await c.ok('ssh kind-worker -- curl -s localhost:10249/nope')).toBe('404 page not found\n');
    await c.ok('proxy mode ipvs');
    expect(await c.ok('ssh kind-worker2 -- curl -s localhost:10249/proxyMode')).toBe('ipvs');
    const fromNodeIP = await c.run('ssh kind-worker -- curl -sS http://172.18.0.3:10249/proxyMode');
    expect(fromNodeIP.exitCode).toBe(7);
    expect((await c.run('curl -sS http://172.18.0.3:10249/proxyMode')).exitCode).toBe(7);
  });

  test('/healthz and /livez on :10256, from the node and from outside', async () => {
    const c = new TestCluster();
    await c.ok('advance 30s');
    const now = '2026-11-21 22:50:30 +0000 UTC m=+330.000000000';
    const body = `{"lastUpdated": "${now}","currentTime": "${now}", "nodeEligible": true}`;
    expect(await c.ok('ssh kind-worker -- curl -si localhost:10256/healthz')).toBe(
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nDate: Sat, 21 Nov 2026 22:50:30 GMT\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(await c.ok(`curl -s http://${NODE_IPS['kind-control-plane']}:10256/healthz`)).toBe(body);
    expect(await c.ok('ssh kind-worker2 -- curl -s 127.0.0.1:10256/livez')).toBe(`{"lastUpdated": "${now}","currentTime": "${now}"}`);
    expect(await c.ok('curl -s -o /dev/null -w %{http_code} http://172.18.0.4:10256/metrics')).toBe('404');
  });

  test('/metrics counts the rules kube-proxy holds in each table', async () => {
    const c = await kubiaCluster();
    const rules = await c.ok('ssh kind-worker -- iptables-save');
    let table = '';
    const counts: Record<string, number> = {};
    for (const l of rules.split('\n')) {
      if (l.startsWith('*')) table = l.slice(1);
      else if (l.startsWith('-A KUBE-')) counts[table] = (counts[table] ?? 0) + 1;
    }
    expect(await c.ok('ssh kind-worker -- curl -s localhost:10249/metrics')).toBe(
      '# HELP kubeproxy_sync_proxy_rules_iptables_total [ALPHA] Total number of iptables rules owned by kube-proxy\n' +
        '# TYPE kubeproxy_sync_proxy_rules_iptables_total gauge\n' +
        `kubeproxy_sync_proxy_rules_iptables_total{table="filter"} ${counts.filter ?? 0}\n` +
        `kubeproxy_sync_proxy_rules_iptables_total{table="nat"} ${counts.nat}\n`,
    );
    expect(counts.nat).toBeGreaterThan(20);
  });

  test('a Local LoadBalancer\'s healthCheckNodePort: 200 with the local endpoint count where pods run, 503 elsewhere, on every path', async () => {
    const LB = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia-lb\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n';
    const c = await kubiaCluster(LB);
    const hc = await c.ok('get svc kubia-lb -o jsonpath={.spec.healthCheckNodePort}');
    const perNode: Record<string, number> = {};
    for (const p of await podNames(c, 'kubia-')) {
      const node = await c.ok(`get po ${p} -o jsonpath={.spec.nodeName}`);
      perNode[node] = (perNode[node] ?? 0) + 1;
    }
    for (const [node, ip] of Object.entries(NODE_IPS)) {
      const n = perNode[node] ?? 0;
      const body = `{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "kubia-lb"\n\t},\n\t"localEndpoints": ${n},\n\t"serviceProxyHealthy": true\n}`;
      expect(await c.ok(`curl -si http://${ip}:${hc}/any/path`)).toBe(
        `HTTP/1.1 ${n ? '200 OK' : '503 Service Unavailable'}\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nX-Load-Balancing-Endpoint-Weight: ${n}\r\n` +
          `Date: Sat, 21 Nov 2026 22:50:30 GMT\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      // The node itself reaches it on localhost too (kube-proxy listens on every address).
      expect(await c.ok(`ssh ${node} -- curl -s -o /dev/null -w %{http_code} localhost:${hc}/healthz`)).toBe(n ? '200' : '503');
    }
    await c.ok('scale deploy kubia --replicas=0');
    for (const ip of Object.values(NODE_IPS)) expect(await c.ok(`curl -s -o /dev/null -w %{http_code} http://${ip}:${hc}/healthz`)).toBe('503');
  });
});
