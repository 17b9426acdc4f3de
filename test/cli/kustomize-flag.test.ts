/**
 * `-k DIR` on the commands that take `-f`: the kustomization's objects go where a file's would, with
 * kustomize's warnings first on stderr, and kubectl's errors for -f with -k and for a build that fails
 * (get and describe print the builder's error without `error: `, as kubectl does). The same steps through
 * the real kubectl are test/cli/kustomize-kubectl.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';
import { runTranscript } from '../../src/lib.js';
import { writeTree } from './kustomize-files.js';

const WARNING = "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n";

/** The Declarative Management page's example: a Deployment with a prefix and a common label, and a generated ConfigMap it mounts. */
const APP = {
  'app/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    matchLabels:\n      run: my-nginx\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        run: my-nginx\n    spec:\n      containers:\n      - name: my-nginx\n        image: nginx\n        volumeMounts:\n        - name: config\n          mountPath: /config\n      volumes:\n      - name: config\n        configMap:\n          name: app-config\n',
  'app/kustomization.yaml': 'namePrefix: dev-\ncommonLabels:\n  app: my-nginx\nresources:\n- deployment.yaml\nconfigMapGenerator:\n- name: app-config\n  literals:\n  - FOO=Bar\n',
};

async function cluster(): Promise<TestCluster> {
  const k = new TestCluster();
  writeTree(k.dir, APP);
  return k;
}

const view = (k: TestCluster, r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr.replaceAll(k.dir, '$DIR'), code: r.exitCode });

describe('-k DIR', () => {
  test('apply, get, describe, label, annotate, replace, delete -k', async () => {
    const k = await cluster();
    expect(view(k, await k.run('apply -k app'))).toEqual({
      stdout: 'configmap/dev-app-config-42cfbf598f created\ndeployment.apps/dev-my-nginx created\n',
      stderr: WARNING,
      code: 0,
    });
    expect(view(k, await k.run('get -k app'))).toEqual({
      stdout: 'NAME                                  DATA   AGE\nconfigmap/dev-app-config-42cfbf598f   1      0s\n\nNAME                           READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/dev-my-nginx   2/2     2            2           0s\n',
      stderr: WARNING,
      code: 0,
    });
    // The mounted ConfigMap is the generated one, under its hashed and prefixed name.
    expect(await k.ok('get deploy dev-my-nginx -o jsonpath={.spec.template.spec.volumes[0].configMap.name}')).toBe('dev-app-config-42cfbf598f');
    expect(await k.ok('get deploy dev-my-nginx -o jsonpath={.spec.selector.matchLabels}')).toBe('{"app":"my-nginx","run":"my-nginx"}');
    const described = await k.run('describe -k app');
    expect(described.stdout.split('\n').slice(0, 4).join('\n')).toBe('Name:         dev-app-config-42cfbf598f\nNamespace:    default\nLabels:       app=my-nginx\nAnnotations:  <none>');
    expect(described.stdout).toContain('\nName:                   dev-my-nginx\n');
    expect(view(k, await k.run('label -k app tier=web'))).toEqual({ stdout: 'configmap/dev-app-config-42cfbf598f labeled\ndeployment.apps/dev-my-nginx labeled\n', stderr: WARNING, code: 0 });
    expect((await k.run('annotate -k app note=x')).stdout).toBe('configmap/dev-app-config-42cfbf598f annotated\ndeployment.apps/dev-my-nginx annotated\n');
    expect((await k.run('replace -k app')).stdout).toBe('configmap/dev-app-config-42cfbf598f replaced\ndeployment.apps/dev-my-nginx replaced\n');
    expect(await k.ok('get deploy dev-my-nginx -o jsonpath={.metadata.labels}')).toBe('{"app":"my-nginx"}');
    expect(view(k, await k.run('delete -k app'))).toEqual({
      stdout: 'configmap "dev-app-config-42cfbf598f" deleted\ndeployment.apps "dev-my-nginx" deleted\n',
      stderr: WARNING,
      code: 0,
    });
    expect(await k.ok('get deploy,cm')).toBe('NAME                         DATA   AGE\nconfigmap/kube-root-ca.crt   1      5m\n');
  });

  test('create -k, then apply -k of changed data makes a new ConfigMap; diff -k shows the change', async () => {
    const k = await cluster();
    expect((await k.run('create -k app')).stdout).toBe('configmap/dev-app-config-42cfbf598f created\ndeployment.apps/dev-my-nginx created\n');
    writeTree(k.dir, { 'app/kustomization.yaml': APP['app/kustomization.yaml'].replace('FOO=Bar', 'FOO=Baz') });
    const diff = await k.run('diff -k app');
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toContain('+          name: dev-app-config-');
    expect((await k.run('apply -k app')).stdout).toMatch(/^configmap\/dev-app-config-(\w{10}) created\ndeployment\.apps\/dev-my-nginx configured\n$/);
    expect((await k.ok('get cm -l app=my-nginx -o name')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  test("kubectl's errors: -f with -k, a directory that is not there, a broken kustomization", async () => {
    const k = await cluster();
    expect(view(k, await k.run('apply -k app -f app/deployment.yaml'))).toEqual({ stdout: '', stderr: 'error: only one of -f or -k can be specified\n', code: 1 });
    expect(view(k, await k.run('apply'))).toEqual({ stdout: '', stderr: 'error: must specify one of -f and -k\n', code: 1 });
    expect(view(k, await k.run('apply -k nowhere'))).toEqual({
      stdout: '',
      stderr: "error: must build at directory: not a valid directory: evalsymlink failure on 'nowhere' : lstat $DIR/nowhere: no such file or directory\n",
      code: 1,
    });
    // get and describe print the builder's error as it is.
    expect(view(k, await k.run('get -k nowhere'))).toEqual({
      stdout: '',
      stderr: "must build at directory: not a valid directory: evalsymlink failure on 'nowhere' : lstat $DIR/nowhere: no such file or directory\n",
      code: 1,
    });
    writeTree(k.dir, { 'bad/kustomization.yaml': 'resources:\n- missing.yaml\n' });
    const missing =
      "accumulating resources: accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure on '$DIR/bad/missing.yaml' : lstat $DIR/bad/missing.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '$DIR/bad/missing.yaml' : lstat $DIR/bad/missing.yaml: no such file or directory";
    expect(view(k, await k.run('describe -k bad'))).toEqual({ stdout: '', stderr: `${missing}\n`, code: 1 });
    expect(view(k, await k.run('delete -k bad'))).toEqual({ stdout: '', stderr: `error: ${missing}\n`, code: 1 });
    expect(await k.ok('get cm')).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      5m\n');
  });

  test('kustomize -o FILE writes the build; --help is kubectl\'s', async () => {
    const k = await cluster();
    const r = await k.run('kustomize app -o out.yaml');
    expect(view(k, r)).toEqual({ stdout: '', stderr: WARNING, code: 0 });
    expect((await k.ok('kustomize app', undefined)).length).toBeGreaterThan(0);
    const help = await k.ok('kustomize --help');
    expect(help.split('\n')[0]).toBe("Build a set of KRM resources using a 'kustomization.yaml' file. The DIR argument must be a path to a directory containing 'kustomization.yaml', or a git repository URL with a path suffix specifying same with respect to the repository root. If DIR is omitted, '.' is assumed.");
    expect(help).toContain('\nUsage:\n  kubectl kustomize DIR [flags] [options]\n');
    expect(await k.ok('apply --help')).toContain("    -k, --kustomize='':\n\tProcess a kustomization directory. This flag can't be used together with -f or -R.\n");
    // Its -o is a file to write: shell completion offers files (cobra's default), not -o formats.
    expect((await k.run('__complete kustomize -o ""')).stdout).toBe(':0\n');
    expect((await k.run('__complete get -o ""')).stdout).toContain('\nwide\n:4\n');
    expect(view(k, await k.run('kustomize a b'))).toEqual({ stdout: '', stderr: 'error: specify one path to kustomization.yaml\n', code: 1 });
    expect(view(k, await k.run('kustomize app --load-restrictor bad'))).toEqual({
      stdout: '',
      stderr: 'error: illegal flag value --load-restrictor bad; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]\n',
      code: 1,
    });
  });

  test('what kube-sim does not build is refused in one line; nothing is applied', async () => {
    const k = await cluster();
    writeTree(k.dir, { 'comp/kustomization.yaml': 'resources:\n- ../app\ncomponents:\n- ../extra\n' });
    expect(view(k, await k.run('apply -k comp'))).toEqual({
      stdout: '',
      stderr: "error: kube-sim does not build the kustomization field 'components' (supported: resources, generators, patches, images, replicas, labels, annotations, namespace, name prefix and suffix)\n",
      code: 1,
    });
    expect(await k.ok('get deploy')).toBe('');
  });

  test("a walkthrough's kustomization cannot read outside the walkthrough's directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-kustomize-escape-'));
    const file = join(dir, 'w.md');
    writeFileSync(
      file,
      "```console\n$ mkdir app && cd app\n$ cat <<EOF > kustomization.yaml\nconfigMapGenerator:\n- name: stolen\n  files:\n  - /etc/hostname\nEOF\n$ kubectl kustomize . --load-restrictor LoadRestrictionsNone\n```\n",
    );
    const result = await runTranscript(file);
    expect(result.passed).toBe(false);
    expect(JSON.stringify(result.failures)).toContain("/etc/hostname: outside the walkthrough's directory");
  });
});
