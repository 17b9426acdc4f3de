/**
 * `kube-sim test` as CI runs it: the summary line always (a missing file is a failed one), --filter,
 * --jobs (worker threads, the report in file order, the same bytes as one at a time), --junit and --tap,
 * `play` failing when an output differs, and kube-sim's own commands pointing at `kube-sim CMD --help`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { ensureBuilt } from '../robustness/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-test-command-'));
const walk = join(dir, 'walk');
mkdirSync(walk);
const GOOD = '# Good\n\n```console\n$ kubectl get ns default -o name\nnamespace/default\n```\n';
const BAD = '# Bad\n\n```console\n$ kubectl get ns default -o name\nnamespace/other\n$ kubectl get svc nope\n[exit: 1]\n$ kubectl get svc kubernetes -o name\nservice/kubernetes\n```\n';
writeFileSync(join(walk, 'a-good.md'), GOOD);
writeFileSync(join(walk, 'b-bad.md'), BAD);
writeFileSync(join(walk, 'c-good.md'), GOOD.replace('# Good', '# Also good'));
writeFileSync(join(walk, 'README.md'), 'not a walkthrough');

const run = (...argv: string[]) => runCaptured(argv, { cwd: dir, env: { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' } });

const BAD_REPORT = `FAIL walk/b-bad.md (3 commands, 2 mismatched)

    walk/b-bad.md:4: $ kubectl get ns default -o name
    --- expected
    +++ actual
    @@ line 5 @@
    - namespace/other
    + namespace/default

    walk/b-bad.md:6: $ kubectl get svc nope
    --- expected
    +++ actual
    @@ line 7 @@
    + Error from server (NotFound): services "nope" not found
`;
const REPORT = `ok   walk/a-good.md (1 command)\n${BAD_REPORT}ok   walk/c-good.md (1 command)\n`;

describe('kube-sim test', () => {
  beforeAll(() => ensureBuilt());

  test('a directory: its walkthroughs in name order, a diff per mismatch, the summary, exit 1', async () => {
    expect(await run('test', 'walk')).toEqual({ stdout: `${REPORT}2 passed, 1 failed\n`, stderr: '', exitCode: 1 });
  });

  test('a path that does not exist is a failed file, and the summary line is still printed', async () => {
    expect(await run('test', 'nofile.md')).toEqual({ stdout: 'FAIL nofile.md\nerror: the path "nofile.md" does not exist\n0 passed, 1 failed\n', stderr: '', exitCode: 1 });
    expect(await run('test', 'walk/a-good.md', 'nofile.md')).toEqual({ stdout: 'ok   walk/a-good.md (1 command)\nFAIL nofile.md\nerror: the path "nofile.md" does not exist\n1 passed, 1 failed\n', stderr: '', exitCode: 1 });
  });

  test('--filter runs the files whose path matches; none matching is a failure', async () => {
    expect(await run('test', 'walk', '--filter', 'good')).toEqual({ stdout: 'ok   walk/a-good.md (1 command)\nok   walk/c-good.md (1 command)\n2 passed, 0 failed\n', stderr: '', exitCode: 0 });
    expect(await run('test', 'walk', '--filter', '^walk/[ab]-')).toEqual({ stdout: `ok   walk/a-good.md (1 command)\n${BAD_REPORT}1 passed, 1 failed\n`, stderr: '', exitCode: 1 });
    expect(await run('test', 'walk', '--filter', 'zzz')).toEqual({ stdout: '0 passed, 0 failed\n', stderr: 'error: no walkthrough matches --filter "zzz"\n', exitCode: 1 });
    expect(await run('test', 'walk', '--filter', '(')).toEqual({ stdout: '', stderr: 'error: invalid --filter pattern "(": Invalid regular expression: /(/: Unterminated group\n', exitCode: 1 });
  });

  test('--jobs 3: worker threads, the same report in file order', async () => {
    expect(await run('test', 'walk', '--jobs', '3')).toEqual({ stdout: `${REPORT}2 passed, 1 failed\n`, stderr: '', exitCode: 1 });
    expect(await run('test', 'walk', '--jobs', '0')).toEqual({ stdout: '', stderr: 'error: --jobs must be a positive whole number, got "0"\n', exitCode: 1 });
  });

  test('--tap prints TAP version 13 instead of the report', async () => {
    const r = await run('test', 'walk', 'nofile.md', '--tap');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(`TAP version 13
1..4
ok 1 - walk/a-good.md
not ok 2 - walk/b-bad.md
  ---
  message: "2 of 3 commands printed something other than the walkthrough expects"
  report: |
${BAD_REPORT.replace(/\n$/, '').split('\n').map((l) => (l ? `    ${l}` : '')).join('\n')}
  ...
ok 3 - walk/c-good.md
not ok 4 - nofile.md
  ---
  message: "the walkthrough could not run"
  report: |
    FAIL nofile.md
    error: the path "nofile.md" does not exist
  ...
# 2 passed, 2 failed
`);
  });

  test('--junit FILE writes JUnit XML (a test case per command, no timings) beside the usual report', async () => {
    const r = await run('test', 'walk', 'nofile.md', '--junit', 'junit.xml');
    expect(r.stdout).toBe(`${REPORT}FAIL nofile.md\nerror: the path "nofile.md" does not exist\n2 passed, 2 failed\n`);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="kube-sim test" tests="6" failures="2" errors="1" skipped="0">
  <testsuite name="walk/a-good.md" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="walk/a-good.md" name="line 4: $ kubectl get ns default -o name"/>
  </testsuite>
  <testsuite name="walk/b-bad.md" tests="3" failures="2" errors="0" skipped="0">
    <testcase classname="walk/b-bad.md" name="line 4: $ kubectl get ns default -o name">
      <failure message="output differs from the walkthrough">walk/b-bad.md:4: $ kubectl get ns default -o name
--- expected
+++ actual
@@ line 5 @@
- namespace/other
+ namespace/default</failure>
    </testcase>
    <testcase classname="walk/b-bad.md" name="line 6: $ kubectl get svc nope">
      <failure message="output differs from the walkthrough">walk/b-bad.md:6: $ kubectl get svc nope
--- expected
+++ actual
@@ line 7 @@
+ Error from server (NotFound): services "nope" not found</failure>
    </testcase>
    <testcase classname="walk/b-bad.md" name="line 8: $ kubectl get svc kubernetes -o name"/>
  </testsuite>
  <testsuite name="walk/c-good.md" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="walk/c-good.md" name="line 4: $ kubectl get ns default -o name"/>
  </testsuite>
  <testsuite name="nofile.md" tests="1" failures="0" errors="1" skipped="0">
    <testcase classname="nofile.md" name="nofile.md">
      <error message="error: the path &quot;nofile.md&quot; does not exist"/>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  test('play exits 1 when an output differed from the walkthrough', async () => {
    const good = await run('play', 'walk/a-good.md');
    expect(good.exitCode).toBe(0);
    const bad = await run('play', 'walk/b-bad.md');
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout.endsWith('# 3 commands; 2 printed something other than the walkthrough expects (see: kube-sim test FILE)\n')).toBe(true);
  });

  test.each([
    [['test', '--bogus', 'x.md'], "error: unknown flag: --bogus\nSee 'kube-sim test --help' for usage.\n"],
    [['play', '-z', 'x.md'], "error: unknown shorthand flag: 'z' in -z\nSee 'kube-sim play --help' for usage.\n"],
    [['advance', '--bogus'], "error: unknown flag: --bogus\nSee 'kube-sim advance --help' for usage.\n"],
    [['get', 'po', '--bogus'], "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"],
  ])('%j: the usage hint names the tool the command belongs to', async (argv, stderr) => {
    expect(await run(...argv)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});
