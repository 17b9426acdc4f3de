/**
 * What kubernetes.io's Deployments page shows of the deployment controller and `kubectl rollout`: the
 * ScalingReplicaSet events' two wordings, the progress deadline on the cluster clock, and kubectl's
 * rollbacker refusing a paused Deployment only after it has found the revision. Full output texts.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const NGINX = 'https://k8s.io/examples/controllers/nginx-deployment.yaml';

/** The Progressing condition `-o yaml` prints, set at `time` (22:50:00 is the cluster's start). */
const progressingAt = (time: string, message: string, reason: string, status: string) =>
  [`  - lastTransitionTime: "2026-11-21T${time}Z"`, `    lastUpdateTime: "2026-11-21T${time}Z"`, `    message: ${message}`, `    reason: ${reason}`, `    status: "${status}"`, '    type: Progressing'].join('\n');

/** The Progressing condition of nginx-deployment as `-o yaml` prints it. */
async function progressing(c: TestCluster): Promise<string> {
  const yaml = await c.ok('get deploy nginx-deployment -o yaml');
  const lines = yaml.split('\n');
  const end = lines.indexOf('    type: Progressing');
  return lines.slice(end - 5, end + 1).join('\n');
}

describe("the Deployments page's controller and rollout behaviour", () => {
  test('a ReplicaSet created with replicas is "Scaled up ... to N"; a later size change says "to N from M"', async () => {
    // kubernetes pkg/controller/deployment/sync.go: getNewReplicaSet's event has no "from"; scaleReplicaSet's has.
    const c = new TestCluster();
    await c.ok(`apply -f ${NGINX}`);
    await c.ok('set image deployment/nginx-deployment nginx=nginx:1.16.1');
    expect(await c.ok('events --for deployment/nginx-deployment')).toBe(
      [
        'LAST SEEN   TYPE     REASON              OBJECT                        MESSAGE',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled up replica set nginx-deployment-7779fb7fcf to 3',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled up replica set nginx-deployment-5855dbb5d4 to 1',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled down replica set nginx-deployment-7779fb7fcf to 2 from 3',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled up replica set nginx-deployment-5855dbb5d4 to 2 from 1',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled down replica set nginx-deployment-7779fb7fcf to 1 from 2',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled up replica set nginx-deployment-5855dbb5d4 to 3 from 2',
        '0s          Normal   ScalingReplicaSet   Deployment/nginx-deployment   Scaled down replica set nginx-deployment-7779fb7fcf to 0 from 1',
        '',
      ].join('\n'),
    );
  });

  test('a stuck rollout exceeds its progress deadline one second after it, however far the clock jumps', async () => {
    // progress.go: requeueStuckDeployment looks again at lastUpdateTime + progressDeadlineSeconds + 1s, and
    // DeploymentTimedOut needs the deadline strictly passed.
    const c = new TestCluster();
    await c.ok(`apply -f ${NGINX}`);
    await c.ok('set image deployment/nginx-deployment nginx=nginx:1.161');
    await c.ok('advance 600s');
    expect(await progressing(c)).toBe(progressingAt('22:50:00', 'ReplicaSet "nginx-deployment-f656c7c74" is progressing.', 'ReplicaSetUpdated', 'True'));
    expect(await c.run('rollout status deployment/nginx-deployment --watch=false')).toEqual({
      stdout: 'Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...\n',
      stderr: '',
      exitCode: 0,
    });
    await c.ok('advance 10m');
    expect(await progressing(c)).toBe(progressingAt('23:00:01', 'ReplicaSet "nginx-deployment-f656c7c74" has timed out progressing.', 'ProgressDeadlineExceeded', 'False'));
    expect(await c.run('rollout status deployment/nginx-deployment')).toEqual({
      stdout: '',
      stderr: 'error: deployment "nginx-deployment" exceeded its progress deadline\n',
      exitCode: 1,
    });
  });

  test('undo of a paused Deployment: the revision is looked up first, then the pause refuses it', async () => {
    // kubectl polymorphichelpers/rollback.go: deploymentRevision before the Spec.Paused check.
    const c = new TestCluster();
    await c.ok(`apply -f ${NGINX}`);
    await c.ok('rollout pause deployment/nginx-deployment');
    await c.ok('set image deployment/nginx-deployment nginx=nginx:1.16.1');
    expect(await c.run('rollout undo deployment/nginx-deployment')).toEqual({
      stdout: '',
      stderr: 'error: no rollout history found for deployment "nginx-deployment"\n',
      exitCode: 1,
    });
    expect(await c.run('rollout undo deployment/nginx-deployment --to-revision=2')).toEqual({
      stdout: '',
      stderr: 'error: unable to find specified revision 2 in history\n',
      exitCode: 1,
    });
    await c.ok('rollout resume deployment/nginx-deployment');
    await c.ok('rollout pause deployment/nginx-deployment');
    expect(await c.run('rollout undo deployment/nginx-deployment')).toEqual({
      stdout: '',
      stderr: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
      exitCode: 1,
    });
  });
});
