/**
 * The walkthrough (transcript) format: Markdown whose ```console blocks hold commands and their expected
 * output, and whose ```LANG file=NAME blocks hold files written into the walkthrough's working directory.
 * Everything else is prose. Parsing keeps line numbers so failures point at file:line and `--update` can
 * rewrite exactly the lines of one command's expected output.
 *
 * Inside a console block:
 *   `$ COMMAND LINE`                        a line for the walkthrough's shell (src/transcript/session.ts)
 *   a trailing `\`                          continues the command on the next line
 *   `<<EOF` ... `EOF`                       a heredoc: the lines up to the terminator are the line's stdin
 *   the lines after a command              its expected output, stdout and stderr interleaved as printed
 *   `[..]` inside a line                    matches any text within that line
 *   a line `...`                            matches any number of lines (zero included)
 *   a last line `[exit: N]`                 the command must exit with N; without it, the exit code a
 *                                           reader infers from the output (impliedExit)
 * A block opened with ```console reference holds expectations taken from real kubectl: checked like any
 * other, never rewritten by `--update`.
 */

/** One fenced console command with its expectation. Line numbers are 0-based indexes into `lines`. */
export interface CommandStep {
  kind: 'command';
  /** Index of the `$ ` line. */
  line: number;
  /** The command as shown (continuations and heredoc joined back into display form). */
  display: string;
  /** The command line after joining continuations, with its heredoc lines (the shell reads them). */
  text: string;
  /** Standard input for the line (unused by parsed walkthroughs: a heredoc is part of `text`). */
  stdin?: string;
  /** Expected output lines (placeholders included, exit marker excluded). */
  expected: string[];
  /** Expected exit code (from `[exit: N]`, else what the output implies: impliedExit). */
  exit: number;
  /** The block ends with an explicit `[exit: N]`. */
  exitExplicit: boolean;
  /** Lines [outStart, outEnd) of the file hold the expected output and the exit marker. */
  outStart: number;
  outEnd: number;
  /** Indentation of the fence, re-applied when rewriting. */
  indent: string;
  /**
   * From a block marked ```console reference: the expectation was taken from real kubectl, so `--update`
   * never rewrites it (a mismatch there is a fidelity bug to fix, not a snapshot to bless).
   */
  reference: boolean;
}

/** A file to write into the working directory before the following commands run. */
export interface FileStep {
  kind: 'file';
  line: number;
  name: string;
  content: string;
  lang: string;
}

/** Prose or a non-console code block: shown by `play`, ignored by `test`. */
export interface ProseStep {
  kind: 'prose';
  line: number;
  text: string[];
  /** True for a fenced block that is neither a console block nor a file. */
  code?: boolean;
}

export type Step = CommandStep | FileStep | ProseStep;

export interface Transcript {
  /** The file's lines (without line terminators). */
  lines: string[];
  /** True if the file ended with a newline. */
  finalNewline: boolean;
  steps: Step[];
}

/** A malformed walkthrough (unterminated fence, heredoc, continuation). */
export class TranscriptSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const EXIT_MARKER = /^\[exit: (\d+)\]$/;
const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;

/** The info-string languages that mark a console block. */
export const CONSOLE_LANGS = new Set(['console', 'shell-session', 'sh-session']);

/** Parse a walkthrough. */
export function parseTranscript(source: string): Transcript {
  const finalNewline = source.endsWith('\n');
  const lines = (finalNewline ? source.slice(0, -1) : source).split('\n').map((l) => l.replace(/\r$/, ''));
  const steps: Step[] = [];
  let prose: string[] = [];
  let proseStart = 0;
  const flushProse = (next: number) => {
    if (prose.some((l) => l.trim() !== '')) steps.push({ kind: 'prose', line: proseStart, text: prose });
    prose = [];
    proseStart = next;
  };
  let i = 0;
  while (i < lines.length) {
    const m = FENCE.exec(lines[i]!);
    if (!m) {
      if (prose.length === 0) proseStart = i;
      prose.push(lines[i]!);
      i++;
      continue;
    }
    const [, indent, fence, info] = m as unknown as [string, string, string, string];
    const close = findClose(lines, i + 1, fence);
    if (close < 0) throw new TranscriptSyntaxError(i, `unterminated code block (opened with ${fence})`);
    const body = lines.slice(i + 1, close).map((l) => stripIndent(l, indent.length));
    const words = info.trim().split(/\s+/).filter(Boolean);
    const lang = words[0] ?? '';
    const fileAttr = words.find((w) => w.startsWith('file='));
    flushProse(i);
    if (fileAttr) {
      const name = fileAttr.slice('file='.length).replace(/^["']|["']$/g, '');
      steps.push({ kind: 'file', line: i, name, lang, content: body.join('\n') + (body.length ? '\n' : '') });
    } else if (CONSOLE_LANGS.has(lang)) {
      steps.push(...parseConsole(body, i + 1, indent, words.includes('reference')));
    } else {
      steps.push({ kind: 'prose', line: i, text: lines.slice(i, close + 1), code: true });
    }
    i = close + 1;
    proseStart = i;
  }
  flushProse(lines.length);
  return { lines, finalNewline, steps };
}

function findClose(lines: string[], from: number, fence: string): number {
  for (let j = from; j < lines.length; j++) {
    const t = lines[j]!.trim();
    if (t.startsWith(fence[0]!.repeat(fence.length)) && /^(`+|~+)$/.test(t) && t[0] === fence[0]) return j;
  }
  return -1;
}

function stripIndent(line: string, n: number): string {
  let k = 0;
  while (k < n && line[k] === ' ') k++;
  return line.slice(k);
}

/** Is this a command line (`$ ...` or a bare `$`)? */
function isPrompt(line: string): boolean {
  return line.startsWith('$ ') || line === '$';
}

/** Parse the body of one console block; `base` is the file index of its first line. */
function parseConsole(body: string[], base: number, indent: string, reference: boolean): Step[] {
  const steps: Step[] = [];
  let j = 0;
  // Lines before the first prompt are commentary inside the block.
  const lead: string[] = [];
  while (j < body.length && !isPrompt(body[j]!)) lead.push(body[j++]!);
  if (lead.some((l) => l.trim())) steps.push({ kind: 'prose', line: base, text: lead, code: true });
  while (j < body.length) {
    const start = j;
    const shown: string[] = [body[j]!];
    let text = body[j]!.slice(2);
    while (endsWithContinuation(text)) {
      j++;
      if (j >= body.length) throw new TranscriptSyntaxError(base + start, 'command ends with "\\" but no line follows');
      shown.push(body[j]!);
      text = text.slice(0, -1) + body[j]!;
    }
    j++;
    const hd = findHeredoc(text);
    if (hd) {
      // The heredoc's lines belong to the command: the shell expands them (unless the word is quoted).
      const bodyLines: string[] = [];
      for (;;) {
        if (j >= body.length) throw new TranscriptSyntaxError(base + start, `heredoc not terminated by a line "${hd.word}"`);
        const raw = body[j]!;
        shown.push(raw);
        bodyLines.push(raw);
        j++;
        if ((hd.stripTabs ? raw.replace(/^\t+/, '') : raw) === hd.word) break;
      }
      text = `${text.trim()}\n${bodyLines.join('\n')}`;
    }
    const outStart = j;
    while (j < body.length && !isPrompt(body[j]!)) j++;
    const out = body.slice(outStart, j);
    const last = out.length - 1;
    const em = last >= 0 ? EXIT_MARKER.exec(out[last]!) : null;
    if (em) out.pop();
    const exit = em ? Number(em[1]) : impliedExit(out);
    steps.push({
      kind: 'command',
      line: base + start,
      display: [shown[0]!.slice(2), ...shown.slice(1)].join('\n'),
      text: text.trim(),
      expected: out,
      exit,
      exitExplicit: !!em,
      outStart: base + outStart,
      outEnd: base + j,
      indent,
      reference,
    });
  }
  return steps;
}

function endsWithContinuation(text: string): boolean {
  const m = /\\+$/.exec(text);
  return !!m && m[0].length % 2 === 1;
}

/** Find an unquoted `<<WORD` in a command line. */
function findHeredoc(text: string): { index: number; length: number; word: string; stripTabs: boolean } | null {
  let quote = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"') k++;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') k++;
    else if (ch === '<' && text[k + 1] === '<') {
      const m = HEREDOC.exec(text.slice(k));
      if (m && m.index === 0) return { index: k, length: m[0].length, word: m[3]!, stripTabs: m[1] === '-' };
    }
  }
  return null;
}

/** Render a command's expected block (output lines and exit marker) as file lines. */
export function renderExpected(expected: string[], exit: number): string[] {
  // A non-zero code is always written out; a 0 only where the output would make a reader expect a failure.
  return exit === 0 && impliedExit(expected) === 0 ? [...expected] : [...expected, `[exit: ${exit}]`];
}

/** The first line of an error as kubectl, the API server or curl print it. */
const ERROR_HEAD = /^(error: |Error from server|Error: |The \S+ "[^"]*" is invalid|Unable to connect to the server|The connection to the server .* was refused|error validating |unable to recognize )/;
/** Lines that continue an error: causes, usage hints, indented examples, `...`. */
const ERROR_CONTINUATION = /^(\s|\* |See 'kubectl|Example resource specifications include:|Run 'kubectl|\.\.\.$)/;

/**
 * The exit code a reader infers from a command's output when no `[exit: N]` follows it, as in a transcript
 * copied from a terminal: output ending in kubectl's error form (`error: ...`, `Error from server ...`,
 * `The Service "x" is invalid: ...` with its causes) means 1, `command terminated with exit code N` and
 * `curl: (N) ...` mean N; anything else means 0.
 */
export function impliedExit(lines: string[]): number {
  let k = lines.length - 1;
  while (k >= 0 && lines[k]!.trim() === '') k--;
  if (k < 0) return 0;
  const coded = /^command terminated with exit code (\d+)$/.exec(lines[k]!) ?? /^curl: \((\d+)\) /.exec(lines[k]!);
  if (coded) return Number(coded[1]);
  for (let j = k; j >= 0 && k - j < 100; j--) {
    if (ERROR_HEAD.test(lines[j]!)) return 1;
    if (!ERROR_CONTINUATION.test(lines[j]!)) break;
  }
  return 0;
}
