/**
 * `kubectl debug` through main(): an ephemeral container (the subresource, the kubelet, describe, ps in
 * the target's PID namespace), copies of a pod, a node debugging pod with the node's root at /host, the
 * profiles, and kubectl's and the API server's refusals. The messages and their order are kubectl
 * 1.32's (pkg/cmd/debug/debug.go: Validate prints "Targeting container" on stdout and the legacy
 * profile's deprecation on stderr, generateDebugContainer "Defaulting debug container name" on stdout;
 * attach.go prints its prompt hint on stderr); the refusals of the API server are validation.go's
 * validateEphemeralContainers and ValidatePodEphemeralContainersUpdate.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const LEGACY = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
const TARGETING = (c: string) => `Targeting container "${c}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`;
const NO_TTY = 'Unable to use a TTY - input is not a terminal or the right kind of file\n';
const HINT = "If you don't see a command prompt, try pressing enter.\n";

async function pausePod(): Promise<TestCluster> {
  const c = new TestCluster();
  await c.ok('run ephemeral-demo --image=registry.k8s.io/pause:3.1 --restart=Never');
  return c;
}

describe('debug with an ephemeral container', () => {
  it('adds a debugger to a running pod, in the target container\'s PID namespace, and attaches to its shell', async () => {
    const c = await pausePod();
    expect(await c.run('debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo', 'ps\n')).toEqual({
      stdout: `${TARGETING('ephemeral-demo')}Defaulting debug container name to debugger-mnvms.\nPID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n    7 root      0:00 sh\n   13 root      0:00 ps\n`,
      stderr: `${LEGACY}${NO_TTY}${HINT}`,
      exitCode: 0,
    });
    // What the API server stored (defaults included) and what the kubelet reports: never ready, no `started`.
    expect(await c.ok('get pod ephemeral-demo -o yaml')).toContain(
      [
        '  ephemeralContainers:',
        '  - image: busybox:1.28',
        '    imagePullPolicy: IfNotPresent',
        '    name: debugger-mnvms',
        '    resources: {}',
        '    stdin: true',
        '    targetContainerName: ephemeral-demo',
        '    terminationMessagePath: /dev/termination-log',
        '    terminationMessagePolicy: File',
        '    tty: true',
        '',
      ].join('\n'),
    );
    expect(await c.ok("get pod ephemeral-demo -o jsonpath='{.status.ephemeralContainerStatuses}'")).toBe(
      '[{"containerID":"containerd://99ee86d75d7ad7eb3677d8707830f58bc21e67e83d26d3a958626dca8574e862","image":"docker.io/library/busybox:1.28","imageID":"docker.io/library/busybox@sha256:fe9a38f135be6d1ac7af30a83d13c3e87f5a79de8e4a00aae786b33a7b21939a","lastState":{},"name":"debugger-mnvms","ready":false,"restartCount":0,"state":{"running":{"startedAt":"2026-11-21T22:50:00Z"}}}]',
    );
    const described = await c.ok('describe pod ephemeral-demo');
    expect(described.slice(described.indexOf('Ephemeral Containers:'), described.indexOf('Conditions:'))).toBe(
      [
        'Ephemeral Containers:',
        '  debugger-mnvms:',
        '    Container ID:   containerd://99ee86d75d7ad7eb3677d8707830f58bc21e67e83d26d3a958626dca8574e862',
        '    Image:          busybox:1.28',
        '    Image ID:       docker.io/library/busybox@sha256:fe9a38f135be6d1ac7af30a83d13c3e87f5a79de8e4a00aae786b33a7b21939a',
        '    Port:           <none>',
        '    Host Port:      <none>',
        '    State:          Running',
        '      Started:      Sat, 21 Nov 2026 22:50:00 +0000',
        '    Ready:          False',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        '',
      ].join('\n'),
    );
    // The shell's `exit` ends the ephemeral container for good: it is not restarted, whatever the pod's policy.
    // (The container has a TTY, so attach uses one, and says it cannot on a pipe.)
    expect(await c.run('attach ephemeral-demo -c debugger-mnvms -i', 'exit 3\n')).toEqual({ stdout: '', stderr: `${NO_TTY}${HINT}`, exitCode: 0 });
    await c.ok('advance 10m');
    expect(await c.ok("get pod ephemeral-demo -o jsonpath='{.status.ephemeralContainerStatuses[0].state.terminated.exitCode} {.status.ephemeralContainerStatuses[0].restartCount} {.status.phase}'")).toBe('3 0 Running');
  });

  it('ps in the target\'s namespace shows nginx as it titles itself: the master and a worker per CPU', async () => {
    const c = new TestCluster();
    await c.ok('run web --image=nginx');
    expect(await c.run('debug -i web --image=busybox:1.28 --target=web --profile=general -q', 'ps\n')).toEqual({
      stdout:
        'PID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n    7 101       0:00 nginx: worker process\n   13 101       0:00 nginx: worker process\n   19 root      0:00 sh\n   25 root      0:00 ps\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('names the debugger from a stream of its own: a replay gives the same names, the cluster\'s next names do not move', async () => {
    const names = async (debugFirst: boolean) => {
      const c = await pausePod();
      if (debugFirst) await c.ok('debug ephemeral-demo --image=busybox:1.28 --profile=general');
      await c.ok('create deployment web --image=nginx');
      return (await c.ok("get pods -o jsonpath='{.items[*].metadata.name} {.items[*].spec.ephemeralContainers[*].name}'")).trim();
    };
    expect(await names(true)).toBe('ephemeral-demo web-6dc5cd68db-wq4t7 debugger-mnvms');
    expect(await names(true)).toBe('ephemeral-demo web-6dc5cd68db-wq4t7 debugger-mnvms');
    expect(await names(false)).toBe('ephemeral-demo web-6dc5cd68db-wq4t7');
  });

  it('without -i only adds the container (a shell without stdin exits at once); -i with a command shows its log', async () => {
    const c = await pausePod();
    expect(await c.run('debug ephemeral-demo --image=busybox:1.28 --profile=general')).toEqual({ stdout: 'Defaulting debug container name to debugger-mnvms.\n', stderr: '', exitCode: 0 });
    expect(await c.ok("get pod ephemeral-demo -o jsonpath='{.status.ephemeralContainerStatuses[0].state.terminated.reason}'")).toBe('Completed');
    expect(await c.run('exec ephemeral-demo -c debugger-mnvms -- ls')).toEqual({ stdout: '', stderr: 'error: unable to upgrade connection: container not found ("debugger-mnvms")\n', exitCode: 1 });
    // The general profile lets the debugger trace processes.
    expect(await c.ok("get pod ephemeral-demo -o jsonpath='{.spec.ephemeralContainers[0].securityContext}'")).toBe('{"capabilities":{"add":["SYS_PTRACE"]}}');
    // A container that has already ended: kubectl falls back to its log (no prompt hint).
    expect(await c.run('debug -i ephemeral-demo --image=busybox:1.28 -c once --profile=general -- echo hello')).toEqual({ stdout: 'hello\n', stderr: '', exitCode: 0 });
    expect(await c.run('logs ephemeral-demo -c once')).toEqual({ stdout: 'hello\n', stderr: '', exitCode: 0 });
    // An image that cannot be pulled: kubectl warns with the waiting message and waits; on the virtual
    // clock nothing changes while it waits.
    expect(await c.run('debug -i ephemeral-demo --image=nginx:1.161 -c typo --profile=general')).toEqual({
      stdout: '',
      stderr:
        'Warning: container typo: failed to pull and unpack image "docker.io/library/nginx:1.161": failed to resolve reference "docker.io/library/nginx:1.161": docker.io/library/nginx:1.161: not found\nerror: timed out waiting for the condition\n',
      exitCode: 1,
    });
    // Without --target the debugger has a PID namespace of its own.
    expect(await c.run('debug -i ephemeral-demo --image=busybox:1.28 -c alone --profile=baseline -q', 'ps\n')).toEqual({ stdout: 'PID   USER     TIME  COMMAND\n    1 root      0:00 sh\n    7 root      0:00 ps\n', stderr: '', exitCode: 0 });
  });

  it('refuses what kubectl and the API server refuse', async () => {
    const c = await pausePod();
    const err = (stderr: string, stdout = '') => ({ stdout, stderr, exitCode: 1 });
    // kubectl's own checks (Complete, Validate) and its builder's NotFound, in the order kubectl makes them.
    const refusals: [string, string][] = [
      ['debug ephemeral-demo', 'error: you must specify --image when not using --copy-to.\n'],
      ['debug ephemeral-demo --image=busybox --replace', 'error: --replace may only be used with --copy-to.\n'],
      ['debug ephemeral-demo --image=busybox --same-node', 'error: --same-node may only be used with --copy-to.\n'],
      ['debug ephemeral-demo --image=busybox --set-image=*=ubuntu', 'error: --set-image may only be used with --copy-to.\n'],
      ['debug ephemeral-demo --copy-to=x', 'error: you must specify --image, --set-image or command arguments.\n'],
      ['debug ephemeral-demo --copy-to=x -- sh', 'error: you must specify an existing container or a new image when specifying args.\n'],
      ['debug ephemeral-demo --image=busybox --copy-to=x --target=ephemeral-demo', 'error: --target is incompatible with --copy-to. Use --share-processes instead.\n'],
      ['debug ephemeral-demo --image=Busybox', 'error: invalid image name "Busybox": invalid reference format\n'],
      ['debug ephemeral-demo --image=busybox -t', 'error: -i/--stdin is required for containers with -t/--tty=true\n'],
      ['debug ephemeral-demo --attach', 'error: you must specify --container or create a new container using --image in order to attach.\n'],
      ['debug --image=busybox', 'error: NAME or filename is required for debug\n'],
      ['debug ephemeral-demo --image=busybox --image-pull-policy=Sometimes', 'error: invalid image pull policy: Sometimes\n'],
      ['debug ephemeral-demo --image=busybox --profile=admin', 'error: unknown profile: admin\n'],
      ['debug nope --image=busybox', `${LEGACY}Error from server (NotFound): pods "nope" not found\n`],
      ['debug node/kind-worker9 --image=busybox --profile=general', 'Error from server (NotFound): nodes "kind-worker9" not found\n'],
      ['debug svc/kubernetes --image=busybox --profile=general', 'error: "/v1, Kind=Service" not supported by debug\n'],
    ];
    for (const [line, stderr] of refusals) expect([line, await c.run(line)]).toEqual([line, err(stderr)]);
    // pflag's (StringToString), before anything runs.
    expect(await c.run('debug ephemeral-demo --image=busybox --env=FOO')).toEqual(err('error: invalid argument "FOO" for "--env" flag: FOO must be formatted as key=value\nSee \'kubectl debug --help\' for usage.\n'));
    // The server's: a target that is no container of the pod, a name already taken.
    expect(await c.run('debug ephemeral-demo --image=busybox --target=nope --profile=general')).toEqual(
      err('The Pod "ephemeral-demo" is invalid: spec.ephemeralContainers[0].targetContainerName: Not found: "nope"\n', `${TARGETING('nope')}Defaulting debug container name to debugger-mnvms.\n`),
    );
    expect(await c.run('debug ephemeral-demo --image=busybox -c ephemeral-demo --profile=general')).toEqual(err('The Pod "ephemeral-demo" is invalid: spec.ephemeralContainers[0].name: Duplicate value: "ephemeral-demo"\n'));
    expect(await c.ok("get pod ephemeral-demo -o jsonpath='{.spec.ephemeralContainers}'")).toBe('');
  });
});

describe('debug -f', () => {
  it('takes the pods a file names (kubectl\'s builder reads them from the file)', async () => {
    const c = new TestCluster();
    c.file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: busybox:1.28\n    command: [sleep, "3600"]\n');
    c.file('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n');
    expect(await c.run('debug -f pod.yaml --image=busybox:1.28 --profile=general')).toEqual({ stdout: 'Defaulting debug container name to debugger-mnvms.\n', stderr: 'Error from server (NotFound): pods "web" not found\n', exitCode: 1 });
    await c.ok('create -f pod.yaml');
    expect(await c.run('debug -f pod.yaml -i --image=busybox:1.28 --target=web --profile=general -q', 'ps\n')).toEqual({
      stdout: 'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 sh\n   13 root      0:00 ps\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await c.run('debug -f deploy.yaml --image=busybox --profile=general')).toEqual({ stdout: '', stderr: 'error: "apps/v1, Kind=Deployment" not supported by debug\n', exitCode: 1 });
    // Checked by kubectl 1.32 itself (run against no server at all).
    expect(await c.run('debug web -f pod.yaml --image=busybox --profile=general')).toEqual({ stdout: '', stderr: 'error: resource/name arguments cannot be provided when a path is specified\n', exitCode: 1 });
  });
});

describe('debug with a copy of the pod', () => {
  it('adds a container to a copy without the labels, shares its processes, and attaches', async () => {
    const c = new TestCluster();
    await c.ok('run myapp --image=busybox:1.28 --restart=Never --labels=app=myapp -- sleep 1d');
    expect(await c.run('debug myapp -i --image=busybox:1.28 --share-processes --copy-to=myapp-debug', 'ps\n')).toEqual({
      stdout: 'Defaulting debug container name to debugger-mnvms.\nPID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n    7 root      0:00 sleep 1d\n   13 root      0:00 sh\n   19 root      0:00 ps\n',
      stderr: `${LEGACY}${HINT}`,
      exitCode: 0,
    });
    expect(await c.ok('get pods --show-labels')).toBe(
      'NAME          READY   STATUS    RESTARTS   AGE   LABELS\nmyapp         1/1     Running   0          0s    app=myapp\nmyapp-debug   2/2     Running   0          0s    <none>\n',
    );
    // --keep-labels keeps them (not with the legacy profile, which always drops them); --same-node keeps the
    // node; the general profile shares the copy's process namespace.
    await c.ok('debug myapp --copy-to=keep --image=busybox:1.36 -c extra --keep-labels --same-node --profile=general');
    const node = await c.ok("get pod myapp -o jsonpath='{.spec.nodeName}'");
    expect(await c.ok("get pod keep -o jsonpath='{.metadata.labels.app} {.spec.containers[*].image} {.spec.nodeName} {.spec.shareProcessNamespace}'")).toBe(`myapp busybox:1.28 busybox:1.36 ${node} true`);
    // --set-image alone adds no container, so kubectl applies no profile: even legacy keeps the labels.
    expect(await c.run('debug myapp --copy-to=images --set-image=*=busybox:1.36')).toEqual({ stdout: '', stderr: LEGACY, exitCode: 0 });
    expect(await c.ok("get pod images -o jsonpath='{.metadata.labels.app} {.spec.containers[0].image} {.spec.shareProcessNamespace}'")).toBe('myapp busybox:1.36 ');
  });

  it('changes a container\'s command, or replaces the original', async () => {
    const c = new TestCluster();
    await c.ok('run myapp --image=busybox:1.28 -- false');
    expect(await c.run('debug myapp -i --copy-to=myapp-debug --container=myapp --profile=general -- sh', 'echo hello from $(hostname)\n')).toEqual({
      stdout: 'hello from myapp-debug\n',
      stderr: HINT,
      exitCode: 0,
    });
    expect(await c.ok("get pod myapp-debug -o jsonpath='{.spec.containers[0].command} {.spec.containers[0].args}'")).toBe('["sh"] ');
    expect(await c.run('debug myapp --copy-to=myapp-2 --set-image=*=ubuntu --replace --profile=general')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.ok('get pods -o name')).toBe('pod/myapp-2\npod/myapp-debug\n');
    expect(await c.run('debug myapp-2 --copy-to=myapp-debug --set-image=*=ubuntu --profile=general')).toEqual({ stdout: '', stderr: 'Error from server (AlreadyExists): pods "myapp-debug" already exists\n', exitCode: 1 });
  });
});

describe('debug of a node', () => {
  it('runs a pod in the node\'s namespaces with its root filesystem at /host', async () => {
    const c = new TestCluster();
    expect(await c.run('debug node/kind-worker -i --image=ubuntu', 'hostname\ncat /host/etc/hostname /host/kind/version\nls /host/usr/local/bin\nhead -1 /etc/os-release\nhead -1 /host/etc/os-release\n')).toEqual({
      stdout:
        'Creating debugging pod node-debugger-kind-worker-mnvms with container debugger on node kind-worker.\nkind-worker\nkind-worker\nv1.32.0\ncontainerd\ncontainerd-shim-runc-v2\ncrictl\nctr\nrunc\n' +
        'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
      stderr: `${LEGACY}${HINT}`,
      exitCode: 0,
    });
    // chroot into the node's root runs the node's programs there; another directory has none to run.
    expect(await c.run('exec node-debugger-kind-worker-mnvms -- sh -c "chroot /host iptables-save | head -2; chroot /tmp ls; chroot /nope"')).toEqual({
      stdout: '# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 21 22:50:00 2026\n*filter\n',
      stderr: "chroot: failed to run command 'ls': No such file or directory\nchroot: cannot change root directory to '/nope': No such file or directory\ncommand terminated with exit code 125\n",
      exitCode: 125,
    });
    // The server defaults the hostPath's type to "", which describe prints as it is (taken from kubectl 1.32
    // describing this very pod through serve).
    const described = await c.ok('describe pod node-debugger-kind-worker-mnvms');
    expect(described.slice(described.indexOf('Volumes:'), described.indexOf('  kube-api-access-'))).toBe(
      'Volumes:\n  host-root:\n    Type:          HostPath (bare host directory volume)\n    Path:          /\n    HostPathType:  \n',
    );
    expect(await c.ok("get pod node-debugger-kind-worker-mnvms -o jsonpath='{.spec.hostNetwork} {.spec.hostPID} {.spec.hostIPC} {.spec.restartPolicy} {.spec.tolerations[0]} {.spec.volumes[0]} {.spec.containers[0].volumeMounts[0]} {.status.podIP}'")).toBe(
      'true true true Never {"operator":"Exists"} {"hostPath":{"path":"/","type":""},"name":"host-root"} {"mountPath":"/host","name":"host-root"} 172.18.0.3',
    );
  });
});
