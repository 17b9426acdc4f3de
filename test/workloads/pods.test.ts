/**
 * Pods end to end: API defaults as `get -o yaml` shows them, the kubelet's status (IP from the node's pod
 * CIDR, conditions, container statuses), `get po -o wide`, `describe po`, validation errors, and
 * determinism (same commands on a fresh state give the same bytes).
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { KUBIA_POD, GOWEB_READINESS, LIVENESS } from './pods-fixtures.js';

describe('a bare pod', () => {
  test('get -o wide, -o yaml with API defaults and kubelet status, describe with aggregated probe events', async () => {
    const c = new TestCluster();
    c.file('kubia-pod.yaml', KUBIA_POD);
    expect(await c.run('create -f kubia-pod.yaml')).toEqual({ stdout: `pod/kubia created
`, stderr: ``, exitCode: 0 });
    expect(await c.run('get po -o wide')).toEqual({ stdout: `NAME    READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES
kubia   0/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           <none>
`, stderr: ``, exitCode: 0 });
    // The resourceVersion counts every write since bootstrap (kube-system's included): read, not pinned.
    const rv = await c.ok('get po kubia -o jsonpath={.metadata.resourceVersion}');
    expect(await c.run('get po kubia -o yaml')).toEqual({ stdout: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2026-11-21T22:50:00Z"
  labels:
    app: kubia
  name: kubia
  namespace: default
  resourceVersion: "${rv}"
  uid: 1ee793bb-eb95-4569-88af-2114f246ffba
spec:
  containers:
  - image: luksa/kubia
    imagePullPolicy: Always
    name: kubia
    ports:
    - containerPort: 8080
      protocol: TCP
    readinessProbe:
      exec:
        command:
        - ls
        - /var/ready
      failureThreshold: 3
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 1
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-ck5x7
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeName: kind-worker2
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-ck5x7
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2026-11-21T22:50:00Z"
    status: "True"
    type: PodReadyToStartContainers
  - lastProbeTime: null
    lastTransitionTime: "2026-11-21T22:50:00Z"
    status: "True"
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: "2026-11-21T22:50:00Z"
    message: 'containers with unready status: [kubia]'
    reason: ContainersNotReady
    status: "False"
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: "2026-11-21T22:50:00Z"
    message: 'containers with unready status: [kubia]'
    reason: ContainersNotReady
    status: "False"
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: "2026-11-21T22:50:00Z"
    status: "True"
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://5e5e3374a86694b1f864ab1c92e53e930d9bec892122635a442db2a99c49e64a
    image: docker.io/luksa/kubia:latest
    imageID: docker.io/luksa/kubia@sha256:ce201a56b3b529c076bd2c9c6a0261fab53c34ea1ae326dd0a52ae029aab0fe3
    lastState: {}
    name: kubia
    ready: false
    restartCount: 0
    started: true
    state:
      running:
        startedAt: "2026-11-21T22:50:00Z"
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-ck5x7
      readOnly: true
      recursiveReadOnly: Disabled
  hostIP: 172.18.0.4
  hostIPs:
  - ip: 172.18.0.4
  phase: Running
  podIP: 10.244.2.2
  podIPs:
  - ip: 10.244.2.2
  qosClass: BestEffort
  startTime: "2026-11-21T22:50:00Z"
`, stderr: ``, exitCode: 0 });
    await c.ok('advance 4m55s');
    expect(await c.run('describe po kubia')).toEqual({ stdout: `Name:             kubia
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker2/172.18.0.4
Start Time:       Sat, 21 Nov 2026 22:50:00 +0000
Labels:           app=kubia
Annotations:      <none>
Status:           Running
IP:               10.244.2.2
IPs:
  IP:  10.244.2.2
Containers:
  kubia:
    Container ID:   containerd://5e5e3374a86694b1f864ab1c92e53e930d9bec892122635a442db2a99c49e64a
    Image:          luksa/kubia
    Image ID:       docker.io/luksa/kubia@sha256:ce201a56b3b529c076bd2c9c6a0261fab53c34ea1ae326dd0a52ae029aab0fe3
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Sat, 21 Nov 2026 22:50:00 +0000
    Ready:          False
    Restart Count:  0
    Readiness:      exec [ls /var/ready] delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-ck5x7 (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  kube-api-access-ck5x7:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                  From               Message
  ----     ------     ----                 ----               -------
  Normal   Scheduled  4m55s                default-scheduler  Successfully assigned default/kubia to kind-worker2
  Normal   Pulling    4m55s                kubelet            Pulling image "luksa/kubia"
  Normal   Pulled     4m55s                kubelet            Successfully pulled image "luksa/kubia" in 7.19s (7.19s including waiting). Image size: 265738925 bytes.
  Normal   Created    4m55s                kubelet            Created container kubia
  Normal   Started    4m55s                kubelet            Started container kubia
  Warning  Unhealthy  5s (x30 over 4m55s)  kubelet            Readiness probe failed: ls: cannot access '/var/ready': No such file or directory
`, stderr: ``, exitCode: 0 });
    expect(await c.run('get po --show-labels')).toEqual({ stdout: `NAME    READY   STATUS    RESTARTS   AGE     LABELS
kubia   0/1     Running   0          4m55s   app=kubia
`, stderr: ``, exitCode: 0 });
    expect(await c.run('delete po kubia')).toEqual({ stdout: `pod "kubia" deleted
`, stderr: ``, exitCode: 0 });
    expect(await c.run('create -f kubia-pod.yaml')).toEqual({ stdout: `pod/kubia created
`, stderr: ``, exitCode: 0 });
    // A new pod lands on another node; IPs are handed out from .2 upward per node.
    expect(await c.run('get po -o wide')).toEqual({ stdout: `NAME    READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES
kubia   0/1     Running   0          0s    10.244.2.3   kind-worker2   <none>           <none>
`, stderr: ``, exitCode: 0 });
  });
});

describe('pod IPs (host-local IPAM)', () => {
  test('an address is not handed out again right after its pod is deleted', async () => {
    const c = new TestCluster();
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      await c.ok(`run p${i} --image=nginx --restart=Never`);
      names.push(`p${i}`);
    }
    const ips = (await c.ok('get po -o wide --no-headers')).split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(5, 7).join(' '));
    expect(new Set(ips).size).toBe(4);
    for (const ip of ips) expect(ip).toMatch(/^10\.244\.[12]\.[2-9] kind-worker2?$/);
    await c.ok('delete po p0');
    await c.ok('run q --image=nginx --restart=Never');
    const q = (await c.ok('get po q -o wide --no-headers')).split(/\s+/)[5];
    expect(ips.map((x) => x.split(' ')[0])).not.toContain(q);
  });
});

describe('readiness gates', () => {
  test('a pod with a readiness gate nobody sets stays 0/1-ready at the pod level', async () => {
    const c = new TestCluster();
    c.file('g.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: gated
spec:
  readinessGates:
  - conditionType: example.com/feature
  containers:
  - name: web
    image: nginx
`);
    await c.ok('create -f g.yaml');
    expect(await c.ok('get po gated -o wide')).toBe(`NAME    READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES
gated   1/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           0/1
`);
    expect(await c.ok('get po gated -o jsonpath={.status.conditions[2].message}')).toBe(
      'corresponding condition of pod readiness gate "example.com/feature" does not exist.',
    );
  });
});

describe('pod validation', () => {
  test.each([
    ['no containers', 'spec: {}', 'The Pod "bad" is invalid: spec.containers: Required value'],
    ['no image', 'spec:\n  containers:\n  - name: a', 'The Pod "bad" is invalid: spec.containers[0].image: Required value'],
    ['duplicate container names', 'spec:\n  containers:\n  - name: a\n    image: nginx\n  - name: a\n    image: nginx', 'The Pod "bad" is invalid: spec.containers[1].name: Duplicate value: "a"'],
    ['bad container name', 'spec:\n  containers:\n  - name: A\n    image: nginx', `The Pod "bad" is invalid: spec.containers[0].name: Invalid value: "A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`],
    ['port out of range', 'spec:\n  containers:\n  - name: a\n    image: nginx\n    ports:\n    - containerPort: 70000', 'The Pod "bad" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ['probe without handler', 'spec:\n  containers:\n  - name: a\n    image: nginx\n    readinessProbe:\n      periodSeconds: 5', 'The Pod "bad" is invalid: spec.containers[0].readinessProbe: Required value: must specify a handler type'],
    ['probe with two handlers', 'spec:\n  containers:\n  - name: a\n    image: nginx\n    readinessProbe:\n      exec:\n        command: [ls]\n      tcpSocket:\n        port: 80', 'The Pod "bad" is invalid: spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
    ['liveness successThreshold', 'spec:\n  containers:\n  - name: a\n    image: nginx\n    livenessProbe:\n      successThreshold: 2\n      tcpSocket:\n        port: 80', 'The Pod "bad" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ['restartPolicy', 'spec:\n  restartPolicy: Sometimes\n  containers:\n  - name: a\n    image: nginx', 'The Pod "bad" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ])('%s', async (_name, spec, error) => {
    const c = new TestCluster();
    c.file('bad.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n${spec}\n`);
    expect(await c.run('create -f bad.yaml')).toEqual({ stdout: '', stderr: error + '\n', exitCode: 1 });
  });
});

describe('determinism', () => {
  test('the same commands on a fresh state give identical bytes', async () => {
    const script = async () => {
      const c = new TestCluster();
      c.file('rs.yaml', GOWEB_READINESS);
      c.file('live.yaml', LIVENESS);
      let out = '';
      for (const cmd of ['create -f rs.yaml', 'create -f live.yaml', 'run bb --image=busybox', 'advance 3m', 'get po -o wide', 'describe po', 'get events -o wide', 'get po -o yaml', 'logs kubia-liveness']) {
        const r = await c.run(cmd);
        out += `${cmd}\n${r.stdout}${r.stderr}${r.exitCode}\n`;
      }
      return out;
    };
    const a = await script();
    const b = await script();
    expect(b).toBe(a);
    expect(a).toContain('kubia-liveness');
  });
});

describe('downward API files', () => {
  test("labels and annotations as the kubelet's fieldpath.FormatMap writes them: sorted keys, Go-quoted values", async () => {
    const c = new TestCluster();
    c.file(
      'dapi.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: dapi
  labels: {zone: us-est-coast, app: x}
  annotations: {note: "say \\"hi\\"\\ttab", b: two}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, '3600']
    volumeMounts: [{name: podinfo, mountPath: /etc/podinfo}]
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
`,
    );
    await c.ok('create -f dapi.yaml');
    expect(await c.ok('exec dapi -- cat /etc/podinfo/labels')).toBe('app="x"\nzone="us-est-coast"');
    // The kubelet's copy of the pod adds config.seen (when it first saw it, with nanoseconds) and config.source.
    expect(await c.ok('exec dapi -- cat /etc/podinfo/annotations')).toMatch(/^b="two"\nkubernetes\.io\/config\.seen="2026-11-21T22:50:00\.\d{1,9}Z"\nkubernetes\.io\/config\.source="api"\nnote="say \\"hi\\"\\ttab"$/);
  });
});
