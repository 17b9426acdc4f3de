/**
 * Concurrent invocations never lose an update: 20 processes mutating one state file at once, then a
 * count check (lost updates and torn files are what lowdb's defaults give without a lock: performance
 * notes §5); 40 mixed writers on a cluster of thousands of pods; writers killed at any moment.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runProcess } from './processes.js';

async function freshState(prefix: string): Promise<{ dir: string; state: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const state = join(dir, 'state.json');
  expect((await runProcess(['get', 'ns'], state)).code).toBe(0);
  return { dir, state };
}

beforeAll(() => ensureBuilt());

describe('20 concurrent processes', () => {
  it('keep every object created, labelled and applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-conc-'));
    const state = join(dir, 'state.json');
    // Create the state first so all 20 race on writes, not on bootstrap.
    expect((await runProcess(['get', 'ns'], state)).code).toBe(0);
    const jobs: Promise<{ code: number | null; stderr: string }>[] = [];
    for (let i = 0; i < 20; i++) {
      const f = join(dir, `obj-${i}.yaml`);
      if (i % 2 === 0) {
        writeFileSync(f, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  n: "${i}"\n`);
        jobs.push(runProcess(['create', '-f', f], state));
      } else {
        writeFileSync(f, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n`);
        jobs.push(runProcess(['apply', '-f', f], state));
      }
    }
    const results = await Promise.all(jobs);
    // A writer that waits more than a second says once whom it waits for; nothing else is printed.
    for (const r of results) expect(r.stderr).toMatch(/^(kube-sim: waiting for pid \d+ \(kube-sim (create|apply) -f \S+\), which holds the lock on \S+\n)?$/);
    expect(results.every((r) => r.code === 0)).toBe(true);
    const cms = await runProcess(['get', 'cm', '-o', 'name'], state);
    const nss = await runProcess(['get', 'ns', '-o', 'name'], state);
    expect(cms.stdout.trim().split('\n').filter((l) => /configmap\/cm-\d+/.test(l))).toHaveLength(10);
    expect(nss.stdout.trim().split('\n').filter((l) => /namespace\/ns-\d+/.test(l))).toHaveLength(10);
    // The file is valid JSON and no lock or temp file is left behind.
    expect(() => JSON.parse(readFileSync(state, 'utf8'))).not.toThrow();
    expect(readdirSync(dir).filter((f) => /\.(lock|tmp)$/.test(f))).toEqual([]);
  });
});

describe('many writers at once on a cluster of thousands of pods', () => {
  it('40 concurrent mixed writers: every change of every command that exited 0 is there, and the state reads', async () => {
    const { dir, state } = await freshState('kube-sim-40-');
    const items = Array.from({ length: 60 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { selector: { app: 'app-7' }, ports: [{ port: 80, targetPort: 8080 }] } }));
    writeFileSync(join(dir, 'svcs.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    writeFileSync(join(dir, 'rs.yaml'), 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: kubia\nspec:\n  replicas: 2500\n  selector:\n    matchLabels:\n      app: app-7\n  template:\n    metadata:\n      labels:\n        app: app-7\n    spec:\n      containers:\n      - name: kubia\n        image: luksa/kubia\n        ports:\n        - containerPort: 8080\n');
    expect((await runProcess(['create', '-f', join(dir, 'svcs.json')], state)).code).toBe(0);
    expect((await runProcess(['create', '-f', join(dir, 'rs.yaml')], state)).code).toBe(0);
    const running = (await runProcess(['get', 'po', '--field-selector=status.phase=Running', '-o', 'name'], state)).stdout.split('\n').filter(Boolean).map((n) => n.replace('pod/', ''));
    expect(running.length).toBeGreaterThanOrEqual(5);
    const jobs: { args: string[]; check: () => Promise<void> }[] = [];
    const out = (args: string[]) => runProcess(args, state).then((r) => r.stdout);
    for (let i = 0; i < 10; i++) jobs.push({ args: ['create', 'configmap', `cm-${i}`, `--from-literal=n=${i}`], check: async () => expect(await out(['get', 'cm', `cm-${i}`, '-o', 'jsonpath={.data.n}'])).toBe(String(i)) });
    for (let i = 0; i < 8; i++) jobs.push({ args: ['label', 'svc', `svc-${i}`, `mark=m${i}`], check: async () => expect(await out(['get', 'svc', `svc-${i}`, '-o', 'jsonpath={.metadata.labels.mark}'])).toBe(`m${i}`) });
    for (let i = 0; i < 6; i++) jobs.push({ args: ['annotate', 'svc', `svc-${10 + i}`, `note=n${i}`], check: async () => expect(await out(['get', 'svc', `svc-${10 + i}`, '-o', 'jsonpath={.metadata.annotations.note}'])).toBe(`n${i}`) });
    for (let i = 0; i < 6; i++) jobs.push({ args: ['delete', 'svc', `svc-${20 + i}`], check: async () => expect((await runProcess(['get', 'svc', `svc-${20 + i}`], state)).code).toBe(1) });
    for (let i = 0; i < 5; i++) jobs.push({ args: ['create', 'service', 'clusterip', `new-${i}`, '--tcp=80:8080'], check: async () => expect(await out(['get', 'svc', `new-${i}`, '-o', 'name'])).toBe(`service/new-${i}\n`) });
    for (let i = 0; i < 5; i++) jobs.push({ args: ['exec', running[i]!, '--', 'touch', `/tmp/mark-${i}`], check: async () => expect(await out(['exec', running[i]!, '--', 'ls', '/tmp'])).toContain(`mark-${i}`) });
    expect(jobs).toHaveLength(40);
    const results = await Promise.all(jobs.map((j) => runProcess(j.args, state)));
    for (const [i, r] of results.entries()) {
      expect({ job: jobs[i]!.args.join(' '), code: r.code, stderr: r.stderr.replace(/^kube-sim: waiting for pid .*\n/, '') }).toEqual({ job: jobs[i]!.args.join(' '), code: 0, stderr: '' });
    }
    for (const j of jobs) await j.check();
    expect((await runProcess(['get', 'po', '-o', 'name'], state)).stdout.split('\n').filter(Boolean)).toHaveLength(2500);
    expect(readdirSync(dir).filter((f) => /\.(lock|tmp)$|\.break-/.test(f))).toEqual([]);
  }, 300_000);

  it('writers killed at any moment: every writer that exited 0 has its change, the state reads, and the next command works', async () => {
    const { state } = await freshState('kube-sim-killed-');
    const delays = [40, 70, 90, 110, 130, 150, 170, 200, 230, 260, 300, 400];
    const results = await Promise.all(
      delays.map((ms, i) => runProcess(['create', 'configmap', `k-${i}`], state, i % 2 ? { killAfterMs: ms } : {})),
    );
    const names = (await runProcess(['get', 'cm', '-o', 'name'], state)).stdout;
    results.forEach((r, i) => {
      if (r.code === 0) expect(names).toContain(`configmap/k-${i}\n`);
      if (i % 2 === 0) expect(r.code).toBe(0);
    });
    const after = await runProcess(['create', 'configmap', 'after'], state);
    expect(after.code).toBe(0);
    expect(after.stderr).toMatch(/^(kube-sim: removed a stale lock on .*\n)?$/);
    expect(existsSync(`${state}.lock`)).toBe(false);
  }, 120_000);
});
