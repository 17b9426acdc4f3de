/**
 * `run` (kubectl's BasicPod generator, flag checks, dry runs, --expose, attach with --rm -it) and `logs`
 * (container defaulting, kubelet errors, --tail, -p, TYPE/NAME, -l), plus what the images run:
 * servers keep running, `sleep infinity` keeps running, busybox's bare `sh` crash-loops, one-shot
 * commands complete, a missing binary is a StartError.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { KUBIA_POD, GOWEB_READINESS } from './pods-fixtures.js';

describe('run', () => {
  test('images and commands: servers, sleep, crash loops, completed and failed starts', async () => {
    const c = new TestCluster();
    expect(await c.run(`run dnsutils --image=tutum/dnsutils --command -- sleep infinity`)).toEqual({ stdout: `pod/dnsutils created
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run bb --image=busybox`)).toEqual({ stdout: `pod/bb created
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run hi --image=busybox --restart=Never -- echo hi`)).toEqual({ stdout: `pod/hi created
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run ng --image=nginx:1.14.0 --port=80 --labels=app=web,tier=fe --env=A=1`)).toEqual({ stdout: `pod/ng created
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run nope --image=busybox --restart=Never -- nosuch`)).toEqual({ stdout: `pod/nope created
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`get po -o wide`)).toEqual({ stdout: `NAME       READY   STATUS             RESTARTS     AGE   IP           NODE           NOMINATED NODE   READINESS GATES
bb         0/1     CrashLoopBackOff   1 (0s ago)   0s    10.244.1.2   kind-worker    <none>           <none>
dnsutils   1/1     Running            0            0s    10.244.2.2   kind-worker2   <none>           <none>
hi         0/1     Completed          0            0s    10.244.1.3   kind-worker    <none>           <none>
ng         1/1     Running            0            0s    10.244.2.3   kind-worker2   <none>           <none>
nope       0/1     StartError         0            0s    10.244.1.4   kind-worker    <none>           <none>
`, stderr: ``, exitCode: 0 });
    await c.ok('advance 1m');
    expect(await c.run(`get po`)).toEqual({ stdout: `NAME       READY   STATUS             RESTARTS      AGE
bb         0/1     CrashLoopBackOff   3 (30s ago)   60s
dnsutils   1/1     Running            0             60s
hi         0/1     Completed          0             60s
ng         1/1     Running            0             60s
nope       0/1     StartError         0             60s
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`logs hi`)).toEqual({ stdout: `hi
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`logs ng --tail=2`)).toEqual({ stdout: `2026/11/21 22:50:00 [notice] 1#1: start worker process 29
2026/11/21 22:50:00 [notice] 1#1: start worker process 30
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run dnsutils --image=busybox`)).toEqual({ stdout: ``, stderr: `Error from server (AlreadyExists): pods "dnsutils" already exists
`, exitCode: 1 });
  });

  test('dry runs print what kubectl 1.32 generates', async () => {
    const c = new TestCluster();
    expect(await c.run(`run ng2 --image=nginx --dry-run=client -o yaml`)).toEqual({ stdout: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: ng2
  name: ng2
spec:
  containers:
  - image: nginx
    name: ng2
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run bb2 --image=busybox --restart=Never --port=80 --env=A=b -l a=b --command --dry-run=client -o yaml -- sh -c 'echo hi'`)).toEqual({ stdout: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    a: b
  name: bb2
spec:
  containers:
  - command:
    - sh
    - -c
    - echo hi
    env:
    - name: A
      value: b
    image: busybox
    name: bb2
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run x --image=nginx:1.14 --image-pull-policy=IfNotPresent --annotations=k=v --restart=OnFailure --dry-run=client -o json -- a b`)).toEqual({ stdout: `{
    "kind": "Pod",
    "apiVersion": "v1",
    "metadata": {
        "name": "x",
        "creationTimestamp": null,
        "labels": {
            "run": "x"
        },
        "annotations": {
            "k": "v"
        }
    },
    "spec": {
        "containers": [
            {
                "name": "x",
                "image": "nginx:1.14",
                "args": [
                    "a",
                    "b"
                ],
                "resources": {},
                "imagePullPolicy": "IfNotPresent"
            }
        ],
        "restartPolicy": "OnFailure",
        "dnsPolicy": "ClusterFirst"
    },
    "status": {}
}
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`run x --image=nginx --expose --port=80 --dry-run=client`)).toEqual({ stdout: `service/x created (dry run)
pod/x created (dry run)
`, stderr: ``, exitCode: 0 });
    expect(await c.run('get po')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  // Outputs and errors compared with kubectl 1.32's (through kube-sim serve, --dry-run=client).
  test('--overrides is a JSON merge patch by default: a containers list replaces the generated one', async () => {
    const c = new TestCluster();
    const patch = `'{"spec":{"nodeSelector":{"disk":"ssd"},"containers":[{"name":"x","imagePullPolicy":"Never"}]}}'`;
    expect(await c.ok(`run x --image=nginx --overrides=${patch} --dry-run=client -o yaml`)).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: x
  name: x
spec:
  containers:
  - imagePullPolicy: Never
    name: x
    resources: {}
  dnsPolicy: ClusterFirst
  nodeSelector:
    disk: ssd
  restartPolicy: Always
status: {}
`);
    expect(await c.run(`run x --image=nginx --overrides=${patch}`)).toEqual({ stdout: '', stderr: 'The Pod "x" is invalid: spec.containers[0].image: Required value\n', exitCode: 1 });
  });

  test('--override-type=strategic merges containers by name; json applies operations; each type has its errors', async () => {
    const c = new TestCluster();
    expect(await c.ok(`run x --image=nginx --override-type=strategic --overrides='{"spec":{"containers":[{"name":"x","imagePullPolicy":"Never"}]}}' --dry-run=client -o yaml`)).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: x
  name: x
spec:
  containers:
  - image: nginx
    imagePullPolicy: Never
    name: x
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`);
    // Unknown fields dropped, fields in Go struct order (initContainers before containers), maps sorted.
    expect(await c.ok(`run x --image=nginx --override-type=json --overrides='[{"op":"add","path":"/spec/initContainers","value":[{"name":"i","image":"busybox","bogus":1}]},{"op":"add","path":"/metadata/labels/a","value":"b"},{"op":"replace","path":"/spec/hostname","value":"h"}]' --dry-run=client -o json`)).toBe(`{
    "kind": "Pod",
    "apiVersion": "v1",
    "metadata": {
        "name": "x",
        "creationTimestamp": null,
        "labels": {
            "a": "b",
            "run": "x"
        }
    },
    "spec": {
        "initContainers": [
            {
                "name": "i",
                "image": "busybox",
                "resources": {}
            }
        ],
        "containers": [
            {
                "name": "x",
                "image": "nginx",
                "resources": {}
            }
        ],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
        "hostname": "h"
    },
    "status": {}
}
`);
    const err = async (line: string) => {
      const r = await c.run(`${line} --dry-run=client -o json`);
      return [r.stdout, r.stderr, r.exitCode];
    };
    expect(await err(`run x --image=nginx --overrides='{bad'`)).toEqual(['', 'error: Invalid JSON Patch\n', 1]);
    expect(await err(`run x --image=nginx --overrides='[1]'`)).toEqual(['', 'error: couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }\n', 1]);
    expect(await err(`run x --image=nginx --override-type=strategic --overrides='[1]'`)).toEqual(['', 'error: invalid JSON document\n', 1]);
    expect(await err(`run x --image=nginx --override-type=json --overrides='{bad'`)).toEqual(['', "error: invalid character 'b' looking for beginning of object key string\n", 1]);
    expect(await err(`run x --image=nginx --override-type=json --overrides='{}'`)).toEqual(['', 'error: json: cannot unmarshal object into Go value of type jsonpatch.Patch\n', 1]);
    expect(await err(`run x --image=nginx --override-type=json --overrides='[{"op":"remove","path":"/spec/bogus"}]'`)).toEqual(['', "error: error in remove for path: '/spec/bogus': Unable to remove nonexistent key: bogus: missing value\n", 1]);
    expect(await err(`run x --image=nginx --override-type=json --overrides='[{"op":"move","from":"/spec/containers/7","path":"/y"}]'`)).toEqual(['', "error: error in move for path: '7': Unable to access invalid index: 7: invalid index referenced\n", 1]);
    expect(await err(`run x --image=nginx --overrides='{"spec":{"containers":"x"}}'`)).toEqual(['', 'error: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container\n', 1]);
    expect(await err(`run x --image=nginx --overrides='{"apiVersion":"v2"}'`)).toEqual(['', 'error: no kind "Pod" is registered for version "v2" in scheme "pkg/scheme/scheme.go:28"\n', 1]);
    expect(await err(`run x --image=nginx --override-type=bogus --overrides='{}'`)).toEqual(['', 'error: invalid override type: bogus\n', 1]);
  });

  test('--expose creates the service first', async () => {
    const c = new TestCluster();
    expect(await c.run(`run web --image=nginx --expose --port=80`)).toEqual({ stdout: `service/web created
pod/web created
`, stderr: ``, exitCode: 0 });
    expect(await c.ok('get svc web -o jsonpath={.spec.selector.run}')).toBe('web');
  });

  test.each([
    [`run`, `error: required flag(s) "image" not set
`],
    [`run x`, `error: required flag(s) "image" not set
`],
    [`run x --image=nginx --restart=Sometimes`, `error: invalid restart policy: Sometimes
See 'kubectl run -h' for help and examples
`],
    [`run x --image=nginx --rm`, `error: --rm should only be used for attached containers
See 'kubectl run -h' for help and examples
`],
    [`run x --image=nginx -t`, `error: -i/--stdin is required for containers with -t/--tty=true
See 'kubectl run -h' for help and examples
`],
    [`run x --image=nginx -i --dry-run=client`, `error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)
See 'kubectl run -h' for help and examples
`],
    [`run x --image=nginx --env=FOO`, `error: invalid env: FOO
`],
    [`run x --image=nginx -l foo`, `error: unexpected label spec: foo
`],
    [`run X --image=nginx`, `The Pod "X" is invalid: metadata.name: Invalid value: "X": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
`],
  ])('%s fails like kubectl', async (line, stderr) => {
    const c = new TestCluster();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  test('--rm -it opens the shell, then deletes the pod; one-shot commands print their output', async () => {
    const c = new TestCluster();
    expect(await c.run(`run -it --rm tmp --image=busybox --restart=Never -- sh`, `echo hello
hostname
exit
`)).toEqual({ stdout: `hello
tmp
pod "tmp" deleted
`, stderr: `Unable to use a TTY - input is not a terminal or the right kind of file
If you don't see a command prompt, try pressing enter.
`, exitCode: 0 });
    await c.ok('run dnsutils --image=tutum/dnsutils --command -- sleep infinity');
    const ip = await c.ok('get po dnsutils -o jsonpath={.status.podIP}');
    // tutum/dnsutils listens on nothing: the connection is refused.
    expect(await c.run(`run --rm -i w --image=busybox --restart=Never -- wget -qO- http://${ip}`)).toEqual({
      stdout: `wget: can't connect to remote host (${ip}): Connection refused\npod "w" deleted\n`,
      stderr: 'pod default/w terminated (Error)\n',
      exitCode: 1,
    });
    expect(await c.run(`run --rm -i f --image=busybox --restart=Never -- false`)).toEqual({ stdout: `pod "f" deleted
`, stderr: `pod default/f terminated (Error)
`, exitCode: 1 });
    expect(await c.ok('get po -o name')).toBe('pod/dnsutils\n');
  });
});

describe('logs', () => {
  test('errors, defaulting, --tail, -p, TYPE/NAME and selectors', async () => {
    const c = new TestCluster();
    c.file('kubia-pod.yaml', KUBIA_POD);
    c.file('goweb-readiness.yaml', GOWEB_READINESS);
    await c.ok('create -f kubia-pod.yaml');
    expect(await c.run(`logs`)).toEqual({ stdout: ``, stderr: `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples
`, exitCode: 1 });
    expect(await c.run(`logs a b c`)).toEqual({ stdout: ``, stderr: `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples
`, exitCode: 1 });
    expect(await c.run(`logs nopod`)).toEqual({ stdout: ``, stderr: `error: error from server (NotFound): pods "nopod" not found in namespace "default"
`, exitCode: 1 });
    expect(await c.run(`logs kubia -c nope`)).toEqual({ stdout: ``, stderr: `error: container nope is not valid for pod kubia
`, exitCode: 1 });
    expect(await c.run(`logs kubia nope`)).toEqual({ stdout: ``, stderr: `error: container nope is not valid for pod kubia
`, exitCode: 1 });
    expect(await c.run(`logs kubia`)).toEqual({ stdout: `Kubia server starting...
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`logs kubia -p`)).toEqual({ stdout: ``, stderr: `Error from server (BadRequest): previous terminated container "kubia" in pod "kubia" not found
`, exitCode: 1 });
    expect(await c.run(`logs po/kubia`)).toEqual({ stdout: `Kubia server starting...
`, stderr: ``, exitCode: 0 });
    expect(await c.run(`logs kubia --tail=x`)).toEqual({ stdout: ``, stderr: `error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax
See 'kubectl logs --help' for usage.
`, exitCode: 1 });
    await c.ok('create -f goweb-readiness.yaml');
    expect(await c.run(`logs rs/goweb-readiness`)).toEqual({ stdout: ``, stderr: `Found 2 pods, using pod/goweb-readiness-9g8cn
`, exitCode: 0 });
    expect(await c.run(`logs deploy/nope`)).toEqual({ stdout: ``, stderr: `Error from server (NotFound): deployments.apps "nope" not found
`, exitCode: 1 });
    expect(await c.run(`logs -l app=goweb`)).toEqual({ stdout: ``, stderr: ``, exitCode: 0 });
    expect(await c.run(`logs -l app=none`)).toEqual({ stdout: ``, stderr: `No resources found in default namespace.
`, exitCode: 0 });
  });

  test('a crash-looping container: logs and logs -p read the last terminated run', async () => {
    const c = new TestCluster();
    await c.ok('run loop --image=busybox -- sh -c "echo started; exit 1"');
    await c.ok('advance 30s');
    expect(await c.ok('logs loop')).toBe('started\n');
    expect(await c.ok('logs loop -p')).toBe('started\n');
    expect((await c.ok('get po loop')).split('\n')[1]).toMatch(/^loop\s+0\/1\s+CrashLoopBackOff\s+3 \(\d+s ago\)\s+30s$/);
  });

  test('kubia logs each request with the client address', async () => {
    const c = new TestCluster();
    c.file('kubia-pod.yaml', KUBIA_POD);
    await c.ok('create -f kubia-pod.yaml');
    await c.ok('run --rm -i w --image=busybox --restart=Never -- wget -qO- http://10.244.2.2:8080');
    const logs = await c.ok('logs kubia');
    expect(logs).toMatch(/^Kubia server starting\.\.\.\nReceived request from ::ffff:10\.244\.\d+\.\d+\n$/);
  });
});
