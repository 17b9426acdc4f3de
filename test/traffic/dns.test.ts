/** Name lookups from pods: nslookup styles, headless services and readiness, ExternalName, manual endpoints. */
import { describe, expect, test } from 'vitest';
import type { ClusterState } from '../../src/api/types.js';
import { TestCluster } from '../helpers.js';
import { pod, HEADLESS, READINESS_RC, EXTERNAL_NAME, MANUAL_ENDPOINTS, kubiaCluster } from './fixtures.js';

const BIND9_HEAD = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n';

function podIPs(c: TestCluster, prefix: string): Record<string, string> {
  const s: ClusterState = c.store.load()!;
  const out: Record<string, string> = {};
  for (const p of Object.values(s.objects.pods ?? {})) if (p.metadata.name.startsWith(prefix)) out[p.metadata.name] = (p.status as { podIP: string }).podIP;
  return out;
}

async function readinessCluster(publishNotReady: boolean): Promise<{ c: TestCluster; pods: string[] }> {
  const c = new TestCluster();
  c.file('x.yaml', [HEADLESS(publishNotReady), READINESS_RC, pod('dnsutils', 'tutum/dnsutils'), EXTERNAL_NAME, MANUAL_ENDPOINTS].join('---\n'));
  await c.ok('apply -f x.yaml');
  await c.ok('advance 30s');
  const pods = Object.keys(podIPs(c, 'goweb-readiness-')).sort();
  return { c, pods };
}

describe('nslookup of a headless service', () => {
  test('no ready pod: NXDOMAIN; after touch /var/ready the ready pod\'s IP', async () => {
    const { c, pods } = await readinessCluster(false);
    expect(await c.run('exec dnsutils -- nslookup goweb-headless')).toEqual({
      stdout: `${BIND9_HEAD}** server can't find goweb-headless: NXDOMAIN\n\n`,
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    expect(await c.run(`exec ${pods[0]} -- touch /var/ready`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    await c.ok('advance 5s');
    const ip = podIPs(c, pods[0]!)[pods[0]!];
    expect(await c.run('exec dnsutils -- nslookup goweb-headless')).toEqual({
      stdout: `${BIND9_HEAD}Name:\tgoweb-headless.default.svc.cluster.local\nAddress: ${ip}\n\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(await c.ok('exec dnsutils -- getent hosts goweb-headless')).toBe(`${ip!.padEnd(15)} goweb-headless.default.svc.cluster.local\n`);
    expect(await c.ok('exec dnsutils -- dig +short goweb-headless.default.svc.cluster.local')).toBe(`${ip}\n`);
  });

  test('publishNotReadyAddresses: every pod is listed even when none is ready', async () => {
    const { c } = await readinessCluster(true);
    const ips = Object.values(podIPs(c, 'goweb-readiness-'));
    const r = await c.run('exec dnsutils -- nslookup goweb-headless');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith(BIND9_HEAD)).toBe(true);
    const listed = [...r.stdout.matchAll(/Name:\tgoweb-headless\.default\.svc\.cluster\.local\nAddress: (\S+)\n/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(ips.sort());
  });
});

describe('ExternalName and manual endpoints', () => {
  test('ExternalName gives the CNAME; the target resolves once it is a defined external host', async () => {
    const { c, pods } = await readinessCluster(false);
    expect(await c.ok('exec dnsutils -- nslookup external-service')).toBe(`${BIND9_HEAD}external-service.default.svc.cluster.local\tcanonical name = api.somecompany.com.\n\n`);
    expect(await c.run(`exec ${pods[0]} -- curl -sS http://external-service`)).toEqual({
      stdout: '',
      stderr: 'curl: (6) Could not resolve host: external-service\ncommand terminated with exit code 6\n',
      exitCode: 6,
    });
    expect(await c.ok('external-host add api.somecompany.com --ip 93.184.216.34')).toBe('external host api.somecompany.com (93.184.216.34) defined\n');
    expect(await c.ok('exec dnsutils -- nslookup external-service')).toBe(
      `${BIND9_HEAD}external-service.default.svc.cluster.local\tcanonical name = api.somecompany.com.\nName:\tapi.somecompany.com\nAddress: 93.184.216.34\n\n`,
    );
    expect(await c.ok('exec dnsutils -- host external-service')).toBe('external-service.default.svc.cluster.local is an alias for api.somecompany.com.\napi.somecompany.com has address 93.184.216.34\n');
    expect(await c.ok(`exec ${pods[0]} -- curl -s http://external-service`)).toBe('Hello from api.somecompany.com\n');
  });

  test('manual endpoints 11.11.11.11 time out until a simulated external host answers there', async () => {
    const { c, pods } = await readinessCluster(false);
    expect(await c.run(`exec ${pods[0]} -- curl -sS -m 3 http://external-manual`)).toEqual({
      stdout: '',
      stderr: 'curl: (28) Connection timed out after 3001 milliseconds\ncommand terminated with exit code 28\n',
      exitCode: 28,
    });
    await c.ok('external-host add legacy-api --ip 11.11.11.11 --port 80 --response "legacy answer"');
    expect(await c.ok(`exec ${pods[0]} -- curl -s http://external-manual`)).toBe('legacy answer\n');
    expect(await c.ok('external-host list')).toBe('NAME         IP            PORT   RESPONSE\nlegacy-api   11.11.11.11   80     "legacy answer"\n');
    await c.ok('external-host remove legacy-api');
    expect((await c.run(`exec ${pods[0]} -- curl -s -m 1 http://external-manual`)).exitCode).toBe(28);
  });
});

describe('nslookup output styles by image', () => {
  test('bind9 (tutum/dnsutils), BusyBox 1.28 classic, BusyBox >= 1.31 noisy', async () => {
    const c = await kubiaCluster(pod('dnsutils', 'tutum/dnsutils'), pod('bb128', 'busybox:1.28'), pod('bb', 'busybox'));
    const ip = (c.store.load()!.objects.services!['default/kubia']!.spec as { clusterIP: string }).clusterIP;
    expect(await c.run('exec dnsutils -- nslookup kubia')).toEqual({ stdout: `${BIND9_HEAD}Name:\tkubia.default.svc.cluster.local\nAddress: ${ip}\n\n`, stderr: '', exitCode: 0 });
    expect(await c.run('exec dnsutils -- nslookup nosuch')).toEqual({
      stdout: `${BIND9_HEAD}** server can't find nosuch: NXDOMAIN\n\n`,
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    expect(await c.run('exec bb128 -- nslookup kubia')).toEqual({
      stdout: `Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubia\nAddress 1: ${ip} kubia.default.svc.cluster.local\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(await c.run('exec bb128 -- nslookup nosuch')).toEqual({
      stdout: 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n',
      stderr: "nslookup: can't resolve 'nosuch'\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
    expect(await c.run('exec bb -- nslookup kubia')).toEqual({
      stdout:
        `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubia.default.svc.cluster.local\nAddress: ${ip}\n\n` +
        "** server can't find kubia.svc.cluster.local: NXDOMAIN\n\n** server can't find kubia.cluster.local: NXDOMAIN\n\n" +
        "** server can't find kubia.svc.cluster.local: NXDOMAIN\n\n** server can't find kubia.cluster.local: NXDOMAIN\n\n",
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    expect(await c.ok('exec dnsutils -- host kubia')).toBe(`kubia.default.svc.cluster.local has address ${ip}\n`);
    expect(await c.ok('exec dnsutils -- getent hosts kubia')).toBe(`${ip.padEnd(15)} kubia.default.svc.cluster.local\n`);
    // luksa/kubia has no nslookup: the runtime cannot start it.
    const [kubiaPod] = Object.keys(podIPs(c, 'kubia-'));
    const r = await c.run(`exec ${kubiaPod} -- nslookup kubia`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in \$PATH: unknown\n$/);
  });
});

describe('SRV records and reverse lookups', () => {
  test('named ports give SRV records; the DNS service IP has a PTR', async () => {
    const { KUBIA_NAMED } = await import('./fixtures.js');
    const c = await kubiaCluster(KUBIA_NAMED, pod('dnsutils', 'tutum/dnsutils'));
    expect(await c.ok('exec dnsutils -- nslookup -type=SRV _http._tcp.kubia-named')).toBe(
      `${BIND9_HEAD}_http._tcp.kubia-named.default.svc.cluster.local\tservice = 0 100 80 kubia-named.default.svc.cluster.local.\n\n`,
    );
    expect(await c.ok('exec dnsutils -- dig +short SRV _http._tcp.kubia-named.default.svc.cluster.local')).toBe('0 100 80 kubia-named.default.svc.cluster.local.\n');
    expect(await c.ok('exec dnsutils -- host -t SRV _http._tcp.kubia-named')).toBe('_http._tcp.kubia-named.default.svc.cluster.local has SRV record 0 100 80 kubia-named.default.svc.cluster.local.\n');
    expect(await c.ok('exec dnsutils -- nslookup 10.96.0.10')).toBe(`${BIND9_HEAD}10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local.\n\n`);
    // dig does not use the search list unless asked.
    expect(await c.ok('exec dnsutils -- dig +short kubia')).toBe('');
    const ip = (c.store.load()!.objects.services!['default/kubia']!.spec as { clusterIP: string }).clusterIP;
    expect(await c.ok('exec dnsutils -- dig +short +search kubia')).toBe(`${ip}\n`);
  });
});
