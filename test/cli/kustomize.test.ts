/**
 * `kubectl kustomize DIR`: the objects kustomize v5.5.0 (kubectl 1.32's) builds, printed as it prints
 * them, and its errors. Every expected text below is the real kubectl 1.32's output for the same files
 * (reference outputs taken from the binary, never rewritten by an update flag); `$DIR` stands for the
 * test's directory. The hashes are kustomize v5.5.0's: some kubernetes.io pages print names an older
 * kustomize gave (game-config-4-m9dm2f92bt, example-secret-1-t2kt65hgtb), which kubectl 1.32 no longer does.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { writeTree } from './kustomize-files.js';

interface Case {
  name: string;
  /** Files of the test's directory (kustomize-files.ts's writeTree). */
  files: Record<string, string>;
  target: string;
  stdout: string;
  stderr: string;
  code: number;
}

const CASES: Case[] = [
  {
    name: "configMapGenerator from files, env files and literals (the ConfigMap page)",
    files: {
      "configure-pod-container/configmap/game.properties": "enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\nsecret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30\n",
      "configure-pod-container/configmap/ui.properties": "color.good=purple\ncolor.bad=yellow\nallow.textmode=true\nhow.nice.to.look=fairlyNice\n",
      "kustomization.yaml": "configMapGenerator:\n- name: game-config-4\n  options:\n    labels:\n      game-config: config-4\n  files:\n  - configure-pod-container/configmap/game.properties\n- name: game-config-5\n  files:\n  - game-special-key=configure-pod-container/configmap/game.properties\n- name: special-config-2\n  literals:\n  - special.how=very\n  - special.type=charm\n- name: env-config\n  envs:\n  - configure-pod-container/configmap/ui.properties\n",
    },
    target: ".",
    stdout: `apiVersion: v1
data:
  allow.textmode: "true"
  color.bad: yellow
  color.good: purple
  how.nice.to.look: fairlyNice
kind: ConfigMap
metadata:
  name: env-config-gc8m4ft5b5
---
apiVersion: v1
data:
  game.properties: |
    enemies=aliens
    lives=3
    enemies.cheat=true
    enemies.cheat.level=noGoodRotten
    secret.code.passphrase=UUDDLRLRBABAS
    secret.code.allowed=true
    secret.code.lives=30
kind: ConfigMap
metadata:
  labels:
    game-config: config-4
  name: game-config-4-92cb5f7c7h
---
apiVersion: v1
data:
  game-special-key: |
    enemies=aliens
    lives=3
    enemies.cheat=true
    enemies.cheat.level=noGoodRotten
    secret.code.passphrase=UUDDLRLRBABAS
    secret.code.allowed=true
    secret.code.lives=30
kind: ConfigMap
metadata:
  name: game-config-5-2ddm949dbt
---
apiVersion: v1
data:
  special.how: very
  special.type: charm
kind: ConfigMap
metadata:
  name: special-config-2-2b86tk8fhm
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "secretGenerator, generatorOptions and references rewritten to the hashed names",
    files: {
      "password.txt": "S!B\\*d$zDsb=",
      "kustomization.yaml": "secretGenerator:\n- name: db-user-pass\n  files:\n  - username=username.txt\n  - password.txt\n- name: tls-like\n  type: kubernetes.io/tls\n  literals:\n  - tls.crt=CERT\n  - tls.key=KEY\nconfigMapGenerator:\n- name: plain\n  literals:\n  - a=\"quoted\"\n  - b=<html>&\ngeneratorOptions:\n  disableNameSuffixHash: false\n  labels:\n    type: generated\n  annotations:\n    note: generated\nresources:\n- pod.yaml\n",
      "username.txt": "admin",
      "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: busybox\n    env:\n    - name: USER\n      valueFrom:\n        secretKeyRef:\n          name: db-user-pass\n          key: username\n    - name: A\n      valueFrom:\n        configMapKeyRef:\n          name: plain\n          key: a\n    envFrom:\n    - configMapRef:\n        name: plain\n    - secretRef:\n        name: not-generated\n    volumeMounts:\n    - name: certs\n      mountPath: /certs\n  volumes:\n  - name: certs\n    secret:\n      secretName: tls-like\n  - name: proj\n    projected:\n      sources:\n      - configMap:\n          name: plain\n",
    },
    target: ".",
    stdout: `apiVersion: v1
data:
  a: quoted
  b: <html>&
kind: ConfigMap
metadata:
  annotations:
    note: generated
  labels:
    type: generated
  name: plain-d27c28hgb9
---
apiVersion: v1
data:
  password.txt: UyFCXCpkJHpEc2I9
  username: YWRtaW4=
kind: Secret
metadata:
  annotations:
    note: generated
  labels:
    type: generated
  name: db-user-pass-d792g74cmb
type: Opaque
---
apiVersion: v1
data:
  tls.crt: Q0VSVA==
  tls.key: S0VZ
kind: Secret
metadata:
  annotations:
    note: generated
  labels:
    type: generated
  name: tls-like-4b255hm948
type: kubernetes.io/tls
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - env:
    - name: USER
      valueFrom:
        secretKeyRef:
          key: username
          name: db-user-pass-d792g74cmb
    - name: A
      valueFrom:
        configMapKeyRef:
          key: a
          name: plain-d27c28hgb9
    envFrom:
    - configMapRef:
        name: plain-d27c28hgb9
    - secretRef:
        name: not-generated
    image: busybox
    name: app
    volumeMounts:
    - mountPath: /certs
      name: certs
  volumes:
  - name: certs
    secret:
      secretName: tls-like-4b255hm948
  - name: proj
    projected:
      sources:
      - configMap:
          name: plain-d27c28hgb9
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "a base and an overlay: namespace, prefix, suffix, labels, annotations, images, replicas, patches",
    files: {
      "base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    matchLabels:\n      run: my-nginx\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        run: my-nginx\n    spec:\n      containers:\n      - name: my-nginx\n        image: nginx:1.14\n        ports:\n        - containerPort: 80\n        volumeMounts:\n        - name: cfg\n          mountPath: /etc/cfg\n      volumes:\n      - name: cfg\n        configMap:\n          name: app-cfg\n      - name: data\n        persistentVolumeClaim:\n          claimName: data\n",
      "base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: my-nginx\n  labels:\n    run: my-nginx\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n  selector:\n    run: my-nginx\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n",
      "base/app.properties": "x=1\n",
      "base/kustomization.yaml": "resources:\n- deployment.yaml\n- service.yaml\nconfigMapGenerator:\n- name: app-cfg\n  files:\n  - app.properties\n",
      "dev/patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  template:\n    spec:\n      containers:\n      - name: my-nginx\n        resources:\n          limits:\n            memory: 512Mi\n",
      "dev/kustomization.yaml": "resources:\n- ../base\nnamePrefix: dev-\nnameSuffix: \"-001\"\nnamespace: dev\nlabels:\n- pairs:\n    env: dev\n  includeSelectors: true\n- pairs:\n    team: a\ncommonAnnotations:\n  owner: me\nimages:\n- name: nginx\n  newName: my.registry/nginx\n  newTag: \"1.15\"\nreplicas:\n- name: my-nginx\n  count: 3\npatches:\n- path: patch.yaml\n- target:\n    kind: Service\n    name: my-nginx\n  patch: |-\n    - op: replace\n      path: /spec/ports/0/port\n      value: 8080\nconfigMapGenerator:\n- name: app-cfg\n  behavior: merge\n  literals:\n  - extra=1\n",
    },
    target: "dev",
    stdout: `apiVersion: v1
data:
  app.properties: |
    x=1
  extra: "1"
kind: ConfigMap
metadata:
  annotations:
    owner: me
  labels:
    env: dev
    team: a
  name: dev-app-cfg-001-65b5tmfgfc
  namespace: dev
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    owner: me
  labels:
    env: dev
    run: my-nginx
    team: a
  name: dev-my-nginx-001
  namespace: dev
spec:
  ports:
  - port: 8080
    protocol: TCP
  selector:
    env: dev
    run: my-nginx
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  annotations:
    owner: me
  labels:
    env: dev
    team: a
  name: dev-data-001
  namespace: dev
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    owner: me
  labels:
    env: dev
    team: a
  name: dev-my-nginx-001
  namespace: dev
spec:
  replicas: 3
  selector:
    matchLabels:
      env: dev
      run: my-nginx
  template:
    metadata:
      annotations:
        owner: me
      labels:
        env: dev
        run: my-nginx
    spec:
      containers:
      - image: my.registry/nginx:1.15
        name: my-nginx
        ports:
        - containerPort: 80
        resources:
          limits:
            memory: 512Mi
        volumeMounts:
        - mountPath: /etc/cfg
          name: cfg
      volumes:
      - configMap:
          name: dev-app-cfg-001-65b5tmfgfc
        name: cfg
      - name: data
        persistentVolumeClaim:
          claimName: dev-data-001
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "deprecated fields: commonLabels, patchesStrategicMerge, patchesJson6902 (with their warnings)",
    files: {
      "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n",
      "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: placeholder\n",
      "json-patch.yaml": "- op: add\n  path: /spec/template/spec/containers/0/args\n  value: [\"-v\"]\n",
      "kustomization.yaml": "resources:\n- deployment.yaml\n- ns.yaml\nnamespace: web-ns\ncommonLabels:\n  app: web\npatchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    replicas: 2\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: web\n  path: json-patch.yaml\n",
    },
    target: ".",
    stdout: `apiVersion: v1
kind: Namespace
metadata:
  labels:
    app: web
  name: web-ns
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
  namespace: web-ns
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - args:
        - -v
        image: nginx
        name: web
`,
    stderr: `# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.
# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.
# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.
`,
    code: 0,
  },
  {
    name: "the Declarative Management page: cross-cutting fields",
    files: {
      "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\n  labels:\n    app: nginx\nspec:\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n",
      "kustomization.yaml": "namespace: my-namespace\nnamePrefix: dev-\nnameSuffix: \"-001\"\ncommonLabels:\n  app: bingo\ncommonAnnotations:\n  oncallPager: 800-555-1212\nresources:\n- deployment.yaml\n",
    },
    target: ".",
    stdout: `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    oncallPager: 800-555-1212
  labels:
    app: bingo
  name: dev-nginx-deployment-001
  namespace: my-namespace
spec:
  selector:
    matchLabels:
      app: bingo
  template:
    metadata:
      annotations:
        oncallPager: 800-555-1212
      labels:
        app: bingo
    spec:
      containers:
      - image: nginx
        name: nginx
`,
    stderr: `# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.
`,
    code: 0,
  },
  {
    name: "the Declarative Management page: vars and images",
    files: {
      "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    matchLabels:\n      run: my-nginx\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        run: my-nginx\n    spec:\n      containers:\n      - name: my-nginx\n        image: nginx\n        command: [\"start\", \"--host\", \"$(MY_SERVICE_NAME)\"]\n",
      "service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: my-nginx\n  labels:\n    run: my-nginx\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n  selector:\n    run: my-nginx\n",
      "kustomization.yaml": "namePrefix: dev-\nnameSuffix: \"-001\"\n\nresources:\n- deployment.yaml\n- service.yaml\n\nimages:\n- name: nginx\n  newName: my.image.registry/nginx\n  newTag: 1.4.0\n\nvars:\n- name: MY_SERVICE_NAME\n  objref:\n    kind: Service\n    name: my-nginx\n    apiVersion: v1\n",
    },
    target: ".",
    stdout: `apiVersion: v1
kind: Service
metadata:
  labels:
    run: my-nginx
  name: dev-my-nginx-001
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    run: my-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dev-my-nginx-001
spec:
  replicas: 2
  selector:
    matchLabels:
      run: my-nginx
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - command:
        - start
        - --host
        - dev-my-nginx-001
        image: my.image.registry/nginx:1.4.0
        name: my-nginx
`,
    stderr: `# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically.
`,
    code: 0,
  },
  {
    name: "the Declarative Management page: patchesStrategicMerge files",
    files: {
      "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    matchLabels:\n      run: my-nginx\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        run: my-nginx\n    spec:\n      containers:\n      - name: my-nginx\n        image: nginx\n        ports:\n        - containerPort: 80\n",
      "increase_replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  replicas: 3\n",
      "set_memory.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  template:\n    spec:\n      containers:\n      - name: my-nginx\n        resources:\n          limits:\n            memory: 512Mi\n",
      "kustomization.yaml": "resources:\n- deployment.yaml\npatchesStrategicMerge:\n- increase_replicas.yaml\n- set_memory.yaml\n",
    },
    target: ".",
    stdout: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      run: my-nginx
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - image: nginx
        name: my-nginx
        ports:
        - containerPort: 80
        resources:
          limits:
            memory: 512Mi
`,
    stderr: `# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.
`,
    code: 0,
  },
  {
    name: "the generated-name pages: hashes of kustomize v5.5.0",
    files: {
      "application.properties": "FOO=Bar\n",
      ".env": "FOO=Bar\n",
      "password.txt": "username=admin\npassword=secret\n",
      "configure-pod-container/configmap/game.properties": "enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\nsecret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30",
      "kustomization.yaml": "configMapGenerator:\n- name: example-configmap-1\n  files:\n  - application.properties\n- name: example-configmap-1-env\n  envs:\n  - .env\n- name: example-configmap-2\n  literals:\n  - FOO=Bar\n- name: game-config-4\n  options:\n    labels:\n      game-config: config-4\n  files:\n  - configure-pod-container/configmap/game.properties\n- name: example-configmap-3\n  literals:\n  - FOO=Bar\n  options:\n    disableNameSuffixHash: true\n- name: binary\n  files:\n  - bin.dat\nsecretGenerator:\n- name: example-secret-1\n  files:\n  - password.txt\n- name: example-secret-2\n  literals:\n  - username=admin\n  - password=secret\n",
      "bin.dat": "ÿþ",
    },
    target: ".",
    stdout: `apiVersion: v1
binaryData:
  bin.dat: //4=
kind: ConfigMap
metadata:
  name: binary-8bfh529d7k
---
apiVersion: v1
data:
  FOO: Bar
kind: ConfigMap
metadata:
  name: example-configmap-1-env-42cfbf598f
---
apiVersion: v1
data:
  application.properties: |
    FOO=Bar
kind: ConfigMap
metadata:
  name: example-configmap-1-g4hk9g2ff8
---
apiVersion: v1
data:
  FOO: Bar
kind: ConfigMap
metadata:
  name: example-configmap-2-42cfbf598f
---
apiVersion: v1
data:
  FOO: Bar
kind: ConfigMap
metadata:
  name: example-configmap-3
---
apiVersion: v1
data:
  game.properties: |-
    enemies=aliens
    lives=3
    enemies.cheat=true
    enemies.cheat.level=noGoodRotten
    secret.code.passphrase=UUDDLRLRBABAS
    secret.code.allowed=true
    secret.code.lives=30
kind: ConfigMap
metadata:
  labels:
    game-config: config-4
  name: game-config-4-tbg7c4gc77
---
apiVersion: v1
data:
  password.txt: dXNlcm5hbWU9YWRtaW4KcGFzc3dvcmQ9c2VjcmV0Cg==
kind: Secret
metadata:
  name: example-secret-1-2kdd8ckcc7
type: Opaque
---
apiVersion: v1
data:
  password: c2VjcmV0
  username: YWRtaW4=
kind: Secret
metadata:
  name: example-secret-2-8c5228dkb9
type: Opaque
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "errors: a remote base",
    files: {
      "kustomization.yaml": "resources:\n- github.com/kubernetes-sigs/kustomize/examples/helloWorld?ref=v5.5.0\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='accumulating resources from 'github.com/kubernetes-sigs/kustomize/examples/helloWorld?ref=v5.5.0': evalsymlink failure on '$DIR/github.com/kubernetes-sigs/kustomize/examples/helloWorld?ref=v5.5.0' : lstat $DIR/github.com: no such file or directory': failed to run '/usr/bin/git fetch --depth=1 https://github.com/kubernetes-sigs/kustomize v5.5.0': fatal: unable to access 'https://github.com/kubernetes-sigs/kustomize/': Could not resolve host: github.com
: exit status 128
`,
    code: 1,
  },
  {
    name: "resources read as kustomize reads YAML (yes, on and . stay strings; 0777 is octal)",
    files: {
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  a: yes\n  b: .\n  c: 0777\n  d: 1e3\n  e: on\n  f: ~\n  g: 0x1F\n",
      "kustomization.yaml": "resources:\n- a.yaml\n",
    },
    target: ".",
    stdout: `apiVersion: v1
data:
  a: "yes"
  b: .
  c: 511
  d: 1000
  e: "on"
  f: null
  g: 31
kind: ConfigMap
metadata:
  name: d
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "errors: a base that contains the kustomization (a cycle)",
    files: {
      "kustomization.yaml": "resources:\n- sub\n",
      "sub/kustomization.yaml": "resources:\n- ..\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='accumulating resources from 'sub': '$DIR/sub' must resolve to a file': recursed accumulation of path '$DIR/sub': accumulating resources: accumulation err='accumulating resources from '..': '$DIR' must resolve to a file': cycle detected: candidate root '$DIR' contains visited root '$DIR/sub'
`,
    code: 1,
  },
  {
    name: "errors: an empty resource entry",
    files: {
      "kustomization.yaml": "resources:\n- null\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='accumulating resources from '': '$DIR' must resolve to a file': new root cannot be empty
`,
    code: 1,
  },
  {
    name: "errors: a JSON patch that does not apply",
    files: {
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
      "kustomization.yaml": "resources:\n- a.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |-\n    - op: remove\n      path: /data/x\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: remove operation does not apply: doc is missing path: "/data/x": missing value
`,
    code: 1,
  },
  {
    name: "errors: a patch entry with neither patch nor path",
    files: {
      "kustomization.yaml": "patches:\n- {}\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: trouble configuring builtin PatchTransformer with config: \`
{}
\`: must specify one of patch and path in
{}
`,
    code: 1,
  },
  {
    name: "errors: a nested field of the wrong type",
    files: {
      "kustomization.yaml": "configMapGenerator:\n- name: x\n  options:\n    labels:\n      a: 1\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: json: cannot unmarshal number into Go struct field GeneratorOptions.configMapGenerator.options.labels of type string
`,
    code: 1,
  },
  {
    name: "errors: an object without a name",
    files: {
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    b: c\n",
      "kustomization.yaml": "resources:\n- a.yaml\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='accumulating resources from 'a.yaml': missing metadata.name in object {{v1 ConfigMap} {{ } map[b:c] map[]}}': must build at directory: '$DIR/a.yaml': file is not directory
`,
    code: 1,
  },
  {
    name: "errors: a resource file go-yaml cannot read (bad UTF-8, bad syntax)",
    files: {
      "a.dat": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: ÿ\n",
      "kustomization.yaml": "resources:\n- a.dat\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulating resources from 'a.dat': MalformedYAMLError: yaml: invalid leading UTF-8 octet in File: a.dat
`,
    code: 1,
  },
  {
    name: "errors: a resource file with a syntax error",
    files: {
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: [\n",
      "kustomization.yaml": "resources:\n- a.yaml\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulating resources from 'a.yaml': MalformedYAMLError: yaml: line 3: did not find expected node content in File: a.yaml
`,
    code: 1,
  },
  {
    name: "errors: the kustomization is YAML 1.1 (n is false)",
    files: {
      "kustomization.yaml": "resources:\n- n\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.resources of type string
`,
    code: 1,
  },
  {
    name: "errors: a kustomization that is a list",
    files: {
      "kustomization.yaml": "- a\n- b\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: json: cannot unmarshal array into Go value of type types.Kustomization
`,
    code: 1,
  },
  {
    name: "errors: a generator file that is a directory",
    files: {
      "d/x": "",
      "kustomization.yaml": "configMapGenerator:\n- name: x\n  files:\n  - d\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: loading KV pairs: file sources: [d]: '$DIR/d' must resolve to a file
`,
    code: 1,
  },
  {
    name: "workload kinds: CronJob, StatefulSet with claim templates, an immutable generated Secret, labels with includeTemplates",
    files: {
      "kustomization.yaml": "secretGenerator:\n- name: s\n  literals:\n  - a=b\n  options:\n    immutable: true\nresources:\n- sec.yaml\nlabels:\n- pairs:\n    app: x\n  includeTemplates: true\n",
      "sec.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  k: v\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cj\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n            envFrom:\n            - secretRef:\n                name: s\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ss\nspec:\n  serviceName: svc\n  selector:\n    matchLabels:\n      a: b\n  template:\n    metadata:\n      labels:\n        a: b\n    spec:\n      containers:\n      - name: c\n        image: nginx\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  clusterIP: None\n  selector:\n    a: b\n",
    },
    target: ".",
    stdout: `apiVersion: v1
kind: Secret
metadata:
  labels:
    app: x
  name: plain
stringData:
  k: v
---
apiVersion: v1
data:
  a: Yg==
immutable: true
kind: Secret
metadata:
  labels:
    app: x
  name: s-k695gkmbtk
type: Opaque
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: x
  name: svc
spec:
  clusterIP: None
  selector:
    a: b
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    app: x
  name: ss
spec:
  selector:
    matchLabels:
      a: b
  serviceName: svc
  template:
    metadata:
      labels:
        a: b
        app: x
    spec:
      containers:
      - image: nginx
        name: c
  volumeClaimTemplates:
  - metadata:
      labels:
        app: x
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 1Gi
---
apiVersion: batch/v1
kind: CronJob
metadata:
  labels:
    app: x
  name: cj
spec:
  jobTemplate:
    metadata:
      labels:
        app: x
    spec:
      template:
        metadata:
          labels:
            app: x
        spec:
          containers:
          - envFrom:
            - secretRef:
                name: s-k695gkmbtk
            image: busybox
            name: c
          restartPolicy: Never
  schedule: '* * * * *'
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "prefix, namespace, common labels and annotations, replicas and images (digest, newName) on those kinds",
    files: {
      "kustomization.yaml": "resources:\n- sec.yaml\nnamePrefix: p-\nnamespace: ns1\ncommonLabels:\n  team: t\ncommonAnnotations:\n  note: n\nreplicas:\n- name: ss\n  count: 3\nimages:\n- name: busybox\n  digest: sha256:abc\n- name: nginx\n  newName: registry.local/nginx\n",
      "sec.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  k: v\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cj\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n            envFrom:\n            - secretRef:\n                name: s\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ss\nspec:\n  serviceName: svc\n  selector:\n    matchLabels:\n      a: b\n  template:\n    metadata:\n      labels:\n        a: b\n    spec:\n      containers:\n      - name: c\n        image: nginx\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  clusterIP: None\n  selector:\n    a: b\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: json: cannot unmarshal bool into Go struct field Kustomization.commonAnnotations of type string
`,
    code: 1,
  },
  {
    name: "a strategic merge patch with $patch: delete removes its object",
    files: {
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
      "kustomization.yaml": "resources:\n- a.yaml\npatches:\n- patch: |-\n    $patch: delete\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n",
    },
    target: ".",
    stdout: `apiVersion: v1
kind: ConfigMap
metadata:
  name: b
`,
    stderr: ``,
    code: 0,
  },
  {
    name: "errors: a JSON patch without a target",
    files: {
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
      "kustomization.yaml": "resources:\n- a.yaml\npatches:\n- patch: |-\n    - op: add\n      path: /data\n      value: {x: \"1\"}\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: must specify a target for JSON patch [patch: "- op: add\\n  path: /data\\n  value: {x: \\"1\\"}"]
`,
    code: 1,
  },
  {
    name: "errors: missing kustomization",
    files: {
      "empty/.keep": "",
    },
    target: "empty",
    stdout: ``,
    stderr: `error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '$DIR/empty'
`,
    code: 1,
  },
  {
    name: "errors: unknown field",
    files: {
      "kustomization.yaml": "resources:\n- a.yaml\nfoo: bar\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: json: unknown field "foo"
`,
    code: 1,
  },
  {
    name: "errors: missing resource file",
    files: {
      "kustomization.yaml": "resources:\n- a.yaml\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='accumulating resources from 'a.yaml': evalsymlink failure on '$DIR/a.yaml' : lstat $DIR/a.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '$DIR/a.yaml' : lstat $DIR/a.yaml: no such file or directory
`,
    code: 1,
  },
  {
    name: "errors: a directory without kustomization",
    files: {
      "kustomization.yaml": "resources:\n- sub\n",
      "sub/x.yaml": "a: b\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='accumulating resources from 'sub': '$DIR/sub' must resolve to a file': couldn't make target for path '$DIR/sub': unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '$DIR/sub'
`,
    code: 1,
  },
  {
    name: "errors: duplicate object",
    files: {
      "kustomization.yaml": "resources:\n- a.yaml\n- a.yaml\n",
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: accumulating resources: accumulation err='merging resources from 'a.yaml': may not add resource with an already registered id: ConfigMap.v1.[noGrp]/a.[noNs]': must build at directory: '$DIR/a.yaml': file is not directory
`,
    code: 1,
  },
  {
    name: "errors: bad literal",
    files: {
      "kustomization.yaml": "configMapGenerator:\n- name: x\n  literals:\n  - novalue\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: loading KV pairs: literal sources [novalue]: invalid literal source novalue, expected key=value
`,
    code: 1,
  },
  {
    name: "errors: missing generator file",
    files: {
      "kustomization.yaml": "secretGenerator:\n- name: x\n  files:\n  - nofile\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: loading KV pairs: file sources: [nofile]: evalsymlink failure on '$DIR/nofile' : lstat $DIR/nofile: no such file or directory
`,
    code: 1,
  },
  {
    name: "errors: patch without a target",
    files: {
      "kustomization.yaml": "resources:\n- a.yaml\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: b\n",
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: no resource matches strategic merge patch "ConfigMap.v1.[noGrp]/b.[noNs]": no matches for Id ConfigMap.v1.[noGrp]/b.[noNs]; failed to find unique target for patch ConfigMap.v1.[noGrp]/b.[noNs]
`,
    code: 1,
  },
  {
    name: "errors: YAML syntax",
    files: {
      "kustomization.yaml": "resources: [\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: yaml: line 1: did not find expected node content
`,
    code: 1,
  },
  {
    name: "errors: wrong type",
    files: {
      "kustomization.yaml": "resources: foo\n",
    },
    target: ".",
    stdout: ``,
    stderr: `error: invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.resources of type []string
`,
    code: 1,
  },
  {
    name: "errors: empty kustomization",
    files: {
      "kustomization.yaml": "",
    },
    target: ".",
    stdout: ``,
    stderr: `error: kustomization.yaml is empty
`,
    code: 1,
  },
  {
    name: "errors: a file instead of a directory",
    files: {
      "kustomization.yaml": "resources: []\n",
    },
    target: "kustomization.yaml",
    stdout: ``,
    stderr: `error: must build at directory: 'kustomization.yaml': file is not directory
`,
    code: 1,
  },
  {
    name: "errors: a file outside the root",
    files: {
      "app/kustomization.yaml": "configMapGenerator:\n- name: x\n  files:\n  - ../secret.txt\n",
      "secret.txt": "x",
    },
    target: "app",
    stdout: ``,
    stderr: `error: loading KV pairs: file sources: [../secret.txt]: security; file '$DIR/secret.txt' is not in or below '$DIR/app'
`,
    code: 1,
  },
];

describe('kubectl kustomize', () => {
  test.each(CASES)('$name', async (c) => {
    const k = new TestCluster();
    writeTree(k.dir, c.files);
    const r = await k.runArgv(['kustomize', c.target]);
    const got = { stdout: r.stdout, stderr: r.stderr.replaceAll(k.dir, '$DIR'), code: r.exitCode };
    expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
  });
});
