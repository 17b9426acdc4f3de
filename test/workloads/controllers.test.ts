/**
 * Scenario tests for the replica owners and the scheduler: ReplicaSets, ReplicationControllers and
 * Deployments driven through real command lines on a fresh virtual-clock cluster. Full texts are
 * regression snapshots (names come from the seeded rng, so they are stable run to run).
 */
import { describe, it, expect } from 'vitest';
import { TestCluster } from '../helpers.js';
import { KUBIA_RS } from '../fixtures/kubia.js';
import type { ClusterState, KubeObject } from '../../src/api/types.js';

const RS = KUBIA_RS;

const RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: kubia-rc
spec:
  replicas: 3
  selector:
    app: kubia-rc
  template:
    metadata:
      labels:
        app: kubia-rc
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        ports:
        - containerPort: 8080
`;

const SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function state(c: TestCluster): ClusterState {
  return c.store.load()!;
}

function pods(c: TestCluster, ns = 'default'): KubeObject[] {
  return Object.values(state(c).objects.pods ?? {})
    .filter((p) => p.metadata.namespace === ns)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName;
const names = (c: TestCluster, prefix: string) => pods(c).map((p) => p.metadata.name).filter((n) => n.startsWith(prefix));

describe('ReplicaSet', () => {
  it('keeps 3 pods on the worker nodes, replaces a deleted one, scales to 5 and to 1', async () => {
    const c = new TestCluster();
    c.file('rs.yaml', RS);
    expect(await c.ok('create -f rs.yaml')).toBe('replicaset.apps/kubia created\n');
    const first = pods(c);
    expect(first).toHaveLength(3);
    for (const p of first) {
      expect(p.metadata.name.slice(0, 6)).toBe('kubia-');
      expect(p.metadata.name.slice(6)).toMatch(SUFFIX);
      expect(['kind-worker', 'kind-worker2']).toContain(nodeOf(p));
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'kubia', uid: state(c).objects.replicasets!['default/kubia']!.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(p.metadata.labels).toEqual({ app: 'kubia' });
    }
    // Spread: both workers get pods.
    expect(new Set(first.map(nodeOf)).size).toBe(2);

    expect(await c.ok('get rs -o wide')).toMatchInlineSnapshot(`
      "NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES        SELECTOR
      kubia   3         3         3       0s    kubia        luksa/kubia   app=kubia
      "
    `);
    expect(await c.ok('describe rs kubia')).toMatchInlineSnapshot(`
      "Name:         kubia
      Namespace:    default
      Selector:     app=kubia
      Labels:       <none>
      Annotations:  <none>
      Replicas:     3 current / 3 desired
      Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
      Pod Template:
        Labels:  app=kubia
        Containers:
         kubia:
          Image:         luksa/kubia
          Port:          8080/TCP
          Host Port:     0/TCP
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Events:
        Type    Reason            Age   From                   Message
        ----    ------            ----  ----                   -------
        Normal  SuccessfulCreate  0s    replicaset-controller  Created pod: kubia-mzk82
        Normal  SuccessfulCreate  0s    replicaset-controller  Created pod: kubia-9jvtb
        Normal  SuccessfulCreate  0s    replicaset-controller  Created pod: kubia-898kb
      "
    `);

    const victim = first[0]!.metadata.name;
    await c.ok(`delete po ${victim}`);
    const after = names(c, 'kubia-');
    expect(after).toHaveLength(3);
    expect(after).not.toContain(victim);
    expect(after.filter((n) => !first.some((p) => p.metadata.name === n))).toHaveLength(1);

    expect(await c.ok('scale rs kubia --replicas=5')).toBe('replicaset.apps/kubia scaled\n');
    expect(names(c, 'kubia-')).toHaveLength(5);
    expect(await c.ok('scale --replicas=1 rs/kubia')).toBe('replicaset.apps/kubia scaled\n');
    expect(names(c, 'kubia-')).toHaveLength(1);
    expect(await c.ok('get rs kubia')).toMatchInlineSnapshot(`
      "NAME    DESIRED   CURRENT   READY   AGE
      kubia   1         1         1       0s
      "
    `);
    const deletes = Object.values(state(c).objects.events ?? {}).filter((e) => e.reason === 'SuccessfulDelete');
    expect(deletes.map((e) => e.message)).toHaveLength(4);
  });

  it('combines similar events after nine distinct messages, as client-go does', async () => {
    const c = new TestCluster();
    c.file('rs.yaml', RS.replace('replicas: 3', 'replicas: 12'));
    await c.ok('create -f rs.yaml');
    const events = (await c.ok('describe rs kubia')).split('Events:\n')[1]!.split('\n').filter((l) => l.includes('SuccessfulCreate'));
    expect(events).toHaveLength(10);
    expect(events.slice(0, 9).every((l) => /^  Normal  SuccessfulCreate  0s {15}replicaset-controller  Created pod: kubia-\w{5}$/.test(l))).toBe(true);
    expect(events[9]).toMatch(/^  Normal  SuccessfulCreate  0s \(x3 over 0s\)  replicaset-controller  \(combined from similar events\): Created pod: kubia-\w{5}$/);
  });

  it('adopts matching orphans and releases pods whose labels change', async () => {
    const c = new TestCluster();
    c.file('rs.yaml', RS);
    c.file('orphan.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: orphan
  labels:
    app: kubia
spec:
  containers:
  - name: kubia
    image: luksa/kubia
`);
    await c.ok('create -f orphan.yaml');
    await c.ok('create -f rs.yaml');
    const adopted = pods(c).find((p) => p.metadata.name === 'orphan')!;
    expect(adopted.metadata.ownerReferences?.[0]?.name).toBe('kubia');
    expect(names(c, 'kubia-')).toHaveLength(2);

    const one = names(c, 'kubia-')[0]!;
    await c.ok(`label po ${one} app=foo --overwrite`);
    const released = pods(c).find((p) => p.metadata.name === one)!;
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(released.metadata.labels).toEqual({ app: 'foo' });
    // A replacement keeps three pods matching the selector.
    expect(pods(c).filter((p) => p.metadata.labels?.app === 'kubia')).toHaveLength(3);
  });

  it('deletes its pods with it (garbage collector)', async () => {
    const c = new TestCluster();
    c.file('rs.yaml', RS);
    await c.ok('create -f rs.yaml');
    expect(pods(c)).toHaveLength(3);
    expect(await c.ok('delete rs kubia')).toBe('replicaset.apps "kubia" deleted\n');
    expect(pods(c)).toHaveLength(0);
  });

  it('rejects a selector that does not match the template labels', async () => {
    const c = new TestCluster();
    c.file('bad.yaml', RS.replace('      labels:\n        app: kubia', '      labels:\n        app: other'));
    const r = await c.run('create -f bad.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'The ReplicaSet "kubia" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n',
    );
  });
});

describe('ReplicationController', () => {
  it('defaults, keeps the count, replaces, scales', async () => {
    const c = new TestCluster();
    c.file('rc.yaml', RC);
    expect(await c.ok('create -f rc.yaml')).toBe('replicationcontroller/kubia-rc created\n');
    const first = names(c, 'kubia-rc-');
    expect(first).toHaveLength(3);
    for (const p of pods(c)) expect(['kind-worker', 'kind-worker2']).toContain(nodeOf(p));
    expect(await c.ok('get rc -o wide')).toMatchInlineSnapshot(`
      "NAME       DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES        SELECTOR
      kubia-rc   3         3         3       0s    kubia        luksa/kubia   app=kubia-rc
      "
    `);
    expect(await c.ok('describe rc kubia-rc')).toMatchInlineSnapshot(`
      "Name:         kubia-rc
      Namespace:    default
      Selector:     app=kubia-rc
      Labels:       app=kubia-rc
      Annotations:  <none>
      Replicas:     3 current / 3 desired
      Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
      Pod Template:
        Labels:  app=kubia-rc
        Containers:
         kubia:
          Image:         luksa/kubia
          Port:          8080/TCP
          Host Port:     0/TCP
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Events:
        Type    Reason            Age   From                    Message
        ----    ------            ----  ----                    -------
        Normal  SuccessfulCreate  0s    replication-controller  Created pod: kubia-rc-mzk82
        Normal  SuccessfulCreate  0s    replication-controller  Created pod: kubia-rc-9jvtb
        Normal  SuccessfulCreate  0s    replication-controller  Created pod: kubia-rc-898kb
      "
    `);
    await c.ok(`delete pod ${first[1]}`);
    const after = names(c, 'kubia-rc-');
    expect(after).toHaveLength(3);
    expect(after).not.toContain(first[1]);
    expect(await c.ok('scale rc kubia-rc --replicas=5')).toBe('replicationcontroller/kubia-rc scaled\n');
    expect(names(c, 'kubia-rc-')).toHaveLength(5);
    expect(await c.ok('scale rc kubia-rc --replicas=1')).toBe('replicationcontroller/kubia-rc scaled\n');
    expect(names(c, 'kubia-rc-')).toHaveLength(1);
    // RC labels and selector default from the template.
    const rc = state(c).objects.replicationcontrollers!['default/kubia-rc']!;
    expect(rc.metadata.labels).toEqual({ 'app': 'kubia-rc' });
  });
});

describe('scale errors', () => {
  it('prints kubectl texts', async () => {
    const c = new TestCluster();
    c.file('rc.yaml', RC);
    await c.ok('create -f rc.yaml');
    const r1 = await c.run('scale rc kubia-rc --replicas=-1');
    expect([r1.stderr, r1.exitCode]).toEqual(['error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n', 1]);
    const r2 = await c.run('scale rc kubia-rc --replicas=2 --current-replicas=2');
    expect([r2.stderr, r2.exitCode]).toEqual(['error: Expected replicas to be 2, was 3\n', 1]);
    const r3 = await c.run('scale rs nope --replicas=2');
    // Real kubectl 1.32 (checked against the oracle): nothing resolved → "no objects passed to scale".
    expect([r3.stderr, r3.exitCode]).toEqual(['error: no objects passed to scale replicasets.apps "nope" not found\n', 1]);
    const r5 = await c.run('scale rc/kubia-rc rs/nope --replicas=3');
    expect([r5.stdout, r5.stderr, r5.exitCode]).toEqual(['replicationcontroller/kubia-rc scaled\n', 'Error from server (NotFound): replicasets.apps "nope" not found\n', 1]);
    await c.ok('scale rc kubia-rc --replicas=3');
    const r4 = await c.run('scale rc kubia-rc');
    expect(r4.stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(await c.ok('scale rc kubia-rc --replicas=2 --current-replicas=3')).toBe('replicationcontroller/kubia-rc scaled\n');
    expect(await c.ok('scale -f rc.yaml --replicas=1')).toBe('replicationcontroller/kubia-rc scaled\n');
    expect(names(c, 'kubia-rc-')).toHaveLength(1);
  });

  it('sends the count as kubectl does, int32(uint(COUNT)): past 2^31 it wraps and the Scale is judged', async () => {
    const c = new TestCluster();
    c.file('rc.yaml', RC);
    await c.ok('create -f rc.yaml');
    expect(await c.run('scale rc kubia-rc --replicas=2147483648')).toEqual({ stdout: '', stderr: 'The Scale "kubia-rc" is invalid: spec.replicas: Invalid value: -2147483648: must be greater than or equal to 0\n', exitCode: 1 });
    expect(await c.run('scale rc kubia-rc --replicas=99999999999999999999')).toEqual({
      stdout: '',
      stderr: 'error: invalid argument "99999999999999999999" for "--replicas" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range\nSee \'kubectl scale --help\' for usage.\n',
      exitCode: 1,
    });
    // 2^32 + 2 arrives as 2.
    expect(await c.ok('scale rc kubia-rc --replicas=4294967298')).toBe('replicationcontroller/kubia-rc scaled\n');
    expect(names(c, 'kubia-rc-')).toHaveLength(2);
    // A client dry run sends nothing, so nothing judges it.
    expect(await c.ok('scale rc kubia-rc --replicas=30000 --dry-run=client')).toBe('replicationcontroller/kubia-rc scaled (dry run)\n');
  });
});

describe('Deployment', () => {
  it('rolls a template change to a new ReplicaSet, keeps history, undoes', async () => {
    const c = new TestCluster();
    expect(await c.ok('create deployment kubia --image=luksa/kubia --replicas=3 --port=8080')).toBe('deployment.apps/kubia created\n');
    const rs1 = Object.values(state(c).objects.replicasets ?? {}).filter((r) => r.metadata.namespace === 'default');
    expect(rs1).toHaveLength(1);
    const hash1 = rs1[0]!.metadata.labels!['pod-template-hash']!;
    expect(hash1).toMatch(/^[456789bcdf]{1,10}$/);
    expect(rs1[0]!.metadata.name).toBe(`kubia-${hash1}`);
    for (const p of pods(c)) {
      expect(p.metadata.name).toMatch(new RegExp(`^kubia-${hash1}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'kubia', 'pod-template-hash': hash1 });
    }
    expect(await c.ok('rollout status deploy/kubia')).toBe('deployment "kubia" successfully rolled out\n');
    expect(await c.ok('get deploy -o wide')).toMatchInlineSnapshot(`
      "NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES        SELECTOR
      kubia   3/3     3            3           0s    kubia        luksa/kubia   app=kubia
      "
    `);

    await c.ok(`patch deploy kubia -p '{"spec":{"template":{"spec":{"containers":[{"name":"kubia","image":"luksa/kubia:v2"}]}}}}'`);
    const rsAll = Object.values(state(c).objects.replicasets ?? {}).filter((r) => r.metadata.namespace === 'default');
    expect(rsAll).toHaveLength(2);
    expect(await c.ok('get rs')).toMatchInlineSnapshot(`
      "NAME               DESIRED   CURRENT   READY   AGE
      kubia-667b774866   0         0         0       0s
      kubia-f757fbf4     3         3         3       0s
      "
    `);
    expect(await c.ok('describe deploy kubia')).toMatchInlineSnapshot(`
      "Name:                   kubia
      Namespace:              default
      CreationTimestamp:      Sat, 21 Nov 2026 22:50:00 +0000
      Labels:                 app=kubia
      Annotations:            deployment.kubernetes.io/revision: 2
      Selector:               app=kubia
      Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
      StrategyType:           RollingUpdate
      MinReadySeconds:        0
      RollingUpdateStrategy:  25% max unavailable, 25% max surge
      Pod Template:
        Labels:  app=kubia
        Containers:
         kubia:
          Image:         luksa/kubia:v2
          Port:          8080/TCP
          Host Port:     0/TCP
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Conditions:
        Type           Status  Reason
        ----           ------  ------
        Available      True    MinimumReplicasAvailable
        Progressing    True    NewReplicaSetAvailable
      OldReplicaSets:  kubia-667b774866 (0/0 replicas created)
      NewReplicaSet:   kubia-f757fbf4 (3/3 replicas created)
      Events:
        Type    Reason             Age   From                   Message
        ----    ------             ----  ----                   -------
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled up replica set kubia-667b774866 to 3
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled up replica set kubia-f757fbf4 to 1
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled down replica set kubia-667b774866 to 2 from 3
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled up replica set kubia-f757fbf4 to 2 from 1
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled down replica set kubia-667b774866 to 1 from 2
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled up replica set kubia-f757fbf4 to 3 from 2
        Normal  ScalingReplicaSet  0s    deployment-controller  Scaled down replica set kubia-667b774866 to 0 from 1
      "
    `);
    expect(await c.ok('rollout history deploy kubia')).toBe('deployment.apps/kubia \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(await c.ok('rollout undo deploy kubia')).toBe('deployment.apps/kubia rolled back\n');
    expect(await c.ok('rollout history deploy/kubia')).toBe('deployment.apps/kubia \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    expect(pods(c).every((p) => p.metadata.labels?.['pod-template-hash'] === hash1)).toBe(true);
    expect(await c.ok('scale deploy kubia --replicas=1')).toBe('deployment.apps/kubia scaled\n');
    expect(pods(c)).toHaveLength(1);
  });

  it('Recreate scales the old ReplicaSet to zero before the new one comes up; delete cascades', async () => {
    const c = new TestCluster();
    await c.ok('create deployment kubia --image=luksa/kubia --replicas=2');
    await c.ok(`patch deploy kubia -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'`);
    await c.ok(`patch deploy kubia -p '{"spec":{"template":{"spec":{"containers":[{"name":"kubia","image":"luksa/kubia:v2"}]}}}}'`);
    const msgs = Object.values(state(c).objects.events ?? {})
      .filter((e) => e.reason === 'ScalingReplicaSet' && e.metadata.namespace === 'default')
      .map((e) => String(e.message).replace(/kubia-[456789bcdf]+/, 'RS'));
    expect(msgs).toEqual(['Scaled up replica set RS to 2', 'Scaled down replica set RS to 0 from 2', 'Scaled up replica set RS to 2 from 0']);
    expect(pods(c)).toHaveLength(2);
    expect(await c.ok('delete deploy kubia')).toBe('deployment.apps "kubia" deleted\n');
    expect(Object.values(state(c).objects.replicasets ?? {}).filter((r) => r.metadata.namespace === 'default')).toHaveLength(0);
    expect(pods(c)).toHaveLength(0);
  });

  it('change-cause annotations follow onto the current ReplicaSet and show in the history', async () => {
    const c = new TestCluster();
    await c.ok('create deployment kubia --image=luksa/kubia');
    await c.ok('annotate deploy kubia kubernetes.io/change-cause=v1');
    await c.ok(`patch deploy kubia -p '{"metadata":{"annotations":{"kubernetes.io/change-cause":"v2"}},"spec":{"template":{"spec":{"containers":[{"name":"kubia","image":"luksa/kubia:v2"}]}}}}'`);
    expect(await c.ok('rollout history deploy kubia')).toBe('deployment.apps/kubia \nREVISION  CHANGE-CAUSE\n1         v1\n2         v2\n\n');
  });

  it('a stuck rollout waits for availability, and scaling it spreads the change proportionally', async () => {
    const c = new TestCluster();
    await c.ok('create deployment kubia --image=luksa/kubia --replicas=4');
    // v2 never becomes ready: the rollout stops within maxSurge 1 / maxUnavailable 1.
    await c.ok(`patch deploy kubia -p '{"spec":{"template":{"spec":{"containers":[{"name":"kubia","image":"luksa/kubia:v2","readinessProbe":{"exec":{"command":["ls","/var/ready"]}}}]}}}}'`);
    const sizes = () =>
      Object.values(state(c).objects.replicasets ?? {})
        .filter((r) => r.metadata.namespace === 'default')
        .map((r) => `${(r.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image}=${(r.spec as { replicas: number }).replicas}`)
        .sort();
    expect(sizes()).toEqual(['luksa/kubia:v2=2', 'luksa/kubia=3']);
    expect((await c.run('rollout status deploy kubia')).stdout).toBe('Waiting for deployment "kubia" rollout to finish: 2 out of 4 new replicas have been updated...\n');
    await c.ok('scale deploy kubia --replicas=8');
    expect(sizes()).toEqual(['luksa/kubia:v2=4', 'luksa/kubia=6']);
  });

  it('create deployment --dry-run=client -o yaml is kubectl 1.32\'s', async () => {
    const c = new TestCluster();
    expect(await c.ok('create deployment kubia --image=luksa/kubia --replicas=3 --port=8080 --dry-run=client -o yaml')).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: kubia
  name: kubia
spec:
  replicas: 3
  selector:
    matchLabels:
      app: kubia
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: kubia
    spec:
      containers:
      - image: luksa/kubia
        name: kubia
        ports:
        - containerPort: 8080
        resources: {}
status: {}
`);
    const r = await c.run('create deployment');
    expect(r.stderr).toBe("error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n");
    await c.ok('create deployment kubia --image=luksa/kubia');
    const again = await c.run('create deployment kubia --image=luksa/kubia');
    expect(again.stderr).toBe('error: failed to create deployment: deployments.apps "kubia" already exists\n');
  });

  it('create deployment of an image whose name has _ or . sanitizes it and adds a random suffix, as kubectl does', async () => {
    const c = new TestCluster();
    const names = async (line: string) => (await c.ok(`${line} -o jsonpath={.spec.template.spec.containers[*].name}`)).split(' ');
    const [a] = await names('create deployment h --image=registry.k8s.io/serve_hostname --dry-run=client');
    const [b, d] = await names('create deployment h --image=k8s.gcr.io/serve_hostname:1.4 --image=example.com/my.app --dry-run=server');
    expect(a).toMatch(/^serve-hostname-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b).toMatch(/^serve-hostname-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(d).toMatch(/^my-app-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // The suffixes come from a stream of their own: the pod names the server then draws are those of an
    // image that needs no suffix.
    const suffixes = async (cluster: TestCluster, image: string) => {
      await cluster.ok(`create deployment x --image=${image} --replicas=3`);
      return (await cluster.ok('get pods -o name')).split('\n').map((n) => n.slice(-5));
    };
    expect(await suffixes(c, 'registry.k8s.io/serve_hostname')).toEqual(await suffixes(new TestCluster(), 'registry.k8s.io/servehostname'));
  });
});

describe('scheduler', () => {
  it('puts coredns on the control plane and never user pods', async () => {
    const c = new TestCluster();
    await c.ok('get ns');
    const dns = pods(c, 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(dns).toHaveLength(2);
    for (const p of dns) {
      expect(p.metadata.name).toMatch(/^coredns-[456789bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(nodeOf(p)).toBe('kind-control-plane');
    }
    c.file('rs.yaml', RS.replace('replicas: 3', 'replicas: 6'));
    await c.ok('create -f rs.yaml');
    const placed = pods(c).map(nodeOf);
    expect(placed.filter((n) => n === 'kind-worker')).toHaveLength(3);
    expect(placed.filter((n) => n === 'kind-worker2')).toHaveLength(3);
  });

  it('leaves unschedulable pods Pending with a FailedScheduling event', async () => {
    const c = new TestCluster();
    c.file('rs.yaml', RS.replace('    spec:\n      containers:', '    spec:\n      nodeSelector:\n        disk: ssd\n      containers:'));
    await c.ok('create -f rs.yaml');
    for (const p of pods(c)) expect(nodeOf(p)).toBeUndefined();
    const ev = Object.values(state(c).objects.events ?? {}).filter((e) => e.reason === 'FailedScheduling');
    expect(ev).toHaveLength(3);
    const p = pods(c)[0]!;
    const cond = (p.status as { conditions: { type: string; status: string; message: string }[] }).conditions.find((x) => x.type === 'PodScheduled')!;
    expect(cond.status).toBe('False');
    expect(cond.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    // A node that gains the label makes them schedulable (there, and only there).
    await c.ok('label node kind-worker2 disk=ssd');
    expect(pods(c).map(nodeOf)).toEqual(['kind-worker2', 'kind-worker2', 'kind-worker2']);
  });
});

describe('determinism', () => {
  it('same commands on a fresh state give identical bytes', async () => {
    const script = async () => {
      const c = new TestCluster();
      c.file('rs.yaml', RS);
      c.file('rc.yaml', RC);
      let out = '';
      for (const line of [
        'create -f rs.yaml', 'create -f rc.yaml', 'create deployment web --image=nginx --replicas=2',
        'scale rs kubia --replicas=4', 'get all -o wide', 'describe rs kubia', 'describe deploy web',
        'get events -o wide', 'get rs,rc,deploy -A -o yaml',
      ]) {
        const r = await c.run(line);
        out += `$ ${line}\n${r.stdout}${r.stderr}[${r.exitCode}]\n`;
      }
      return out;
    };
    const a = await script();
    const b = await script();
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });
});
