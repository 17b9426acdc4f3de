/** kubectl exec: its errors (reference §3.3), exit codes, interactive shells, files, and safety of the simulation. */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubiaCluster, podNames, pod } from './fixtures.js';

const MULTI = `apiVersion: v1
kind: Pod
metadata:
  name: multi
spec:
  containers:
  - name: main
    image: busybox
    command: ["sleep", "3600"]
  - name: sidecar
    image: busybox
    command: ["sleep", "3600"]
`;
const DONE = `apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    command: ["true"]
`;

describe('exec errors', () => {
  test('usage, missing pod or container, completed pod, old syntax', async () => {
    const c = await kubiaCluster(MULTI, DONE);
    const [p] = await podNames(c, 'kubia-');
    const err = (stderr: string, exitCode = 1) => ({ stdout: '', stderr, exitCode });
    expect(await c.run('exec')).toEqual(err('error: pod, type/name or --filename must be specified\n'));
    expect(await c.run(`exec ${p}`)).toEqual(err('error: you must specify at least one command for the container\n'));
    expect(await c.run(`exec ${p} --`)).toEqual(err('error: you must specify at least one command for the container\n'));
    expect(await c.run(`exec ${p} ls`)).toEqual(err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"));
    expect(await c.run('exec nopod -- ls')).toEqual(err('Error from server (NotFound): pods "nopod" not found\n'));
    expect(await c.run('exec multi -c nope -- ls')).toEqual(err('Error from server (BadRequest): container nope is not valid for pod multi\n'));
    expect(await c.run('exec done -- ls')).toEqual(err('error: cannot exec into a container in a completed pod; current phase is Succeeded\n'));
    expect(await c.run('exec multi -- hostname')).toEqual({ stdout: 'multi\n', stderr: 'Defaulted container "main" out of: main, sidecar\n', exitCode: 0 });
    expect(await c.run('exec multi -c sidecar -- hostname')).toEqual({ stdout: 'multi\n', stderr: '', exitCode: 0 });
    expect(await c.run('exec deploy/nope -- ls')).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
  });

  test('TYPE/NAME targets pick a pod of the workload or service', async () => {
    const c = await kubiaCluster();
    const pods = await podNames(c, 'kubia-');
    for (const t of ['deploy/kubia', 'deployment/kubia', 'svc/kubia', `pod/${pods[1]}`]) {
      const out = (await c.ok(`exec ${t} -- hostname`)).trim();
      expect(pods).toContain(out);
    }
  });

  test('the remote exit code becomes kube-sim\'s, with kubectl\'s line on stderr', async () => {
    const c = await kubiaCluster(pod('bb', 'busybox'));
    const [p] = await podNames(c, 'kubia-');
    expect(await c.run(`exec ${p} -- sh -c "exit 3"`)).toEqual({ stdout: '', stderr: 'command terminated with exit code 3\n', exitCode: 3 });
    expect(await c.run('exec bb -- sh -c foo')).toEqual({ stdout: '', stderr: 'sh: foo: not found\ncommand terminated with exit code 127\n', exitCode: 127 });
    expect(await c.run(`exec ${p} -- sh -c foo`)).toEqual({ stdout: '', stderr: 'sh: 1: foo: not found\ncommand terminated with exit code 127\n', exitCode: 127 });
    expect(await c.run(`exec ${p} -- bash -c foo`)).toEqual({ stdout: '', stderr: 'bash: foo: command not found\ncommand terminated with exit code 127\n', exitCode: 127 });
    expect(await c.run(`exec bb -- sh -c 'echo "a b" \${HOSTNAME} && false || echo no'`)).toEqual({ stdout: 'a b bb\nno\n', stderr: '', exitCode: 0 });
    const r = await c.run(`exec ${p} -- foo`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in \$PATH: unknown\n$/);
  });
});

describe('interactive shells and files', () => {
  test('exec -it without a terminal warns, then runs the lines; files persist; exit code passes through', async () => {
    const c = await kubiaCluster(pod('bb', 'busybox'));
    const r = await c.run('exec -it bb -- sh', 'cd /tmp\ntouch x y\nls\necho $HOSTNAME > h; cat h\nexit 4\n');
    expect(r).toEqual({
      stdout: 'x\ny\nbb\n',
      stderr: 'Unable to use a TTY - input is not a terminal or the right kind of file\ncommand terminated with exit code 4\n',
      exitCode: 4,
    });
    expect(await c.ok('exec bb -- ls /tmp')).toBe('h\nx\ny\n');
    expect(await c.run('exec -i bb -- sh', 'echo hi\nfalse\n')).toEqual({ stdout: 'hi\n', stderr: 'command terminated with exit code 1\n', exitCode: 1 });
  });

  test('with a terminal the image\'s prompt is shown', async () => {
    const { runInteractiveShell } = await import('../../src/cli/shell-session.js');
    const { CommandContext } = await import('../../src/cli/context.js');
    const c = await kubiaCluster(pod('bb', 'busybox'));
    const [p] = await podNames(c, 'kubia-');
    const run = async (podName: string, container: string, input: string) => {
      let out = '';
      const ctx = new CommandContext(
        {
          stdout: { write: (s: string) => (out += s) },
          stderr: { write: (s: string) => (out += s) },
          stdin: { isTTY: true, readAll: async () => input, async *lines() { for (const l of input.split('\n').slice(0, -1)) yield l; } },
          env: { KUBE_SIM_CLOCK: 'virtual' },
          cwd: c.dir,
          store: c.store,
        },
        {},
      );
      const code = await runInteractiveShell(ctx, podName, container, ['sh']);
      return { out, code };
    };
    expect(await run('bb', 'main', 'cd /tmp\nexit\n')).toEqual({ out: '/ # /tmp # ', code: 0 });
    expect(await run(p!, 'kubia', 'hostname\nexit 2\n')).toEqual({ out: `# ${p}\n# `, code: 2 });
  });

  test('only a changing command writes the state', async () => {
    const c = await kubiaCluster(pod('bb', 'busybox'));
    const rv = () => c.store.load()!.meta.resourceVersion;
    const before = rv();
    await c.ok('exec bb -- env');
    await c.ok('exec bb -- cat /etc/hostname');
    expect(rv()).toBe(before);
    await c.ok('exec bb -- touch /var/ready');
    expect(rv()).toBeGreaterThan(before);
    expect(await c.ok('exec bb -- ls /var/ready')).toBe('/var/ready\n');
  });
});

describe('the simulation never touches the host', () => {
  test('cat /etc/passwd and curl file:///etc/passwd return the simulated file', async () => {
    const c = await kubiaCluster();
    const [p] = await podNames(c, 'kubia-');
    const simulated = await c.ok(`exec ${p} -- cat /etc/passwd`);
    expect(simulated.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/bash');
    expect(simulated).toContain('nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
    expect(await c.ok(`exec ${p} -- curl -s file:///etc/passwd`)).toBe(simulated);
    if (existsSync('/etc/passwd')) {
      const host = readFileSync('/etc/passwd', 'utf8');
      if (host !== simulated) expect(simulated).not.toBe(host);
    }
    expect(await c.run(`exec ${p} -- curl -sS file:///etc/nothing`)).toEqual({ stdout: '', stderr: "curl: (37) Couldn't open file /etc/nothing\ncommand terminated with exit code 37\n", exitCode: 37 });
  });

  test("sh -c 'rm -rf /' empties only the simulated filesystem", async () => {
    const sentinelDir = mkdtempSync(join(tmpdir(), 'kube-sim-sentinel-'));
    const sentinel = join(sentinelDir, 'keep');
    writeFileSync(sentinel, 'host file');
    const c = await kubiaCluster(pod('bb', 'busybox'));
    const [p] = await podNames(c, 'kubia-');
    // GNU rm on Debian images keeps its --preserve-root failsafe.
    expect(await c.run(`exec ${p} -- sh -c 'rm -rf /'`)).toEqual({
      stdout: '',
      stderr: "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
    expect(await c.run(`exec bb -- sh -c 'rm -rf ${sentinelDir} /; ls /'`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.run('exec bb -- cat /etc/passwd')).toEqual({ stdout: '', stderr: "cat: can't open '/etc/passwd': No such file or directory\ncommand terminated with exit code 1\n", exitCode: 1 });
    expect(readFileSync(sentinel, 'utf8')).toBe('host file');
    expect(existsSync('/etc')).toBe(true);
  });
});

describe('the old `exec POD COMMAND` form on clusters of older releases', () => {
  test('1.18-1.30 warn and run it; 1.17 runs it silently', async () => {
    const { TestCluster } = await import('../helpers.js');
    for (const [version, warning] of [
      ['1.20', 'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n'],
      ['1.17', ''],
    ] as const) {
      const c = new TestCluster();
      await c.ok(`reset --kubernetes-version ${version}`);
      c.file('p.yaml', pod('bb', 'busybox'));
      await c.ok('apply -f p.yaml');
      await c.ok('advance 10s');
      expect(await c.run('exec bb hostname')).toEqual({ stdout: 'bb\n', stderr: warning, exitCode: 0 });
    }
  });
});

test('an interactive shell the image lacks fails as exec of any missing binary', async () => {
  const c = await kubiaCluster();
  const [p] = await podNames(c, 'kubia-');
  const r = await c.run(`exec -i ${p} -- ash`, 'ls\n');
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ash": executable file not found in \$PATH: unknown\n$/);
  // Each attempt is a new exec with its own id, and the draw is kept as a non-interactive exec keeps it, so
  // what is drawn next (a pod's name) is the same whichever kind of exec failed before.
  const id = (text: string) => /failed to start exec "([0-9a-f]{64})"/.exec(text)?.[1];
  const again = await c.run(`exec -i ${p} -- ash`, 'ls\n');
  expect(id(again.stderr)).not.toBe(id(r.stderr));
  const plain = await kubiaCluster();
  expect((await plain.run(`exec ${p} -- ash`)).exitCode).toBe(1);
  expect((await plain.run(`exec ${p} -- ash`)).exitCode).toBe(1);
  const containerID = '{.status.containerStatuses[0].containerID}';
  await plain.ok('run after --image=nginx');
  await c.ok('run after --image=nginx');
  expect(await plain.ok(`get pod after -o jsonpath=${containerID}`)).toBe(await c.ok(`get pod after -o jsonpath=${containerID}`));
  expect(await c.ok(`get pod after -o jsonpath=${containerID}`)).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
});
