/**
 * The public sites tutorials download from (kubernetes.io, k8s.io, raw.githubusercontent.com), answered
 * offline from the bundled catalogue: from the host (`kube-sim curl`) and from pods (BusyBox's and GNU's
 * wget, curl), with k8s.io's redirect, plain HTTP sent to HTTPS, the sites' 404, and every other name
 * still unknown.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';

const UI = 'color.good=purple\ncolor.bad=yellow\nallow.textmode=true\nhow.nice.to.look=fairlyNice\n';
const RAW = 'https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples';

describe('the public sites, from the host', () => {
  test('kubernetes.io and raw GitHub serve the bundled files; k8s.io redirects there', async () => {
    const c = new TestCluster();
    expect(await c.run('curl -s https://kubernetes.io/examples/configmap/ui.properties')).toEqual({ stdout: UI, stderr: '', exitCode: 0 });
    expect(await c.run(`curl -s ${RAW}/configmap/ui.properties`)).toEqual({ stdout: UI, stderr: '', exitCode: 0 });
    expect(await c.run('curl -si https://k8s.io/examples/configmap/ui.properties')).toEqual({
      stdout:
        'HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 89\r\nLocation: https://kubernetes.io/examples/configmap/ui.properties\r\n\r\n' +
        '<a href="https://kubernetes.io/examples/configmap/ui.properties">Moved Permanently</a>.\n\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await c.run('curl -sL http://k8s.io/examples/configmap/ui.properties')).toEqual({ stdout: UI, stderr: '', exitCode: 0 });
  });

  test('a path the catalogue does not have is the site 404; other names do not resolve', async () => {
    const c = new TestCluster();
    expect(await c.run('curl -s -o /dev/null -w %{http_code} https://kubernetes.io/examples/nope.yaml')).toEqual({ stdout: '404', stderr: '', exitCode: 0 });
    expect(await c.run('curl -sf https://kubernetes.io/examples/nope.yaml')).toEqual({ stdout: '', stderr: '', exitCode: 22 });
    expect(await c.run('curl -s https://example.com/')).toEqual({ stdout: '', stderr: '', exitCode: 6 });
    expect(await c.run('curl https://example.com/')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: example.com\n', exitCode: 6 });
  });

  test('-O saves under the name of the URL asked for, after the redirect', async () => {
    const c = new TestCluster();
    expect(await c.run('curl -sLO https://k8s.io/examples/pods/pod-configmap-volume.yaml')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(readFileSync(join(c.dir, 'pod-configmap-volume.yaml'), 'utf8')).toContain('name: dapi-test-pod\n');
    expect(await c.ok('create -f pod-configmap-volume.yaml')).toBe('pod/dapi-test-pod created\n');
    expect(await c.run('curl -sO https://kubernetes.io/')).toEqual({
      stdout: '',
      stderr: "curl: Remote file name has no length!\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 23,
    });
  });
});

describe('the public sites, from pods', () => {
  test("BusyBox's wget follows k8s.io's redirect; GNU wget says each step", async () => {
    const c = new TestCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    expect(await c.run('exec bb -- wget -O- https://k8s.io/examples/configmap/ui.properties')).toEqual({
      stdout: UI,
      stderr:
        'Connecting to k8s.io (34.107.204.206:443)\nConnecting to kubernetes.io (147.75.40.148:443)\nwriting to stdout\n' +
        '-                    100% |********************************|    83  0:00:00 ETA\nwritten to stdout\n',
      exitCode: 0,
    });
    await c.ok('run web --image=luksa/kubia');
    expect(await c.run('exec web -- wget https://k8s.io/examples/configmap/ui.properties')).toEqual({
      stdout: '',
      stderr:
        '--2026-11-21 22:50:00--  https://k8s.io/examples/configmap/ui.properties\n' +
        'Resolving k8s.io (k8s.io)... 34.107.204.206\n' +
        'Connecting to k8s.io (k8s.io)|34.107.204.206|:443... connected.\n' +
        'HTTP request sent, awaiting response... 301 Moved Permanently\n' +
        'Location: https://kubernetes.io/examples/configmap/ui.properties [following]\n' +
        '--2026-11-21 22:50:00--  https://kubernetes.io/examples/configmap/ui.properties\n' +
        'Resolving kubernetes.io (kubernetes.io)... 147.75.40.148\n' +
        'Connecting to kubernetes.io (kubernetes.io)|147.75.40.148|:443... connected.\n' +
        'HTTP request sent, awaiting response... 200 OK\n' +
        'Length: 83 [text/plain]\n' +
        "Saving to: 'ui.properties'\n\n" +
        "2026-11-21 22:50:00 (83 B/s) - 'ui.properties' saved [83/83]\n\n",
      exitCode: 0,
    });
    expect(await c.ok('exec web -- cat ui.properties')).toBe(UI);
    expect(await c.run('exec web -- wget -q https://kubernetes.io/examples/nope.yaml')).toEqual({ stdout: '', stderr: 'command terminated with exit code 8\n', exitCode: 8 });
  });

  test('a NetworkPolicy that denies egress keeps a pod off the internet too', async () => {
    const c = new TestCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    c.file('deny.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-egress\nspec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - port: 53\n      protocol: UDP\n');
    await c.ok('create -f deny.yaml');
    const r = await c.run('exec bb -- wget -T 2 -qO- https://kubernetes.io/examples/configmap/ui.properties');
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
  });
});
