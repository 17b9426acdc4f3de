/**
 * The last line of defence for error text: kube-sim's own errors keep their kubectl wording, and a fault
 * JavaScript raised (TypeError, RangeError, an uncloneable value, a thrown non-Error) never shows its
 * message to a kubectl user.
 */
import { describe, expect, it } from 'vitest';
import { formatError } from '../../src/cli/format-error.js';
import { ApiError, CliError, RawError } from '../../src/api/errors.js';

const INTERNAL = 'error: kube-sim failed internally while running this command (a kube-sim bug: please report the command)';

describe('formatError', () => {
  it('keeps kubectl wording for kube-sim errors', () => {
    expect(formatError(new CliError('no objects passed to apply'))).toEqual({ text: 'error: no objects passed to apply', code: 1 });
    expect(formatError(new ApiError('NotFound', 'pods "x" not found'))).toEqual({ text: 'Error from server (NotFound): pods "x" not found', code: 1 });
    expect(formatError(new RawError('The connection to the server localhost:8080 was refused'))).toEqual({ text: 'The connection to the server localhost:8080 was refused', code: 1 });
  });

  it.each([
    ['a TypeError', () => (undefined as unknown as { x: number }).x],
    ['a RangeError', () => 'x'.repeat(-1)],
    ['an uncloneable value', () => structuredClone({ f: () => 1 })],
    ['a thrown string', () => { throw 'boom'; }],
  ])('hides %s', (_what, fault) => {
    let caught: unknown;
    try {
      fault();
    } catch (e) {
      caught = e;
    }
    expect(formatError(caught)).toEqual({ text: INTERNAL, code: 1 });
  });
});
