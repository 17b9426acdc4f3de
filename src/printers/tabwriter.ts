/**
 * Go text/tabwriter semantics, which kubectl's get and describe output depend on byte for byte.
 * A cell followed by a tab is a column cell; the last cell of a line is free text and never sets widths.
 * Column k is aligned over a block: a maximal run of consecutive lines that all have a column cell at k
 * (within the same block of column k-1).
 */
export interface TabwriterOptions {
  minWidth: number;
  padding: number;
  /**
   * kubectl's fork of tabwriter (RememberWidths, used by its printers' writer): a column never gets
   * narrower than it was in an earlier block, so output after a line break inside a cell stays aligned.
   */
  rememberWidths?: boolean;
  /**
   * The remembered widths of a RememberWidths writer that outlives one flush (`get -w` flushes after the
   * list and after every event): read and updated in place, so later rows stay aligned with earlier ones.
   */
  widths?: number[];
}

/** kubectl get: minwidth 6, padding 3. */
export const GET_TABS: TabwriterOptions = { minWidth: 6, padding: 3 };
/** kubectl describe: minwidth 0, padding 2. */
export const DESCRIBE_TABS: TabwriterOptions = { minWidth: 0, padding: 2 };

/** Align tab-separated text (lines separated by \n) like Go's tabwriter. Keeps a trailing newline. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths: number[][] = lines.map(() => []);
  alignColumn(lines, widths, 0, 0, lines.length, opts, opts.widths ?? (opts.rememberWidths ? [] : undefined));
  const out = lines.map((cells, i) => {
    let s = '';
    for (let c = 0; c < cells.length - 1; c++) s += pad(cells[c]!, widths[i]![c]!);
    return s + cells[cells.length - 1];
  });
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

function alignColumn(
  lines: string[][],
  widths: number[][],
  col: number,
  start: number,
  end: number,
  opts: TabwriterOptions,
  remembered?: number[],
): void {
  let i = start;
  while (i < end) {
    if (lines[i]!.length - 1 <= col) {
      i++;
      continue;
    }
    let j = i;
    let width = 0;
    while (j < end && lines[j]!.length - 1 > col) {
      width = Math.max(width, displayWidth(lines[j]![col]!));
      j++;
    }
    width = Math.max(opts.minWidth, width + opts.padding);
    if (remembered) width = remembered[col] = Math.max(width, remembered[col] ?? 0);
    for (let k = i; k < j; k++) widths[k]![col] = width;
    alignColumn(lines, widths, col + 1, i, j, opts, remembered);
    i = j;
  }
}

function pad(cell: string, width: number): string {
  const w = displayWidth(cell);
  return w >= width ? cell : cell + ' '.repeat(width - w);
}

/** Width in terminal cells; Go's tabwriter counts runes (not bytes), so count code points. */
function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Render rows of cells as a kubectl get table (fast path: no intermediate string joins per block). */
export function renderTable(rows: string[][], opts: TabwriterOptions = GET_TABS): string {
  if (rows.length === 0) return '';
  const cols = rows[0]!.length;
  // kubectl tables are rectangular, so every line is one block: a single width pass per column.
  const widths = new Array<number>(cols).fill(0);
  for (const r of rows) for (let c = 0; c < cols - 1; c++) widths[c] = Math.max(widths[c]!, displayWidth(r[c] ?? ''));
  for (let c = 0; c < cols - 1; c++) widths[c] = Math.max(opts.minWidth, widths[c]! + opts.padding);
  if (opts.widths) for (let c = 0; c < cols - 1; c++) widths[c] = opts.widths[c] = Math.max(widths[c]!, opts.widths[c] ?? 0);
  let out = '';
  for (const r of rows) {
    let line = '';
    for (let c = 0; c < cols - 1; c++) line += pad(r[c] ?? '', widths[c]!);
    out += line + (r[cols - 1] ?? '') + '\n';
  }
  return out;
}
