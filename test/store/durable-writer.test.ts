/**
 * The store's durable writer (src/store/durable-writer.ts): past a few files a worker thread flushes them
 * while the next are written. What the caller sees stays what the synchronous calls gave: every file
 * complete once `finish` returns, a file that cannot be written failing at once with Node's own error,
 * open descriptors bounded (`serve` runs under small limits) and none left behind.
 */
import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableWriter } from '../../src/store/durable-writer.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kube-sim-durable-'));
const text = (i: number) => `{"file":${i},"pad":"${'x'.repeat((i % 50) * 997)}","ü":"\u00fc\u2028"}`;
/** Descriptors this process has open on files under `d` (the worker's own descriptors do not count). */
const openIn = (d: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(d);
    } catch {
      return false;
    }
  }).length;

/** The error the synchronous open of `path` for writing throws. */
function syncError(path: string): NodeJS.ErrnoException {
  try {
    openSync(path, 'w');
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
  throw new Error(`${path} opened`);
}

describe('durable writer', () => {
  test.each([3, 24, 25, 300])('%i files: each holds its text once finish returns; at most 256 open meanwhile, none after', (n) => {
    const d = dir();
    let most = 0;
    const w = new DurableWriter();
    for (let i = 0; i < n; i++) {
      w.write(join(d, `f${i}.json`), text(i));
      most = Math.max(most, openIn(d));
    }
    w.finish();
    // Below the bound nothing is closed before finish; past it, never more than 256 at once.
    expect(most).toBe(Math.min(n, 255));
    expect(openIn(d)).toBe(0);
    expect(readdirSync(d).length).toBe(n);
    for (let i = 0; i < n; i++) expect(readFileSync(join(d, `f${i}.json`), 'utf8')).toBe(text(i));
  });

  test.each([5, 40])('a file that cannot be created (the %ith) fails at once with Node\'s own error', (bad) => {
    const d = dir();
    mkdirSync(join(d, `f${bad}.json`));
    const w = new DurableWriter();
    let thrown: unknown;
    let at = -1;
    try {
      for (let i = 0; i < 60; i++) {
        at = i;
        w.write(join(d, `f${i}.json`), text(i));
      }
    } catch (e) {
      thrown = e;
      w.abandon();
    }
    const expected = syncError(join(d, `f${bad}.json`));
    expect(at).toBe(bad);
    const e = thrown as NodeJS.ErrnoException;
    expect({ message: e.message, code: e.code, syscall: e.syscall, path: e.path }).toEqual({ message: expected.message, code: expected.code, syscall: expected.syscall, path: expected.path });
    expect(openIn(d)).toBe(0);
  });

  test('abandon closes every file, with a worker at work or without', () => {
    for (const n of [10, 100]) {
      const d = dir();
      const w = new DurableWriter();
      for (let i = 0; i < n; i++) w.write(join(d, `f${i}.json`), text(i));
      w.abandon();
      expect(openIn(d)).toBe(0);
      expect(readdirSync(d).length).toBe(n);
    }
  });
});
