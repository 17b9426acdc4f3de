/**
 * create -> get -> describe -> delete for Namespace, Node, ConfigMap and Event, compared as full text.
 * The describe layouts were checked byte for byte against kubectl 1.32 with the kubectl-oracle
 * (the node Lease block is the one deliberate difference: kube-sim shows the lease a kind node has).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const NS_TAIL = 'Annotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n';

describe('Namespace', () => {
  it('create, get, describe, delete', async () => {
    const c = new TestCluster();
    expect(await c.run('create namespace foo')).toEqual({ stdout: 'namespace/foo created\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get ns foo')).toBe('NAME   STATUS   AGE\nfoo    Active   0s\n');
    expect(await c.ok('describe ns foo')).toBe(`Name:         foo\nLabels:       kubernetes.io/metadata.name=foo\n${NS_TAIL}`);
    expect(await c.run('delete ns foo')).toEqual({ stdout: 'namespace "foo" deleted\n', stderr: '', exitCode: 0 });
    expect(await c.run('describe ns foo')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): namespaces "foo" not found\n', exitCode: 1 });
  });

  it('describes every object of a type, separated as kubectl does', async () => {
    const c = new TestCluster();
    const one = (n: string) => `Name:         ${n}\nLabels:       kubernetes.io/metadata.name=${n}\n${NS_TAIL}`;
    expect(await c.ok('describe ns')).toBe(['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'].map(one).join('\n\n'));
  });

  it('labels and annotations, long annotation values wrapped', async () => {
    const c = new TestCluster();
    await c.ok('create ns foo');
    await c.ok('label ns foo tier=web');
    await c.ok(`annotate ns foo note=${'x'.repeat(150)} multi=a`);
    expect(await c.ok('describe ns foo')).toBe(
      'Name:         foo\n' +
        'Labels:       kubernetes.io/metadata.name=foo\n' +
        '              tier=web\n' +
        'Annotations:  multi: a\n' +
        '              note:\n' +
        `                ${'x'.repeat(138)}...\n` +
        NS_TAIL.replace('Annotations:  <none>\n', ''),
    );
  });
});

describe('describe errors and selection', () => {
  it('no type', async () => {
    const c = new TestCluster();
    expect(await c.run('describe')).toEqual({
      stdout: '',
      stderr: 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      exitCode: 1,
    });
  });
  it('unknown type', async () => {
    const c = new TestCluster();
    expect((await c.run('describe foo')).stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
  });
  it('missing names print after what was found', async () => {
    const c = new TestCluster();
    expect(await c.run('describe ns default nope1 nope2')).toEqual({
      stdout: `Name:         default\nLabels:       kubernetes.io/metadata.name=default\n${NS_TAIL}`,
      stderr: 'Error from server (NotFound): namespaces "nope1" not found\nError from server (NotFound): namespaces "nope2" not found\n',
      exitCode: 1,
    });
  });
  it('TYPE NAME falls back to a name prefix; each match ends with a blank line', async () => {
    const c = new TestCluster();
    const r = await c.run('describe ns kube-');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Name:'))).toEqual(['Name:         kube-node-lease', 'Name:         kube-public', 'Name:         kube-system']);
    expect(r.stdout).toContain('No LimitRange resource.\n\nName:         kube-public');
    expect(r.stdout.endsWith('No LimitRange resource.\n\n')).toBe(true);
  });
  it('TYPE/NAME does not prefix-match', async () => {
    const c = new TestCluster();
    expect((await c.run('describe ns/kube-')).stderr).toBe('Error from server (NotFound): namespaces "kube-" not found\n');
  });
  it('-f describes the objects a manifest names', async () => {
    const c = new TestCluster();
    c.file('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n');
    expect(await c.run('describe -f ns.yaml')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): namespaces "foo" not found\n', exitCode: 1 });
    await c.ok('create -f ns.yaml');
    expect(await c.ok('describe -f ns.yaml')).toBe(`Name:         foo\nLabels:       kubernetes.io/metadata.name=foo\n${NS_TAIL}`);
  });
  it('-l with no match and -A', async () => {
    const c = new TestCluster();
    expect(await c.run('describe cm -l app=zzz')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(await c.run('describe cm -A -l app=zzz')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(await c.run('describe cm x -A')).toEqual({ stdout: '', stderr: 'error: a resource cannot be retrieved by name across all namespaces\n', exitCode: 1 });
  });
});

const CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels: {app: kubia}
  annotations:
    multi: "line1\\nline2\\n"
data:
  b.conf: |
    hello
    world
  a: "1"
binaryData:
  bin: aGVsbG8=
`;

describe('ConfigMap', () => {
  it('create, get, describe, delete', async () => {
    const c = new TestCluster();
    c.file('cm.yaml', CM);
    expect(await c.ok('create -f cm.yaml')).toBe('configmap/cfg created\n');
    expect(await c.ok('create configmap empty')).toBe('configmap/empty created\n');
    expect(await c.ok('get cm')).toBe('NAME               DATA   AGE\ncfg                3      0s\nempty              0      0s\nkube-root-ca.crt   1      5m\n');
    expect(await c.ok('describe cm cfg')).toBe(
      [
        'Name:         cfg',
        'Namespace:    default',
        'Labels:       app=kubia',
        'Annotations:  multi:',
        '                line1',
        '                line2',
        '',
        'Data',
        '====',
        'a:',
        '----',
        '1',
        '',
        'b.conf:',
        '----',
        'hello',
        'world',
        '',
        '',
        '',
        'BinaryData',
        '====',
        'bin: 5 bytes',
        '',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
    expect(await c.ok('describe cm empty')).toBe(
      'Name:         empty\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\n\nBinaryData\n====\n\nEvents:  <none>\n',
    );
    expect(await c.ok('delete cm cfg empty')).toBe('configmap "cfg" deleted\nconfigmap "empty" deleted\n');
    expect(await c.ok('get cm')).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      5m\n');
  });
});

const EVENT = `apiVersion: v1
kind: Event
metadata:
  name: cfg.1234
involvedObject:
  kind: ConfigMap
  name: cfg
  namespace: default
  apiVersion: v1
  fieldPath: data
reason: Testing
message: "hello there "
type: Warning
count: 3
firstTimestamp: "2026-11-21T22:40:00Z"
lastTimestamp: "2026-11-21T22:45:00Z"
source:
  component: tester
  host: kind-worker
`;

describe('Event', () => {
  it('create, get (plain and wide), describe (generic describer), delete', async () => {
    const c = new TestCluster();
    c.file('ev.yaml', EVENT);
    expect(await c.ok('create -f ev.yaml')).toBe('event/cfg.1234 created\n');
    expect(await c.ok('get ev')).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT          MESSAGE\n5m          Warning   Testing   configmap/cfg   hello there\n',
    );
    expect(await c.ok('get ev -o wide')).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT          SUBOBJECT   SOURCE                MESSAGE       FIRST SEEN   COUNT   NAME\n' +
        '5m          Warning   Testing   configmap/cfg   data        tester, kind-worker   hello there   10m          3       cfg.1234\n',
    );
    const uid = await c.ok('get ev cfg.1234 -o jsonpath={.metadata.uid}');
    const rv = await c.ok('get ev cfg.1234 -o jsonpath={.metadata.resourceVersion}');
    expect(await c.ok('describe ev cfg.1234')).toBe(
      [
        'Name:             cfg.1234',
        'Namespace:        default',
        'Labels:           <none>',
        'Annotations:      <none>',
        'API Version:      v1',
        'Count:            3',
        'First Timestamp:  2026-11-21T22:40:00Z',
        'Involved Object:',
        '  API Version:   v1',
        '  Field Path:    data',
        '  Kind:          ConfigMap',
        '  Name:          cfg',
        '  Namespace:     default',
        'Kind:            Event',
        'Last Timestamp:  2026-11-21T22:45:00Z',
        'Message:         hello there ',
        'Metadata:',
        '  Creation Timestamp:  2026-11-21T22:50:00Z',
        `  Resource Version:    ${rv}`,
        `  UID:                 ${uid}`,
        'Reason:                Testing',
        'Source:',
        '  Component:  tester',
        '  Host:       kind-worker',
        'Type:         Warning',
        'Events:       <none>',
        '',
      ].join('\n'),
    );
    // Other namespaces hold the cluster's own events; the NAMESPACE column comes first.
    const all = await c.ok('get events -A');
    expect(all).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
    expect(all).toMatch(/^default\s+5m\s+Warning\s+Testing\s+configmap\/cfg\s+hello there$/m);
    expect(await c.ok('delete ev cfg.1234')).toBe('event "cfg.1234" deleted\n');
  });

  it('describe shows an object\'s own events in kubectl\'s Events table', async () => {
    const c = new TestCluster();
    await c.ok('create cm cfg --from-literal=a=b');
    const uid = await c.ok('get cm cfg -o jsonpath={.metadata.uid}');
    c.file('ev.yaml', EVENT.replace('  apiVersion: v1\n', `  apiVersion: v1\n  uid: ${uid}\n`));
    await c.ok('create -f ev.yaml');
    expect(await c.ok('describe cm cfg')).toBe(
      [
        'Name:         cfg',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'a:',
        '----',
        'b',
        '',
        '',
        'BinaryData',
        '====',
        '',
        'Events:',
        '  Type     Reason   Age               From    Message',
        '  ----     ------   ----              ----    -------',
        '  Warning  Testing  5m (x3 over 10m)  tester  hello there',
        '',
      ].join('\n'),
    );
  });
});

describe('Node', () => {
  it('get and describe a worker, with the pods scheduled there and their requests', async () => {
    const c = new TestCluster();
    expect(await c.ok('get node kind-worker')).toBe('NAME          STATUS   ROLES    AGE   VERSION\nkind-worker   Ready    <none>   5m    v1.32.0\n');
    c.file(
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  nodeName: kind-worker\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: 100m, memory: 70Mi}\n      limits: {cpu: 200m, memory: 170Mi}\n',
    );
    await c.ok('create -f pod.yaml');
    await c.ok('advance 30s');
    const id = (p: string) => c.ok(`get node kind-worker -o jsonpath={.status.nodeInfo.${p}}`);
    const [machine, system, boot] = [await id('machineID'), await id('systemUUID'), await id('bootID')];
    expect(await c.ok('describe node kind-worker')).toBe(
      [
        'Name:               kind-worker',
        'Roles:              <none>',
        'Labels:             beta.kubernetes.io/arch=amd64',
        '                    beta.kubernetes.io/os=linux',
        '                    kubernetes.io/arch=amd64',
        '                    kubernetes.io/hostname=kind-worker',
        '                    kubernetes.io/os=linux',
        'Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock',
        '                    node.alpha.kubernetes.io/ttl: 0',
        '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
        'CreationTimestamp:  Sat, 21 Nov 2026 22:45:00 +0000',
        'Taints:             <none>',
        'Unschedulable:      false',
        'Lease:',
        '  HolderIdentity:  kind-worker',
        '  AcquireTime:     <unset>',
        '  RenewTime:       Sat, 21 Nov 2026 22:50:30 +0000',
        'Conditions:',
        '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
        '  ----             ------  -----------------                 ------------------                ------                       -------',
        '  MemoryPressure   False   Sat, 21 Nov 2026 22:45:00 +0000   Sat, 21 Nov 2026 22:45:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
        '  DiskPressure     False   Sat, 21 Nov 2026 22:45:00 +0000   Sat, 21 Nov 2026 22:45:00 +0000   KubeletHasSufficientDisk     kubelet has no disk pressure',
        '  PIDPressure      False   Sat, 21 Nov 2026 22:45:00 +0000   Sat, 21 Nov 2026 22:45:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available',
        '  Ready            True    Sat, 21 Nov 2026 22:45:00 +0000   Sat, 21 Nov 2026 22:45:00 +0000   KubeletReady                 kubelet is posting ready status',
        'Addresses:',
        '  InternalIP:  172.18.0.3',
        '  Hostname:    kind-worker',
        'Capacity:',
        '  cpu:                2',
        '  ephemeral-storage:  263174212Ki',
        '  memory:             24597320Ki',
        '  pods:               110',
        'Allocatable:',
        '  cpu:                2',
        '  ephemeral-storage:  263174212Ki',
        '  memory:             24597320Ki',
        '  pods:               110',
        'System Info:',
        `  Machine ID:                 ${machine}`,
        `  System UUID:                ${system}`,
        `  Boot ID:                    ${boot}`,
        '  Kernel Version:             6.8.0-49-generic',
        '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
        '  Operating System:           linux',
        '  Architecture:               amd64',
        '  Container Runtime Version:  containerd://1.7.24',
        '  Kubelet Version:            v1.32.0',
        '  Kube-Proxy Version:         v1.32.0',
        'PodCIDR:                      10.244.1.0/24',
        'PodCIDRs:                     10.244.1.0/24',
        'ProviderID:                   kind://docker/kind/kind-worker',
        'Non-terminated Pods:          (3 in total)',
        '  Namespace                   Name                CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
        '  ---------                   ----                ------------  ----------  ---------------  -------------  ---',
        '  default                     p1                  100m (5%)     200m (10%)  70Mi (0%)        170Mi (0%)     30s',
        '  kube-system                 kindnet-4ncsx       100m (5%)     100m (5%)   50Mi (0%)        50Mi (0%)      5m30s',
        '  kube-system                 kube-proxy-2bz6d    0 (0%)        0 (0%)      0 (0%)           0 (0%)         5m30s',
        'Allocated resources:',
        '  (Total limits may be over 100 percent, i.e., overcommitted.)',
        '  Resource           Requests    Limits',
        '  --------           --------    ------',
        '  cpu                200m (10%)  300m (15%)',
        '  memory             120Mi (0%)  220Mi (0%)',
        '  ephemeral-storage  0 (0%)      0 (0%)',
        'Events:              <none>',
        '',
      ].join('\n'),
    );
  });

  it('the control plane shows its role and taint', async () => {
    const c = new TestCluster();
    const text = await c.ok('describe node kind-control-plane');
    expect(text).toContain('Roles:              control-plane\n');
    expect(text).toContain('Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n');
    expect(await c.ok('get nodes -l node-role.kubernetes.io/control-plane')).toBe(
      'NAME                 STATUS   ROLES           AGE   VERSION\nkind-control-plane   Ready    control-plane   5m    v1.32.0\n',
    );
  });
});
