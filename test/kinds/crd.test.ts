/**
 * Custom resources across commands and clusters: the registry's custom kinds follow the state each
 * command loads (a CRD of one cluster never serves its resource in another), custom resources live in
 * their own `<plural>.<group>` map of a state file and survive a reload, and a custom plural equal to a
 * built-in one (`pods.example.com`) keeps the two apart. (A CRD reusing a built-in kind's name, such as
 * Pod, is not simulated: kube-sim's printers and controllers know the built-in kinds by name.) Outputs are compared in full.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { TestCluster } from '../helpers.js';

const crd = (plural: string, kind: string, group = 'example.com') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    plural: ${plural}
    kind: ${kind}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size:
                type: integer
`;

const object = (kind: string, name: string, group = 'example.com') => `apiVersion: ${group}/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
  size: 2
`;

describe('custom resources', () => {
  it('serves a CRD only in the cluster that has it', async () => {
    const a = new TestCluster();
    const b = new TestCluster();
    expect((await a.run('apply -f -', crd('widgets', 'Widget'))).stdout).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n');
    expect((await a.run('apply -f -', object('Widget', 'w1'))).stdout).toBe('widget.example.com/w1 created\n');
    const inB = await b.run('get widgets');
    expect([inB.stdout, inB.stderr, inB.exitCode]).toEqual(['', 'error: the server doesn\'t have a resource type "widgets"\n', 1]);
    const applyInB = await b.run('apply -f -', object('Widget', 'w1'));
    expect(applyInB.stderr).toBe('error: resource mapping not found for name: "w1" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n');
    expect((await a.run('get widgets')).stdout).toBe('NAME   AGE\nw1     0s\n');
  });

  it('keeps a custom plural equal to a built-in one apart from it', async () => {
    const c = new TestCluster();
    await c.ok('apply -f -', crd('pods', 'Capsule'));
    await c.ok('apply -f -', object('Capsule', 'p1'));
    // Built-in names win, as in kubectl's discovery order; the group-qualified name reaches the custom one.
    expect((await c.run('get pods')).stderr).toBe('No resources found in default namespace.\n');
    expect(await c.ok('get pods.example.com')).toBe('NAME   AGE\np1     0s\n');
    expect(await c.ok('get pods.example.com p1 -o jsonpath={.kind}/{.apiVersion}/{.spec.size}')).toBe('Capsule/example.com/v1/2');
  });

  it('stores custom resources in their own map of the state file, read back by the next command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-crd-'));
    const statePath = join(dir, 'cluster.json');
    const env = { KUBE_SIM_CLOCK: 'virtual' };
    const run = (argv: string[], stdin?: string) => runCaptured(argv, { store: new FileStore(statePath, () => undefined), env, stdin, cwd: dir });
    expect((await run(['apply', '-f', '-'], crd('widgets', 'Widget'))).exitCode).toBe(0);
    expect((await run(['apply', '-f', '-'], object('Widget', 'w1'))).exitCode).toBe(0);
    expect(readdirSync(`${statePath}.d`).some((f) => f.startsWith('objects.widgets.example.com'))).toBe(true);
    expect((await run(['get', 'widget', 'w1', '-o', 'jsonpath={.spec.size}'])).stdout).toBe('2');
    expect((await run(['delete', 'crd', 'widgets.example.com'])).stdout).toBe('customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n');
    expect((await run(['apply', '-f', '-'], crd('widgets', 'Widget'))).exitCode).toBe(0);
    // Recreated, the CRD starts out empty.
    expect((await run(['get', 'widgets'])).stderr).toBe('No resources found in default namespace.\n');
  });
});
