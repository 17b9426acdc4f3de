/**
 * ingress-nginx's static deploy.yaml, written compactly: the same objects, names and order as the real
 * files for the kind, cloud and baremetal providers (controller-v1.x), and the 0.x layout the chapter's
 * `controller-0.32.0` URL installs. Objects of kinds kube-sim does not serve (RBAC,
 * ValidatingWebhookConfiguration) are kept so `apply` prints every line kubectl prints; the RBAC rules,
 * securityContext and lifecycle hooks are left out (nothing in the simulation reads them). The admission
 * Jobs are real: their kube-webhook-certgen run creates the Secret the controller mounts.
 */

export type Provider = 'kind' | 'cloud' | 'baremetal';

const NS = 'ingress-nginx';

function labels(version: string, component?: string, indent = '    '): string {
  const l: [string, string][] = [];
  if (component) l.push(['app.kubernetes.io/component', component]);
  l.push(['app.kubernetes.io/instance', 'ingress-nginx'], ['app.kubernetes.io/name', 'ingress-nginx'], ['app.kubernetes.io/part-of', 'ingress-nginx'], ['app.kubernetes.io/version', version]);
  return l.map(([k, v]) => `${indent}${k}: ${v}`).join('\n');
}

/**
 * The admission webhook's certificate Jobs: `create` makes the Secret the controller mounts, `patch` puts
 * its CA into the ValidatingWebhookConfiguration. Both run kube-webhook-certgen (`image`) to completion.
 */
function certgenJob(step: 'create' | 'patch', v: string, image: string): string {
  const args =
    step === 'create'
      ? ['create', '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc', '--namespace=$(POD_NAMESPACE)', '--secret-name=ingress-nginx-admission']
      : ['patch', '--webhook-name=ingress-nginx-admission', '--namespace=$(POD_NAMESPACE)', '--patch-mutating=false', '--secret-name=ingress-nginx-admission', '--patch-failure-policy=Fail'];
  return `${meta('Job', 'batch/v1', `ingress-nginx-admission-${step}`, v, 'admission-webhook')}
spec:
  template:
    metadata:
      labels:
${labels(v, 'admission-webhook', '        ')}
      name: ingress-nginx-admission-${step}
    spec:
      containers:
      - args:
${args.map((a) => `        - ${a}`).join('\n')}
        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        image: ${image}
        imagePullPolicy: IfNotPresent
        name: ${step}
      nodeSelector:
        kubernetes.io/os: linux
      restartPolicy: OnFailure
      serviceAccountName: ingress-nginx-admission`;
}

function selector(component: string, indent: string): string {
  return [`${indent}app.kubernetes.io/component: ${component}`, `${indent}app.kubernetes.io/instance: ingress-nginx`, `${indent}app.kubernetes.io/name: ingress-nginx`].join('\n');
}

function meta(kind: string, apiVersion: string, name: string, version: string, component: string | undefined, namespaced = true): string {
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  labels:
${labels(version, component)}
  name: ${name}${namespaced ? `\n  namespace: ${NS}` : ''}`;
}

/**
 * The controller-v1.x deploy.yaml for a provider (image tag = `v${version}`). `addon` gives the variant the
 * `ingress` add-on installs: kind's layout, but scheduled on any Linux node, publishing the node's IP
 * (not `localhost`), and `nginx` marked as the default IngressClass (as minikube's add-on does).
 */
export function deployYamlV1(provider: Provider, version: string, addon = false): string {
  const v = version;
  const docs: string[] = [];
  docs.push(`apiVersion: v1
kind: Namespace
metadata:
  labels:
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  name: ${NS}`);
  docs.push(`${meta('ServiceAccount', 'v1', 'ingress-nginx', v, 'controller')}\nautomountServiceAccountToken: true`);
  docs.push(meta('ServiceAccount', 'v1', 'ingress-nginx-admission', v, 'admission-webhook'));
  docs.push(meta('Role', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, 'controller'));
  docs.push(meta('Role', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook'));
  docs.push(meta('ClusterRole', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, undefined, false));
  docs.push(meta('ClusterRole', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook', false));
  docs.push(meta('RoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, 'controller'));
  docs.push(meta('RoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook'));
  docs.push(meta('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, undefined, false));
  docs.push(meta('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook', false));
  docs.push(`apiVersion: v1
data:
  allow-snippet-annotations: "false"
kind: ConfigMap
metadata:
  labels:
${labels(v, 'controller')}
  name: ingress-nginx-controller
  namespace: ${NS}`);
  docs.push(`${meta('Service', 'v1', 'ingress-nginx-controller', v, 'controller')}
spec:${provider === 'cloud' ? '\n  externalTrafficPolicy: Local' : ''}
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - appProtocol: http
    name: http
    port: 80
    protocol: TCP
    targetPort: http
  - appProtocol: https
    name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
${selector('controller', '    ')}
  type: ${provider === 'cloud' ? 'LoadBalancer' : 'NodePort'}`);
  docs.push(`${meta('Service', 'v1', 'ingress-nginx-controller-admission', v, 'controller')}
spec:
  ports:
  - appProtocol: https
    name: https-webhook
    port: 443
    targetPort: webhook
  selector:
${selector('controller', '    ')}
  type: ClusterIP`);
  docs.push(controllerDeployment(provider, v, addon ? { nodeSelector: { 'kubernetes.io/os': 'linux' }, publishLocalhost: false } : {}));
  for (const step of ['create', 'patch'] as const) docs.push(certgenJob(step, v, 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.0'));
  const ingressClass = meta('IngressClass', 'networking.k8s.io/v1', 'nginx', v, 'controller', false);
  docs.push(`${addon ? ingressClass.replace('metadata:\n', 'metadata:\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\n') : ingressClass}
spec:
  controller: k8s.io/ingress-nginx`);
  docs.push(meta('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook', false));
  return docs.join('\n---\n') + '\n';
}

/** The controller Deployment; `extraArgs` and provider details as the real files differ. */
export function controllerDeployment(provider: Provider, v: string, opts: { nodeSelector?: Record<string, string>; publishLocalhost?: boolean } = {}): string {
  const args = ['/nginx-ingress-controller'];
  if (provider === 'cloud') args.push('--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller');
  args.push('--election-id=ingress-nginx-leader', '--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx', '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller');
  args.push('--validating-webhook=:8443', '--validating-webhook-certificate=/usr/local/certificates/cert', '--validating-webhook-key=/usr/local/certificates/key');
  if (provider === 'kind') args.push('--watch-ingress-without-class=true');
  if (provider === 'kind' && opts.publishLocalhost !== false) args.push('--publish-status-address=localhost');
  args.push('--enable-metrics=false');
  const kind = provider === 'kind';
  const nodeSelector = opts.nodeSelector ?? (kind ? { 'ingress-ready': '"true"', 'kubernetes.io/os': 'linux' } : { 'kubernetes.io/os': 'linux' });
  const probe = (failure: number) => `          failureThreshold: ${failure}
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1`;
  return `${meta('Deployment', 'apps/v1', 'ingress-nginx-controller', v, 'controller')}
spec:
  minReadySeconds: 0
  revisionHistoryLimit: 10
  selector:
    matchLabels:
${selector('controller', '      ')}
  strategy:
    rollingUpdate:
      maxUnavailable: 1
    type: RollingUpdate
  template:
    metadata:
      labels:
${labels(v, 'controller', '        ')}
    spec:
      containers:
      - args:
${args.map((a) => `        - ${a}`).join('\n')}
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: LD_PRELOAD
          value: /usr/local/lib/libmimalloc.so
        image: registry.k8s.io/ingress-nginx/controller:v${v}
        imagePullPolicy: IfNotPresent
        livenessProbe:
${probe(5)}
        name: controller
        ports:
        - containerPort: 80${kind ? '\n          hostPort: 80' : ''}
          name: http
          protocol: TCP
        - containerPort: 443${kind ? '\n          hostPort: 443' : ''}
          name: https
          protocol: TCP
        - containerPort: 8443
          name: webhook
          protocol: TCP
        readinessProbe:
${probe(3)}
        resources:
          requests:
            cpu: 100m
            memory: 90Mi
        volumeMounts:
        - mountPath: /usr/local/certificates/
          name: webhook-cert
          readOnly: true
      dnsPolicy: ClusterFirst
      nodeSelector:
${Object.entries(nodeSelector).map(([k, x]) => `        ${k}: ${x}`).join('\n')}
      serviceAccountName: ingress-nginx
      terminationGracePeriodSeconds: ${kind ? 0 : 300}${
        kind
          ? `
      tolerations:
      - effect: NoSchedule
        key: node-role.kubernetes.io/master
        operator: Equal
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
        operator: Equal`
          : ''
      }
      volumes:
      - name: webhook-cert
        secret:
          secretName: ingress-nginx-admission`;
}

/**
 * The 0.x layout (controller-0.32.0 and its siblings): no IngressClass yet, RBAC and the admission
 * webhook at the versions of their time (v1beta1 webhook: refused by 1.22+ clusters), the
 * quay.io image, and a controller that serves every Ingress without class.
 */
export function deployYamlLegacy(provider: Provider, version: string): string {
  const v = version;
  const docs: string[] = [];
  docs.push(`apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/instance: ingress-nginx`);
  docs.push(meta('ServiceAccount', 'v1', 'ingress-nginx', v, 'controller'));
  docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  labels:
${labels(v, 'controller')}
  name: ingress-nginx-controller
  namespace: ${NS}`);
  docs.push(meta('ClusterRole', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, undefined, false));
  docs.push(meta('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, undefined, false));
  docs.push(meta('Role', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, 'controller'));
  docs.push(meta('RoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx', v, 'controller'));
  docs.push(`${meta('Service', 'v1', 'ingress-nginx-controller-admission', v, 'controller')}
spec:
  type: ClusterIP
  ports:
  - name: https-webhook
    port: 443
    targetPort: webhook
  selector:
${selector('controller', '    ')}`);
  docs.push(`${meta('Service', 'v1', 'ingress-nginx-controller', v, 'controller')}
spec:
  type: ${provider === 'cloud' ? 'LoadBalancer' : 'NodePort'}${provider === 'cloud' ? '\n  externalTrafficPolicy: Local' : ''}
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: http
  - name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
${selector('controller', '    ')}`);
  const dep = controllerDeployment(provider === 'kind' ? 'baremetal' : provider, v)
    .replace(`image: registry.k8s.io/ingress-nginx/controller:v${v}`, `image: quay.io/kubernetes-ingress-controller/nginx-ingress-controller:${v}`)
    .replace('        - --controller-class=k8s.io/ingress-nginx\n        - --ingress-class=nginx\n', '        - --ingress-class=nginx\n')
    .replace('--election-id=ingress-nginx-leader', '--election-id=ingress-controller-leader')
    .replace('        - --enable-metrics=false\n', '')
    .replace('        - name: LD_PRELOAD\n          value: /usr/local/lib/libmimalloc.so\n', '');
  docs.push(dep);
  docs.push(meta('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1beta1', 'ingress-nginx-admission', v, 'admission-webhook', false));
  docs.push(meta('ClusterRole', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook', false));
  docs.push(meta('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook', false));
  docs.push(certgenJob('create', v, 'jettech/kube-webhook-certgen:v1.2.0'));
  docs.push(certgenJob('patch', v, 'jettech/kube-webhook-certgen:v1.2.0'));
  docs.push(meta('Role', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook'));
  docs.push(meta('RoleBinding', 'rbac.authorization.k8s.io/v1', 'ingress-nginx-admission', v, 'admission-webhook'));
  docs.push(meta('ServiceAccount', 'v1', 'ingress-nginx-admission', v, 'admission-webhook'));
  return docs.join('\n---\n') + '\n';
}
