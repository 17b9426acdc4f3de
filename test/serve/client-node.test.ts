/** The client-node example script drives `kube-sim serve`: lists services and scales a ReplicaSet (the chapter's kubia by default, made when missing). */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';

const ROOT = resolve(__dirname, '..', '..');

/** Run the example with these arguments against the server a kubeconfig names. */
function runScript(kubeconfig: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'examples', 'client-node', 'list-and-scale.mjs'), ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('examples/client-node/list-and-scale.mjs', () => {
  it('lists services and scales a ReplicaSet through the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-client-node-'));
    const statePath = join(dir, 'state.json');
    const env = { KUBE_SIM_CLOCK: 'virtual' };
    const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(statePath, () => undefined), env, cwd: dir });
    expect((await sim('create service clusterip kubia --tcp=80:8080')).exitCode).toBe(0);
    writeFileSync(
      join(dir, 'rs.yaml'),
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: kubia\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: kubia\n  template:\n    metadata:\n      labels:\n        app: kubia\n    spec:\n      containers:\n      - name: kubia\n        image: luksa/kubia\n',
    );
    expect((await sim(`create -f ${join(dir, 'rs.yaml')}`)).exitCode).toBe(0);
    const { server, port } = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    try {
      writeFileSync(join(dir, 'kubeconfig'), kubeconfigText(port));
      const out = await runScript(join(dir, 'kubeconfig'), ['kubia', '3']);
      expect(out.stderr).toBe('');
      const ip = (await sim('get svc kubia -o jsonpath={.spec.clusterIP}')).stdout;
      expect(out.stdout).toBe(`service kubernetes 10.96.0.1 443/TCP\nservice kubia ${ip} 80/TCP\nreplicaset kubia scaled to 3\n`);
      expect((await sim('get rs kubia -o jsonpath={.spec.replicas}')).stdout).toBe('3');
    } finally {
      server.close();
    }
  });

  it('on a fresh cluster, with no arguments, creates the chapter\'s kubia ReplicaSet and scales it; a missing one is a clean error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-client-node-'));
    const statePath = join(dir, 'state.json');
    const env = { KUBE_SIM_CLOCK: 'virtual' };
    const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(statePath, () => undefined), env, cwd: dir });
    expect((await sim('get ns default -o name')).exitCode).toBe(0);
    const { server, port } = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    try {
      writeFileSync(join(dir, 'kubeconfig'), kubeconfigText(port));
      const script = (...args: string[]) => runScript(join(dir, 'kubeconfig'), args);
      expect(await script()).toEqual({ code: 0, stdout: 'service kubernetes 10.96.0.1 443/TCP\nreplicaset kubia created\nreplicaset kubia scaled to 3\n', stderr: '' });
      expect((await sim('get rs kubia -o jsonpath={.spec.replicas}')).stdout).toBe('3');
      expect(await script('nope', '2')).toEqual({ code: 1, stdout: 'service kubernetes 10.96.0.1 443/TCP\n', stderr: 'Error from server (NotFound): replicasets.apps "nope" not found\n' });
    } finally {
      server.close();
    }
  });
});
