/**
 * Every chapter walkthrough (examples/walkthroughs/*.md) replayed through the transcript runner, one test
 * per file: each runs in a fresh isolated cluster on the virtual clock and must print exactly what its
 * console blocks expect. A failure shows the runner's diff (file:line, command, expected vs actual).
 */
import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeFailure, runTranscript } from '../../src/transcript/runner.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'examples', 'walkthroughs');
const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();

describe('chapter walkthroughs', () => {
  test('there is one per section of the chapter', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  test('replaying a walkthrough twice prints byte-identical transcripts', async () => {
    for (const name of ['02-session-affinity.md', '12-headless.md']) {
      const a = await runTranscript(join(dir, name));
      const b = await runTranscript(join(dir, name));
      expect(a.transcript.length).toBeGreaterThan(1000);
      expect(b.transcript).toBe(a.transcript);
    }
  });

  test.each(files)('%s', async (name) => {
    const file = join(dir, name);
    const r = await runTranscript(file);
    const shown = relative(root, file);
    expect(r.error ?? '').toBe('');
    expect(r.failures.map((f) => describeFailure(shown, f)).join('\n\n')).toBe('');
  });
});
