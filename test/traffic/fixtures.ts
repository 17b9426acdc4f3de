/** Manifests and helpers for the traffic scenarios (the chapter's kubia, a dnsutils pod, busybox pods). */
import { TestCluster } from '../helpers.js';

export const KUBIA_DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
spec:
  replicas: 3
  selector:
    matchLabels:
      app: kubia
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        ports:
        - name: http
          containerPort: 8080
`;

export const KUBIA_SVC = `apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

export const KUBIA_NAMED = `apiVersion: v1
kind: Service
metadata:
  name: kubia-named
spec:
  ports:
  - name: http
    port: 80
    targetPort: http
  selector:
    app: kubia
`;

export const KUBIA_SESSION = `apiVersion: v1
kind: Service
metadata:
  name: kubia-session
spec:
  sessionAffinity: ClientIP
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

export const NOSEL = `apiVersion: v1
kind: Service
metadata:
  name: nosel
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: nothing-matches
`;

export const NODEPORT = (policy: 'Cluster' | 'Local') => `apiVersion: v1
kind: Service
metadata:
  name: kubia-nodeport
spec:
  type: NodePort
  externalTrafficPolicy: ${policy}
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 30123
  selector:
    app: kubia
`;

export const EXTERNAL_NAME = `apiVersion: v1
kind: Service
metadata:
  name: external-service
spec:
  type: ExternalName
  externalName: api.somecompany.com
  ports:
  - port: 80
`;

export const MANUAL_ENDPOINTS = `apiVersion: v1
kind: Service
metadata:
  name: external-manual
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-manual
subsets:
- addresses:
  - ip: 11.11.11.11
  ports:
  - port: 80
`;

export const HEADLESS = (publishNotReady: boolean) => `apiVersion: v1
kind: Service
metadata:
  name: goweb-headless
spec:
  clusterIP: None
  publishNotReadyAddresses: ${publishNotReady}
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: goweb-readiness
`;

/** Two kubia pods that are ready only once /var/ready exists (the chapter's readiness lesson). */
export const READINESS_RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: goweb-readiness
spec:
  replicas: 2
  selector:
    app: goweb-readiness
  template:
    metadata:
      labels:
        app: goweb-readiness
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        readinessProbe:
          exec:
            command: ["ls", "/var/ready"]
          periodSeconds: 1
`;

export const pod = (name: string, image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: main
    image: ${image}
    command: ["sleep", "3600"]
${extra}`;

/** A cluster with the kubia deployment, its service and a few client pods, all running. */
export async function kubiaCluster(...extra: string[]): Promise<TestCluster> {
  const c = new TestCluster();
  c.file('kubia.yaml', [KUBIA_SVC, KUBIA_DEPLOY, ...extra].join('---\n'));
  await c.ok('apply -f kubia.yaml');
  await c.ok('advance 30s');
  return c;
}

/** Names of the pods whose name starts with `prefix`, sorted. */
export async function podNames(c: TestCluster, prefix: string): Promise<string[]> {
  const out = await c.ok('get pods -o name');
  return out.split('\n').filter((l) => l.startsWith(`pod/${prefix}`)).map((l) => l.slice(4)).sort();
}
