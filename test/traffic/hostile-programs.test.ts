/**
 * Programs pasted into pods cannot hang or blow up kube-sim: every loop, growth, nesting and write ends
 * within its budget (src/shell/budget.ts, the container filesystem limit in src/shell/fs.ts) with the
 * documented error, the state stays usable, and through `kube-sim serve` the server keeps answering.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { freshCluster } from '../../src/store/bootstrap.js';
import { makeEnv } from '../../src/env.js';
import { nodeSystem, Shell } from '../../src/shell/index.js';
import { CONTAINER_LIMITS } from '../../src/shell/budget.js';

const NESTED = `echo ${'$('.repeat(5000)}echo deep${')'.repeat(5000)}`;
const STEPS = 'kube-sim: program killed: it ran 100,000 commands (the step budget of a simulated program; a real one would run until interrupted)\n';

/** Hostile programs, what each prints on stderr and its exit code. */
const HOSTILE: [string, string[], string, number][] = [
  ['three nested endless loops', ['sh', '-c', 'while true; do while true; do while true; do :; done; done; done'], STEPS, 137],
  ['a variable doubling without end', ['sh', '-c', 'x=a; while true; do x=$x$x; done'], 'kube-sim: program killed: out of memory (its shell variables hold more than 8 MiB)\n', 137],
  ['5,000 nested $(...)', ['sh', '-c', NESTED], 'sh: nesting too deep: more than 100 levels of $(...), functions, subshells and sh -c\n', 2],
  ['a function calling itself', ['sh', '-c', 'f() { f; }; f'], 'sh: nesting too deep: more than 100 levels of $(...), functions, subshells and sh -c\n', 2],
  ['sh -c inside sh -c without end', ['sh', '-c', 'c="sh -c \\"\\$c\\""; export c; eval "$c"'], 'sh: nesting too deep: more than 100 levels of $(...), functions, subshells and sh -c\n', 2],
  ['an endless loop printing', ['sh', '-c', 'x=$(printf "%1000s" y); while true; do echo $x; done > /dev/null'], STEPS, 137],
  ['an endless awk', ['awk', 'BEGIN { while (1) n++ }'], 'kube-sim: program killed: awk ran 1,000,000 statements (the step budget of a simulated program)\n', 137],
  // It stopped at 100,001 lines and exited 0, as if the file held the whole sequence.
  ['seq of a billion numbers into a file', ['sh', '-c', 'seq 1 1000000000 > /tmp/s'], 'kube-sim: program killed: it wrote more than 16 MiB of output (the output budget of a simulated program)\n', 137],
];

async function podCluster(): Promise<TestCluster> {
  const c = new TestCluster();
  await c.ok('run bb --image=busybox --restart=Never -- sleep 3600');
  return c;
}

describe('hostile programs through kube-sim exec', () => {
  test.each(HOSTILE)('%s ends with the documented error', async (_name, argv, stderr, code) => {
    const c = await podCluster();
    const r = await c.run(`exec bb -- ${argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`);
    expect(r).toEqual({ stdout: '', stderr: `${stderr}command terminated with exit code ${code}\n`, exitCode: code });
    // The cluster is as usable as before.
    expect(await c.run('exec bb -- echo still here')).toEqual({ stdout: 'still here\n', stderr: '', exitCode: 0 });
  });

  test('writing 192 MB into the container fills its 8 MiB layer: No space left on device, and the files stay consistent', async () => {
    const c = await podCluster();
    // 192 appends of 1,000,000 bytes: 8 fit, the other 184 fail.
    const script = 'x=$(printf "%999999s" a); i=0; while [ $i -lt 192 ]; do echo "$x" >> /tmp/big; i=$((i+1)); done; cat /tmp/big | wc -c';
    const r = await c.run(`exec bb -- sh -c '${script}'`);
    expect(r).toEqual({ stdout: '8000000\n', stderr: 'sh: write error: No space left on device\n'.repeat(184), exitCode: 0 });
    expect(await c.run("exec bb -- sh -c 'cat /tmp/big /tmp/big > /tmp/copy'")).toEqual({ stdout: '', stderr: 'sh: write error: No space left on device\ncommand terminated with exit code 1\n', exitCode: 1 });
    // Removing the file frees the room.
    expect(await c.run("exec bb -- sh -c 'rm /tmp/big; echo ok > /tmp/small; cat /tmp/small'")).toEqual({ stdout: 'ok\n', stderr: '', exitCode: 0 });
  });

  test('the wall-clock budget stops a program whose steps are slow', () => {
    const state = freshCluster({ clock: 'virtual' });
    const sys = nodeSystem(state, makeEnv(state, 'virtual'), 'kind-worker');
    sys.limits = { ...CONTAINER_LIMITS, wallMs: 50 };
    const r = new Shell('bash', sys.vars, 'bash').run(sys, 'while true; do seq 2000 | sort -r | wc -l > /dev/null; done');
    expect(r).toEqual({ stdout: '', stderr: 'kube-sim: program killed: it ran longer than 0.05 s (the wall-clock budget of a simulated program)\n', exitCode: 137 });
  });

  test('a probe running a hostile program fails like a killed process and the pod stays managed', async () => {
    const c = new TestCluster();
    c.file(
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: ["sleep", "3600"]\n    readinessProbe:\n      exec:\n        command: ["sh", "-c", "while true; do :; done"]\n      periodSeconds: 5\n',
    );
    await c.ok('create -f pod.yaml');
    await c.ok('advance 20s');
    expect(await c.ok('get po p --no-headers')).toMatch(/^p +0\/1 +Running +0 +20s\n$/);
  });
});

const hasKubectl = existsSync('/usr/bin/kubectl');
if (!hasKubectl) console.warn('SKIPPED: test/traffic/hostile-programs.test.ts (serve part) needs /usr/bin/kubectl');

describe.skipIf(!hasKubectl)('hostile programs through kube-sim serve (the real kubectl exec over WebSocket)', () => {
  test('each ends with its error and the server answers right after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-hostile-serve-'));
    const statePath = join(dir, 'state.json');
    const env = { KUBE_SIM_CLOCK: 'virtual' };
    const sim = (argv: string[]) => runCaptured(argv, { store: new FileStore(statePath, () => undefined), env, cwd: dir });
    expect((await sim(['run', 'bb', '--image=busybox', '--restart=Never', '--', 'sleep', '3600'])).exitCode).toBe(0);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
    const kubectl = (args: string[], stdin = '') =>
      new Promise<{ stdout: string; stderr: string; exitCode: number | null }>((resolve) => {
        const child = spawn('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH, HOME: join(dir, 'home') }, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.stdin.end(stdin);
        child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
      });
    try {
      const seen: unknown[] = [];
      for (const [name, argv] of HOSTILE.slice(0, 4)) {
        // The nested script goes through stdin: as a URL parameter it would be longer than a request line may be.
        const r = name.startsWith('5,000') ? await kubectl(['exec', '-i', 'bb', '--', 'sh'], NESTED) : await kubectl(['exec', 'bb', '--', ...argv]);
        seen.push([name, r]);
        const after = await kubectl(['get', 'ns', 'default', '-o', 'name']);
        seen.push([name, 'then', after]);
      }
      expect(seen).toEqual(
        HOSTILE.slice(0, 4).flatMap(([name, , stderr, code]) => [
          [name, { stdout: '', stderr: `${stderr}command terminated with exit code ${code}\n`, exitCode: code }],
          [name, 'then', { stdout: 'namespace/default\n', stderr: '', exitCode: 0 }],
        ]),
      );
    } finally {
      started.server.closeAllConnections?.();
      started.server.close();
    }
  }, 60_000);
});
