/**
 * What kubernetes.io's object management pages show of `kubectl apply` and `kubectl diff` in 1.32: pruning
 * by label (kubectl's allowlist alpha, pkg/cmd/apply/prune.go, with the klog warning of pkg/util/prune),
 * a client dry run's "configured", the `status: {}` a server dry-run create answers with, and the diff
 * program the bridge gives the real kubectl. Full output texts.
 */
import { describe, expect, test } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';
import { runCaptured } from '../../src/cli/main.js';

const WARNING =
  'W1121 22:50:00.000000   48213 prune.go:71] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.\n';

/** A labelled ConfigMap manifest. */
const cm = (name: string, labels = 'app: game') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    ${labels}\ndata:\n  k: v\n`;

describe('kubectl apply --prune and the object management pages', () => {
  test('--prune needs -l or --all, and not both; server-side apply cannot prune', async () => {
    const c = new TestCluster();
    c.file('a.yaml', cm('a'));
    expect(await c.run('apply -f a.yaml --prune')).toEqual({
      stdout: '',
      stderr: 'error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector\n',
      exitCode: 1,
    });
    expect(await c.run('apply -f a.yaml --prune --all -l app=game')).toEqual({ stdout: '', stderr: 'error: cannot set --all and --selector at the same time\n', exitCode: 1 });
    expect(await c.run('apply -f a.yaml --prune -l app=game --server-side')).toEqual({
      stdout: '',
      stderr: "error: --prune is in alpha and doesn't currently work on objects created by server-side apply\n",
      exitCode: 1,
    });
    expect(await c.run('apply -f a.yaml -l app=other')).toEqual({ stdout: '', stderr: 'error: no objects passed to apply\n', exitCode: 1 });
    expect(await c.ok('get cm -l app=game')).toBe('');
  });

  test('prunes what apply made before and is no longer applied; keeps what create made and what the selector leaves out', async () => {
    const c = new TestCluster();
    c.file('all.yaml', [cm('a'), cm('b'), cm('other', 'app: other')].join('---\n'));
    await c.ok('apply -f all.yaml');
    await c.ok('create configmap made --from-literal=k=v');
    await c.ok('label cm made app=game');
    c.file('a.yaml', cm('a'));
    expect(await c.run('apply -f a.yaml --prune -l app=game --dry-run=client')).toEqual({ stdout: 'configmap/a configured (dry run)\nconfigmap/b pruned (dry run)\n', stderr: WARNING, exitCode: 0 });
    expect(await c.run('apply -f a.yaml --prune -l app=game --dry-run=server')).toEqual({ stdout: 'configmap/a unchanged (server dry run)\nconfigmap/b pruned (server dry run)\n', stderr: WARNING, exitCode: 0 });
    expect(await c.ok('get cm -o name')).toBe('configmap/a\nconfigmap/b\nconfigmap/kube-root-ca.crt\nconfigmap/made\nconfigmap/other\n');
    expect(await c.run('apply -f a.yaml --prune -l app=game')).toEqual({ stdout: 'configmap/a unchanged\nconfigmap/b pruned\n', stderr: WARNING, exitCode: 0 });
    expect(await c.ok('get cm -o name')).toBe('configmap/a\nconfigmap/kube-root-ca.crt\nconfigmap/made\nconfigmap/other\n');
  });

  test('a server dry-run create answers with the status the API server serializes; diff shows it', async () => {
    const c = new TestCluster();
    const yaml = await c.ok('create deployment web --image=nginx --dry-run=server -o yaml');
    expect(yaml.split('\n').slice(-3).join('\n')).toBe('      terminationGracePeriodSeconds: 30\nstatus: {}\n');
    await c.ok('create deployment web --image=nginx --dry-run=client -o yaml');
    const diff = await c.run('diff -f https://k8s.io/examples/application/simple_deployment.yaml');
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout.split('\n').slice(-3).join('\n')).toBe('+      terminationGracePeriodSeconds: 30\n+status: {}\n');
  });
});

describe('kubectl create --edit', () => {
  test('creates what the editor saves; an unchanged file creates nothing', async () => {
    const c = new TestCluster();
    c.file('editor.sh', `#!/bin/sh\nsed -i 's/nginx:1.14.2/nginx:1.16.1/' "$1"\n`);
    chmodSync(join(c.dir, 'editor.sh'), 0o755);
    c.env = { ...c.env, TMPDIR: c.dir, KUBE_EDITOR: join(c.dir, 'editor.sh') };
    expect(await c.run('create -f https://k8s.io/examples/application/simple_deployment.yaml --edit')).toEqual({ stdout: 'deployment.apps/nginx-deployment created\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get deploy nginx-deployment -o jsonpath={.spec.template.spec.containers[0].image}')).toBe('nginx:1.16.1');
    expect(await c.run('create -f https://k8s.io/examples/application/update_deployment.yaml --edit')).toEqual({ stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
  });
});

describe('kube-sim simulated-diff (the real kubectl\'s diff program in the bridge)', () => {
  test("prints GNU diff -u -N of kubectl's LIVE and MERGED directories and exits 1; 0 and nothing when they agree", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-simdiff-'));
    const live = join(dir, 'LIVE-1');
    const merged = join(dir, 'MERGED-2');
    mkdirSync(live);
    mkdirSync(merged);
    const write = (path: string, text: string) => {
      writeFileSync(path, text);
      utimesSync(path, Date.UTC(2026, 10, 21, 22, 50, 0) / 1000 + 0.25, Date.UTC(2026, 10, 21, 22, 50, 0) / 1000 + 0.25);
    };
    write(join(live, 'v1.ConfigMap.default.a'), 'data:\n  k: v\nkind: ConfigMap\n');
    write(join(merged, 'v1.ConfigMap.default.a'), 'data:\n  k: w\nkind: ConfigMap\n');
    write(join(live, 'v1.ConfigMap.default.same'), 'x: 1\n');
    write(join(merged, 'v1.ConfigMap.default.same'), 'x: 1\n');
    const r = await runCaptured(['simulated-diff', live, merged], { env: {}, cwd: dir });
    expect(r).toEqual({
      stdout: [
        `diff -u -N ${live}/v1.ConfigMap.default.a ${merged}/v1.ConfigMap.default.a`,
        `--- ${live}/v1.ConfigMap.default.a\t2026-11-21 22:50:00.250000000 +0000`,
        `+++ ${merged}/v1.ConfigMap.default.a\t2026-11-21 22:50:00.250000000 +0000`,
        '@@ -1,3 +1,3 @@',
        ' data:',
        '-  k: v',
        '+  k: w',
        ' kind: ConfigMap',
        '',
      ].join('\n'),
      stderr: '',
      exitCode: 1,
    });
    expect(await runCaptured(['simulated-diff', join(live, 'v1.ConfigMap.default.same'), join(merged, 'v1.ConfigMap.default.same')], { env: {}, cwd: dir })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});
