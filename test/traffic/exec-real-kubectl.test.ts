/** The real kubectl exec against `kube-sim serve` and kube-sim's own exec on the same state. */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { shellWords } from '../../src/util/shell-words.js';
import { KUBIA_DEPLOY, KUBIA_SVC } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-oracle-'));
const statePath = join(dir, 'state.json');
const env = { KUBE_SIM_CLOCK: 'virtual' };
const sim = (line: string) => runCaptured(shellWords(line), { store: new FileStore(statePath, () => undefined), env, cwd: dir });
let kubeconfig = '';
function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH, HOME: join(dir, 'home') }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end('');
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}
const hasKubectl = existsSync('/usr/bin/kubectl');
if (!hasKubectl) console.warn('SKIPPED: test/traffic/exec-real-kubectl.test.ts needs /usr/bin/kubectl');

describe.skipIf(!hasKubectl)('exec: kube-sim prints what the real kubectl 1.32 prints (client-side checks and exit codes)', () => {
it('same stdout, stderr and exit code', async () => {
  writeFileSync(join(dir, 'k.yaml'), [KUBIA_SVC, KUBIA_DEPLOY, `apiVersion: v1
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
`, `apiVersion: v1
kind: Pod
metadata:
  name: pending
spec:
  nodeSelector:
    disk: none
  containers:
  - name: main
    image: busybox
    command: ["sleep", "3600"]
`, `apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    command: ["true"]
`].join('---\n'));
  await sim(`apply -f ${join(dir, 'k.yaml')}`);
  await sim('advance 30s');
  const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
  kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, kubeconfigText(started.port));
  const pod = (await sim('get po -l app=kubia -o name')).stdout.split('\n')[0]!.replace('pod/', '');
    const diffs: string[] = [];
  for (const l of ['exec done -- ls', 'exec svc/kubia -- hostname', `exec ${pod} --container=kubia -- hostname`, 'exec', `exec ${pod}`, `exec ${pod} --`, `exec ${pod} ls`, 'exec nopod -- ls', 'exec multi -- hostname', 'exec multi -c nope -- ls', 'exec deploy/kubia -- hostname', 'exec deploy/nope -- hostname', `exec -it ${pod} -- hostname`, `exec -t ${pod} -- hostname`, `exec ${pod} -- sh -c "exit 3"`]) {
    const ours = await sim(l);
    const theirs = await kubectl(shellWords(l));
    const same = ours.stdout === theirs.stdout && ours.stderr === theirs.stderr && ours.exitCode === theirs.exitCode;
    if (!same) diffs.push(`$ ${l}\nours:   ${JSON.stringify(ours)}\ntheirs: ${JSON.stringify(theirs)}`);
  }
  started.server.close();
  expect(diffs).toEqual([]);
}, 60000);
});
