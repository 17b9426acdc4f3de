/** Service manifests from the chapter (/work/shared/seeds), as the learner writes them. */
export const KUBIA_SVC = `apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  ports:
  - port: 80
    targetPort: 8080
    protocol: TCP
  selector:
    app: kubia
`;

export const KUBIA_SESSION = `apiVersion: v1
kind: Service
metadata:
  name: kubia-session
spec:
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 3600
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

export const KUBIA_MULTI = `apiVersion: v1
kind: Service
metadata:
  name: kubia-multi
spec:
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - name: https
    port: 443
    targetPort: 8443
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
  - name: https
    port: 443
    targetPort: https
  selector:
    app: kubia
`;

export const KUBIA_NODEPORT = `apiVersion: v1
kind: Service
metadata:
  name: kubia-nodeport
spec:
  type: NodePort
  externalTrafficPolicy: Local
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 30123
  selector:
    app: kubia
`;

export const KUBIA_LB = `apiVersion: v1
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

export const EXTERNAL_MANUAL = `apiVersion: v1
kind: Service
metadata:
  name: external-service
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-service
subsets:
  - addresses:
    - ip: 11.11.11.11
    - ip: 22.22.22.22
    ports:
    - port: 80
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

export const KUBIA_HEADLESS = `apiVersion: v1
kind: Service
metadata:
  name: kubia-headless
spec:
  clusterIP: None
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

export const KUBIA_HEADLESS_PNA = `apiVersion: v1
kind: Service
metadata:
  name: kubia-headless-all
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;
