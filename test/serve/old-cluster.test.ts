/**
 * kube-sim serve on a cluster reset to Kubernetes 1.17: discovery offers what 1.17 served (Ingress under
 * extensions/v1beta1 and networking.k8s.io/v1beta1), so the real kubectl can send the chapter's old
 * manifests, and answers come back in the version asked for. Skipped, visibly, without kubectl.
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

const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
if (!kubectlPath) console.warn('SKIPPED: test/serve/old-cluster.test.ts needs a real kubectl on the PATH (none found)');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-serve-117-'));
const statePath = join(dir, 'state.json');
const env = { KUBE_SIM_CLOCK: 'virtual' };
let server: Server | undefined;
let kubeconfig = '';
const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(statePath, () => undefined), env, cwd: dir });

function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: join(dir, 'home'), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

const OLD_INGRESS = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: kubia
spec:
  rules:
  - host: kubia.example.com
    http:
      paths:
      - path: /
        backend:
          serviceName: kubia
          servicePort: 80
`;

describe.skipIf(!kubectlPath)('kube-sim serve on a 1.17 cluster', () => {
  beforeAll(async () => {
    expect((await sim('reset --kubernetes-version 1.17')).exitCode).toBe(0);
    writeFileSync(join(dir, 'ing-old.yaml'), OLD_INGRESS);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  it('accepts the chapter\'s extensions/v1beta1 Ingress and answers in that version', async () => {
    const created = await kubectl(['create', '-f', 'ing-old.yaml']);
    expect(created.stdout).toBe('ingress.extensions/kubia created\n');
    const ours = await sim('get ing');
    expect((await kubectl(['get', 'ing'])).stdout).toBe(ours.stdout);
    expect(ours.stdout).toBe('NAME    HOSTS               ADDRESS   PORTS   AGE\nkubia   kubia.example.com             80      0s\n');
    const yaml = (await kubectl(['get', 'ingresses.extensions', 'kubia', '-o', 'yaml'])).stdout;
    expect(yaml).toContain('apiVersion: extensions/v1beta1\n');
    expect(yaml).toContain('      - backend:\n          serviceName: kubia\n          servicePort: 80\n');
  });

  it('discovery lists the group-versions 1.17 served; networking.k8s.io/v1 has NetworkPolicy but not Ingress', async () => {
    const r = await kubectl(['api-versions']);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['extensions/v1beta1', 'networking.k8s.io/v1beta1', 'discovery.k8s.io/v1beta1', 'batch/v1beta1', 'apps/v1', 'v1']));
    expect((await kubectl(['api-resources', '--api-group=networking.k8s.io'])).stdout).toBe(
      'NAME              SHORTNAMES   APIVERSION                  NAMESPACED   KIND\n' +
        'ingresses         ing          networking.k8s.io/v1beta1   true         Ingress\n' +
        'networkpolicies   netpol       networking.k8s.io/v1        true         NetworkPolicy\n',
    );
    // CronJob is batch/v1beta1 until 1.21, so kubectl 1.32's `create cronjob` (batch/v1) finds no resource.
    const cj = await kubectl(['create', 'cronjob', 'cj', '--image=busybox', '--schedule=* * * * *', '--', 'date']);
    expect(cj).toMatchObject({ exitCode: 1, stderr: 'error: failed to create cronjob: the server could not find the requested resource\n' });
  });
});
