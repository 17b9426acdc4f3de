/**
 * `advance`: the virtual clock moves by exactly the duration asked, sub-second steps included (they were
 * dropped: two `advance 500ms` left the clock where it was), while timestamps stay in whole seconds.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

describe('advance', () => {
  it('adds sub-second durations up: two 500ms steps make a second', async () => {
    const c = new TestCluster();
    expect(await c.ok('create configmap half')).toBe('configmap/half created\n');
    expect(await c.ok('advance 500ms')).toBe('Clock advanced by 500ms to 2026-11-21T22:50:00Z\n');
    expect(await c.ok('advance 500ms')).toBe('Clock advanced by 500ms to 2026-11-21T22:50:01Z\n');
    expect(await c.ok('advance 1.5s')).toBe('Clock advanced by 1.5s to 2026-11-21T22:50:02Z\n');
    expect(await c.ok('advance 250ms')).toBe('Clock advanced by 250ms to 2026-11-21T22:50:02Z\n');
    expect(await c.ok('advance 250ms')).toBe('Clock advanced by 250ms to 2026-11-21T22:50:03Z\n');
    expect(await c.ok('get cm half')).toBe('NAME   DATA   AGE\nhalf   0      3s\n');
    // An object made at a fractional instant is stamped in whole seconds, as the API server writes them.
    expect(await c.ok('advance 700ms')).toBe('Clock advanced by 700ms to 2026-11-21T22:50:03Z\n');
    expect(await c.ok('create configmap later')).toBe('configmap/later created\n');
    expect(await c.ok('get cm later -o jsonpath={.metadata.creationTimestamp}')).toBe('2026-11-21T22:50:03Z');
  });

  it('refuses a duration it cannot read, as before', async () => {
    const c = new TestCluster();
    expect(await c.run('advance 5x')).toEqual({ stdout: '', stderr: 'error: invalid duration "5x": use forms such as 30s, 5m, 1h30m\n', exitCode: 1 });
  });
});
