/**
 * Running a walkthrough: every step in order in one session, each command's output compared with its
 * expectation; optionally the file rewritten with blessed expectations (`--update`). A walkthrough error
 * (something kube-sim cannot or will not do for a walkthrough) always fails and is never blessed.
 */
import { parseTranscript, renderExpected, TranscriptSyntaxError, type CommandStep, type Transcript } from './format.js';
import { realFiles, type HostFiles } from '../util/host-files.js';
import { bless, matches, unifiedDiff } from './match.js';
import { outputLines, Session, type SessionOptions } from './session.js';

/** The outcome of one command. */
export interface CommandResult {
  step: CommandStep;
  actual: string[];
  exitCode: number;
  /** What the command wrote to stderr (part of `actual`), shown when only the exit code differs. */
  stderr: string;
  ok: boolean;
  /** Why the command is a walkthrough error; such a command fails whatever it printed, and is never blessed. */
  problems?: string[];
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
  /** The run was asked to rewrite mismatching expectations (`--update`). */
  update?: boolean;
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
  /** Where the walkthrough file itself is read from and `--update` writes it (default: the real filesystem). */
  files?: HostFiles;
}

/** Run one walkthrough file in a fresh isolated cluster (unless options give a store) and compare. */
export async function runTranscript(file: string, opts: RunTranscriptOptions = {}): Promise<TranscriptResult> {
  const host = opts.files ?? realFiles;
  const source = opts.source ?? host.read(file).toString('utf8');
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
        const { output, exitCode, stderr, problems, skipped } = await session.run(step.text, step.stdin);
        const actual = outputLines(output);
        const ok = skipped || (!problems.length && exitCode === step.exit && matches(step.expected, actual));
        const r: CommandResult = { step, actual, exitCode, stderr, ok, ...(problems.length ? { problems } : {}), ...(skipped ? { skipped } : {}) };
        commands.push(r);
        shown.push(`$ ${step.display}`, ...renderExpected(actual, exitCode));
        await opts.onCommand?.(r);
      }
    }
  } finally {
    await session.close();
  }
  const failures = commands.filter((c) => !c.ok);
  let updated = 0;
  const blessable = failures.filter(isBlessable);
  if (opts.update && blessable.length) {
    host.write(file, rewrite(doc, blessable));
    updated = blessable.length;
  }
  return {
    file,
    passed: failures.length === 0,
    commands,
    failures,
    updated,
    update: !!opts.update,
    transcript: shown.length ? shown.join('\n') + '\n' : '',
  };
}

/** `--update` rewrites a failing expectation unless it comes from real kubectl or the command is a walkthrough error. */
export function isBlessable(r: CommandResult): boolean {
  return !r.step.reference && !r.problems?.length;
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

/**
 * A failing command as text: file:line, the command, its walkthrough errors, the diff, and the exit codes if
 * they differ (with what the command wrote to stderr when the output alone does not show why).
 */
export function describeFailure(file: string, r: CommandResult): string {
  const out = [`${file}:${r.step.line + 1}: $ ${r.step.display}`];
  for (const p of r.problems ?? []) out.push(`walkthrough error: ${p}`);
  const same = matches(r.step.expected, r.actual);
  if (!same) out.push(unifiedDiff(r.step.expected, r.actual, r.step.outStart + 1));
  if (r.exitCode !== r.step.exit) {
    out.push(`exit code: expected ${r.step.exit}${r.step.exitExplicit ? '' : ' (no [exit: N] line)'}, got ${r.exitCode}`);
    if (same) out.push(r.stderr ? `stderr:\n${r.stderr.replace(/\n$/, '').split('\n').map((l) => `  ${l}`).join('\n')}` : 'stderr: (empty)');
  }
  return out.join('\n');
}

/** The full report of one file as `kube-sim test` prints it. */
export function formatResult(r: TranscriptResult): string {
  if (r.error) return `FAIL ${r.file}\n${r.error}\n`;
  const n = r.commands.length;
  const skipped = r.commands.filter((c) => c.skipped).length;
  const head = `${r.passed ? 'ok  ' : r.failures.every(isBlessable) && r.updated ? 'UPDATED' : 'FAIL'} ${r.file} (${n} command${n === 1 ? '' : 's'}${skipped ? `, ${skipped} kube-sim-only skipped` : ''}${r.passed ? '' : `, ${r.failures.length} mismatched`})`;
  if (r.passed) return head + '\n';
  const left = r.update ? r.failures.filter((f) => !isBlessable(f)) : r.failures;
  const note = r.updated ? [`updated ${r.updated} expectation${r.updated === 1 ? '' : 's'} in ${r.file}`] : [];
  const references = left.filter((f) => f.step.reference && !f.problems?.length).length;
  const errors = left.length - references;
  if (references && r.update) note.push(`${references} reference expectation${references === 1 ? '' : 's'} (from real kubectl) left as written:`);
  if (errors && r.update) note.push(`${errors} walkthrough error${errors === 1 ? '' : 's'} left to fix (never blessed):`);
  return [note.length ? `${head}\n${note.join('\n')}` : head, ...left.map((f) => indent(describeFailure(r.file, f)))].join('\n\n') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? '    ' + l : l))
    .join('\n');
}
