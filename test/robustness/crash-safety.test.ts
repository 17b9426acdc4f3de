/**
 * Crash safety: writers killed at any point of a save leave the old or the new state, never a broken
 * file, and the lock a killed writer leaves behind is broken with a clear message on the next command.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runProcess } from './processes.js';
import { FileStore } from '../../src/store/store.js';

beforeAll(() => ensureBuilt());

describe('writers killed mid-save', () => {
  it('never leave a torn state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-crash-'));
    const state = join(dir, 'state.json');
    // A state of a few MB so a save takes long enough to be interrupted.
    const items = Array.from({ length: 4000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `bulk-${i}`, labels: { app: 'bulk' } },
      data: { payload: 'x'.repeat(400) },
    }));
    writeFileSync(join(dir, 'bulk.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const seeded = await runProcess(['create', '-f', join(dir, 'bulk.json')], state);
    expect(seeded.code).toBe(0);
    const delays = [5, 40, 60, 75, 85, 95, 105, 115, 125, 140, 160, 190, 230, 280];
    let killed = 0;
    for (const [i, ms] of delays.entries()) {
      const f = join(dir, `cm-${i}.yaml`);
      writeFileSync(f, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: crash-${i}\n`);
      const r = await runProcess(['create', '-f', f], state, { killAfterMs: ms });
      if (r.signal === 'SIGKILL') killed++;
      // Whatever happened, the file parses and every earlier object is still there.
      // (the state path is a manifest naming one file per part: read it as kube-sim does)
      const parsed = new FileStore(state, () => {}).load()!;
      expect(Object.keys(parsed.objects.configmaps ?? {}).filter((k) => k.startsWith('default/bulk-'))).toHaveLength(4000);
    }
    expect(killed).toBeGreaterThan(0);
    // The next command recovers from any lock a killed writer left and works.
    const after = await runProcess(['create', '-f', join(dir, 'cm-0.yaml'), '-o', 'name'], state);
    expect([0, 1]).toContain(after.code);
    expect(after.stderr).toMatch(/^(|kube-sim: removed a stale lock on .*state\.json \(its holder, pid \d+, is gone\); continuing\n)(|Error from server \(AlreadyExists\).*\n)$/);
    const list = await runProcess(['get', 'cm', '-l', 'app=bulk', '-o', 'name'], state);
    expect(list.stdout.trim().split('\n')).toHaveLength(4000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('breaks a lock left by a dead process with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-lock-'));
    const state = join(dir, 'state.json');
    expect((await runProcess(['get', 'ns'], state)).code).toBe(0);
    // pid 2^22+1 is above Linux's default pid_max: certainly not running.
    writeFileSync(`${state}.lock`, `4194305 ${Date.now()}\n`);
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-crash\n');
    const r = await runProcess(['create', '-f', join(dir, 'cm.yaml')], state);
    expect(r.stderr).toBe(`kube-sim: removed a stale lock on ${state} (its holder, pid 4194305, is gone); continuing\n`);
    expect(r.stdout).toBe('configmap/after-crash created\n');
    expect(r.code).toBe(0);
  });
});
