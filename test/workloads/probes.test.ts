/**
 * Probes on the cluster clock: the chapter's readiness walkthrough (pods 0/1 until `touch /var/ready`,
 * 1/1 one period later, unready again failureThreshold periods after `rm`), liveness restarts with the
 * kubelet's back-off, and httpGet/tcpSocket/startup probes against the simulated applications.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { GOWEB_READINESS, LIVENESS, PROBES } from './pods-fixtures.js';

describe('readiness probe walkthrough (seed 003)', () => {
  test('0/1 until touch /var/ready, 1/1 after one period, 0/1 again after rm and three failures', async () => {
    const c = new TestCluster();
    c.file('goweb-readiness.yaml', GOWEB_READINESS);
    expect(await c.ok('create -f goweb-readiness.yaml')).toBe('replicaset.apps/goweb-readiness created\n');
    expect(await c.ok('get po -o wide')).toBe(`NAME                    READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES
goweb-readiness-9jvtb   0/1     Running   0          0s    10.244.1.2   kind-worker    <none>           <none>
goweb-readiness-mzk82   0/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           <none>
`);
    await c.ok('advance 11s');
    expect(await c.ok('get po')).toBe(`NAME                    READY   STATUS    RESTARTS   AGE
goweb-readiness-9jvtb   0/1     Running   0          11s
goweb-readiness-mzk82   0/1     Running   0          11s
`);
    expect(await c.ok('exec goweb-readiness-mzk82 -- touch /var/ready')).toBe('');
    // The probe has not run since the touch: still not ready.
    expect(await c.ok('get po')).toBe(`NAME                    READY   STATUS    RESTARTS   AGE
goweb-readiness-9jvtb   0/1     Running   0          11s
goweb-readiness-mzk82   0/1     Running   0          11s
`);
    await c.ok('advance 10s');
    expect(await c.ok('get po')).toBe(`NAME                    READY   STATUS    RESTARTS   AGE
goweb-readiness-9jvtb   0/1     Running   0          21s
goweb-readiness-mzk82   1/1     Running   0          21s
`);
    expect(await c.ok('get rs')).toBe(`NAME              DESIRED   CURRENT   READY   AGE
goweb-readiness   2         2         1       21s
`);
    await c.ok('exec goweb-readiness-mzk82 -- rm /var/ready');
    await c.ok('advance 20s');
    // Two failures so far (failureThreshold 3): still ready.
    expect(await c.ok('get po')).toBe(`NAME                    READY   STATUS    RESTARTS   AGE
goweb-readiness-9jvtb   0/1     Running   0          41s
goweb-readiness-mzk82   1/1     Running   0          41s
`);
    await c.ok('advance 10s');
    expect(await c.ok('get po')).toBe(`NAME                    READY   STATUS    RESTARTS   AGE
goweb-readiness-9jvtb   0/1     Running   0          51s
goweb-readiness-mzk82   0/1     Running   0          51s
`);
    expect(await c.ok('describe po goweb-readiness-mzk82')).toBe(`Name:             goweb-readiness-mzk82
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker2/172.18.0.4
Start Time:       Sat, 21 Nov 2026 22:50:00 +0000
Labels:           app=goweb
Annotations:      <none>
Status:           Running
IP:               10.244.2.2
IPs:
  IP:           10.244.2.2
Controlled By:  ReplicaSet/goweb-readiness
Containers:
  goweb:
    Container ID:   containerd://5e5e3374a86694b1f864ab1c92e53e930d9bec892122635a442db2a99c49e64a
    Image:          registry.cn-hangzhou.aliyuncs.com/orzi/goweb
    Image ID:       registry.cn-hangzhou.aliyuncs.com/orzi/goweb@sha256:c86570c519c00f5b404e98198a34aaabbdc4cb66c4d22c57b6cc576e571419d9
    Port:           8000/TCP
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
  Type     Reason     Age               From               Message
  ----     ------     ----              ----               -------
  Normal   Scheduled  51s               default-scheduler  Successfully assigned default/goweb-readiness-mzk82 to kind-worker2
  Normal   Pulling    51s               kubelet            Pulling image "registry.cn-hangzhou.aliyuncs.com/orzi/goweb"
  Normal   Pulled     51s               kubelet            Successfully pulled image "registry.cn-hangzhou.aliyuncs.com/orzi/goweb" in 782ms (782ms including waiting). Image size: 9418372 bytes.
  Normal   Created    51s               kubelet            Created container goweb
  Normal   Started    51s               kubelet            Started container goweb
  Warning  Unhealthy  1s (x5 over 51s)  kubelet            Readiness probe failed: ls: /var/ready: No such file or directory
`);
  });
});

describe('liveness probe', () => {
  test('a failing httpGet liveness probe restarts the container with back-off', async () => {
    const c = new TestCluster();
    c.file('liveness.yaml', LIVENESS);
    await c.ok('create -f liveness.yaml');
    await c.ok('advance 1m');
    // kubia-unhealthy answers 500 from its sixth request on; probes at 15s..55s succeed.
    expect(await c.ok('get po')).toBe(`NAME             READY   STATUS    RESTARTS   AGE
kubia-liveness   1/1     Running   0          60s
`);
    await c.ok('advance 30s');
    expect(await c.ok('get po')).toBe(`NAME             READY   STATUS    RESTARTS     AGE
kubia-liveness   1/1     Running   1 (5s ago)   90s
`);
    await c.ok('advance 5m');
    expect(await c.ok('get po')).toBe(`NAME             READY   STATUS             RESTARTS      AGE
kubia-liveness   0/1     CrashLoopBackOff   3 (20s ago)   6m30s
`);
    expect(await c.ok('describe po kubia-liveness')).toBe(`Name:             kubia-liveness
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker2/172.18.0.4
Start Time:       Sat, 21 Nov 2026 22:50:00 +0000
Labels:           <none>
Annotations:      <none>
Status:           Running
IP:               10.244.2.2
IPs:
  IP:  10.244.2.2
Containers:
  kubia:
    Container ID:   containerd://ff37003a1aa4a8c90452bd7db9e037b69d0a91e29f6bbdb9f3575b14345551dc
    Image:          luksa/kubia-unhealthy
    Image ID:       docker.io/luksa/kubia-unhealthy@sha256:d1c531b9d45fdac6945ea837ebcc9727563be8dde746d1384426f908dfad6dd9
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    137
      Started:      Sat, 21 Nov 2026 22:54:45 +0000
      Finished:     Sat, 21 Nov 2026 22:56:10 +0000
    Ready:          False
    Restart Count:  3
    Liveness:       http-get http://:8080/ delay=15s timeout=1s period=10s #success=1 #failure=3
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
  Type     Reason     Age                   From               Message
  ----     ------     ----                  ----               -------
  Normal   Scheduled  6m30s                 default-scheduler  Successfully assigned default/kubia-liveness to kind-worker2
  Normal   Pulled     6m30s                 kubelet            Successfully pulled image "luksa/kubia-unhealthy" in 7.19s (7.19s including waiting). Image size: 265739011 bytes.
  Normal   Pulled     5m5s                  kubelet            Successfully pulled image "luksa/kubia-unhealthy" in 745ms (745ms including waiting). Image size: 265739011 bytes.
  Normal   Pulled     3m30s                 kubelet            Successfully pulled image "luksa/kubia-unhealthy" in 784ms (784ms including waiting). Image size: 265739011 bytes.
  Normal   Pulling    105s (x4 over 6m30s)  kubelet            Pulling image "luksa/kubia-unhealthy"
  Normal   Created    105s (x4 over 6m30s)  kubelet            Created container kubia
  Normal   Started    105s (x4 over 6m30s)  kubelet            Started container kubia
  Normal   Pulled     105s                  kubelet            Successfully pulled image "luksa/kubia-unhealthy" in 610ms (610ms including waiting). Image size: 265739011 bytes.
  Warning  Unhealthy  20s (x12 over 5m25s)  kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500
  Normal   Killing    20s (x4 over 5m5s)    kubelet            Container kubia failed liveness probe, will be restarted
  Warning  BackOff    20s (x3 over 3m40s)   kubelet            Back-off restarting failed container kubia in pod kubia-liveness_default(1ee793bb-eb95-4569-88af-2114f246ffba)
`);
    expect(await c.ok('logs kubia-liveness --tail=2')).toBe(`Received request from ::ffff:10.244.2.1
Received request from ::ffff:10.244.2.1
`);
    expect(await c.ok('logs kubia-liveness -p --tail=3')).toBe(`Received request from ::ffff:10.244.2.1
Received request from ::ffff:10.244.2.1
Received request from ::ffff:10.244.2.1
`);
    await c.ok('advance 20m');
    expect(await c.ok('get po')).toBe(`NAME             READY   STATUS    RESTARTS     AGE
kubia-liveness   1/1     Running   8 (5m ago)   26m
`);
  });
});

describe('httpGet, tcpSocket and startup probes', () => {
  test('readiness on a port nothing listens on is refused; startup gates the others', async () => {
    const c = new TestCluster();
    c.file('probes.yaml', PROBES);
    await c.ok('create -f probes.yaml');
    await c.ok('advance 32s');
    expect(await c.ok('get po')).toBe(`NAME     READY   STATUS    RESTARTS   AGE
probes   0/1     Running   0          32s
`);
    expect(await c.ok('describe po probes')).toBe(`Name:             probes
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker2/172.18.0.4
Start Time:       Sat, 21 Nov 2026 22:50:00 +0000
Labels:           <none>
Annotations:      <none>
Status:           Running
IP:               10.244.2.2
IPs:
  IP:  10.244.2.2
Containers:
  web:
    Container ID:   containerd://5e5e3374a86694b1f864ab1c92e53e930d9bec892122635a442db2a99c49e64a
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:6965a10c15290ad0b29ca7fd1866de1850408b3cb15fb11a3bbbbc2fddb158bd
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Sat, 21 Nov 2026 22:50:00 +0000
    Ready:          False
    Restart Count:  0
    Liveness:       tcp-socket :80 delay=0s timeout=1s period=5s #success=1 #failure=3
    Readiness:      http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3
    Startup:        http-get http://:80/ delay=0s timeout=1s period=2s #success=1 #failure=30
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
  Type     Reason     Age               From               Message
  ----     ------     ----              ----               -------
  Normal   Scheduled  32s               default-scheduler  Successfully assigned default/probes to kind-worker2
  Normal   Pulling    32s               kubelet            Pulling image "nginx:1.27"
  Normal   Pulled     32s               kubelet            Successfully pulled image "nginx:1.27" in 2.371s (2.371s including waiting). Image size: 72955450 bytes.
  Normal   Created    32s               kubelet            Created container web
  Normal   Started    32s               kubelet            Started container web
  Warning  Unhealthy  2s (x4 over 32s)  kubelet            Readiness probe failed: Get "http://10.244.2.2:8080/": dial tcp 10.244.2.2:8080: connect: connection refused
`);
  });
});

describe("agnhost liveness (the probes task's HTTP server)", () => {
  test('/healthz answers ok for 10 seconds, then 500 with the seconds since start; /started the duration', async () => {
    const c = new TestCluster();
    await c.ok('run live --image=registry.k8s.io/e2e-test-images/agnhost:2.40 -- liveness');
    await c.ok('advance 10s');
    expect(await c.ok('exec live -- wget -qO- localhost:8080/healthz')).toBe('ok');
    expect(await c.ok('exec live -- wget -qO- localhost:8080/started')).toBe('10s');
    await c.ok('advance 62s');
    const r = await c.run('exec live -- wget -qO- localhost:8080/healthz');
    expect(r).toEqual({ stdout: '', stderr: 'wget: server returned error: HTTP/1.1 500 Internal Server Error\ncommand terminated with exit code 1\n', exitCode: 1 });
    expect(await c.ok('exec live -- wget -qO- localhost:8080/started')).toBe('1m12s');
    expect((await c.run('exec live -- wget -qO- localhost:8080/nothing')).stderr).toBe('wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n');
    await c.ok('run cl --image=curlimages/curl -- sleep 3600');
    const ip = await c.ok("get pod live -o jsonpath='{.status.podIP}'");
    expect(await c.ok(`exec cl -- curl -s ${ip}:8080/healthz`)).toBe('error: 72');
  });
});
