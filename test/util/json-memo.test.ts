/**
 * src/util/json-memo.ts: `sameJson` must agree with comparing JSON.stringify texts (the memo keys it
 * replaced), and a JsonMemo must answer as a map keyed by those texts would, however often it is asked.
 */
import { describe, expect, it } from 'vitest';
import { JsonMemo, sameJson } from '../../src/util/json-memo.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: '', generateName: 'kubia-', labels: { app: 'kubia' }, ownerReferences: [{ uid: 'u', controller: true }] },
  spec: { containers: [{ name: 'kubia', ports: [{ containerPort: 8080 }] }], tolerations: null, priority: 0 },
};

/** Values and a changed copy of each: the pairs sameJson is checked on, both ways round. */
const values: unknown[] = [
  null,
  0,
  -0,
  1.5,
  NaN,
  Infinity,
  '',
  'x',
  true,
  false,
  [],
  {},
  [null],
  [undefined],
  [() => 1],
  { a: undefined },
  { a: undefined, b: 1 },
  { b: 1, a: undefined },
  { a: 1, b: 2 },
  { b: 2, a: 1 },
  { 2: 'x', 1: 'y' },
  { a: [1, { b: null }] },
  { a: [1, { b: 0 }] },
  { toJSON: () => 1 },
  new Date(0),
  pod,
  { ...pod, spec: { ...pod.spec, priority: 1 } },
  { ...pod, metadata: { ...pod.metadata, labels: { app: 'other' } } },
  [[{ effect: 'NoExecute', key: 'k', tolerationSeconds: 300 }], null, null],
  [[{ effect: 'NoExecute', key: 'k', tolerationSeconds: 300 }], null, {}],
];

describe('sameJson', () => {
  it.each(values.map((v, i) => [i, v]))('agrees with JSON.stringify equality for value %i against every other', (_i, value) => {
    for (const other of values) {
      const text = JSON.stringify(other);
      if (text === undefined) continue;
      const snapshot = JSON.parse(text);
      const equal = JSON.stringify(value) === text;
      // A toJSON or a Date is never taken for equal (a miss only costs a serialisation).
      const special = typeof value === 'object' && value !== null && ('toJSON' in value || value instanceof Date);
      expect(sameJson(snapshot, value)).toBe(special ? false : equal);
    }
  });
});

describe('JsonMemo', () => {
  it('computes once per distinct JSON text and forgets the oldest past its capacity', () => {
    const memo = new JsonMemo<number>(2);
    let computed = 0;
    const ask = (v: unknown) => memo.get(v, () => ++computed);
    const a = { x: [1, null] };
    expect([ask(a), ask({ x: [1, null] }), ask(a), ask({ x: [1, undefined] })]).toEqual([1, 1, 1, 1]);
    expect(ask({ y: 1 })).toBe(2);
    expect(ask({ x: [1, null] })).toBe(1);
    // A third distinct input evicts the first one kept ({x}), as a Map with its oldest key deleted would.
    expect(ask({ z: 1 })).toBe(3);
    expect(ask({ y: 1 })).toBe(2);
    expect(ask({ x: [1, null] })).toBe(4);
    expect(computed).toBe(4);
  });

  it('answers by content when the input it saw is changed afterwards', () => {
    const memo = new JsonMemo<string>(4);
    const input = { labels: { app: 'a' } };
    expect(memo.get(input, () => 'first')).toBe('first');
    input.labels.app = 'b';
    expect(memo.get(input, () => 'second')).toBe('second');
    expect(memo.get({ labels: { app: 'a' } }, () => 'third')).toBe('first');
  });
});
