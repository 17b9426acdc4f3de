/**
 * The CronJob schedule parser and next-run search (robfig/cron's standard parser semantics): fields,
 * names, steps, descriptors, the day-of-month / day-of-week OR rule, time zones, and the parser's errors.
 */
import { describe, expect, test } from 'vitest';
import { nextRun, parseCron, runsBetween } from '../../src/kinds/cron-schedule.js';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string, zone?: string) => {
  const t = nextRun(parseCron(spec), at(from), zone);
  return t === null ? null : new Date(t).toISOString();
};

describe('cron schedules', () => {
  test.each([
    ['*/1 * * * *', '2026-11-21T22:50:30Z', '2026-11-21T22:51:00.000Z'],
    ['*/15 * * * *', '2026-11-21T22:50:00Z', '2026-11-21T23:00:00.000Z'],
    ['0 9 * * 1-5', '2026-11-21T22:50:00Z', '2026-11-23T09:00:00.000Z'],
    ['30 9 * * MON-FRI', '2026-11-23T09:30:00Z', '2026-11-24T09:30:00.000Z'],
    ['0 0 1 JAN *', '2026-11-21T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['@hourly', '2026-11-21T22:50:00Z', '2026-11-21T23:00:00.000Z'],
    ['@daily', '2026-11-21T22:50:00Z', '2026-11-22T00:00:00.000Z'],
    ['@weekly', '2026-11-21T22:50:00Z', '2026-11-22T00:00:00.000Z'],
    ['@monthly', '2026-11-21T22:50:00Z', '2026-12-01T00:00:00.000Z'],
    // Both day fields restricted: either matches (the 1st, or any Monday).
    ['0 12 1 * 1', '2026-11-21T22:50:00Z', '2026-11-23T12:00:00.000Z'],
    ['0 12 1 * 1', '2026-11-24T00:00:00Z', '2026-11-30T12:00:00.000Z'],
    // Day-of-week given as `*/2` is not a star for the OR rule (robfig clears the star bit for steps).
    ['0 0 5-10 * */2', '2026-11-21T22:50:00Z', '2026-11-22T00:00:00.000Z'],
    ['@every 90s', '2026-11-21T22:50:00Z', '2026-11-21T22:51:30.000Z'],
  ])('%s after %s is %s', (spec, from, want) => {
    expect(next(spec, from)).toBe(want);
  });

  test('time zones: 09:30 in Paris is 08:30 UTC in winter', () => {
    expect(next('30 9 * * *', '2026-11-21T22:50:00Z', 'Europe/Paris')).toBe('2026-11-22T08:30:00.000Z');
    expect(next('30 9 * * *', '2026-07-01T00:00:00Z', 'Europe/Paris')).toBe('2026-07-01T07:30:00.000Z');
  });

  test('the runs between two instants, newest last, capped', () => {
    const runs = runsBetween(parseCron('*/1 * * * *'), at('2026-11-21T22:50:00Z'), at('2026-11-21T22:53:30Z'), undefined);
    expect(runs.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['22:51', '22:52', '22:53']);
    expect(runsBetween(parseCron('* * * * *'), at('2026-11-21T00:00:00Z'), at('2026-11-22T00:00:00Z'), undefined, 100)).toHaveLength(101);
  });

  test.each([
    ['bad', 'expected exactly 5 fields, found 1: [bad]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-2 * * * *', 'beginning of range (5) beyond end of range (2): 5-2'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
  ])('%s is refused: %s', (spec, message) => {
    expect(() => parseCron(spec)).toThrow(message);
  });
});
