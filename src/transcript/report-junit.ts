/**
 * `kube-sim test --junit FILE`: the results as JUnit XML, the format CI systems (GitHub Actions reporters,
 * GitLab, Jenkins) read. One testsuite per walkthrough file, one testcase per command (named by its line
 * and command), a failure with the diff for each mismatch, an error for a file that could not run, a
 * skipped testcase for a kube-sim-only command run against a real cluster. No timings: the same run
 * gives the same bytes, like every other kube-sim output.
 */
import { describeFailure, type CommandResult, type TranscriptResult } from './runner.js';
import { matches } from './match.js';

/** The JUnit XML of a run, in file order. */
export function junitReport(results: TranscriptResult[]): string {
  const suites = results.map(suite);
  const count = (k: 'tests' | 'failures' | 'errors' | 'skipped') => suites.reduce((n, s) => n + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kube-sim test" tests="${count('tests')}" failures="${count('failures')}" errors="${count('errors')}" skipped="${count('skipped')}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(r: TranscriptResult): { xml: string; tests: number; failures: number; errors: number; skipped: number } {
  const name = attr(r.file);
  if (r.error) {
    const xml = `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="${name}" name="${name}">\n      <error message="${attr(r.error)}"/>\n    </testcase>\n  </testsuite>`;
    return { xml, tests: 1, failures: 0, errors: 1, skipped: 0 };
  }
  let failures = 0;
  let skipped = 0;
  const cases = r.commands.map((c) => {
    const head = `    <testcase classname="${name}" name="${attr(`line ${c.step.line + 1}: $ ${c.step.display}`)}"`;
    if (c.skipped) {
      skipped++;
      return `${head}>\n      <skipped message="a kube-sim-only command, not run against a real cluster"/>\n    </testcase>`;
    }
    if (passed(r, c)) return `${head}/>`;
    failures++;
    return `${head}>\n      <failure message="${attr(failureMessage(c))}">${text(describeFailure(r.file, c))}</failure>\n    </testcase>`;
  });
  const xml = [`  <testsuite name="${name}" tests="${r.commands.length}" failures="${failures}" errors="0" skipped="${skipped}">`, ...cases, '  </testsuite>'].join('\n');
  return { xml, tests: r.commands.length, failures, errors: 0, skipped };
}

/** A command passed, or was blessed by --update (a reference expectation never is). */
function passed(r: TranscriptResult, c: CommandResult): boolean {
  return c.ok || (r.updated > 0 && !c.step.reference);
}

function failureMessage(c: CommandResult): string {
  const exit = c.exitCode !== c.step.exit ? `exit code ${c.exitCode}, expected ${c.step.exit}` : '';
  const differs = !matches(c.step.expected, c.actual);
  return [differs ? 'output differs from the walkthrough' : '', exit].filter(Boolean).join('; ') || 'output differs from the walkthrough';
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;').replace(/\r/g, '&#13;');
}
