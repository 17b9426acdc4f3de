/**
 * The images of kubernetes.io's Services and DNS pages: what each answers (full text), what it logs, the
 * tools it ships, and the BusyBox build each image's applets name.
 */
import { describe, expect, test } from 'vitest';
import { createPrivateKey } from 'node:crypto';
import { TestCluster } from '../helpers.js';
import { selfSignedCertificate } from '../../src/shell/programs/openssl.js';
import { RSA_KEY_POOL } from '../../src/shell/programs/openssl-keys.js';

/** A pod of `image` (`kubectl run`), running once the command returns. */
async function pod(c: TestCluster, name: string, image: string, args = ''): Promise<void> {
  await c.ok(`run ${name} --image=${image}${args ? ` -- ${args}` : ''}`);
}

/** A shell script run in a pod through `exec -i POD -- sh`: stdout and stderr together. */
async function sh(c: TestCluster, podName: string, script: string): Promise<string> {
  const r = await c.run(`exec -i ${podName} -- sh`, script);
  return r.stdout + r.stderr;
}

describe('serve_hostname (Debug Services)', () => {
  test('answers its hostname on 9376 without a newline, logs each client with its port', async () => {
    const c = new TestCluster();
    await c.ok('create deployment hostnames --image=registry.k8s.io/serve_hostname');
    await pod(c, 'client', 'gcr.io/google-containers/busybox', 'sleep 3600');
    const ip = (await c.ok("get pods -l app=hostnames -o jsonpath={.items[0].status.podIP}")).trim();
    expect(await sh(c, 'client', `wget -qO- ${ip}:9376; echo; wget -qO- ${ip}:80`)).toMatchInlineSnapshot(`
      "hostnames-57f9c48489-mzk82
      wget: can't connect to remote host (10.244.2.2): Connection refused
      command terminated with exit code 1
      "
    `);
    expect(await c.ok('logs deploy/hostnames')).toMatchInlineSnapshot(`
      "2026/11/21 22:50:00 Serving on port 9376.
      2026/11/21 22:50:00 HTTP request from 10.244.1.2:52641
      "
    `);
    // The Service on port 80 reaches it through targetPort 9376.
    await c.ok('expose deployment hostnames --port=80 --target-port=9376');
    expect(await sh(c, 'client', 'wget -qO- hostnames')).toMatchInlineSnapshot(`"hostnames-57f9c48489-mzk82"`);
  });
});

describe('echoserver (Using Source IP)', () => {
  test('1.10 echoes the request: client address, method, URI, sorted lower-case headers; logs with the chunked size', async () => {
    const c = new TestCluster();
    await c.ok('create deployment source-ip-app --image=registry.k8s.io/echoserver:1.10');
    await c.ok('expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 --type=NodePort');
    await pod(c, 'client', 'busybox:1.28', 'sleep 3600');
    expect(await sh(c, 'client', "wget -qO- 'nodeport/path?x=1'")).toMatchInlineSnapshot(`
      "

      Hostname: source-ip-app-7f66b7b8f5-mzk82

      Pod Information:
      	-no pod information available-

      Server values:
      	server_version=nginx: 1.13.3 - lua: 10008

      Request Information:
      	client_address=10.244.1.2
      	method=GET
      	real path=/path?x=1
      	query=x=1
      	request_version=1.1
      	request_scheme=http
      	request_uri=http://nodeport:8080/path?x=1

      Request Headers:
      	connection=close
      	host=nodeport
      	user-agent=Wget

      Request Body:
      	-no body in request-

      "
    `);
    const port = (await c.ok('get svc nodeport -o jsonpath={.spec.ports[0].nodePort}')).trim();
    expect((await c.run(`curl -s -i -H 'X-Test: yes' -X POST -d hello 172.18.0.2:${port}/`)).stdout).toMatchInlineSnapshot(`
      "HTTP/1.1 200 OK
      Date: Sat, 21 Nov 2026 22:50:00 GMT
      Content-Type: text/plain
      Transfer-Encoding: chunked
      Connection: keep-alive
      Server: echoserver



      Hostname: source-ip-app-7f66b7b8f5-mzk82

      Pod Information:
      	-no pod information available-

      Server values:
      	server_version=nginx: 1.13.3 - lua: 10008

      Request Information:
      	client_address=172.18.0.2
      	method=POST
      	real path=/
      	query=
      	request_version=1.1
      	request_scheme=http
      	request_uri=http://172.18.0.2:8080/

      Request Headers:
      	accept=*/*
      	content-length=5
      	content-type=application/x-www-form-urlencoded
      	host=172.18.0.2:31331
      	user-agent=curl/7.88.1
      	x-test=yes

      Request Body:
      hello

      "
    `);
    expect(await c.ok('logs deploy/source-ip-app')).toMatchInlineSnapshot(`
      "Generating self-signed cert
      Generating a 2048 bit RSA private key
      ..................................................+++
      .................................................................................+++
      writing new private key to '/certs/privateKey.key'
      -----
      Starting nginx
      10.244.1.2 - - [21/Nov/2026:22:50:00 +0000] "GET /path?x=1 HTTP/1.1" 200 448 "-" "Wget"
      172.18.0.2 - - [21/Nov/2026:22:50:00 +0000] "POST / HTTP/1.1" 200 503 "-" "curl/7.88.1"
      "
    `);
  });

  test('1.4 prints the older CLIENT VALUES layout, the body without a final newline', async () => {
    const c = new TestCluster();
    await pod(c, 'echo', 'registry.k8s.io/echoserver:1.4');
    await pod(c, 'client', 'busybox:1.28', 'sleep 3600');
    const ip = (await c.ok('get pod echo -o jsonpath={.status.podIP}')).trim();
    expect(await sh(c, 'client', `wget -qO- ${ip}:8080`)).toMatchInlineSnapshot(`
      "CLIENT VALUES:
      client_address=10.244.1.2
      command=GET
      real path=/
      query=nil
      request_version=1.1
      request_uri=http://10.244.2.2:8080/

      SERVER VALUES:
      server_version=nginx: 1.10.0 - lua: 10001

      HEADERS RECEIVED:
      connection=close
      host=10.244.2.2:8080
      user-agent=Wget
      BODY:
      -no body in request-"
    `);
  });

  test('8443 speaks TLS with a self-signed certificate', async () => {
    const c = new TestCluster();
    await pod(c, 'echo', 'registry.k8s.io/echoserver:1.10');
    await pod(c, 'client', 'curlimages/curl', 'sleep 3600');
    const ip = (await c.ok('get pod echo -o jsonpath={.status.podIP}')).trim();
    expect(await sh(c, 'client', `curl -sS https://${ip}:8443/; echo "exit $?"; curl -sk https://${ip}:8443/ | grep -E 'scheme|uri'`)).toMatchInlineSnapshot(`
      "exit 60
      	request_scheme=https
      	request_uri=https://10.244.2.2:8443/
      curl: (60) SSL certificate problem: self-signed certificate
      More details here: https://curl.se/docs/sslcerts.html

      curl failed to verify the legitimacy of the server and therefore could not
      establish a secure connection to it. To learn more about this situation and
      how to fix it, please visit the web page mentioned above.
      "
    `);
  });
});

describe('hello-app', () => {
  test('1.0 and 2.0 answer their version and hostname on $PORT; distroless, so no shell', async () => {
    const c = new TestCluster();
    await pod(c, 'v1', 'gcr.io/google-samples/hello-app:1.0');
    await c.ok('run v2 --image=us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0 --env=PORT=9000');
    await pod(c, 'client', 'curlimages/curl', 'sleep 3600');
    const ip1 = (await c.ok('get pod v1 -o jsonpath={.status.podIP}')).trim();
    const ip2 = (await c.ok('get pod v2 -o jsonpath={.status.podIP}')).trim();
    expect(await sh(c, 'client', `curl -s ${ip1}:8080/any; curl -s ${ip2}:9000; curl -sS ${ip2}:8080`)).toMatchInlineSnapshot(`
      "Hello, world!
      Version: 1.0.0
      Hostname: v1
      Hello, world!
      Version: 2.0.0
      Hostname: v2
      curl: (7) Failed to connect to 10.244.1.2 port 8080 after 0 ms: Couldn't connect to server
      command terminated with exit code 7
      "
    `);
    expect(await c.ok('logs v2')).toMatchInlineSnapshot(`
      "2026/11/21 22:50:00 Server listening on port 9000
      2026/11/21 22:50:00 Serving request: /
      "
    `);
    const r = await c.run('exec v1 -- sh');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/exec: "sh": executable file not found in \$PATH/);
  });
});

describe('agnhost', () => {
  test('netexec: /hostname, /clientip, /echo, /shell, / and its log', async () => {
    const c = new TestCluster();
    await pod(c, 'ne', 'registry.k8s.io/e2e-test-images/agnhost:2.39', 'netexec --http-port=8080 --udp-port=8081');
    await pod(c, 'client', 'curlimages/curl', 'sleep 3600');
    await c.ok('advance 7s');
    const ip = (await c.ok('get pod ne -o jsonpath={.status.podIP}')).trim();
    const script = ['/hostname', '/clientip', "'/echo?msg=hello%20there'", "'/echo?msg=teapot&code=418'", "'/shell?cmd=echo%20%22%3Cb%3E%22%20%26%26%20ls%20/%20%7C%20head%20-2'", '/healthz', '/anything'].map((p) => `curl -s -w ' [%{http_code}]\\n' ${ip}:8080${p}`).join('\n');
    expect(await sh(c, 'client', script)).toMatchInlineSnapshot(`
      "ne [200]
      10.244.1.2:37635 [200]
      hello there [200]
      teapot [418]
      {"output":"\\u003cb\\u003e\\nagnhost\\nbin\\n"} [200]
       [200]
      NOW: 2026-11-21 22:50:07 +0000 UTC m=+7.000000000 [200]
      "
    `);
    expect(await c.ok('logs ne')).toMatchInlineSnapshot(`
      "2026/11/21 22:50:00 Started HTTP server on port 8080
      2026/11/21 22:50:00 Started UDP server on port  8081
      2026/11/21 22:50:07 GET /hostname
      2026/11/21 22:50:07 GET /clientip
      2026/11/21 22:50:07 GET /echo?msg=hello there&code=
      2026/11/21 22:50:07 GET /echo?msg=teapot&code=418
      2026/11/21 22:50:07 GET /shell?cmd=echo "<b>" && ls / | head -2
      2026/11/21 22:50:07 Output: map[output:<b>
      agnhost
      bin
      ]
      2026/11/21 22:50:07 GET /healthz
      2026/11/21 22:50:07 GET /
      "
    `);
  });

  test('serve-hostname, pause and the printing subcommands; /agnhost is the entrypoint', async () => {
    const c = new TestCluster();
    await pod(c, 'sh', 'registry.k8s.io/e2e-test-images/agnhost:2.39', 'serve-hostname --port=9377');
    await pod(c, 'paused', 'registry.k8s.io/e2e-test-images/agnhost:2.39');
    await pod(c, 'client', 'curlimages/curl', 'sleep 3600');
    const ip = (await c.ok('get pod sh -o jsonpath={.status.podIP}')).trim();
    expect(await sh(c, 'client', `curl -s ${ip}:9377; echo; curl -sS ${ip}:9376`)).toMatchInlineSnapshot(`
      "sh
      curl: (7) Failed to connect to 10.244.2.2 port 9376 after 0 ms: Couldn't connect to server
      command terminated with exit code 7
      "
    `);
    expect(await c.ok('logs paused')).toBe('Paused\n');
    expect(await c.ok('exec paused -- /agnhost dns-suffix')).toBe('default.svc.cluster.local,svc.cluster.local,cluster.local\n');
    expect(await c.ok('exec paused -- agnhost dns-server-list')).toBe('10.96.0.10\n');
    expect(await c.ok('exec paused -- /agnhost etc-hosts')).toMatchInlineSnapshot(`
      "# Kubernetes-managed hosts file.
      127.0.0.1	localhost
      ::1	localhost ip6-localhost ip6-loopback
      fe00::0	ip6-localnet
      fe00::0	ip6-mcastprefix
      fe00::1	ip6-allnodes
      fe00::2	ip6-allrouters
      10.244.1.2	paused

      "
    `);
    expect(await c.run('exec paused -- /agnhost nope')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "Error: unknown command "nope" for "app"
      Run 'app --help' for usage.
      command terminated with exit code 1
      ",
        "stdout": "",
      }
    `);
    expect(await c.ok('exec paused -- nslookup kubernetes.default')).toMatchInlineSnapshot(`
      "Server:		10.96.0.10
      Address:	10.96.0.10#53

      Name:	kubernetes.default.svc.cluster.local
      Address: 10.96.0.1

      "
    `);
  });
});

describe('curlimages/curl', () => {
  test('arguments go to curl through its entrypoint; a program name runs that program', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=registry.k8s.io/serve_hostname');
    await c.ok('expose deployment web --port=80 --target-port=9376');
    await pod(c, 'c1', 'curlimages/curl', '-s http://web');
    expect(await c.ok('logs c1')).toMatchInlineSnapshot(`
      "web-5d4876577c-mzk82
      "
    `);
    const r = await c.run('run -i --rm c2 --image=curlimages/curl --restart=Never -- sh', 'curl -s web; echo; echo "shell $0"\n');
    expect(r).toMatchInlineSnapshot(`
      {
        "exitCode": 0,
        "stderr": "If you don't see a command prompt, try pressing enter.
      ",
        "stdout": "web-5d4876577c-mzk82
      shell sh
      pod "c2" deleted
      ",
      }
    `);
  });
});

describe('nicolaka/netshoot', () => {
  test('iproute2, dig and curl in one image; zsh as its shell; apk answers as without network', async () => {
    const c = new TestCluster();
    await pod(c, 'ns', 'nicolaka/netshoot', 'sleep infinity');
    expect(await sh(c, 'ns', 'ip addr; ip route; dig +short kubernetes.default.svc.cluster.local; curl -sk https://kubernetes -o /dev/null -w "%{http_code}\\n"')).toMatchInlineSnapshot(`
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
          link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
          inet 127.0.0.1/8 scope host lo
             valid_lft forever preferred_lft forever
          inet6 ::1/128 scope host 
             valid_lft forever preferred_lft forever
      2: eth0@if21: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default 
          link/ether f2:e9:06:5a:d9:3c brd ff:ff:ff:ff:ff:ff link-netnsid 0
          inet 10.244.2.2/24 brd 10.244.2.255 scope global eth0
             valid_lft forever preferred_lft forever
          inet6 fe80::f0e9:6ff:fe5a:d93c/64 scope link 
             valid_lft forever preferred_lft forever
      default via 10.244.2.1 dev eth0
      10.244.2.0/24 via 10.244.2.1 dev eth0 src 10.244.2.2
      10.244.2.1 dev eth0 scope link src 10.244.2.2
      10.96.0.1
      403
      "
    `);
    await c.ok('create deployment web --image=gcr.io/google-samples/hello-app:1.0');
    await c.ok('expose deployment web --port=80 --target-port=8080');
    expect(await sh(c, 'ns', 'nc -zv web 80; nc -zv web 81 -w 1; nc -zv kubernetes 443; nc -z web 8080; echo "exit $?"; nc -zv nope 80')).toMatchInlineSnapshot(`
      "exit 1
      Connection to web 80 port [tcp/http] succeeded!
      nc: connect to web port 81 (tcp) timed out: Operation now in progress
      Connection to kubernetes 443 port [tcp/https] succeeded!
      nc: getaddrinfo for host "nope" port 80: Name does not resolve
      command terminated with exit code 1
      "
    `);
    // Only connections were made: the application logged no request.
    expect(await c.ok('logs deploy/web')).toBe('2026/11/21 22:50:00 Server listening on port 8080\n');
    expect(await c.run('run tmp --rm -i --restart=Never --image=nicolaka/netshoot', 'echo $0\nnope\n')).toMatchInlineSnapshot(`
      {
        "exitCode": 127,
        "stderr": "If you don't see a command prompt, try pressing enter.
      zsh: command not found: nope
      pod default/tmp terminated (Error)
      ",
        "stdout": "zsh
      pod "tmp" deleted
      ",
      }
    `);
    expect(await sh(c, 'ns', 'apk add tcptraceroute; echo "exit $?"')).toMatchInlineSnapshot(`
      "fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz
      fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz
      exit 1
      WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.20/main: temporary error (try again later)
      WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.20/community: temporary error (try again later)
      ERROR: unable to select packages:
        tcptraceroute (no such package):
          required by: world[tcptraceroute]
      "
    `);
  });
});

describe('BusyBox builds', () => {
  test('each image names its own BusyBox; before 1.31 nslookup is the classic one', async () => {
    const c = new TestCluster();
    await pod(c, 'old', 'gcr.io/google-containers/busybox', 'sleep 3600');
    await pod(c, 'b128', 'busybox:1.28', 'sleep 3600');
    await pod(c, 'b137', 'busybox:1.37', 'sleep 3600');
    await pod(c, 'tomcat', 'tomcat:8.5.34-jre8-alpine', 'sleep 3600');
    for (const p of ['old', 'b128', 'b137', 'tomcat']) {
      const r = await c.run(`exec ${p} -- nslookup`);
      expect(r.stderr.split('\n')[0], p).toMatchSnapshot();
    }
    expect(await c.ok('exec old -- nslookup kubernetes.default')).toMatchInlineSnapshot(`
      "Server:    10.96.0.10
      Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

      Name:      kubernetes.default
      Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local
      "
    `);
    expect(await c.ok('exec tomcat -- nslookup kubernetes.default')).toMatchInlineSnapshot(`
      "Server:    10.96.0.10
      Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

      Name:      kubernetes.default
      Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local
      "
    `);
    expect(await c.run('exec b137 -- wget')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.

      Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
      	[--post-data STR | --post-file FILE] [-Y on/off]
      	[-P DIR] [-U AGENT] [-T SEC] URL...
      command terminated with exit code 1
      ",
        "stdout": "",
      }
    `);
  });

  test('alpine: ip shows the pod network, apk fails offline', async () => {
    const c = new TestCluster();
    await pod(c, 'a', 'alpine:3.21', 'sleep 3600');
    expect(await sh(c, 'a', 'ip -4 addr show eth0 | grep inet; ip route')).toMatchInlineSnapshot(`
      "    inet 10.244.2.2/24 brd 10.244.2.255 scope global eth0
      default via 10.244.2.1 dev eth0 
      10.244.2.0/24 via 10.244.2.1 dev eth0 src 10.244.2.2 
      10.244.2.1 dev eth0 scope link src 10.244.2.2 
      "
    `);
    expect(await c.run('exec a -- apk add curl')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.21/main: temporary error (try again later)
      WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.21/community: temporary error (try again later)
      ERROR: unable to select packages:
        curl (no such package):
          required by: world[curl]
      command terminated with exit code 1
      ",
        "stdout": "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz
      fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz
      ",
      }
    `);
  });
});

describe('bprashanth/nginxhttps', () => {
  test('nginx on 80 and 443 with the certificate its config names; curl verifies it with --cacert', async () => {
    const c = new TestCluster();
    await pod(c, 'web', 'bprashanth/nginxhttps:1.0');
    await pod(c, 'client', 'curlimages/curl', 'sleep 3600');
    // The page mounts these from a ConfigMap and a Secret; written by hand here.
    const conf = 'server {\n  listen 80;\n  listen 443 ssl;\n  ssl_certificate /etc/nginx/ssl/tls.crt;\n  ssl_certificate_key /etc/nginx/ssl/tls.key;\n}\n';
    const cert = CERT;
    await c.ok('exec -i web -- sh -c "cat > /etc/nginx/conf.d/default.conf"', conf);
    await c.ok('exec -i web -- sh -c "cat > /etc/nginx/ssl/tls.crt"', cert);
    await c.ok('exec -i client -- sh -c "cat > /tmp/ca.crt"', cert);
    await c.ok('expose pod web --name=my-nginx --port=443');
    const ip = (await c.ok('get pod web -o jsonpath={.status.podIP}')).trim();
    expect(
      await sh(
        c,
        'client',
        [
          'curl -s https://my-nginx --cacert /tmp/ca.crt | grep title',
          `curl -sS https://${ip} --cacert /tmp/ca.crt; echo "exit $?"`,
          'curl -sS https://my-nginx; echo "exit $?"',
          'curl -sS https://my-nginx --cacert /nope; echo "exit $?"',
          `curl -s http://${ip}:443 | head -2`,
          `curl -sk https://${ip}/nope | grep center`,
        ].join('\n'),
      ),
    ).toMatchInlineSnapshot(`
      "<title>Welcome to nginx!</title>
      exit 60
      exit 60
      exit 77
      <html>
      <head><title>400 The plain HTTP request was sent to HTTPS port</title></head>
      <center><h1>404 Not Found</h1></center>
      <hr><center>nginx/1.9.10</center>
      curl: (60) SSL: certificate subject name 'my-nginx' does not match target host name '10.244.2.2'
      More details here: https://curl.se/docs/sslcerts.html

      curl failed to verify the legitimacy of the server and therefore could not
      establish a secure connection to it. To learn more about this situation and
      how to fix it, please visit the web page mentioned above.
      curl: (60) SSL certificate problem: self-signed certificate
      More details here: https://curl.se/docs/sslcerts.html

      curl failed to verify the legitimacy of the server and therefore could not
      establish a secure connection to it. To learn more about this situation and
      how to fix it, please visit the web page mentioned above.
      curl: (77) error setting certificate file: /nope
      "
    `);
  });
});

/** A self-signed certificate for CN=my-nginx, as the simulated `openssl req -x509` makes it. */
const CERT = selfSignedCertificate(createPrivateKey(RSA_KEY_POOL[2048]![0]!), [['CN', 'my-nginx'], ['O', 'my-nginx']], new Date('2026-11-21T22:50:00Z'), 365, 'test');
