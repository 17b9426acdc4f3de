/** The chapter's ClusterIP transcripts: curl from a pod, affinity, named ports, env, resolv.conf, FQDN forms, ping. */
import { describe, expect, test } from 'vitest';
import type { ClusterState } from '../../src/api/types.js';
import { kubiaCluster, podNames, pod, KUBIA_NAMED, KUBIA_SESSION, NOSEL } from './fixtures.js';
import type { TestCluster } from '../helpers.js';

function state(c: TestCluster): ClusterState {
  return c.store.load()!;
}

function clusterIP(c: TestCluster, name: string, ns = 'default'): string {
  return (state(c).objects.services![`${ns}/${name}`]!.spec as { clusterIP: string }).clusterIP;
}

function podIP(c: TestCluster, name: string): string {
  return (state(c).objects.pods![`default/${name}`]!.status as { podIP: string }).podIP;
}

async function curls(c: TestCluster, from: string, url: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await c.run(`exec ${from} -- curl -s ${url}`);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    out.push(r.stdout);
  }
  return out;
}

describe('curl to a ClusterIP service from a pod', () => {
  test('answers come from the backends, spread yet reproducible (seeded)', async () => {
    const run = async () => {
      const c = await kubiaCluster();
      const pods = await podNames(c, 'kubia-');
      const answers = await curls(c, pods[0]!, `http://${clusterIP(c, 'kubia')}`, 12);
      return { pods, answers };
    };
    const a = await run();
    for (const ans of a.answers) expect(ans).toMatch(/^You've hit kubia-[a-z0-9]+-[a-z0-9]{5}\n$/);
    const hit = new Set(a.answers.map((s) => s.trim().replace("You've hit ", '')));
    for (const h of hit) expect(a.pods).toContain(h);
    expect(hit.size).toBeGreaterThanOrEqual(2);
    const b = await run();
    expect(b.answers).toEqual(a.answers);
  });

  test('sessionAffinity ClientIP always hits the same pod', async () => {
    const c = await kubiaCluster(KUBIA_SESSION);
    const [client] = await podNames(c, 'kubia-');
    const answers = await curls(c, client!, 'http://kubia-session', 8);
    expect(new Set(answers).size).toBe(1);
  });

  test('a named targetPort resolves to the container port named http', async () => {
    const c = await kubiaCluster(KUBIA_NAMED);
    const [client] = await podNames(c, 'kubia-');
    const [ans] = await curls(c, client!, 'http://kubia-named', 1);
    expect(ans).toMatch(/^You've hit kubia-/);
  });

  test('every FQDN form of the service works from the same namespace', async () => {
    const c = await kubiaCluster();
    const [client] = await podNames(c, 'kubia-');
    for (const host of ['kubia', 'kubia.default', 'kubia.default.svc', 'kubia.default.svc.cluster.local']) {
      const [ans] = await curls(c, client!, `http://${host}`, 1);
      expect(ans).toMatch(/^You've hit kubia-/);
    }
  });

  test('env shows the service variables of services that existed when the container started', async () => {
    const c = await kubiaCluster();
    const [client] = await podNames(c, 'kubia-');
    const ip = clusterIP(c, 'kubia');
    const out = await c.ok(`exec ${client} -- env`);
    expect(out).toContain(`KUBIA_SERVICE_HOST=${ip}\n`);
    expect(out).toContain('KUBIA_SERVICE_PORT=80\n');
    expect(out).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    expect(out.startsWith('PATH=')).toBe(true);
    expect(out).toContain(`HOSTNAME=${client}\n`);
    // A pipe into the simulated sort/grep works too.
    expect(await c.ok(`exec ${client} -- sh -c 'env | grep KUBIA_SERVICE | sort'`)).toBe(`KUBIA_SERVICE_HOST=${ip}\nKUBIA_SERVICE_PORT=80\n`);
  });

  test('cat /etc/resolv.conf', async () => {
    const c = await kubiaCluster();
    const [client] = await podNames(c, 'kubia-');
    expect(await c.run(`exec ${client} -- cat /etc/resolv.conf`)).toEqual({
      stdout: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
      stderr: '',
      exitCode: 0,
    });
  });

  test('a service without endpoints refuses (curl 7), an unknown name does not resolve (curl 6)', async () => {
    const c = await kubiaCluster(NOSEL);
    const [client] = await podNames(c, 'kubia-');
    expect(await c.run(`exec ${client} -- curl -s http://nosel`)).toEqual({ stdout: '', stderr: 'command terminated with exit code 7\n', exitCode: 7 });
    const meter = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n';
    expect(await c.run(`exec ${client} -- curl http://nosel`)).toEqual({
      stdout: '',
      stderr: `${meter}curl: (7) Failed to connect to nosel port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n`,
      exitCode: 7,
    });
    expect(await c.run(`exec ${client} -- curl -sS http://foo`)).toEqual({
      stdout: '',
      stderr: 'curl: (6) Could not resolve host: foo\ncommand terminated with exit code 6\n',
      exitCode: 6,
    });
    // A port the service does not expose: no rule matches, the packet goes nowhere.
    expect(await c.run(`exec ${client} -- curl -sS -m 5 http://kubia:8080`)).toEqual({
      stdout: '',
      stderr: 'curl: (28) Connection timed out after 5001 milliseconds\ncommand terminated with exit code 28\n',
      exitCode: 28,
    });
  });

  test('a pod IP is reached directly; a port nothing listens on is refused', async () => {
    const c = await kubiaCluster();
    const [client, target] = await podNames(c, 'kubia-');
    const ip = podIP(c, target!);
    expect(await c.ok(`exec ${client} -- curl -s http://${ip}:8080`)).toBe(`You've hit ${target}\n`);
    expect(await c.run(`exec ${client} -- curl -sS http://${ip}:9999`)).toEqual({
      stdout: '',
      stderr: `curl: (7) Failed to connect to ${ip} port 9999 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n`,
      exitCode: 7,
    });
  });

  test('ping: a service IP gives no replies in iptables mode, a pod IP answers; IPVS binds cluster IPs', async () => {
    const c = await kubiaCluster(pod('bb', 'busybox'));
    const ip = clusterIP(c, 'kubia');
    expect(await c.run('exec bb -- ping -c 3 kubia')).toEqual({
      stdout: `PING kubia (${ip}): 56 data bytes\n\n--- kubia ping statistics ---\n3 packets transmitted, 0 packets received, 100% packet loss\n`,
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    const [target] = await podNames(c, 'kubia-');
    const pip = podIP(c, target!);
    const r = await c.run(`exec bb -- ping -c 2 ${pip}`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`64 bytes from ${pip}: seq=0 ttl=64`);
    expect(r.stdout).toContain('2 packets transmitted, 2 packets received, 0% packet loss\n');
    await c.ok('proxy mode ipvs');
    expect((await c.run('exec bb -- ping -c 1 kubia')).exitCode).toBe(0);
  });

  test('ipvs rr and userspace round robin visit the backends in turn', async () => {
    for (const mode of ['ipvs', 'userspace']) {
      const c = await kubiaCluster();
      const pods = await podNames(c, 'kubia-');
      expect(await c.ok(`proxy mode ${mode}`)).toBe(`kube-proxy mode: ${mode}${mode === 'ipvs' ? ' (scheduler rr)' : ''}\n`);
      const answers = (await curls(c, pods[0]!, 'http://kubia', 6)).map((a) => a.trim().replace("You've hit ", ''));
      expect(new Set(answers.slice(0, 3)).size).toBe(3);
      expect(answers.slice(3)).toEqual(answers.slice(0, 3));
    }
  });

  test('--trace shows the hops: DNS, the kube-proxy rule, DNAT, the pod that answered', async () => {
    const c = await kubiaCluster();
    const [client] = await podNames(c, 'kubia-');
    const r = await c.run(`exec ${client} --trace -- curl -s http://kubia`);
    expect(r.exitCode).toBe(0);
    const ip = clusterIP(c, 'kubia');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`[trace] DNS kubia -> kubia.default.svc.cluster.local A ${ip}`);
    expect(lines[1]).toMatch(new RegExp(`^\\[trace\\] kube-proxy \\(iptables\\) on kind-worker2?: ${ip.replace(/\./g, '\\.')}:80 is default/kubia$`));
    expect(lines[2]).toMatch(/^\[trace\] rule: KUBE-SVC-XCCRWSFD2BRL7CRI rule [123]\/3 .* -> KUBE-SEP-[A-Z2-7]{16}$/);
    expect(lines[3]).toMatch(new RegExp(`^\\[trace\\] DNAT ${ip.replace(/\./g, '\\.')}:80 -> 10\\.244\\.\\d+\\.\\d+:8080$`));
    expect(lines[4]).toMatch(/^\[trace\] answered by pod default\/kubia-/);
    expect(lines[5]).toMatch(/^\[trace\] response: HTTP\/1\.1 200 OK \(3[34] bytes\)$/);
  });
});

describe('session affinity timeout on the cluster clock', () => {
  test('the affinity entry is reused until timeoutSeconds pass, then a new pick is made', async () => {
    const c = await kubiaCluster(`apiVersion: v1
kind: Service
metadata:
  name: kubia-aff
spec:
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 10
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`);
    const [client] = await podNames(c, 'kubia-');
    const rule = async () => (await c.run(`exec ${client} --trace -- curl -s kubia-aff`)).stderr.split('\n')[2]!;
    expect(await rule()).toMatch(/^\[trace\] rule: KUBE-SVC-[A-Z2-7]{16} rule \d\/3 .*; affinity recorded for 10\.244\.\d+\.\d+ \(10s\)$/);
    await c.ok('advance 5s');
    expect(await rule()).toMatch(/^\[trace\] rule: affinity: -m recent --name KUBE-SEP-[A-Z2-7]{16} --rcheck --seconds 10 --reap \(client 10\.244\.\d+\.\d+\)$/);
    await c.ok('advance 11s');
    expect(await rule()).toMatch(/affinity recorded for/);
  });
});

test('a shell loop in one exec spreads its requests over the backends', async () => {
  const c = await kubiaCluster();
  const pods = await podNames(c, 'kubia-');
  const out = await c.ok(`exec ${pods[0]} -- sh -c 'for i in $(seq 1 9); do curl -s http://kubia; done'`);
  const lines = out.trim().split('\n');
  expect(lines).toHaveLength(9);
  const hit = new Set(lines.map((l) => l.replace("You've hit ", '')));
  expect(hit.size).toBeGreaterThanOrEqual(2);
  for (const h of hit) expect(pods).toContain(h);
});
