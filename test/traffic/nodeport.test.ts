/** Traffic from nodes and from outside: NodePort on every node, traffic policies, load balancers, what is unreachable. */
import { describe, expect, test } from 'vitest';
import type { ClusterState } from '../../src/api/types.js';
import type { TestCluster } from '../helpers.js';
import { kubiaCluster, podNames, NODEPORT } from './fixtures.js';

const NODE_IPS = { 'kind-control-plane': '172.18.0.2', 'kind-worker': '172.18.0.3', 'kind-worker2': '172.18.0.4' } as const;

const LB = `apiVersion: v1
kind: Service
metadata:
  name: kubia-lb
spec:
  type: LoadBalancer
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

function podsByNode(c: TestCluster): Record<string, string[]> {
  const s: ClusterState = c.store.load()!;
  const out: Record<string, string[]> = {};
  for (const p of Object.values(s.objects.pods ?? {})) {
    if (!p.metadata.name.startsWith('kubia-')) continue;
    const node = (p.spec as { nodeName: string }).nodeName;
    (out[node] ??= []).push(p.metadata.name);
  }
  return out;
}

async function requestLog(c: TestCluster, podName: string): Promise<string[]> {
  return (await c.ok(`logs ${podName}`)).split('\n').filter((l) => l.startsWith('Received request from'));
}

describe('NodePort from outside the cluster', () => {
  test('externalTrafficPolicy Cluster: every node IP answers; the pod sees the entry node (SNAT)', async () => {
    const c = await kubiaCluster(NODEPORT('Cluster'));
    const byNode = podsByNode(c);
    const all = Object.values(byNode).flat();
    const gateway: Record<string, string> = { 'kind-worker': '10.244.1.1', 'kind-worker2': '10.244.2.1' };
    let local = 0;
    for (const [node, ip] of Object.entries(NODE_IPS)) {
      const r = await c.run(`curl -s http://${ip}:30123`);
      expect(r.exitCode).toBe(0);
      const served = /^You've hit (\S+)\n$/.exec(r.stdout)?.[1];
      expect(all).toContain(served);
      const log = await requestLog(c, served!);
      // Masqueraded toward another node: the entry node's IP; toward a pod on the entry node: the node's
      // side of the pod's veth (kindnet's ptp gives it the pod CIDR's first address).
      const onEntryNode = byNode[node]?.includes(served!);
      if (onEntryNode) local++;
      expect(log[log.length - 1]).toBe(`Received request from ::ffff:${onEntryNode ? gateway[node] : ip}`);
    }
    expect(local).toBeGreaterThan(0);
  });

  test('externalTrafficPolicy Local: only nodes with a local pod answer, and the client IP is kept', async () => {
    const c = await kubiaCluster(NODEPORT('Local'));
    const byNode = podsByNode(c);
    expect(byNode['kind-control-plane']).toBeUndefined();
    expect(await c.run('curl -sS -m 2 http://172.18.0.2:30123')).toEqual({ stdout: '', stderr: 'curl: (28) Connection timed out after 2001 milliseconds\n', exitCode: 28 });
    expect(await c.run('curl http://172.18.0.2:30123')).toEqual({
      stdout: '',
      stderr: "curl: (28) Failed to connect to 172.18.0.2 port 30123 after 130012 ms: Couldn't connect to server\n",
      exitCode: 28,
    });
    for (const [node, pods] of Object.entries(byNode)) {
      for (let i = 0; i < 4; i++) {
        const out = await c.ok(`curl -s http://${NODE_IPS[node as keyof typeof NODE_IPS]}:30123`);
        const served = /^You've hit (\S+)\n$/.exec(out)?.[1];
        expect(pods).toContain(served);
        const log = await requestLog(c, served!);
        expect(log[log.length - 1]).toBe('Received request from ::ffff:172.18.0.1');
      }
    }
  });

  test('cluster IPs and pod IPs are not reachable from outside; a load-balancer IP is', async () => {
    const c = await kubiaCluster(LB);
    await c.ok('addons enable metallb');
    const s: ClusterState = c.store.load()!;
    const svc = s.objects.services!['default/kubia-lb']!;
    const lbIP = (svc.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]!.ip;
    const cip = (svc.spec as { clusterIP: string }).clusterIP;
    expect(await c.run(`curl -sS -m 3 http://${cip}`)).toEqual({ stdout: '', stderr: 'curl: (28) Connection timed out after 3001 milliseconds\n', exitCode: 28 });
    const [p] = await podNames(c, 'kubia-');
    const pip = (s.objects.pods![`default/${p}`]!.status as { podIP: string }).podIP;
    expect((await c.run(`curl -s -m 3 http://${pip}:8080`)).exitCode).toBe(28);
    expect(await c.ok(`curl -s http://${lbIP}`)).toMatch(/^You've hit kubia-/);
    expect((await c.run('curl -sS http://kubia')).stderr).toBe('curl: (6) Could not resolve host: kubia\n');
  });
});

describe('from a node (kube-sim ssh)', () => {
  test('a node reaches cluster IPs, pod IPs and node ports, but has no cluster DNS', async () => {
    const c = await kubiaCluster(NODEPORT('Cluster'));
    const s: ClusterState = c.store.load()!;
    const cip = (s.objects.services!['default/kubia']!.spec as { clusterIP: string }).clusterIP;
    const [p] = await podNames(c, 'kubia-');
    const pip = (s.objects.pods![`default/${p}`]!.status as { podIP: string }).podIP;
    expect(await c.ok(`ssh kind-control-plane -- curl -s http://${cip}`)).toMatch(/^You've hit kubia-/);
    expect(await c.ok(`ssh kind-control-plane -- curl -s http://${pip}:8080`)).toBe(`You've hit ${p}\n`);
    expect(await c.ok('ssh kind-worker -- curl -s http://172.18.0.4:30123')).toMatch(/^You've hit kubia-/);
    expect(await c.run('ssh kind-worker -- curl -sS http://kubia')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: kubia\n', exitCode: 6 });
    expect(await c.run('ssh nonode -- ls')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): nodes "nonode" not found\n', exitCode: 1 });
    expect(await c.ok('ssh kind-worker -- hostname')).toBe('kind-worker\n');
    // The pod saw the node's own IP as the client.
    const log = await requestLog(c, p!);
    expect(log).toContain('Received request from ::ffff:172.18.0.2');
    expect(await c.ok('ssh kind-worker -- iptables -t nat -S KUBE-NODEPORTS')).toBe(
      '-N KUBE-NODEPORTS\n-A KUBE-NODEPORTS -p tcp -m comment --comment "default/kubia-nodeport" -m tcp --dport 30123 -j KUBE-EXT-DROCBMN7UF5OS6UD\n',
    );
  });

  test('an interactive shell on a node', async () => {
    const c = await kubiaCluster();
    expect(await c.run('ssh kind-worker', 'hostname\ncd /tmp\npwd\nexit 5\n')).toEqual({ stdout: 'kind-worker\n/tmp\n', stderr: '', exitCode: 5 });
  });
});

test('ssh without -- passes the command\'s own flags through', async () => {
  const c = await kubiaCluster();
  expect(await c.run('ssh kind-worker curl -sS http://nosuch')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: nosuch\n', exitCode: 6 });
  const r = await c.run('ssh --trace kind-worker -- curl -s -m 1 http://10.96.0.1:443');
  expect(r.stdout).toBe('Client sent an HTTP request to an HTTPS server.\n');
  expect(r.stderr).toContain('[trace] DNAT 10.96.0.1:443 -> 172.18.0.2:6443\n');
});

test('externalIPs: the service answers on an external IP routed to the nodes', async () => {
  const c = await kubiaCluster(`apiVersion: v1
kind: Service
metadata:
  name: kubia-ext
spec:
  externalIPs:
  - 172.18.0.100
  ports:
  - port: 8000
    targetPort: 8080
  selector:
    app: kubia
`);
  expect(await c.ok('curl -s http://172.18.0.100:8000')).toMatch(/^You've hit kubia-/);
  expect((await c.run('curl -s -m 1 http://172.18.0.100:80')).exitCode).toBe(28);
  expect(await c.ok('proxy rules')).toContain(`-A KUBE-SERVICES -d 172.18.0.100/32 -p tcp -m comment --comment "default/kubia-ext external IP" -m tcp --dport 8000 -j KUBE-EXT-`);
});

test('a pod reaching a Local-policy node port skips the Local rule (pod traffic goes to the service chain)', async () => {
  const c = await kubiaCluster(NODEPORT('Local'));
  const [client] = await podNames(c, 'kubia-');
  // The control plane has no kubia pod, yet pod traffic to its node port is served (no SNAT for pods).
  const out = await c.ok(`exec ${client} --trace -- curl -s http://172.18.0.2:30123`);
  expect(out).toMatch(/^You've hit kubia-/);
  // From outside, the same node port times out.
  expect((await c.run('curl -s -m 1 http://172.18.0.2:30123')).exitCode).toBe(28);
});

test('LoadBalancer + Local: the health-check node port answers 200 only where a local endpoint is', async () => {
  const c = await kubiaCluster(LB.replace('type: LoadBalancer', 'type: LoadBalancer\n  externalTrafficPolicy: Local'));
  const s: ClusterState = c.store.load()!;
  const hc = (s.objects.services!['default/kubia-lb']!.spec as { healthCheckNodePort: number }).healthCheckNodePort;
  expect(hc).toBeGreaterThanOrEqual(30000);
  const byNode = podsByNode(c);
  for (const [node, ip] of Object.entries(NODE_IPS)) {
    const n = new Set((byNode[node] ?? []).map((p) => (s.objects.pods![`default/${p}`]!.status as { podIP: string }).podIP)).size;
    const r = await c.run(`curl -s -w '\\n%{http_code}' http://${ip}:${hc}/healthz`);
    expect(r.stdout).toBe(`{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "kubia-lb"\n\t},\n\t"localEndpoints": ${n},\n\t"serviceProxyHealthy": true\n}\n${n ? 200 : 503}`);
  }
});
