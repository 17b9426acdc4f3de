/**
 * cordon, drain and taint driving the scheduler and the node lifecycle controller: evicted pods come
 * back elsewhere, a cordoned node carries its taint and events, NoExecute taints evict at once or after
 * tolerationSeconds (on the virtual clock, as `advance` moves it).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const TOLERANT = `apiVersion: v1
kind: Pod
metadata:
  name: tolerant
spec:
  nodeName: kind-worker
  tolerations:
  - key: maint
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 60
  containers:
  - name: c
    image: nginx
`;

const CACHE = `apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  nodeName: kind-worker2
  containers:
  - name: c
    image: nginx
  volumes:
  - name: tmp
    emptyDir: {}
`;

describe('cordon, drain and taint', () => {
  it('drain evicts through kubectl\'s filters; the controllers put the pods elsewhere', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx --replicas=3');
    await c.ok('run bare --image=busybox -- sleep 3600');
    expect(await c.ok('get po -o wide')).toBe(
      [
        'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES',
        'bare                   1/1     Running   0          0s    10.244.2.3   kind-worker2   <none>           <none>',
        'web-6dc5cd68db-898kb   1/1     Running   0          0s    10.244.1.3   kind-worker    <none>           <none>',
        'web-6dc5cd68db-9jvtb   1/1     Running   0          0s    10.244.1.2   kind-worker    <none>           <none>',
        'web-6dc5cd68db-mzk82   1/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           <none>',
        '',
      ].join('\n'),
    );
    // Every kind node runs kube-proxy and kindnet pods: without --ignore-daemonsets a drain stops there.
    expect(await c.run('drain kind-worker')).toEqual({
      stdout: 'node/kind-worker cordoned\n',
      stderr: [
        'error: unable to drain node "kind-worker" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kindnet-4ncsx, kube-system/kube-proxy-2bz6d, continuing command...',
        'There are pending nodes to be drained:',
        ' kind-worker',
        'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kindnet-4ncsx, kube-system/kube-proxy-2bz6d',
        '',
      ].join('\n'),
      exitCode: 1,
    });
    expect(await c.run('drain kind-worker --ignore-daemonsets')).toEqual({
      stdout: [
        'node/kind-worker already cordoned',
        'evicting pod default/web-6dc5cd68db-898kb',
        'evicting pod default/web-6dc5cd68db-9jvtb',
        'pod/web-6dc5cd68db-898kb evicted',
        'pod/web-6dc5cd68db-9jvtb evicted',
        'node/kind-worker drained',
        '',
      ].join('\n'),
      stderr: 'Warning: ignoring DaemonSet-managed Pods: kube-system/kindnet-4ncsx, kube-system/kube-proxy-2bz6d\n',
      exitCode: 0,
    });
    expect(await c.ok('get po -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName')).toBe(
      ['NAME                   NODE', 'bare                   kind-worker2', 'web-6dc5cd68db-4x6nt   kind-worker2', 'web-6dc5cd68db-652xs   kind-worker2', 'web-6dc5cd68db-mzk82   kind-worker2', ''].join('\n'),
    );
    // A pod no controller owns, or with an emptyDir, stops the drain (kubectl's filters stop at a pod's first
    // refusal; its doubled "cannot delete" included); the node stays cordoned.
    c.file('cache.yaml', CACHE);
    await c.ok('create -f cache.yaml');
    expect(await c.run('drain kind-worker2 --ignore-daemonsets')).toEqual({
      stdout: 'node/kind-worker2 cordoned\n',
      stderr: [
        'error: unable to drain node "kind-worker2" due to error: [cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache], continuing command...',
        'There are pending nodes to be drained:',
        ' kind-worker2',
        'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare',
        'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache',
        '',
      ].join('\n'),
      exitCode: 1,
    });
    expect(await c.run('drain kind-worker2 --ignore-daemonsets --force --delete-emptydir-data --dry-run=client')).toEqual({
      stdout: [
        'node/kind-worker2 already cordoned (dry run)',
        'evicting pod default/bare (dry run)',
        'evicting pod default/cache (dry run)',
        'evicting pod default/web-6dc5cd68db-4x6nt (dry run)',
        'evicting pod default/web-6dc5cd68db-652xs (dry run)',
        'evicting pod default/web-6dc5cd68db-mzk82 (dry run)',
        'node/kind-worker2 drained (dry run)',
        '',
      ].join('\n'),
      // Of a pod's warnings only the last filter's is kept (kubectl's filters overwrite it).
      stderr: 'Warning: deleting Pods that declare no controller: default/bare, default/cache; ignoring DaemonSet-managed Pods: kube-system/kindnet-d9p95, kube-system/kube-proxy-hrfg9\n',
      exitCode: 0,
    });
    expect((await c.run('drain kind-worker2 --ignore-daemonsets --force --delete-emptydir-data')).exitCode).toBe(0);
    // Both workers cordoned: the deployment's pods wait; uncordoning lets the scheduler place them.
    expect(await c.ok('get po')).toBe(
      [
        'NAME                   READY   STATUS    RESTARTS   AGE',
        'web-6dc5cd68db-4r9c2   0/1     Pending   0          0s',
        'web-6dc5cd68db-52q4x   0/1     Pending   0          0s',
        'web-6dc5cd68db-kg8zj   0/1     Pending   0          0s',
        '',
      ].join('\n'),
    );
    expect(await c.ok('get po web-6dc5cd68db-4r9c2 -o jsonpath={.status.conditions[0].message}')).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(await c.ok('uncordon kind-worker kind-worker2')).toBe('node/kind-worker uncordoned\nnode/kind-worker2 uncordoned\n');
    expect(await c.ok('get po -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName')).toBe(
      ['NAME                   NODE', 'web-6dc5cd68db-4r9c2   kind-worker', 'web-6dc5cd68db-52q4x   kind-worker2', 'web-6dc5cd68db-kg8zj   kind-worker2', ''].join('\n'),
    );
  });

  it('a cordoned node carries the unschedulable taint and the kubelet\'s events until it is uncordoned', async () => {
    const c = new TestCluster();
    await c.ok('cordon kind-worker');
    const described = await c.ok('describe node kind-worker');
    expect(described).toContain('Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n');
    expect(described.slice(described.indexOf('Events:'))).toBe(
      ['Events:', '  Type    Reason              Age   From     Message', '  ----    ------              ----  ----     -------', '  Normal  NodeNotSchedulable  0s    kubelet  Node kind-worker status is now: NodeNotSchedulable', ''].join('\n'),
    );
    await c.ok('uncordon kind-worker');
    expect(await c.ok('get node kind-worker -o jsonpath={.spec}')).toBe('{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"],"providerID":"kind://docker/kind/kind-worker"}');
  });

  it('a NoExecute taint evicts pods that do not tolerate it at once, and tolerant ones after tolerationSeconds', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx --replicas=2');
    c.file('tol.yaml', TOLERANT);
    await c.ok('create -f tol.yaml');
    expect(await c.ok('taint nodes kind-worker maint=now:NoExecute')).toBe('node/kind-worker tainted\n');
    expect(await c.ok('get po -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName')).toBe(
      ['NAME                   NODE', 'tolerant               kind-worker', 'web-6dc5cd68db-mzk82   kind-worker2', 'web-6dc5cd68db-xtnh8   kind-worker2', ''].join('\n'),
    );
    await c.ok('advance 59s');
    expect(await c.ok('get po tolerant -o name')).toBe('pod/tolerant\n');
    await c.ok('advance 1s');
    expect(await c.run('get po tolerant')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "tolerant" not found\n', exitCode: 1 });
    // (Its nodeName was set in the manifest: no Scheduled event.)
    expect(await c.ok('events --for pod/tolerant')).toBe(
      [
        'LAST SEEN   TYPE     REASON                 OBJECT         MESSAGE',
        '60s         Normal   Pulling                Pod/tolerant   Pulling image "nginx"',
        '60s         Normal   Pulled                 Pod/tolerant   Successfully pulled image "nginx" in 784ms (784ms including waiting). Image size: 72955450 bytes.',
        '60s         Normal   Created                Pod/tolerant   Created container c',
        '60s         Normal   Started                Pod/tolerant   Started container c',
        '0s          Normal   TaintManagerEviction   Pod/tolerant   Marking for deletion Pod default/tolerant',
        '',
      ].join('\n'),
    );
    expect(await c.ok('get node kind-worker -o jsonpath={.spec.taints}')).toBe('[{"effect":"NoExecute","key":"maint","timeAdded":"2026-11-21T22:50:00Z","value":"now"}]');
    expect(await c.ok('taint nodes kind-worker maint:NoExecute-')).toBe('node/kind-worker untainted\n');
  });
});
