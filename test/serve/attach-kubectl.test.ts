/**
 * `kubectl run -i` and `kubectl attach` through `kube-sim serve` (pods/NAME/attach over WebSocket): the real
 * kubectl gives the bytes and exit code kube-sim's own `run -i --rm` and `attach -i` give in-process on an
 * identical cluster, the attached shell's end ends the pod's main process, a process that only writes streams
 * its new output until it stops or kubectl is interrupted, and a refusal is the API server's or the
 * kubelet's. Skipped, visibly, without a real kubectl.
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
import { kubectlFor, startKubectl as startRealKubectl } from './kubectl-bin.js';

const hasKubectl = kubectlFor('test/serve/attach-kubectl.test.ts');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-attach-'));
const env = { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
/** The cluster kubectl reaches through serve, and an identical one kube-sim's own commands drive in-process. */
const served = join(dir, 'served.json');
const local = join(dir, 'local.json');
let server: Server | undefined;
let kubeconfig = '';
/** The upgrade requests the server has answered (kubectl prints its hint before it sends one). */
const upgrades: string[] = [];

/** kube-sim in-process on `state`, with `stdin` piped. */
const sim = (state: string, argv: string[], stdin?: string) => runCaptured(argv, { store: new FileStore(state, () => undefined), env, cwd: dir, ...(stdin === undefined ? {} : { stdin }) });

/** Start the real kubectl with `stdin` piped, or none. */
const startKubectl = (args: string[], stdin?: string) => startRealKubectl(kubeconfig, join(dir, 'home'), args, stdin);

const kubectl = (args: string[], stdin?: string) => startKubectl(args, stdin).done;

/** Wait (by polling what arrived, never by a fixed time) until `ready()`; fails after 10 s. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ready()).toBe(true);
}

const SHELL_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: shell\nspec:\n  containers:\n  - name: shell\n    image: busybox\n    command: ["sh"]\n    stdin: true\n';
const PROMPT_HINT = "If you don't see a command prompt, try pressing enter.\n";

describe.skipIf(!hasKubectl)('attach through serve, with the real kubectl', () => {
  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'shell.yaml'), SHELL_POD);
    for (const state of [served, local]) expect((await sim(state, ['create', '-f', join(dir, 'shell.yaml')])).exitCode).toBe(0);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: served }, { port: 0 });
    server = started.server;
    // Added after serve's own listener, so a request seen here has passed the server's checks.
    server.on('upgrade', (req: { url?: string }) => upgrades.push(req.url ?? ''));
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  it('run -i --rm with a heredoc: the same bytes and exit code as kube-sim run -i --rm, the pod gone after', async () => {
    const failing = ['run', '-i', '--rm', '--restart=Never', 'heredoc', '--image=busybox'];
    const input = 'echo hello\nhostname\nls /nope\n';
    const expected = { stdout: 'hello\nheredoc\npod "heredoc" deleted\n', stderr: `${PROMPT_HINT}ls: /nope: No such file or directory\npod default/heredoc terminated (Error)\n`, exitCode: 1 };
    expect(await kubectl(failing, input)).toEqual(expected);
    expect(await sim(local, failing, input)).toEqual(expected);

    const passing = ['run', '-i', '--rm', '--restart=Never', 'fine', '--image=busybox'];
    const ok = { stdout: 'ok\npod "fine" deleted\n', stderr: PROMPT_HINT, exitCode: 0 };
    expect(await kubectl(passing, 'echo ok\n')).toEqual(ok);
    expect(await sim(local, passing, 'echo ok\n')).toEqual(ok);
    expect((await sim(served, ['get', 'po'])).stdout).toBe((await sim(local, ['get', 'po'])).stdout);
    expect(await kubectl(['get', 'po', 'heredoc', 'fine'])).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "heredoc" not found\nError from server (NotFound): pods "fine" not found\n', exitCode: 1 });
  });

  it('run -i without --rm keeps the pod, whose phase follows the shell', async () => {
    const argv = ['run', '-i', '--restart=Never', 'kept', '--image=busybox'];
    const expected = { stdout: '', stderr: `${PROMPT_HINT}pod default/kept terminated (Error)\n`, exitCode: 3 };
    expect(await kubectl(argv, 'exit 3\n')).toEqual(expected);
    expect(await sim(local, argv, 'exit 3\n')).toEqual(expected);
    const table = 'NAME   READY   STATUS   RESTARTS   AGE\nkept   0/1     Error    0          0s\n';
    expect(await kubectl(['get', 'po', 'kept'])).toEqual({ stdout: table, stderr: '', exitCode: 0 });
    expect((await sim(local, ['get', 'po', 'kept'])).stdout).toBe(table);
  });

  it('attach -i to a running sh: the same session as kube-sim attach -i; the shell exiting restarts the container', async () => {
    const expected = { stdout: 'attached\nshell\n', stderr: PROMPT_HINT, exitCode: 0 };
    expect(await kubectl(['attach', 'shell', '-i'], 'echo attached\nhostname\n')).toEqual(expected);
    expect(await sim(local, ['attach', 'shell', '-i'], 'echo attached\nhostname\n')).toEqual(expected);
    // The container keeps stdin open (no stdinOnce), so the end of kubectl's input leaves the shell running.
    expect((await kubectl(['get', 'po', 'shell'])).stdout).toBe('NAME    READY   STATUS    RESTARTS   AGE\nshell   1/1     Running   0          0s\n');
    const bye = { stdout: 'bye\n', stderr: PROMPT_HINT, exitCode: 0 };
    expect(await kubectl(['attach', 'shell', '-i'], 'echo bye; exit 4\n')).toEqual(bye);
    expect(await sim(local, ['attach', 'shell', '-i'], 'echo bye; exit 4\n')).toEqual(bye);
    const restarted = 'NAME    READY   STATUS    RESTARTS     AGE\nshell   1/1     Running   1 (0s ago)   0s\n';
    expect((await kubectl(['get', 'po', 'shell'])).stdout).toBe(restarted);
    expect((await sim(local, ['get', 'po', 'shell'])).stdout).toBe(restarted);
  });

  it('attach to a process that writes: its new output until kubectl is interrupted, or until the process ends', async () => {
    expect((await sim(served, ['create', 'deployment', 'kubia', '--image=luksa/kubia'])).exitCode).toBe(0);
    expect((await sim(served, ['run', 'client', '--image=busybox', '--', 'sleep', '3600'])).exitCode).toBe(0);
    const ip = (await sim(served, ['get', 'po', '-l', 'app=kubia', '-o', 'jsonpath={.items[0].status.podIP}'])).stdout;
    const attached = startKubectl(['attach', 'deploy/kubia']);
    await until(() => upgrades.some((u) => u.includes('/pods/kubia-') && u.includes('/attach')));
    expect((await sim(served, ['exec', 'client', '--', 'wget', '-qO-', `http://${ip}:8080`])).stdout).toMatch(/^You've hit kubia-/);
    await until(() => attached.result.stdout !== '');
    attached.child.kill('SIGINT');
    const r = await attached.done;
    expect(r.stdout).toMatch(/^Received request from ::ffff:10\.244\.\d+\.\d+\n$/);
    expect(r.stderr).toBe(PROMPT_HINT);

    // A main process that ends (its sleep runs out on the cluster clock) ends the attach: Success, exit 0.
    expect((await sim(served, ['run', 'sleeper', '--image=busybox', '--restart=Never', '--', 'sleep', '30'])).exitCode).toBe(0);
    const sleeper = startKubectl(['attach', 'sleeper']);
    await until(() => upgrades.some((u) => u.includes('/pods/sleeper/attach')));
    expect((await sim(served, ['advance', '1m'])).exitCode).toBe(0);
    expect(await sleeper.done).toEqual({ stdout: '', stderr: PROMPT_HINT, exitCode: 0 });
  });

  it("refusals: the kubelet's for a container not running, the API server's for a pod without a node, kubectl's for a completed pod", async () => {
    expect((await sim(served, ['run', 'crash', '--image=busybox', '--', 'false'])).exitCode).toBe(0);
    expect(await kubectl(['attach', 'crash'])).toEqual({ stdout: '', stderr: `${PROMPT_HINT}error: unable to upgrade connection: container not found ("crash")\n`, exitCode: 1 });
    expect((await sim(served, ['run', 'nowhere', '--image=busybox', '--overrides={"spec":{"nodeSelector":{"no":"such-node"}}}', '--', 'sleep', '3600'])).exitCode).toBe(0);
    expect(await kubectl(['attach', 'nowhere'])).toEqual({ stdout: '', stderr: `${PROMPT_HINT}Error from server (BadRequest): pod nowhere does not have a host assigned\n`, exitCode: 1 });
    expect((await sim(served, ['run', 'finished', '--image=busybox', '--restart=Never', '--', 'true'])).exitCode).toBe(0);
    expect(await kubectl(['attach', 'finished'])).toEqual({ stdout: '', stderr: 'error: cannot attach a container in a completed pod; current phase is Succeeded\n', exitCode: 1 });
  });
});
