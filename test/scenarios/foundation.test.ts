import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

describe('fresh cluster', () => {
  it('has three kind nodes', async () => {
    const c = new TestCluster();
    expect(await c.ok('get nodes -o wide')).toBe(
      [
        'NAME                 STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME',
        'kind-control-plane   Ready    control-plane   5m    v1.32.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-49-generic   containerd://1.7.24',
        'kind-worker          Ready    <none>          5m    v1.32.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-49-generic   containerd://1.7.24',
        'kind-worker2         Ready    <none>          5m    v1.32.0   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-49-generic   containerd://1.7.24',
        '',
      ].join('\n'),
    );
  });

  it("has the four system namespaces and kind's local-path-storage", async () => {
    const c = new TestCluster();
    expect(await c.ok('get ns')).toBe(
      'NAME                 STATUS   AGE\ndefault              Active   5m\nkube-node-lease      Active   5m\nkube-public          Active   5m\nkube-system          Active   5m\nlocal-path-storage   Active   5m\n',
    );
  });
});

describe('errors', () => {
  it('unknown resource type', async () => {
    const c = new TestCluster();
    expect(await c.run('get foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
  });
  it('unknown flag', async () => {
    const c = new TestCluster();
    expect(await c.run('get pods --bogus')).toEqual({ stdout: '', stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n", exitCode: 1 });
  });
  it('create with no -f', async () => {
    const c = new TestCluster();
    expect(await c.run('create')).toEqual({ stdout: '', stderr: 'error: must specify one of -f and -k\n', exitCode: 1 });
  });
  it('missing file', async () => {
    const c = new TestCluster();
    expect((await c.run('create -f nonexist.yaml')).stderr).toBe('error: the path "nonexist.yaml" does not exist\n');
  });
  it('removed API version', async () => {
    const c = new TestCluster();
    c.file('ing-old.yaml', 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: kubia\nspec: {}\n');
    expect((await c.run('create -f ing-old.yaml')).stderr).toBe(
      'error: resource mapping not found for name: "kubia" namespace: "" from "ing-old.yaml": no matches for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first\n',
    );
  });
});

describe('namespaces', () => {
  it('deleting a namespace deletes everything in it', async () => {
    const c = new TestCluster();
    await c.ok('create namespace demo');
    await c.ok('create configmap settings -n demo --from-literal=a=b');
    await c.ok('create service clusterip web -n demo --tcp=80:8080');
    expect(await c.ok('delete ns demo')).toBe('namespace "demo" deleted\n');
    expect(await c.run('get cm,svc -n demo')).toEqual({ stdout: '', stderr: 'No resources found in demo namespace.\n', exitCode: 0 });
    await c.ok('create namespace demo');
    expect((await c.run('get svc -n demo')).stderr).toBe('No resources found in demo namespace.\n');
  });
});
