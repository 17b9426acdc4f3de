/**
 * kube-sim's in-process `diff -u` hunks (kubectl diff's output) against GNU diff's own, on random edits
 * of YAML-like texts. Skipped, visibly, where no GNU diff is installed.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedHunks } from '../../src/util/unified-diff.js';

const gnu = spawnSync('diff', ['--version'], { encoding: 'utf8' });
const hasGnuDiff = gnu.status === 0 && gnu.stdout.includes('GNU diffutils');
if (!hasGnuDiff) console.warn('SKIPPED: test/cli/unified-diff.test.ts needs GNU diff on the PATH (none found)');

/** A small deterministic generator, so a failure names the case that produced it. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const VOCABULARY = ['metadata:', '  name: web', '  labels:', '    app: web', 'spec:', '  replicas: 3', '  - name: nginx', '    image: nginx', '', '  ports:', '  - port: 80'];

function randomText(r: () => number, n: number): string[] {
  return Array.from({ length: n }, () => VOCABULARY[Math.floor(r() * VOCABULARY.length)]!);
}

function edited(r: () => number, lines: string[]): string[] {
  const out = [...lines];
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (out.length + 1));
    const what = r();
    if (what < 0.33 && out.length) out.splice(Math.min(at, out.length - 1), 1);
    else if (what < 0.66) out.splice(at, 0, VOCABULARY[Math.floor(r() * VOCABULARY.length)]!);
    else if (out.length) out[Math.min(at, out.length - 1)] = `  changed: ${e}`;
  }
  return out;
}

function gnuHunks(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-diff-'));
  writeFileSync(join(dir, 'a'), a);
  writeFileSync(join(dir, 'b'), b);
  const r = spawnSync('diff', ['-u', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
  return r.stdout.split('\n').slice(2).join('\n');
}

const text = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');

describe.skipIf(!hasGnuDiff)('unified diff hunks', () => {
  it('an insertion into an empty file, a deletion of everything, and identical texts', () => {
    expect(unifiedHunks('', 'a\nb\n')).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(unifiedHunks('a\nb\n', '')).toBe('@@ -1,2 +0,0 @@\n-a\n-b\n');
    expect(unifiedHunks('a\n', 'a\n')).toBe('');
  });

  it('matches GNU diff -u on 300 random edits of YAML-like texts', () => {
    const mismatches: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const a = randomText(r, 5 + Math.floor(r() * 25));
      const b = edited(r, a);
      const ours = unifiedHunks(text(a), text(b));
      const theirs = gnuHunks(text(a), text(b));
      if (ours !== theirs) mismatches.push(`seed ${seed}:\n--- GNU\n${theirs}--- kube-sim\n${ours}`);
    }
    expect(mismatches.slice(0, 3).join('\n')).toBe('');
  });
});
