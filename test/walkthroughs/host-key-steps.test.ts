/**
 * The key steps pages paste on the walkthrough's host: `make keys` with a Makefile, `openssl req -x509`,
 * the TLS Secret made from them, all under a `/tmp` that is the walkthrough's own (never the host's).
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from '../../src/lib.js';

const MAKEFILE = `all:

KEY = /tmp/nginx.key
CERT = /tmp/nginx.crt

keys:
\t# The CName used here is specific to the service.
\topenssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout $(KEY) -out $(CERT) -subj "/CN=my-nginx/O=my-nginx"

fail:
\t@echo about to fail
\tfalse
\techo never
`;

describe('make and openssl on the walkthrough host', () => {
  test('make keys writes a key pair into /tmp that kubectl accepts as a TLS Secret', async () => {
    const c = createCluster();
    const realTmpBefore = existsSync('/tmp/kube-sim-test-nginx.key');
    c.file('Makefile', MAKEFILE);
    const make = await c.run('make keys KEY=/tmp/kube-sim-test-nginx.key CERT=/tmp/nginx.crt');
    expect(make.exitCode).toBe(0);
    expect(make.stdout).toBe(
      '# The CName used here is specific to the service.\nopenssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout /tmp/kube-sim-test-nginx.key -out /tmp/nginx.crt -subj "/CN=my-nginx/O=my-nginx"\n',
    );
    expect(make.stderr).toMatch(/^[.+*\n]+-----\n$/);
    expect(await c.run('ls /tmp')).toEqual({ stdout: 'kube-sim-test-nginx.key\nnginx.crt\n', stderr: '', exitCode: 0 });
    expect(await c.run('openssl x509 -in /tmp/nginx.crt -noout -subject -issuer -startdate -enddate')).toEqual({
      stdout: 'subject=CN = my-nginx, O = my-nginx\nissuer=CN = my-nginx, O = my-nginx\nnotBefore=Nov 21 22:50:00 2026 GMT\nnotAfter=Nov 21 22:50:00 2027 GMT\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await c.run('kubectl create secret tls nginxsecret --key /tmp/kube-sim-test-nginx.key --cert /tmp/nginx.crt')).toEqual({ stdout: 'secret/nginxsecret created\n', stderr: '', exitCode: 0 });
    expect(await c.run('head -1 /tmp/kube-sim-test-nginx.key')).toEqual({ stdout: '-----BEGIN PRIVATE KEY-----\n', stderr: '', exitCode: 0 });
    // The host's own /tmp never saw the file.
    expect(existsSync('/tmp/kube-sim-test-nginx.key')).toBe(realTmpBefore);
    c.dispose();
  });

  test('the same request on the same clock gives the same certificate; another subject another one', async () => {
    const a = createCluster();
    const b = createCluster();
    const req = 'openssl req -x509 -nodes -days 30 -newkey rsa:2048 -keyout k -out c -subj "/CN=x" 2>/dev/null; cat c';
    const ca = (await a.run(req)).stdout;
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect((await b.run(req)).stdout).toBe(ca);
    expect((await b.run(req.replace('/CN=x', '/CN=y'))).stdout).not.toBe(ca);
    a.dispose();
    b.dispose();
  });

  test("Kubernetes in Action's way: genrsa, then req -new -x509 with that key, then the Secret", async () => {
    const c = createCluster();
    expect(await c.run('openssl genrsa -out tls.key 2048')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.run('openssl req -new -x509 -key tls.key -out tls.cert -days 360 -subj /CN=kubia.example.com')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.run('openssl x509 -in tls.cert -noout -subject')).toEqual({ stdout: 'subject=CN = kubia.example.com\n', stderr: '', exitCode: 0 });
    expect(await c.run('kubectl create secret tls tls-secret --cert=tls.cert --key=tls.key')).toEqual({ stdout: 'secret/tls-secret created\n', stderr: '', exitCode: 0 });
    c.dispose();
  });

  test("make's own messages: nothing to do, no rule, a failing recipe line, no makefile", async () => {
    const c = createCluster();
    expect(await c.run('make')).toEqual({ stdout: '', stderr: 'make: *** No targets specified and no makefile found.  Stop.\n', exitCode: 2 });
    c.file('Makefile', MAKEFILE);
    expect(await c.run('make')).toEqual({ stdout: "make: Nothing to be done for 'all'.\n", stderr: '', exitCode: 0 });
    expect(await c.run('make nope')).toEqual({ stdout: '', stderr: "make: *** No rule to make target 'nope'.  Stop.\n", exitCode: 2 });
    expect(await c.run('make fail')).toEqual({ stdout: 'about to fail\nfalse\n', stderr: 'make: *** [Makefile:12: fail] Error 1\n', exitCode: 2 });
    expect(await c.run('make -n keys')).toMatchObject({ exitCode: 0, stderr: '' });
    c.dispose();
  });

  test("/tmp is private to each walkthrough and gone with it; paths out of it stay refused", async () => {
    const a = createCluster();
    const b = createCluster();
    expect(await a.run('echo secret > /tmp/host-key-steps-note; cat /tmp/host-key-steps-note')).toEqual({ stdout: 'secret\n', stderr: '', exitCode: 0 });
    expect(await b.run('cat /tmp/host-key-steps-note')).toEqual({ stdout: '', stderr: 'cat: /tmp/host-key-steps-note: No such file or directory\n', exitCode: 1 });
    const escape = await a.run('cat /tmp/../etc/passwd');
    expect(escape.exitCode).toBe(1);
    expect(escape.stderr).toBe("cat: /etc/passwd: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)\n");
    // The note lives in one private directory of the host's temporary space, which goes with the walkthrough.
    const holding = () => readdirSync(tmpdir()).filter((n) => n.startsWith('kube-sim-walkthrough-tmp-') && existsSync(join(tmpdir(), n, 'host-key-steps-note')));
    expect(holding()).toHaveLength(1);
    a.dispose();
    b.dispose();
    expect(holding()).toHaveLength(0);
  });
});
