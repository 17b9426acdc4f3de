/**
 * metadata.managedFields (issue 13, cause C2): one entry per manager and operation with the fields it
 * set, fields moving to whoever changes them last, kubectl's manager names, hidden from -o yaml/json
 * unless --show-managed-fields (jsonpath and templates see them, as kubectl's do).
 */
import { describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';

const entry = (manager: string, fields: string[], extra = '') =>
  ['  - apiVersion: v1', '    fieldsType: FieldsV1', '    fieldsV1:', ...fields.map((f) => `      ${f}`), `    manager: ${manager}`, '    operation: Update', ...(extra ? [extra] : []), '    time: "2026-11-21T22:50:00Z"'];

describe('managedFields', () => {
  it('each writer owns what it set last; -o yaml hides them unless --show-managed-fields', async () => {
    const c = new TestCluster();
    await c.ok('create configmap app --from-literal=color=blue');
    await c.ok('label cm app tier=web');
    await c.ok('annotate cm app owner=ops');
    await c.ok(`patch cm app --type=merge -p '{"data":{"color":"green","size":"L"}}'`);
    const meta = ['  creationTimestamp: "2026-11-21T22:50:00Z"', '  labels:', '    tier: web'];
    const tail = ['  name: app', '  namespace: default'];
    const yaml = await c.ok('get cm app -o yaml --show-managed-fields');
    expect(yaml.split('\n').slice(0, 8 + 3)).toEqual(['apiVersion: v1', 'data:', '  color: green', '  size: L', 'kind: ConfigMap', 'metadata:', '  annotations:', '    owner: ops', ...meta]);
    expect(yaml.split('\n').slice(11, -3)).toEqual([
      '  managedFields:',
      ...entry('kubectl-annotate', ['f:metadata:', '  f:annotations:', '    .: {}', '    f:owner: {}']),
      // kubectl-patch took data.color: kubectl-create keeps only the data map itself.
      ...entry('kubectl-create', ['f:data: {}']),
      ...entry('kubectl-label', ['f:metadata:', '  f:labels:', '    .: {}', '    f:tier: {}']),
      ...entry('kubectl-patch', ['f:data:', '  f:color: {}', '  f:size: {}']),
      ...tail,
    ]);
    expect(await c.ok('get cm app -o yaml')).not.toContain('managedFields');
    expect(await c.ok('get cm app -o json')).not.toContain('managedFields');
    expect(await c.ok('get cm app -o jsonpath={.metadata.managedFields[*].manager}')).toBe('kubectl-annotate kubectl-create kubectl-label kubectl-patch');
    // A removed field leaves its owner's set; an empty set leaves no entry.
    await c.ok('label cm app tier-');
    expect(await c.ok('get cm app -o jsonpath={.metadata.managedFields[*].manager}')).toBe('kubectl-annotate kubectl-create kubectl-patch');
  });

  it('a created object is owned by its creator with the defaulted fields, not what admission or allocation added', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx');
    await c.ok('expose deploy web --port=80 --target-port=8080');
    const svc = await c.ok('get svc web -o jsonpath={.metadata.managedFields}');
    expect(JSON.parse(svc)).toEqual([
      {
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:internalTrafficPolicy': {},
            'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} } },
            'f:selector': {},
            'f:sessionAffinity': {},
            'f:type': {},
          },
        },
        manager: 'kubectl-expose',
        operation: 'Update',
        time: '2026-11-21T22:50:00Z',
      },
    ]);
    await c.ok('run p --image=nginx --port=80');
    const pod = JSON.parse(await c.ok('get pod p -o jsonpath={.metadata.managedFields[0].fieldsV1}'));
    expect(pod).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"p"}': {
            '.': {},
            'f:image': {},
            'f:imagePullPolicy': {},
            'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
            'f:resources': {},
            'f:terminationMessagePath': {},
            'f:terminationMessagePolicy': {},
          },
        },
        'f:dnsPolicy': {},
        'f:enableServiceLinks': {},
        'f:restartPolicy': {},
        'f:schedulerName': {},
        'f:securityContext': {},
        'f:terminationGracePeriodSeconds': {},
      },
    });
    expect(await c.ok('get rs -l app=web -o jsonpath={.items[0].metadata.managedFields[*].manager}')).toBe('kube-controller-manager');
    expect(await c.ok('get pods -l app=web -o jsonpath={.items[0].metadata.managedFields[*].manager}')).toBe('kube-controller-manager');
  });

  it("every kubectl verb writes as kubectl's manager of that name", async () => {
    const c = new TestCluster();
    c.env = { ...c.env, TMPDIR: c.dir };
    const managers = async (what: string) => (await c.runArgv(['get', ...what.split(' '), '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager}/{.subresource}{"\\n"}{end}'])).stdout;
    c.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n');
    await c.ok('create -f cm.yaml');
    expect(await managers('cm a')).toBe('kubectl-create/\n');
    await c.ok('apply -f cm.yaml');
    expect(await managers('cm a')).toBe('kubectl-client-side-apply/\nkubectl-create/\n');
    // replace sends the manifest, without apply's annotation: the only field apply owned goes, and its entry.
    c.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: w\n');
    await c.ok('replace -f cm.yaml');
    expect(await managers('cm a')).toBe('kubectl-create/\nkubectl-replace/\n');
    const editor = join(c.dir, 'editor.sh');
    c.file('editor.sh', `#!/bin/sh\nsed -i 's/k: w/k: x/' "$1"\n`);
    chmodSync(editor, 0o755);
    c.env = { ...c.env, KUBE_EDITOR: editor };
    await c.ok('edit cm a');
    expect(await managers('cm a')).toBe('kubectl-create/\nkubectl-edit/\n');
    await c.ok('create deployment web --image=nginx');
    await c.ok('scale deploy web --replicas=2');
    await c.ok('rollout restart deploy web');
    expect(await managers('deploy web')).toBe('kubectl-create/\nkubectl-rollout/\nkubectl-scale/scale\n');
  });

  it("a DaemonSet's pods are the controller's; its rollouts are kubectl-rollout's, and a server dry run stores nothing", async () => {
    const c = new TestCluster();
    const ds = 'ds kube-proxy -n kube-system';
    expect(await c.ok('get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath={.items[*].metadata.managedFields[*].manager}')).toBe(
      'kube-controller-manager kube-controller-manager kube-controller-manager',
    );
    await c.ok(`rollout restart ${ds}`);
    const template = await c.ok(`get ${ds} -o jsonpath={.spec.template}`);
    expect(await c.ok(`get ${ds} -o jsonpath={.metadata.managedFields[*].manager}`)).toBe('kubectl-rollout');
    expect(await c.ok(`rollout undo ${ds} --dry-run=server`)).toBe('daemonset.apps/kube-proxy rolled back (server dry run)\n');
    expect(await c.ok(`get ${ds} -o jsonpath={.spec.template}`)).toBe(template);
    expect(await c.ok(`rollout undo ${ds}`)).toBe('daemonset.apps/kube-proxy rolled back\n');
    expect(await c.ok(`get ${ds} -o jsonpath={.spec.template}`)).not.toBe(template);
  });
});
