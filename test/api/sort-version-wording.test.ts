/**
 * `get --sort-by`, `version -o json` and the validation messages of issue 13, as kubectl 1.32 and the
 * v1.32 apiserver give them. The sort orders below were taken from the real kubectl 1.32 run against
 * `kube-sim serve` on the same objects (kubectl sorts client-side, so the server cannot influence them).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

describe('--sort-by', () => {
  it('strings compare byte by byte (an IP is text), missing values first, a path nobody has prints nothing', async () => {
    const c = new TestCluster();
    await c.ok('create service clusterip a --tcp=80 --clusterip=10.96.85.232');
    await c.ok('create service clusterip b --tcp=80 --clusterip=10.96.100.1');
    await c.ok('create service clusterip c --tcp=80 --clusterip=10.96.9.1');
    expect(await c.ok('get svc --sort-by=.spec.clusterIP -o name')).toBe('service/kubernetes\nservice/b\nservice/a\nservice/c\n');
    expect(await c.run('get svc --sort-by=.spec.nope')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(await c.run('get svc --sort-by=.spec.nope -o name')).toEqual({
      stdout: '',
      stderr: 'error: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n',
      exitCode: 1,
    });
    expect((await c.run('get svc a --sort-by=.spec.nope')).stdout).toMatch(/^NAME {3}TYPE/);
    // Several kinds in one table: the path is looked up on each kind's Table.
    expect((await c.run('get svc,cm --sort-by=.spec.clusterIP')).stderr).toBe('error: couldn\'t find any field with path "{.spec.clusterIP}" in the list of objects\n');
    expect((await c.run('get svc,cm --sort-by=.kind')).exitCode).toBe(0);
  });

  it('ties and missing values come out in the order Go\'s sort.Sort leaves them', async () => {
    const c = new TestCluster();
    for (let i = 1; i <= 20; i++) await c.ok(`create configmap t${String(i).padStart(2, '0')}`);
    for (const n of ['x1', 'x2', 'x3']) await c.ok(`create configmap ${n}`);
    await c.ok('label cm t07 t15 t03 z=0');
    await c.ok('label cm x2 z=1');
    // The 23 objects the expected orders were taken on (real kubectl against serve), without the namespace's kube-root-ca.crt.
    const names = async (flag: string) => (await c.ok(`get cm --field-selector metadata.name!=kube-root-ca.crt ${flag} -o name`)).replace(/configmap\//g, '').trim().split('\n').join(' ');
    expect(await names('--sort-by=.metadata.labels.z')).toBe('t12 t01 x1 t08 t18 t14 t16 t05 t19 t10 t17 t13 t20 x3 t06 t04 t02 t09 t11 t15 t07 t03 x2');
    expect(await names('--sort-by=.kind')).toBe('t01 t02 t03 t04 t05 t06 t07 t08 t09 t10 t11 t12 t13 t14 t15 t16 t17 t18 t19 t20 x1 x2 x3');
  });
});

describe('version', () => {
  it('-o json keys in kubectl\'s order, -o yaml sorted; the server half is the one serve reports', async () => {
    const c = new TestCluster();
    const json = JSON.parse(await c.ok('version -o json'));
    expect(Object.keys(json.clientVersion)).toEqual(['major', 'minor', 'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']);
    expect(json.serverVersion).toEqual({
      major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53', gitTreeState: 'clean',
      buildDate: '2024-12-17T20:14:23Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
    });
    expect((await c.ok('version -o yaml')).split('\n').slice(0, 4)).toEqual(['clientVersion:', '  buildDate: "2025-04-22T16:03:09Z"', '  compiler: gc', '  gitCommit: 59526cd4867447956156ae3a602fcbac10a2c335']);
  });
});

describe('validation wording of the v1.32 apiserver', () => {
  it.each([
    [
      'kind: pod',
      'apiVersion: v1\nkind: pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
      'Error from server (BadRequest): error when creating "m.yaml": pod in version "v1" cannot be handled as a Pod: no kind "pod" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"\n',
    ],
    [
      'a Deployment without a selector',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n      - name: c\n        image: nginx\n',
      'The Deployment "d" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`\n',
    ],
    [
      'externalTrafficPolicy on a ClusterIP service',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n',
      'The Service "s" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services\n',
    ],
    [
      'a headless NodePort service',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  clusterIP: None\n  ports:\n  - port: 80\n',
      'The Service "s" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services\n',
    ],
    [
      'an Endpoints address that is not an IP',
      'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets:\n- addresses:\n  - ip: not-an-ip\n  ports:\n  - port: 80\n',
      'The Endpoints "e" is invalid: subsets[0].addresses[0].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)\n',
    ],
  ])('%s', async (_what, manifest, stderr) => {
    const c = new TestCluster();
    c.file('m.yaml', manifest);
    expect(await c.run('create -f m.yaml')).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});
