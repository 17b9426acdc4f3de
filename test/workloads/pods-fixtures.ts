/** Manifests shared by the pod, probe, run and logs scenario tests. */
export const KUBIA_POD = `apiVersion: v1
kind: Pod
metadata:
  name: kubia
  labels:
    app: kubia
spec:
  containers:
  - name: kubia
    image: luksa/kubia
    ports:
    - containerPort: 8080
    readinessProbe:
      exec:
        command: ["ls", "/var/ready"]
`;

/** The chapter's readiness ReplicaSet (seed 003), indentation restored. */
export const GOWEB_READINESS = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: goweb-readiness
spec:
  replicas: 2
  selector:
    matchLabels:
      app: goweb
  template:
    metadata:
      labels:
        app: goweb
    spec:
      containers:
      - name: goweb
        image: registry.cn-hangzhou.aliyuncs.com/orzi/goweb
        ports:
        - name: http
          containerPort: 8000
        readinessProbe:
          exec:
            command: ["ls","/var/ready"]
`;

export const LIVENESS = `apiVersion: v1
kind: Pod
metadata:
  name: kubia-liveness
spec:
  containers:
  - image: luksa/kubia-unhealthy
    name: kubia
    livenessProbe:
      httpGet:
        path: /
        port: 8080
      initialDelaySeconds: 15
`;

export const PROBES = `apiVersion: v1
kind: Pod
metadata:
  name: probes
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /
        port: 8080
    livenessProbe:
      tcpSocket:
        port: 80
      periodSeconds: 5
    startupProbe:
      httpGet:
        path: /
        port: 80
      failureThreshold: 30
      periodSeconds: 2
`;
