/**
 * A write is all or nothing: a command killed (SIGKILL) at any point of a large save leaves the cluster
 * exactly as it was before the command or exactly as the command leaves it, never a mix (the other
 * crash tests check that the state reads and that nothing older is lost, not that no half of a write
 * shows). "After" is what the same command makes of a copy of the state, run to its end (the virtual
 * clock and the seeded generator make it the same bytes). Nothing is excluded from the comparison:
 * every object of every listed kind, resourceVersions, uids and timestamps included.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runProcess } from './processes.js';

beforeAll(() => ensureBuilt());

const KINDS = 'pods,replicasets,deployments,services,endpoints,endpointslices,configmaps,events,namespaces,nodes,leases';

/** Every listed object of the cluster as one text, or the failure of reading it. */
async function everything(state: string): Promise<string> {
  const r = await runProcess(['get', KINDS, '-A', '-o', 'json'], state);
  return r.code === 0 ? JSON.stringify(JSON.parse(r.stdout).items) : `unreadable (${r.code}): ${r.stderr}`;
}

function copyState(from: string, to: string): void {
  rmSync(to, { force: true });
  rmSync(`${to}.d`, { recursive: true, force: true });
  cpSync(from, to);
  cpSync(`${from}.d`, `${to}.d`, { recursive: true });
}

describe('a writer killed mid-save', () => {
  it('leaves the cluster exactly as before the command or exactly as after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-atomic-'));
    const state = join(dir, 'state.json');
    const copy = join(dir, 'copy.json');
    expect((await runProcess(['create', 'deployment', 'web', '--image=nginx', '--replicas=0'], state)).code).toBe(0);
    const items = Array.from({ length: 300 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}` }, data: { p: 'x'.repeat(200) } }));
    writeFileSync(join(dir, 'bulk.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const commands = [
      ['scale', 'deployment', 'web', '--replicas=600'],
      ['create', '-f', join(dir, 'bulk.json')],
      ['scale', 'deployment', 'web', '--replicas=0'],
      ['delete', '-f', join(dir, 'bulk.json')],
    ];
    const outcomes: string[] = [];
    // Kill points spread over each command's own run time, the end (where the save is) most densely.
    for (const fraction of [0.85, 0.95, 1.5]) {
      for (const args of commands) {
        const before = await everything(state);
        copyState(state, copy);
        const started = Date.now();
        const full = await runProcess(args, copy);
        const ms = Date.now() - started;
        const after = await everything(copy);
        const r = await runProcess(args, state, { killAfterMs: Math.floor(ms * fraction) });
        const now = await everything(state);
        const outcome = now === before ? 'before' : now === after ? 'after' : 'neither';
        outcomes.push(outcome);
        expect({ command: args.join(' '), outcome }).not.toEqual({ command: args.join(' '), outcome: 'neither' });
        // A command that said it succeeded did its whole work.
        if (r.code === 0 && full.code === 0 && before !== after) expect({ command: args.join(' '), outcome }).toEqual({ command: args.join(' '), outcome: 'after' });
        // A state the killed command left must take the next write.
        expect((await runProcess(['annotate', 'namespace', 'default', `round=${outcomes.length}`, '--overwrite'], state)).code).toBe(0);
      }
    }
    // Both outcomes happened (the last kills come after the command would have ended): the comparison
    // did tell them apart.
    expect(new Set(outcomes)).toEqual(new Set(['before', 'after']));
  }, 120_000);
});
