/**
 * Scenario tests of the chapter's last part through the CLI: LoadBalancer `<pending>` then an IP from the
 * metallb add-on, the ingress add-on and the ingress-nginx deploy.yaml URLs, the chapter's Ingresses
 * (get/describe full text), curl through the controller (200 from a pod, 404, 503, 308, TLS), and the
 * API server's validation. Outputs are regression snapshots, reviewed against kubectl's formats.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { TestCluster } from '../helpers.js';

const LB_SVC = `apiVersion: v1
kind: Service
metadata:
  name: kubia-loadbalancer
spec:
  type: LoadBalancer
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

const KUBIA_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: kubia
spec:
  rules:
  - host: kubia.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: kubia
            port:
              number: 80
`;

const CLOUD = 'https://raw.githubusercontent.com/kubernetes/ingress-nginx/main/deploy/static/provider/cloud/deploy.yaml';
const LEGACY = 'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-0.32.0/deploy/static/provider/baremetal/deploy.yaml';

/** A cluster with 3 kubia pods behind Service kubia (port 80 → 8080), all running. */
async function withKubia(c: TestCluster): Promise<void> {
  await c.ok('create deployment kubia --image=luksa/kubia --replicas=3');
  await c.ok('expose deployment kubia --port=80 --target-port=8080');
  await c.ok('advance 20s');
}

describe('LoadBalancer services and the metallb add-on', () => {
  test('<pending> without a load balancer, an IP from the pool with metallb, <pending> again when disabled', async () => {
    const c = new TestCluster();
    c.file('lb.yaml', LB_SVC);
    await c.ok('create -f lb.yaml');
    expect(await c.ok('get svc kubia-loadbalancer')).toMatchInlineSnapshot(`
      "NAME                 TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE
      kubia-loadbalancer   LoadBalancer   10.96.19.164   <pending>     80:30843/TCP   0s
      "
    `);
    expect(await c.ok('addons enable metallb')).toMatchInlineSnapshot(`
      "❗  metallb is a 3rd party addon and is not maintained or verified by minikube maintainers, enable at your own risk.
      ❗  metallb does not currently have an associated maintainer.
          ▪ Using image quay.io/metallb/controller:v0.9.6
          ▪ Using image quay.io/metallb/speaker:v0.9.6
          ▪ Using address pool 172.18.255.200-172.18.255.250
      🌟  The 'metallb' addon is enabled
      "
    `);
    expect(await c.ok('get svc kubia-loadbalancer')).toMatchInlineSnapshot(`
      "NAME                 TYPE           CLUSTER-IP     EXTERNAL-IP      PORT(S)        AGE
      kubia-loadbalancer   LoadBalancer   10.96.19.164   172.18.255.200   80:30843/TCP   0s
      "
    `);
    expect(await c.ok('get svc kubia-loadbalancer -o jsonpath={.status}')).toMatchInlineSnapshot(`"{"loadBalancer":{"ingress":[{"ip":"172.18.255.200","ipMode":"VIP"}]}}"`);
    expect(await c.ok('addons list')).toMatchInlineSnapshot(`
      "|------------|---------|------------|---------------------|
      | ADDON NAME | PROFILE |   STATUS   |     MAINTAINER      |
      |------------|---------|------------|---------------------|
      | ingress    | kind    | disabled   | Kubernetes          |
      | metallb    | kind    | enabled ✅ | 3rd party (MetalLB) |
      |------------|---------|------------|---------------------|
      "
    `);
    expect(await c.ok('get ns')).toMatchInlineSnapshot(`
      "NAME                 STATUS   AGE
      default              Active   5m
      kube-node-lease      Active   5m
      kube-public          Active   5m
      kube-system          Active   5m
      local-path-storage   Active   5m
      metallb-system       Active   0s
      "
    `);
    expect(await c.ok('addons disable metallb')).toMatchInlineSnapshot(`
      "🌑  "The 'metallb' addon is disabled"
      "
    `);
    expect(await c.ok('get svc kubia-loadbalancer')).toMatchInlineSnapshot(`
      "NAME                 TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE
      kubia-loadbalancer   LoadBalancer   10.96.19.164   <pending>     80:30843/TCP   0s
      "
    `);
    expect(await c.ok('get ns')).toMatchInlineSnapshot(`
      "NAME                 STATUS   AGE
      default              Active   5m
      kube-node-lease      Active   5m
      kube-public          Active   5m
      kube-system          Active   5m
      local-path-storage   Active   5m
      "
    `);
  });

  test('addresses are stable per service, released on delete and type change, and the pool is configurable', async () => {
    const c = new TestCluster();
    await c.ok('addons enable metallb --pool 172.18.255.10-172.18.255.11');
    await c.ok('create service loadbalancer a --tcp=80:8080');
    await c.ok('create service loadbalancer b --tcp=80:8080');
    await c.ok('create service loadbalancer c --tcp=80:8080');
    expect(await c.ok('get svc a b c')).toMatchInlineSnapshot(`
      "NAME   TYPE           CLUSTER-IP      EXTERNAL-IP     PORT(S)        AGE
      a      LoadBalancer   10.96.19.164    172.18.255.10   80:30843/TCP   0s
      b      LoadBalancer   10.96.72.175    172.18.255.11   80:32655/TCP   0s
      c      LoadBalancer   10.96.230.227   <pending>       80:32698/TCP   0s
      "
    `);
    await c.ok('delete svc a');
    expect(await c.ok('get svc b c')).toMatchInlineSnapshot(`
      "NAME   TYPE           CLUSTER-IP      EXTERNAL-IP     PORT(S)        AGE
      b      LoadBalancer   10.96.72.175    172.18.255.11   80:32655/TCP   0s
      c      LoadBalancer   10.96.230.227   172.18.255.10   80:32698/TCP   0s
      "
    `);
    await c.ok(`patch svc b -p '{"spec":{"type":"NodePort"}}'`);
    await c.ok('create service loadbalancer d --tcp=80:8080');
    expect(await c.ok('get svc b c d')).toMatchInlineSnapshot(`
      "NAME   TYPE           CLUSTER-IP      EXTERNAL-IP     PORT(S)        AGE
      b      NodePort       10.96.72.175    <none>          80:32655/TCP   0s
      c      LoadBalancer   10.96.230.227   172.18.255.10   80:32698/TCP   0s
      d      LoadBalancer   10.96.39.140    172.18.255.11   80:32619/TCP   0s
      "
    `);
    const r = await c.run('addons enable metallb --pool 10.0.0.9-10.0.0.1');
    expect([r.exitCode, r.stderr]).toMatchInlineSnapshot(`
      [
        1,
        "❌  Exiting due to MK_USAGE: invalid IP range "10.0.0.9-10.0.0.1": use FIRST-LAST (e.g. 172.18.255.200-172.18.255.250) or a CIDR
      ",
      ]
    `);
  });
});

describe('addons command errors and configuration', () => {
  test('unknown add-on, missing name, configure metallb pool (kept in the ConfigMap)', async () => {
    const c = new TestCluster();
    expect(await c.run('addons enable foo')).toMatchObject({ exitCode: 1, stderr: '\n❌  Exiting due to MK_ADDON_ENABLE: run callbacks: foo is not a valid addon\n' });
    expect((await c.run('addons disable')).stderr).toBe('❌  Exiting due to MK_USAGE: usage: kube-sim addons disable ADDON_NAME\n');
    expect(await c.ok('addons configure metallb --pool 172.18.255.1-172.18.255.2')).toBe('✅  metallb was successfully configured\n');
    await c.ok('addons enable metallb');
    expect(await c.ok('get cm config -n metallb-system -o jsonpath={.data.config}')).toBe('address-pools:\n- name: default\n  protocol: layer2\n  addresses:\n  - 172.18.255.1-172.18.255.2\n');
  });
});

describe('installing ingress-nginx', () => {
  test('apply -f the chapter URL (cloud provider) prints what kubectl prints and installs the controller', async () => {
    const c = new TestCluster();
    expect(await c.ok(`apply -f ${CLOUD}`)).toMatchInlineSnapshot(`
      "namespace/ingress-nginx created
      serviceaccount/ingress-nginx created
      serviceaccount/ingress-nginx-admission created
      role.rbac.authorization.k8s.io/ingress-nginx created
      role.rbac.authorization.k8s.io/ingress-nginx-admission created
      clusterrole.rbac.authorization.k8s.io/ingress-nginx created
      clusterrole.rbac.authorization.k8s.io/ingress-nginx-admission created
      rolebinding.rbac.authorization.k8s.io/ingress-nginx created
      rolebinding.rbac.authorization.k8s.io/ingress-nginx-admission created
      clusterrolebinding.rbac.authorization.k8s.io/ingress-nginx created
      clusterrolebinding.rbac.authorization.k8s.io/ingress-nginx-admission created
      configmap/ingress-nginx-controller created
      service/ingress-nginx-controller created
      service/ingress-nginx-controller-admission created
      deployment.apps/ingress-nginx-controller created
      job.batch/ingress-nginx-admission-create created
      job.batch/ingress-nginx-admission-patch created
      ingressclass.networking.k8s.io/nginx created
      validatingwebhookconfiguration.admissionregistration.k8s.io/ingress-nginx-admission created
      "
    `);
    await c.ok('advance 20s');
    expect(await c.ok('get deploy,svc -n ingress-nginx')).toMatchInlineSnapshot(`
      "NAME                                       READY   UP-TO-DATE   AVAILABLE   AGE
      deployment.apps/ingress-nginx-controller   1/1     1            1           20s

      NAME                                         TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)                      AGE
      service/ingress-nginx-controller             LoadBalancer   10.96.29.28    <pending>     80:31251/TCP,443:32100/TCP   20s
      service/ingress-nginx-controller-admission   ClusterIP      10.96.68.113   <none>        443/TCP                      20s
      "
    `);
    expect(await c.ok('get ingressclass')).toMatchInlineSnapshot(`
      "NAME    CONTROLLER             PARAMETERS   AGE
      nginx   k8s.io/ingress-nginx   <none>       20s
      "
    `);
    expect(await c.ok(`apply -f ${CLOUD}`)).toContain('serviceaccount/ingress-nginx unchanged\n');
    const again = await c.run(`create -f ${CLOUD}`);
    expect(again.stderr.split('\n')[1]).toMatchInlineSnapshot(`"Error from server (AlreadyExists): error when creating "https://raw.githubusercontent.com/kubernetes/ingress-nginx/main/deploy/static/provider/cloud/deploy.yaml": serviceaccounts "ingress-nginx" already exists"`);
  });

  test('the 0.32.0 baremetal URL of the chapter on a 1.32 cluster: its v1beta1 webhook is refused', async () => {
    const c = new TestCluster();
    const r = await c.run(`apply -f ${LEGACY}`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "error: resource mapping not found for name: "ingress-nginx-admission" namespace: "" from "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-0.32.0/deploy/static/provider/baremetal/deploy.yaml": no matches for kind "ValidatingWebhookConfiguration" in version "admissionregistration.k8s.io/v1beta1"
      ensure CRDs are installed first
      "
    `);
    expect(r.stdout.split('\n').length).toBe(18);
  });

  test('addons enable ingress, then disable removes what it installed', async () => {
    const c = new TestCluster();
    expect(await c.ok('addons enable ingress')).toMatchInlineSnapshot(`
      "💡  ingress is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.
      You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS
          ▪ Using image registry.k8s.io/ingress-nginx/controller:v1.12.0
          ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.0
          ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.0
      🔎  Verifying ingress addon...
      🌟  The 'ingress' addon is enabled
      "
    `);
    await c.ok('advance 20s');
    expect(await c.ok('get all -n ingress-nginx')).toMatchInlineSnapshot(`
      "NAME                                            READY   STATUS      RESTARTS   AGE
      pod/ingress-nginx-admission-create-qhpns        0/1     Completed   0          20s
      pod/ingress-nginx-admission-patch-fzgtz         0/1     Completed   0          20s
      pod/ingress-nginx-controller-5bb8fc8958-jrs9r   1/1     Running     0          20s

      NAME                                         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)                      AGE
      service/ingress-nginx-controller             NodePort    10.96.29.28    <none>        80:31251/TCP,443:32100/TCP   20s
      service/ingress-nginx-controller-admission   ClusterIP   10.96.48.151   <none>        443/TCP                      20s

      NAME                                       READY   UP-TO-DATE   AVAILABLE   AGE
      deployment.apps/ingress-nginx-controller   1/1     1            1           20s

      NAME                                                  DESIRED   CURRENT   READY   AGE
      replicaset.apps/ingress-nginx-controller-5bb8fc8958   1         1         1       20s

      NAME                                       STATUS     COMPLETIONS   DURATION   AGE
      job.batch/ingress-nginx-admission-create   Complete   1/1           0s         20s
      job.batch/ingress-nginx-admission-patch    Complete   1/1           0s         20s
      "
    `);
    expect(await c.ok('describe ingressclass nginx')).toMatchInlineSnapshot(`
      "Name:         nginx
      Labels:       app.kubernetes.io/component=controller
                    app.kubernetes.io/instance=ingress-nginx
                    app.kubernetes.io/name=ingress-nginx
                    app.kubernetes.io/part-of=ingress-nginx
                    app.kubernetes.io/version=1.12.0
      Annotations:  ingressclass.kubernetes.io/is-default-class: true
      Controller:   k8s.io/ingress-nginx
      Events:       <none>
      "
    `);
    expect(await c.ok('addons disable ingress')).toMatchInlineSnapshot(`
      "🌑  "The 'ingress' addon is disabled"
      "
    `);
    const r = await c.run('get all -n ingress-nginx');
    expect(r.stderr).toMatchInlineSnapshot(`
      "No resources found in ingress-nginx namespace.
      "
    `);
    expect((await c.run('get ingressclass')).stderr).toMatchInlineSnapshot(`
      "No resources found
      "
    `);
  });
});

describe('the chapter ingresses', () => {
  test('no controller: no ADDRESS, no Sync event', async () => {
    const c = new TestCluster();
    await withKubia(c);
    c.file('ing.yaml', KUBIA_INGRESS);
    expect(await c.ok('create -f ing.yaml')).toBe('ingress.networking.k8s.io/kubia created\n');
    expect(await c.ok('get ing')).toMatchInlineSnapshot(`
      "NAME    CLASS    HOSTS               ADDRESS   PORTS   AGE
      kubia   <none>   kubia.example.com             80      0s
      "
    `);
    expect(await c.ok('describe ing kubia')).toMatchInlineSnapshot(`
      "Name:             kubia
      Labels:           <none>
      Namespace:        default
      Address:          
      Ingress Class:    <none>
      Default backend:  <default>
      Rules:
        Host               Path  Backends
        ----               ----  --------
        kubia.example.com  
                           /   kubia:80 (10.244.1.2:8080,10.244.1.3:8080,10.244.2.2:8080)
      Annotations:         <none>
      Events:              <none>
      "
    `);
  });

  test('with the add-on: default class filled in, ADDRESS = node of the controller, Sync event, curl through it', async () => {
    const c = new TestCluster();
    await c.ok('addons enable ingress');
    await withKubia(c);
    c.file('ing.yaml', KUBIA_INGRESS);
    await c.ok('create -f ing.yaml');
    expect(await c.ok('get ing')).toMatchInlineSnapshot(`
      "NAME    CLASS   HOSTS               ADDRESS      PORTS   AGE
      kubia   nginx   kubia.example.com   172.18.0.4   80      0s
      "
    `);
    expect(await c.ok('describe ing kubia')).toMatchInlineSnapshot(`
      "Name:             kubia
      Labels:           <none>
      Namespace:        default
      Address:          172.18.0.4
      Ingress Class:    nginx
      Default backend:  <default>
      Rules:
        Host               Path  Backends
        ----               ----  --------
        kubia.example.com  
                           /   kubia:80 (10.244.1.3:8080,10.244.1.4:8080,10.244.2.4:8080)
      Annotations:         <none>
      Events:
        Type    Reason  Age   From                      Message
        ----    ------  ----  ----                      -------
        Normal  Sync    0s    nginx-ingress-controller  Scheduled for sync
      "
    `);
    const node = (await c.ok('get ing kubia -o jsonpath={.status.loadBalancer.ingress[0].ip}')).trim();
    const hits = new Set<string>();
    for (let i = 0; i < 3; i++) hits.add(await c.ok(`curl -s --resolve kubia.example.com:80:${node} http://kubia.example.com/`));
    expect([...hits].sort()).toMatchInlineSnapshot(`
      [
        "You've hit kubia-84bcb6b795-898kb
      ",
        "You've hit kubia-84bcb6b795-9jvtb
      ",
        "You've hit kubia-84bcb6b795-mzk82
      ",
      ]
    `);
    expect(await c.ok(`curl -s -H "Host: kubia.example.com" http://${node}/any/path`)).toMatch(/^You've hit kubia-/);
    const nf = await c.run(`curl -i -H "Host: other.example.com" http://${node}/`);
    expect(nf.stdout.replace(/\r/g, '')).toMatchInlineSnapshot(`
      "HTTP/1.1 404 Not Found
      Date: Sat, 21 Nov 2026 22:50:20 GMT
      Content-Type: text/html
      Content-Length: 146
      Connection: keep-alive

      <html>
      <head><title>404 Not Found</title></head>
      <body>
      <center><h1>404 Not Found</h1></center>
      <hr><center>nginx</center>
      </body>
      </html>
      "
    `);
  });

  test('several paths and hosts, a missing service, describe with per-host blocks', async () => {
    const c = new TestCluster();
    await c.ok('addons enable ingress');
    await withKubia(c);
    await c.ok('create service nodeport kubia-nodeport --tcp=80:8080');
    await c.ok('create ingress kubia --rule=kubia.example.com/*=kubia:80 --rule=kubia.example.com/foo=kubia-nodeport:80 --rule=kubia.example.com/missing=nosuchsvc:80 --rule=bar.example.com/*=kubia:80');
    await c.ok('create ingress defonly --default-backend=kubia:80');
    expect(await c.ok('get ing')).toMatchInlineSnapshot(`
      "NAME      CLASS   HOSTS                               ADDRESS      PORTS   AGE
      defonly   nginx   *                                   172.18.0.4   80      0s
      kubia     nginx   kubia.example.com,bar.example.com   172.18.0.4   80      0s
      "
    `);
    expect(await c.ok('describe ing kubia')).toMatchInlineSnapshot(`
      "Name:             kubia
      Labels:           <none>
      Namespace:        default
      Address:          172.18.0.4
      Ingress Class:    nginx
      Default backend:  <default>
      Rules:
        Host               Path  Backends
        ----               ----  --------
        kubia.example.com  
                           /          kubia:80 (10.244.1.3:8080,10.244.1.4:8080,10.244.2.4:8080)
                           /foo       kubia-nodeport:80 ()
                           /missing   nosuchsvc:80 (<error: services "nosuchsvc" not found>)
        bar.example.com    
                           /   kubia:80 (10.244.1.3:8080,10.244.1.4:8080,10.244.2.4:8080)
      Annotations:         <none>
      Events:
        Type    Reason  Age   From                      Message
        ----    ------  ----  ----                      -------
        Normal  Sync    0s    nginx-ingress-controller  Scheduled for sync
      "
    `);
    expect(await c.ok('describe ing defonly')).toMatchInlineSnapshot(`
      "Name:             defonly
      Labels:           <none>
      Namespace:        default
      Address:          172.18.0.4
      Ingress Class:    nginx
      Default backend:  kubia:80 (10.244.1.3:8080,10.244.1.4:8080,10.244.2.4:8080)
      Rules:
        Host        Path  Backends
        ----        ----  --------
        *           *     kubia:80 (10.244.1.3:8080,10.244.1.4:8080,10.244.2.4:8080)
      Annotations:  <none>
      Events:
        Type    Reason  Age   From                      Message
        ----    ------  ----  ----                      -------
        Normal  Sync    0s    nginx-ingress-controller  Scheduled for sync
      "
    `);
    const node = (await c.ok('get ing kubia -o jsonpath={.status.loadBalancer.ingress[0].ip}')).trim();
    // /foo goes to kubia-nodeport, whose selector (app=kubia-nodeport) picks no pod: 503.
    const r503 = await c.run(`curl -s -o /dev/null -w %{http_code} -H "Host: kubia.example.com" http://${node}/foo`);
    expect(r503.stdout).toBe('503');
    const missing = await c.run(`curl -s -H "Host: kubia.example.com" http://${node}/missing`);
    expect(missing.stdout.replace(/\r/g, '')).toMatchInlineSnapshot(`
      "<html>
      <head><title>503 Service Temporarily Unavailable</title></head>
      <body>
      <center><h1>503 Service Temporarily Unavailable</h1></center>
      <hr><center>nginx</center>
      </body>
      </html>
      "
    `);
    expect(await c.ok(`curl -s -H "Host: bar.example.com" http://${node}/x`)).toMatch(/^You've hit kubia-/);
    // Any other host falls to the default backend of defonly.
    expect(await c.ok(`curl -s -H "Host: zzz.example.com" http://${node}/x`)).toMatch(/^You've hit kubia-/);
  });

  test('wildcard host: one label only (the chapter table), exact host preferred, through curl', async () => {
    const c = new TestCluster();
    await c.ok('addons enable ingress');
    await withKubia(c);
    await c.ok('create ingress wild --rule=*.foo.com/*=kubia:80 --rule=exact.foo.com/*=nosuchsvc:80');
    const node = (await c.ok('get ing wild -o jsonpath={.status.loadBalancer.ingress[0].ip}')).trim();
    const code = async (host: string) => (await c.run(`curl -s -o /dev/null -w %{http_code} -H "Host: ${host}" http://${node}/`)).stdout;
    expect([await code('bar.foo.com'), await code('baz.bar.foo.com'), await code('foo.com'), await code('exact.foo.com')]).toEqual(['200', '404', '404', '503']);
  });

  test('TLS: plain HTTP is redirected, HTTPS terminates with the secret, a missing secret gives the fake certificate', async () => {
    const c = new TestCluster();
    await c.ok('addons enable ingress');
    await withKubia(c);
    c.file('tls.crt', readFileSync(new URL('../../examples/chapter/tls.crt', import.meta.url), 'utf8'));
    c.file('tls.key', readFileSync(new URL('../../examples/chapter/tls.key', import.meta.url), 'utf8'));
    await c.ok('create ingress kubia --rule=kubia.example.com/*=kubia:80,tls=tls-secret');
    const node = (await c.ok('get ing kubia -o jsonpath={.status.loadBalancer.ingress[0].ip}')).trim();
    const redirect = await c.run(`curl -i --resolve kubia.example.com:80:${node} http://kubia.example.com/`);
    expect(redirect.stdout.replace(/\r/g, '')).toMatchInlineSnapshot(`
      "HTTP/1.1 308 Permanent Redirect
      Date: Sat, 21 Nov 2026 22:50:20 GMT
      Content-Type: text/html
      Content-Length: 164
      Connection: keep-alive
      Location: https://kubia.example.com/

      <html>
      <head><title>308 Permanent Redirect</title></head>
      <body>
      <center><h1>308 Permanent Redirect</h1></center>
      <hr><center>nginx</center>
      </body>
      </html>
      "
    `);
    const fake = await c.run(`curl -s --resolve kubia.example.com:443:${node} https://kubia.example.com/`);
    expect([fake.exitCode, fake.stdout, fake.stderr]).toMatchInlineSnapshot(`
      [
        60,
        "",
        "",
      ]
    `);
    expect(await c.ok('create secret tls tls-secret --cert=tls.crt --key=tls.key')).toBe('secret/tls-secret created\n');
    expect(await c.ok(`curl -sk --resolve kubia.example.com:443:${node} https://kubia.example.com/`)).toMatch(/^You've hit kubia-/);
    expect(await c.ok('get ing kubia')).toMatchInlineSnapshot(`
      "NAME    CLASS   HOSTS               ADDRESS      PORTS     AGE
      kubia   nginx   kubia.example.com   172.18.0.4   80, 443   0s
      "
    `);
    expect(await c.ok('get secret tls-secret')).toMatchInlineSnapshot(`
      "NAME         TYPE                DATA   AGE
      tls-secret   kubernetes.io/tls   2      0s
      "
    `);
    expect(await c.ok('describe secret tls-secret')).toMatchInlineSnapshot(`
      "Name:         tls-secret
      Namespace:    default
      Labels:       <none>
      Annotations:  <none>

      Type:  kubernetes.io/tls

      Data
      ====
      tls.crt:  644 bytes
      tls.key:  241 bytes
      "
    `);
  });
});

describe('an older cluster (1.17): the chapter\'s extensions/v1beta1 Ingress', () => {
  test('the add-on installs without IngressClass and serves Ingresses without class', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.17');
    await c.ok('addons enable ingress');
    await withKubia(c);
    c.file('old.yaml', 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: goweb-ingress\nspec:\n  rules:\n  - host: www.goweb.com\n    http:\n      paths:\n      - path: /\n        backend:\n          serviceName: kubia\n          servicePort: 80\n');
    await c.ok('create -f old.yaml');
    const node = (await c.ok('get ing goweb-ingress -o jsonpath={.status.loadBalancer.ingress[0].ip}')).trim();
    expect(node).toMatch(/^172\.18\.0\.\d$/);
    expect(await c.ok(`curl -s -H "Host: www.goweb.com" http://${node}/`)).toMatch(/^You've hit kubia-/);
  });
});

describe('ingress-nginx admission webhook', () => {
  test('a second Ingress claiming the same host and path is denied while the controller runs', async () => {
    const c = new TestCluster();
    await c.ok('addons enable ingress');
    await c.ok('advance 20s');
    await c.ok('create ingress kubia --rule=kubia.example.com/*=kubia:80');
    c.file('dup.yaml', KUBIA_INGRESS.replace('name: kubia\n', 'name: kubia-dup\n'));
    const r = await c.run('create -f dup.yaml');
    expect([r.exitCode, r.stderr]).toMatchInlineSnapshot(`
      [
        1,
        "Error from server (BadRequest): error when creating "dup.yaml": admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host "kubia.example.com" and path "/" is already defined in ingress default/kubia
      ",
      ]
    `);
    expect(await c.ok('create ingress other --rule=kubia.example.com/other=kubia:80')).toBe('ingress.networking.k8s.io/other created\n');
  });
});

describe('API server validation of Ingresses', () => {
  const ing = (rule: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bad
spec:
  rules:
${rule}`;
  const path = (extra: string) => `  - host: kubia.example.com
    http:
      paths:
      - ${extra}
`;
  test.each([
    ['no pathType', path('path: /\n        backend: {service: {name: kubia, port: {number: 80}}}')],
    ['bad pathType', path('path: /\n        pathType: Foo\n        backend: {service: {name: kubia, port: {number: 80}}}')],
    ['relative path', path('path: foo\n        pathType: Prefix\n        backend: {service: {name: kubia, port: {number: 80}}}')],
    ['no backend', path('path: /\n        pathType: Prefix\n        backend: {}')],
    ['no port', path('path: /\n        pathType: Prefix\n        backend: {service: {name: kubia}}')],
    ['no service name', path('path: /\n        pathType: Prefix\n        backend: {service: {port: {number: 80}}}')],
    ['IP host', `  - host: 1.2.3.4\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: kubia, port: {number: 80}}}}\n`],
    ['bad wildcard', `  - host: foo.*.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: kubia, port: {number: 80}}}}\n`],
    ['two errors', `  - host: "*"\n    http:\n      paths:\n      - {path: /, backend: {service: {name: kubia, port: {number: 80}}}}\n`],
  ])('%s', async (_name, rules) => {
    const c = new TestCluster();
    c.file('bad.yaml', ing(rules));
    const r = await c.run('create -f bad.yaml');
    expect([r.exitCode, r.stdout, r.stderr]).toMatchSnapshot();
  });

  test('neither rules nor default backend; and create ingress wraps the server error', async () => {
    const c = new TestCluster();
    c.file('empty.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: empty\nspec: {}\n');
    expect((await c.run('create -f empty.yaml')).stderr).toMatchInlineSnapshot(`
      "The Ingress "empty" is invalid: spec: Invalid value: []networking.IngressRule(nil): either \`defaultBackend\` or \`rules\` must be specified
      "
    `);
    await c.ok('create ingress a --rule=a.com/=s:80');
    expect((await c.run('create ingress a --rule=a.com/=s:80')).stderr).toMatchInlineSnapshot(`
      "error: failed to create ingress: ingresses.networking.k8s.io "a" already exists
      "
    `);
    expect((await c.run('create ingress b --rule=a.com/=s:http_x')).stderr).toMatchInlineSnapshot(`
      "error: failed to create ingress: Ingress.networking.k8s.io "b" is invalid: spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "http_x": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)
      "
    `);
  });
});

describe('Secrets', () => {
  test('stringData merged into data, get and describe, type rules', async () => {
    const c = new TestCluster();
    c.file('s.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\nstringData:\n  password: s3cr3t\ndata:\n  user: YWRtaW4=\n');
    await c.ok('create -f s.yaml');
    expect(await c.ok('get secret mysecret -o jsonpath={.data}')).toMatchInlineSnapshot(`"{"password":"czNjcjN0","user":"YWRtaW4="}"`);
    expect(await c.ok('describe secret mysecret')).toMatchInlineSnapshot(`
      "Name:         mysecret
      Namespace:    default
      Labels:       <none>
      Annotations:  <none>

      Type:  Opaque

      Data
      ====
      password:  6 bytes
      user:      5 bytes
      "
    `);
    c.file('tls.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: hello-app-tls\ntype: kubernetes.io/tls\ndata:\n  server.crt: Zm9v\n  server.key: YmFy\n');
    expect((await c.run('create -f tls.yaml')).stderr).toMatchInlineSnapshot(`
      "The Secret "hello-app-tls" is invalid: 
      * data[tls.crt]: Required value
      * data[tls.key]: Required value
      "
    `);
    c.file('b64.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\ndata:\n  k: <crt contents here>\n');
    expect((await c.run('create -f b64.yaml')).stderr).toMatchInlineSnapshot(`
      "Error from server (BadRequest): error when creating "b64.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0
      "
    `);
    expect(await c.ok('create secret generic g --from-literal=a=b')).toBe('secret/g created\n');
    expect(await c.ok('get secrets')).toMatchInlineSnapshot(`
      "NAME       TYPE     DATA   AGE
      g          Opaque   1      0s
      mysecret   Opaque   2      0s
      "
    `);
  });
});
