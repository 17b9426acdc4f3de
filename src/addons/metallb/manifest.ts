/**
 * What the `metallb` add-on installs (minikube's metallb add-on, MetalLB v0.9.6): its namespace, the
 * controller Deployment, the speaker DaemonSet and service accounts (acknowledged, not served), and the
 * `config` ConfigMap holding the layer-2 address pool the controller hands out.
 */

const LABELS = '    app: metallb';

export function metallbYaml(pool: string): string {
  const docs = [
    `apiVersion: v1
kind: Namespace
metadata:
  labels:
${LABELS}
  name: metallb-system`,
    `apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
${LABELS}
  name: controller
  namespace: metallb-system`,
    `apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
${LABELS}
  name: speaker
  namespace: metallb-system`,
    `apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
${LABELS}
    component: speaker
  name: speaker
  namespace: metallb-system`,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
${LABELS}
    component: controller
  name: controller
  namespace: metallb-system
spec:
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app: metallb
      component: controller
  template:
    metadata:
      annotations:
        prometheus.io/port: "7472"
        prometheus.io/scrape: "true"
      labels:
        app: metallb
        component: controller
    spec:
      containers:
      - args:
        - --port=7472
        - --config=config
        image: quay.io/metallb/controller:v0.9.6
        imagePullPolicy: IfNotPresent
        name: controller
        ports:
        - containerPort: 7472
          name: monitoring
        resources:
          limits:
            cpu: 100m
            memory: 100Mi
      nodeSelector:
        beta.kubernetes.io/os: linux
      serviceAccountName: controller
      terminationGracePeriodSeconds: 0`,
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: config
  namespace: metallb-system
data:
  config: |
    address-pools:
    - name: default
      protocol: layer2
      addresses:
${pool
  .split(',')
  .map((p) => `      - ${p.trim()}`)
  .join('\n')}`,
  ];
  return docs.join('\n---\n') + '\n';
}
