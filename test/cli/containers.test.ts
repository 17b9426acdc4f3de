/**
 * cp and attach into the simulated containers (host files in the cluster's working directory), and the
 * shell completion script run by a real bash against `__complete`.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestCluster } from '../helpers.js';
import { main } from '../../src/cli/main.js';

describe('cp', () => {
  it('copies files and directories out of and into a container, with its tar\'s words', async () => {
    const c = new TestCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    await c.ok('create deployment web --image=nginx');
    // BusyBox tar: the member names lose their leading '/', and kubectl shows the remote tar's stderr on stdout.
    expect(await c.run('cp bb:/etc/hostname hn')).toEqual({ stdout: "tar: removing leading '/' from member names\n", stderr: '', exitCode: 0 });
    expect(readFileSync(join(c.dir, 'hn'), 'utf8')).toBe('bb\n');
    expect(await c.run('cp bb:/nope x')).toEqual({ stdout: 'tar: /nope: No such file or directory\n', stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    // GNU tar in a Debian image words it its own way, and exits 2.
    const web = (await c.ok('get po -l app=web -o name')).trim().replace('pod/', '');
    expect(await c.run(`cp ${web}:/nope x`)).toEqual({
      stdout: 'tar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n',
      stderr: 'command terminated with exit code 2\n',
      exitCode: 2,
    });
    expect(await c.run(`cp ${web}:/etc/hostname hn2`)).toEqual({ stdout: "tar: Removing leading `/' from member names\n", stderr: '', exitCode: 0 });

    mkdirSync(join(c.dir, 'site/css'), { recursive: true });
    writeFileSync(join(c.dir, 'site/index.html'), '<h1>hi</h1>\n');
    writeFileSync(join(c.dir, 'site/css/a.css'), 'body {}\n');
    // Into an existing directory the source keeps its name; a missing directory is the remote tar's error.
    expect(await c.run('cp site bb:/tmp')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.ok('exec bb -- cat /tmp/site/css/a.css')).toBe('body {}\n');
    expect(await c.run('cp site/index.html bb:/srv/index.html')).toEqual({
      stdout: '',
      stderr: "tar: can't change directory to '/srv': No such file or directory\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
    expect(await c.run('cp bb:/tmp/site back')).toEqual({ stdout: "tar: removing leading '/' from member names\n", stderr: '', exitCode: 0 });
    expect(readFileSync(join(c.dir, 'back/css/a.css'), 'utf8')).toBe('body {}\n');
    expect(readFileSync(join(c.dir, 'back/index.html'), 'utf8')).toBe('<h1>hi</h1>\n');
    // Host-side failures in Go's words.
    expect(await c.run('cp bb:/etc hn')).toEqual({ stdout: "tar: removing leading '/' from member names\n", stderr: 'error: mkdir hn: not a directory\n', exitCode: 1 });
    expect(await c.run('cp bb:/etc/hostname back')).toEqual({ stdout: "tar: removing leading '/' from member names\n", stderr: 'error: open back: is a directory\n', exitCode: 1 });
    expect(await c.run('cp nofile bb:/tmp')).toEqual({ stdout: '', stderr: "error: nofile doesn't exist in local filesystem\n", exitCode: 1 });
    expect(await c.run('cp a b')).toEqual({ stdout: '', stderr: 'error: one of src or dest must be a remote file specification\n', exitCode: 1 });
    expect(await c.run('cp bb:a bb:b')).toEqual({ stdout: '', stderr: 'error: one of src or dest must be a local file specification\n', exitCode: 1 });
    expect(await c.run('cp a')).toEqual({ stdout: '', stderr: 'error: source and destination are required\n', exitCode: 1 });
  });

  it('needs tar in the image, as kubectl cp does', async () => {
    const c = new TestCluster();
    await c.ok('create deployment dns --image=registry.k8s.io/coredns/coredns:v1.11.3');
    const pod = (await c.ok('get po -l app=dns -o name')).trim().replace('pod/', '');
    const r = await c.run(`cp ${pod}:/etc/hosts h`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/);
    expect(existsSync(join(c.dir, 'h'))).toBe(false);
  });
});

describe('attach', () => {
  it('streams what the application writes from now on, until it is stopped', async () => {
    const c = new TestCluster();
    await c.ok('create deployment kubia --image=luksa/kubia');
    await c.ok('run client --image=busybox -- sleep 3600');
    const pod = (await c.ok('get po -l app=kubia -o name')).trim().replace('pod/', '');
    const ip = await c.ok(`get po ${pod} -o jsonpath={.status.podIP}`);
    const stop = new AbortController();
    let stdout = '';
    let stderr = '';
    const attached = main(['attach', `deploy/kubia`], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: c.env,
      cwd: c.dir,
      store: c.store,
      signal: stop.signal,
    });
    // Wait (by events, not by time) for the attach to start, make the app write, and for the line to arrive.
    for (let i = 0; i < 200 && !stderr; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await c.ok(`exec client -- wget -qO- http://${ip}:8080`)).toBe(`You've hit ${pod}\n`);
    for (let i = 0; i < 200 && !stdout; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    expect(await attached).toBe(0);
    expect(stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(stdout).toMatch(/^Received request from ::ffff:10\.244\.\d+\.\d+\n$/);
  });

  it('-i to a shell started with stdin runs it; other containers\' errors are kubectl\'s', async () => {
    const c = new TestCluster();
    await c.ok('run sh1 --image=busybox --stdin --tty --command -- sh', 'exit\n');
    // The container has a TTY, so kubectl attaches with one, which a piped stdin cannot be.
    expect(await c.run('attach sh1 -i', 'echo attached\nhostname\nexit\n')).toEqual({
      stdout: 'attached\nsh1\n',
      stderr: "Unable to use a TTY - input is not a terminal or the right kind of file\nIf you don't see a command prompt, try pressing enter.\n",
      exitCode: 0,
    });
    expect(await c.run('attach sh1 -c nope')).toEqual({ stdout: '', stderr: 'error: cannot attach to the container: container nope not found in pod sh1\n', exitCode: 1 });
    expect(await c.run('attach')).toEqual({ stdout: '', stderr: 'error: at least 1 argument is required for attach\n', exitCode: 1 });
    expect(await c.run('attach nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
  });
});

describe('completion', () => {
  const bin = resolve('bin/kube-sim.cjs');
  const hasBash = spawnSync('bash', ['--version']).status === 0;

  it('__complete answers cobra\'s protocol from the state', async () => {
    const c = new TestCluster();
    await c.ok('create deployment web --image=nginx --replicas=2');
    expect(await c.run('__complete get po ""')).toEqual({
      stdout: 'web-6dc5cd68db-9jvtb\nweb-6dc5cd68db-mzk82\n:4\n',
      stderr: 'Completion ended with directive: ShellCompDirectiveNoFileComp\n',
      exitCode: 0,
    });
    expect((await c.run('__complete get deploy/')).stdout).toBe('deploy/web\n:4\n');
    expect((await c.run('__complete config use-context ""')).stdout).toBe('kind-kind\n:4\n');
    expect((await c.run('__completeNoDesc top ""')).stdout).toBe('node\npod\n:4\n');
    expect((await c.run('__complete apply -f ""')).stdout).toBe('json\nyaml\nyml\n:8\n');
    expect((await c.run('__complete get po -n kube-system c')).stdout).toBe('coredns-fdcb9cd49-pwkbh\ncoredns-fdcb9cd49-vd8kg\n:4\n');
  });

  it.skipIf(!hasBash || !existsSync(bin))('the bash script completes commands, names and TYPE/NAME through kube-sim', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-complete-'));
    const state = join(dir, 'cluster.json');
    const env = { ...process.env, KUBE_SIM_STATE: state, KUBE_SIM_CLOCK: 'virtual', KUBE_SIM_BIN: bin };
    expect(spawnSync(process.execPath, [bin, 'create', 'deployment', 'web', '--image=nginx', '--replicas=2'], { env, encoding: 'utf8' }).status).toBe(0);
    const complete = (words: string[]) => {
      const script = `source <("$KUBE_SIM_BIN" completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
__start_kube_sim; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return spawnSync('bash', ['-c', script], { env, encoding: 'utf8' }).stdout;
    };
    expect(complete(['kube-sim', 'ge'])).toBe('get\n');
    expect(complete(['kube-sim', 'get', 'po', ''])).toBe('web-6dc5cd68db-9jvtb\nweb-6dc5cd68db-mzk82\n');
    expect(complete(['kube-sim', 'get', 'deploy/'])).toBe('deploy/web\n');
    expect(complete(['kube-sim', 'cordon', 'kind-w'])).toBe('kind-worker\nkind-worker2\n');
  });

  it('prints the scripts, and kubectl\'s errors for no or an unknown shell', async () => {
    const c = new TestCluster();
    expect(await c.ok('completion bash')).toContain('complete -o default -F __start_kube_sim kube-sim\n');
    expect(await c.ok('completion zsh')).toContain('compdef _kube_sim kube-sim\n');
    expect(await c.ok('completion fish')).toContain("complete -c kube-sim -f -a '(__kube_sim_complete)'\n");
    expect(await c.run('completion')).toEqual({ stdout: '', stderr: "error: Shell not specified.\nSee 'kubectl completion -h' for help and examples\n", exitCode: 1 });
    expect(await c.run('completion tcsh')).toEqual({ stdout: '', stderr: 'error: Unsupported shell type "tcsh".\nSee \'kubectl completion -h\' for help and examples\n', exitCode: 1 });
  });
});
