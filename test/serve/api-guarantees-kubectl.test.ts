/**
 * The API server's guarantees of issue 13 through the real kubectl 1.32 and a `kube-sim serve` process:
 * pod updates by every verb, resourceVersion preconditions, server-side dry run, cascade policies,
 * protected namespaces, managedFields (kubectl's own manager names and fieldsV1 as kube-sim's CLI
 * shows them), the patch handler's errors, subresources only where they exist, server-side apply,
 * --sort-by and /version. Skipped, visibly, where no kubectl is installed.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { bundleCli, startServe, type ServeProcess } from './serve-process.js';
import { FORBIDDEN_HEAD, RESTART_POLICY_DIFF } from '../fixtures/pod-update-refusal.js';

const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const hasKubectl = kubectlPath !== '' && spawnSync(kubectlPath, ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('SKIPPED: test/serve/api-guarantees-kubectl.test.ts needs a real kubectl on the PATH (none found)');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-api-'));
const statePath = join(dir, 'state.json');
const kubeconfig = join(dir, 'kubeconfig');
let serve: ServeProcess | undefined;

function kubectl(args: string[], env: Record<string, string> = {}): { stdout: string; stderr: string; exitCode: number | null } {
  const r = spawnSync(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', cwd: dir, env: { PATH: process.env.PATH, HOME: join(dir, 'home'), NO_COLOR: '1', ...env } });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}
const ok = (args: string[]) => {
  const r = kubectl(args);
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
};
const sim = (argv: string[]) => runCaptured(argv, { store: new FileStore(statePath, () => undefined), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe.skipIf(!hasKubectl)('issue 13 through the real kubectl and kube-sim serve', () => {
  beforeAll(async () => {
    serve = await startServe(await bundleCli(), statePath);
    writeFileSync(kubeconfig, kubeconfigText(serve.port));
  }, 120_000);
  afterAll(async () => serve?.stop());

  it('every verb updates a pod: label, annotate, three patch types, set image, edit, replace, apply', () => {
    ok(['run', 'web', '--image=nginx', '--port=80']);
    expect(ok(['label', 'pod', 'web', 'tier=frontend'])).toBe('pod/web labeled\n');
    expect(ok(['annotate', 'pod', 'web', 'note=hi'])).toBe('pod/web annotated\n');
    expect(ok(['patch', 'pod', 'web', '-p', '{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}'])).toBe('pod/web patched\n');
    expect(ok(['patch', 'pod', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"backend"}}}'])).toBe('pod/web patched\n');
    expect(ok(['patch', 'pod', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"}]'])).toBe('pod/web patched\n');
    expect(ok(['patch', 'pod', 'web', '-p', '{"metadata":{"labels":{"tier":"backend"}}}'])).toBe('pod/web patched (no change)\n');
    expect(ok(['set', 'image', 'pod/web', 'web=nginx:1.28'])).toBe('pod/web image updated\n');
    expect(ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).toBe('kubectl-annotate kubectl-patch kubectl-run kubectl-set');
    const editor = file('editor.sh', `#!/bin/sh\nsed -i 's/nginx:1.28/nginx:1.29/' "$1"\n`);
    chmodSync(editor, 0o755);
    expect(kubectl(['edit', 'pod', 'web'], { EDITOR: editor }).stdout).toBe('pod/web edited\n');
    file('replace.yaml', ok(['get', 'pod', 'web', '-o', 'yaml']).replace('tier: backend', 'tier: replaced'));
    expect(ok(['replace', '-f', join(dir, 'replace.yaml')])).toBe('pod/web replaced\n');
    file('apply.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: applied\n  labels:\n    v: "1"\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    expect(ok(['apply', '-f', join(dir, 'apply.yaml')])).toBe('pod/applied created\n');
    file('apply.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: applied\n  labels:\n    v: "2"\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n');
    expect(ok(['apply', '-f', join(dir, 'apply.yaml')])).toBe('pod/applied configured\n');
    expect(ok(['get', 'pod', 'web', 'applied', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image} {.metadata.labels}{"\\n"}{end}'])).toBe(
      'nginx:1.29 {"run":"web","tier":"replaced"}\nnginx:1.27 {"v":"2"}\n',
    );
    // The image moved from kubectl-set to kubectl-edit, the label value from kubectl-patch to kubectl-replace.
    expect(ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).toBe('kubectl-annotate kubectl-edit kubectl-replace kubectl-run');
  });

  it('a change a pod update may not make is Forbidden with the diff', () => {
    const r = kubectl(['patch', 'pod', 'web', '-p', '{"spec":{"restartPolicy":"Never"}}']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(FORBIDDEN_HEAD + RESTART_POLICY_DIFF.join('\n'));
  });

  it('a stale resourceVersion is a Conflict; the patch handler reports type and syntax errors as the server does', async () => {
    ok(['create', 'configmap', 'cfg', '--from-literal=a=1']);
    const conflict = 'Error from server (Conflict): Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again\n';
    expect(kubectl(['label', 'cm', 'cfg', 'x=1', '--resource-version=1']).stderr).toBe(conflict);
    expect(kubectl(['patch', 'cm', 'cfg', '-p', '{"metadata":{"resourceVersion":"1"},"data":{"a":"2"}}']).stderr).toBe(conflict);
    const rv = ok(['get', 'cm', 'cfg', '-o', 'jsonpath={.metadata.resourceVersion}']);
    expect(ok(['label', 'cm', 'cfg', 'x=1', `--resource-version=${rv}`])).toBe('configmap/cfg labeled\n');
    file('stale.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  resourceVersion: "1"\ndata:\n  a: "3"\n');
    expect(kubectl(['apply', '-f', join(dir, 'stale.yaml')]).stderr).toContain('Error from server (Conflict)');
    expect(kubectl(['patch', 'pod', 'web', '-p', '{"metadata":{"labels":"invalid"}}']).stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string\n',
    );
    // A malformed JSON body gets Go's decoder's words, no JavaScript parser's: the same through kube-sim.
    for (const [type, patch] of [['strategic', '{'], ['merge', '{"data":'], ['json', '{} x'], ['strategic', '{data: 1}']]) {
      const args = ['patch', 'cm', 'cfg', `--type=${type}`, '-p', patch!];
      const theirs = kubectl(args);
      expect(theirs.stderr).toMatch(/^Error from server \(BadRequest\): (error decoding patch: )?(unexpected end of JSON input|invalid character '.' (after top-level value|looking for beginning of object key string))\n$/);
      await expect(sim(args)).resolves.toEqual({ stdout: '', stderr: theirs.stderr, exitCode: 1 });
    }
  });

  it('server-side dry run stores nothing, delete included', () => {
    ok(['create', 'deployment', 'dry', '--image=nginx']);
    expect(ok(['delete', 'cm', 'cfg', '--dry-run=server'])).toBe('configmap "cfg" deleted (server dry run)\n');
    expect(ok(['create', 'configmap', 'ghost', '--dry-run=server'])).toBe('configmap/ghost created (server dry run)\n');
    expect(ok(['label', 'cm', 'cfg', 'y=1', '--dry-run=server'])).toBe('configmap/cfg labeled (server dry run)\n');
    expect(ok(['scale', 'deploy', 'dry', '--replicas=4', '--dry-run=server'])).toBe('deployment.apps/dry scaled (server dry run)\n');
    expect(ok(['delete', 'ns', 'kube-node-lease', '--dry-run=server'])).toBe('namespace "kube-node-lease" deleted (server dry run)\n');
    expect(ok(['get', 'cm', 'cfg', 'ghost', '--ignore-not-found', '-o', 'name'])).toBe('configmap/cfg\n');
    expect(ok(['get', 'deploy', 'dry', '-o', 'jsonpath={.spec.replicas}'])).toBe('1');
    expect(ok(['get', 'ns', 'kube-node-lease', '-o', 'name'])).toBe('namespace/kube-node-lease\n');
  });

  it('--cascade=orphan keeps the dependents; background deletes them', () => {
    ok(['create', 'deployment', 'orph', '--image=nginx', '--replicas=2']);
    expect(ok(['delete', 'deploy', 'orph', '--cascade=orphan'])).toBe('deployment.apps "orph" deleted\n');
    const rs = ok(['get', 'rs', '-l', 'app=orph', '-o', 'name']).trim();
    expect(rs).toMatch(/^replicaset.apps\/orph-/);
    expect(ok(['get', 'rs', '-l', 'app=orph', '-o', 'jsonpath={.items[0].metadata.ownerReferences}'])).toBe('');
    expect(ok(['delete', rs, '--cascade=orphan'])).toMatch(/deleted\n$/);
    expect(ok(['get', 'pods', '-l', 'app=orph', '-o', 'name']).trim().split('\n')).toHaveLength(2);
    ok(['delete', 'pods', '-l', 'app=orph']);
    ok(['create', 'deployment', 'bg', '--image=nginx']);
    ok(['delete', 'deploy', 'bg']);
    expect(kubectl(['get', 'rs,pods', '-l', 'app=bg']).stderr).toBe('No resources found in default namespace.\n');
  });

  it('default, kube-system and kube-public cannot be deleted', () => {
    expect(kubectl(['delete', 'ns', 'default'])).toEqual({
      stdout: '',
      stderr: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
      exitCode: 1,
    });
    ok(['create', 'ns', 'scratch']);
    const all = kubectl(['delete', 'ns', '--all']);
    expect(all.exitCode).toBe(1);
    expect(all.stdout).toBe('namespace "kube-node-lease" deleted\nnamespace "local-path-storage" deleted\nnamespace "scratch" deleted\n');
    expect(ok(['get', 'ns', '-o', 'name'])).toBe('namespace/default\nnamespace/kube-public\nnamespace/kube-system\n');
    expect(ok(['get', 'svc', '-A', '-o', 'name'])).toBe('service/kubernetes\nservice/kube-dns\n');
  });

  it('managedFields read the same through kubectl as through kube-sim, and name kubectl\'s managers', async () => {
    ok(['create', 'configmap', 'mf', '--from-literal=k=v']);
    ok(['label', 'cm', 'mf', 'a=b']);
    ok(['annotate', 'cm', 'mf', 'c=d']);
    ok(['patch', 'cm', 'mf', '-p', '{"data":{"k":"w"}}']);
    ok(['create', 'deployment', 'mfd', '--image=nginx']);
    ok(['expose', 'deploy', 'mfd', '--port=80']);
    ok(['rollout', 'restart', 'deploy', 'mfd']);
    for (const what of [['cm', 'mf'], ['svc', 'mfd'], ['deploy', 'mfd']]) {
      const theirs = ok(['get', ...what, '-o', 'yaml', '--show-managed-fields']);
      const ours = await sim(['get', ...what, '-o', 'yaml', '--show-managed-fields']);
      // status is written by controllers between the two reads; managedFields and metadata are compared.
      expect(theirs.split('\nspec:')[0]).toBe(ours.stdout.split('\nspec:')[0]);
    }
    expect(ok(['get', 'cm', 'mf', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).toBe('kubectl-annotate kubectl-create kubectl-label kubectl-patch');
    expect(ok(['get', 'svc', 'mfd', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).toBe('kubectl-expose');
    expect(ok(['get', 'deploy', 'mfd', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).toBe('kubectl-create kubectl-rollout');
    expect(ok(['get', 'cm', 'mf', '-o', 'yaml'])).not.toContain('managedFields');
  });

  it('server-side apply: the applier owns its configuration; a field another manager owns is a conflict unless forced', () => {
    file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
    expect(ok(['apply', '--server-side', '-f', join(dir, 'ssa.yaml')])).toBe('configmap/ssa serverside-applied\n');
    ok(['patch', 'cm', 'ssa', '-p', '{"data":{"a":"2"}}']);
    const r = kubectl(['apply', '--server-side', '-f', join(dir, 'ssa.yaml')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.a');
    expect(ok(['apply', '--server-side', '--force-conflicts', '-f', join(dir, 'ssa.yaml')])).toBe('configmap/ssa serverside-applied\n');
    expect(ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a} {.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation}'])).toBe('1 kubectl Apply');
  });

  it('subresources only where the API has them', () => {
    expect(kubectl(['get', 'pod', 'web', '--subresource=scale'])).toEqual({ stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', exitCode: 1 });
    expect(ok(['get', 'deploy', 'dry', '--subresource=scale', '-o', 'jsonpath={.kind} {.spec.replicas}'])).toBe('Scale 1');
  });

  it('--sort-by and /version agree with kube-sim', async () => {
    for (const args of [['get', 'svc', '-A', '--sort-by=.spec.clusterIP'], ['get', 'pods', '--sort-by=.metadata.name', '-o', 'name'], ['get', 'cm', '--sort-by=.spec.nope']]) {
      const theirs = kubectl(args);
      const ours = await sim(args);
      expect(theirs.stdout.replace(/ +\d+[smh]\d*[sm]?\n/g, '\n')).toBe(ours.stdout.replace(/ +\d+[smh]\d*[sm]?\n/g, '\n'));
      expect(theirs.stderr).toBe(ours.stderr);
    }
    const server = JSON.parse(ok(['version', '-o', 'json'])).serverVersion;
    expect(server).toEqual(JSON.parse((await sim(['version', '-o', 'json'])).stdout).serverVersion);
  });
});
