/**
 * What kubectl 1.32 decides without a server, against kube-sim: parsing errors and their exit codes,
 * "Did you mean this?", --help texts, and the kubeconfig commands (kube-sim's own kubeconfig on one
 * side, a copy of it given to the real kubectl on the other). Skipped, visibly, where there is no
 * kubectl 1.32 binary (the gcloud dispatcher parses flags itself, with its own words).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';
import { kubectl132, runKubectl } from './real-kubectl.js';
import { shellWords } from '../../src/util/shell-words.js';

if (!kubectl132) console.warn('SKIPPED: test/cli/client-side.test.ts needs a kubectl 1.32 binary ($KUBECTL_132 or kubectl.1.32 beside kubectl)');

describe.skipIf(!kubectl132)('kubectl 1.32 without a server, and kube-sim', () => {
  const home = mkdtempSync(join(tmpdir(), 'kube-sim-client-'));

  /**
   * kube-sim on its cluster, the real kubectl on a kubeconfig file `kc`; file paths made alike. In help
   * texts, the Options entries of flags kube-sim does not have are left out of kubectl's (kube-sim lists
   * only the flags it has, in kubectl's words): everything else must be the same.
   */
  async function compare(c: TestCluster, kc: string, line: string): Promise<void> {
    const theirs = await runKubectl(kubectl132!, shellWords(line), { KUBECONFIG: kc, HOME: home }, c.dir);
    const ours = await c.run(line);
    const paths = (s: string) => s.replaceAll(kc, 'KUBECONFIG').replaceAll('<memory>/kubeconfig', 'KUBECONFIG');
    const FLAG = /^    (-., )?--[\w-]+=.*:\n\t/;
    const blocks = (s: string) => s.replace('Options:\n', 'Options:\n\n').split('\n\n');
    const ourFlags = new Set([...blocks(ours.stdout), ...blocks(ours.stderr)].filter((b) => FLAG.test(b)));
    const onlyOurs = (s: string) => blocks(s).filter((b) => !FLAG.test(b) || ourFlags.has(b)).join('\n\n').replace('Options:\n\n', 'Options:\n');
    expect({ stdout: paths(ours.stdout), stderr: paths(ours.stderr), exitCode: ours.exitCode }, line).toEqual({
      stdout: paths(onlyOurs(theirs.stdout)),
      stderr: paths(onlyOurs(theirs.stderr)),
      exitCode: theirs.exitCode,
    });
  }

  async function withKubeconfig(): Promise<{ c: TestCluster; kc: string }> {
    const c = new TestCluster();
    const kc = join(c.dir, 'kubeconfig');
    writeFileSync(kc, await c.ok('config view --raw'));
    return { c, kc };
  }

  it('parsing errors, usage errors and exit codes', async () => {
    const { c, kc } = await withKubeconfig();
    for (const line of [
      'exec POD curl -s http://10.96.0.1',
      'get po -l',
      'get po -Al',
      'get po --selector',
      'get po -A=maybe',
      'get po --all-namespaces=Maybe',
      'logs -f=x',
      'exec -it=x',
      'get po -Ax',
      'run x --image=nginx --generator=run-pod/v1',
      'get pods --bogus',
      'config vew',
      'rollout stats',
      'set imag',
      'top nod',
      'diff --bogus',
      'diff',
      'cordon',
      'completion',
      'completion foo',
      'completion bash zsh',
      'scale deploy web --replicas=abc',
      'scale deploy web --replicas=99999999999999999999',
      'scale deploy web --replicas 1_0x',
      'logs web --tail=1e3',
      'rollout undo deploy/web --to-revision=0b102',
      'create deployment web --image=nginx --port=8o',
    ]) await compare(c, kc, line);
  });

  it('pflag Int32 flags (autoscale, create deployment, create priorityclass) refuse what does not fit in 32 bits; Int flags of the same name take 64', async () => {
    const { c, kc } = await withKubeconfig();
    for (const line of [
      'autoscale deploy/web --min=2147483648 --max=3',
      'autoscale deploy/web --max=2147483648',
      'autoscale deploy/web --max 0x80000000',
      'autoscale deploy/web --max=3 --cpu-percent=-2147483649',
      'create deployment web --image=nginx --replicas=2147483648',
      'create deployment web --image=nginx -r 2147483648',
      'create deploy web --image=nginx --port=-2147483649',
      'create priorityclass high --value=2147483648',
      'scale deploy web --replicas=9223372036854775808',
      'create service nodeport web --tcp=80 --node-port=abc',
      'cp --retries=x a b',
    ]) await compare(c, kc, line);
  });

  it('create token: its argument and --duration parsing errors, and its help (Validate\'s checks need a client: test/serve/token.test.ts)', async () => {
    const { c, kc } = await withKubeconfig();
    for (const line of [
      'create token',
      'create token a b',
      'create token default --duration=abc',
      'create token default --duration=200000000h',
      'create token --help',
    ]) await compare(c, kc, line);
  });

  it('create\'s own flags (-f, -k, --edit, --dry-run...) are not its generators\' unless they declare them', async () => {
    const { c, kc } = await withKubeconfig();
    for (const line of [
      'create configmap x -f foo.yaml',
      'create configmap x -ffoo.yaml',
      'create configmap x --from-literal=a=b -k dir',
      'create namespace x --edit',
      'create namespace x --filename=a.yaml',
      'create token default --save-config',
      'create token default --dry-run=client',
      'create token default --validate=false',
      'create secret generic s --from-literal=a=b --edit',
      'create token default --validate=false -f x.yaml --save-config',
    ]) await compare(c, kc, line);
  });

  it('"Did you mean this?" for typos, in kubectl\'s order', async () => {
    const { c, kc } = await withKubeconfig();
    // (kube-sim's own commands are suggested too: `desc` also offers `test`; these typos meet none of them.)
    for (const line of ['gt', 'cordn', 'descrbe', 'confg', 'lgs', 'ap', 'version2', 'zzzzzz']) await compare(c, kc, line);
  });

  it('--help: kubectl\'s description, examples, flags and usage', async () => {
    const { c, kc } = await withKubeconfig();
    for (const line of [
      'config --help',
      'config current-context --help',
      'config use-context --help',
      'config rename-context --help',
      'config get-contexts --help',
      'config set-context --help',
      'top --help',
      'set --help',
      'auth --help',
      'auth can-i --help',
      'api-versions --help',
      'cordon --help',
      'uncordon --help',
      'events --help',
      'completion --help',
      'diff --help',
      'taint --help',
      'set selector --help',
      'config',
      'top',
      'set',
      'auth',
    ]) await compare(c, kc, line);
  });

  it('config: contexts, namespaces, clusters and users, as kubectl edits a kubeconfig', async () => {
    const { c, kc } = await withKubeconfig();
    for (const line of [
      'config view',
      'config view --minify',
      'config view --raw',
      'config view -o json',
      'config view -o jsonpath={.current-context}',
      'config current-context',
      'config get-contexts',
      'config get-clusters',
      'config get-users',
      'config use-context nope',
      'config set-context --current --namespace=dev',
      'config get-contexts',
      'config view --minify',
      'config set-context foo --cluster=kind-kind --user=kind-kind',
      'config get-contexts',
      'config get-contexts foo',
      'config get-contexts nope',
      'config get-contexts foo nope other',
      'config get-contexts -o name',
      'config get-contexts --no-headers',
      'config get-contexts -o yaml',
      'config use-context foo',
      'config use-context',
      'config use-context a b',
      'config rename-context foo bar',
      'config rename-context bar kind-kind',
      'config rename-context nope x',
      'config rename-context bar',
      'config get-contexts',
      'config set-context',
      'config set-context a b',
      'config delete-context bar',
      'config delete-context bar',
      'config delete-context',
      'config set-cluster c1 --server=https://1.2.3.4',
      'config set-cluster c1 --insecure-skip-tls-verify=true',
      'config set-credentials u1 --token=abc',
      'config set-credentials u1 --username=u --password=p',
      'config view',
      'config set-credentials u1 --token=t2',
      'config set-credentials u2 --client-certificate=cert.pem --client-key=key.pem',
      'config set-cluster c1 --certificate-authority=ca.pem',
      'config set-cluster c1 --tls-server-name=x --proxy-url=http://proxy:3128',
      'config set-cluster c1 --server=https://5.6.7.8',
      'config set-credentials',
      'config view',
      'config view --raw',
      'config set current-context kind-kind',
      'config set contexts.kind-kind.namespace ns1',
      'config get-contexts',
      'config set bogus.x y',
      'config unset contexts.kind-kind.namespace',
      'config unset nope',
      'config delete-cluster c1',
      'config delete-cluster c1',
      'config delete-user u1',
      'config view extra',
      'config unset current-context',
      'config current-context',
      'config view --minify',
    ]) await compare(c, kc, line);
  });
});
