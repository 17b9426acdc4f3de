/**
 * An image tag the registry does not have (a catalogued image whose tags are known): the kubelet's
 * ErrImagePull, then ImagePullBackOff for 10s, 20s, ... between attempts, and the events it records.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-image-pull-'));
const statePath = join(dir, 'state.json');
const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(statePath, () => undefined), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
const status = async () => (await sim('get po bad -o jsonpath={.status.containerStatuses[0].state.waiting.reason}')).stdout;

describe('a tag that does not exist', () => {
  it('fails to pull, backs off, and tries again', async () => {
    expect((await sim('run bad --image=gcr.io/google-samples/kubernetes-bootcamp:v10')).stdout).toBe('pod/bad created\n');
    expect((await sim('get po bad')).stdout).toBe('NAME   READY   STATUS         RESTARTS   AGE\nbad    0/1     ErrImagePull   0          0s\n');
    await sim('advance 1s');
    expect(await status()).toBe('ImagePullBackOff');
    await sim('advance 9s');
    expect(await status()).toBe('ImagePullBackOff');
    await sim('advance 1s');
    expect(await status()).toBe('ErrImagePull');
    await sim('advance 1s');
    const events = (await sim('get events --field-selector involvedObject.name=bad -o custom-columns=TYPE:.type,REASON:.reason,COUNT:.count,MESSAGE:.message')).stdout;
    expect(events).toBe(
      'TYPE      REASON      COUNT   MESSAGE\n' +
        'Normal    Scheduled   1       Successfully assigned default/bad to kind-worker2\n' +
        'Normal    Pulling     2       Pulling image "gcr.io/google-samples/kubernetes-bootcamp:v10"\n' +
        'Warning   Failed      2       Failed to pull image "gcr.io/google-samples/kubernetes-bootcamp:v10": failed to pull and unpack image "gcr.io/google-samples/kubernetes-bootcamp:v10": failed to resolve reference "gcr.io/google-samples/kubernetes-bootcamp:v10": gcr.io/google-samples/kubernetes-bootcamp:v10: not found\n' +
        'Warning   Failed      2       Error: ErrImagePull\n' +
        'Normal    BackOff     2       Back-off pulling image "gcr.io/google-samples/kubernetes-bootcamp:v10"\n' +
        'Warning   Failed      2       Error: ImagePullBackOff\n',
    );
    // The tags the image has pull as before.
    expect((await sim('run good --image=gcr.io/google-samples/kubernetes-bootcamp:v1')).exitCode).toBe(0);
    expect((await sim('get po good -o jsonpath={.status.phase}')).stdout).toBe('Running');
  });
});

describe("nginx's tags follow its release numbers", () => {
  it("the Deployments page's typo nginx:1.161 does not pull: the rollout stalls with one new pod in ImagePullBackOff", async () => {
    const { TestCluster } = await import('../helpers.js');
    const c = new TestCluster();
    await c.ok('create deployment nginx-deployment --image=nginx:1.16.1 --replicas=3');
    await c.ok('set image deployment/nginx-deployment nginx=nginx:1.161');
    await c.ok('advance 30s');
    const pods = (await c.ok('get pods -o custom-columns=IMAGE:.spec.containers[0].image,STATUS:.status.containerStatuses[0].state.waiting.reason')).split('\n');
    expect(pods.sort()).toEqual(['', 'IMAGE          STATUS', 'nginx:1.16.1   <none>', 'nginx:1.16.1   <none>', 'nginx:1.16.1   <none>', 'nginx:1.161    ImagePullBackOff']);
    expect((await c.run('rollout status deployment/nginx-deployment --timeout=1s')).stdout).toBe('Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    // Real releases pull, with their variants, and so does an image only aliased to nginx (nginx-slim's own tags).
    for (const image of ['nginx:1.7.9', 'nginx:1.27-alpine', 'nginx:stable-alpine-perl', 'registry.k8s.io/nginx-slim:0.8']) {
      await c.ok(`run p${image.length}x --image=${image}`);
    }
    expect(await c.ok("get pods -l run -o jsonpath='{range .items[*]}{.status.phase} {end}'")).toBe('Running Running Running Running ');
  });
});
