/**
 * `kube-sim get -w` prints what the real kubectl's `get -w` prints when both watch the same cluster (kubectl
 * through `kube-sim serve`) while other commands change it: the list, then one row per change, aligned by
 * kubectl's width-remembering tabwriter. Both run on the same injected wall clock, so ages agree. Skipped,
 * visibly, where no kubectl is installed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { kubectlFor, kubectlPath } from './kubectl-bin.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { main, runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { REPLICASET } from '../helpers.js';

const hasKubectl = kubectlFor('test/serve/watch-kubectl.test.ts');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-watch-kubectl-'));
const statePath = join(dir, 'state.json');
/** The wall clock (no KUBE_SIM_CLOCK), injected and moved by the test only. */
const env: Record<string, string> = {};
let ms = Date.parse('2026-11-21T22:50:00Z');
const now = () => new Date(ms);
let server: Server | undefined;
let kubeconfig = '';

const sim = (line: string) => runCaptured(line.split(' '), { store: new FileStore(statePath, () => undefined), env, cwd: dir, now });

/** Resolves once `read()` contains `text` (the test's timeout catches a watcher that never prints it). */
async function until(read: () => string, text: string): Promise<void> {
  while (!read().includes(text)) await new Promise((r) => setTimeout(r, 20));
}

/** Both watchers on the same arguments: the real kubectl (a process) and kube-sim (in this process). */
function watchBoth(args: string[]) {
  let real = '';
  const child: ChildProcess = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH, HOME: join(dir, 'home') }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (real += d));
  child.stderr!.on('data', (d) => (real += d));
  let ours = '';
  const controller = new AbortController();
  const done = main(args, {
    stdout: { write: (s: string) => (ours += s) },
    stderr: { write: (s: string) => (ours += s) },
    env,
    cwd: dir,
    now,
    store: new FileStore(statePath, () => undefined),
    signal: controller.signal,
  });
  return {
    /** What each has printed so far. */
    texts: () => ({ real, ours }),
    /** Both have printed `text`. */
    both: async (text: string) => {
      await until(() => real, text);
      await until(() => ours, text);
    },
    stop: async () => {
      child.kill();
      controller.abort('SIGINT');
      return { real, ours, code: await done };
    },
  };
}

describe.skipIf(!hasKubectl)('get -w beside the real kubectl', () => {
  beforeAll(async () => {
    expect((await sim('run bb --image=busybox -- sleep 3600')).exitCode).toBe(0);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir, now }, { state: statePath }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  test('get po -w: the list, a pod added by another command, a pod changed as time passed', async () => {
    const w = watchBoth(['get', 'po', '-w']);
    await w.both('bb ');
    ms += 5000;
    expect((await sim('run web-with-a-long-name --image=nginx')).exitCode).toBe(0);
    await w.both('web-with-a-long-name');
    ms += 3000;
    expect((await sim('label po bb tier=web')).exitCode).toBe(0);
    await w.both('8s');
    ms += 2000;
    expect((await sim('delete po bb')).exitCode).toBe(0);
    await w.both('Terminating');
    const { real, ours, code } = await w.stop();
    expect(code).toBe(1);
    expect(ours).toBe(real);
    // The deleted pod's last row: the pod as it was, marked as being deleted.
    expect(ours).toBe(`NAME   READY   STATUS    RESTARTS   AGE
bb     1/1     Running   0          0s
web-with-a-long-name   1/1     Running   0          0s
bb                     1/1     Running   0          8s
bb                     1/1     Terminating   0          10s
`);
  });

  // Secrets: every namespace holds the kube-root-ca.crt ConfigMap, but a fresh kind namespace no Secret.
  test('get secret -o wide --output-watch-events -w', async () => {
    expect((await sim('create secret generic one --from-literal=a=b')).exitCode).toBe(0);
    const w = watchBoth(['get', 'secret', '-o', 'wide', '--output-watch-events', '-w']);
    await w.both('one ');
    expect((await sim('create secret generic two --from-literal=a=b --from-literal=c=d')).exitCode).toBe(0);
    await w.both('two ');
    expect((await sim('delete secret one')).exitCode).toBe(0);
    await w.both('DELETED');
    const { real, ours } = await w.stop();
    expect(ours).toBe(real);
    expect(ours).toBe('EVENT      NAME   TYPE     DATA   AGE\nADDED      one    Opaque   1      0s\nADDED      two    Opaque   2      0s\nDELETED    one    Opaque   1      0s\n');
  });

  /**
   * Deletions a controller makes are writes of their own: the real kubectl, watching through serve, gets
   * each DELETED event with the resourceVersion its deletion took, in deletion order (they all carried the
   * cluster's counter after the scale), and prints what kube-sim's get -w prints.
   */
  test('get pods -w --output-watch-events while a ReplicaSet scales 3 -> 0', async () => {
    expect((await sim('create namespace scaling')).exitCode).toBe(0);
    writeFileSync(join(dir, 'rs.yaml'), REPLICASET(3));
    expect((await sim('create -n scaling -f rs.yaml')).exitCode).toBe(0);
    const table = watchBoth(['get', 'pods', '-n', 'scaling', '-w', '--output-watch-events']);
    const json = watchBoth(['get', 'pods', '-n', 'scaling', '-w', '--output-watch-events', '-o', 'json']);
    await table.both('ADDED');
    await json.both('ADDED');
    ms += 2000;
    expect((await sim('scale -n scaling rs web --replicas=0')).exitCode).toBe(0);
    const deletions = (text: string) => (text.match(/DELETED/g) ?? []).length;
    for (const w of [table, json]) await w.both('DELETED');
    // Until both have printed all three.
    for (const w of [table, json]) while (deletions(w.texts().real) < 3 || deletions(w.texts().ours) < 3) await new Promise((r) => setTimeout(r, 20));
    const t = await table.stop();
    const j = await json.stop();
    expect(deletions(t.real)).toBe(3);
    expect(t.ours).toBe(t.real);
    expect(j.ours).toBe(j.real);
    expect(t.real).toBe(`EVENT      NAME        READY   STATUS    RESTARTS   AGE
ADDED      web-9zvbx   1/1     Running   0          0s
ADDED      web-b2czf   1/1     Running   0          0s
ADDED      web-rj9ln   1/1     Running   0          0s
DELETED    web-rj9ln   1/1     Terminating   0          2s
DELETED    web-9zvbx   1/1     Terminating   0          2s
DELETED    web-b2czf   1/1     Terminating   0          2s
`);
    // Versions as offsets from the first pod's (earlier tests moved the counter).
    const events = j.real.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string } } });
    const base = Math.min(...events.map((e) => Number(e.object.metadata.resourceVersion)));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name} +${Number(e.object.metadata.resourceVersion) - base}`)).toEqual([
      'ADDED web-9zvbx +12',
      'ADDED web-b2czf +6',
      'ADDED web-rj9ln +0',
      // Each deletion, then the SuccessfulDelete Event the controller records for it (a write too).
      'DELETED web-rj9ln +16',
      'DELETED web-9zvbx +18',
      'DELETED web-b2czf +20',
    ]);
  });
});
