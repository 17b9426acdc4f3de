/**
 * `kube-sim test --tap`: the results as TAP version 13 (Test Anything Protocol), for harnesses that read
 * TAP: one test point per walkthrough file in file order, a YAML diagnostic block with the report of a
 * failing file, and the `N passed, M failed` summary as a comment line.
 */
import { formatResult, type TranscriptResult } from './runner.js';

/** The TAP stream of a run (the summary comment included). */
export function tapReport(results: TranscriptResult[], passed: (r: TranscriptResult) => boolean): string {
  const out = ['TAP version 13', `1..${results.length}`];
  results.forEach((r, i) => {
    const ok = passed(r);
    out.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${r.file.replace(/#/g, '\\#')}`);
    if (ok) return;
    out.push('  ---', `  message: ${JSON.stringify(r.error ? 'the walkthrough could not run' : `${r.failures.length} of ${r.commands.length} commands printed something other than the walkthrough expects`)}`, '  report: |');
    for (const l of formatResult(r).replace(/\n$/, '').split('\n')) out.push(l ? `    ${l}` : '');
    out.push('  ...');
  });
  const n = results.filter(passed).length;
  out.push(`# ${n} passed, ${results.length - n} failed`, '');
  return out.join('\n');
}
