/**
 * A cluster reset to Kubernetes 1.17 serves and prints objects as that version did: Ingress in
 * extensions/v1beta1 (its preferred version), `ing.extensions` resolves, kubectl names objects by that
 * group, api-resources lists 1.17's resources, describe svc has no dual-stack lines, and the cluster
 * has no kube-root-ca.crt (the publisher came with 1.20).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const OLD_INGRESS = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: kubia
spec:
  rules:
  - host: kubia.example.com
    http:
      paths:
      - path: /
        backend:
          serviceName: kubia-nodeport
          servicePort: 80
`;

async function oldCluster(): Promise<TestCluster> {
  const c = new TestCluster();
  await c.ok('reset --kubernetes-version 1.17');
  return c;
}

describe('a 1.17 cluster', () => {
  it('answers Ingress in extensions/v1beta1 and names it by that group', async () => {
    const c = await oldCluster();
    c.file('ing.yaml', OLD_INGRESS);
    expect(await c.ok('create -f ing.yaml')).toBe('ingress.extensions/kubia created\n');
    expect(await c.ok('get ing -o name')).toBe('ingress.extensions/kubia\n');
    expect(await c.ok('get ing.extensions')).toMatchInlineSnapshot(`
      "NAME    HOSTS               ADDRESS   PORTS   AGE
      kubia   kubia.example.com             80      0s
      "
    `);
    expect(await c.ok('get ingresses.networking.k8s.io -o name')).toBe('ingress.networking.k8s.io/kubia\n');
    expect(await c.ok('get ing kubia -o yaml')).toMatchInlineSnapshot(`
      "apiVersion: extensions/v1beta1
      kind: Ingress
      metadata:
        creationTimestamp: "2026-11-21T22:50:00Z"
        generation: 1
        name: kubia
        namespace: default
        resourceVersion: "406"
        uid: 1ee793bb-eb95-4569-88af-2114f246ffba
      spec:
        rules:
        - host: kubia.example.com
          http:
            paths:
            - backend:
                serviceName: kubia-nodeport
                servicePort: 80
              path: /
      status:
        loadBalancer: {}
      "
    `);
    expect(await c.ok('get ingresses.networking.k8s.io kubia -o jsonpath={.apiVersion}')).toBe('networking.k8s.io/v1beta1');
    expect(await c.run('delete ing nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): ingresses.extensions "nope" not found\n', exitCode: 1 });
    expect(await c.ok('delete ing.extensions kubia')).toBe('ingress.extensions "kubia" deleted\n');
    expect(await c.run('get ingressclasses')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "ingressclasses"\n', exitCode: 1 });
  });

  it('lists the resources 1.17 served', async () => {
    const c = await oldCluster();
    expect(await c.ok('api-resources')).toMatchInlineSnapshot(`
      "NAME                        SHORTNAMES   APIVERSION                     NAMESPACED   KIND
      configmaps                  cm           v1                             true         ConfigMap
      endpoints                   ep           v1                             true         Endpoints
      events                      ev           v1                             true         Event
      limitranges                 limits       v1                             true         LimitRange
      namespaces                  ns           v1                             false        Namespace
      nodes                       no           v1                             false        Node
      persistentvolumeclaims      pvc          v1                             true         PersistentVolumeClaim
      persistentvolumes           pv           v1                             false        PersistentVolume
      pods                        po           v1                             true         Pod
      replicationcontrollers      rc           v1                             true         ReplicationController
      resourcequotas              quota        v1                             true         ResourceQuota
      secrets                                  v1                             true         Secret
      serviceaccounts             sa           v1                             true         ServiceAccount
      services                    svc          v1                             true         Service
      customresourcedefinitions   crd,crds     apiextensions.k8s.io/v1        false        CustomResourceDefinition
      controllerrevisions                      apps/v1                        true         ControllerRevision
      daemonsets                  ds           apps/v1                        true         DaemonSet
      deployments                 deploy       apps/v1                        true         Deployment
      replicasets                 rs           apps/v1                        true         ReplicaSet
      statefulsets                sts          apps/v1                        true         StatefulSet
      horizontalpodautoscalers    hpa          autoscaling/v1                 true         HorizontalPodAutoscaler
      cronjobs                    cj           batch/v1beta1                  true         CronJob
      jobs                                     batch/v1                       true         Job
      leases                                   coordination.k8s.io/v1         true         Lease
      endpointslices                           discovery.k8s.io/v1beta1       true         EndpointSlice
      ingresses                   ing          extensions/v1beta1             true         Ingress
      ingresses                   ing          networking.k8s.io/v1beta1      true         Ingress
      networkpolicies             netpol       networking.k8s.io/v1           true         NetworkPolicy
      poddisruptionbudgets        pdb          policy/v1beta1                 true         PodDisruptionBudget
      clusterrolebindings                      rbac.authorization.k8s.io/v1   false        ClusterRoleBinding
      clusterroles                             rbac.authorization.k8s.io/v1   false        ClusterRole
      rolebindings                             rbac.authorization.k8s.io/v1   true         RoleBinding
      roles                                    rbac.authorization.k8s.io/v1   true         Role
      priorityclasses             pc           scheduling.k8s.io/v1           false        PriorityClass
      storageclasses              sc           storage.k8s.io/v1              false        StorageClass
      "
    `);
  });

  it('describe svc as the kubectl of that era printed it; services carry no dual-stack fields', async () => {
    const c = await oldCluster();
    expect(await c.ok('describe svc kubernetes')).toMatchInlineSnapshot(`
      "Name:              kubernetes
      Namespace:         default
      Labels:            component=apiserver
                         provider=kubernetes
      Annotations:       <none>
      Selector:          <none>
      Type:              ClusterIP
      IP:                10.96.0.1
      Port:              https  443/TCP
      TargetPort:        6443/TCP
      Endpoints:         172.18.0.2:6443
      Session Affinity:  None
      Events:            <none>
      "
    `);
    expect(await c.ok('get svc kubernetes -o jsonpath={.spec}')).toBe('{"clusterIP":"10.96.0.1","ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}],"sessionAffinity":"None","type":"ClusterIP"}');
  });

  it('has no kube-root-ca.crt and only the node leases', async () => {
    const c = await oldCluster();
    expect(await c.ok('get cm -A')).toMatchInlineSnapshot(`
      "NAMESPACE            NAME                                 DATA   AGE
      kube-public          cluster-info                         2      5m
      kube-system          coredns                              1      5m
      kube-system          extension-apiserver-authentication   6      5m
      kube-system          kube-proxy                           2      5m
      kube-system          kubeadm-config                       1      5m
      kube-system          kubelet-config-1.17                  1      5m
      local-path-storage   local-path-config                    4      5m
      "
    `);
    expect(await c.ok('get lease -A')).toMatchInlineSnapshot(`
      "NAMESPACE         NAME                 HOLDER               AGE
      kube-node-lease   kind-control-plane   kind-control-plane   5m
      kube-node-lease   kind-worker          kind-worker          5m
      kube-node-lease   kind-worker2         kind-worker2         5m
      "
    `);
  });

  it('on 1.32 the old group is not served', async () => {
    const c = new TestCluster();
    expect(await c.run('get ing.extensions')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "ing.extensions"\n', exitCode: 1 });
  });
});
