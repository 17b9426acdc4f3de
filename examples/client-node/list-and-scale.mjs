#!/usr/bin/env node
// A @kubernetes/client-node (1.x; 2.x needs Node 22) script against `kube-sim serve`:
// lists the Services in a namespace and scales a ReplicaSet through its scale subresource. The default
// target, the chapter's `kubia` ReplicaSet, is created first when the cluster does not have it yet.
//
//   kube-sim serve --port 0 --kubeconfig /tmp/kube-sim.kubeconfig &
//   KUBECONFIG=/tmp/kube-sim.kubeconfig node examples/client-node/list-and-scale.mjs [RS [REPLICAS [NAMESPACE]]]
import * as k8s from '@kubernetes/client-node';

const [rsName = 'kubia', replicasText = '3', namespace = 'default'] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromDefault();

const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);

/** The chapter's kubia ReplicaSet (examples/chapter/kubia-rc.yaml as a ReplicaSet). */
const KUBIA = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'kubia' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'kubia' } },
    template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }] } },
  },
};

/** The API server's message for a failed call (a Status body), as kubectl would print it. */
function failure(e) {
  if (e instanceof k8s.ApiException) {
    let status = e.body;
    try {
      if (typeof status === 'string') status = JSON.parse(status);
    } catch {
      /* not a Status */
    }
    const reason = status?.reason ? ` (${status.reason})` : '';
    return `Error from server${reason}: ${status?.message ?? e.message}`;
  }
  return `error: ${e.message}`;
}

try {
  const services = await core.listNamespacedService({ namespace });
  for (const svc of services.items) {
    const ports = (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol}`).join(',');
    console.log(`service ${svc.metadata?.name} ${svc.spec?.clusterIP} ${ports}`);
  }
  if (rsName === 'kubia') {
    try {
      await apps.readNamespacedReplicaSet({ name: rsName, namespace });
    } catch (e) {
      if (!(e instanceof k8s.ApiException) || e.code !== 404) throw e;
      await apps.createNamespacedReplicaSet({ namespace, body: KUBIA });
      console.log('replicaset kubia created');
    }
  }
  const scaled = await apps.patchNamespacedReplicaSetScale(
    { name: rsName, namespace, body: { spec: { replicas: Number(replicasText) } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  console.log(`replicaset ${rsName} scaled to ${scaled.spec?.replicas}`);
} catch (e) {
  console.error(failure(e));
  process.exitCode = 1;
}
