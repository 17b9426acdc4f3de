/**
 * The hunks of `diff -u` (GNU diffutils) between two texts, computed in-process: a minimal edit script
 * (Myers), changes shown as their removed lines then their added lines, three lines of context, and
 * changes closer than twice the context joined into one hunk. kube-sim never runs a host `diff`.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Lines of a text as diff reads them (a final newline ends the last line, it does not add one). */
export function textLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Myers' O(ND) shortest edit script between a and b. */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ kind: ' ', line: a[--x]! }), y--;
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  while (x > 0 && y > 0) ops.push({ kind: ' ', line: a[--x]! }), y--;
  return ops.reverse();
}

/**
 * GNU diff's shift_boundaries: slide each run of changed lines up while the line before it equals its
 * last line, then down while its first line equals the line after it (merging with neighbouring runs),
 * and finally back up to where it last lined up with a change in the other file. This picks, among the
 * equally short edit scripts, the one GNU diff prints.
 */
function shiftBoundaries(lines: [string[], string[]], changed: [Uint8Array, Uint8Array]): void {
  for (let f = 0; f < 2; f++) {
    const eq = lines[f]!;
    const end = eq.length;
    // Index -1 and `end` are sentinels (unchanged): the arrays are offset by one.
    const ch = (k: number) => changed[f]![k + 1]!;
    const set = (k: number, v: number) => (changed[f]![k + 1] = v);
    const other = (k: number) => changed[1 - f]![k + 1]!;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < end && !ch(i)) {
        while (other(j++));
        i++;
      }
      if (i === end) break;
      let start = i;
      while (ch(++i));
      while (other(j)) j++;
      let corresponding: number;
      let runlength: number;
      do {
        runlength = i - start;
        while (start && eq[start - 1] === eq[i - 1]) {
          set(--start, 1);
          set(--i, 0);
          while (ch(start - 1)) start--;
          while (other(--j));
        }
        corresponding = other(j - 1) ? i : end;
        while (i !== end && eq[start] === eq[i]) {
          set(start++, 0);
          set(i++, 1);
          while (ch(i)) i++;
          while (other(++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        set(--start, 1);
        set(--i, 0);
        while (other(--j));
      }
    }
  }
}

/** The edit script as GNU diff would print it: minimal, then its change boundaries shifted as GNU's. */
function gnuScript(a: string[], b: string[]): Op[] {
  const changed: [Uint8Array, Uint8Array] = [new Uint8Array(a.length + 2), new Uint8Array(b.length + 2)];
  let x = 0;
  let y = 0;
  for (const o of editScript(a, b)) {
    if (o.kind === ' ') x++, y++;
    else if (o.kind === '-') changed[0][1 + x++] = 1;
    else changed[1][1 + y++] = 1;
  }
  shiftBoundaries([a, b], changed);
  const ops: Op[] = [];
  x = 0;
  y = 0;
  while (x < a.length || y < b.length) {
    if (x < a.length && changed[0][1 + x]) ops.push({ kind: '-', line: a[x++]! });
    else if (y < b.length && changed[1][1 + y]) ops.push({ kind: '+', line: b[y++]! });
    else ops.push({ kind: ' ', line: a[x++]! }), y++;
  }
  return ops;
}

/** `@@ -l,s +l,s @@` as GNU prints it (a count of 1 is left out; an empty side names the line before). */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** The hunks of `diff -u` between two texts ('' when they are the same). */
export function unifiedHunks(before: string, after: string, context = 3): string {
  const a = textLines(before);
  const b = textLines(after);
  const ops = gnuScript(a, b);
  // Positions (in ops) of changed lines; hunks gather changes whose gaps are at most 2 * context.
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (!changed.length) return '';
  const groups: [number, number][] = [];
  for (const i of changed) {
    const last = groups[groups.length - 1];
    if (last && i - last[1] - 1 <= 2 * context) last[1] = i;
    else groups.push([i, i]);
  }
  let out = '';
  // Line numbers (1-based) at each op index.
  const aAt: number[] = [];
  const bAt: number[] = [];
  let la = 1;
  let lb = 1;
  for (const o of ops) {
    aAt.push(la);
    bAt.push(lb);
    if (o.kind !== '+') la++;
    if (o.kind !== '-') lb++;
  }
  for (const [first, last] of groups) {
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, last + context);
    const slice = ops.slice(from, to + 1);
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    out += `@@ -${range(aAt[from]!, aCount)} +${range(bAt[from]!, bCount)} @@\n`;
    // Within a run of changes, GNU prints the removed lines first, then the added ones.
    for (let i = 0; i < slice.length; ) {
      if (slice[i]!.kind === ' ') {
        out += ` ${slice[i]!.line}\n`;
        i++;
        continue;
      }
      let j = i;
      while (j < slice.length && slice[j]!.kind !== ' ') j++;
      for (const o of slice.slice(i, j)) if (o.kind === '-') out += `-${o.line}\n`;
      for (const o of slice.slice(i, j)) if (o.kind === '+') out += `+${o.line}\n`;
      i = j;
    }
  }
  return out;
}
