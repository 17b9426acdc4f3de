/**
 * Both front doors at once: the real kubectl through `kube-sim serve` (under `ulimit -n 1024`) and kube-sim
 * processes write the same state in parallel while kubectl watches it. Every command that exits 0 has its
 * change in the final state, and the watch sees the changes in the order they were written, each
 * resourceVersion once, ending where the state ends. (The attack this comes from ran 2,000 pods and 105
 * commands; here the cluster is smaller so the test stays quick.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runProcess, type ProcResult } from './processes.js';
import { bundleCli, startServe, type ServeProcess } from '../serve/serve-process.js';
import { kubectlFor, startKubectl, type KubectlResult } from '../serve/kubectl-bin.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';

const HAVE_KUBECTL = kubectlFor('test/robustness/front-doors.test.ts');

interface WatchEvent {
  type: string;
  object: { metadata: { name: string; resourceVersion: string } };
}

interface StoredConfigMap {
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

/** The WatchEvents kubectl printed with `-o json --output-watch-events` (indented objects, one after another). */
function watchEvents(text: string): WatchEvent[] {
  const out: WatchEvent[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' && depth++ === 0) start = i;
    else if (ch === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)) as WatchEvent);
  }
  return out;
}

describe.skipIf(!HAVE_KUBECTL)('the real kubectl through serve and kube-sim processes at once', () => {
  let dir: string;
  let state: string;
  let kubeconfig: string;
  let serve: ServeProcess;
  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-doors-'));
    state = join(dir, 'state.json');
    expect((await runProcess(['create', 'deployment', 'web', '--image=nginx', '--replicas=300'], state)).code).toBe(0);
    serve = await startServe(await bundleCli(), state, { ulimit: 1024 });
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText(serve.port));
  }, 120_000);
  afterAll(async () => serve?.stop());

  it('lose nothing, and the watch sees every change in write order, each version once', async () => {
    const kubectl = (...args: string[]) => startKubectl(kubeconfig, dir, args).done;
    const sim = (...args: string[]) => runProcess(args, state);
    const watch = startKubectl(kubeconfig, dir, ['get', 'configmaps', '-w', '--output-watch-events', '-o', 'json']);
    while (!watch.result.stdout.includes('kube-root-ca.crt')) await new Promise((r) => setTimeout(r, 50));
    const listed = watchEvents(watch.result.stdout).length;

    const N = 8;
    const range = [...Array(N).keys()];
    const creates = await Promise.all([...range.map((i) => kubectl('create', 'configmap', `k-${i}`)), ...range.map((i) => sim('create', 'configmap', `c-${i}`))]);
    // 0 to 5 are changed, 6 and 7 deleted, all at once.
    const kept = range.slice(0, 6);
    const updates = await Promise.all([
      ...kept.map((i) => kubectl('label', 'configmap', `c-${i}`, 'by=kubectl')),
      ...kept.map((i) => sim('label', 'configmap', `k-${i}`, 'by=cli')),
      ...kept.map((i) => kubectl('patch', 'configmap', `k-${i}`, '-p', `{"data":{"p":"${i}"}}`)),
      // Two deletions in one command from each door: seen in one look of the watch.
      kubectl('delete', 'configmap', 'c-6', 'c-7'),
      sim('delete', 'configmap', 'k-7', 'k-6'),
      kubectl('scale', 'deployment', 'web', '--replicas=320'),
      sim('annotate', 'deployment', 'web', 'chaos=1'),
    ]);
    const code = (r: ProcResult | KubectlResult) => ('code' in r ? r.code : r.exitCode);
    for (const r of [...creates, ...updates]) expect({ code: code(r), stderr: r.stderr.replace(/^kube-sim: waiting for pid .*\n/gm, '') }).toEqual({ code: 0, stderr: '' });

    // Every change is in the final state.
    const final = JSON.parse((await sim('get', 'configmaps', '-o', 'json')).stdout) as { items: StoredConfigMap[] };
    const byName = new Map(final.items.map((o) => [o.metadata.name, o]));
    for (const i of kept) {
      expect(byName.get(`c-${i}`)?.metadata.labels).toEqual({ by: 'kubectl' });
      expect([byName.get(`k-${i}`)?.metadata.labels, byName.get(`k-${i}`)?.data]).toEqual([{ by: 'cli' }, { p: String(i) }]);
    }
    for (const gone of ['c-6', 'c-7', 'k-6', 'k-7']) expect(byName.has(gone)).toBe(false);
    expect((await sim('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.annotations.chaos}')).stdout).toBe('320 1');

    // The watch catches up with the final state: each object's last event is its stored version.
    const view = () => {
      const v = new Map<string, string>();
      for (const e of watchEvents(watch.result.stdout)) {
        if (e.type === 'DELETED') v.delete(e.object.metadata.name);
        else v.set(e.object.metadata.name, e.object.metadata.resourceVersion);
      }
      return v;
    };
    const stored = new Map([...byName].map(([n, o]) => [n, o.metadata.resourceVersion]));
    while (JSON.stringify([...view()].sort()) !== JSON.stringify([...stored].sort())) await new Promise((r) => setTimeout(r, 100));
    watch.child.kill('SIGINT');
    await watch.done;
    // After the list, every event is newer than the one before it: written order, no version twice.
    const versions = watchEvents(watch.result.stdout).slice(listed).map((e) => Number(e.object.metadata.resourceVersion));
    const backwards = versions.filter((v, i) => i > 0 && v <= versions[i - 1]!);
    expect(backwards).toEqual([]);
    expect(versions.length).toBeGreaterThanOrEqual(2 * N + 4);
  }, 180_000);
});
