/**
 * Comparing expected output (with placeholders) to actual output, and the two things built on the same
 * alignment: a unified-style diff for failures, and the blessed expectation for `--update` (which keeps
 * every expected line that still matches, placeholders included, and takes the actual text elsewhere).
 */

/** A line `...` matches any number of lines. */
export const ANY_LINES = '...';
/** `[..]` inside a line matches any text within that line. */
export const ANY_TEXT = '[..]';

const patternCache = new Map<string, RegExp>();

/** Does one expected line (possibly with `[..]`) match one actual line? */
export function lineMatches(expected: string, actual: string): boolean {
  if (!expected.includes(ANY_TEXT)) return expected === actual;
  let re = patternCache.get(expected);
  if (!re) {
    const parts = expected.split(ANY_TEXT).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`^${parts.join('.*?')}$`, 's');
    patternCache.set(expected, re);
  }
  return re.test(actual);
}

/** One row of an alignment: a matched pair, an expected line missing from the output, or an extra actual line. */
export type AlignOp =
  | { op: 'same'; exp: number; act: number }
  | { op: 'any'; exp: number; acts: number[] }
  | { op: 'del'; exp: number }
  | { op: 'add'; act: number };

/** Cost of a line that is missing, extra or changed; a line absorbed by `...` costs 1, so edits always dominate. */
const EDIT = 1e6;

/**
 * Align expected against actual with the fewest unmatched lines (an edit distance where matching lines cost
 * nothing, a `...` absorbs lines almost for free, and a changed line counts as one edit, so diffs pair an
 * old line with its new text rather than letting a `...` swallow it). Outputs are small: O(n·m) is cheap.
 */
export function align(expected: string[], actual: string[]): { ops: AlignOp[]; edits: number } {
  const n = expected.length;
  const m = actual.length;
  const W = m + 1;
  // cost[i*W+j]: cheapest alignment of expected[i..] with actual[j..].
  const cost = new Float64Array((n + 1) * W);
  for (let j = m; j >= 0; j--) cost[n * W + j] = (m - j) * EDIT;
  for (let i = n - 1; i >= 0; i--) {
    const e = expected[i]!;
    const any = e === ANY_LINES;
    for (let j = m; j >= 0; j--) {
      let best = cost[(i + 1) * W + j]! + (any ? 0 : EDIT);
      if (j < m) {
        if (any) best = Math.min(best, cost[i * W + j + 1]! + 1);
        else {
          best = Math.min(best, cost[i * W + j + 1]! + EDIT, cost[(i + 1) * W + j + 1]! + (lineMatches(e, actual[j]!) ? 0 : EDIT));
        }
      }
      cost[i * W + j] = best;
    }
  }
  const ops: AlignOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && expected[i] === ANY_LINES) {
      // Consume actual lines into this `...` while that stays optimal.
      const acts: number[] = [];
      while (j < m && cost[i * W + j + 1]! + 1 === cost[i * W + j]!) acts.push(j++);
      ops.push({ op: 'any', exp: i, acts });
      i++;
      continue;
    }
    const here = cost[i * W + j]!;
    if (i < n && j < m && lineMatches(expected[i]!, actual[j]!) && cost[(i + 1) * W + j + 1] === here) {
      ops.push({ op: 'same', exp: i++, act: j++ });
    } else if (i < n && j < m && cost[(i + 1) * W + j + 1]! + EDIT === here) {
      ops.push({ op: 'del', exp: i++ }, { op: 'add', act: j++ });
    } else if (i < n && cost[(i + 1) * W + j]! + EDIT === here) {
      ops.push({ op: 'del', exp: i++ });
    } else {
      ops.push({ op: 'add', act: j++ });
    }
  }
  return { ops, edits: Math.floor(cost[0]! / EDIT) };
}

/** Does the whole expected block match the actual lines? */
export function matches(expected: string[], actual: string[]): boolean {
  return align(expected, actual).edits === 0;
}

/**
 * The expectation `--update` writes: expected lines that matched stay as written (so placeholders survive),
 * `...` stays where it still covers lines or sits between kept lines, and everything else becomes the actual text.
 */
export function bless(expected: string[], actual: string[]): string[] {
  const out: string[] = [];
  for (const o of align(expected, actual).ops) {
    if (o.op === 'same') out.push(expected[o.exp]!);
    else if (o.op === 'any') out.push(ANY_LINES);
    else if (o.op === 'add') out.push(actual[o.act]!);
  }
  return out;
}

/**
 * A unified-style diff of expected vs actual: `-` lines are expected but missing, `+` lines were printed
 * instead, ` ` lines matched (shown as printed). Long runs of matching lines are cut to `context` lines
 * around each change. `firstLine` is the file line number (1-based) of expected[0], for hunk headers.
 */
export function unifiedDiff(expected: string[], actual: string[], firstLine: number, context = 3): string {
  const { ops } = align(expected, actual);
  type Row = { mark: ' ' | '-' | '+'; text: string; exp?: number };
  const rows: Row[] = [];
  for (const o of ops) {
    if (o.op === 'same') rows.push({ mark: ' ', text: actual[o.act]!, exp: o.exp });
    else if (o.op === 'any') rows.push({ mark: ' ', text: o.acts.length ? `... (${o.acts.length} line${o.acts.length === 1 ? '' : 's'})` : '... (0 lines)', exp: o.exp });
    else if (o.op === 'del') rows.push({ mark: '-', text: expected[o.exp]!, exp: o.exp });
    else rows.push({ mark: '+', text: actual[o.act]! });
  }
  const keep = new Array<boolean>(rows.length).fill(false);
  rows.forEach((r, k) => {
    if (r.mark === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(rows.length - 1, k + context); d++) keep[d] = true;
  });
  const out = ['--- expected', '+++ actual'];
  let k = 0;
  while (k < rows.length) {
    if (!keep[k]) {
      k++;
      continue;
    }
    let end = k;
    while (end < rows.length && keep[end]) end++;
    const firstExp = rows.slice(k, end).find((r) => r.exp !== undefined)?.exp;
    out.push(`@@ line ${firstLine + (firstExp ?? expected.length)} @@`);
    for (let r = k; r < end; r++) out.push(`${rows[r]!.mark}${rows[r]!.text === '' ? '' : ' ' + rows[r]!.text}`);
    k = end;
  }
  return out.join('\n');
}
