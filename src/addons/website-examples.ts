/**
 * The manifests kubernetes.io's Services, networking, DNS, Deployment, object management, security context, probes, logging, ConfigMap and HorizontalPodAutoscaler pages (and, from pod-task-examples.ts, the Configure Pods and Containers pages)
 * The manifests kubernetes.io's Services, networking, DNS, Deployment, object management, security context, probes, logging, ConfigMap and disruption budget pages (and, from pod-task-examples.ts, the Configure Pods and Containers pages)
 * apply by URL (`kubectl apply -f https://k8s.io/examples/service/networking/run-my-nginx.yaml`), and the files
 * they download (`wget https://kubernetes.io/examples/configmap/game.properties`), bundled because
 * kube-sim has no network. Each is written here from what its page relies on (names, labels, images,
 * ports, replicas), not copied; the README's "Remote manifests" section lists them.
 */

import { POD_TASK_EXAMPLES } from './pod-task-examples.js';

/**
 * The ConfigMap page's `dapi-test-pod`: busybox running `command` once; `container` and `pod` are the YAML
 * lines its container and its spec add (env vars, mounts; volumes).
 */
function dapiTestPod(command: string[], container: string, pod = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod
spec:
  containers:
  - name: test-container
    image: registry.k8s.io/busybox:1.27.2
    command: [${command.map((c) => JSON.stringify(c)).join(', ')}]
${container}${pod}  restartPolicy: Never
`;
}

/** The configure-pdb page's zk-pdb with its one bound (`minAvailable: 2` or `maxUnavailable: 1`). */
function zookeeperBudget(bound: string): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  ${bound}
  selector:
    matchLabels:
      app.kubernetes.io/name: zookeeper
`;
}

/** The env list of a dapi-test-pod whose variables come from ConfigMap keys ([var, map, key]). */
function configMapEnv(env: [string, string, string][]): string {
  return `    env:\n${env.map(([name, map, key]) => `    - name: ${name}\n      valueFrom:\n        configMapKeyRef:\n          name: ${map}\n          key: ${key}\n`).join('')}`;
}

/** A dapi-test-pod's special-config volume at /etc/config (`items`: the keys projected, as YAML lines). */
function configMapVolumePod(script: string, items = ''): string {
  return dapiTestPod(
    ['/bin/sh', '-c', script],
    '    volumeMounts:\n    - name: config-volume\n      mountPath: /etc/config\n',
    `  volumes:\n  - name: config-volume\n    configMap:\n      name: special-config\n${items}`,
  );
}

/**
 * The nginx Deployment of the Run a Stateless Application and Declarative Management pages: pods labelled
 * `label` running `image`, with `spec` (YAML lines: replicas, minReadySeconds) between selector and template.
 */
function nginxDeployment(label: string, image: string, spec: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      ${label}
${spec}  template:
    metadata:
      labels:
        ${label}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;
}

/** The Deployment the Run a Stateless Application page applies, then updates and scales. */
const statelessDeployment = (replicas: number, image: string) => nginxDeployment('app: nginx', image, `  replicas: ${replicas}\n`);

/** The Declarative Management page's Deployment (no replicas: apply leaves them to `kubectl scale`). */
const nginxAppDeployment = (image: string, spec = '') => nginxDeployment('app.kubernetes.io/name: nginx', image, spec);

/** Manifest text by its path under the website's `content/en/examples/`. */
export const WEBSITE_EXAMPLES: Record<string, string> = {
  // Connecting Applications with Services
  'service/networking/run-my-nginx.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
        ports:
        - containerPort: 80
`,
  'service/networking/nginx-svc.yaml': `apiVersion: v1
kind: Service
metadata:
  name: my-nginx
  labels:
    run: my-nginx
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    run: my-nginx
`,
  'service/networking/nginx-secure-app.yaml': `apiVersion: v1
kind: Service
metadata:
  name: my-nginx
  labels:
    run: my-nginx
spec:
  type: NodePort
  ports:
  - port: 8080
    targetPort: 80
    protocol: TCP
    name: http
  - port: 443
    protocol: TCP
    name: https
  selector:
    run: my-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 1
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      volumes:
      - name: secret-volume
        secret:
          secretName: nginxsecret
      - name: configmap-volume
        configMap:
          name: nginxconfigmap
      containers:
      - name: nginxhttps
        image: bprashanth/nginxhttps:1.0
        ports:
        - containerPort: 443
        - containerPort: 80
        volumeMounts:
        - mountPath: /etc/nginx/ssl
          name: secret-volume
        - mountPath: /etc/nginx/conf.d
          name: configmap-volume
`,
  'service/networking/curlpod.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: curl-deployment
spec:
  selector:
    matchLabels:
      app: curlpod
  replicas: 1
  template:
    metadata:
      labels:
        app: curlpod
    spec:
      volumes:
      - name: secret-volume
        secret:
          secretName: nginxsecret
      containers:
      - name: curlpod
        command:
        - sh
        - -c
        - while true; do sleep 1; done
        image: docker.io/curlimages/curl:8.18.0
        volumeMounts:
        - mountPath: /etc/nginx/ssl
          name: secret-volume
`,
  // DNS for Services and Pods
  'service/networking/custom-dns.yaml': `apiVersion: v1
kind: Pod
metadata:
  namespace: default
  name: dns-example
spec:
  containers:
  - name: test
    image: nginx
  dnsPolicy: "None"
  dnsConfig:
    nameservers:
    - 192.0.2.1
    searches:
    - ns1.svc.cluster-domain.example
    - my.dns.search.suffix
    options:
    - name: ndots
      value: "2"
    - name: edns0
`,
  'service/networking/hostaliases-pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: hostaliases-pod
spec:
  restartPolicy: Never
  hostAliases:
  - ip: "127.0.0.1"
    hostnames:
    - "foo.local"
    - "bar.local"
  - ip: "10.1.2.3"
    hostnames:
    - "foo.remote"
    - "bar.remote"
  containers:
  - name: cat-hosts
    image: busybox:1.28
    command:
    - cat
    args:
    - "/etc/hosts"
`,
  // Ingress concept page
  'service/networking/minimal-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: minimal-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx-example
  rules:
  - http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: test
            port:
              number: 80
`,
  'service/networking/ingress-resource-backend.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ingress-resource-backend
spec:
  defaultBackend:
    resource:
      apiGroup: k8s.example.com
      kind: StorageBucket
      name: static-assets
  rules:
  - http:
      paths:
      - path: /icons
        pathType: ImplementationSpecific
        backend:
          resource:
            apiGroup: k8s.example.com
            kind: StorageBucket
            name: icon-assets
`,
  'service/networking/ingress-wildcard-host.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ingress-wildcard-host
spec:
  rules:
  - host: "foo.bar.com"
    http:
      paths:
      - pathType: Prefix
        path: "/bar"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: "*.foo.com"
    http:
      paths:
      - pathType: Prefix
        path: "/foo"
        backend:
          service:
            name: service2
            port:
              number: 80
`,
  'service/networking/simple-fanout-example.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: simple-fanout-example
spec:
  rules:
  - host: foo.bar.com
    http:
      paths:
      - path: /foo
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 4200
      - path: /bar
        pathType: Prefix
        backend:
          service:
            name: service2
            port:
              number: 8080
`,
  'service/networking/name-virtual-host-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: name-virtual-host-ingress
spec:
  rules:
  - host: foo.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: bar.foo.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service2
            port:
              number: 80
`,
  'service/networking/name-virtual-host-ingress-no-third-host.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: name-virtual-host-ingress-no-third-host
spec:
  rules:
  - host: first.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: second.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service2
            port:
              number: 80
  - http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service3
            port:
              number: 80
`,
  'service/networking/tls-example-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls-example-ingress
spec:
  tls:
  - hosts:
    - https-example.foo.com
    secretName: testsecret-tls
  rules:
  - host: https-example.foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 80
`,
  'service/networking/test-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: test-ingress
spec:
  defaultBackend:
    service:
      name: test
      port:
        number: 80
`,
  'service/networking/example-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
spec:
  ingressClassName: nginx
  rules:
  - host: hello-world.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
`,
  'service/networking/default-ingressclass.yaml': `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  labels:
    app.kubernetes.io/component: controller
  name: example-class
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/example-class
`,
  'service/networking/external-lb.yaml': `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: external-lb
spec:
  controller: example.com/ingress-controller
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
`,
  // Network policies (concept page, Declare Network Policy)
  'service/networking/nginx-policy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
`,
  'service/networking/networkpolicy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
`,
  'service/networking/network-policy-default-deny-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`,
  'service/networking/network-policy-allow-all-ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-ingress
spec:
  podSelector: {}
  ingress:
  - {}
  policyTypes:
  - Ingress
`,
  'service/networking/network-policy-default-deny-egress.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
spec:
  podSelector: {}
  policyTypes:
  - Egress
`,
  'service/networking/network-policy-allow-all-egress.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-egress
spec:
  podSelector: {}
  egress:
  - {}
  policyTypes:
  - Egress
`,
  'service/networking/network-policy-default-deny-all.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
`,
  // Use a Service to Access an Application in a Cluster
  'service/access/hello-application.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-world
spec:
  selector:
    matchLabels:
      run: load-balancer-example
  replicas: 2
  template:
    metadata:
      labels:
        run: load-balancer-example
    spec:
      containers:
      - name: hello-world
        image: us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0
        ports:
        - containerPort: 8080
          protocol: TCP
`,
  // Connect a Frontend to a Backend Using Services
  'service/access/backend-deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: hello
      tier: backend
      track: stable
  replicas: 3
  template:
    metadata:
      labels:
        app.kubernetes.io/name: hello
        tier: backend
        track: stable
    spec:
      containers:
      - name: hello
        image: "gcr.io/google-samples/hello-go-gke:1.0"
        ports:
        - name: http
          containerPort: 80
`,
  'service/access/backend-service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app.kubernetes.io/name: hello
    tier: backend
  ports:
  - protocol: TCP
    port: 80
    targetPort: http
`,
  'service/access/frontend-deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: hello
      tier: frontend
      track: stable
  replicas: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: hello
        tier: frontend
        track: stable
    spec:
      containers:
      - name: nginx
        image: "gcr.io/google-samples/hello-frontend:1.0"
        lifecycle:
          preStop:
            exec:
              command: ["/usr/sbin/nginx", "-s", "quit"]
`,
  'service/access/frontend-service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  selector:
    app.kubernetes.io/name: hello
    tier: frontend
  ports:
  - protocol: "TCP"
    port: 80
    targetPort: 80
  type: LoadBalancer
`,
  // Exposing an External IP Address to Access an Application in a Cluster
  'service/load-balancer-example.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: load-balancer-example
  name: hello-world
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: load-balancer-example
  template:
    metadata:
      labels:
        app.kubernetes.io/name: load-balancer-example
    spec:
      containers:
      - image: gcr.io/google-samples/hello-app:2.0
        name: hello-world
        ports:
        - containerPort: 8080
`,
  // Service concept page, Deployments and Services
  'service/nginx-service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  ports:
  - port: 8000
    targetPort: 80
    protocol: TCP
  selector:
    app.kubernetes.io/name: nginx
`,
  'service/simple-service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app.kubernetes.io/name: MyApp
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
`,
  // Explore Termination Behavior for Pods And Their Endpoints
  'service/pod-with-graceful-termination.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 1
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 120
      containers:
      - name: nginx
        image: nginx:latest
        ports:
        - containerPort: 80
        lifecycle:
          preStop:
            exec:
              command: ["/bin/sh", "-c", "sleep 180"]
`,
  'service/explore-graceful-termination-nginx.yaml': `apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  selector:
    app.kubernetes.io/name: nginx
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
`,
  // Debugging DNS Resolution, DNS for Services and Pods
  'admin/dns/dnsutils.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: dnsutils
  namespace: default
spec:
  containers:
  - name: dnsutils
    image: registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3
    command:
    - sleep
    - "infinity"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
`,
  'admin/dns/busybox.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: busybox
  namespace: default
spec:
  containers:
  - name: busybox
    image: busybox:1.28
    command:
    - sleep
    - "3600"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
`,
  // Run a Stateless Application Using a Deployment
  'application/deployment.yaml': statelessDeployment(2, 'nginx:1.14.2'),
  'application/deployment-update.yaml': statelessDeployment(2, 'nginx:1.16.1'),
  'application/deployment-scale.yaml': statelessDeployment(4, 'nginx:1.16.1'),
  'application/nginx-app.yaml': `apiVersion: v1
kind: Service
metadata:
  name: my-nginx-svc
  labels:
    app: nginx
spec:
  type: LoadBalancer
  ports:
  - port: 80
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`,
  'application/shell-demo.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: shell-demo
spec:
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  hostNetwork: true
  dnsPolicy: Default
`,
  // Use Port Forwarding to Access Applications in a Cluster
  'application/mongodb/mongo-deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mongo
  labels:
    app.kubernetes.io/name: mongo
    app.kubernetes.io/component: backend
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: mongo
      app.kubernetes.io/component: backend
  replicas: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: mongo
        app.kubernetes.io/component: backend
    spec:
      containers:
      - name: mongo
        image: mongo:4.2
        args:
        - --bind_ip
        - 0.0.0.0
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        ports:
        - containerPort: 27017
`,
  'application/mongodb/mongo-service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: mongo
  labels:
    app.kubernetes.io/name: mongo
    app.kubernetes.io/component: backend
spec:
  ports:
  - port: 27017
    targetPort: 27017
  selector:
    app.kubernetes.io/name: mongo
    app.kubernetes.io/component: backend
`,
  // Example: Deploying WordPress and MySQL with Persistent Volumes (a kustomization lists both)
  'application/wordpress/mysql-deployment.yaml': `apiVersion: v1
kind: Service
metadata:
  name: wordpress-mysql
  labels:
    app.kubernetes.io/name: wordpress
spec:
  ports:
    - port: 3306
  selector:
    app.kubernetes.io/name: wordpress
    tier: mysql
  clusterIP: None
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: mysql-pv-claim
  labels:
    app.kubernetes.io/name: wordpress
spec:
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 20Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wordpress-mysql
  labels:
    app.kubernetes.io/name: wordpress
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: wordpress
      tier: mysql
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app.kubernetes.io/name: wordpress
        tier: mysql
    spec:
      containers:
      - image: mysql:8.0
        name: mysql
        env:
        - name: MYSQL_ROOT_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysql-pass
              key: password
        - name: MYSQL_DATABASE
          value: wordpress
        - name: MYSQL_USER
          value: wordpress
        - name: MYSQL_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysql-pass
              key: password
        ports:
        - containerPort: 3306
          name: mysql
        volumeMounts:
        - name: mysql-persistent-storage
          mountPath: /var/lib/mysql
      volumes:
      - name: mysql-persistent-storage
        persistentVolumeClaim:
          claimName: mysql-pv-claim
`,
  'application/wordpress/wordpress-deployment.yaml': `apiVersion: v1
kind: Service
metadata:
  name: wordpress
  labels:
    app.kubernetes.io/name: wordpress
spec:
  ports:
    - port: 80
  selector:
    app.kubernetes.io/name: wordpress
    tier: frontend
  type: LoadBalancer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wp-pv-claim
  labels:
    app.kubernetes.io/name: wordpress
spec:
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 20Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wordpress
  labels:
    app.kubernetes.io/name: wordpress
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: wordpress
      tier: frontend
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app.kubernetes.io/name: wordpress
        tier: frontend
    spec:
      containers:
      - image: wordpress:6.2.1-apache
        name: wordpress
        env:
        - name: WORDPRESS_DB_HOST
          value: wordpress-mysql
        - name: WORDPRESS_DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysql-pass
              key: password
        - name: WORDPRESS_DB_USER
          value: wordpress
        ports:
        - containerPort: 80
          name: wordpress
        volumeMounts:
        - name: wordpress-persistent-storage
          mountPath: /var/www/html
      volumes:
      - name: wordpress-persistent-storage
        persistentVolumeClaim:
          claimName: wp-pv-claim
`,
  // Deployments, ReplicaSet and ReplicationController concept pages
  'controllers/nginx-deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app.kubernetes.io/name: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`,
  'controllers/frontend.yaml': `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
`,
  'controllers/replication.yaml': `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`,
  // Configure Liveness, Readiness and Startup Probes
  'pods/probe/exec-liveness.yaml': `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
`,
  'pods/probe/http-liveness.yaml': `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-http
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args:
    - liveness
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders:
        - name: Custom-Header
          value: Awesome
      initialDelaySeconds: 3
      periodSeconds: 3
`,
  'pods/probe/tcp-liveness-readiness.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: goproxy
  labels:
    app.kubernetes.io/name: goproxy
spec:
  containers:
  - name: goproxy
    image: registry.k8s.io/goproxy:0.1
    ports:
    - containerPort: 8080
    readinessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 15
      periodSeconds: 10
    livenessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 15
      periodSeconds: 10
`,
  // Logging Architecture
  'debug/counter-pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c,
            'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']
`,
  // Configure a Pod to Use a ConfigMap: the files it downloads with wget, then the ConfigMaps and Pods it creates.
  'configmap/game.properties': `enemies=aliens
lives=3
enemies.cheat=true
enemies.cheat.level=noGoodRotten
secret.code.passphrase=UUDDLRLRBABAS
secret.code.allowed=true
secret.code.lives=30
`,
  'configmap/ui.properties': `color.good=purple
color.bad=yellow
allow.textmode=true
how.nice.to.look=fairlyNice
`,
  'configmap/game-env-file.properties': `enemies=aliens
lives=3
allowed="true"

# This comment and the empty line above it are ignored
`,
  'configmap/ui-env-file.properties': `color=purple
textmode=true
how=fairlyNice
`,
  'configmap/configmaps.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: special-config
  namespace: default
data:
  special.how: very
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: env-config
  namespace: default
data:
  log_level: INFO
`,
  'configmap/configmap-multikeys.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: special-config
  namespace: default
data:
  SPECIAL_LEVEL: very
  SPECIAL_TYPE: charm
`,
  'pods/pod-single-configmap-env-variable.yaml': dapiTestPod(['/bin/sh', '-c', 'env'], configMapEnv([['SPECIAL_LEVEL_KEY', 'special-config', 'special.how']])),
  'pods/pod-multiple-configmap-env-variable.yaml': dapiTestPod(['/bin/sh', '-c', 'env'], configMapEnv([['SPECIAL_LEVEL_KEY', 'special-config', 'special.how'], ['LOG_LEVEL', 'env-config', 'log_level']])),
  'pods/pod-configmap-env-var-valueFrom.yaml': dapiTestPod(['/bin/echo', '$(SPECIAL_LEVEL_KEY) $(SPECIAL_TYPE_KEY)'], configMapEnv([['SPECIAL_LEVEL_KEY', 'special-config', 'SPECIAL_LEVEL'], ['SPECIAL_TYPE_KEY', 'special-config', 'SPECIAL_TYPE']])),
  'pods/pod-configmap-envFrom.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod
spec:
  containers:
  - name: test-container
    image: registry.k8s.io/busybox
    command: ["/bin/sh", "-c", "env"]
    envFrom:
    - configMapRef:
        name: special-config
  restartPolicy: Never
`,
  'pods/pod-configmap-volume.yaml': configMapVolumePod('ls /etc/config/'),
  'pods/pod-configmap-volume-specific-key.yaml': configMapVolumePod('cat /etc/config/keys', '      items:\n      - key: SPECIAL_LEVEL\n        path: keys\n'),
  // Declarative Management of Kubernetes Objects Using Configuration Files: the Deployment created, then
  // updated with a new image and without minReadySeconds.
  'application/simple_deployment.yaml': nginxAppDeployment('nginx:1.14.2', '  minReadySeconds: 5\n'),
  'application/update_deployment.yaml': nginxAppDeployment('nginx:1.16.1'),
  // Configure a Security Context for a Pod or Container: the pod-level identity and an emptyDir for fsGroup.
  'pods/security/security-context.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
    supplementalGroups: [4000]
  volumes:
  - name: sec-ctx-vol
    emptyDir: {}
  containers:
  - name: sec-ctx-demo
    image: busybox:1.28
    command: [ "sh", "-c", "sleep 1h" ]
    volumeMounts:
    - name: sec-ctx-vol
      mountPath: /data/demo
    securityContext:
      allowPrivilegeEscalation: false
`,
  // The Configure Pods and Containers / Inject Data Into Applications task pages (pod-task-examples.ts).
  ...POD_TASK_EXAMPLES,
  // Debug Running Pods (tasks/debug/debug-application/debug-running-pod.md): its Deployment, written in
  // the YAML flow style the website's file has.
  'application/nginx-with-request.yaml': `---
{
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "nginx-deployment",
  },
  spec: {
    selector: {
      matchLabels: {
        app: "nginx",
      },
    },
    replicas: 2,
    template: {
      metadata: {
        labels: {
          app: "nginx",
        },
      },
      spec: {
        containers: [{
          name: "nginx",
          image: "nginx",
          resources: {
            limits: {
              memory: "128Mi",
              cpu: "500m",
            },
          },
          ports: [{
            containerPort: 80,
          }],
        }],
      },
    },
  },
}
`,  // HorizontalPodAutoscaler Walkthrough (tasks/run-application/horizontal-pod-autoscale-walkthrough.md):
  // the php-apache Deployment (200m CPU request, 500m limit) with its Service, and the HPA it creates
  // declaratively (autoscaling/v2, CPU utilization 50%, 1 to 10 replicas).
  'application/php-apache.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`,
  'application/hpa/php-apache.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
`,
  // Specifying a Disruption Budget for your Application: the two budgets of app.kubernetes.io/name=zookeeper pods.
  'policy/zookeeper-pod-disruption-budget-minavailable.yaml': zookeeperBudget('minAvailable: 2'),
  'policy/zookeeper-pod-disruption-budget-maxunavailable.yaml': zookeeperBudget('maxUnavailable: 1'),
};

/** The hosts and path prefixes under which the website publishes its examples. */
const PREFIXES = [/^https?:\/\/(?:k8s\.io|kubernetes\.io)\/examples\//, /^https?:\/\/raw\.githubusercontent\.com\/kubernetes\/website\/(?:main|master)\/content\/en\/examples\//];

/** The example path a URL names (`service/networking/nginx-svc.yaml`), when it is one of the website's. */
export function websiteExamplePath(url: string): string | undefined {
  for (const re of PREFIXES) {
    const m = re.exec(url);
    if (m) return url.slice(m[0].length).split(/[?#]/)[0];
  }
  return undefined;
}
