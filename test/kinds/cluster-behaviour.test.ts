/**
 * Smaller behaviours of a kind cluster: a dnsPolicy Default pod uses the node's resolver (no cluster
 * names), `hostname -f` prints the FQDN of a pod with a subdomain, ping without -c keeps going until the
 * program's time budget ends it, NodePorts answer on a node's localhost in iptables mode (not in IPVS
 * mode), and ingress-nginx's banner names the release of its image.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

describe('DNS policy and host names', () => {
  it('dnsPolicy Default resolves no cluster names; ClusterFirst does', async () => {
    const c = new TestCluster();
    await c.ok(`run dflt --image=tutum/dnsutils --overrides='{"spec":{"dnsPolicy":"Default"}}' -- sleep 3600`);
    await c.ok('run normal --image=tutum/dnsutils -- sleep 3600');
    expect(await c.ok('exec dflt -- cat /etc/resolv.conf')).toMatchInlineSnapshot(`
      "nameserver 172.18.0.1
      options edns0 trust-ad ndots:0
      "
    `);
    expect(await c.run('exec dflt -- nslookup kubernetes.default.svc.cluster.local')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "command terminated with exit code 1
      ",
        "stdout": "Server:		172.18.0.1
      Address:	172.18.0.1#53

      ** server can't find kubernetes.default.svc.cluster.local: NXDOMAIN

      ",
      }
    `);
    expect((await c.ok('exec normal -- nslookup kubernetes.default')).split('\n').slice(-3)).toEqual(['Address: 10.96.0.1', '', '']);
  });

  it('hostname -f is the name the pod\'s /etc/hosts gives first: the FQDN with a subdomain', async () => {
    const c = new TestCluster();
    c.file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\nspec:\n  hostname: web-0\n  subdomain: nginx\n  containers:\n  - name: c\n    image: busybox\n    command: [sleep, "3600"]\n');
    await c.ok('create -f pod.yaml');
    await c.ok('run plain --image=busybox -- sleep 3600');
    expect(await c.ok('exec web-0 -- hostname -f')).toBe('web-0.nginx.default.svc.cluster.local\n');
    expect(await c.ok('exec web-0 -- hostname')).toBe('web-0\n');
    expect(await c.ok('exec plain -- hostname -f')).toBe('plain\n');
  });
});

describe('ping', () => {
  it('-c and -w stop it; without either it runs until the time budget kills it', async () => {
    const c = new TestCluster();
    await c.ok('run box --image=busybox -- sleep 3600');
    expect(await c.ok('exec box -- ping -c 2 172.18.0.3')).toMatchInlineSnapshot(`
      "PING 172.18.0.3 (172.18.0.3): 56 data bytes
      64 bytes from 172.18.0.3: seq=0 ttl=64 time=0.061 ms
      64 bytes from 172.18.0.3: seq=1 ttl=64 time=0.078 ms

      --- 172.18.0.3 ping statistics ---
      2 packets transmitted, 2 packets received, 0% packet loss
      round-trip min/avg/max = 0.061/0.070/0.078 ms
      "
    `);
    expect(await c.ok('exec box -- ping -w 3 172.18.0.4')).toMatchInlineSnapshot(`
      "PING 172.18.0.4 (172.18.0.4): 56 data bytes
      64 bytes from 172.18.0.4: seq=0 ttl=64 time=0.061 ms
      64 bytes from 172.18.0.4: seq=1 ttl=64 time=0.078 ms
      64 bytes from 172.18.0.4: seq=2 ttl=64 time=0.095 ms

      --- 172.18.0.4 ping statistics ---
      3 packets transmitted, 3 packets received, 0% packet loss
      round-trip min/avg/max = 0.061/0.078/0.095 ms
      "
    `);
    expect(await c.run('exec box -- ping 127.0.0.1')).toMatchInlineSnapshot(`
      {
        "exitCode": 137,
        "stderr": "kube-sim: program killed: it ran longer than 5 s (the wall-clock budget of a simulated program)
      command terminated with exit code 137
      ",
        "stdout": "PING 127.0.0.1 (127.0.0.1): 56 data bytes
      64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.061 ms
      64 bytes from 127.0.0.1: seq=1 ttl=64 time=0.078 ms
      64 bytes from 127.0.0.1: seq=2 ttl=64 time=0.095 ms
      64 bytes from 127.0.0.1: seq=3 ttl=64 time=0.072 ms
      64 bytes from 127.0.0.1: seq=4 ttl=64 time=0.089 ms
      ",
      }
    `);
  });
});

describe('node ports on localhost', () => {
  it('answer in iptables mode (route_localnet), not in IPVS mode', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx');
    await c.ok('expose deploy web --type=NodePort --port=80');
    const port = await c.ok('get svc web -o jsonpath={.spec.ports[0].nodePort}');
    expect((await c.run(`ssh kind-worker -- curl -s -o /dev/null -w %{http_code} localhost:${port}`)).stdout).toBe('200');
    await c.ok('proxy mode ipvs');
    expect(await c.run(`ssh kind-worker -- curl -s localhost:${port}`)).toEqual({ stdout: '', stderr: '', exitCode: 7 });
  });
});

describe('ingress-nginx', () => {
  it('logs the Release of its image tag', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.17');
    await c.ok('apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-0.32.0/deploy/static/provider/baremetal/deploy.yaml');
    expect(await c.ok('logs -n ingress-nginx deploy/ingress-nginx-controller')).toMatchInlineSnapshot(`
      "-------------------------------------------------------------------------------
      NGINX Ingress controller
        Release:       0.32.0
        Build:         git-446845114
        Repository:    https://github.com/kubernetes/ingress-nginx
        nginx version: nginx/1.19.0

      -------------------------------------------------------------------------------

      "
    `);
  });
});
