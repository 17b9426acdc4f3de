/**
 * `kubectl exec -it POD -- sh` through `kube-sim serve`, typed at a real terminal (a pseudo-terminal through
 * `script`): the same shell session as `kube-sim exec -it` (one code path), so a command typed over several
 * lines (`for`, `while`, `if`) runs once complete behind `> `, variables and `cd` last for the session,
 * Ctrl-C drops the pending lines, and the shell's exit code is kubectl's; `kubectl run --rm -it ... -- sh`
 * attaches to the pod's shell the same way. Both clients print the same screens. Skipped, visibly, without
 * a real kubectl or `script`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { ensureBuilt } from '../robustness/processes.js';
import { HAVE_SCRIPT, Terminal, kubeSim } from '../terminal/pty.js';
import { kubectlFor, kubectlPath } from './kubectl-bin.js';

const hasKubectl = kubectlFor('test/serve/exec-tty-kubectl.test.ts');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-exec-tty-'));
const env = { KUBE_SIM_STATE: join(dir, 'cluster.json'), KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1', HOME: join(dir, 'home') };
const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(env.KUBE_SIM_STATE, () => undefined), env, cwd: dir });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The keystrokes, each with what the screen shows once the shell has answered them. */
const SESSION: [string, string][] = [
  ['for i in 1 2; do\r', '> '],
  ['echo "i=$i"\r', '> '],
  ['done\r', 'i=2\n/ # '],
  ['if [ -d /tmp ]; then cd /tmp\r', '> '],
  ['fi; X=5\r', '/tmp # '],
  ['while true; do\r', '> '],
  ['\x03', '^C\n/tmp # '],
  ['echo $? $X; pwd\r', '/tmp\n/tmp # '],
  ['exit 3\r', 'exit code 3\n'],
];

const SCREEN =
  '/ # for i in 1 2; do\n> echo "i=$i"\n> done\ni=1\ni=2\n' +
  '/ # if [ -d /tmp ]; then cd /tmp\n> fi; X=5\n' +
  '/tmp # while true; do\n> ^C\n' +
  '/tmp # echo $? $X; pwd\n130 5\n/tmp\n' +
  '/tmp # exit 3\ncommand terminated with exit code 3\n';

async function type(t: Terminal): Promise<void> {
  for (const [keys, answer] of SESSION) {
    t.type(keys);
    await t.waitFor(answer);
  }
}

describe.skipIf(!hasKubectl || !HAVE_SCRIPT)('exec -it through serve, at a terminal', () => {
  let server: Server | undefined;
  let kubeconfig = '';
  const terminals: Terminal[] = [];
  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(env.HOME, { recursive: true });
    expect((await sim('run bb --image=busybox -- sleep 3600')).exitCode).toBe(0);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: env.KUBE_SIM_STATE }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => {
    for (const t of terminals) t.kill();
    server?.close();
  });

  test('the real kubectl: multi-line commands, Ctrl-C, state kept for the session, the exit code', async () => {
    const t = new Terminal([kubectlPath, '--kubeconfig', kubeconfig, 'exec', '-it', 'bb', '--', 'sh'].map(quote).join(' '), env);
    terminals.push(t);
    await t.waitFor('/ # ');
    await type(t);
    expect(await t.exited).toBe(3);
    expect(t.screen).toBe(SCREEN);
  });

  test('kube-sim exec -it prints the same screen', async () => {
    const t = new Terminal(kubeSim('exec', '-it', 'bb', '--', 'sh'), env);
    terminals.push(t);
    await t.waitFor('/ # ');
    await type(t);
    expect(await t.exited).toBe(3);
    expect(t.screen).toBe(SCREEN);
  });

  test('run --rm -it through serve: the attached shell at a terminal, kubectl\'s reattach line, the pod deleted; as kube-sim run', async () => {
    const screens: string[] = [];
    for (const command of [[kubectlPath, '--kubeconfig', kubeconfig].map(quote).join(' '), kubeSim()]) {
      const t = new Terminal(`${command} run cirros --rm -it --image=cirros -- sh`, env);
      terminals.push(t);
      await t.waitFor('/ # ');
      t.type('hostname\r');
      await t.waitFor('cirros\n/ # ');
      t.type('exit\r');
      expect(await t.exited).toBe(0);
      screens.push(t.screen);
      expect((await sim('get po -o name')).stdout).toBe('pod/bb\n');
    }
    expect(screens[0]).toBe(
      "If you don't see a command prompt, try pressing enter.\n/ # hostname\ncirros\n/ # exit\n" +
        "Session ended, resume using 'kubectl attach cirros -c cirros -i -t' command when the pod is running\n" +
        'pod "cirros" deleted\n',
    );
    expect(screens[1]).toBe(screens[0]);
  });
});
