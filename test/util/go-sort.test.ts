/**
 * src/util/go-sort.ts against Go's sort.Sort itself: where items compare equal, the order they end in is
 * the algorithm's alone, and kubectl's `events` shows it. The expectations were printed by Go
 * (`go run scripts/go-sort-cases.go`, Go 1.19, whose sort package is Go 1.23's) for the inputs below,
 * which follow Go's own sort tests (Bentley and McIlroy's patterns and distortions).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goSort } from '../../src/util/go-sort.js';

interface Item {
  key: number;
  id: number;
}

/** The generator of scripts/go-sort-cases.go: a 31-bit LCG. */
function lcg(seed: number): () => number {
  let r = seed >>> 0;
  return () => {
    r = ((Math.imul(r, 1103515245) + 12345) >>> 0) & 0x7fffffff;
    return r;
  };
}

/** The keys of one case, exactly as scripts/go-sort-cases.go makes them. */
function keys(n: number, m: number, pattern: string, dist: string): number[] {
  const next = lcg(n * 7919 + m);
  const data: number[] = [];
  let j = 0;
  let k = 1;
  for (let i = 0; i < n; i++) {
    if (pattern === 'sawtooth') data.push(i % m);
    else if (pattern === 'rand') data.push(next() % m);
    else if (pattern === 'stagger') data.push((i * m + i) % n);
    else if (pattern === 'plateau') data.push(Math.min(i, m));
    else if (next() % m !== 0) data.push((j += 2));
    else data.push((k += 2));
  }
  const half = Math.floor(n / 2);
  if (dist === 'copy') return data;
  if (dist === 'reverse') return data.map((_, i) => data[n - i - 1]!);
  if (dist === 'reverse_first_half') return data.map((v, i) => (i < half ? data[half - i - 1]! : v));
  if (dist === 'reverse_second_half') return data.map((v, i) => (i < half ? v : data[n - (i - half) - 1]!));
  return data.map((v, i) => v + (i % 5));
}

/** FNV-1a over the ids in their sorted order, as the Go program prints it. */
function fnv(items: Item[]): string {
  let h = 2166136261;
  for (const { id } of items) h = Math.imul(h ^ id, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const sortByKey = (items: Item[]) => goSort(items, (a, b) => a.key < b.key);
const expected = JSON.parse(readFileSync(new URL('./go-sort-cases.json', import.meta.url), 'utf8')) as Record<string, string>;

describe("goSort is Go's sort.Sort, equal items included", () => {
  it('leaves every case of Go-printed expectations in the order Go does', () => {
    const cases = Object.keys(expected);
    expect(cases.length).toBe(1225);
    const wrong: string[] = [];
    for (const name of cases) {
      const [, n, m, pattern, dist] = /^n=(\d+) m=(\d+) (\S+) (\S+)$/.exec(name)!;
      const items = keys(Number(n), Number(m), pattern!, dist!).map((key, id) => ({ key, id }));
      const sorted = sortByKey(items);
      const ordered = sorted.every((x, i) => i === 0 || sorted[i - 1]!.key <= x.key);
      if (!ordered || fnv(sorted) !== expected[name]) wrong.push(name);
    }
    expect(wrong).toEqual([]);
  });

  it('sorts kubectl events the way kubectl does: many at one instant, newer ones listed first', () => {
    // Listed as etcd lists them (namespace, then name): 6 newer `default` events, then 59 system events
    // at one instant. Go's order, printed by the same Go sort on these keys.
    const items = [...Array.from({ length: 6 }, (_, i) => 10 + (i % 3)), ...Array.from({ length: 59 }, () => 0)].map((key, id) => ({ key, id }));
    expect(sortByKey(items).map((x) => x.id)).toEqual(GO_EVENTS_ORDER);
  });

  it('is an insertion sort up to 12 items, hence stable there', () => {
    const items = [3, 1, 3, 2, 1, 3, 2, 1, 1, 2, 3, 2].map((key, id) => ({ key, id }));
    expect(sortByKey(items).map((x) => x.id)).toEqual([1, 4, 7, 8, 3, 6, 9, 11, 0, 2, 5, 10]);
  });
});

/** What Go 1.19+ prints for the events-shaped case above (ids in sorted order). */
const GO_EVENTS_ORDER = [
  36, 29, 8, 9, 64, 6, 10, 11, 12, 13, 14, 15, 16, 37, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 38, 30, 31, 32, 33, 34, 35, 63, 17, 7, 39,
  40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 3, 0, 1, 4, 2, 5,
];
