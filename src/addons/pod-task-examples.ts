/**
 * The manifests kubernetes.io's "Configure Pods and Containers" and "Inject Data Into Applications" task
 * pages apply by URL (commands and args, env vars, the downward API, Secrets, memory and CPU resources,
 * QoS classes, node assignment and affinity, volumes, lifecycle handlers). Written here from what each
 * page relies on (names, images, commands, resources), not copied; website-examples.ts serves them.
 */

/** A busybox 1.27.2 pod of the downward API pages: `sh -c SCRIPT` with `extra` lines under the container and `specTail` under the spec. */
function downwardPod(name: string, container: string, script: string, extra: string, specTail: string, metadata = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${metadata}
spec:
  containers:
    - name: ${container}
      image: registry.k8s.io/busybox:1.27.2
      command: [ "sh", "-c"]
      args:
      - ${script}
${extra}${specTail}`;
}

/** The container's `resources` of the downward API pages: requests 32Mi/125m, limits 64Mi/250m. */
const DOWNWARD_RESOURCES = `      resources:
        requests:
          memory: "32Mi"
          cpu: "125m"
        limits:
          memory: "64Mi"
          cpu: "250m"
`;

/** A downward API env var from a pod field (fieldRef) or a container resource (resourceFieldRef). */
function downwardEnv(name: string, source: 'fieldRef' | 'resourceFieldRef', ref: string): string {
  const body = source === 'fieldRef' ? `fieldPath: ${ref}` : `containerName: test-container\n              resource: ${ref}`;
  return `        - name: ${name}\n          valueFrom:\n            ${source}:\n              ${body}\n`;
}

/** A downward API volume item projecting a container's resource in `divisor` units. */
function resourceItem(path: string, resource: string, divisor: string): string {
  return `          - path: "${path}"\n            resourceFieldRef:\n              containerName: client-container\n              resource: ${resource}\n              divisor: ${divisor}\n`;
}

/** An nginx pod of the Secrets page whose container takes env vars from Secret keys ([var, secret, key]). */
function secretEnvPod(name: string, env: [string, string, string][]): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: envars-test-container
    image: nginx
    env:
${env.map(([v, secret, key]) => `    - name: ${v}\n      valueFrom:\n        secretKeyRef:\n          name: ${secret}\n          key: ${key}\n`).join('')}`;
}

/** A one-container pod of the resource pages: namespace, container name, image, `resources` lines, and the command/args lines. */
function resourcePod(name: string, namespace: string, container: string, image: string, resources: string, run: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  containers:
  - name: ${container}
    image: ${image}
${resources ? `    resources:\n${resources}` : ''}${run}`;
}

/** polinux/stress allocating `bytes` (`--vm 1 --vm-bytes BYTES --vm-hang 1`) under memory `request`/`limit`. */
function memoryPod(name: string, request: string, limit: string, bytes: string): string {
  return resourcePod(
    name,
    'mem-example',
    `${name}-ctr`,
    'polinux/stress',
    `      requests:\n        memory: "${request}"\n      limits:\n        memory: "${limit}"\n`,
    `    command: ["stress"]\n    args: ["--vm", "1", "--vm-bytes", "${bytes}", "--vm-hang", "1"]\n`,
  );
}

/** vish/stress spinning two CPUs (`-cpus 2`) under a CPU `request`/`limit`. */
function cpuPod(name: string, container: string, request: string, limit: string): string {
  return resourcePod(name, 'cpu-example', container, 'vish/stress', `      limits:\n        cpu: "${limit}"\n      requests:\n        cpu: "${request}"\n`, `    args:\n    - -cpus\n    - "2"\n`);
}

/** The nginx pod of the Assign Pods to Nodes pages, with `placement` lines under its spec. */
function nginxPlacementPod(placement: string, labels = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: nginx${labels}
spec:
${placement}  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: IfNotPresent
`;
}

/** Node affinity on `disktype In [ssd]`, required or preferred (weight 1). */
function diskAffinity(kind: 'required' | 'preferred'): string {
  const match = `          matchExpressions:\n          - key: disktype\n            operator: In\n            values:\n            - ssd\n`;
  return kind === 'required'
    ? `  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        -${match.slice(9)}`
    : `  affinity:\n    nodeAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 1\n        preference:\n${match}`;
}

/** Manifest text by its path under the website's `content/en/examples/`. */
export const POD_TASK_EXAMPLES: Record<string, string> = {
  // Define a Command and Arguments for a Container
  'pods/commands.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: command-demo
  labels:
    purpose: demonstrate-command
spec:
  containers:
  - name: command-demo-container
    image: debian
    command: ["printenv"]
    args: ["HOSTNAME", "KUBERNETES_PORT"]
  restartPolicy: OnFailure
`,
  // Define Environment Variables for a Container; Define Dependent Environment Variables
  'pods/inject/envars.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: envar-demo
  labels:
    purpose: demonstrate-envars
spec:
  containers:
  - name: envar-demo-container
    image: gcr.io/google-samples/hello-app:2.0
    env:
    - name: DEMO_GREETING
      value: "Hello from the environment"
    - name: DEMO_FAREWELL
      value: "Such a sweet sorrow"
`,
  'pods/inject/dependent-envars.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: dependent-envars-demo
spec:
  containers:
    - name: dependent-envars-demo
      args:
        - while true; do echo -en '\\n'; printf UNCHANGED_REFERENCE=$UNCHANGED_REFERENCE'\\n'; printf SERVICE_ADDRESS=$SERVICE_ADDRESS'\\n';printf ESCAPED_REFERENCE=$ESCAPED_REFERENCE'\\n'; sleep 30; done;
      command:
        - sh
        - -c
      image: busybox:1.28
      env:
        - name: SERVICE_PORT
          value: "80"
        - name: SERVICE_IP
          value: "172.17.0.1"
        - name: UNCHANGED_REFERENCE
          value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"
        - name: PROTOCOL
          value: "https"
        - name: SERVICE_ADDRESS
          value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"
        - name: ESCAPED_REFERENCE
          value: "$$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"
`,
  // Expose Pod Information to Containers Through Environment Variables
  'pods/inject/dapi-envars-pod.yaml': downwardPod(
    'dapi-envars-fieldref',
    'test-container',
    `while true; do\n          echo -en '\\n';\n          printenv MY_NODE_NAME MY_POD_NAME MY_POD_NAMESPACE;\n          printenv MY_POD_IP MY_POD_SERVICE_ACCOUNT;\n          sleep 10;\n        done;`,
    `      env:\n${downwardEnv('MY_NODE_NAME', 'fieldRef', 'spec.nodeName')}${downwardEnv('MY_POD_NAME', 'fieldRef', 'metadata.name')}${downwardEnv('MY_POD_NAMESPACE', 'fieldRef', 'metadata.namespace')}${downwardEnv('MY_POD_IP', 'fieldRef', 'status.podIP')}${downwardEnv('MY_POD_SERVICE_ACCOUNT', 'fieldRef', 'spec.serviceAccountName')}`,
    '  restartPolicy: Never\n',
  ),
  'pods/inject/dapi-envars-container.yaml': downwardPod(
    'dapi-envars-resourcefieldref',
    'test-container',
    `while true; do\n          echo -en '\\n';\n          printenv MY_CPU_REQUEST MY_CPU_LIMIT;\n          printenv MY_MEM_REQUEST MY_MEM_LIMIT;\n          sleep 10;\n        done;`,
    `${DOWNWARD_RESOURCES}      env:\n${downwardEnv('MY_CPU_REQUEST', 'resourceFieldRef', 'requests.cpu')}${downwardEnv('MY_CPU_LIMIT', 'resourceFieldRef', 'limits.cpu')}${downwardEnv('MY_MEM_REQUEST', 'resourceFieldRef', 'requests.memory')}${downwardEnv('MY_MEM_LIMIT', 'resourceFieldRef', 'limits.memory')}`,
    '  restartPolicy: Never\n',
  ),
  // Expose Pod Information to Containers Through Files
  'pods/inject/dapi-volume.yaml': downwardPod(
    'kubernetes-downwardapi-volume-example',
    'client-container',
    `while true; do\n          if [[ -e /etc/podinfo/labels ]]; then\n            echo -en '\\n\\n'; cat /etc/podinfo/labels; fi;\n          if [[ -e /etc/podinfo/annotations ]]; then\n            echo -en '\\n\\n'; cat /etc/podinfo/annotations; fi;\n          sleep 5;\n        done;`,
    `      volumeMounts:\n        - name: podinfo\n          mountPath: /etc/podinfo\n`,
    `  volumes:\n    - name: podinfo\n      downwardAPI:\n        items:\n          - path: "labels"\n            fieldRef:\n              fieldPath: metadata.labels\n          - path: "annotations"\n            fieldRef:\n              fieldPath: metadata.annotations\n`,
    `\n  labels:\n    zone: us-est-coast\n    cluster: test-cluster1\n    rack: rack-22\n  annotations:\n    build: two\n    builder: john-doe`,
  ),
  'pods/inject/dapi-volume-resources.yaml': downwardPod(
    'kubernetes-downwardapi-volume-example-2',
    'client-container',
    `while true; do\n          echo -en '\\n';\n          if [[ -e /etc/podinfo/cpu_limit ]]; then\n            echo -en '\\n'; cat /etc/podinfo/cpu_limit; fi;\n          if [[ -e /etc/podinfo/cpu_request ]]; then\n            echo -en '\\n'; cat /etc/podinfo/cpu_request; fi;\n          if [[ -e /etc/podinfo/mem_limit ]]; then\n            echo -en '\\n'; cat /etc/podinfo/mem_limit; fi;\n          if [[ -e /etc/podinfo/mem_request ]]; then\n            echo -en '\\n'; cat /etc/podinfo/mem_request; fi;\n          sleep 5;\n        done;`,
    `${DOWNWARD_RESOURCES}      volumeMounts:\n        - name: podinfo\n          mountPath: /etc/podinfo\n`,
    `  volumes:\n    - name: podinfo\n      downwardAPI:\n        items:\n${resourceItem('cpu_limit', 'limits.cpu', '1m')}${resourceItem('cpu_request', 'requests.cpu', '1m')}${resourceItem('mem_limit', 'limits.memory', '1Mi')}${resourceItem('mem_request', 'requests.memory', '1Mi')}`,
  ),
  // Distribute Credentials Securely Using Secrets
  'pods/inject/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: test-secret
data:
  username: bXktYXBw
  password: Mzk1MjgkdmRnN0pi
`,
  'pods/inject/secret-pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: secret-test-pod
spec:
  containers:
    - name: test-container
      image: nginx
      volumeMounts:
        # name must match the volume name below
        - name: secret-volume
          mountPath: /etc/secret-volume
          readOnly: true
  # The secret data is exposed to Containers in the Pod through a Volume.
  volumes:
    - name: secret-volume
      secret:
        secretName: test-secret
`,
  'pods/inject/secret-envars-pod.yaml': secretEnvPod('secret-envars-test-pod', [
    ['SECRET_USERNAME', 'test-secret', 'username'],
    ['SECRET_PASSWORD', 'test-secret', 'password'],
  ]),
  'pods/inject/pod-single-secret-env-variable.yaml': secretEnvPod('env-single-secret', [['SECRET_USERNAME', 'backend-user', 'backend-username']]),
  'pods/inject/pod-multiple-secret-env-variable.yaml': secretEnvPod('envvars-multiple-secrets', [
    ['BACKEND_USERNAME', 'backend-user', 'backend-username'],
    ['DB_USERNAME', 'db-user', 'db-username'],
  ]),
  'pods/inject/pod-secret-envFrom.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: envfrom-secret
spec:
  containers:
  - name: envars-test-container
    image: nginx
    envFrom:
    - secretRef:
        name: test-secret
`,
  // Assign Memory Resources to Containers and Pods; Assign CPU Resources to Containers and Pods
  'pods/resource/memory-request-limit.yaml': memoryPod('memory-demo', '100Mi', '200Mi', '150M'),
  'pods/resource/memory-request-limit-2.yaml': memoryPod('memory-demo-2', '50Mi', '100Mi', '250M'),
  'pods/resource/memory-request-limit-3.yaml': memoryPod('memory-demo-3', '1000Gi', '1000Gi', '150M'),
  'pods/resource/cpu-request-limit.yaml': cpuPod('cpu-demo', 'cpu-demo-ctr', '0.5', '1'),
  'pods/resource/cpu-request-limit-2.yaml': cpuPod('cpu-demo-2', 'cpu-demo-ctr-2', '100', '100'),
  // Configure Quality of Service for Pods
  'pods/qos/qos-pod.yaml': resourcePod('qos-demo', 'qos-example', 'qos-demo-ctr', 'nginx', `      limits:\n        memory: "200Mi"\n        cpu: "700m"\n      requests:\n        memory: "200Mi"\n        cpu: "700m"\n`, ''),
  'pods/qos/qos-pod-2.yaml': resourcePod('qos-demo-2', 'qos-example', 'qos-demo-2-ctr', 'nginx', `      limits:\n        memory: "200Mi"\n      requests:\n        memory: "100Mi"\n`, ''),
  'pods/qos/qos-pod-3.yaml': resourcePod('qos-demo-3', 'qos-example', 'qos-demo-3-ctr', 'nginx', '', ''),
  'pods/qos/qos-pod-4.yaml': resourcePod('qos-demo-4', 'qos-example', 'qos-demo-4-ctr-1', 'nginx', `      requests:\n        memory: "200Mi"\n`, `\n  - name: qos-demo-4-ctr-2\n    image: redis\n`),
  // Assign Pods to Nodes; Assign Pods to Nodes using Node Affinity
  'pods/pod-nginx.yaml': nginxPlacementPod('  nodeSelector:\n    disktype: ssd\n', '\n  labels:\n    env: test'),
  'pods/pod-nginx-specific-node.yaml': nginxPlacementPod('  nodeName: foo-node # schedule pod to specific node\n'),
  'pods/pod-nginx-required-affinity.yaml': nginxPlacementPod(diskAffinity('required')),
  'pods/pod-nginx-preferred-affinity.yaml': nginxPlacementPod(diskAffinity('preferred')),
  // Configure a Pod to Use a Volume for Storage; Communicate Between Containers in the Same Pod Using a Shared Volume
  'pods/storage/redis.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis
    volumeMounts:
    - name: redis-storage
      mountPath: /data/redis
  volumes:
  - name: redis-storage
    emptyDir: {}
`,
  'pods/two-container-pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:

  restartPolicy: Never

  volumes:
  - name: shared-data
    emptyDir: {}

  containers:

  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html

  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
`,
  // Attach Handlers to Container Lifecycle Events
  'pods/lifecycle-events.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: lifecycle-demo
spec:
  containers:
  - name: lifecycle-demo-container
    image: nginx
    lifecycle:
      postStart:
        exec:
          command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message"]
      preStop:
        exec:
          command: ["/bin/sh","-c","nginx -s quit; while killall -0 nginx; do sleep 1; done"]
`,
};
