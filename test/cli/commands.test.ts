/**
 * Issue 16's parsing errors, suggestions, help and one-line answers, as full texts (these run everywhere;
 * client-side.test.ts and against-kubectl.test.ts compare the same against the real kubectl where
 * there is one).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { runTranscript } from '../../src/lib.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const err = (stderr: string, exitCode = 1) => ({ stdout: '', stderr, exitCode });

describe('parsing as kubectl 1.32', () => {
  it.each([
    ['exec bb curl -s http://10.96.0.1', err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n")],
    ['get po -l', err("error: flag needs an argument: 'l' in -l\nSee 'kubectl get --help' for usage.\n")],
    ['get po --selector', err("error: flag needs an argument: --selector\nSee 'kubectl get --help' for usage.\n")],
    ['get po -A=maybe', err('error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl get --help\' for usage.\n')],
    ['exec -it=x bb -- sh', err('error: invalid argument "x" for "-t, --tty" flag: strconv.ParseBool: parsing "x": invalid syntax\nSee \'kubectl exec --help\' for usage.\n')],
    ['describe po bb --show-events=maybe', err('error: invalid argument "maybe" for "--show-events" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl describe --help\' for usage.\n')],
    ['rollout status deploy/x -w=yes', err('error: invalid argument "yes" for "-w, --watch" flag: strconv.ParseBool: parsing "yes": invalid syntax\nSee \'kubectl rollout status --help\' for usage.\n')],
    // A bare boolean takes no value from the next word: "false" is a name, as in kubectl.
    ['delete po --wait false', err('Error from server (NotFound): pods "false" not found\n')],
    ['run x --image=nginx --generator=run-pod/v1', err("error: unknown flag: --generator\nSee 'kubectl run --help' for usage.\n")],
    ['config view --bogus', err("error: unknown flag: --bogus\nSee 'kubectl config view --help' for usage.\n")],
    ['config vew', err("error: unknown command \"vew\"\nSee 'kubectl config -h' for help and examples\n")],
    ['gt', err('error: unknown command "gt" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n')],
    ['cordn', err('error: unknown command "cordn" for "kubectl"\n\nDid you mean this?\n\tcordon\n')],
    ['zzzzzz', err('error: unknown command "zzzzzz" for "kubectl"\n')],
    ['diff --bogus', err("error: unknown flag: --bogus\nSee 'kubectl diff -h' for help and examples\n", 2)],
  ])('%s', async (line, expected) => {
    const c = new TestCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    expect(await c.run(line)).toEqual(expected);
  });

  it('booleans take =VALUE as Go reads it; --show-kind prefixes names', async () => {
    const c = new TestCluster();
    expect((await c.run('get ns -A=false --show-kind')).stdout).toBe(
      'NAME                           STATUS   AGE\nnamespace/default              Active   5m\nnamespace/kube-node-lease      Active   5m\nnamespace/kube-public          Active   5m\nnamespace/kube-system          Active   5m\nnamespace/local-path-storage   Active   5m\n',
    );
    expect((await c.run('get po --all-namespaces=T -o name')).stdout).toBe(
      'pod/coredns-fdcb9cd49-pwkbh\npod/coredns-fdcb9cd49-vd8kg\npod/etcd-kind-control-plane\npod/kindnet-4ncsx\npod/kindnet-92x6x\npod/kindnet-d9p95\npod/kube-apiserver-kind-control-plane\npod/kube-controller-manager-kind-control-plane\npod/kube-proxy-2bz6d\npod/kube-proxy-ck22m\npod/kube-proxy-hrfg9\npod/kube-scheduler-kind-control-plane\npod/local-path-provisioner-844c464cbf-5rhtn\n',
    );
  });
});

describe('commands kube-sim does not simulate say so', () => {
  it.each([
    ['certificate approve csr-1', 'error: kube-sim does not simulate "kubectl certificate": kube-sim has no CertificateSigningRequest\n'],
    ['plugin list', 'error: kube-sim does not simulate "kubectl plugin": kube-sim runs no kubectl plugins\n'],
    ['set subject rolebinding x --user=a', 'error: kube-sim does not simulate "kubectl set subject": change the subjects of the binding with apply -f or edit\n'],
    ['completion powershell', 'error: kube-sim does not simulate "kubectl completion powershell": use bash, zsh or fish\n'],
  ])('%s', async (line, stderr) => {
    expect(await new TestCluster().run(line)).toEqual(err(stderr));
  });

  it('and a walkthrough reports them as unsupported, never blessed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-unsupported-'));
    const file = join(dir, 'w.md');
    writeFileSync(file, '```console\n$ kubectl plugin list\n```\n');
    const result = await runTranscript(file);
    expect(result.passed).toBe(false);
    expect(JSON.stringify(result.failures)).toContain('kube-sim does not simulate \\"kubectl plugin\\"');
  });
});

describe('help as kubectl lays it out', () => {
  it('description, Examples, the flags kube-sim has in kubectl\'s words, Usage', async () => {
    const c = new TestCluster();
    expect(await c.ok('cordon --help')).toBe(
      [
        'Mark node as unschedulable.',
        '',
        'Examples:',
        '  # Mark node "foo" as unschedulable',
        '  kubectl cordon foo',
        '',
        'Options:',
        "    --dry-run='none':",
        '\tMust be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
        '',
        "    -l, --selector='':",
        "\tSelector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
        '',
        'Usage:',
        '  kubectl cordon NODE [options]',
        '',
        'Use "kubectl options" for a list of global command-line options (applies to all commands).',
        '',
      ].join('\n'),
    );
    // A parent without its subcommand prints its help on stderr and exits 1 (rollout: on stdout).
    const top = await c.run('top');
    expect(top.exitCode).toBe(1);
    expect(top.stdout).toBe('');
    expect(top.stderr).toContain('Available Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n');
    const rollout = await c.run('rollout');
    expect(rollout.exitCode).toBe(1);
    expect(rollout.stdout).toContain('Examples:\n  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n');
    // kube-sim's own commands are laid out the same way.
    expect(await c.ok('reset --help')).toContain('\nUsage:\n  kube-sim reset [flags] [options]\n\nUse "kube-sim options" for a list of global command-line options (applies to all commands).\n');
  });
});

describe('api-versions, top, auth', () => {
  it('answer as a kind v1.32 cluster without metrics-server, for kind\'s admin', async () => {
    const c = new TestCluster();
    expect(await c.ok('api-versions')).toBe('apiextensions.k8s.io/v1\napps/v1\nautoscaling/v1\nautoscaling/v2\nbatch/v1\ncoordination.k8s.io/v1\ndiscovery.k8s.io/v1\nnetworking.k8s.io/v1\npolicy/v1\nrbac.authorization.k8s.io/v1\nscheduling.k8s.io/v1\nstorage.k8s.io/v1\nv1\n');
    expect(await c.run('top pod')).toEqual(err('error: Metrics API not available\n'));
    expect(await c.run('top node kind-worker')).toEqual(err('error: Metrics API not available\n'));
    expect(await c.ok('auth whoami')).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
    expect(await c.run('auth can-i create pods')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(await c.run('auth can-i create pods --as=bob')).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    expect(await c.run('auth can-i get /healthz --as=bob')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
  });
});

describe('events and set', () => {
  it('events: none yet, then the deployment\'s, filtered by --for, --types and namespace', async () => {
    const c = new TestCluster();
    expect(await c.run('events')).toEqual(err('No events found in default namespace.\n', 0));
    await c.ok('create deployment web --image=nginx');
    expect(await c.ok('events --for deploy/web')).toBe(
      'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n0s          Normal   ScalingReplicaSet   Deployment/web   Scaled up replica set web-6dc5cd68db to 1\n',
    );
    expect(await c.run('events -A --types=Warning')).toEqual(err('No events found.\n', 0));
    expect(await c.run('events -n kube-public')).toEqual(err('No events found in kube-public namespace.\n', 0));
    expect(await c.run('events --types=Info')).toEqual(err('error: valid --types are Normal or Warning\n'));
    expect(await c.run('events --for web')).toEqual(err('error: --for must be in resource/name form\n'));
  });

  it('set image rolls the deployment out; set env changes its template', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx');
    expect(await c.ok('set image deploy/web nginx=nginx:1.27')).toBe('deployment.apps/web image updated\n');
    expect(await c.ok('get rs')).toBe('NAME             DESIRED   CURRENT   READY   AGE\nweb-6dc5cd68db   0         0         0       0s\nweb-99c749dc6    1         1         1       0s\n');
    expect(await c.ok('set env deploy/web --list')).toBe('# Deployment web, container nginx\n');
    expect(await c.ok('set env deploy/web COLOR=blue')).toBe('deployment.apps/web env updated\n');
    expect(await c.ok('set env deploy/web --list')).toBe('# Deployment web, container nginx\nCOLOR=blue\n');
    // Nothing to change: nothing printed, as kubectl.
    expect(await c.run('set env deploy/web COLOR=blue')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});
