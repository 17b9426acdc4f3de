/**
 * Concurrent invocations never lose an update: 20 processes mutating one state file at once, then a
 * count check. (Lost updates and torn files are what lowdb's defaults give without a lock: performance
 * notes §5.)
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runProcess } from './processes.js';

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
