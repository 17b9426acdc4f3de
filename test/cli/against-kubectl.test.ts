/**
 * Issue 16's commands through the real kubectl (against `kube-sim serve`) and through kube-sim, on twin
 * clusters, step by step: the same bytes on stdout and stderr and the same exit code. Skipped, visibly,
 * where no kubectl is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Twins, ages, kubectlPath } from './real-kubectl.js';

const hasKubectl = kubectlPath !== '';
if (!hasKubectl) console.warn('SKIPPED: test/cli/against-kubectl.test.ts needs a real kubectl on the PATH (none found)');

/** Compare one command on both twins (after `normalise`, for what kubectl computes from its own clock). */
async function same(t: Twins, line: string, normalise: (s: string) => string = (s) => s): Promise<void> {
  const theirs = await t.kubectl(line);
  const ours = await t.sim(line);
  const view = (r: { stdout: string; stderr: string; exitCode: number | null }) => ({ stdout: normalise(r.stdout), stderr: normalise(r.stderr), exitCode: r.exitCode });
  expect(view(ours), line).toEqual(view(theirs));
}

const SETUP = [
  'create deployment web --image=nginx --replicas=2',
  // One key each: kubectl takes --from's keys in Go's random map order.
  'create configmap cfg --from-literal=log.level=debug',
  'create secret generic sec --from-literal=password=hunter2',
  'run bare --image=busybox --env=A=1 -- sleep 3600',
  'expose deployment web --port=80',
];

describe.skipIf(!hasKubectl)('issue 16 commands: the real kubectl and kube-sim on twin clusters', () => {
  const t = new Twins();
  beforeAll(() => t.start(SETUP));
  afterAll(() => t.stop());

  it('api-versions, top, auth can-i and its warnings', async () => {
    for (const line of [
      'api-versions',
      'top node',
      'top pod',
      'top pod a b',
      'top node -l x y',
      'auth can-i create pods',
      'auth can-i --list',
      'auth can-i --list -A',
      'auth can-i get nodes',
      'auth can-i frob pods',
      'auth can-i get foos',
      'auth can-i get /healthz',
      'auth can-i create pods -q',
      'auth can-i create deploy.apps',
      'auth can-i --no-headers create pods',
      'auth can-i get',
    ]) await same(t, line);
  });

  it('events: LAST SEEN, kubectl\'s unstable sort of same-time events, --for, --types, -A, -o', async () => {
    for (const line of ['events', 'events -A', 'events --for deploy/web', 'events --for=rs/nope', 'events --types=Warning', 'events --types=foo', 'events --for=web', 'events -o name', 'events --no-headers --for deploy/web']) {
      await same(t, line, ages);
    }
    await same(t, 'events -o json --for deploy/web');
    await same(t, 'events -o yaml --for deploy/web');
  });

  it('cordon, uncordon and taint, with the scheduler and the node lifecycle taint', async () => {
    for (const line of ['cordon kind-worker', 'cordon kind-worker']) await same(t, line);
    await same(t, 'get nodes', ages);
    for (const line of [
      'get node kind-worker -o jsonpath={.spec}',
      'cordon nope',
      'cordon',
      'taint nodes kind-worker2 app=blue:NoSchedule',
      'taint nodes kind-worker2 app=blue:NoSchedule',
      'taint nodes kind-worker2 app=green:NoSchedule --overwrite',
      'taint nodes kind-worker2 app=blue:PreferNoSchedule',
      'taint nodes kind-worker2 app-',
      'taint nodes kind-worker2 app-',
      'taint nodes --all dedicated=x:NoSchedule',
      'get nodes -o jsonpath={.items[*].spec.taints}',
      'taint nodes -l kubernetes.io/hostname=kind-worker dedicated:NoSchedule-',
      'taint nodes kind-worker a=b:Foo',
      'taint nodes kind-worker a=b:NoSchedule a=c:NoSchedule',
      'taint pods x a=b:NoSchedule',
      'taint nodes a=b:NoSchedule',
      'taint nodes kind-worker a_=b:NoSchedule',
      'taint nodes kind-worker x/y/z=b:NoSchedule',
      'taint nodes nope a=b:NoSchedule',
      'taint nodes kind-worker2 x=y:NoSchedule --dry-run=client',
      'uncordon kind-worker',
    ]) await same(t, line);
    await same(t, 'get nodes', ages);
  });

  it('set image, env, resources, selector and serviceaccount', async () => {
    for (const line of [
      'set image deployment/web nginx=nginx:1.25',
      'set image deployment/web nginx=nginx:1.25',
      'set image deployment/web foo=bar',
      'set image svc/web x=y',
      'set image deploy/web deploy/nope nginx=x',
      'set env deployment/web A=1 B=2',
      'set env deployment/web --list',
      'set env deployment/web A-',
      'set env deployment/web --from=configmap/cfg',
      'set env deployment/web --list --resolve',
      'set env deployment/web --from=secret/sec --prefix=S_',
      'set env pod/bare A=2 --overwrite=false',
      'set env deployment/web -c nope X=1',
      'set env deployment/web -e C=3 --dry-run=client',
      'set resources deployment/web --limits=cpu=200m,memory=512Mi --requests=cpu=0.1',
      'set resources deployment/web --limits=cpu=abc',
      'set selector svc/web app=other',
      "set selector svc/web 'app in (x)'",
      'set selector deploy/web app=other',
      'set sa deployment/web robot',
      'set serviceaccount deployment/web robot',
      'set sa deploy/web',
      'get deploy web -o jsonpath={.spec.template.spec}',
      'get rs -o name',
    ]) await same(t, line);
  });

  it('completion candidates (__complete) for commands, types, names, flags and values', async () => {
    for (const line of [
      '__complete g',
      "__complete get ''",
      "__complete get po ''",
      "__complete -n ''",
      "__complete get po -n kube-system ''",
      "__complete config ''",
      "__complete describe deploy ''",
      "__complete exec ''",
      "__complete get deploy/''",
      "__complete get po -o ''",
      "__complete scale ''",
      "__complete cordon ''",
      "__complete top ''",
      "__complete taint node ''",
      "__complete rollout status ''",
      "__complete apply -f ''",
      '__complete get po zzz',
      '__complete get po w -o',
    ]) await same(t, line);
  });

  it('diff: flag and file errors exit 2', async () => {
    for (const line of ['diff --bogus', 'diff', 'diff -f nofile.yaml']) await same(t, line);
  });
});
