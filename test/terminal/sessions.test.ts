/**
 * Interactive sessions at a real terminal (a pseudo-terminal through `script`): `exec -it` and
 * `run --rm -it` end the moment the shell does (`exit`, Ctrl-D) and give the terminal back in the mode
 * they found it; a command typed over several lines runs once complete, there and in `ssh NODE`; Ctrl-C
 * abandons the line at the container's prompt, as a shell on a TTY does, and ends `exec -i` (no TTY) at once; `run --rm -it` prints kubectl's reattach line and deletes its pod. `get -w`
 * prints what another process creates and ends on Ctrl-C. `debug -it` attaches to its ephemeral container
 * and ends with kubectl's line for one.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { BIN, ensureBuilt } from '../robustness/processes.js';
import { execFileSync } from 'node:child_process';
import { HAVE_SCRIPT, Terminal, kubeSim } from './pty.js';

/** The terminal's line mode: `icanon echo` when cooked, `-icanon -echo` when raw. */
const MODE = `stty -a | tr ' ;' '\\n\\n' | grep -x -e -icanon -e icanon -e -echo -e echo | tr '\\n' ' '`;

describe.skipIf(!HAVE_SCRIPT)('sessions in a terminal', () => {
  let dir: string;
  let env: Record<string, string>;
  const sim = async (line: string) => runCaptured(line.split(' '), { store: new FileStore(env.KUBE_SIM_STATE!, () => undefined), env });
  const terminals: Terminal[] = [];
  const open = (commandLine: string) => {
    const t = new Terminal(commandLine, env);
    terminals.push(t);
    return t;
  };

  beforeEach(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-terminal-'));
    env = { KUBE_SIM_STATE: join(dir, 'cluster.json'), KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
    expect((await sim('run bb --image=busybox -- sleep 3600')).stdout).toBe('pod/bb created\n');
  });
  afterEach(() => {
    for (const t of terminals.splice(0)) t.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('exec -it: `exit` ends the session at once and leaves the terminal as it was', async () => {
    const t = open(`${MODE}; echo; ${kubeSim('exec', '-it', 'bb', '--', 'sh')}; ${MODE}`);
    await t.waitFor('/ # ');
    t.type('echo hi\r');
    await t.waitFor('hi\n/ # ');
    t.type('exit\r');
    // The keyboard is still open: only the session's own end can let the process go.
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe('icanon echo \n/ # echo hi\nhi\n/ # exit\nicanon echo ');
  });

  test('exec -it: the terminal going away (its window closed) ends it as a hangup does, with no JavaScript, and keeps what the session did', async () => {
    // The shell around it ignores the hangup, so it can say how kube-sim ended; kube-sim itself gets
    // the terminal's hangup and EIO from its writes, as under a closed terminal window.
    const err = join(dir, 'stderr');
    const code = join(dir, 'code');
    const t = open(`trap '' HUP; ${kubeSim('exec', '-it', 'bb', '--', 'sh')} 2>${err}; echo $? > ${code}`);
    await t.waitFor('/ # ');
    t.type('touch /tmp/before-hangup\r');
    await t.waitFor('/ # ');
    t.kill();
    await t.exited;
    while (!existsSync(code) || !readFileSync(code, 'utf8').endsWith('\n')) await new Promise((r) => setTimeout(r, 50));
    // 129: ended by SIGHUP, as kubectl is (the shell's own 'Hangup' line for it lands in the same file). It threw "Error: write EIO" with its stack, then Node aborted (134).
    expect({ code: readFileSync(code, 'utf8'), stderr: readFileSync(err, 'utf8').replace(/^Hangup\n$/, '') }).toEqual({ code: '129\n', stderr: '' });
    expect((await sim('exec bb -- ls /tmp')).stdout).toBe('before-hangup\n');
  });

  test('exec -it: Ctrl-D on an empty line ends it; Ctrl-C abandons the line, $? is 130, the session goes on', async () => {
    const t = open(kubeSim('exec', '-it', 'bb', '--', 'sh'));
    await t.waitFor('/ # ');
    t.type('ech\x7f\x7fcho one\r');
    await t.waitFor('one\n/ # ');
    t.type('ls /nope\x03');
    await t.waitFor('^C\n/ # ');
    t.type('echo $?\r');
    await t.waitFor('130\n/ # ');
    t.type('\x04');
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe('/ # ech\b \b\b \bcho one\none\n/ # ls /nope^C\n/ # echo $?\n130\n/ # \n');
  });

  test('exec -it: the shell\'s exit code is kube-sim\'s, with kubectl\'s message', async () => {
    const t = open(kubeSim('exec', '-it', 'bb', '--', 'sh'));
    await t.waitFor('/ # ');
    t.type('exit 3\r');
    expect(await t.exited).toBe(3);
    expect(t.screen).toBe('/ # exit 3\ncommand terminated with exit code 3\n');
  });

  test('exec -it: a for and a while typed over several lines run once complete, behind `> `', async () => {
    const t = open(kubeSim('exec', '-it', 'bb', '--', 'sh'));
    await t.waitFor('/ # ');
    for (const line of ['for i in 1 2; do', 'echo "i=$i"', 'done']) {
      t.type(`${line}\r`);
      await t.waitFor(line === 'done' ? 'i=2\n/ # ' : '> ');
    }
    for (const line of ['n=0; while [ $n -lt 2 ]', 'do n=$((n+1)); echo "n=$n"; done']) {
      t.type(`${line}\r`);
      await t.waitFor(line.startsWith('do') ? 'n=2\n/ # ' : '> ');
    }
    t.type('exit\r');
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe(
      '/ # for i in 1 2; do\n> echo "i=$i"\n> done\ni=1\ni=2\n' +
        '/ # n=0; while [ $n -lt 2 ]\n> do n=$((n+1)); echo "n=$n"; done\nn=1\nn=2\n/ # exit\n',
    );
  });

  test('ssh NODE: the line editor and multi-line commands as exec -it has them; Ctrl-C drops what was pending', async () => {
    const t = open(`${kubeSim('ssh', 'kind-worker')}; ${MODE}`);
    await t.waitFor('root@kind-worker:~# ');
    t.type('if [ -d /root ]; then\r');
    await t.waitFor('> ');
    t.type('echo yes\r');
    await t.waitFor('> ');
    t.type('fi\r');
    await t.waitFor('yes\nroot@kind-worker:~# ');
    t.type('for x in a b; do\r');
    await t.waitFor('> ');
    t.type('\x03');
    await t.waitFor('^C\nroot@kind-worker:~# ');
    t.type('echo $?; hostnamx\x7fe\r');
    await t.waitFor('kind-worker\nroot@kind-worker:~# ');
    t.type('\x04');
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe(
      'root@kind-worker:~# if [ -d /root ]; then\n> echo yes\n> fi\nyes\n' +
        'root@kind-worker:~# for x in a b; do\n> ^C\nroot@kind-worker:~# echo $?; hostnamx\b \be\n130\nkind-worker\n' +
        'root@kind-worker:~# exit\nicanon echo ',
    );
  });

  test('exec -i without -t: the terminal stays cooked (it echoes), there is no prompt, Ctrl-C ends kube-sim', async () => {
    const t = open(kubeSim('exec', '-i', 'bb', '--', 'sh'));
    t.type('echo hi\r');
    // The shell's answer, not the terminal's echo of the typed line: kube-sim is running and owns the terminal.
    await t.waitFor('echo hi\nhi\n');
    t.type('\x03');
    expect(await t.exited).toBe(130);
    expect(t.screen).toBe('echo hi\nhi\n^C');
  });

  test('debug -it: the debugger\'s shell at the prompt, then kubectl\'s line for an ephemeral container (attach.go reattachMessage)', async () => {
    const t = open(`${kubeSim('debug', '-it', 'bb', '--image=busybox:1.28', '--target=bb', '--profile=general')}; ${MODE}`);
    await t.waitFor('/ # ');
    t.type('ps\r');
    await t.waitFor('ps\n/ # ');
    t.type('exit\r');
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe(
      'Targeting container "bb". If you don\'t see processes from this container it may be because the container runtime doesn\'t support this feature.\n' +
        "Defaulting debug container name to debugger-mnvms.\nIf you don't see a command prompt, try pressing enter.\n/ # ps\n" +
        'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 sh\n   13 root      0:00 ps\n/ # exit\n' +
        "Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach bb -c debugger-mnvms -i -t' if it is still running\n" +
        'icanon echo ',
    );
  });

  test('run --rm -it: `exit` ends the session, kubectl\'s reattach line, then the pod is deleted', async () => {
    const t = open(`${kubeSim('run', 'cirros', '--rm', '-it', '--image=cirros', '--', 'sh')}; ${MODE}`);
    await t.waitFor('/ # ');
    t.type('hostname\r');
    await t.waitFor('cirros\n/ # ');
    t.type('exit\r');
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe(
      "If you don't see a command prompt, try pressing enter.\n/ # hostname\ncirros\n/ # exit\n" +
        "Session ended, resume using 'kubectl attach cirros -c cirros -i -t' command when the pod is running\n" +
        'pod "cirros" deleted\nicanon echo ',
    );
    expect((await sim('get po -o name')).stdout).toBe('pod/bb\n');
  });

  test('get -w on the wall clock prints the pod another process creates; Ctrl-C ends it with exit 1, as kubectl', async () => {
    // A cluster of its own on the wall clock (a state made on the virtual clock would be weeks behind it).
    const wall = { ...env, KUBE_SIM_STATE: join(dir, 'wall.json'), KUBE_SIM_CLOCK: '' };
    const other = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...wall }, encoding: 'utf8' });
    expect(other('run', 'bb', '--image=busybox', '--', 'sleep', '3600')).toBe('pod/bb created\n');
    // exec: Ctrl-C reaches kube-sim alone, as it does at an interactive shell (a `sh -c` waiting for it would die of it).
    const t = new Terminal(`exec ${kubeSim('get', 'pods', '-w')}`, wall);
    terminals.push(t);
    await t.waitFor('bb ');
    expect(other('run', 'web', '--image=nginx')).toBe('pod/web created\n');
    await t.waitFor('web ');
    await t.waitFor('s\n');
    t.type('\x03');
    expect(await t.exited).toBe(1);
    expect(t.screen).toMatch(/^NAME   READY   STATUS    RESTARTS   AGE\nbb     1\/1     Running   0          \d+s\nweb    1\/1     Running   0          \d+s\n\^C$/);
  });

  test('run -it --restart=Never: no reattach line (the pod will not run again)', async () => {
    const t = open(kubeSim('run', 'once', '-it', '--restart=Never', '--image=busybox', '--', 'sh'));
    await t.waitFor('/ # ');
    t.type('exit\r');
    expect(await t.exited).toBe(0);
    expect(t.screen).toBe("If you don't see a command prompt, try pressing enter.\n/ # exit\n");
  });
});
