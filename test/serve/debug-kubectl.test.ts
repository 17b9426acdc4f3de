/**
 * `kubectl debug` through `kube-sim serve`: the pods/NAME/ephemeralcontainers subresource as the API
 * server serves it (GET gives the pod; a strategic merge PATCH or a PUT adds ephemeral containers, and
 * validation.go's rules refuse the rest), and the real kubectl's debug (ephemeral container with
 * --target, a copy with a changed command, a node) giving the bytes kube-sim's own debug gives
 * in-process on an identical cluster, except the random suffixes kubectl draws itself. The real
 * kubectl's part is skipped, visibly, without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { kubectlFor, startKubectl, type KubectlResult } from './kubectl-bin.js';

const hasKubectl = kubectlFor('test/serve/debug-kubectl.test.ts');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-debug-'));
const env = { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
/** The cluster served (to kubectl and to fetch), and an identical one kube-sim's own commands drive. */
const served = join(dir, 'served.json');
const local = join(dir, 'local.json');
let server: Server | undefined;
let base = '';
let kubeconfig = '';

type Result = KubectlResult;

const sim = (state: string, argv: string[], stdin?: string) => runCaptured(argv, { store: new FileStore(state, () => undefined), env, cwd: dir, ...(stdin === undefined ? {} : { stdin }) });

/** The real kubectl with `stdin` piped, or none. */
const kubectl = (args: string[], stdin?: string) => startKubectl(kubeconfig, join(dir, 'home'), args, stdin).done;

/** kubectl's own random suffixes (utilrand's alphabet) made `xxxxx`, so the two runs compare. */
const names = (r: Result) => ({ ...r, stdout: r.stdout.replace(/(debugger-)[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '$1xxxxx') });

const PATCH = { 'Content-Type': 'application/strategic-merge-patch+json' };

async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = PATCH): Promise<{ code: number; body: Record<string, any> }> {
  const res = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { code: res.status, body: (await res.json()) as Record<string, any> };
}

const EC = '/api/v1/namespaces/default/pods/app/ephemeralcontainers';

describe('the ephemeralcontainers subresource and kubectl debug through serve', () => {
  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    for (const state of [served, local]) {
      for (const argv of [
        ['run', 'app', '--image=busybox:1.28', '--', 'sleep', '1d'],
        ['run', 'ephemeral-demo', '--image=registry.k8s.io/pause:3.1', '--restart=Never'],
        ['run', 'myapp', '--image=busybox:1.28', '--', 'false'],
      ]) {
        expect((await sim(state, argv)).exitCode).toBe(0);
      }
    }
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: served }, { port: 0 });
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  it('GET answers the pod; PATCH adds an ephemeral container the kubelet starts; what may not be set or changed is refused', async () => {
    const got = await request('GET', EC);
    expect([got.code, got.body.kind, got.body.metadata.name]).toEqual([200, 'Pod', 'app']);
    const added = await request('PATCH', EC, { spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox:1.28', command: ['sleep', '1h'], targetContainerName: 'app' }] } });
    expect(added.code).toBe(200);
    expect(added.body.spec.ephemeralContainers).toEqual([
      { command: ['sleep', '1h'], image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', name: 'dbg', resources: {}, targetContainerName: 'app', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ]);
    const pod = (await request('GET', '/api/v1/namespaces/default/pods/app')).body;
    expect(pod.status.ephemeralContainerStatuses.map((s: any) => [s.name, Object.keys(s.state)[0], s.ready, 'started' in s])).toEqual([['dbg', 'running', false, false]]);
    // Only the ephemeral containers are taken from the request: the image change is dropped.
    const other = await request('PATCH', EC, { spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    expect([other.code, other.body.spec.containers[0].image]).toEqual([200, 'busybox:1.28']);

    const refused = async (ec: unknown) => {
      const r = await request('PATCH', EC, { spec: { ephemeralContainers: [ec] } });
      return [r.code, r.body.reason, r.body.message];
    };
    expect(await refused({ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: { tcpSocket: { port: 80 } }, resources: { limits: { cpu: '1' } } })).toEqual([
      422,
      'Invalid',
      'Pod "app" is invalid: [spec.ephemeralContainers[1].ports: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[1].resources: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[1].readinessProbe: Forbidden: cannot be set for an Ephemeral Container]',
    ]);
    expect(await refused({ name: 'app', image: 'busybox' })).toEqual([422, 'Invalid', 'Pod "app" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "app"']);
    // A PUT that drops or changes an existing one.
    const removed = await request('PUT', EC, { ...pod, spec: { ...pod.spec, ephemeralContainers: [] } }, { 'Content-Type': 'application/json' });
    expect([removed.code, removed.body.message]).toEqual([422, 'Pod "app" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed\n']);
    const changed = await request('PUT', EC, { ...pod, spec: { ...pod.spec, ephemeralContainers: [{ ...pod.spec.ephemeralContainers[0], image: 'busybox:1.36' }] } }, { 'Content-Type': 'application/json' });
    expect([changed.code, changed.body.message]).toEqual([422, 'Pod "app" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed\n']);
  });

  it.skipIf(!hasKubectl)('debug -it --target: the real kubectl prints what kube-sim prints, and attaches to the ephemeral container', async () => {
    const argv = ['debug', '-it', 'ephemeral-demo', '--image=busybox:1.28', '--target=ephemeral-demo'];
    const expected = {
      stdout:
        'Targeting container "ephemeral-demo". If you don\'t see processes from this container it may be because the container runtime doesn\'t support this feature.\nDefaulting debug container name to debugger-xxxxx.\nPID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n    7 root      0:00 sh\n   13 root      0:00 ps\n',
      stderr:
        '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\nUnable to use a TTY - input is not a terminal or the right kind of file\nIf you don\'t see a command prompt, try pressing enter.\n',
      exitCode: 0,
    };
    expect(names(await kubectl(argv, 'ps\n'))).toEqual(expected);
    expect(names(await sim(local, argv, 'ps\n'))).toEqual(expected);
    // The real kubectl's describe (events aside: it counts their ages on its own clock) and -o yaml of the
    // pod with its ephemeral container are kube-sim's.
    const noEvents = (t: string) => t.slice(0, t.indexOf('Events:'));
    expect(noEvents((await kubectl(['describe', 'pod', 'ephemeral-demo'])).stdout)).toBe(noEvents((await sim(served, ['describe', 'pod', 'ephemeral-demo'])).stdout));
    expect((await kubectl(['get', 'pod', 'ephemeral-demo', '-o', 'yaml'])).stdout).toBe((await sim(served, ['get', 'pod', 'ephemeral-demo', '-o', 'yaml'])).stdout);
    // The server's refusal reaches kubectl after its own messages.
    const bad = ['debug', 'ephemeral-demo', '--image=busybox:1.28', '--target=nope', '--profile=general'];
    const refused = (await kubectl(bad)) as Result;
    expect(names(refused)).toEqual(names(await sim(local, bad)));
    expect(refused.stderr).toBe('The Pod "ephemeral-demo" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"\n');
  });

  it.skipIf(!hasKubectl)('a copy with its command changed, and a node: the same bytes; the same objects', async () => {
    const copy = ['debug', 'myapp', '-i', '--copy-to=myapp-debug', '--container=myapp', '--profile=general', '--', 'sh'];
    const copied = { stdout: 'hello from myapp-debug\n', stderr: "If you don't see a command prompt, try pressing enter.\n", exitCode: 0 };
    expect(await kubectl(copy, 'echo hello from $(hostname)\n')).toEqual(copied);
    expect(await sim(local, copy, 'echo hello from $(hostname)\n')).toEqual(copied);
    const spec = ['get', 'pod', 'myapp-debug', '-o', 'jsonpath={.metadata.labels} {.spec.containers[0].command} {.spec.containers[0].stdin} {.spec.containers[0].securityContext} {.spec.shareProcessNamespace}'];
    expect((await sim(served, spec)).stdout).toBe(' ["sh"] true {"capabilities":{"add":["SYS_PTRACE"]}} true');
    expect((await sim(local, spec)).stdout).toBe((await sim(served, spec)).stdout);

    const node = ['debug', 'node/kind-worker', '-i', '--image=ubuntu', '--profile=general'];
    const input = 'hostname\ncat /host/etc/hostname\n';
    const nodeNames = (r: Result) => ({ ...r, stdout: r.stdout.replace(/node-debugger-kind-worker-[bcdfghjklmnpqrstvwxz2456789]{5}/, 'node-debugger-kind-worker-xxxxx') });
    const expected = {
      stdout: 'Creating debugging pod node-debugger-kind-worker-xxxxx with container debugger on node kind-worker.\nkind-worker\nkind-worker\n',
      stderr: "If you don't see a command prompt, try pressing enter.\n",
      exitCode: 0,
    };
    expect(nodeNames(await kubectl(node, input))).toEqual(expected);
    expect(nodeNames(await sim(local, node, input))).toEqual(expected);
  });
});
