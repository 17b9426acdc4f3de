/**
 * create namespace / configmap generators (dry-run output compared with kubectl 1.32's), api-resources,
 * cluster-info, the colour rules, and apply's warning for objects created imperatively.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { colourLevel } from '../../src/cli/colour.js';

describe('create namespace', () => {
  it('dry runs print what kubectl prints', async () => {
    const c = new TestCluster();
    expect(await c.ok('create namespace foo --dry-run=client -o yaml')).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: foo\nspec: {}\nstatus: {}\n',
    );
    expect(await c.ok('create ns foo --dry-run=client -o json')).toBe(
      '{\n    "kind": "Namespace",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "foo",\n        "creationTimestamp": null\n    },\n    "spec": {},\n    "status": {}\n}\n',
    );
    expect(await c.ok('create namespace foo --dry-run=client')).toBe('namespace/foo created (dry run)\n');
    expect(await c.ok('create namespace foo --dry-run=client -o name')).toBe('namespace/foo\n');
    expect(await c.run('get ns foo')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): namespaces "foo" not found\n', exitCode: 1 });
  });

  it('creates, then reports AlreadyExists and invalid names as the API server does', async () => {
    const c = new TestCluster();
    expect(await c.ok('create namespace foo')).toBe('namespace/foo created\n');
    expect(await c.ok('get ns foo -o jsonpath={.spec.finalizers}{.status.phase}')).toBe('["kubernetes"]Active');
    expect(await c.run('create namespace foo')).toEqual({ stdout: '', stderr: 'Error from server (AlreadyExists): namespaces "foo" already exists\n', exitCode: 1 });
    expect((await c.run('create namespace Foo')).stderr).toBe(
      `The Namespace "Foo" is invalid: metadata.name: Invalid value: "Foo": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n`,
    );
    expect(await c.run('create namespace a b')).toEqual({
      stdout: '',
      stderr: "error: exactly one NAME is required, got 2\nSee 'kubectl create namespace -h' for help and examples\n",
      exitCode: 1,
    });
  });
});

describe('create configmap', () => {
  it('from literals, files, a directory and an env file', async () => {
    const c = new TestCluster();
    c.file('a.conf', 'hello\n');
    c.file('env.txt', '# comment\nx=1\ny=2\n');
    expect(await c.ok('create configmap x --from-literal=a=b --from-literal=c=d=e --dry-run=client -o yaml')).toBe(
      'apiVersion: v1\ndata:\n  a: b\n  c: d=e\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: x\n',
    );
    expect(await c.ok('create configmap x --from-file=k=a.conf --from-file=a.conf --dry-run=client -o yaml -n other')).toBe(
      'apiVersion: v1\ndata:\n  a.conf: |\n    hello\n  k: |\n    hello\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: x\n  namespace: other\n',
    );
    expect(await c.ok('create configmap x --from-env-file=env.txt --dry-run=client -o yaml')).toBe(
      'apiVersion: v1\ndata:\n  x: "1"\n  "y": "2"\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: x\n',
    );
    expect(await c.ok('create configmap x --from-literal=a=b --append-hash --dry-run=client -o yaml')).toBe(
      'apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: x-64686gkt6c\n',
    );
    expect(await c.ok('create cm x --from-literal=a=b')).toBe('configmap/x created\n');
    expect(await c.ok('get cm x -o jsonpath={.data}')).toBe('{"a":"b"}');
  });

  it.each([
    ['create configmap', "error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples\n"],
    ['create configmap x --from-literal=a', 'error: invalid literal source a, expected key=value\n'],
    ['create configmap x --from-literal=a=b --from-literal=a=c', 'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n'],
    ['create configmap x --from-file=nope', 'error: error reading nope: no such file or directory\n'],
    [
      "create configmap x --from-literal='bad key=1'",
      `error: "bad key" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
    ],
    ['create cm x --from-literal=a=b -n nons', 'Error from server (NotFound): namespaces "nons" not found\n'],
  ])('%s', async (line, stderr) => {
    const c = new TestCluster();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});

describe('api-resources', () => {
  it('lists the served kinds as kubectl does', async () => {
    const c = new TestCluster();
    expect(await c.ok('api-resources')).toBe(
      [
        'NAME                        SHORTNAMES   APIVERSION                     NAMESPACED   KIND',
        'configmaps                  cm           v1                             true         ConfigMap',
        'endpoints                   ep           v1                             true         Endpoints',
        'events                      ev           v1                             true         Event',
        'limitranges                 limits       v1                             true         LimitRange',
        'namespaces                  ns           v1                             false        Namespace',
        'nodes                       no           v1                             false        Node',
        'persistentvolumeclaims      pvc          v1                             true         PersistentVolumeClaim',
        'persistentvolumes           pv           v1                             false        PersistentVolume',
        'pods                        po           v1                             true         Pod',
        'replicationcontrollers      rc           v1                             true         ReplicationController',
        'resourcequotas              quota        v1                             true         ResourceQuota',
        'secrets                                  v1                             true         Secret',
        'serviceaccounts             sa           v1                             true         ServiceAccount',
        'services                    svc          v1                             true         Service',
        'customresourcedefinitions   crd,crds     apiextensions.k8s.io/v1        false        CustomResourceDefinition',
        'controllerrevisions                      apps/v1                        true         ControllerRevision',
        'daemonsets                  ds           apps/v1                        true         DaemonSet',
        'deployments                 deploy       apps/v1                        true         Deployment',
        'replicasets                 rs           apps/v1                        true         ReplicaSet',
        'statefulsets                sts          apps/v1                        true         StatefulSet',
        'horizontalpodautoscalers    hpa          autoscaling/v2                 true         HorizontalPodAutoscaler',
        'cronjobs                    cj           batch/v1                       true         CronJob',
        'jobs                                     batch/v1                       true         Job',
        'leases                                   coordination.k8s.io/v1         true         Lease',
        'endpointslices                           discovery.k8s.io/v1            true         EndpointSlice',
        'ingressclasses                           networking.k8s.io/v1           false        IngressClass',
        'ingresses                   ing          networking.k8s.io/v1           true         Ingress',
        'networkpolicies             netpol       networking.k8s.io/v1           true         NetworkPolicy',
        'poddisruptionbudgets        pdb          policy/v1                      true         PodDisruptionBudget',
        'clusterrolebindings                      rbac.authorization.k8s.io/v1   false        ClusterRoleBinding',
        'clusterroles                             rbac.authorization.k8s.io/v1   false        ClusterRole',
        'rolebindings                             rbac.authorization.k8s.io/v1   true         RoleBinding',
        'roles                                    rbac.authorization.k8s.io/v1   true         Role',
        'priorityclasses             pc           scheduling.k8s.io/v1           false        PriorityClass',
        'storageclasses              sc           storage.k8s.io/v1              false        StorageClass',
        '',
      ].join('\n'),
    );
    expect(await c.ok('api-resources --namespaced=false -o name')).toBe(
      'namespaces\nnodes\npersistentvolumes\ncustomresourcedefinitions.apiextensions.k8s.io\ningressclasses.networking.k8s.io\nclusterrolebindings.rbac.authorization.k8s.io\nclusterroles.rbac.authorization.k8s.io\npriorityclasses.scheduling.k8s.io\nstorageclasses.storage.k8s.io\n',
    );
    expect(await c.ok('api-resources --api-group=apps --no-headers')).toBe(
      'controllerrevisions            apps/v1   true   ControllerRevision\ndaemonsets            ds       apps/v1   true   DaemonSet\n' +
        'deployments           deploy   apps/v1   true   Deployment\nreplicasets           rs       apps/v1   true   ReplicaSet\n' +
        'statefulsets          sts      apps/v1   true   StatefulSet\n',
    );
  });
});

describe('cluster-info and colour', () => {
  it('plain when piped', async () => {
    const c = new TestCluster();
    const out = await c.ok('cluster-info');
    expect(out).toMatch(
      /^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:(\d+)\nCoreDNS is running at https:\/\/127\.0\.0\.1:\1\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'\.\n$/,
    );
  });
  it('coloured when forced', async () => {
    const c = new TestCluster();
    c.env = { ...c.env, FORCE_COLOR: '1' };
    const out = await c.ok('cluster-info');
    expect(out).toMatch(/^\x1b\[32mKubernetes control plane\x1b\[39m is running at \x1b\[33mhttps:\/\/127\.0\.0\.1:\d+\x1b\[39m\n/);
    expect((await c.run('get foo')).stderr).toBe('\x1b[31merror: the server doesn\'t have a resource type "foo"\x1b[39m\n');
  });
  it.each([
    [{ isTTY: true }, {}, 1],
    [{ isTTY: false }, {}, 0],
    [{ isTTY: true }, { NO_COLOR: '1' }, 0],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, 1],
    [{ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '3' }, 3],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, 0],
  ])('level for %o with %o is %i', (stream, env, level) => {
    expect(colourLevel(stream, env)).toBe(level);
  });
});

describe('apply on an imperatively created object', () => {
  it('warns about the missing last-applied annotation, then patches it in', async () => {
    const c = new TestCluster();
    await c.ok('create cm cfg --from-literal=a=1');
    c.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "2"\n');
    expect(await c.run('apply -f cm.yaml')).toEqual({
      stdout: 'configmap/cfg configured\n',
      stderr:
        'Warning: resource configmaps/cfg is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      exitCode: 0,
    });
    expect(await c.run('apply -f cm.yaml')).toEqual({ stdout: 'configmap/cfg unchanged\n', stderr: '', exitCode: 0 });
  });
});
