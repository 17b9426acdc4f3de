/**
 * Updates of an existing pod (issue 13, cause C1): metadata and the fields ValidatePodUpdate allows
 * change through every verb; anything else is refused with the server's Forbidden message and the
 * go-cmp diff of the spec. A patch that only reorders keys changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';
import { FORBIDDEN_HEAD, RESTART_POLICY_DIFF } from '../fixtures/pod-update-refusal.js';

async function withPod(): Promise<TestCluster> {
  const c = new TestCluster();
  c.env = { ...c.env, TMPDIR: c.dir };
  await c.ok('run web --image=nginx --port=80');
  return c;
}

describe('updating a pod', () => {
  it('label, annotate and the three patch types change what a pod update may change', async () => {
    const c = await withPod();
    expect(await c.run('label pod web tier=frontend')).toEqual({ stdout: 'pod/web labeled\n', stderr: '', exitCode: 0 });
    expect(await c.run('annotate pod web note=hi')).toEqual({ stdout: 'pod/web annotated\n', stderr: '', exitCode: 0 });
    expect(await c.ok(`patch pod web -p '{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}'`)).toBe('pod/web patched\n');
    expect(await c.ok(`patch pod web --type=merge -p '{"metadata":{"labels":{"tier":"backend"}}}'`)).toBe('pod/web patched\n');
    expect(await c.ok(`patch pod web --type=json -p '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.28"}]'`)).toBe('pod/web patched\n');
    expect(await c.ok(`patch pod web -p '{"metadata":{"labels":{"tier":"backend"}}}'`)).toBe('pod/web patched (no change)\n');
    expect(await c.ok(`patch pod web -p '{"spec":{"activeDeadlineSeconds":60}}'`)).toBe('pod/web patched\n');
    expect(await c.ok('get pod web -o jsonpath={.spec.containers[0].image},{.metadata.labels.tier},{.metadata.annotations.note},{.spec.activeDeadlineSeconds}')).toBe('nginx:1.28,backend,hi,60');
  });

  it('edit and replace of a whole pod', async () => {
    const c = await withPod();
    const path = join(c.dir, 'editor.sh');
    c.file('editor.sh', `#!/bin/sh\nsed -i 's/image: nginx$/image: nginx:1.27/' "$1"\n`);
    chmodSync(path, 0o755);
    c.env = { ...c.env, KUBE_EDITOR: path };
    expect(await c.run('edit pod web')).toEqual({ stdout: 'pod/web edited\n', stderr: '', exitCode: 0 });
    c.file('pod.yaml', (await c.ok('get pod web -o yaml')).replace('run: web', 'run: web2'));
    expect(await c.run('replace -f pod.yaml')).toEqual({ stdout: 'pod/web replaced\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get pod web -o jsonpath={.spec.containers[0].image},{.metadata.labels.run}')).toBe('nginx:1.27,web2');
  });

  it('activeDeadlineSeconds may be lowered, not raised or removed; tolerations only added; containers neither added nor blank', async () => {
    const c = await withPod();
    await c.ok(`patch pod web -p '{"spec":{"activeDeadlineSeconds":60}}'`);
    expect(await c.run(`patch pod web -p '{"spec":{"activeDeadlineSeconds":120}}'`)).toEqual({
      stdout: '',
      stderr: 'The Pod "web" is invalid: spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value\n',
      exitCode: 1,
    });
    expect((await c.run(`patch pod web --type=json -p '[{"op":"remove","path":"/spec/activeDeadlineSeconds"}]'`)).stderr).toBe(
      'The Pod "web" is invalid: spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value\n',
    );
    // tolerations are an atomic list: the patch replaces them, and DefaultTolerationSeconds (which also
    // admits updates) puts the two it owns back, so only an addition is left.
    expect((await c.run(`patch pod web -p '{"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}'`)).stdout).toBe('pod/web patched\n');
    expect(await c.ok('get pod web -o jsonpath={.spec.tolerations[*].key}')).toBe('a node.kubernetes.io/not-ready node.kubernetes.io/unreachable');
    expect((await c.run(`patch pod web --type=json -p '[{"op":"replace","path":"/spec/tolerations/1/operator","value":"Equal"},{"op":"add","path":"/spec/tolerations/1/value","value":"x"}]'`)).stderr).toBe(
      'The Pod "web" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds\n',
    );
    expect((await c.run(`patch pod web --type=json -p '[{"op":"add","path":"/spec/containers/-","value":{"name":"side","image":"busybox"}}]'`)).stderr).toBe(
      'The Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers\n',
    );
    expect((await c.run(`patch pod web -p '{"spec":{"containers":[{"name":"web","image":" nginx"}]}}'`)).stderr).toBe(
      'The Pod "web" is invalid: spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace\n',
    );
  });

  it('any other change is Forbidden, with the diff of the spec', async () => {
    const c = await withPod();
    expect(await c.run(`patch pod web -p '{"spec":{"containers":[{"name":"web","ports":[{"containerPort":8080}]}]}}'`)).toEqual({
      stdout: '',
      stderr:
        FORBIDDEN_HEAD +
        [
          '  core.PodSpec{',
          '  \tVolumes:        {{...}},',
          '  \tInitContainers: nil,',
          '  \tContainers: []core.Container{',
          '  \t\t{',
          '  \t\t\t... // 3 identical fields',
          '  \t\t\tArgs:       nil,',
          '  \t\t\tWorkingDir: "",',
          '  \t\t\tPorts: []core.ContainerPort{',
          '  \t\t\t\t{ContainerPort: 80, Protocol: "TCP"},',
          '+ \t\t\t\t{ContainerPort: 8080, Protocol: "TCP"},',
          '  \t\t\t},',
          '  \t\t\tEnvFrom: nil,',
          '  \t\t\tEnv:     nil,',
          '  \t\t\t... // 16 identical fields',
          '  \t\t},',
          '  \t},',
          '  \tEphemeralContainers: nil,',
          '  \tRestartPolicy:       "Always",',
          '  \t... // 29 identical fields',
          '  }',
          // The cause ends in a newline and kubectl's MultilineError adds one more.
          '',
          '',
        ].join('\n'),
      exitCode: 1,
    });
    expect((await c.run(`patch pod web -p '{"spec":{"restartPolicy":"Never"}}'`)).stderr).toBe(FORBIDDEN_HEAD + RESTART_POLICY_DIFF.join('\n'));
  });
});
