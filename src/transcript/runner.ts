/**
 * Running a walkthrough: every step in order in one session, each command's output compared with its
 * expectation; optionally the file rewritten with blessed expectations (`--update`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseTranscript, renderExpected, TranscriptSyntaxError, type CommandStep, type Transcript } from './format.js';
import { bless, matches, unifiedDiff } from './match.js';
import { outputLines, Session, type SessionOptions } from './session.js';

/** The outcome of one command. */
export interface CommandResult {
  step: CommandStep;
  actual: string[];
  exitCode: number;
  ok: boolean;
  /** Not run where the walkthrough was checked (a kube-sim-only command against a real cluster). */
  skipped?: boolean;
}

/** The outcome of one walkthrough file. */
export interface TranscriptResult {
  file: string;
  /** True when every command matched (and the file parsed). */
  passed: boolean;
  commands: CommandResult[];
  failures: CommandResult[];
  /** A syntax error that stopped the run. */
  error?: string;
  /** Number of commands whose expectation was rewritten (with `update`). */
  updated: number;
  /** The session as a terminal shows it: each command with its actual output (byte-reproducible). */
  transcript: string;
}

export interface RunTranscriptOptions extends SessionOptions {
  /** Rewrite mismatching expectations in the file (blessing). */
  update?: boolean;
  /** Source text to use instead of reading `file` (the file is still the name in messages). */
  source?: string;
  /** Called after each step (play uses it to show progress). */
  onCommand?: (r: CommandResult) => void | Promise<void>;
}

/** Run one walkthrough file in a fresh isolated cluster (unless options give a store) and compare. */
export async function runTranscript(file: string, opts: RunTranscriptOptions = {}): Promise<TranscriptResult> {
  const source = opts.source ?? readFileSync(file, 'utf8');
  let doc: Transcript;
  try {
    doc = parseTranscript(source);
  } catch (e) {
    const where = e instanceof TranscriptSyntaxError ? `${file}:${e.line + 1}: ` : `${file}: `;
    return { file, passed: false, commands: [], failures: [], error: where + (e as Error).message, updated: 0, transcript: '' };
  }
  const session = new Session(opts);
  const commands: CommandResult[] = [];
  const shown: string[] = [];
  try {
    for (const step of doc.steps) {
      if (step.kind === 'file') {
        session.writeFile(step.name, step.content);
      } else if (step.kind === 'command') {
        const { output, exitCode } = await session.run(step.text, step.stdin);
        const actual = outputLines(output);
        const skipped = session.lastSkipped;
        const r: CommandResult = { step, actual, exitCode, ok: skipped || (exitCode === step.exit && matches(step.expected, actual)), ...(skipped ? { skipped } : {}) };
        commands.push(r);
        shown.push(`$ ${step.display}`, ...renderExpected(actual, exitCode));
        await opts.onCommand?.(r);
      }
    }
  } finally {
    session.dispose();
  }
  const failures = commands.filter((c) => !c.ok);
  let updated = 0;
  const blessable = failures.filter((f) => !f.step.reference);
  if (opts.update && blessable.length) {
    writeFileSync(file, rewrite(doc, blessable));
    updated = blessable.length;
  }
  return {
    file,
    passed: failures.length === 0,
    commands,
    failures,
    updated,
    transcript: shown.length ? shown.join('\n') + '\n' : '',
  };
}

/** The file text with each failing command's expectation replaced by its blessed form. */
function rewrite(doc: Transcript, failures: CommandResult[]): string {
  const lines = [...doc.lines];
  for (const f of [...failures].sort((a, b) => b.step.outStart - a.step.outStart)) {
    const blessed = renderExpected(bless(f.step.expected, f.actual), f.exitCode).map((l) => (l === '' ? '' : f.step.indent + l));
    lines.splice(f.step.outStart, f.step.outEnd - f.step.outStart, ...blessed);
  }
  return lines.join('\n') + (doc.finalNewline ? '\n' : '');
}

/** A failing command as text: file:line, the command, the diff, and the exit codes if they differ. */
export function describeFailure(file: string, r: CommandResult): string {
  const out = [`${file}:${r.step.line + 1}: $ ${r.step.display}`];
  if (!matches(r.step.expected, r.actual)) out.push(unifiedDiff(r.step.expected, r.actual, r.step.outStart + 1));
  if (r.exitCode !== r.step.exit) out.push(`exit code: expected ${r.step.exit}, got ${r.exitCode}`);
  return out.join('\n');
}

/** The full report of one file as `kube-sim test` prints it. */
export function formatResult(r: TranscriptResult): string {
  if (r.error) return `FAIL ${r.file}\n${r.error}\n`;
  const n = r.commands.length;
  const skipped = r.commands.filter((c) => c.skipped).length;
  const head = `${r.passed ? 'ok  ' : r.failures.every((f) => !f.step.reference) && r.updated ? 'UPDATED' : 'FAIL'} ${r.file} (${n} command${n === 1 ? '' : 's'}${skipped ? `, ${skipped} kube-sim-only skipped` : ''}${r.passed ? '' : `, ${r.failures.length} mismatched`})`;
  if (r.passed) return head + '\n';
  const left = r.updated ? r.failures.filter((f) => f.step.reference) : r.failures;
  const note = r.updated ? [`updated ${r.updated} expectation${r.updated === 1 ? '' : 's'} in ${r.file}`] : [];
  if (left.length && r.updated) note.push(`${left.length} reference expectation${left.length === 1 ? '' : 's'} (from real kubectl) left as written:`);
  return [note.length ? `${head}\n${note.join('\n')}` : head, ...left.map((f) => indent(describeFailure(r.file, f)))].join('\n\n') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? '    ' + l : l))
    .join('\n');
}
