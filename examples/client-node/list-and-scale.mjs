#!/usr/bin/env node
// A @kubernetes/client-node (1.x; 2.x needs Node 22) script against `kube-sim serve`:
// lists the Services in a namespace and scales a ReplicaSet through its scale subresource.
//
//   kube-sim serve --port 0 --kubeconfig /tmp/kube-sim.kubeconfig &
//   KUBECONFIG=/tmp/kube-sim.kubeconfig node examples/client-node/list-and-scale.mjs kubia 3
import * as k8s from '@kubernetes/client-node';

const [rsName = 'kubia', replicasText = '3', namespace = 'default'] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromDefault();

const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);

const services = await core.listNamespacedService({ namespace });
for (const svc of services.items) {
  const ports = (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol}`).join(',');
  console.log(`service ${svc.metadata?.name} ${svc.spec?.clusterIP} ${ports}`);
}

const scaled = await apps.patchNamespacedReplicaSetScale(
  { name: rsName, namespace, body: { spec: { replicas: Number(replicasText) } } },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
);
console.log(`replicaset ${rsName} scaled to ${scaled.spec?.replicas}`);
