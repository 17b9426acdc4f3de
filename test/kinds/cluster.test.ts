/**
 * kube-system as kind v1.32 has it, and the kinds that come with it: ServiceAccount, DaemonSet (with
 * its rollouts and ControllerRevisions) and Lease. Full outputs as kubectl 1.32 prints them; describe and
 * -o yaml of these objects were checked against the real kubectl with the kubectl-oracle.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox
        command: [sleep, "3600"]
`;

describe('a fresh cluster', () => {
  it('has kind v1.32\'s kube-system: static pods, kube-proxy and kindnet on every node, coredns, local-path-provisioner', async () => {
    const c = new TestCluster();
    expect(await c.ok('get all -A')).toMatchInlineSnapshot(`
      "NAMESPACE            NAME                                             READY   STATUS    RESTARTS   AGE
      kube-system          pod/coredns-fdcb9cd49-pwkbh                      1/1     Running   0          5m
      kube-system          pod/coredns-fdcb9cd49-vd8kg                      1/1     Running   0          5m
      kube-system          pod/etcd-kind-control-plane                      1/1     Running   0          5m
      kube-system          pod/kindnet-4ncsx                                1/1     Running   0          5m
      kube-system          pod/kindnet-92x6x                                1/1     Running   0          5m
      kube-system          pod/kindnet-d9p95                                1/1     Running   0          5m
      kube-system          pod/kube-apiserver-kind-control-plane            1/1     Running   0          5m
      kube-system          pod/kube-controller-manager-kind-control-plane   1/1     Running   0          5m
      kube-system          pod/kube-proxy-2bz6d                             1/1     Running   0          5m
      kube-system          pod/kube-proxy-ck22m                             1/1     Running   0          5m
      kube-system          pod/kube-proxy-hrfg9                             1/1     Running   0          5m
      kube-system          pod/kube-scheduler-kind-control-plane            1/1     Running   0          5m
      local-path-storage   pod/local-path-provisioner-844c464cbf-5rhtn      1/1     Running   0          5m

      NAMESPACE     NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
      default       service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  5m
      kube-system   service/kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   5m

      NAMESPACE     NAME                        DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
      kube-system   daemonset.apps/kindnet      3         3         3       3            3           kubernetes.io/os=linux   5m
      kube-system   daemonset.apps/kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   5m

      NAMESPACE            NAME                                     READY   UP-TO-DATE   AVAILABLE   AGE
      kube-system          deployment.apps/coredns                  2/2     2            2           5m
      local-path-storage   deployment.apps/local-path-provisioner   1/1     1            1           5m

      NAMESPACE            NAME                                                DESIRED   CURRENT   READY   AGE
      kube-system          replicaset.apps/coredns-fdcb9cd49                   2         2         2       5m
      local-path-storage   replicaset.apps/local-path-provisioner-844c464cbf   1         1         1       5m
      "
    `);
    expect(await c.ok('get po -A -o wide')).toMatchInlineSnapshot(`
      "NAMESPACE            NAME                                         READY   STATUS    RESTARTS   AGE   IP           NODE                 NOMINATED NODE   READINESS GATES
      kube-system          coredns-fdcb9cd49-pwkbh                      1/1     Running   0          5m    10.244.0.2   kind-control-plane   <none>           <none>
      kube-system          coredns-fdcb9cd49-vd8kg                      1/1     Running   0          5m    10.244.0.3   kind-control-plane   <none>           <none>
      kube-system          etcd-kind-control-plane                      1/1     Running   0          5m    172.18.0.2   kind-control-plane   <none>           <none>
      kube-system          kindnet-4ncsx                                1/1     Running   0          5m    172.18.0.3   kind-worker          <none>           <none>
      kube-system          kindnet-92x6x                                1/1     Running   0          5m    172.18.0.2   kind-control-plane   <none>           <none>
      kube-system          kindnet-d9p95                                1/1     Running   0          5m    172.18.0.4   kind-worker2         <none>           <none>
      kube-system          kube-apiserver-kind-control-plane            1/1     Running   0          5m    172.18.0.2   kind-control-plane   <none>           <none>
      kube-system          kube-controller-manager-kind-control-plane   1/1     Running   0          5m    172.18.0.2   kind-control-plane   <none>           <none>
      kube-system          kube-proxy-2bz6d                             1/1     Running   0          5m    172.18.0.3   kind-worker          <none>           <none>
      kube-system          kube-proxy-ck22m                             1/1     Running   0          5m    172.18.0.2   kind-control-plane   <none>           <none>
      kube-system          kube-proxy-hrfg9                             1/1     Running   0          5m    172.18.0.4   kind-worker2         <none>           <none>
      kube-system          kube-scheduler-kind-control-plane            1/1     Running   0          5m    172.18.0.2   kind-control-plane   <none>           <none>
      local-path-storage   local-path-provisioner-844c464cbf-5rhtn      1/1     Running   0          5m    10.244.0.4   kind-control-plane   <none>           <none>
      "
    `);
  });

  it('has the ConfigMaps, ServiceAccounts and Leases kind has', async () => {
    const c = new TestCluster();
    expect(await c.ok('get cm -A')).toMatchInlineSnapshot(`
      "NAMESPACE            NAME                                                   DATA   AGE
      default              kube-root-ca.crt                                       1      5m
      kube-node-lease      kube-root-ca.crt                                       1      5m
      kube-public          cluster-info                                           2      5m
      kube-public          kube-root-ca.crt                                       1      5m
      kube-system          coredns                                                1      5m
      kube-system          extension-apiserver-authentication                     6      5m
      kube-system          kube-apiserver-legacy-service-account-token-tracking   1      5m
      kube-system          kube-proxy                                             2      5m
      kube-system          kube-root-ca.crt                                       1      5m
      kube-system          kubeadm-config                                         1      5m
      kube-system          kubelet-config                                         1      5m
      local-path-storage   kube-root-ca.crt                                       1      5m
      local-path-storage   local-path-config                                      4      5m
      "
    `);
    expect(await c.ok('get sa -A')).toMatchInlineSnapshot(`
      "NAMESPACE            NAME                                          SECRETS   AGE
      default              default                                       0         5m
      kube-node-lease      default                                       0         5m
      kube-public          default                                       0         5m
      kube-system          attachdetach-controller                       0         5m
      kube-system          bootstrap-signer                              0         5m
      kube-system          certificate-controller                        0         5m
      kube-system          clusterrole-aggregation-controller            0         5m
      kube-system          coredns                                       0         5m
      kube-system          cronjob-controller                            0         5m
      kube-system          daemon-set-controller                         0         5m
      kube-system          default                                       0         5m
      kube-system          deployment-controller                         0         5m
      kube-system          disruption-controller                         0         5m
      kube-system          endpoint-controller                           0         5m
      kube-system          endpointslice-controller                      0         5m
      kube-system          endpointslicemirroring-controller             0         5m
      kube-system          ephemeral-volume-controller                   0         5m
      kube-system          expand-controller                             0         5m
      kube-system          generic-garbage-collector                     0         5m
      kube-system          horizontal-pod-autoscaler                     0         5m
      kube-system          job-controller                                0         5m
      kube-system          kindnet                                       0         5m
      kube-system          kube-proxy                                    0         5m
      kube-system          legacy-service-account-token-cleaner          0         5m
      kube-system          namespace-controller                          0         5m
      kube-system          node-controller                               0         5m
      kube-system          persistent-volume-binder                      0         5m
      kube-system          pod-garbage-collector                         0         5m
      kube-system          pv-protection-controller                      0         5m
      kube-system          pvc-protection-controller                     0         5m
      kube-system          replicaset-controller                         0         5m
      kube-system          replication-controller                        0         5m
      kube-system          resourcequota-controller                      0         5m
      kube-system          root-ca-cert-publisher                        0         5m
      kube-system          service-account-controller                    0         5m
      kube-system          statefulset-controller                        0         5m
      kube-system          token-cleaner                                 0         5m
      kube-system          ttl-after-finished-controller                 0         5m
      kube-system          ttl-controller                                0         5m
      kube-system          validatingadmissionpolicy-status-controller   0         5m
      local-path-storage   default                                       0         5m
      local-path-storage   local-path-provisioner-service-account        0         5m
      "
    `);
    expect(await c.ok('get lease -A')).toMatchInlineSnapshot(`
      "NAMESPACE         NAME                                   HOLDER                                                                      AGE
      kube-node-lease   kind-control-plane                     kind-control-plane                                                          5m
      kube-node-lease   kind-worker                            kind-worker                                                                 5m
      kube-node-lease   kind-worker2                           kind-worker2                                                                5m
      kube-system       apiserver-z2n74kgc5rbj4ultt5po6ccdbt   apiserver-z2n74kgc5rbj4ultt5po6ccdbt_530a8dca-3f6b-49bd-a80f-c89dc4b59a0e   5m
      kube-system       kube-controller-manager                kind-control-plane_979df54b-4aca-4bb9-a14c-9f24c3c85b33                     5m
      kube-system       kube-scheduler                         kind-control-plane_def40bc3-39bc-4bc4-b295-d5e376439718                     5m
      "
    `);
    expect(await c.ok('get ds -n kube-system -o wide')).toMatchInlineSnapshot(`
      "NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   CONTAINERS    IMAGES                                          SELECTOR
      kindnet      3         3         3       3            3           kubernetes.io/os=linux   5m    kindnet-cni   docker.io/kindest/kindnetd:v20250214-acbabc1a   app=kindnet
      kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   5m    kube-proxy    registry.k8s.io/kube-proxy:v1.32.0              k8s-app=kube-proxy
      "
    `);
    expect(await c.ok('get cm coredns -n kube-system -o jsonpath={.data.Corefile}')).toMatchInlineSnapshot(`
      ".:53 {
          errors
          health {
             lameduck 5s
          }
          ready
          kubernetes cluster.local in-addr.arpa ip6.arpa {
             pods insecure
             fallthrough in-addr.arpa ip6.arpa
             ttl 30
          }
          prometheus :9153
          forward . /etc/resolv.conf {
             max_concurrent 1000
          }
          cache 30 {
             disable success cluster.local
             disable denial cluster.local
          }
          loop
          reload
          loadbalance
      }
      "
    `);
  });

  it('mirror pods are owned by their node and annotated as the kubelet does', async () => {
    const c = new TestCluster();
    expect(await c.ok('get po -n kube-system kube-scheduler-kind-control-plane -o yaml')).toMatchInlineSnapshot(`
      "apiVersion: v1
      kind: Pod
      metadata:
        annotations:
          kubernetes.io/config.hash: 27478936f9eb1babaa16e10121c7fbe8
          kubernetes.io/config.mirror: 27478936f9eb1babaa16e10121c7fbe8
          kubernetes.io/config.seen: "2026-11-21T22:45:00.998837036Z"
          kubernetes.io/config.source: file
        creationTimestamp: "2026-11-21T22:45:00Z"
        labels:
          component: kube-scheduler
          tier: control-plane
        name: kube-scheduler-kind-control-plane
        namespace: kube-system
        ownerReferences:
        - apiVersion: v1
          controller: true
          kind: Node
          name: kind-control-plane
          uid: e6e0fe76-40df-4ccf-9888-e07d7f51e765
        resourceVersion: "245"
        uid: a114daff-2ba7-4020-8f61-2a426132d0e9
      spec:
        containers:
        - command:
          - kube-scheduler
          - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf
          - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf
          - --bind-address=127.0.0.1
          - --kubeconfig=/etc/kubernetes/scheduler.conf
          - --leader-elect=true
          image: registry.k8s.io/kube-scheduler:v1.32.0
          imagePullPolicy: IfNotPresent
          name: kube-scheduler
          resources:
            requests:
              cpu: 100m
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
          volumeMounts:
          - mountPath: /etc/kubernetes/scheduler.conf
            name: kubeconfig
            readOnly: true
        dnsPolicy: ClusterFirst
        enableServiceLinks: true
        hostNetwork: true
        nodeName: kind-control-plane
        preemptionPolicy: PreemptLowerPriority
        priority: 2000001000
        priorityClassName: system-node-critical
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext:
          seccompProfile:
            type: RuntimeDefault
        terminationGracePeriodSeconds: 30
        tolerations:
        - effect: NoExecute
          operator: Exists
        volumes:
        - hostPath:
            path: /etc/kubernetes/scheduler.conf
            type: FileOrCreate
          name: kubeconfig
      status:
        conditions:
        - lastProbeTime: null
          lastTransitionTime: "2026-11-21T22:45:00Z"
          status: "True"
          type: PodReadyToStartContainers
        - lastProbeTime: null
          lastTransitionTime: "2026-11-21T22:45:00Z"
          status: "True"
          type: Initialized
        - lastProbeTime: null
          lastTransitionTime: "2026-11-21T22:45:00Z"
          status: "True"
          type: Ready
        - lastProbeTime: null
          lastTransitionTime: "2026-11-21T22:45:00Z"
          status: "True"
          type: ContainersReady
        - lastProbeTime: null
          lastTransitionTime: "2026-11-21T22:45:00Z"
          status: "True"
          type: PodScheduled
        containerStatuses:
        - containerID: containerd://781952abdff11dc57873604d4810e02ad2d8b059e499b00a95262ba889e01260
          image: registry.k8s.io/kube-scheduler:v1.32.0
          imageID: registry.k8s.io/kube-scheduler@sha256:fa9f4233eced33a5cb5b735845ce7ecfec53e5a5c6b31ee1797c79f887247a47
          lastState: {}
          name: kube-scheduler
          ready: true
          restartCount: 0
          started: true
          state:
            running:
              startedAt: "2026-11-21T22:45:00Z"
          volumeMounts:
          - mountPath: /etc/kubernetes/scheduler.conf
            name: kubeconfig
            readOnly: true
            recursiveReadOnly: Disabled
        hostIP: 172.18.0.2
        hostIPs:
        - ip: 172.18.0.2
        phase: Running
        podIP: 172.18.0.2
        podIPs:
        - ip: 172.18.0.2
        qosClass: Burstable
        startTime: "2026-11-21T22:45:00Z"
      "
    `);
  });
});

describe('ServiceAccount and kube-root-ca.crt in every namespace', () => {
  it('a new namespace gets both; a deleted CA ConfigMap comes back, an edited one is put back', async () => {
    const c = new TestCluster();
    await c.ok('create ns team');
    expect(await c.ok('get sa,cm -n team')).toMatchInlineSnapshot(`
      "NAME                     SECRETS   AGE
      serviceaccount/default   0         0s

      NAME                         DATA   AGE
      configmap/kube-root-ca.crt   1      0s
      "
    `);
    expect(await c.ok('delete cm kube-root-ca.crt -n team')).toBe('configmap "kube-root-ca.crt" deleted\n');
    expect(await c.ok('get cm -n team -o name')).toBe('configmap/kube-root-ca.crt\n');
    await c.ok(`patch cm kube-root-ca.crt -n team -p '{"data":{"ca.crt":"mine"}}'`);
    expect(await c.ok("get cm kube-root-ca.crt -n team -o jsonpath='{.data.ca\\.crt}'")).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(await c.ok('delete sa default -n team')).toBe('serviceaccount "default" deleted\n');
    expect(await c.ok('get sa -n team -o name')).toBe('serviceaccount/default\n');
  });

  it('create, get, describe, errors', async () => {
    const c = new TestCluster();
    expect(await c.ok('create serviceaccount builder')).toBe('serviceaccount/builder created\n');
    expect(await c.run('create sa builder')).toEqual({ stdout: '', stderr: 'error: failed to create serviceaccount: serviceaccounts "builder" already exists\n', exitCode: 1 });
    expect(await c.ok('get sa')).toMatchInlineSnapshot(`
      "NAME      SECRETS   AGE
      builder   0         0s
      default   0         5m
      "
    `);
    expect(await c.ok('get sa builder -o wide')).toMatchInlineSnapshot(`
      "NAME      SECRETS   AGE
      builder   0         0s
      "
    `);
    c.file('sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: puller\nimagePullSecrets:\n- name: regcred\nsecrets:\n- name: token\n');
    await c.ok('create -f sa.yaml');
    expect(await c.ok('describe sa puller')).toMatchInlineSnapshot(`
      "Name:                puller
      Namespace:           default
      Labels:              <none>
      Annotations:         <none>
      Image pull secrets:  regcred (not found)
      Mountable secrets:   token (not found)
      Tokens:              <none>
      Events:              <none>
      "
    `);
    expect(await c.run('create sa Bad_Name')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "error: failed to create serviceaccount: ServiceAccount "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
      ",
        "stdout": "",
      }
    `);
    expect(await c.run('describe sa nope')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "Error from server (NotFound): serviceaccounts "nope" not found
      ",
        "stdout": "",
      }
    `);
  });
});

describe('DaemonSet', () => {
  it('one pod per schedulable worker (the control plane is tainted), table, wide, describe', async () => {
    const c = new TestCluster();
    c.file('ds.yaml', AGENT);
    expect(await c.ok('create -f ds.yaml')).toBe('daemonset.apps/agent created\n');
    expect(await c.ok('get ds')).toMatchInlineSnapshot(`
      "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      agent   2         2         2       2            2           <none>          0s
      "
    `);
    expect(await c.ok('get ds -o wide')).toMatchInlineSnapshot(`
      "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS   IMAGES    SELECTOR
      agent   2         2         2       2            2           <none>          0s    agent        busybox   app=agent
      "
    `);
    expect(await c.ok('get po -l app=agent -o wide')).toMatchInlineSnapshot(`
      "NAME          READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES
      agent-9jvtb   1/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           <none>
      agent-mzk82   1/1     Running   0          0s    10.244.1.2   kind-worker    <none>           <none>
      "
    `);
    expect(await c.ok('describe ds agent')).toMatchInlineSnapshot(`
      "Name:           agent
      Selector:       app=agent
      Node-Selector:  <none>
      Labels:         <none>
      Annotations:    deprecated.daemonset.template.generation: 1
      Desired Number of Nodes Scheduled: 2
      Current Number of Nodes Scheduled: 2
      Number of Nodes Scheduled with Up-to-date Pods: 2
      Number of Nodes Scheduled with Available Pods: 2
      Number of Nodes Misscheduled: 0
      Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed
      Pod Template:
        Labels:  app=agent
        Containers:
         agent:
          Image:      busybox
          Port:       <none>
          Host Port:  <none>
          Command:
            sleep
            3600
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Events:
        Type    Reason            Age   From                  Message
        ----    ------            ----  ----                  -------
        Normal  SuccessfulCreate  0s    daemonset-controller  Created pod: agent-mzk82
        Normal  SuccessfulCreate  0s    daemonset-controller  Created pod: agent-9jvtb
      "
    `);
    const pod = (await c.ok('get po -l app=agent -o name')).split('\n')[0]!;
    expect(await c.ok(`get ${pod} -o jsonpath='{.spec.affinity}{"\\n"}{.spec.tolerations}{"\\n"}{.metadata.labels}'`)).toMatchInlineSnapshot(`"{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["kind-worker2"]}]}]}}}
[{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists"},{"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists"},{"effect":"NoSchedule","key":"node.kubernetes.io/disk-pressure","operator":"Exists"},{"effect":"NoSchedule","key":"node.kubernetes.io/memory-pressure","operator":"Exists"},{"effect":"NoSchedule","key":"node.kubernetes.io/pid-pressure","operator":"Exists"},{"effect":"NoSchedule","key":"node.kubernetes.io/unschedulable","operator":"Exists"}]
{"app":"agent","controller-revision-hash":"6c9f4f68d9","pod-template-generation":"1"}"`);
  });

  it('tolerating the control-plane taint puts a pod there too; a nodeSelector narrows the nodes', async () => {
    const c = new TestCluster();
    c.file('ds.yaml', AGENT.replace('    spec:\n      containers:', '    spec:\n      tolerations:\n      - operator: Exists\n      containers:'));
    await c.ok('create -f ds.yaml');
    expect(await c.ok('get ds agent')).toMatchInlineSnapshot(`
      "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      agent   3         3         3       3            3           <none>          0s
      "
    `);
    await c.ok(`patch ds agent -p '{"spec":{"template":{"spec":{"nodeSelector":{"disk":"ssd"}}}}}'`);
    expect(await c.ok('get ds agent')).toMatchInlineSnapshot(`
      "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      agent   0         0         0       0            0           disk=ssd        0s
      "
    `);
    await c.ok('label node kind-worker disk=ssd');
    expect(await c.ok('get po -l app=agent -o wide')).toMatchInlineSnapshot(`
      "NAME          READY   STATUS    RESTARTS   AGE   IP           NODE          NOMINATED NODE   READINESS GATES
      agent-pnp8s   1/1     Running   0          0s    10.244.1.3   kind-worker   <none>           <none>
      "
    `);
  });

  it('rollout status, history, undo and restart over ControllerRevisions', async () => {
    const c = new TestCluster();
    c.file('ds.yaml', AGENT);
    await c.ok('create -f ds.yaml');
    expect(await c.ok('rollout status ds/agent')).toBe('daemon set "agent" successfully rolled out\n');
    await c.ok(`patch ds agent -p '{"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"busybox:1.36"}]}}}}'`);
    expect(await c.ok('rollout history ds/agent')).toMatchInlineSnapshot(`
      "daemonset.apps/agent 
      REVISION  CHANGE-CAUSE
      1         <none>
      2         <none>

      "
    `);
    expect(await c.ok('rollout history ds/agent --revision=2')).toMatchInlineSnapshot(`
      "daemonset.apps/agent with revision #2
      Pod Template:
        Labels:	app=agent
        Containers:
         agent:
          Image:	busybox:1.36
          Port:	<none>
          Host Port:	<none>
          Command:
            sleep
            3600
          Environment:	<none>
          Mounts:	<none>
        Volumes:	<none>
        Node-Selectors:	<none>
        Tolerations:	<none>

      "
    `);
    expect(await c.ok('get controllerrevisions')).toMatchInlineSnapshot(`
      "NAME               CONTROLLER             REVISION   AGE
      agent-69556b4dc7   daemonset.apps/agent   2          0s
      agent-6c9f4f68d9   daemonset.apps/agent   1          0s
      "
    `);
    expect(await c.ok('get po -l app=agent -o custom-columns=IMAGE:.spec.containers[0].image,GEN:.metadata.labels.pod-template-generation')).toMatchInlineSnapshot(`
      "IMAGE          GEN
      busybox:1.36   2
      busybox:1.36   2
      "
    `);
    expect(await c.ok('rollout undo ds/agent')).toBe('daemonset.apps/agent rolled back\n');
    expect(await c.ok('rollout undo ds/agent --to-revision=3')).toBe('daemonset.apps/agent skipped rollback (current template already matches revision 3)\n');
    expect(await c.run('rollout undo ds/agent --to-revision=9')).toEqual({ stdout: '', stderr: 'error: unable to find specified revision 9 in history\n', exitCode: 1 });
    expect(await c.ok('rollout restart ds/agent')).toBe('daemonset.apps/agent restarted\n');
    expect(await c.run('rollout pause ds/agent')).toEqual({ stdout: '', stderr: 'error: daemonsets.apps "agent" pausing is not supported\n', exitCode: 1 });
    expect(await c.ok('get ds agent -o jsonpath={.metadata.generation}/{.metadata.annotations}')).toBe('4/{"deprecated.daemonset.template.generation":"4"}');
  });

  it('validation', async () => {
    const c = new TestCluster();
    c.file('bad.yaml', AGENT.replace('      app: agent\n  template', '      app: other\n  template'));
    expect(await c.run('create -f bad.yaml')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The DaemonSet "agent" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: \`selector\` does not match template \`labels\`
      ",
        "stdout": "",
      }
    `);
    c.file('empty.yaml', AGENT.replace('    matchLabels:\n      app: agent\n', '    matchLabels: {}\n'));
    expect(await c.run('create -f empty.yaml')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The DaemonSet "agent" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset
      ",
        "stdout": "",
      }
    `);
    c.file('ds.yaml', AGENT);
    await c.ok('create -f ds.yaml');
    expect(await c.run(`patch ds agent -p '{"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}}}}}'`)).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The DaemonSet "agent" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
      ",
        "stdout": "",
      }
    `);
  });
});

describe('Lease', () => {
  it('node leases are renewed every 10 s of cluster time; describe is the generic describer', async () => {
    const c = new TestCluster();
    expect(await c.ok('get leases -n kube-node-lease -o wide')).toMatchInlineSnapshot(`
      "NAME                 HOLDER               AGE
      kind-control-plane   kind-control-plane   5m
      kind-worker          kind-worker          5m
      kind-worker2         kind-worker2         5m
      "
    `);
    expect(await c.ok('get lease kind-worker -n kube-node-lease -o jsonpath={.spec.renewTime}')).toBe('2026-11-21T22:50:00.000000Z');
    await c.ok('advance 25s');
    expect(await c.ok('get lease kind-worker -n kube-node-lease -o jsonpath={.spec.renewTime}')).toBe('2026-11-21T22:50:20.000000Z');
    expect(await c.ok('describe lease kind-worker -n kube-node-lease')).toMatchInlineSnapshot(`
      "Name:         kind-worker
      Namespace:    kube-node-lease
      Labels:       <none>
      Annotations:  <none>
      API Version:  coordination.k8s.io/v1
      Kind:         Lease
      Metadata:
        Creation Timestamp:  2026-11-21T22:45:00Z
        Owner References:
          API Version:     v1
          Kind:            Node
          Name:            kind-worker
          UID:             9f6f2029-3080-4381-a2ab-c462557be4ee
        Resource Version:  420
        UID:               4b2f6c6b-7c2a-49cc-a896-c990d59e1006
      Spec:
        Holder Identity:         kind-worker
        Lease Duration Seconds:  40
        Renew Time:              2026-11-21T22:50:20.000000Z
      Events:                    <none>
      "
    `);
  });
});

describe('kube-proxy reads its ConfigMap when it starts', () => {
  it('proxy mode edits the ConfigMap and restarts kube-proxy; an edit alone waits for a restart', async () => {
    const c = new TestCluster();
    expect(await c.ok('proxy mode')).toBe('iptables\n');
    expect(await c.ok('proxy mode ipvs')).toBe('kube-proxy mode: ipvs (scheduler rr)\n');
    expect(await c.ok("get cm kube-proxy -n kube-system -o jsonpath='{.data.config\\.conf}'")).toMatch(/\nmode: ipvs\n/);
    expect(await c.ok('get po -n kube-system -l k8s-app=kube-proxy')).toMatchInlineSnapshot(`
      "NAME               READY   STATUS    RESTARTS   AGE
      kube-proxy-6bfpm   1/1     Running   0          0s
      kube-proxy-9rns6   1/1     Running   0          0s
      kube-proxy-mmn9l   1/1     Running   0          0s
      "
    `);
    const conf = (await c.ok("get cm kube-proxy -n kube-system -o jsonpath='{.data.config\\.conf}'")).replace('mode: ipvs', 'mode: iptables');
    c.file('patch.json', JSON.stringify({ data: { 'config.conf': conf } }));
    await c.ok('patch cm kube-proxy -n kube-system --patch-file=patch.json');
    expect(await c.ok('proxy mode')).toBe('ipvs (scheduler rr)\n');
    await c.ok('delete po -n kube-system -l k8s-app=kube-proxy');
    expect(await c.ok('proxy mode')).toBe('iptables\n');
  });
});
