/**
 * `-k` is client-side in kubectl: the real kubectl 1.32 builds the kustomization itself and sends the
 * objects to `kube-sim serve`. Here it does so on one twin cluster while kube-sim's own `-k` runs on the
 * other: the same output, the same errors and the same objects in both clusters. Skipped, visibly, where
 * no kubectl is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Twins, kubectlPath } from './real-kubectl.js';
import { writeTree } from './kustomize-files.js';

const hasKubectl = kubectlPath !== '';
if (!hasKubectl) console.warn('SKIPPED: test/cli/kustomize-kubectl.test.ts needs a real kubectl on the PATH (none found)');

/** A base and an overlay: generators whose hashed names the Deployment and the Pod refer to, prefix, namespace, labels, images, a patch. */
const FILES = {
  'base/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  replicas: 1\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.14\n        envFrom:\n        - configMapRef:\n            name: web-config\n        env:\n        - name: PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: web-secret\n              key: password\n',
  'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
  'base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\nconfigMapGenerator:\n- name: web-config\n  literals:\n  - MODE=base\nsecretGenerator:\n- name: web-secret\n  literals:\n  - password=s3cr3t\n',
  'dev/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n',
  'dev/kustomization.yaml':
    'resources:\n- ns.yaml\n- ../base\nnamespace: dev\nnamePrefix: dev-\nlabels:\n- pairs:\n    env: dev\n  includeSelectors: true\nimages:\n- name: nginx\n  newTag: "1.25"\nreplicas:\n- name: web\n  count: 2\nconfigMapGenerator:\n- name: web-config\n  behavior: merge\n  literals:\n  - MODE=dev\n',
  'broken/kustomization.yaml': 'resources:\n- missing.yaml\n',
};

/** The objects a cluster holds after the steps (what either kubectl made of the kustomization). */
const OBJECTS =
  "get deploy,svc,cm,secret -n dev -o 'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.labels} {.spec.selector} {.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].envFrom} {.spec.template.spec.containers[0].env}{\"\\n\"}{end}'";

describe.skipIf(!hasKubectl)('-k: the real kubectl and kube-sim on twin clusters', () => {
  const t = new Twins();
  beforeAll(async () => {
    await t.start(['create namespace other']);
    writeTree(t.dir, FILES);
  });
  afterAll(() => t.stop());

  /** One command on both twins, `-k` naming the twins' directory by its absolute path (the real kubectl runs elsewhere). */
  async function same(line: string): Promise<string> {
    const abs = line.replace(/-k (\S+)/, (_m, d: string) => `-k ${join(t.dir, d)}`);
    const theirs = await t.kubectl(abs);
    const ours = await t.sim(abs);
    const view = (r: { stdout: string; stderr: string; exitCode: number | null }) => ({ stdout: r.stdout, stderr: r.stderr.replaceAll(t.dir, '$DIR'), exitCode: r.exitCode });
    expect(view(ours), line).toEqual(view(theirs));
    return ours.stdout;
  }

  it('apply -k gives the same objects; get, describe, label and delete -k the same output', async () => {
    await same('create -k dev --dry-run=client -o name');
    await same('create -k dev --dry-run=client -o yaml');
    await same('apply -k dev --dry-run=client -o yaml');
    await same('replace -k dev --dry-run=client -o json');
    await same('apply -k dev');
    const objects = await same(OBJECTS);
    // The overlay's names, namespace, labels, image, replicas, merged data and rewritten references all reached the cluster.
    expect(objects).toMatch(/^Deployment\/dev-web \{"env":"dev"\} \{"matchLabels":\{"app":"web","env":"dev"\}\} 2 nginx:1\.25 \[\{"configMapRef":\{"name":"dev-web-config-\w{10}"\}\}\] \[\{"name":"PASSWORD","valueFrom":\{"secretKeyRef":\{"key":"password","name":"dev-web-secret-\w{10}"\}\}\}\]$/m);
    await same('get -k dev');
    await same('get -k dev -o name');
    await same('label -k dev tier=web');
    await same('set image -k dev web=nginx:1.26');
    await same('patch -k dev --type=merge -p {"metadata":{"annotations":{"note":"x"}}}');
    await same('apply -k dev');
    await same('delete -k dev');
    await same('get ns');
  });

  it("the errors: -f with -k, a missing directory, a kustomization that does not build", async () => {
    await same('apply -k dev -f dev/ns.yaml');
    await same('apply -k nowhere');
    await same('get -k nowhere');
    await same('apply -k broken');
    await same('describe -k broken');
  });
});
