/**
 * Using kube-sim from your own vitest (or jest) suite: every test gets an isolated in-memory cluster on the
 * virtual clock, commands run in-process (no child processes), and the output is byte-stable, so it can be
 * compared exactly or snapshotted.
 *
 *   npm install --save-dev /path/to/kube-sim-0.1.0.tgz   # made by `npm pack` in a kube-sim clone
 *   npx vitest run
 *
 * (kube-sim is not on the npm registry: install the tarball, or a git URL of a kube-sim repository.)
 */
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { createCluster, runTranscript } from 'kube-sim';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`;

describe('my manifests on a simulated cluster', () => {
  const cluster = createCluster();
  beforeEach(() => cluster.reset()); // a fresh cluster for every test
  afterAll(() => cluster.dispose());

  test('the service is created and listed', async () => {
    cluster.file('kubia-svc.yaml', SERVICE);
    expect(await cluster.run('kubectl create -f kubia-svc.yaml')).toEqual({ stdout: 'service/kubia created\n', stderr: '', exitCode: 0 });
    const { stdout } = await cluster.run('kubectl get svc kubia -o name');
    expect(stdout).toBe('service/kubia\n');
  });

  test('a mistake fails as on a real cluster', async () => {
    const r = await cluster.run(['get', 'svc', 'nope']);
    expect(r).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 1 });
  });

  test('output is deterministic, so it can be snapshotted', async () => {
    cluster.file('kubia-svc.yaml', SERVICE);
    await cluster.run('create -f kubia-svc.yaml');
    const first = (await cluster.run('get svc')).stdout;
    cluster.reset();
    await cluster.run('create -f kubia-svc.yaml');
    expect((await cluster.run('get svc')).stdout).toBe(first);
  });

  test('a whole walkthrough (Markdown transcript) can be checked too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walkthrough-'));
    const file = join(dir, 'tutorial.md');
    writeFileSync(file, ['# My tutorial', '', '```console', '$ kubectl get ns default -o name', 'namespace/default', '```', ''].join('\n'));
    const result = await runTranscript(file);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
