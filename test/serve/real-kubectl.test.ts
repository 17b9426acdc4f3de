/**
 * The real kubectl against `kube-sim serve`: the same bytes as kube-sim's own get/describe on the same
 * state, and writes through kubectl change the state as kube-sim's own commands do. Skipped, visibly,
 * where no kubectl is installed.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { KUBIA_RS } from '../fixtures/kubia.js';
import { KUBIA_SVC } from '../services/manifests.js';

const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const hasKubectl = kubectlPath !== '' && spawnSync(kubectlPath, ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('SKIPPED: test/serve/real-kubectl.test.ts needs a real kubectl on the PATH (none found)');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-serve-'));
const statePath = join(dir, 'state.json');
// The wall clock: kubectl computes describe's event ages itself from its own clock, so the server must agree.
const env: Record<string, string> = {};
let server: Server | undefined;
let kubeconfig = '';

const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(statePath, () => undefined), env, cwd: dir });
/** Run kubectl asynchronously: the server lives in this process, so a blocking spawn would deadlock it. */
function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], {
      env: { PATH: process.env.PATH, HOME: join(dir, 'home'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

describe.skipIf(!hasKubectl)('real kubectl against kube-sim serve', () => {
  beforeAll(async () => {
    writeFileSync(join(dir, 'kubia.yaml'), `${KUBIA_RS}---\n${KUBIA_SVC}`);
    expect((await sim(`create -f ${join(dir, 'kubia.yaml')}`)).exitCode).toBe(0);
    const started = await startServer(
      { stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir },
      { state: statePath },
      { port: 0 },
    );
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  const same = [
    'get svc',
    'get svc -o wide',
    'get svc -A',
    'get svc --show-labels',
    'get all',
    'get nodes -o wide',
    'get ns',
    'get po -o wide',
    'get rs -o wide',
    'get ep',
    'get svc kubia',
    'describe svc kubia',
    'describe rs kubia',
    'describe ns default',
    'describe nodes kind-worker',
    'get svc kubia -o yaml',
    'get rs kubia -o yaml',
    'get ep kubia -o yaml',
    'get svc -o name',
    'get svc kubia -o jsonpath={.spec.clusterIP}',
    'get po --field-selector status.phase=Running -o name',
  ];
  it.each(same)('kubectl %s prints what kube-sim prints', async (line) => {
    let ours = await sim(line);
    let theirs = await kubectl(line.split(' '));
    // Ages are whole seconds of the wall clock: a pair taken across a second boundary is retaken once.
    if (theirs.stdout !== ours.stdout) {
      ours = await sim(line);
      theirs = await kubectl(line.split(' '));
    }
    expect(theirs.stderr).toBe(ours.stderr);
    expect(theirs.stdout).toBe(ours.stdout);
  });

  it('writes through kubectl change the shared state', async () => {
    writeFileSync(join(dir, 'svc2.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia2\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n');
    expect((await kubectl(['create', '-f', join(dir, 'svc2.yaml')])).stdout).toBe('service/kubia2 created\n');
    expect((await sim('get svc kubia2 -o name')).stdout).toBe('service/kubia2\n');
    expect((await kubectl(['apply', '-f', join(dir, 'svc2.yaml')])).stdout).toBe('service/kubia2 configured\n');
    expect((await kubectl(['apply', '-f', join(dir, 'svc2.yaml')])).stdout).toBe('service/kubia2 unchanged\n');
    expect((await kubectl(['scale', 'rs', 'kubia', '--replicas=2'])).stdout).toBe('replicaset.apps/kubia scaled\n');
    expect((await sim('get rs kubia -o jsonpath={.spec.replicas}')).stdout).toBe('2');
    expect((await kubectl(['label', 'svc', 'kubia2', 'tier=web'])).stdout).toBe('service/kubia2 labeled\n');
    expect((await sim('get svc -l tier=web -o name')).stdout).toBe('service/kubia2\n');
    expect((await kubectl(['delete', 'svc', 'kubia2'])).stdout).toBe('service "kubia2" deleted\n');
    expect((await sim('get svc kubia2')).stderr).toBe('Error from server (NotFound): services "kubia2" not found\n');
  });

  it('exec over WebSocket runs in the simulated container and keeps the exit code', async () => {
    const pod = (await sim('get po -l app=kubia -o name')).stdout.split('\n')[0]!.replace('pod/', '');
    const ok = await kubectl(['exec', pod, '--', 'hostname']);
    expect(ok.stdout).toBe(`${pod}\n`);
    expect(ok.exitCode).toBe(0);
    const failed = await kubectl(['exec', pod, '--', 'ls', '/nonexistent']);
    expect(failed.stderr).toContain('command terminated with exit code');
    expect(failed.exitCode).not.toBe(0);
  });

  it('exec refusals read as a real API server\'s', async () => {
    expect((await sim('run pending --image=nginx --overrides={"spec":{"nodeSelector":{"disk":"ssd"}}}')).exitCode).toBe(0);
    const r = await kubectl(['exec', 'pending', '--', 'ls']);
    expect(r.stderr).toBe('Error from server (BadRequest): pod pending does not have a host assigned\n');
    expect(r.exitCode).toBe(1);
    const missing = await kubectl(['exec', 'nosuchpod', '--', 'ls']);
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nosuchpod" not found\n');
  });

  it('an unsupported field selector is the API server\'s BadRequest, as kube-sim says it', async () => {
    const line = 'get svc --field-selector foo=bar';
    const theirs = await kubectl(line.split(' '));
    expect(theirs.stderr).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "", field selector "foo=bar": field label not supported: foo\n');
    expect(theirs.exitCode).toBe(1);
    expect((await sim(line)).stderr).toBe(theirs.stderr);
  });
});
