/**
 * Names, cluster IPs and node ports of a user's objects come from their namespace's own random stream:
 * what happens in other namespaces (an add-on, another team's namespace, kube-system) or what system
 * objects a kube-sim version adds never moves them. Users pin these names in their transcripts. Pod IPs
 * are handed out per node in order, as kind's host-local IPAM does, so only pods on the same node move
 * them (system pods on worker nodes use the host network and take none).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { KUBIA_RS } from '../fixtures/kubia.js';

/** What a learner sees of their own objects after creating the kubia ReplicaSet and a NodePort service. */
async function userView(c: TestCluster): Promise<string> {
  c.file('rs.yaml', KUBIA_RS);
  await c.ok('create -f rs.yaml');
  await c.ok('create service nodeport kubia --tcp=80:8080');
  return (await c.ok('get po -o wide')) + (await c.ok('get svc kubia'));
}

/** The user's pod names and service addresses (without pod IPs, which depend on what shares a node). */
async function namesAndAddresses(c: TestCluster): Promise<string> {
  c.file('rs.yaml', KUBIA_RS);
  await c.ok('create -f rs.yaml');
  await c.ok('create service nodeport kubia --tcp=80:8080');
  return (await c.ok('get po -o name')) + (await c.ok('get svc kubia'));
}

describe('per-namespace random streams', () => {
  it('the default namespace gets the same names, cluster IPs and node ports whatever happened elsewhere first', async () => {
    const quiet = await namesAndAddresses(new TestCluster());

    const busy = new TestCluster();
    await busy.ok('create namespace team-a');
    busy.file('rs.yaml', KUBIA_RS);
    await busy.ok('create -f rs.yaml -n team-a');
    await busy.ok('create service loadbalancer other -n team-a --tcp=80:8080');
    await busy.ok('addons enable ingress');
    await busy.ok('delete po -n kube-system -l k8s-app=kube-dns');
    expect(await namesAndAddresses(busy)).toBe(quiet);
  });

  it('objects and Events without a generated name in the same namespace do not move them either (uids have their own stream)', async () => {
    const quiet = await namesAndAddresses(new TestCluster());
    const busy = new TestCluster();
    // Each of these gets a uid, and the Events a kube-sim version records for them vary with its fidelity.
    await busy.ok('create configmap settings --from-literal=a=b');
    await busy.ok('create secret generic token --from-literal=a=b');
    await busy.ok('create serviceaccount robot');
    await busy.ok('create service clusterip other --tcp=80:8080 --dry-run=client -o name');
    expect(await namesAndAddresses(busy)).toBe(quiet);
  });

  it('with nothing else on the worker nodes, pod IPs are the same too', async () => {
    const quiet = await userView(new TestCluster());
    const busy = new TestCluster();
    await busy.ok('create namespace team-a');
    await busy.ok('create configmap settings -n team-a --from-literal=a=b');
    await busy.ok('create service clusterip other -n team-a --tcp=80:8080');
    await busy.ok('delete po -n kube-system -l k8s-app=kube-dns');
    expect(await userView(busy)).toBe(quiet);
  });

  it('a fresh cluster gives these names, IPs and ports (users pin them: they must never move)', async () => {
    expect(await userView(new TestCluster())).toMatchInlineSnapshot(`
      "NAME          READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES
      kubia-898kb   1/1     Running   0          0s    10.244.1.3   kind-worker    <none>           <none>
      kubia-9jvtb   1/1     Running   0          0s    10.244.1.2   kind-worker    <none>           <none>
      kubia-mzk82   1/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           <none>
      NAME    TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE
      kubia   NodePort   10.96.173.63   <none>        80:31672/TCP   0s
      "
    `);
  });

  it('two namespaces running the same commands get different names (each its own stream)', async () => {
    const c = new TestCluster();
    await c.ok('create namespace a');
    await c.ok('create namespace b');
    await c.ok('create deployment web --image=nginx -n a');
    await c.ok('create deployment web --image=nginx -n b');
    const a = await c.ok('get po -n a -o name');
    const b = await c.ok('get po -n b -o name');
    expect(a).toMatch(/^pod\/web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(a).not.toBe(b);
  });
});
