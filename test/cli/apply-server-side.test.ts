/**
 * `kubectl apply --server-side` and `kubectl replace --force` through the CLI, with the outputs and errors
 * of kubectl 1.32 (checked against the real kubectl through kube-sim serve): the conflict advice kubectl
 * adds to the server's Conflict, the flags it refuses together, and a replaced object's dependents.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const CM = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "${v}"\n  b: "${v}"\n`;

const ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;

describe('apply --server-side', () => {
  it('applies as the kubectl manager, refuses conflicts with advice, takes them with --force-conflicts', async () => {
    const c = new TestCluster();
    c.file('ssa.yaml', CM('1'));
    expect(await c.run('apply --server-side -f ssa.yaml')).toEqual({ stdout: 'configmap/ssa serverside-applied\n', stderr: '', exitCode: 0 });
    expect(await c.ok(`patch cm ssa --type=merge -p '{"data":{"a":"2","b":"2"}}'`)).toBe('configmap/ssa patched\n');
    c.file('ssa.yaml', CM('3'));
    expect(await c.run('apply --server-side -f ssa.yaml')).toEqual({
      stdout: '',
      stderr: `error: Apply failed with 2 conflicts: conflicts with "kubectl-patch" using v1\n- .data.a\n- .data.b\n${ADVICE}`,
      exitCode: 1,
    });
    expect(await c.run('apply --server-side --force-conflicts -f ssa.yaml')).toEqual({ stdout: 'configmap/ssa serverside-applied\n', stderr: '', exitCode: 0 });
    expect(await c.ok(`get cm ssa -o jsonpath='{.data}{"\\n"}{range .metadata.managedFields[*]}{.manager} {.operation}{"\\n"}{end}'`)).toBe('{"a":"3","b":"3"}\nkubectl Apply\n');
    expect(await c.ok('apply --server-side --field-manager=me -f ssa.yaml -o name')).toBe('configmap/ssa\n');
    expect(await c.ok('get cm ssa -o jsonpath={.metadata.managedFields[*].manager}')).toBe('kubectl me');
  });

  it('refuses the flags kubectl refuses together', async () => {
    const c = new TestCluster();
    c.file('ssa.yaml', CM('1'));
    expect(await c.run('apply --server-side --dry-run=client -f ssa.yaml')).toEqual({ stdout: '', stderr: "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n", exitCode: 1 });
    expect(await c.run('apply --force-conflicts -f ssa.yaml')).toEqual({ stdout: '', stderr: 'error: --force-conflicts only works with --server-side\n', exitCode: 1 });
    expect(await c.run('apply --server-side --dry-run=server -f ssa.yaml')).toEqual({ stdout: 'configmap/ssa serverside-applied (server dry run)\n', stderr: '', exitCode: 0 });
    expect((await c.run('get cm ssa')).exitCode).toBe(1);
  });
});

describe('replace --force', () => {
  it("deletes and creates again; the old object's dependents are collected", async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx --replicas=2');
    const before = await c.ok('get rs,po -o name');
    c.file('web.yaml', await c.ok('get deploy web -o yaml'));
    expect(await c.run('replace --force -f web.yaml')).toEqual({ stdout: 'deployment.apps "web" deleted\ndeployment.apps/web replaced\n', stderr: '', exitCode: 0 });
    // One ReplicaSet and two pods, all of the new Deployment (the old ones went with the old Deployment).
    const after = await c.ok('get rs,po -o name');
    expect(after.split('\n').filter(Boolean)).toHaveLength(3);
    const uid = await c.ok('get deploy web -o jsonpath={.metadata.uid}');
    expect(await c.ok('get rs -o jsonpath={.items[*].metadata.ownerReferences[0].uid}')).toBe(uid);
    expect(before.split('\n').filter((l) => l.startsWith('pod/')).every((p) => !after.includes(p))).toBe(true);
    expect(await c.run('replace --force -f web.yaml --dry-run=server')).toEqual({ stdout: '', stderr: 'error: --dry-run can not be used when --force is set\n', exitCode: 1 });
    expect(await c.run('replace --force -f web.yaml -o name')).toEqual({ stdout: 'deployment.apps/web\ndeployment.apps/web\n', stderr: '', exitCode: 0 });
  });
});
