/**
 * A low limit on open files (`ulimit -n`: macOS gives 256 by default): a save that writes more part files
 * than the process may hold open at once flushes and closes what it has written and goes on, instead of
 * failing with "too many open files". Run in a real process under a real limit.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ensureBuilt } from './processes.js';

/** Run the bin under `ulimit -n LIMIT` (a POSIX shell's builtin) against `state`. */
function underLimit(limit: number, state: string, args: string[]) {
  const r = spawnSync('sh', ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
    env: { ...process.env, KUBE_SIM_STATE: state, KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a low limit on open files', () => {
  it('a save of more files than may be open at once succeeds', () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-nofile-'));
    const state = join(dir, 'state.json');
    try {
      expect(underLimit(1024, state, ['create', 'deployment', 'web', '--image=nginx', '--replicas=0']).stdout).toBe('deployment.apps/web created\n');
      const generation = () => (JSON.parse(readFileSync(state, 'utf8')) as { generation: number }).generation;
      const before = generation();
      // 3,000 pods: their shards, digests, indexes, events and runtimes make about a hundred new files.
      const scale = underLimit(40, state, ['scale', 'deployment', 'web', '--replicas=3000']);
      expect(scale).toEqual({ code: 0, stdout: 'deployment.apps/web scaled\n', stderr: '' });
      expect(generation()).toBe(before + 1);
      const files = Object.values((JSON.parse(readFileSync(state, 'utf8')) as { maps: Record<string, { shards: Record<string, { file: string }> }> }).maps)
        .flatMap((m) => Object.values(m.shards).map((s) => s.file))
        .filter((f) => f.endsWith(`.${before + 1}.json`));
      expect(files.length).toBeGreaterThan(40);
      expect(underLimit(40, state, ['get', 'deploy']).stdout).toBe('NAME   READY      UP-TO-DATE   AVAILABLE   AGE\nweb    216/3000   3000         216         0s\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
